//! Stage 1, **load**: walk `content/`, parse every file into typed records, check what one file can
//! check on its own (ranges, time order, a file name that disagrees with its id). References
//! between records are checked by `resolve`.

// What the archive's files say decides these indexes: every access is checked.
#![deny(clippy::indexing_slicing)]

pub(crate) mod checks;
pub(crate) mod csv_places;
mod openslo;
mod pages_csv;
pub mod records;
pub(crate) mod urls;
pub(crate) mod walk;
pub mod yaml;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostics, Position};
use crate::types::{is_slug, Week};
pub use openslo::{Objective, Slo, SloService, TimeWindow};
use records::*;

/// Where a record came from, able to place any of its YAML paths in the file.
#[derive(Debug, Clone)]
pub struct Source {
    /// Relative to the site root, as the user knows it: `content/reviews/2025/2025-W14.md`.
    pub path: PathBuf,
    /// Prefix of this record's paths in `positions` (a document's number in a multi-document
    /// file).
    prefix: String,
    positions: Arc<Positions>,
}

/// Where the values of a YAML text are. Positions are needed only to report a problem, so a
/// record that loads keeps its text and the tree is built again on the first question.
#[derive(Debug)]
struct Positions {
    text: Box<str>,
    /// The file's line on which the text starts (2 for front matter after its `---` line).
    first_line: usize,
    multi: bool,
    tree: OnceLock<yaml::Node>,
}

impl Positions {
    fn lazy(text: &str, first_line: usize, multi: bool) -> Arc<Positions> {
        Arc::new(Positions {
            text: text.into(),
            first_line,
            multi,
            tree: OnceLock::new(),
        })
    }

    /// For a record read from a tree that problems have pruned: its paths are the pruned tree's.
    fn known(tree: yaml::Node) -> Arc<Positions> {
        Arc::new(Positions {
            text: "".into(),
            first_line: 1,
            multi: false,
            tree: OnceLock::from(tree),
        })
    }

    fn tree(&self) -> &yaml::Node {
        self.tree.get_or_init(|| {
            if self.multi {
                yaml::documents(&self.text)
            } else {
                let (tree, _) = yaml::single(&self.text, self.first_line);
                tree.unwrap_or_else(|| yaml::documents(&self.text))
            }
        })
    }
}

impl Source {
    fn new(path: &Path, positions: Arc<Positions>) -> Source {
        Source {
            path: path.to_path_buf(),
            prefix: String::new(),
            positions,
        }
    }

    fn full(&self, yaml_path: &str) -> String {
        match (self.prefix.is_empty(), yaml_path.is_empty()) {
            (true, _) => yaml_path.to_string(),
            (false, true) => self.prefix.clone(),
            (false, false) => format!("{}.{yaml_path}", self.prefix),
        }
    }

    /// Position of the value at a YAML path such as `teams.payments.oncall.0`.
    pub fn at(&self, yaml_path: &str) -> Option<Position> {
        Some(self.positions.tree().locate(&self.full(yaml_path)).0)
    }

    /// Position of the key of a YAML path (for a problem with the key itself, like an unknown team).
    pub fn key_at(&self, yaml_path: &str) -> Option<Position> {
        let (value, key) = self.positions.tree().locate(&self.full(yaml_path));
        Some(key.unwrap_or(value))
    }

    /// Reports problems found in this source's YAML text.
    fn report(&self, problems: Vec<yaml::Problem>, d: &mut Diagnostics) {
        for p in problems {
            d.error(&self.path, Some(p.at), p.message);
        }
    }
}

/// Reads one YAML mapping (front matter or site.yaml) into `T`, reporting every problem at its
/// place. Returns what could be read — even with problems, so that a record's own checks can
/// still report theirs — and whether it was read without any.
fn read_mapping<T: DeserializeOwned>(
    shown: &Path,
    first_line: usize,
    text: &str,
    d: &mut Diagnostics,
) -> (Option<(T, Source)>, bool) {
    let (tree, problems) = yaml::single(text, first_line);
    let (value, more, positions) = match tree {
        Some(mut tree) => {
            let (value, more) = yaml::from_node::<T>(&mut tree);
            let positions = if more.is_empty() {
                Positions::lazy(text, first_line, false)
            } else {
                Positions::known(tree)
            };
            (value, more, positions)
        }
        None => (None, vec![], Positions::lazy(text, first_line, false)),
    };
    let clean = problems.is_empty() && more.is_empty();
    let source = Source::new(shown, positions);
    source.report(problems, d);
    source.report(more, d);
    (value.map(|v| (v, source)), clean)
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
    /// Whether site.yaml was read without problems: people and the severity scale are declared
    /// there, so references to them are judged only then.
    pub site_readable: bool,
    pub teams: Vec<Document<TeamFront>>,
    pub services: Vec<Document<ServiceFront>>,
    pub slos: Vec<Slo>,
    pub slo_services: Vec<SloService>,
    /// Shared with the load cache, which keeps them for the next load (`serve`).
    pub reviews: Vec<Arc<Document<ReviewFront>>>,
    pub incidents: Vec<Arc<Document<IncidentFront>>>,
    pub runbooks: Vec<Document<RunbookFront>>,
    pub pages: Vec<Document<PageFront>>,
    pub assets: Vec<Asset>,
    pub files_read: usize,
    /// Records whose file has errors, as references (`team:payments`, `2025-W14`): a reference
    /// to one of them is not reported again as a reference to nothing.
    pub unreadable: std::collections::BTreeSet<String>,
    /// With a keeping cache, the fingerprint of all the figures can read: every file's path
    /// and text but for the bodies of Markdown records, which only pages and links read. Two
    /// loads with the same fingerprint give the same figures (`serve` analyses again only when
    /// it changed).
    pub figures: Option<u128>,
    /// Like `figures`, for every file but the records kept one by one: the reviews (and the
    /// logs beside them) and the incidents. What the memos of resolve and analyze read besides
    /// those records (see `resolve::Memo`, `analyze::Memo`).
    pub settings: Option<u128>,
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
            let id = parts.get(1..).unwrap_or_default().join("/");
            Kind::Page(id.trim_end_matches(".md").to_string())
        }
        ["pages", ..] => Kind::Asset(parts.join("/")),
        ["static", rest @ ..] => Kind::Asset(rest.join("/")),
        _ => Kind::Unknown("expected one of the places listed in docs/format.md"),
    }
}

#[derive(Clone)]
enum Parsed {
    Site(Box<(SiteConfig, Source, bool)>),
    Team(Document<TeamFront>),
    Service(Document<ServiceFront>),
    Runbook(Document<RunbookFront>),
    Slo(Vec<Slo>, Vec<SloService>),
    Review(Arc<Document<ReviewFront>>),
    Incident(Arc<Document<IncidentFront>>),
    Page(Document<PageFront>),
    Asset(Asset),
    Nothing,
}

/// Reads a site root. Returns `None` when the archive cannot be read at all (no `content/`,
/// no usable `site.yaml`); every problem is in `diags` either way.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Loaded> {
    load_with(root, &mut Cache::default(), diags)
}

/// Like [`load`], but reads again only the files that changed since the load that filled
/// `cache` (or whose changes the caller told it of), and keeps what it read for the next one.
pub fn load_with(root: &Path, cache: &mut Cache, diags: &mut Diagnostics) -> Option<Loaded> {
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

    // Each file as read before when it has not changed (a copy: the cache keeps its own), else
    // read now, with what the cache is to keep of it.
    let keep = cache.keep;
    type Read<'a> = (&'a PathBuf, Parsed, Diagnostics, u128, Option<Cached>);
    let results: Vec<Read> = files
        .par_iter()
        .map(|rel| {
            let full = content.join(rel);
            let stamp = Stamp::of(&full);
            if let Some(c) = cache.files.get(rel).filter(|c| c.is_current(&full, stamp)) {
                return (
                    rel,
                    c.parsed.clone(),
                    c.diagnostics.clone(),
                    c.figures,
                    None,
                );
            }
            let mut d = Diagnostics::new();
            let (parsed, said) = parse_file(root, rel, &mut d);
            if !keep {
                return (rel, parsed, d, 0, None);
            }
            let mut stamps = vec![(full, stamp)];
            stamps.extend(parsed.also_read(root).map(|p| {
                let stamp = Stamp::of(&p);
                (p, stamp)
            }));
            // What the figures can read of the file: all of it but a Markdown body, and the
            // versions of the logs it read beside it.
            let figures = crate::types::fingerprint(&(said, stamps.get(1..)));
            let fresh = Cached {
                stamps,
                parsed: parsed.clone(),
                diagnostics: d.clone(),
                figures,
            };
            (rel, parsed, d, figures, Some(fresh))
        })
        .collect();
    let figures = keep.then(|| {
        let each: Vec<(&PathBuf, u128)> = results.iter().map(|r| (r.0, r.3)).collect();
        crate::types::fingerprint(&each)
    });
    let settings = keep.then(|| {
        let beside_reviews: Vec<(&PathBuf, u128)> = results
            .iter()
            .filter(|r| {
                !matches!(
                    classify(r.0),
                    Kind::Review(_) | Kind::ReviewAsset(_) | Kind::Incident(_)
                )
            })
            .map(|r| (r.0, r.3))
            .collect();
        crate::types::fingerprint(&beside_reviews)
    });
    let walked: std::collections::HashSet<&PathBuf> = files.iter().collect();
    cache.files.retain(|rel, _| walked.contains(rel));
    let results: Vec<(&PathBuf, Parsed, Diagnostics)> = results
        .into_iter()
        .map(|(rel, parsed, d, _, fresh)| {
            if let Some(fresh) = fresh {
                cache.files.insert(rel.clone(), fresh);
            }
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
            Parsed::Review(r) => reviews.push(r),
            Parsed::Incident(i) => incidents.push(i),
            Parsed::Page(p) => pages.push(p),
            Parsed::Asset(a) => assets.push(a),
            Parsed::Nothing => {}
        }
    }
    if site.is_none() && !files.iter().any(|f| f == Path::new("site.yaml")) {
        diags.error(
            Path::new("content/site.yaml"),
            None,
            "missing site settings (expected content/site.yaml with at least `title` and `organisation`)",
        );
    }
    // Without readable settings the rest is still checked, against the default settings.
    let (site, site_source, site_readable) = site.unwrap_or_else(|| {
        let source = Source::new(
            Path::new("content/site.yaml"),
            Positions::lazy("", 1, false),
        );
        (SiteConfig::fallback(), source, false)
    });
    Some(Loaded {
        root: root.to_path_buf(),
        site,
        site_source,
        site_readable,
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
        figures,
        settings,
    })
}

/// What earlier loads read, file by file: `serve` keeps one so that after a save only the
/// changed files are read and parsed again. A file is read again when its size, times or inode
/// changed, or those of a file it read beside it (a review's alert logs), or when
/// [`Cache::forget`] was told of a change to any of them.
#[derive(Default)]
pub struct Cache {
    files: std::collections::HashMap<PathBuf, Cached>,
    /// Whether to keep what is read (a plain build reads each file once).
    keep: bool,
}

impl Cache {
    /// A cache that keeps what each load read, for the next.
    pub fn keeping() -> Cache {
        Cache {
            files: Default::default(),
            keep: true,
        }
    }

    /// Forgets every file that is, or read, one of `paths` (absolute, as a watcher names them).
    pub fn forget(&mut self, paths: &[PathBuf]) {
        self.files
            .retain(|_, c| !c.stamps.iter().any(|(p, _)| paths.contains(p)));
    }

    /// How many files it holds.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

#[derive(Clone)]
struct Cached {
    /// The file itself first, then what it read beside it; `None` for a file that was missing.
    stamps: Vec<(PathBuf, Option<Stamp>)>,
    parsed: Parsed,
    diagnostics: Diagnostics,
    /// The fingerprint of what the figures can read of it (see [`Loaded::figures`]).
    figures: u128,
}

impl Cached {
    /// Whether the file can be taken as read before. A file with errors is always read again:
    /// what it read beside it may not be known, and such files are few.
    fn is_current(&self, full: &Path, stamp: Option<Stamp>) -> bool {
        let mut stamps = self.stamps.iter();
        !self.diagnostics.has_errors()
            && stamps.next() == Some(&(full.to_path_buf(), stamp))
            && stamps.all(|(path, was)| Stamp::of(path) == *was)
    }
}

/// What tells one version of a file from the next without reading it. The change time moves
/// with every write even when the modification time is set back (`touch -d`, `git checkout`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    #[cfg(unix)]
    changed: (i64, i64),
    #[cfg(unix)]
    inode: u64,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            #[cfg(unix)]
            changed: (meta.ctime(), meta.ctime_nsec()),
            #[cfg(unix)]
            inode: meta.ino(),
        })
    }
}

impl Parsed {
    /// Files read beside this one: a review's alert logs.
    fn also_read<'a>(&'a self, root: &'a Path) -> impl Iterator<Item = PathBuf> + 'a {
        let review = match self {
            Parsed::Review(r) => Some(r),
            _ => None,
        };
        review.into_iter().flat_map(move |r| {
            let dir = root.join(r.source.path.parent().unwrap_or(Path::new("")));
            r.front
                .teams
                .values()
                .filter_map(move |tw| tw.pages_csv.as_ref().map(|rel| dir.join(rel)))
        })
    }
}

/// A file as read, and the fingerprint of what it says apart from a Markdown record's body (of
/// its path alone when it is not read).
fn parse_file(root: &Path, rel: &Path, d: &mut Diagnostics) -> (Parsed, u128) {
    let mut said = crate::types::fingerprint(rel);
    let parsed = parse_text(root, rel, &mut said, d);
    (parsed, said)
}

fn parse_text(root: &Path, rel: &Path, said: &mut u128, d: &mut Diagnostics) -> Parsed {
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
    let Some(text) = read_text(&full, &shown, d) else {
        return Parsed::Nothing;
    };
    let front = match kind {
        Kind::Site | Kind::Slo => text.as_str(),
        _ => split_front_matter(&text).map_or(text.as_str(), |(front, _, _)| front),
    };
    *said = crate::types::fingerprint(&(rel, front));
    match kind {
        // Even with problems, what could be read of the settings is used, so that the other
        // files are still checked; the build fails on the problems either way.
        Kind::Site => match read_mapping::<SiteConfig>(&shown, 1, &text, d) {
            (Some((site, source)), clean) => {
                checks::site(&site, &source, d);
                checks::site_bounds(&site, &source, d);
                Parsed::Site(Box::new((site, source, clean)))
            }
            (None, _) => Parsed::Nothing,
        },
        Kind::Team(id) => record(&shown, id, &text, d, |t, d| checks::team(t, d))
            .map_or(Parsed::Nothing, Parsed::Team),
        Kind::Service(id) => record(&shown, id, &text, d, |s, d| checks::service(s, d))
            .map_or(Parsed::Nothing, Parsed::Service),
        Kind::Runbook(id) => {
            record(&shown, id, &text, d, no_check).map_or(Parsed::Nothing, Parsed::Runbook)
        }
        Kind::Page(id) => record(&shown, id, &text, d, |p: &mut Document<PageFront>, d| {
            checks::tags(&p.front.tags, &p.source, d)
        })
        .map_or(Parsed::Nothing, Parsed::Page),
        Kind::Slo => {
            let (slos, services) = openslo::parse(&shown, &text, d);
            Parsed::Slo(slos, services)
        }
        Kind::Review(name) => record(&shown, name, &text, d, |r, d| {
            pages_csv::read_review_logs(root, r, d);
            checks::review(r, d);
        })
        .map_or(Parsed::Nothing, |r| Parsed::Review(Arc::new(r))),
        Kind::Incident(name) => record(&shown, name, &text, d, |i, d| checks::incident(i, d))
            .map_or(Parsed::Nothing, |i| Parsed::Incident(Arc::new(i))),
        // Handled above, before the file was read.
        Kind::Asset(_) | Kind::ReviewAsset(_) | Kind::Unknown(_) => Parsed::Nothing,
    }
}

fn no_check<T>(_: &mut Document<T>, _: &mut Diagnostics) {}

/// Reads the text of an incident record as `build` reads the file `shown`
/// (`content/incidents/<year>/<id>.md`), with the checks one record can answer; for records
/// written by `opsbook import`, before they are written.
pub(crate) fn check_incident_text(shown: &Path, text: &str, d: &mut Diagnostics) -> bool {
    let id = shown
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string();
    let read = record(shown, id, text, d, |i: &mut Document<IncidentFront>, d| {
        checks::incident(i, d)
    });
    read.is_some() && !d.has_errors()
}

/// A file's text. Invalid UTF-8 is placed at its first bad byte; a byte-order mark is dropped.
fn read_text(full: &Path, shown: &Path, d: &mut Diagnostics) -> Option<String> {
    let bytes = match std::fs::read(full) {
        Ok(b) => b,
        Err(e) => {
            d.error(shown, None, format!("cannot read: {e}"));
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            Some(text)
        }
        Err(e) => {
            let bytes = e.as_bytes();
            let good = e.utf8_error().valid_up_to();
            let before = String::from_utf8_lossy(bytes.get(..good).unwrap_or_default());
            let line = before.matches('\n').count() + 1;
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let column = before.get(line_start..).map_or(0, |l| l.chars().count()) + 1;
            d.error(
                shown,
                Some(Position::new(line, column)),
                format!(
                    "invalid UTF-8 (byte 0x{:02x}; expected the file to be UTF-8 text)",
                    bytes.get(good).copied().unwrap_or_default()
                ),
            );
            None
        }
    }
}

/// Parses a Markdown record whose id is `id`. `check` runs on what could be read even when the
/// front matter has problems, so that one run reports them all; such a record is not returned.
fn record<T: DeserializeOwned>(
    shown: &Path,
    id: String,
    text: &str,
    d: &mut Diagnostics,
    check: impl FnOnce(&mut Document<T>, &mut Diagnostics),
) -> Option<Document<T>> {
    let (front, body, body_line) = match split_front_matter(text) {
        Ok(parts) => parts,
        Err(message) => {
            d.error(shown, Some(Position::new(1, 1)), message);
            return None;
        }
    };
    let (read, clean) = read_mapping::<T>(shown, 2, front, d);
    let (front, source) = read?;
    let mut doc = Document {
        id,
        front,
        body: body.to_string(),
        body_line,
        source,
    };
    check(&mut doc, d);
    clean.then_some(doc)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::testing::write_file;

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

    /// Settings, the payments team (its text "Old text."), and the review of 2025-W14, whose
    /// payments section reads its pages from `2025-W14/p.csv` (not written here).
    fn a_team_and_a_review_with_an_alert_log(content: &Path) {
        write_file(content, "site.yaml", "title: T\norganisation: O\n");
        write_file(
            content,
            "teams/payments.md",
            "---\nname: Payments\n---\nOld text.\n",
        );
        let review =
            "---\nweek: 2025-W14\nteams:\n  payments:\n    pages_csv: 2025-W14/p.csv\n---\n";
        write_file(content, "reviews/2025/2025-W14.md", review);
    }

    #[test]
    fn a_cache_reads_again_only_what_changed_and_what_a_review_read_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        let write = |rel: &str, text: &str| write_file(&content, rel, text);
        a_team_and_a_review_with_an_alert_log(&content);
        let csv = |alert: &str| format!("time,alert,service\n2025-04-01T03:12:00Z,{alert},s\n");
        write("reviews/2025/2025-W14/p.csv", &csv("First"));

        let mut cache = Cache::keeping();
        let load = |cache: &mut Cache| {
            let mut d = Diagnostics::new();
            let loaded = load_with(dir.path(), cache, &mut d).unwrap();
            let alert = loaded.reviews[0].front.teams["payments"].pages[0]
                .alert
                .clone();
            (loaded.teams[0].body.clone(), alert)
        };
        assert_eq!(load(&mut cache), ("Old text.\n".into(), "First".into()));
        assert_eq!(cache.len(), 4);
        // Same size, same second: the change time and the watcher's word still tell.
        write("teams/payments.md", "---\nname: Payments\n---\nNew text.\n");
        write("reviews/2025/2025-W14/p.csv", &csv("Other"));
        assert_eq!(load(&mut cache), ("New text.\n".into(), "Other".into()));
        // A file the watcher names is read again even when nothing about it looks changed.
        cache.forget(&[content.join("reviews/2025/2025-W14/p.csv")]);
        assert_eq!(
            cache.len(),
            2,
            "the log and the review that read it are forgotten"
        );
        assert_eq!(load(&mut cache).1, "Other");
        // A removed file is gone from the next load and from the cache.
        std::fs::remove_file(content.join("teams/payments.md")).unwrap();
        let mut d = Diagnostics::new();
        assert!(load_with(dir.path(), &mut cache, &mut d)
            .unwrap()
            .teams
            .is_empty());
        assert_eq!(cache.len(), 3);
    }

    #[test]
    fn the_figures_fingerprint_ignores_only_bodies_and_the_settings_one_the_reviews() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        let write = |rel: &str, text: &str| write_file(&content, rel, text);
        a_team_and_a_review_with_an_alert_log(&content);
        write("reviews/2025/2025-W14/p.csv", "time,alert,service\n");
        let mut cache = Cache::keeping();
        let mut figures = || {
            let mut d = Diagnostics::new();
            let loaded = load_with(dir.path(), &mut cache, &mut d).unwrap();
            assert!(!d.has_errors(), "{:?}", d.sorted());
            let both = loaded.figures.zip(loaded.settings);
            both.expect("a keeping cache fingerprints the figures and the settings")
        };
        let first = figures();
        assert_eq!(figures(), first, "nothing changed");
        write(
            "teams/payments.md",
            "---\nname: Payments\n---\nNew [[2025-W14]].\n",
        );
        assert_eq!(figures(), first, "only a body changed");
        write(
            "teams/payments.md",
            "---\nname: Pay\n---\nNew [[2025-W14]].\n",
        );
        let renamed = figures();
        assert!(
            renamed.0 != first.0 && renamed.1 != first.1,
            "a front-matter field of a team changed: the figures and the settings"
        );
        write(
            "reviews/2025/2025-W14/p.csv",
            "time,alert,service\n2025-04-01T03:12:00Z,A,s\n",
        );
        let paged = figures();
        assert_ne!(paged.0, renamed.0, "a log read beside a review changed");
        assert_eq!(paged.1, renamed.1, "the settings leave out the reviews");
        write(
            "reviews/2025/2025-W14.md",
            &std::fs::read_to_string(content.join("reviews/2025/2025-W14.md"))
                .unwrap()
                .replacen("week:", "summary: Quiet.\nweek:", 1),
        );
        let summarised = figures();
        assert_ne!(summarised.0, paged.0, "a review's front matter changed");
        assert_eq!(summarised.1, paged.1, "the settings leave out the reviews");
        let paged = summarised;
        write(
            "incidents/2025/INC-2025-001.md",
            "---\nid: INC-2025-001\ntitle: Down\nseverity: major\nstatus: resolved\nstarted: 2025-04-01T10:00:00Z\nresolved: 2025-04-01T11:00:00Z\nteams: [payments]\n---\n",
        );
        let incident = figures();
        assert_ne!(incident.0, paged.0, "an incident was added");
        assert_eq!(incident.1, paged.1, "the settings leave out the incidents");
        let paged = incident;
        write("pages/about.md", "---\ntitle: About\n---\n");
        assert_ne!(figures(), paged, "a record was added");
        // A plain build does not fingerprint.
        let mut d = Diagnostics::new();
        let plain = load(dir.path(), &mut d).unwrap();
        assert_eq!((plain.figures, plain.settings), (None, None));
    }
}
