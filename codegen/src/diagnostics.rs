//! Problems found in a spec, each located by JSON pointer and, where known, line and column.

use std::fmt;

/// One problem in a spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// An error stops generation; a warning is a slip the generator read past.
    pub severity: Severity,
    /// The file the node is in, when it is not the entry spec (a file a `$ref` reached).
    pub file: Option<String>,
    /// JSON pointer within that file of the node, such as `#/components/schemas/Partner/properties/acls`;
    /// empty for problems of the file as a whole.
    pub pointer: String,
    /// 1-based line and column in the spec file, where the node could be found.
    pub position: Option<(usize, usize)>,
    /// What is wrong and what would be accepted.
    pub message: String,
}

/// How much a problem matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Generation stops; nothing is written.
    Error,
    /// Generation goes on (an error under `--deny-warnings`).
    Warning,
}

/// Every problem found in one spec, in the order of the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostics {
    /// The spec file as named on the command line.
    pub file: String,
    /// The problems; never empty when returned as an error.
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// A single problem of the whole file or at a known position.
    pub fn single(file: &str, position: Option<(usize, usize)>, message: String) -> Self {
        Diagnostics {
            file: file.to_owned(),
            items: vec![Diagnostic {
                severity: Severity::Error,
                file: None,
                pointer: String::new(),
                position,
                message,
            }],
        }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for item in &self.items {
            let file = item.file.as_deref().unwrap_or(&self.file);
            let word = match item.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            match item.position {
                Some((line, column)) => write!(f, "{file}:{line}:{column}: {word}: ")?,
                None => write!(f, "{file}: {word}: ")?,
            }
            f.write_str(&item.message)?;
            if !item.pointer.is_empty() {
                write!(f, "\n  at {}", item.pointer)?;
            }
            f.write_str("\n")?;
        }
        let n = self.items.len();
        if self.items.iter().all(|i| i.severity == Severity::Warning) {
            return write!(f, "{n} warning{}", if n == 1 { "" } else { "s" });
        }
        write!(
            f,
            "{n} problem{} found; nothing was written",
            if n == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Diagnostics {}

impl Diagnostics {
    /// The same problems, every warning made an error (`--deny-warnings`).
    pub fn denied(mut self) -> Self {
        for item in &mut self.items {
            item.severity = Severity::Error;
        }
        self
    }
}

/// Escapes one JSON pointer segment (RFC 6901).
pub fn escape_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}
