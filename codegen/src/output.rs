//! Writing the generated crate, or checking that it is up to date.
//!
//! Everything is generated in memory first, so a spec error never touches the output folder.
//! Writing then stages every file in a temporary folder beside the output and moves each into
//! place with a rename, so no file is ever seen half-written. Only files that carry the
//! generated marker are ever replaced or removed: a `target/` or `Cargo.lock` that a user's
//! build left in the folder stays.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::format::{GeneratedFile, MARKER};

/// How the output folder differs from what would be generated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Difference {
    /// A file that would be written is missing.
    Missing(String),
    /// A file's text differs; the unified diff from the file on disk to the new text.
    Changed(String, String),
    /// A generated file the spec no longer produces.
    Stale(String),
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Difference::Missing(path) => write!(f, "missing: {path}"),
            Difference::Changed(path, diff) => write!(f, "changed: {path}\n{diff}"),
            Difference::Stale(path) => write!(f, "no longer generated: {path}"),
        }
    }
}

/// Files under `dir` that carry the generated marker, relative, `/`-separated. `target` folders
/// are not entered.
fn owned_files(dir: &Path) -> io::Result<Vec<String>> {
    let mut found = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let entries = match fs::read_dir(dir.join(&rel)) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name();
            let path = rel.join(&name);
            let kind = entry.file_type()?;
            if kind.is_dir() {
                if name != "target" && !name.to_string_lossy().starts_with('.') {
                    stack.push(path);
                }
            } else if kind.is_file() && has_marker(&dir.join(&path)) {
                found.push(path.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    Ok(found)
}

fn has_marker(path: &Path) -> bool {
    use io::Read;
    let mut head = [0u8; 160];
    let Ok(mut file) = fs::File::open(path) else {
        return false;
    };
    let n = file.read(&mut head).unwrap_or(0);
    let head = String::from_utf8_lossy(&head[..n]);
    head.lines()
        .next()
        .is_some_and(|line| line.contains(MARKER))
}

/// What differs between `dir` and `files`; empty when `dir` is up to date.
pub fn check(dir: &Path, files: &[GeneratedFile]) -> io::Result<Vec<Difference>> {
    let mut differences = Vec::new();
    for file in files {
        match fs::read_to_string(dir.join(file.path)) {
            Ok(old) if old == file.text => {}
            Ok(old) => {
                let diff = similar::TextDiff::from_lines(&old, &file.text)
                    .unified_diff()
                    .context_radius(3)
                    .header(&format!("a/{}", file.path), &format!("b/{}", file.path))
                    .to_string();
                differences.push(Difference::Changed(file.path.to_owned(), diff));
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                differences.push(Difference::Missing(file.path.to_owned()))
            }
            Err(e) if e.kind() == io::ErrorKind::InvalidData => differences.push(
                Difference::Changed(file.path.to_owned(), "(not UTF-8)\n".to_owned()),
            ),
            Err(e) => return Err(e),
        }
    }
    for path in owned_files(dir)? {
        if !files.iter().any(|f| f.path == path) {
            differences.push(Difference::Stale(path));
        }
    }
    Ok(differences)
}

/// What [`write`] changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// Files written because they were new or their text changed.
    pub changed: usize,
    /// Generated files removed because the spec no longer produces them.
    pub removed: usize,
}

impl Written {
    /// Nothing was written or removed: the folder was up to date.
    pub fn unchanged(&self) -> bool {
        self.changed == 0 && self.removed == 0
    }
}

/// Writes `files` into `dir`, creating it if needed, and removes generated files the spec no
/// longer produces. Unchanged files are not touched, so their timestamps do not trigger
/// rebuilds.
pub fn write(dir: &Path, files: &[GeneratedFile]) -> io::Result<Written> {
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".to_owned());
    fs::create_dir_all(parent)?;
    let staging = parent.join(format!(".{name}.codegen-{}", std::process::id()));
    let result = stage_and_move(dir, &staging, files);
    let _ = fs::remove_dir_all(&staging);
    result
}

fn stage_and_move(dir: &Path, staging: &Path, files: &[GeneratedFile]) -> io::Result<Written> {
    let changed: Vec<&GeneratedFile> = files
        .iter()
        .filter(|f| fs::read_to_string(dir.join(f.path)).ok().as_deref() != Some(&f.text))
        .collect();
    // Stage everything first: a full disk or a permission problem shows here, before the
    // output folder is touched.
    for file in &changed {
        let path = staging.join(file.path);
        if let Some(p) = path.parent() {
            fs::create_dir_all(p)?;
        }
        fs::write(&path, &file.text)?;
    }
    let stale: Vec<String> = owned_files(dir)?
        .into_iter()
        .filter(|p| !files.iter().any(|f| f.path == *p))
        .collect();
    for file in &changed {
        let target = dir.join(file.path);
        if let Some(p) = target.parent() {
            fs::create_dir_all(p)?;
        }
        fs::rename(staging.join(file.path), &target)?;
    }
    for path in &stale {
        fs::remove_file(dir.join(path))?;
    }
    Ok(Written {
        changed: changed.len(),
        removed: stale.len(),
    })
}

/// `to` as a path relative to the folder `from` (which need not exist yet), `/`-separated, as
/// a Cargo manifest in `from` names it; absolute when the two share no root (another drive).
pub fn relative_path(from: &Path, to: &Path) -> String {
    let absolute = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        // The longest existing ancestor, canonical (symbolic links resolved), then the rest.
        let mut existing = p.as_path();
        let mut rest = Vec::new();
        loop {
            if let Ok(canonical) = existing.canonicalize() {
                let mut out = canonical;
                for part in rest.iter().rev() {
                    out.push(part);
                }
                return out;
            }
            match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_os_string());
                    existing = parent;
                }
                _ => return p,
            }
        }
    };
    let (from, to) = (absolute(from), absolute(to));
    let from_parts: Vec<_> = from.components().collect();
    let to_parts: Vec<_> = to.components().collect();
    if from_parts.first() != to_parts.first() {
        return to.to_string_lossy().replace('\\', "/");
    }
    let common = from_parts
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<String> = vec!["..".to_owned(); from_parts.len() - common];
    parts.extend(
        to_parts[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    }
}
