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

#[cfg(test)]
mod tests {
    use super::not_rust;

    #[test]
    fn code_blocks_of_spec_text_are_not_compiled_but_examples_are() {
        let text = "Intro.\n\n```\nthis is not Rust\n```\n\n    indented, not Rust either\n    second line\n\nAfter.\n\n```json\n{\"a\": 1}\n```\n\n```no_run\nlet x = 1;\n```\n\n- a list item\n    continued, not code\n\n```rust\nfn main() {}\n```";
        let expected = "Intro.\n\n```text\nthis is not Rust\n```\n\n```text\nindented, not Rust either\nsecond line\n```\n\nAfter.\n\n```json\n{\"a\": 1}\n```\n\n```no_run\nlet x = 1;\n```\n\n- a list item\n    continued, not code\n\n```text\nfn main() {}\n```";
        assert_eq!(not_rust(text), expected);
        // Text without code blocks is unchanged; an unclosed fence is closed.
        assert_eq!(not_rust("Plain\n\ntext."), "Plain\n\ntext.");
        assert_eq!(not_rust("```\nopen"), "```text\nopen\n```");
    }
}
