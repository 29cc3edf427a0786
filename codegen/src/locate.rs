//! Source positions of spec nodes, keyed by JSON pointer.
//!
//! serde_yaml's value tree keeps no positions, so the text is read a second time with
//! yaml-rust2's marked event parser, which reports where every key and item starts.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostics::escape_segment;

/// Where each node of a YAML document starts (1-based line and column).
#[derive(Debug, Default)]
pub struct Positions {
    by_pointer: HashMap<String, (usize, usize)>,
}

impl Positions {
    /// Indexes `text`; an unreadable text gives an empty index (its error is reported by the
    /// loader, which has the better message).
    pub fn index(text: &str) -> Positions {
        // Positions only improve messages; whatever happens in this second parser must not
        // stop the generator, so even a panic inside it just leaves the index empty.
        std::panic::catch_unwind(|| {
            let mut recorder = Recorder::default();
            let mut parser = Parser::new_from_str(text);
            parser.load(&mut recorder, false).ok()?;
            Some(recorder.by_pointer)
        })
        .ok()
        .flatten()
        .map(|by_pointer| Positions { by_pointer })
        .unwrap_or_default()
    }

    /// The position of the node at `pointer` (`#/a/b`), or of its nearest indexed ancestor.
    pub fn find(&self, pointer: &str) -> Option<(usize, usize)> {
        let mut pointer = pointer.trim_start_matches('#');
        loop {
            if let Some(position) = self.by_pointer.get(pointer) {
                return Some(*position);
            }
            let cut = pointer.rfind('/')?;
            pointer = &pointer[..cut];
        }
    }
}

enum Frame {
    /// A mapping; `key` is the key whose value comes next, if one was read.
    Mapping {
        pointer: String,
        key: Option<String>,
    },
    /// A sequence and the index of its next item.
    Sequence { pointer: String, next: usize },
}

#[derive(Default)]
struct Recorder {
    stack: Vec<Frame>,
    by_pointer: HashMap<String, (usize, usize)>,
}

impl Recorder {
    /// The pointer of the node that starts now, advancing the parent's cursor; `None` when the
    /// event is a mapping key rather than a node.
    fn next_node(&mut self, key_text: Option<&str>, mark: Marker) -> Option<String> {
        let position = (mark.line(), mark.col() + 1);
        match self.stack.last_mut() {
            None => {
                // The document itself: its first line, from the start.
                self.by_pointer
                    .entry(String::new())
                    .or_insert((mark.line(), 1));
                Some(String::new())
            }
            Some(Frame::Sequence { pointer, next }) => {
                let child = format!("{pointer}/{next}");
                *next += 1;
                self.by_pointer.entry(child.clone()).or_insert(position);
                Some(child)
            }
            Some(Frame::Mapping { pointer, key }) => match key.take() {
                Some(k) => Some(format!("{pointer}/{}", escape_segment(&k))),
                None => {
                    // A key: remember it and where it stands; complex keys count as text.
                    let k = key_text.unwrap_or("?").to_owned();
                    let child = format!("{pointer}/{}", escape_segment(&k));
                    self.by_pointer.entry(child).or_insert(position);
                    *key = Some(k);
                    None
                }
            },
        }
    }
}

impl MarkedEventReceiver for Recorder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(text, ..) => {
                self.next_node(Some(&text), mark);
            }
            Event::Alias(_) => {
                self.next_node(Some("*"), mark);
            }
            Event::MappingStart(..) => {
                if let Some(pointer) = self.next_node(None, mark) {
                    self.stack.push(Frame::Mapping { pointer, key: None });
                } else {
                    // A mapping used as a key: index nothing inside it.
                    self.stack.push(Frame::Mapping {
                        pointer: "/?".to_owned(),
                        key: None,
                    });
                }
            }
            Event::SequenceStart(..) => {
                let pointer = self
                    .next_node(None, mark)
                    .unwrap_or_else(|| "/?".to_owned());
                self.stack.push(Frame::Sequence { pointer, next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Positions;

    #[test]
    fn keys_and_items_are_found() {
        let text = "a:\n  b:\n    - x: 1\n    - {y: 2}\n\"c/d\": 3\n";
        let p = Positions::index(text);
        assert_eq!(p.find("#/a"), Some((1, 1)));
        assert_eq!(p.find("#/a/b"), Some((2, 3)));
        assert_eq!(p.find("#/a/b/0/x"), Some((3, 7)));
        assert_eq!(p.find("#/a/b/1/y"), Some((4, 8)));
        assert_eq!(p.find("#/c~1d"), Some((5, 1)));
        assert_eq!(p.find("#/a/b/1/zzz"), Some((4, 7)));
    }
}
