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
    let mut root: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
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
        Diagnostics::single(file, position, format!("this is not valid YAML: {message}"))
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
