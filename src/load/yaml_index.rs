//! Where each node of a YAML text sits, so that checks made after parsing (a reference to a team
//! that does not exist, say) can still name the line and column. serde_yaml keeps no positions on
//! parsed values, so the text is walked once more with yaml-rust2's event parser.
//!
//! Paths are the keys and sequence indexes joined by dots: `teams.payments.oncall.0`. In a text of
//! several documents each path starts with the document's index: `1.spec.service`.

use std::collections::BTreeMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostics::Position;

#[derive(Debug, Default, Clone)]
pub struct YamlIndex {
    values: BTreeMap<String, Position>,
    keys: BTreeMap<String, Position>,
}

impl YamlIndex {
    /// Indexes a single-document text. Unparseable text gives an empty index: the parse error
    /// itself is reported by serde_yaml.
    pub fn single(text: &str) -> Self {
        Self::build(text, false)
    }

    /// Indexes a text of one or more `---`-separated documents, each path prefixed by its index.
    pub fn multi(text: &str) -> Self {
        Self::build(text, true)
    }

    fn build(text: &str, prefix_documents: bool) -> Self {
        let mut builder = Builder {
            prefix_documents,
            ..Builder::default()
        };
        let mut parser = Parser::new_from_str(text);
        // A syntax error stops the walk; what was indexed so far is still useful.
        let _ = parser.load(&mut builder, true);
        builder.index
    }

    /// Position of the value at `path`; of its nearest indexed ancestor when it has none.
    pub fn value(&self, path: &str) -> Position {
        let mut path = path;
        loop {
            if let Some(p) = self.values.get(path) {
                return *p;
            }
            match path.rfind('.') {
                Some(i) => path = &path[..i],
                None => return self.values.get("").copied().unwrap_or(Position::new(1, 1)),
            }
        }
    }

    /// Position of the key that names `path` in its mapping; of the value when there is no key.
    pub fn key(&self, path: &str) -> Position {
        self.keys
            .get(path)
            .copied()
            .unwrap_or_else(|| self.value(path))
    }

    /// Position of the first key called `name` at or below `prefix`: how an "unknown field" error
    /// from a value that lost its positions is placed.
    pub fn find_key(&self, prefix: &str, name: &str) -> Option<Position> {
        self.keys
            .iter()
            .filter(|(path, _)| {
                let under =
                    prefix.is_empty() || *path == prefix || path.starts_with(&format!("{prefix}."));
                under && path.rsplit('.').next() == Some(name)
            })
            .map(|(_, p)| *p)
            .min()
    }
}

enum Frame {
    Map {
        path: String,
        key: Option<String>,
        fresh: bool,
    },
    Seq {
        path: String,
        next: usize,
    },
}

#[derive(Default)]
struct Builder {
    prefix_documents: bool,
    document: usize,
    stack: Vec<Frame>,
    index: YamlIndex,
}

fn join(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        child.to_string()
    } else {
        format!("{parent}.{child}")
    }
}

impl Builder {
    /// The path of the node that starts now, or `None` when the node is a mapping key.
    fn next_node_path(&mut self) -> Option<String> {
        match self.stack.last_mut() {
            None if self.prefix_documents => Some(self.document.to_string()),
            None => Some(String::new()),
            Some(Frame::Map { key: None, .. }) => None,
            Some(Frame::Map {
                path, key: Some(k), ..
            }) => Some(join(path, k)),
            Some(Frame::Seq { path, next }) => {
                let p = join(path, &next.to_string());
                *next += 1;
                Some(p)
            }
        }
    }

    /// After a value is complete its mapping expects a key again.
    fn value_done(&mut self) {
        if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
            *key = None;
        }
    }

    /// A node other than a scalar cannot be a key here; index it under a placeholder key.
    fn start_node(&mut self, mark: Marker) -> String {
        let path = match self.next_node_path() {
            Some(p) => p,
            None => {
                if let Some(Frame::Map { path, key, .. }) = self.stack.last_mut() {
                    *key = Some("?".into());
                    join(path, "?")
                } else {
                    String::new()
                }
            }
        };
        self.index.values.insert(path.clone(), position(mark));
        path
    }
}

fn position(mark: Marker) -> Position {
    // yaml-rust2 counts lines from 1 and columns from 0.
    Position::new(mark.line(), mark.col() + 1)
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(value, ..) => match self.next_node_path() {
                Some(path) => {
                    self.index.values.insert(path, position(mark));
                    self.value_done();
                }
                None => {
                    if let Some(Frame::Map { path, key, fresh }) = self.stack.last_mut() {
                        // The parser's mark for a block mapping can sit after its first key;
                        // the first key is where a reader sees the mapping begin.
                        if std::mem::take(fresh) {
                            self.index.values.insert(path.clone(), position(mark));
                        }
                        let p = join(path, &value);
                        self.index.keys.insert(p, position(mark));
                        *key = Some(value);
                    }
                }
            },
            Event::Alias(_) => {
                self.start_node(mark);
                self.value_done();
            }
            Event::MappingStart(..) => {
                let path = self.start_node(mark);
                self.stack.push(Frame::Map {
                    path,
                    key: None,
                    fresh: true,
                });
            }
            Event::SequenceStart(..) => {
                let path = self.start_node(mark);
                self.stack.push(Frame::Seq { path, next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                self.value_done();
            }
            Event::DocumentEnd => {
                self.document += 1;
                self.stack.clear();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "week: 2025-W14\nteams:\n  payments:\n    oncall: [bob, erin]\n    pages:\n      - alert: A\n        service: ledger\n";

    #[test]
    fn values_and_keys_have_their_positions() {
        let ix = YamlIndex::single(TEXT);
        assert_eq!(ix.value("week"), Position::new(1, 7));
        assert_eq!(ix.key("teams.payments"), Position::new(3, 3));
        assert_eq!(ix.value("teams.payments.oncall.1"), Position::new(4, 19));
        assert_eq!(
            ix.value("teams.payments.pages.0.service"),
            Position::new(7, 18)
        );
    }

    #[test]
    fn unknown_paths_fall_back_to_the_nearest_ancestor() {
        let ix = YamlIndex::single(TEXT);
        assert_eq!(ix.value("teams.payments.oncall.9"), Position::new(4, 13));
        assert_eq!(ix.find_key("teams", "service"), Some(Position::new(7, 9)));
    }

    #[test]
    fn documents_are_numbered() {
        let ix = YamlIndex::multi("a: 1\n---\nb: 2\n");
        assert_eq!(ix.value("1.b"), Position::new(3, 4));
        assert_eq!(ix.value("0.a"), Position::new(1, 4));
    }

    #[test]
    fn a_mapping_in_a_sequence_starts_at_its_first_key() {
        let ix = YamlIndex::single("items:\n    - target: 1\n      op: gt\n");
        assert_eq!(ix.value("items.0"), Position::new(2, 7));
    }
}
