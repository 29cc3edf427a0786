//! Spec text made safe for rustdoc's doc tests: rustdoc compiles every code block of a doc
//! comment that does not say it is something else, and a description's code blocks (a JSON
//! sample, a shell command, an indented excerpt) are not Rust. Fenced blocks without an info
//! string, or marked `rust`, become `text`; indented code blocks become fenced `text` blocks.
//! Other fences (`json`, `sh`, the generator's own `no_run` examples) are left as written.

/// `text` with its code blocks marked as not Rust.
pub(crate) fn not_rust(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    // The fence that opened the block we are in (its marker and indentation), if any.
    let mut fence: Option<String> = None;
    let mut indented = false;
    // The line before, and whether the text before it is a list (whose continuation lines
    // are indented without being code).
    let mut previous_blank = true;
    let mut in_list = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(marker) = &fence {
            if trimmed.starts_with(marker.as_str()) && trimmed.trim_end() == marker.as_str() {
                fence = None;
            }
            push(&mut out, line);
            previous_blank = false;
            continue;
        }
        if indented {
            if trimmed.is_empty() || indent >= 4 {
                push(&mut out, line.get(4..).unwrap_or(""));
                previous_blank = trimmed.is_empty();
                continue;
            }
            close_indented(&mut out);
            indented = false;
        }
        if let Some(marker) = fence_marker(trimmed) {
            let info = trimmed[marker.len()..].trim();
            let lead = &line[..indent];
            if info.is_empty() || info.eq_ignore_ascii_case("rust") {
                push(&mut out, &format!("{lead}{marker}text"));
            } else {
                push(&mut out, line);
            }
            fence = Some(marker);
            previous_blank = false;
            continue;
        }
        if indent >= 4 && !trimmed.is_empty() && previous_blank && !in_list {
            push(&mut out, "```text");
            push(&mut out, line.get(4..).unwrap_or(trimmed));
            indented = true;
            previous_blank = false;
            continue;
        }
        if !trimmed.is_empty() {
            in_list = is_list_item(trimmed) || (in_list && indent > 0);
        }
        previous_blank = trimmed.is_empty();
        push(&mut out, line);
    }
    if indented {
        close_indented(&mut out);
    }
    if let Some(marker) = fence {
        // An unclosed fence runs to the end; close it so what follows stays outside.
        push(&mut out, &marker);
    }
    out.truncate(out.trim_end_matches('\n').len());
    out
}

fn push(out: &mut String, line: &str) {
    out.push_str(line);
    out.push('\n');
}

/// Ends an indented block turned into a fence, before the blank lines that ended it.
fn close_indented(out: &mut String) {
    let blanks = out.len() - out.trim_end_matches('\n').len();
    out.truncate(out.len() - blanks);
    out.push_str("\n```\n");
    for _ in 1..blanks {
        out.push('\n');
    }
}

/// The fence a line opens (three or more backticks or tildes), if it opens one.
fn fence_marker(trimmed: &str) -> Option<String> {
    for c in ['`', '~'] {
        let n = trimmed.chars().take_while(|&x| x == c).count();
        if n >= 3 {
            return Some(c.to_string().repeat(n));
        }
    }
    None
}

fn is_list_item(trimmed: &str) -> bool {
    let bullet = ["- ", "* ", "+ "].iter().any(|b| trimmed.starts_with(b));
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    bullet || (digits > 0 && trimmed[digits..].starts_with(". "))
}

/// A description from the spec as rustdoc and clippy read it without complaint, meaning what
/// its author meant: code blocks marked as not Rust ([`not_rust`]); outside code, a bare URL
/// made a link (`<https://...>`), a bracket that is not part of an inline link and a `<` that
/// would open an HTML tag escaped (rustdoc would take `[name]` for a link to an item and
/// `<String>` for an unclosed tag), and the lines that continue a list item indented to its
/// text (a lazy or over-indented continuation reads the same in Markdown, but not to clippy).
pub(crate) fn spec_text(text: &str) -> String {
    let marked = not_rust(text);
    let mut out = String::with_capacity(marked.len() + 16);
    let mut fence: Option<String> = None;
    // The column of the text of the list item being continued, if any.
    let mut item: Option<usize> = None;
    let mut previous_blank = true;
    for line in marked.lines() {
        let trimmed = line.trim_start();
        if let Some(marker) = &fence {
            if trimmed.trim_end() == marker.as_str() {
                fence = None;
            }
            push(&mut out, line);
            continue;
        }
        if let Some(marker) = fence_marker(trimmed) {
            fence = Some(marker);
            item = None;
            push(&mut out, line);
            previous_blank = false;
            continue;
        }
        let indent = line.len() - trimmed.len();
        if trimmed.is_empty() {
            previous_blank = true;
            out.push('\n');
            continue;
        }
        let line = if let Some(width) = list_marker(trimmed) {
            // A nested item keeps its place under the item before it.
            let at = match item {
                Some(column) if indent >= column => column,
                _ => 0,
            };
            item = Some(at + width);
            format!("{}{}", " ".repeat(at), trimmed)
        } else {
            match item {
                // A continuation: after a blank line only when indented (else the list ended).
                Some(column) if !previous_blank || indent >= column => {
                    format!("{}{}", " ".repeat(column), trimmed)
                }
                _ => {
                    item = None;
                    line.to_owned()
                }
            }
        };
        previous_blank = false;
        push(&mut out, &inline(&line));
    }
    out.truncate(out.trim_end_matches('\n').len());
    out
}

/// The width of a list item's marker and the space after it (`- ` is 2, `10. ` is 4).
fn list_marker(trimmed: &str) -> Option<usize> {
    if ["- ", "* ", "+ "].iter().any(|b| trimmed.starts_with(b)) {
        return Some(2);
    }
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    (digits > 0
        && digits < 10
        && (trimmed[digits..].starts_with(". ") || trimmed[digits..].starts_with(") ")))
    .then_some(digits + 2)
}

/// One line of text outside code blocks, escaped as [`spec_text`] says; code spans are kept
/// as written.
fn inline(line: &str) -> String {
    let bytes = line.as_bytes();
    let mut out = String::with_capacity(line.len() + 8);
    let mut i = 0;
    while i < line.len() {
        let rest = &line[i..];
        let c = rest.chars().next().unwrap_or(' ');
        match c {
            '`' => {
                // A code span: from a run of backticks to the next run of the same length
                // (unclosed, the run is literal text).
                let run = rest.bytes().take_while(|&b| b == b'`').count();
                let mut j = run;
                let mut end = run;
                while j < rest.len() {
                    if rest.as_bytes()[j] == b'`' {
                        let k = rest[j..].bytes().take_while(|&b| b == b'`').count();
                        if k == run {
                            end = j + k;
                            break;
                        }
                        j += k;
                    } else {
                        j += 1;
                    }
                }
                out.push_str(&rest[..end]);
                i += end;
            }
            '\\' => {
                // An escape stays as written, with the character it escapes.
                let next = rest[1..].chars().next().map_or(0, char::len_utf8);
                out.push_str(&rest[..1 + next]);
                i += 1 + next;
            }
            '[' => {
                match inline_link_end(rest) {
                    // `[text](destination)`: a link as the author wrote it; its text is
                    // escaped, its destination kept.
                    Some((text_end, end)) => {
                        out.push('[');
                        out.push_str(&inline(&rest[1..text_end]));
                        out.push_str(&rest[text_end..end]);
                        i += end;
                    }
                    None => {
                        out.push_str("\\[");
                        i += 1;
                    }
                }
            }
            '<' => {
                if let Some(end) = autolink_end(rest) {
                    out.push_str(&rest[..end]);
                    i += end;
                } else {
                    out.push_str("\\<");
                    i += 1;
                }
            }
            'h' if (rest.starts_with("http://") || rest.starts_with("https://"))
                && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric()) =>
            {
                let end = url_end(rest);
                out.push('<');
                out.push_str(&rest[..end]);
                out.push('>');
                i += end;
            }
            _ => {
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    out
}

/// For `[text](destination)` at the start of `rest`: where the text ends (at its `]`) and
/// where the link ends (after its `)`).
fn inline_link_end(rest: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut text_end = None;
    for (at, c) in rest.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    text_end = Some(at);
                    break;
                }
            }
            '`' | '\\' => return None,
            _ => {}
        }
    }
    let text_end = text_end?;
    let after = &rest[text_end + 1..];
    if !after.starts_with('(') {
        return None;
    }
    let close = after.find(')')?;
    let destination = &after[1..close];
    // Only a URL or an anchor: a bare word would be taken for the path of an item.
    let is_url = destination.contains("://")
        || destination.starts_with('#')
        || destination.starts_with('/')
        || destination.starts_with("mailto:");
    (is_url && !destination.contains(char::is_whitespace))
        .then_some((text_end, text_end + 1 + close + 1))
}

/// For `<https://...>` (or `mailto:`) at the start of `rest`: where it ends.
fn autolink_end(rest: &str) -> Option<usize> {
    let inner = &rest[1..];
    if !(inner.starts_with("http://")
        || inner.starts_with("https://")
        || inner.starts_with("mailto:"))
    {
        return None;
    }
    let close = inner.find('>')?;
    (!inner[..close].contains(char::is_whitespace)).then_some(close + 2)
}

/// Where a bare URL ends: at white space or a character that cannot end one here, and
/// before the punctuation that closes a sentence or a parenthesis it stands in.
fn url_end(rest: &str) -> usize {
    let mut end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | '[' | ']'))
        .unwrap_or(rest.len());
    while end > 0 {
        let last = rest[..end].chars().next_back().unwrap_or(' ');
        let opened = rest[..end].matches('(').count();
        let closed = rest[..end].matches(')').count();
        if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '*' | '_')
            || (last == ')' && closed > opened)
        {
            end -= last.len_utf8();
        } else {
            break;
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::{not_rust, spec_text};

    #[test]
    fn code_blocks_of_spec_text_are_not_compiled_but_examples_are() {
        let text = "Intro.\n\n```\nthis is not Rust\n```\n\n    indented, not Rust either\n    second line\n\nAfter.\n\n```json\n{\"a\": 1}\n```\n\n```no_run\nlet x = 1;\n```\n\n- a list item\n    continued, not code\n\n```rust\nfn main() {}\n```";
        let expected = "Intro.\n\n```text\nthis is not Rust\n```\n\n```text\nindented, not Rust either\nsecond line\n```\n\nAfter.\n\n```json\n{\"a\": 1}\n```\n\n```no_run\nlet x = 1;\n```\n\n- a list item\n    continued, not code\n\n```text\nfn main() {}\n```";
        assert_eq!(not_rust(text), expected);
        // Text without code blocks is unchanged; an unclosed fence is closed.
        assert_eq!(not_rust("Plain\n\ntext."), "Plain\n\ntext.");
        assert_eq!(not_rust("```\nopen"), "```text\nopen\n```");
    }

    #[test]
    fn spec_text_reads_as_its_author_meant_without_a_doc_lint() {
        // Brackets and tags that rustdoc would take for links and HTML; bare URLs.
        assert_eq!(
            spec_text("Use [optional] values, a List<String>, see https://example.com/docs."),
            "Use \\[optional] values, a List\\<String>, see <https://example.com/docs>."
        );
        // Links, autolinks, code spans and escapes as written.
        assert_eq!(
            spec_text("[the docs](https://example.com/a_(b)) <https://x.example> `a[0] <T>` \\[x]"),
            "[the docs](https://example.com/a_(b)) <https://x.example> `a[0] <T>` \\[x]"
        );
        // A link whose destination is a bare word would be taken for an item: escaped.
        assert_eq!(spec_text("[see](errors)"), "\\[see](errors)");
        // A URL in parentheses keeps the closing one outside.
        assert_eq!(
            spec_text("(at https://example.com/x)"),
            "(at <https://example.com/x>)"
        );
        // Continuation lines of a list item are indented to its text.
        assert_eq!(
            spec_text("- one\nlazy\n- two\n        over\n\nAfter."),
            "- one\n  lazy\n- two\n  over\n\nAfter."
        );
        assert_eq!(
            spec_text("1. first\n   nested text\n   - sub\n     more"),
            "1. first\n   nested text\n   - sub\n     more"
        );
        // Code blocks are left alone (and marked as not Rust).
        assert_eq!(
            spec_text("```\n[a] <b> https://c\n```"),
            "```text\n[a] <b> https://c\n```"
        );
    }
}
