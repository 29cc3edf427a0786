//! The files a spec is made of: the entry document and every file its `$ref`s reach, each
//! read once, and the JSON pointers that name nodes across them.
//!
//! A node is named by a pointer `<key>#/a/b`, where `<key>` is the file's path relative to
//! the entry spec's folder (`common/errors.yaml`, `../common/Common.yaml`) and is empty for
//! the entry itself, so pointers into a one-file spec read `#/a/b` as they always did.

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};

use serde_yaml::Value;

use crate::diagnostics::Diagnostics;
use crate::load::{Document, load};

/// Where the files of a spec are read from.
pub trait Source {
    /// The bytes of the file at `path`.
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>>;
}

/// Files on disk.
#[derive(Clone, Copy, Debug, Default)]
pub struct Disk;

impl Source for Disk {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        std::fs::read(path)
    }
}

/// Files held in memory, by path (for tests and for callers that have the text already).
#[derive(Clone, Debug, Default)]
pub struct InMemory(pub BTreeMap<PathBuf, String>);

impl Source for InMemory {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        let path = normalize(path);
        self.0
            .iter()
            .find(|(p, _)| normalize(p) == path)
            .map(|(_, text)| text.clone().into_bytes())
            .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))
    }
}

/// Why a referenced file is not available.
#[derive(Clone, Debug)]
pub enum Failure {
    /// Not read: a message for the place of the reference.
    Refused(String),
    /// Read, but not a document: its own located problems.
    Invalid(Diagnostics),
}

/// What [`SpecSet::document`] says of a key no reference loaded.
static NOT_LOADED: Failure = Failure::Refused(String::new());

/// The entry document and the files its references reach.
#[derive(Debug)]
pub struct SpecSet {
    docs: Vec<Document>,
    keys: Vec<String>,
    by_key: HashMap<String, Result<usize, Failure>>,
}

impl SpecSet {
    /// Loads the entry spec from its text and, through `source`, every file its `$ref`s
    /// name, each once. `path` is where the entry spec is (files are found relative to it),
    /// `file` how messages name it, and `root` the folder no reference may leave (the entry
    /// spec's folder when `None`).
    pub fn load(
        text: &str,
        file: &str,
        path: &Path,
        root: Option<&Path>,
        source: &dyn Source,
    ) -> Result<SpecSet, Diagnostics> {
        let entry = load(text, file)?;
        let base = absolute(path.parent().unwrap_or(Path::new("")));
        let root = root.map_or_else(|| base.clone(), absolute);
        let shown_dir = Path::new(file).parent().unwrap_or(Path::new("")).to_owned();
        let mut set = SpecSet {
            docs: vec![entry],
            keys: vec![String::new()],
            by_key: HashMap::new(),
        };
        set.by_key.insert(String::new(), Ok(0));
        // Another file may refer back to the entry spec by its name.
        if let Some(name) = path.file_name() {
            set.by_key
                .insert(name.to_string_lossy().into_owned(), Ok(0));
        }
        let mut next = 0;
        while next < set.docs.len() {
            let mut found = Vec::new();
            file_refs(&set.docs[next].root, &mut found);
            let from = set.keys[next].clone();
            for reference in found {
                let Ok(key) = file_key(&from, &reference) else {
                    continue;
                };
                if set.by_key.contains_key(&key) {
                    continue;
                }
                let outcome = set.read(&key, &base, &root, &shown_dir, source);
                set.by_key.insert(key, outcome);
            }
            next += 1;
        }
        Ok(set)
    }

    fn read(
        &mut self,
        key: &str,
        base: &Path,
        root: &Path,
        shown_dir: &Path,
        source: &dyn Source,
    ) -> Result<usize, Failure> {
        let path = normalize(&base.join(key));
        if !path.starts_with(root) {
            return Err(Failure::Refused(format!(
                "`{key}` is outside {}; generation reads only the files under the folder it is given (by default the entry spec's own), so that it reads nothing the maintainer did not mean it to: move the file there, or pass `--root <folder>` to allow a wider one",
                if root == base {
                    "the entry spec's folder".to_owned()
                } else {
                    format!("`{}`", root.display())
                }
            )));
        }
        let shown = normalize(&shown_dir.join(key))
            .to_string_lossy()
            .into_owned();
        let bytes = source.read(&path).map_err(|e| {
            Failure::Refused(match e.kind() {
                std::io::ErrorKind::NotFound => format!("the file `{shown}` does not exist"),
                _ => format!("the file `{shown}` cannot be read: {e}"),
            })
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            Failure::Refused(format!(
                "the file `{shown}` is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ))
        })?;
        let doc = load(&text, &shown).map_err(Failure::Invalid)?;
        self.docs.push(doc);
        self.keys.push(key.to_owned());
        Ok(self.docs.len() - 1)
    }

    /// The entry document.
    pub fn entry(&self) -> &Document {
        &self.docs[0]
    }

    /// The names of the files, entry first, as messages show them.
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.docs.iter().map(|d| d.file.as_str())
    }

    /// The document a file key names, or why it is not available.
    pub fn document(&self, key: &str) -> Result<&Document, &Failure> {
        match self.by_key.get(key) {
            Some(Ok(i)) => Ok(&self.docs[*i]),
            Some(Err(failure)) => Err(failure),
            // Never loaded: no document may stand in for it, or a message would point at a
            // line of another file.
            None => Err(&NOT_LOADED),
        }
    }

    /// The order of a file among the set (the entry is 0), for sorting messages.
    pub fn rank(&self, file: &str) -> usize {
        self.docs.iter().position(|d| d.file == file).unwrap_or(0)
    }

    /// The file a pointer is in, as shown, the node's 1-based line and column (or its nearest
    /// ancestor's), and the pointer within that file.
    pub fn locate(&self, pointer: &str) -> (String, Option<(usize, usize)>, String) {
        let (key, fragment) = split(pointer);
        match self.document(key) {
            Ok(doc) => {
                let inner = format!("#{fragment}");
                (doc.file.clone(), doc.position(&inner), inner)
            }
            Err(_) => (key.to_owned(), None, format!("#{fragment}")),
        }
    }

    /// The node at an absolute pointer, if there is one.
    pub fn node(&self, pointer: &str) -> Option<&Value> {
        let (key, fragment) = split(pointer);
        let doc = self.document(key).ok()?;
        walk(&doc.root, fragment)
    }

    /// The absolute pointer a `$ref` names, read in the file of the pointer `at`.
    pub fn target(&self, at: &str, reference: &str) -> Result<String, Failure> {
        let (from, _) = split(at);
        let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let fragment = decode(fragment);
        if !fragment.is_empty() && !fragment.starts_with('/') {
            return Err(Failure::Refused(format!(
                "`{reference}` names a schema by its `$anchor` or `$id`, which is not supported; refer to it by JSON pointer, such as `#/components/schemas/Name`"
            )));
        }
        let key = if file.is_empty() {
            from.to_owned()
        } else {
            file_key(from, file).map_err(Failure::Refused)?
        };
        match self.by_key.get(&key) {
            Some(Ok(0)) => Ok(format!("#{fragment}")),
            Some(Ok(_)) => Ok(format!("{key}#{fragment}")),
            Some(Err(failure)) => Err(failure.clone()),
            None => Err(Failure::Refused(format!("`{reference}` could not be read"))),
        }
    }
}

/// `(file key, fragment)` of a pointer.
pub fn split(pointer: &str) -> (&str, &str) {
    pointer.split_once('#').unwrap_or(("", pointer))
}

/// The node at a JSON pointer fragment (`/a/b~1c/0`) of a tree.
fn walk<'v>(root: &'v Value, fragment: &str) -> Option<&'v Value> {
    let mut node = root;
    if fragment.is_empty() {
        return Some(node);
    }
    for raw in fragment.strip_prefix('/')?.split('/') {
        let segment = raw.replace("~1", "/").replace("~0", "~");
        node = match node {
            Value::Mapping(m) => m.get(segment.as_str()).or_else(|| {
                m.iter()
                    .find(|(k, _)| match k {
                        Value::Number(n) => n.to_string() == segment,
                        Value::Bool(b) => b.to_string() == segment,
                        _ => false,
                    })
                    .map(|(_, v)| v)
            })?,
            Value::Sequence(s) => s.get(segment.parse::<usize>().ok()?)?,
            Value::Tagged(t) => return walk(&t.value, &format!("/{raw}")),
            _ => return None,
        };
    }
    Some(node)
}

/// Percent-decodes a URI fragment (`My%20Schema`); text that is not valid stays as written.
fn decode(fragment: &str) -> String {
    if !fragment.contains('%') {
        return fragment.to_owned();
    }
    let bytes = fragment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| fragment.to_owned())
}

/// The key of the file a reference names, relative to the entry spec's folder, from the
/// key of the file that holds the reference.
fn file_key(from: &str, file: &str) -> Result<String, String> {
    if let Some((scheme, _)) = file.split_once("://") {
        if scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        {
            return Err(format!(
                "`{file}` is a URL; generation never touches the network: download the file next to the spec (for example with curl -o) and refer to it by its relative path"
            ));
        }
    }
    let from_dir = Path::new(from).parent().unwrap_or(Path::new(""));
    let joined = normalize(&from_dir.join(file));
    let key = joined.to_string_lossy().replace('\\', "/");
    if key.is_empty() {
        return Ok(String::new());
    }
    Ok(key)
}

/// Every file a document's `$ref`s (and discriminator mappings) name, in document order.
fn file_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Mapping(m) => {
            for (k, v) in m {
                match (k.as_str(), v) {
                    (Some("$ref"), Value::String(r)) => push_file(r, out),
                    (Some("mapping"), Value::Mapping(targets)) => {
                        for t in targets.values() {
                            if let Value::String(r) = t {
                                if looks_like_file(r) {
                                    push_file(r, out);
                                }
                            }
                        }
                    }
                    _ => file_refs(v, out),
                }
            }
        }
        Value::Sequence(s) => s.iter().for_each(|v| file_refs(v, out)),
        Value::Tagged(t) => file_refs(&t.value, out),
        _ => {}
    }
}

fn looks_like_file(reference: &str) -> bool {
    let file = reference.split('#').next().unwrap_or_default();
    [".yaml", ".yml", ".json"]
        .iter()
        .any(|e| file.to_ascii_lowercase().ends_with(e))
}

fn push_file(reference: &str, out: &mut Vec<String>) {
    let file = reference.split('#').next().unwrap_or_default();
    if !file.is_empty() && !file.contains("://") {
        out.push(file.to_owned());
    }
}

/// `a/./b/../c` as `a/c`, by the text alone (a `..` past the start is kept).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out: Vec<Component<'_>> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(c),
            },
            other => out.push(other),
        }
    }
    out.iter().collect()
}

/// The path from the filesystem's root, by the text alone.
fn absolute(path: &Path) -> PathBuf {
    normalize(&std::path::absolute(path).unwrap_or_else(|_| path.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::{decode, file_key, normalize, walk};
    use std::path::Path;

    #[test]
    fn keys_are_relative_to_the_entry_folder() {
        assert_eq!(file_key("", "common.yaml").unwrap(), "common.yaml");
        assert_eq!(file_key("a/b.yaml", "../c/d.yaml").unwrap(), "c/d.yaml");
        assert_eq!(file_key("a/b.yaml", "./d.json").unwrap(), "a/d.json");
        assert_eq!(file_key("", "../up.yaml").unwrap(), "../up.yaml");
        assert!(file_key("", "https://example.com/x.yaml").is_err());
        assert_eq!(normalize(Path::new("a/./b/../c")), Path::new("a/c"));
    }

    #[test]
    fn a_pointer_into_a_file_never_loaded_is_not_placed_in_another() {
        let set = super::SpecSet::load(
            "openapi: 3.1.0\ninfo: {title: T, version: '1'}\n",
            "spec.yaml",
            Path::new("spec.yaml"),
            None,
            &super::InMemory::default(),
        )
        .unwrap();
        assert_eq!(set.locate("#/info").1, Some((2, 1)));
        let (file, position, pointer) = set.locate("other.yaml#/info");
        assert_eq!(
            (file.as_str(), position, pointer.as_str()),
            ("other.yaml", None, "#/info")
        );
        assert!(set.node("other.yaml#/info").is_none());
    }

    #[test]
    fn pointers_walk_mappings_lists_and_numeric_keys() {
        let v: serde_yaml::Value = serde_yaml::from_str("a:\n  b/c: [x, {200: y}]\n").unwrap();
        assert_eq!(walk(&v, "/a/b~1c/0").and_then(|v| v.as_str()), Some("x"));
        assert_eq!(
            walk(&v, "/a/b~1c/1/200").and_then(|v| v.as_str()),
            Some("y")
        );
        assert!(walk(&v, "/a/nope").is_none());
        assert_eq!(decode("/My%20Schema"), "/My Schema");
        assert_eq!(decode("/100%"), "/100%");
    }
}
