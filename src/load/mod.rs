//! Stage 1, **load**: walk `content/`, parse every file into typed records, check what one file can
//! check on its own (ranges, time order, a file name that disagrees with its id). References
//! between records are checked by `resolve`.

mod checks;
mod openslo;
mod pages_csv;
pub mod records;
pub(crate) mod urls;
pub(crate) mod walk;
pub mod yaml_index;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::diagnostics::{expected_in_parentheses, Diagnostics, Position};
use crate::types::{is_slug, Week};
pub use openslo::{Objective, Slo, SloService, TimeWindow};
use records::*;
use yaml_index::YamlIndex;

/// Where a record came from, able to place any of its YAML paths in the file.
#[derive(Debug, Clone)]
pub struct Source {
    /// Relative to the site root, as the user knows it: `content/reviews/2025/2025-W14.md`.
    pub path: PathBuf,
    /// Lines before the YAML text starts (1 for front matter after its `---` line).
    line_offset: usize,
    /// Prefix of this record's paths in `index` (a document's number in a multi-document file).
    prefix: String,
    index: std::sync::Arc<YamlIndex>,
}

impl Source {
    fn new(path: PathBuf, line_offset: usize, index: YamlIndex) -> Self {
        Source {
            path,
            line_offset,
            prefix: String::new(),
            index: std::sync::Arc::new(index),
        }
    }

    fn full(&self, yaml_path: &str) -> String {
        match (self.prefix.is_empty(), yaml_path.is_empty()) {
            (true, _) => yaml_path.to_string(),
            (false, true) => self.prefix.clone(),
            (false, false) => format!("{}.{yaml_path}", self.prefix),
        }
    }

    fn shift(&self, p: Position) -> Position {
        Position::new(p.line + self.line_offset, p.column)
    }

    /// Position of the value at a YAML path such as `teams.payments.oncall.0`.
    pub fn at(&self, yaml_path: &str) -> Option<Position> {
        Some(self.shift(self.index.value(&self.full(yaml_path))))
    }

    /// Position of the key of a YAML path (for a problem with the key itself, like an unknown team).
    pub fn key_at(&self, yaml_path: &str) -> Option<Position> {
        Some(self.shift(self.index.key(&self.full(yaml_path))))
    }
}

/// A Markdown record: typed front matter and a body.
#[derive(Debug, Clone)]
pub struct Document<T> {
    pub id: String,
    pub front: T,
    pub body: String,
    /// Line of the file on which the body starts, for problems found in it later.
    pub body_line: usize,
    pub source: Source,
}

/// A file copied into the site as it is.
#[derive(Debug, Clone)]
pub struct Asset {
    pub from: PathBuf,
    /// Path in the output, relative to its root, with `/` separators.
    pub to: String,
}

/// Everything read from a site root, not yet cross-checked.
#[derive(Debug)]
pub struct Loaded {
    pub root: PathBuf,
    pub site: SiteConfig,
    pub site_source: Source,
    pub teams: Vec<Document<TeamFront>>,
    pub services: Vec<Document<ServiceFront>>,
    pub slos: Vec<Slo>,
    pub slo_services: Vec<SloService>,
    pub reviews: Vec<Document<ReviewFront>>,
    pub incidents: Vec<Document<IncidentFront>>,
    pub runbooks: Vec<Document<RunbookFront>>,
    pub pages: Vec<Document<PageFront>>,
    pub assets: Vec<Asset>,
    pub files_read: usize,
    /// Records whose file has errors, as references (`team:payments`, `2025-W14`): a reference
    /// to one of them is not reported again as a reference to nothing.
    pub unreadable: std::collections::BTreeSet<String>,
}

/// What a file under `content/` is, decided by where it is.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Site,
    Team(String),
    Service(String),
    Runbook(String),
    Slo,
    Review(String),
    ReviewAsset(String),
    Incident(String),
    Page(String),
    Asset(String),
    Unknown(&'static str),
}

fn classify(rel: &Path) -> Kind {
    let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
    let stem = |name: &str, ext: &str| name.strip_suffix(ext).map(str::to_string);
    match parts.as_slice() {
        ["site.yaml"] => Kind::Site,
        ["teams", f] => stem(f, ".md").map_or(Kind::Unknown("a team is teams/<id>.md"), Kind::Team),
        ["services", f] => stem(f, ".md").map_or(
            Kind::Unknown("a service is services/<id>.md"),
            Kind::Service,
        ),
        ["runbooks", f] => stem(f, ".md").map_or(
            Kind::Unknown("a runbook is runbooks/<id>.md"),
            Kind::Runbook,
        ),
        ["slos", .., f] if f.ends_with(".yaml") || f.ends_with(".yml") => Kind::Slo,
        ["reviews", _, f] if f.ends_with(".md") => Kind::Review(stem(f, ".md").unwrap_or_default()),
        ["reviews", _, dir, ..] if parts.len() > 3 => Kind::ReviewAsset(dir.to_string()),
        ["incidents", _, f] if f.ends_with(".md") => {
            Kind::Incident(stem(f, ".md").unwrap_or_default())
        }
        ["pages", ..] if rel.extension().is_some_and(|e| e == "md") => {
            let id = parts[1..].join("/");
            Kind::Page(id.trim_end_matches(".md").to_string())
        }
        ["pages", ..] => Kind::Asset(parts.join("/")),
        ["static", rest @ ..] => Kind::Asset(rest.join("/")),
        _ => Kind::Unknown("expected one of the places listed in docs/format.md"),
    }
}

enum Parsed {
    Site(Box<(SiteConfig, Source)>),
    Team(Document<TeamFront>),
    Service(Document<ServiceFront>),
    Runbook(Document<RunbookFront>),
    Slo(Vec<Slo>, Vec<SloService>),
    Review(Box<Document<ReviewFront>>),
    Incident(Box<Document<IncidentFront>>),
    Page(Document<PageFront>),
    Asset(Asset),
    Nothing,
}

/// Reads a site root. Returns `None` when the archive cannot be read at all (no `content/`,
/// no usable `site.yaml`); every problem is in `diags` either way.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Loaded> {
    let content = root.join("content");
    if !content.is_dir() {
        diags.error(
            Path::new("content"),
            None,
            format!(
                "no content/ folder in {} (expected a site root: a folder with content/site.yaml)",
                root.display()
            ),
        );
        return None;
    }
    let files = walk::files_under(root, &content, walk::Hidden::Skip, diags);

    let results: Vec<(&PathBuf, Parsed, Diagnostics)> = files
        .par_iter()
        .map(|rel| {
            let mut d = Diagnostics::new();
            let parsed = parse_file(root, rel, &mut d);
            (rel, parsed, d)
        })
        .collect();
    let mut unreadable = std::collections::BTreeSet::new();

    let mut site = None;
    let (mut teams, mut services, mut runbooks, mut pages) = (vec![], vec![], vec![], vec![]);
    let (mut slos, mut slo_services, mut reviews, mut incidents, mut assets) =
        (vec![], vec![], vec![], vec![], vec![]);
    for (rel, parsed, d) in results {
        if matches!(parsed, Parsed::Nothing) && d.has_errors() {
            let as_ref = match classify(rel) {
                Kind::Team(id) => Some(format!("team:{id}")),
                Kind::Service(id) => Some(format!("service:{id}")),
                Kind::Runbook(id) => Some(format!("runbook:{id}")),
                Kind::Page(id) => Some(format!("page:{id}")),
                Kind::Review(id) | Kind::Incident(id) => Some(id),
                _ => None,
            };
            unreadable.extend(as_ref);
        }
        diags.extend(d);
        match parsed {
            Parsed::Site(s) => site = Some(*s),
            Parsed::Team(t) => teams.push(t),
            Parsed::Service(s) => services.push(s),
            Parsed::Runbook(r) => runbooks.push(r),
            Parsed::Slo(s, svc) => {
                slos.extend(s);
                slo_services.extend(svc);
            }
            Parsed::Review(r) => reviews.push(*r),
            Parsed::Incident(i) => incidents.push(*i),
            Parsed::Page(p) => pages.push(p),
            Parsed::Asset(a) => assets.push(a),
            Parsed::Nothing => {}
        }
    }
    let Some((site, site_source)) = site else {
        if !files.iter().any(|f| f == Path::new("site.yaml")) {
            diags.error(
                Path::new("content/site.yaml"),
                None,
                "missing site settings (expected content/site.yaml with at least `title` and `organisation`)",
            );
        }
        return None;
    };
    Some(Loaded {
        root: root.to_path_buf(),
        site,
        site_source,
        teams,
        services,
        slos,
        slo_services,
        reviews,
        incidents,
        runbooks,
        pages,
        assets,
        files_read: files.len(),
        unreadable,
    })
}

fn parse_file(root: &Path, rel: &Path, d: &mut Diagnostics) -> Parsed {
    let shown = Path::new("content").join(rel);
    let full = root.join("content").join(rel);
    let kind = classify(rel);
    if let Kind::Asset(to) = kind {
        return Parsed::Asset(Asset { from: full, to });
    }
    if let Kind::ReviewAsset(dir) = &kind {
        return match dir.parse::<Week>() {
            Ok(week) => {
                let inside: Vec<String> = rel
                    .iter()
                    .skip(3)
                    .map(|p| p.to_string_lossy().into_owned())
                    .collect();
                Parsed::Asset(Asset {
                    from: full,
                    to: format!("reviews/{week}/{}", inside.join("/")),
                })
            }
            Err(_) => {
                d.warning(&shown, None, "ignored: files beside reviews belong in a folder named after the week, like reviews/2025/2025-W14/");
                Parsed::Nothing
            }
        };
    }
    if let Kind::Unknown(expected) = kind {
        d.warning(
            &shown,
            None,
            format!("ignored: not an archive file ({expected})"),
        );
        return Parsed::Nothing;
    }
    // Teams, services, runbooks and pages take their address from the file name.
    if let Kind::Team(id) | Kind::Service(id) | Kind::Runbook(id) | Kind::Page(id) = &kind {
        if !id.split('/').all(is_slug) {
            let expected = "expected lower-case letters, digits and hyphens, like ledger-api";
            d.error(
                &shown,
                None,
                format!("`{id}` is not a valid id ({expected}); rename the file"),
            );
            return Parsed::Nothing;
        }
    }
    let text = match std::fs::read_to_string(&full) {
        Ok(t) => t,
        Err(e) => {
            d.error(&shown, None, format!("cannot read: {e}"));
            return Parsed::Nothing;
        }
    };
    match kind {
        Kind::Site => {
            let source = Source::new(shown.clone(), 0, YamlIndex::single(&text));
            match serde_yaml::from_str::<SiteConfig>(&text) {
                Ok(site) => {
                    checks::site(&site, &source, d);
                    Parsed::Site(Box::new((site, source)))
                }
                Err(e) => {
                    yaml_error(&source, &e, d);
                    Parsed::Nothing
                }
            }
        }
        Kind::Team(id) => record(&shown, id, &text, d).map_or(Parsed::Nothing, Parsed::Team),
        Kind::Service(id) => record(&shown, id, &text, d)
            .inspect(|s| checks::service(s, d))
            .map_or(Parsed::Nothing, Parsed::Service),
        Kind::Runbook(id) => record(&shown, id, &text, d).map_or(Parsed::Nothing, Parsed::Runbook),
        Kind::Page(id) => record::<PageFront>(&shown, id, &text, d).map_or(Parsed::Nothing, |p| {
            checks::tags(&p.front.tags, &p.source, d);
            Parsed::Page(p)
        }),
        Kind::Slo => {
            let (slos, services) = openslo::parse(&shown, &text, d);
            Parsed::Slo(slos, services)
        }
        Kind::Review(name) => {
            record::<ReviewFront>(&shown, name, &text, d).map_or(Parsed::Nothing, |mut r| {
                pages_csv::read_review_logs(root, &mut r, d);
                checks::review(&r, d);
                Parsed::Review(Box::new(r))
            })
        }
        Kind::Incident(name) => {
            record::<IncidentFront>(&shown, name, &text, d).map_or(Parsed::Nothing, |i| {
                checks::incident(&i, d);
                Parsed::Incident(Box::new(i))
            })
        }
        Kind::Asset(_) | Kind::ReviewAsset(_) | Kind::Unknown(_) => unreachable!("handled above"),
    }
}

/// Parses a Markdown record whose id is `id`.
fn record<T: DeserializeOwned>(
    shown: &Path,
    id: String,
    text: &str,
    d: &mut Diagnostics,
) -> Option<Document<T>> {
    let (front, body, body_line) = match split_front_matter(text) {
        Ok(parts) => parts,
        Err(message) => {
            d.error(shown, Some(Position::new(1, 1)), message);
            return None;
        }
    };
    let source = Source::new(shown.to_path_buf(), 1, YamlIndex::single(front));
    match serde_yaml::from_str::<T>(front) {
        Ok(front) => Some(Document {
            id,
            front,
            body: body.to_string(),
            body_line,
            source,
        }),
        Err(e) => {
            yaml_error(&source, &e, d);
            None
        }
    }
}

/// Splits `---\nYAML\n---\nbody` into its YAML, its body and the body's first line.
pub fn split_front_matter(text: &str) -> Result<(&str, &str, usize), String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let missing = "missing front matter (expected the file to start with a `---` line, then YAML, then `---`)";
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
        .ok_or(missing)?;
    let mut offset = 0;
    for (n, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            let body = &rest[offset + line.len()..];
            return Ok((&rest[..offset], body, n + 3));
        }
        offset += line.len();
    }
    Err("front matter is not closed (expected a `---` line after the YAML)".into())
}

/// Reports a serde_yaml error at its place in the file.
fn yaml_error(source: &Source, e: &serde_yaml::Error, d: &mut Diagnostics) {
    let position = e
        .location()
        .map(|l| source.shift(Position::new(l.line(), l.column())));
    let text = strip_positions(&e.to_string());
    let text = if text.ends_with("EOF while parsing a value")
        || text.contains("invalid type: unit value")
    {
        format!("{text} (the YAML is empty or a value is missing)")
    } else {
        expected_in_parentheses(&text)
    };
    d.error(&source.path, position, text);
}

/// libyaml puts positions relative to the YAML text inside its messages ("… at line 4 column 1,
/// while parsing …"); the diagnostic already gives the position in the file, so they go.
fn strip_positions(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find(" at line ") {
        out.push_str(&rest[..at]);
        let after = &rest[at + " at line ".len()..];
        let digits = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let n = digits(after);
        match after[n..].strip_prefix(" column ") {
            Some(col) if n > 0 => rest = &col[digits(col)..],
            _ => {
                out.push_str(" at line ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_inside_yaml_messages_are_dropped() {
        assert_eq!(
            strip_positions("did not find expected ',' or ']' at line 4 column 1, while parsing a flow sequence at line 3 column 10"),
            "did not find expected ',' or ']', while parsing a flow sequence"
        );
        assert_eq!(strip_positions("at line one"), "at line one");
    }

    #[test]
    fn front_matter_splits_and_counts_lines() {
        let (front, body, line) = split_front_matter("---\na: 1\nb: 2\n---\nHello\n").unwrap();
        assert_eq!((front, body, line), ("a: 1\nb: 2\n", "Hello\n", 5));
        assert!(split_front_matter("no fence")
            .unwrap_err()
            .contains("missing front matter"));
        assert!(split_front_matter("---\na: 1\n")
            .unwrap_err()
            .contains("not closed"));
    }

    #[test]
    fn files_are_classified_by_place() {
        assert_eq!(
            classify(Path::new("teams/payments.md")),
            Kind::Team("payments".into())
        );
        assert_eq!(
            classify(Path::new("reviews/2025/2025-W14.md")),
            Kind::Review("2025-W14".into())
        );
        assert_eq!(
            classify(Path::new("reviews/2025/2025-W14/pages.csv")),
            Kind::ReviewAsset("2025-W14".into())
        );
        assert_eq!(
            classify(Path::new("pages/process/escalation.md")),
            Kind::Page("process/escalation".into())
        );
        assert_eq!(
            classify(Path::new("static/logo.png")),
            Kind::Asset("logo.png".into())
        );
        assert_eq!(classify(Path::new("slos/a/b.yml")), Kind::Slo);
        assert!(matches!(classify(Path::new("notes.txt")), Kind::Unknown(_)));
    }
}
