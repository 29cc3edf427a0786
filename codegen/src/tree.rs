//! YAML text to serde_yaml's value tree, one parser event at a time.
//!
//! serde_yaml reads all of a document's events into memory before it builds the tree: about
//! 35 bytes of events per byte of YAML, 80 MB for a spec of 2 MB, which was most of the
//! generator's peak memory on a large spec (codegen/BENCHMARKS.md). yaml-rust2's parser (the
//! one `locate` uses for positions) hands over one event at a time; this builds the same tree
//! from them as they come, resolving plain scalars by serde_yaml's own rules.
//!
//! It answers only when it is sure to give what serde_yaml gives: a tag, a second document, a
//! duplicate key, an alias of an unknown anchor, a syntax error or a scalar serde_yaml would
//! refuse gives `None`, and the loader asks serde_yaml, whose tree or error stands.

use std::collections::HashMap;

use serde_yaml::{Mapping, Value};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// How deep this builder nests before it leaves the text to serde_yaml, whose recursion
/// limit (128) refuses what would overflow the stack of the stages after `load`.
const MAX_DEPTH: usize = 100;

/// The tree of a one-document YAML text, or `None` where serde_yaml must decide.
pub fn parse(text: &str) -> Option<Value> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    parser.load(&mut builder, true).ok()?;
    if builder.unsure || builder.documents != 1 {
        return None;
    }
    builder.root
}

/// A collection being read, with the anchor it is to be recorded under (0: none).
enum Open {
    Sequence(Vec<Value>, usize),
    /// The mapping so far and, after a key, that key.
    Mapping(Mapping, Option<Value>, usize),
}

#[derive(Default)]
struct Builder {
    open: Vec<Open>,
    root: Option<Value>,
    anchors: HashMap<usize, Value>,
    documents: usize,
    /// Something this builder leaves to serde_yaml was met: the rest is skipped.
    unsure: bool,
}

impl Builder {
    /// Puts a finished node where it belongs: the root, the next item, a key or its value.
    fn place(&mut self, value: Value, anchor: usize) {
        if anchor != 0 {
            self.anchors.insert(anchor, value.clone());
        }
        match self.open.last_mut() {
            None => self.root = Some(value),
            Some(Open::Sequence(items, _)) => items.push(value),
            Some(Open::Mapping(map, key, _)) => match key.take() {
                None => *key = Some(value),
                // serde_yaml refuses a duplicate key, with its own message.
                Some(key) if map.contains_key(&key) => self.unsure = true,
                Some(key) => {
                    map.insert(key, value);
                }
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, _mark: Marker) {
        if self.unsure {
            return;
        }
        match event {
            Event::DocumentStart => self.documents += 1,
            Event::Alias(anchor) => match self.anchors.get(&anchor) {
                Some(value) => {
                    let value = value.clone();
                    self.place(value, 0);
                }
                None => self.unsure = true,
            },
            Event::Scalar(_, _, _, Some(_))
            | Event::SequenceStart(_, Some(_))
            | Event::MappingStart(_, Some(_)) => self.unsure = true,
            Event::Scalar(text, style, anchor, None) => {
                let value = if style == TScalarStyle::Plain {
                    plain(text)
                } else {
                    Some(Value::String(text))
                };
                match value {
                    Some(value) => self.place(value, anchor),
                    None => self.unsure = true,
                }
            }
            Event::SequenceStart(..) | Event::MappingStart(..) if self.open.len() >= MAX_DEPTH => {
                self.unsure = true;
            }
            Event::SequenceStart(anchor, None) => {
                self.open.push(Open::Sequence(Vec::new(), anchor));
            }
            Event::MappingStart(anchor, None) => {
                self.open.push(Open::Mapping(Mapping::new(), None, anchor));
            }
            Event::SequenceEnd | Event::MappingEnd => match self.open.pop() {
                Some(Open::Sequence(items, anchor)) => self.place(Value::Sequence(items), anchor),
                Some(Open::Mapping(map, None, anchor)) => self.place(Value::Mapping(map), anchor),
                _ => self.unsure = true,
            },
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
        }
    }
}

/// A plain scalar as serde_yaml reads it: null, a boolean, a number or a string. Only a text
/// that can be other than a string (empty, a keyword, or starting with a digit, sign, dot or
/// `~`: serde_yaml's null, boolean, integer and float forms all do) is given to serde_yaml
/// itself; `None` when serde_yaml refuses it (an integer beyond 128 bits).
fn plain(text: String) -> Option<Value> {
    let Some(&first) = text.as_bytes().first() else {
        return Some(Value::Null);
    };
    let keyword = matches!(
        text.as_str(),
        "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
    );
    if !keyword && !first.is_ascii_digit() && !matches!(first, b'+' | b'-' | b'.' | b'~') {
        return Some(Value::String(text));
    }
    // The common case, a short decimal integer without a leading zero, without a parser.
    if text.len() < 19
        && text.bytes().all(|b| b.is_ascii_digit())
        && (first != b'0' || text.len() == 1)
    {
        return text.parse::<u64>().ok().map(Value::from);
    }
    match serde_yaml::from_str::<Value>(&text).ok()? {
        value @ (Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_)) => Some(value),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    /// The tree serde_yaml gives, for comparison.
    fn serde(text: &str) -> serde_yaml::Value {
        serde_yaml::from_str(text).unwrap()
    }

    #[test]
    fn the_tree_is_serde_yamls_for_every_kind_of_node() {
        let text = r#"
openapi: 3.0.3
plain: words, with a comma # and a comment
empty:
nulls: [~, null, Null, NULL]
bools: [true, True, FALSE, yes, no, on]
ints: [0, 7, -3, +4, 0x1F, 0o17, 007, 18446744073709551615, -9223372036854775808, 1_000]
floats: [1.5, -0.25, 1e3, .5, .inf, -.Inf, .NaN, +1.0]
strings: ['007', "1.5", 'true', "", 1.2.3, -x, .hidden, ~x]
block: |
  line one
    indented
folded: >
  joined
  lines
anchor: &a {x: 1, y: [a, b]}
alias: *a
merged:
  <<: *a
  z: 2
responses:
  200: {description: ok}
  '404': {description: missing}
  default: {description: other}
nested:
  - - deep
    - {k: v}
  - ? complex key
    : value
"#;
        let streamed = parse(text).expect("built");
        assert_eq!(streamed, serde(text));
        // Merge keys are applied afterwards, by the loader, on either tree.
        let mut a = streamed;
        let mut b = serde(text);
        a.apply_merge().unwrap();
        b.apply_merge().unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn what_serde_yaml_must_decide_is_left_to_it() {
        // A tag, a second document, a duplicate key, bad syntax, no document.
        for text in [
            "a: !custom x\n",
            "a: !!str 1\n",
            "a: 1\n---\nb: 2\n",
            "a: 1\na: 2\n",
            "a: [1, 2\n",
            "# only a comment\n",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
        // Nesting past the depth serde_yaml checks is left to it (it refuses past 128).
        let deep = format!("a: {}{}\n", "[".repeat(101), "]".repeat(101));
        assert_eq!(parse(&deep), None);
        let shallow = format!("a: {}{}\n", "[".repeat(99), "]".repeat(99));
        assert_eq!(parse(&shallow), Some(serde(&shallow)));
    }

    #[test]
    fn every_fixture_spec_reads_as_serde_yaml_reads_it() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut seen = 0;
        let mut dirs = vec![root.join("spec"), root.join("tests/fixtures")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                if !path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let Ok(expected) = serde_yaml::from_str::<serde_yaml::Value>(&text) else {
                    // serde_yaml refuses it: the streamed tree must not take it either, or
                    // the maintainer would lose serde_yaml's message.
                    assert_eq!(parse(&text), None, "{}", path.display());
                    continue;
                };
                if let Some(streamed) = parse(&text) {
                    assert_eq!(streamed, expected, "{}", path.display());
                    seen += 1;
                }
            }
        }
        assert!(seen > 30, "only {seen} specs compared");
    }
}
