//! Problems found in the archive, reported ripgrep-style as `path:line:column: what (expected)`.
//!
//! Every stage pushes into one [`Diagnostics`] so that a run reports all of its problems together.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error,
    Warning,
}

/// A position in a source file, 1-based.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    pub fn new(line: usize, column: usize) -> Self {
        Position { line, column }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub level: Level,
    /// Path as the user knows it: relative to the site root.
    pub path: PathBuf,
    pub position: Option<Position>,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(p) = self.position {
            write!(f, ":{}:{}", p.line, p.column)?;
        }
        let level = match self.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        write!(f, ": {level}: {}", self.message)
    }
}

/// All problems of one run, in a stable order.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn error(&mut self, path: &Path, position: Option<Position>, message: impl Into<String>) {
        self.push(Level::Error, path, position, message.into());
    }

    pub fn warning(&mut self, path: &Path, position: Option<Position>, message: impl Into<String>) {
        self.push(Level::Warning, path, position, message.into());
    }

    pub fn report(
        &mut self,
        level: Level,
        path: &Path,
        position: Option<Position>,
        message: impl Into<String>,
    ) {
        self.push(level, path, position, message.into());
    }

    fn push(&mut self, level: Level, path: &Path, position: Option<Position>, message: String) {
        self.items.push(Diagnostic {
            level,
            path: path.to_path_buf(),
            position,
            message,
        });
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.level == Level::Error)
            .count()
    }

    pub fn warning_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.level == Level::Warning)
            .count()
    }

    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// Sorted by file and position, errors before warnings in one place, so output is stable
    /// whatever order parallel stages found them in.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut items: Vec<&Diagnostic> = self.items.iter().collect();
        items.sort_by(|a, b| {
            (&a.path, a.position, a.level, &a.message)
                .cmp(&(&b.path, b.position, b.level, &b.message))
        });
        items.dedup_by(|a, b| a == b);
        items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

/// serde reports "unknown field `x`, expected one of `a`, `b`"; the project's convention puts what
/// was expected in parentheses.
pub fn expected_in_parentheses(message: &str) -> String {
    match message.split_once(", expected ") {
        Some((what, expected)) => format!("{what} (expected {expected})"),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_and_column() {
        let mut d = Diagnostics::new();
        d.error(Path::new("content/a.md"), Some(Position::new(3, 7)), "bad");
        d.warning(Path::new("content/b.md"), None, "odd");
        let lines: Vec<String> = d.sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(
            lines,
            ["content/a.md:3:7: error: bad", "content/b.md: warning: odd"]
        );
        assert_eq!((d.error_count(), d.warning_count()), (1, 1));
    }

    #[test]
    fn serde_expectations_move_into_parentheses() {
        assert_eq!(
            expected_in_parentheses("unknown field `helth`, expected one of `health`, `tickets`"),
            "unknown field `helth` (expected one of `health`, `tickets`)"
        );
        assert_eq!(expected_in_parentheses("plain"), "plain");
    }
}
