//! Spec text to a YAML value tree, with the positions of its nodes.

use crate::diagnostics::Diagnostics;
use crate::locate::Positions;

/// A parsed spec: its value tree and where each node stands in the text.
#[derive(Debug)]
pub struct Document {
    /// The file name used in messages.
    pub file: String,
    /// The parsed YAML (mapping order kept as written).
    pub root: serde_yaml::Value,
    /// The text, for the position index.
    text: String,
    /// Node positions by JSON pointer, indexed on first use: only messages need them, so a
    /// spec without problems is parsed once.
    positions: std::sync::OnceLock<Positions>,
}

impl Document {
    /// The 1-based line and column of the node at `pointer`, or of its nearest ancestor.
    pub fn position(&self, pointer: &str) -> Option<(usize, usize)> {
        self.positions
            .get_or_init(|| Positions::index(&self.text))
            .find(pointer)
    }
}

/// Parses spec text. Errors carry `file:line:column` when the YAML parser reports one.
pub fn load(text: &str, file: &str) -> Result<Document, Diagnostics> {
    if text.trim().is_empty() {
        return Err(Diagnostics::single(
            file,
            None,
            "the file is empty; expected an OpenAPI 3.0.x document in YAML or JSON".to_owned(),
        ));
    }
    let mut root: serde_yaml::Value = parse(text).map_err(|e| {
        let mut position = e.location().map(|l| (l.line(), l.column()));
        let mut message = e.to_string();
        // serde_yaml appends " at line L column C"; the position already says it.
        if let Some(cut) = message.find(" at line ") {
            message.truncate(cut);
        }
        if let Some(key) = message
            .strip_prefix("duplicate entry with key \"")
            .and_then(|rest| rest.strip_suffix('"'))
        {
            // serde_yaml places a duplicate at the start of its mapping; the second writing
            // of the key is what the maintainer has to find.
            position = second_key(text, key).or(position);
        }
        let mut text_out = format!("this is not valid YAML: {message}");
        if let Some((line, column)) = position {
            if let Some(hint) = hint(&message, text, line, column) {
                text_out.push_str("; ");
                text_out.push_str(hint);
            }
            text_out.push_str(&excerpt(text, line, column));
        }
        Diagnostics::single(file, position, text_out)
    })?;
    // YAML merge keys (`<<: *base`) mean the merged mapping's entries; without this they
    // would read as a key named `<<`.
    root.apply_merge().map_err(|e| {
        Diagnostics::single(
            file,
            None,
            format!("a YAML merge key (`<<`) cannot be applied: {e}"),
        )
    })?;
    if !root.is_mapping() {
        return Err(Diagnostics::single(
            file,
            Some((1, 1)),
            format!(
                "the document is {}, not a mapping; expected an OpenAPI 3.0.x document starting with `openapi: 3.0.3`",
                describe(&root)
            ),
        ));
    }
    Ok(Document {
        file: file.to_owned(),
        root,
        text: text.to_owned(),
        positions: std::sync::OnceLock::new(),
    })
}

/// Parses YAML or JSON text into a value tree.
///
/// JSON is read by serde_json, which takes what libyaml refuses in JSON (escaped surrogate
/// pairs such as `"\ud83d\ude00"`). Integers beyond 128 bits, which serde_yaml refuses,
/// appear only in validation keywords (`minimum: -9223372036854776000`); they are read as the
/// nearest floating-point number, since nothing sent or received depends on them.
fn parse(text: &str) -> Result<serde_yaml::Value, serde_yaml::Error> {
    if text.trim_start().starts_with('{') {
        if let Ok(json) = serde_json::from_str::<serde_json::Value>(text) {
            if let Ok(value) = serde_yaml::to_value(json) {
                return Ok(value);
            }
        }
    }
    // Most specs are built one event at a time, which holds far less memory; serde_yaml
    // reads what that leaves to it, and gives every message.
    if let Some(value) = crate::tree::parse(text) {
        return Ok(value);
    }
    match serde_yaml::from_str(text) {
        Err(e) if e.to_string().contains(" as i128") || e.to_string().contains(" as u128") => {
            serde_yaml::from_str(&widen_integers(text)).map_err(|_| e)
        }
        other => other,
    }
}

/// The text with every plain integer literal of 19 digits or more written as a float.
fn widen_integers(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        let bytes = line.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let starts_value = i == 0
                || matches!(bytes[i - 1], b' ' | b'[' | b',' | b':' | b'\t')
                    && (bytes[i].is_ascii_digit() || bytes[i] == b'-');
            let mut j = i;
            if starts_value && i > 0 {
                if bytes[j] == b'-' {
                    j += 1;
                }
                let digits = j;
                while j < bytes.len() && bytes[j].is_ascii_digit() {
                    j += 1;
                }
                let ends = j == bytes.len()
                    || matches!(bytes[j], b' ' | b',' | b']' | b'}' | b'\n' | b'\r' | b'#');
                if j - digits >= 19 && ends {
                    out.push_str(&line[i..j]);
                    out.push_str(".0");
                    i = j;
                    continue;
                }
            }
            // Copy one whole character.
            let width = line[i..].chars().next().map_or(1, char::len_utf8);
            out.push_str(&line[i..i + width]);
            i += width;
        }
    }
    out
}

/// What a YAML syntax error usually means, for the messages libyaml gives.
fn hint(message: &str, text: &str, line: usize, column: usize) -> Option<&'static str> {
    let at = text
        .lines()
        .nth(line.checked_sub(1)?)
        .and_then(|l| l.chars().nth(column.saturating_sub(1)));
    let tab_here = text
        .lines()
        .nth(line.saturating_sub(1))
        .is_some_and(|l| l.contains('\t'));
    Some(match message {
        m if m.contains("tab character") => "indent with spaces: YAML does not allow tabs there",
        m if m.contains("cannot start any token") && (at == Some('\t') || tab_here) => {
            "YAML does not allow a tab here (indent with spaces)"
        }
        m if m.contains("cannot start any token") => {
            "a plain value cannot start with this character (`@`, `` ` ``, `%`); quote the value"
        }
        m if m.contains("mapping values are not allowed") => {
            "expected the line to continue the mapping above it: either this key is indented more than its siblings, or a value holds `: ` and needs quotes"
        }
        m if m.contains("did not find expected key") => {
            "expected a key at the indentation of the keys above: check this line's indentation, or close a quote or bracket opened earlier"
        }
        m if m.contains("did not find expected ',' or '}'") => {
            "expected `,` or `}`: a `{...}` mapping is not closed, or a value in it holds a comma and needs quotes"
        }
        m if m.contains("did not find expected ',' or ']'") => {
            "expected `,` or `]`: a `[...]` list is not closed, or an item holds a comma and needs quotes"
        }
        m if m.contains("could not find expected ':'") => "expected `:` after a key",
        m if m.contains("block sequence entries are not allowed") => {
            "a `- ` item stands where a value is expected; put the list on the next line, indented under its key"
        }
        m if m.contains("unexpected end of stream") || m.contains("end of the stream") => {
            "the file ends inside a quoted string or an open `{`/`[`"
        }
        m if m.contains("did not find expected") => {
            "check the indentation of this line and the lines just above it"
        }
        _ => return None,
    })
}

/// The line of `text` at `line` with a caret under `column`, as rustc shows a place.
fn excerpt(text: &str, line: usize, column: usize) -> String {
    // libyaml places an error at the end of the file one line past the last.
    let (line, column, source) = match line.checked_sub(1).and_then(|i| text.lines().nth(i)) {
        Some(source) => (line, column, source),
        None => match text.lines().enumerate().last() {
            Some((i, last)) => (i + 1, last.chars().count() + 1, last),
            None => return String::new(),
        },
    };
    let number = line.to_string();
    let pad = " ".repeat(number.len());
    // Tabs are shown as one space each so that the caret stands under the character meant.
    let shown: String = source
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    let caret = " ".repeat(column.saturating_sub(1).min(shown.chars().count()));
    format!("\n{pad} |\n{number} | {shown}\n{pad} | {caret}^")
}

/// Where `key:` is written for the second time at the start of a line, if it is.
fn second_key(text: &str, key: &str) -> Option<(usize, usize)> {
    let plain = format!("{key}:");
    let quoted = format!("\"{key}\":");
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let body = line.trim_start();
            let body = body.strip_prefix("- ").unwrap_or(body);
            (body.starts_with(&plain) || body.starts_with(&quoted))
                .then(|| (i + 1, line.len() - body.len() + 1))
        })
        .nth(1)
}

/// A short description of a value's kind for messages ("a string", "a list", ...).
pub fn describe(value: &serde_yaml::Value) -> &'static str {
    use serde_yaml::Value;
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

#[cfg(test)]
mod tests {
    use super::{parse, widen_integers};

    #[test]
    fn integers_beyond_128_bits_are_read_as_floats() {
        assert_eq!(
            widen_integers("minimum: -9223372036854776000\nx: [1, 123456789012345678901]\n"),
            "minimum: -9223372036854776000.0\nx: [1, 123456789012345678901.0]\n"
        );
        let v =
            parse("a:\n  minimum: -99999999999999999999999999999999999999999\n  b: 7\n").unwrap();
        assert!(v["a"]["minimum"].is_f64());
        assert_eq!(v["a"]["b"].as_i64(), Some(7));
        // A description that says such a number stays as written.
        let v = parse("d: \"min 99999999999999999999999999999999999999999\"\n").unwrap();
        assert_eq!(
            v["d"].as_str(),
            Some("min 99999999999999999999999999999999999999999")
        );
    }

    #[test]
    fn json_with_surrogate_pairs_is_read() {
        let v = parse("{\"a\": \"\\ud83d\\ude00\", \"b\": 1}").unwrap();
        assert_eq!(v["a"].as_str(), Some("\u{1f600}"));
    }
}
