//! Problems found in a spec, each located by JSON pointer and, where known, line and column.

use std::fmt;

/// One problem in a spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// JSON pointer of the node, such as `#/components/schemas/Partner/properties/acls`;
    /// empty for problems of the file as a whole.
    pub pointer: String,
    /// 1-based line and column in the spec file, where the node could be found.
    pub position: Option<(usize, usize)>,
    /// What is wrong and what would be accepted.
    pub message: String,
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
            match item.position {
                Some((line, column)) => write!(f, "{}:{line}:{column}: error: ", self.file)?,
                None => write!(f, "{}: error: ", self.file)?,
            }
            f.write_str(&item.message)?;
            if !item.pointer.is_empty() {
                write!(f, "\n  at {}", item.pointer)?;
            }
            f.write_str("\n")?;
        }
        let n = self.items.len();
        write!(
            f,
            "{n} problem{} found; nothing was written",
            if n == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Diagnostics {}

/// Escapes one JSON pointer segment (RFC 6901).
pub fn escape_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}
