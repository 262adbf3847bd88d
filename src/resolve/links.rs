//! Links between records. Wiki links in Markdown text are checked here, each placed at its
//! `path:line:column`; together with the references in front matter they give every record its
//! backlinks.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag};
use rayon::prelude::*;
use std::sync::Arc;

use super::memo::{Raised, Records};
use super::{Action, Archive, Origin, Ref};
use crate::diagnostics::{Diagnostics, Level, Position};
use crate::load::Source;

/// The Markdown options every renderer and checker uses, so that what is checked is what renders.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}

/// The wiki links of a Markdown text: (target, byte offset of the `[[`). Code spans and code
/// blocks hold none, and `\[[` is not a link: the Markdown parser decides, as when rendering.
pub fn wiki_links(text: &str) -> Vec<(String, usize)> {
    scan(text).wiki
}

/// An address written in Markdown: a link, an image, an autolink, or a URL attribute of raw
/// HTML, as the page would publish it (character references decoded).
#[derive(Debug, PartialEq)]
pub struct MarkdownUrl {
    /// `link`, `image`, or `raw HTML <a href>`.
    pub kind: String,
    pub url: String,
    /// Byte offset in the text where the address is written.
    pub offset: usize,
}

/// Every address of a Markdown text except wiki links (which become the site's own addresses)
/// and email autolinks (`<a@example.com>`, which become `mailto:`).
pub fn markdown_urls(text: &str) -> Vec<MarkdownUrl> {
    scan(text).urls
}

/// What one reading of a Markdown text finds: its wiki links and its other addresses.
pub struct Scanned {
    pub wiki: Vec<(String, usize)>,
    pub urls: Vec<MarkdownUrl>,
}

/// Reads a Markdown text once for [`wiki_links`] and [`markdown_urls`].
pub fn scan(text: &str) -> Scanned {
    let mut wiki = Vec::new();
    let parser = Parser::new_ext(text, markdown_options()).into_offset_iter();
    // Where each reference definition (`[label]: url`) is written.
    let definitions: Vec<(String, std::ops::Range<usize>)> = parser
        .reference_definitions()
        .iter()
        .map(|(label, def)| (label.to_lowercase(), def.span.clone()))
        .collect();
    let mut out = Vec::new();
    // Raw HTML comes in pieces (a block's lines, an inline tag at a time): each run is read
    // whole, with where each piece starts in the text.
    let mut html = String::new();
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    let flush = |html: &mut String, pieces: &mut Vec<(usize, usize)>, out: &mut Vec<_>| {
        for u in crate::load::urls::html_urls(html) {
            let (start, at) = pieces
                .iter()
                .rev()
                .find(|(start, _)| *start <= u.offset)
                .copied()
                .unwrap_or((0, 0));
            out.push(MarkdownUrl {
                kind: format!("raw HTML <{} {}>", u.element, u.attribute),
                url: u.value,
                offset: at + (u.offset - start),
            });
        }
        html.clear();
        pieces.clear();
    };
    for (event, range) in parser {
        let (kind, link_type, dest, id) = match event {
            Event::Html(piece) | Event::InlineHtml(piece) => {
                pieces.push((html.len(), range.start));
                html.push_str(&piece);
                continue;
            }
            Event::Start(Tag::HtmlBlock) => continue,
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                id,
                ..
            }) => ("link", link_type, dest_url, id),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                id,
                ..
            }) => ("image", link_type, dest_url, id),
            _ => {
                flush(&mut html, &mut pieces, &mut out);
                continue;
            }
        };
        flush(&mut html, &mut pieces, &mut out);
        let offset = match link_type {
            LinkType::WikiLink { .. } if kind == "link" => {
                wiki.push((dest.to_string(), range.start));
                continue;
            }
            LinkType::WikiLink { .. } | LinkType::Email => continue,
            LinkType::Autolink => range.start + 1,
            LinkType::Inline => text[range.clone()]
                .rfind("](")
                .map_or(range.start, |p| destination(text, range.start + p + 2)),
            _ => {
                let label = id.to_lowercase();
                match definitions.iter().find(|(l, _)| *l == label) {
                    Some((_, span)) => text[span.clone()]
                        .find("]:")
                        .map_or(span.start, |p| destination(text, span.start + p + 2)),
                    None => range.start,
                }
            }
        };
        out.push(MarkdownUrl {
            kind: kind.into(),
            url: dest.to_string(),
            offset,
        });
    }
    flush(&mut html, &mut pieces, &mut out);
    Scanned { wiki, urls: out }
}

/// Where a link destination starts, from just after its `](` or `]:`: past spaces and a `<`.
fn destination(text: &str, from: usize) -> usize {
    let rest = &text[from..];
    let spaces = rest.len() - rest.trim_start().len();
    from + spaces + usize::from(rest[spaces..].starts_with('<'))
}

/// Where a text sits in its file.
enum Place {
    /// A Markdown body starting on this line.
    Body(usize),
    /// A front-matter value at this YAML path.
    Field(String),
}

/// Who links to whom: `to` → the records that link to it.
pub type Backlinks = BTreeMap<Ref, BTreeSet<Ref>>;

/// Checks texts: each text on its own (so texts are checked in parallel), gathering its
/// problems and the records it links to.
struct Collector<'a> {
    a: &'a Archive,
    d: Diagnostics,
    level: Level,
    /// (from, to) for each wiki link to an existing record.
    links: Vec<(Ref, Ref)>,
}

impl Collector<'_> {
    fn link(&mut self, from: &Ref, to: Ref) {
        self.links.push((from.clone(), to));
    }

    fn text(&mut self, from: &Ref, source: &Source, place: &Place, text: &str, read: &Scanned) {
        let mut placer = Placer::new(self.a, source, place, text);
        let links = &read.wiki;
        self.urls(source, place, text, &read.urls, &mut placer);
        // Which occurrence of its target each link is: the file is searched for the same one.
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for (target, offset) in links {
            let nth = seen.entry(target.as_str()).or_default();
            let this = *nth;
            *nth += 1;
            match Ref::parse(target) {
                Ok(r) if self.a.exists(&r) => self.link(from, r),
                // Its file has errors, reported already: the link is not wrong.
                Ok(r) if self.a.unreadable.contains(&r.to_string()) => {}
                // After the as-of date of this build: left out, not wrong.
                Ok(r) if self.a.later.contains_key(&r.to_string()) => {}
                parsed => {
                    let why = match parsed {
                        Err(message) => message,
                        Ok(r) => format!(
                            "there is no {} `{}` (expected a record's id, like [[INC-2025-014]], [[2025-W14]] or [[team:payments]])",
                            r.kind(),
                            r.id()
                        ),
                    };
                    if !placer.counts() {
                        continue;
                    }
                    let needle = format!("[[{target}");
                    let at = placer.place(*offset, &needle, this);
                    let message = format!("wiki link [[{target}]] names no record: {why}");
                    self.d.report(self.level, &source.path, at, message);
                }
            }
        }
        if let Some(note) = placer.left_out() {
            self.d.report(self.level, &source.path, None, note);
        }
    }

    /// Every address of the text must have a safe scheme (load::urls): an error otherwise,
    /// whatever `broken_links` says.
    fn urls(
        &mut self,
        source: &Source,
        place: &Place,
        text: &str,
        urls: &[MarkdownUrl],
        placer: &mut Placer,
    ) {
        // How often each written form was seen so far: the file is searched for the same one.
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for u in urls {
            let Err(why) = crate::load::urls::check_url(&u.url) else {
                continue;
            };
            if !placer.counts() {
                continue;
            }
            // What the file has at that place, to find it in a front-matter value.
            let written: String = text[u.offset..]
                .chars()
                .take_while(|c| *c != '\n')
                .take(40)
                .collect();
            let nth = seen.entry(written.clone()).or_default();
            let this = *nth;
            *nth += 1;
            let at = placer.place(u.offset, &written, this);
            let field = match place {
                Place::Body(_) => "the body".to_string(),
                Place::Field(path) => path.clone(),
            };
            let message = format!(
                "{} `{}` in {field}: {why}",
                u.kind,
                crate::load::urls::shown(&u.url)
            );
            self.d.error(&source.path, at, message);
        }
    }
}

/// What is to be checked, gathered from records in a fixed order: texts with their places, and
/// the links front matter makes.
#[derive(Default)]
struct Gather<'a> {
    texts: Vec<(Ref, &'a Source, Place, &'a str)>,
    links: Vec<(Ref, Ref)>,
}

impl<'a> Gather<'a> {
    fn link(&mut self, from: &Ref, to: Ref) {
        self.links.push((from.clone(), to));
    }

    fn text(&mut self, from: &Ref, source: &'a Source, place: Place, text: &'a str) {
        self.texts.push((from.clone(), source, place, text));
    }

    /// A front-matter text, if there: its path is spelled out only then.
    fn field(
        &mut self,
        from: &Ref,
        source: &'a Source,
        path: impl FnOnce() -> String,
        text: Option<&'a str>,
    ) {
        if let Some(text) = text {
            self.text(from, source, Place::Field(path()), text);
        }
    }

    /// The action items' texts and refs, from the record that raised each.
    fn actions(&mut self, a: &'a Archive, actions: &[&'a Action]) {
        for x in actions {
            let Some((source, n)) = super::action_place(a, x) else {
                continue;
            };
            let me = match &x.origin {
                Origin::Review(w) => Ref::Review(*w),
                Origin::Incident(id) => Ref::Incident(id.clone()),
            };
            self.field(
                &me,
                source,
                || format!("action_items.{n}.title"),
                Some(&x.item.title),
            );
            self.field(
                &me,
                source,
                || format!("action_items.{n}.notes"),
                x.item.notes.as_deref(),
            );
            for r in &x.refs {
                self.link(&me, r.clone());
            }
        }
    }
}

/// At most this many problems are placed in one text; the rest are counted in one note, so
/// that a huge text full of broken links costs a bounded amount of work to report.
const MAX_PLACED: usize = 100;

/// Places the problems of one Markdown text in its file. In a body an offset gives the place
/// exactly. A front-matter value has been unquoted, unfolded or unindented by YAML, so its
/// problem is found in the file itself, from the value's position on (the estimate from the
/// value is the fallback). The file is read, and each text's lines indexed, once.
struct Placer<'a> {
    source: &'a Source,
    place: &'a Place,
    root: &'a std::path::Path,
    text: &'a str,
    /// The text's lines, indexed for the first problem.
    lines: Option<Lines<'a>>,
    /// The file and its lines, for a front-matter value, once it is needed.
    file: Option<Option<(String, Vec<usize>)>>,
    placed: usize,
    left_out: usize,
}

impl<'a> Placer<'a> {
    fn new(a: &'a Archive, source: &'a Source, place: &'a Place, text: &'a str) -> Self {
        Placer {
            source,
            place,
            root: &a.root,
            text,
            lines: None,
            file: None,
            placed: 0,
            left_out: 0,
        }
    }

    /// Whether one more problem is placed (true) or only counted.
    fn counts(&mut self) -> bool {
        if self.placed < MAX_PLACED {
            self.placed += 1;
            true
        } else {
            self.left_out += 1;
            false
        }
    }

    fn left_out(&self) -> Option<String> {
        (self.left_out > 0).then(|| {
            format!(
                "{} more problems like those above in this text are not listed (fix the first {MAX_PLACED} and build again)",
                self.left_out
            )
        })
    }

    /// Where the problem at byte `offset` of the text is: `needle` is what the file has there,
    /// the `nth` of its kind in the text.
    fn place(&mut self, offset: usize, needle: &str, nth: usize) -> Option<Position> {
        if let Place::Field(path) = self.place {
            let from = self.source.at(path).or_else(|| self.source.key_at(path))?;
            let (root, source) = (self.root, self.source);
            let file = self.file.get_or_insert_with(|| {
                let text = std::fs::read_to_string(root.join(&source.path)).ok()?;
                let lines = line_starts(&text);
                Some((text, lines))
            });
            if let Some((file, lines)) = file.as_ref() {
                if let Some(found) = locate(file, lines, from, needle, nth) {
                    return Some(found);
                }
            }
        }
        let text = self.text;
        let lines = self.lines.get_or_insert_with(|| Lines::new(text));
        position(self.source, self.place, lines, offset)
    }
}

/// Byte offsets at which the lines of a text start.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// A text and its line starts: the line and column of any byte offset, found by a search.
struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        Lines {
            text,
            starts: line_starts(text),
        }
    }

    /// The 0-based line and column (in characters) of byte `offset`.
    fn at(&self, offset: usize) -> (usize, usize) {
        line_and_column(self.text, &self.starts, offset)
    }
}

fn line_and_column(text: &str, starts: &[usize], offset: usize) -> (usize, usize) {
    let line = starts.partition_point(|s| *s <= offset).saturating_sub(1);
    let start = starts.get(line).copied().unwrap_or(0);
    let column = text.get(start..offset).map_or(0, |s| s.chars().count());
    (line, column)
}

/// The `nth` (0-based) `needle` in `file` at or after line:column `from`, as a position.
fn locate(
    file: &str,
    lines: &[usize],
    from: Position,
    needle: &str,
    nth: usize,
) -> Option<Position> {
    let line_start = lines.get(from.line.saturating_sub(1)).copied()?;
    let start = file
        .get(line_start..)?
        .char_indices()
        .nth(from.column.saturating_sub(1))
        .map_or(file.len(), |(i, _)| line_start + i);
    let at = start + file.get(start..)?.match_indices(needle).nth(nth)?.0;
    let (line, column) = line_and_column(file, lines, at);
    Some(Position::new(line + 1, column + 1))
}

/// The line and column of byte `offset` of `text`. In a body that is exact. In a front-matter
/// field it is exact for a one-line value; a block (`notes: |`) is counted from the line after
/// its key, at the key's indentation plus two, as YAML blocks are usually written.
fn position(source: &Source, place: &Place, text: &Lines, offset: usize) -> Option<Position> {
    let (line_in_text, column_in_line) = text.at(offset);
    match place {
        Place::Body(first_line) => {
            Some(Position::new(first_line + line_in_text, column_in_line + 1))
        }
        Place::Field(path) => {
            let value = source.at(path)?;
            if text.starts.len() > 1 {
                let key = source.key_at(path).unwrap_or(value);
                Some(Position::new(
                    key.line + 1 + line_in_text,
                    key.column + 2 + column_in_line,
                ))
            } else {
                Some(Position::new(value.line, value.column + column_in_line))
            }
        }
    }
}

/// What one build checked, for the next (`serve` keeps one between builds; a build starts
/// empty): texts as the Markdown parser read them, by their content; and each review's and
/// incident's links and problems, by its record (the load cache hands out the same `Arc` until
/// the file changes), with what the checks consulted: which records exist.
#[derive(Default)]
pub struct Scans {
    keep: bool,
    read: HashMap<u128, Arc<Scanned>>,
    /// Each review's and incident's links and problems.
    records: Records<Checked>,
}

impl Scans {
    /// Keeps what each build read, for the next.
    pub fn keeping() -> Scans {
        Scans {
            keep: true,
            ..Scans::default()
        }
    }

    /// A text's reading, from an earlier build or now; and its key, to keep it.
    fn get(&self, text: &str) -> (u128, Arc<Scanned>) {
        let key = crate::types::fingerprint(text);
        let read = match self.read.get(&key) {
            Some(read) => Arc::clone(read),
            None => Arc::new(scan(text)),
        };
        (key, read)
    }
}

/// The problems and links of some texts and references, and the readings of the texts.
#[derive(Default)]
struct Checked {
    problems: Diagnostics,
    links: Vec<(Ref, Ref)>,
    read: Vec<(u128, Arc<Scanned>)>,
}

/// Checks every wiki link of the archive (an error, or a warning with `broken_links: warn`) and
/// returns the backlinks from wiki links and front-matter references alike.
///
/// `world` sums up what the checks consult besides the records (see [`super::memo`]): with
/// it, a review or incident whose links were found from the same is not checked again.
pub(super) fn collect(
    a: &Archive,
    warn_only: bool,
    scans: &mut Scans,
    raised: &Raised,
    world: Option<u128>,
    d: &mut Diagnostics,
) -> Backlinks {
    let level = if warn_only {
        Level::Warning
    } else {
        Level::Error
    };
    let memo = &*scans;
    let check_record = |gather: Gather| check(a, level, memo, gather, false);
    let (found, rest) = rayon::join(
        || {
            memo.records.find(
                a,
                world,
                raised,
                |_| 0,
                |r, actions| check_record(gather_review(a, r, actions)),
                |i, actions| check_record(gather_incident(a, i, actions)),
            )
        },
        || check(a, level, memo, gather_rest(a), true),
    );
    let all: Vec<&Checked> = found.values().chain(std::iter::once(&rest)).collect();
    // Grouped by target first and each group sorted on its own: a ten-year archive has a
    // hundred thousand links, most of them to a few thousand targets, and one sort of them all
    // would compare names at every step. Copied once, into the backlinks.
    let mut by_target: HashMap<&Ref, Vec<&Ref>> = Default::default();
    for checked in &all {
        d.extend(checked.problems.clone());
        for (from, to) in &checked.links {
            if to != from {
                by_target.entry(to).or_default().push(from);
            }
        }
    }
    let backlinks = by_target
        .into_par_iter()
        .filter(|(to, _)| a.exists(to))
        .map(|(to, from)| (to.clone(), from.into_iter().cloned().collect()))
        .collect();
    if scans.keep {
        // The texts of the other records, by content; a review or an incident is kept whole.
        scans.read = rest.read.iter().cloned().collect();
        scans.records.keep(found);
    }
    backlinks
}

/// Checks the texts gathered, each read once (or as read by the last build); with `keep`, their
/// readings are returned to be kept.
fn check(a: &Archive, level: Level, scans: &Scans, gather: Gather, keep: bool) -> Checked {
    let mut checker = Collector {
        a,
        d: Diagnostics::new(),
        level,
        links: gather.links,
    };
    let mut read = vec![];
    for (from, source, place, text) in &gather.texts {
        let (key, scanned) = scans.get(text);
        checker.text(from, source, place, text, &scanned);
        if keep {
            read.push((key, scanned));
        }
    }
    Checked {
        problems: checker.d,
        links: checker.links,
        read,
    }
}

/// A review's texts and references, and those of the action items it raised.
fn gather_review<'a>(a: &'a Archive, r: &'a super::Review, actions: &[&'a Action]) -> Gather<'a> {
    let mut c = Gather::default();
    let me = Ref::Review(r.front.week);
    let f = &r.front;
    let s = &r.source;
    c.field(&me, s, || "summary".into(), f.summary.as_deref());
    for (team, tw) in &f.teams {
        c.link(&me, Ref::Team(team.clone()));
        for key in tw.slos.keys() {
            c.link(
                &me,
                Ref::Slo(key.split('/').next().unwrap_or(key).to_string()),
            );
        }
        c.field(
            &me,
            s,
            || format!("teams.{team}.notes"),
            tw.notes.as_deref(),
        );
        c.field(
            &me,
            s,
            || format!("teams.{team}.notes_for_presenter"),
            tw.notes_for_presenter.as_deref(),
        );
    }
    for (i, p) in f.projects.iter().enumerate() {
        c.field(&me, s, || format!("projects.{i}.notes"), p.notes.as_deref());
    }
    for (i, w) in f.wins.iter().enumerate() {
        c.field(&me, s, || format!("wins.{i}"), Some(w));
    }
    for id in &f.incidents {
        c.link(&me, Ref::Incident(id.clone()));
    }
    c.text(&me, s, Place::Body(r.body_line), &r.body);
    c.actions(a, actions);
    c
}

/// An incident's texts and references, and those of the action items it raised.
fn gather_incident<'a>(
    a: &'a Archive,
    i: &'a super::Incident,
    actions: &[&'a Action],
) -> Gather<'a> {
    let mut c = Gather::default();
    let me = Ref::Incident(i.front.id.clone());
    let f = &i.front;
    let s = &i.source;
    c.field(&me, s, || "impact".into(), f.impact.as_deref());
    for (n, cause) in f.proximate_causes.iter().enumerate() {
        c.field(&me, s, || format!("proximate_causes.{n}"), Some(cause));
    }
    for t in &f.teams {
        c.link(&me, Ref::Team(t.clone()));
    }
    for sv in &f.services {
        c.link(&me, Ref::Service(sv.clone()));
    }
    for other in &f.related {
        c.link(&me, Ref::Incident(other.clone()));
    }
    c.text(&me, s, Place::Body(i.body_line), &i.body);
    c.actions(a, actions);
    c
}

/// The texts and references of every record but the reviews and incidents.
fn gather_rest(a: &Archive) -> Gather<'_> {
    let mut c = Gather::default();
    for (id, t) in &a.teams {
        c.text(
            &Ref::Team(id.clone()),
            &t.source,
            Place::Body(t.body_line),
            &t.body,
        );
    }
    for (id, sv) in &a.services {
        let me = Ref::Service(id.clone());
        if let Some(team) = sv.team() {
            c.link(&me, Ref::Team(team.to_string()));
        }
        if let Some(doc) = &sv.doc {
            for rb in &doc.front.runbooks {
                c.link(&me, Ref::Runbook(rb.clone()));
            }
            c.text(&me, &doc.source, Place::Body(doc.body_line), &doc.body);
        }
    }
    for (name, slo) in &a.slos {
        let me = Ref::Slo(name.clone());
        c.link(&me, Ref::Service(slo.service.clone()));
        c.field(
            &me,
            &slo.source,
            || "spec.description".into(),
            slo.description.as_deref(),
        );
    }
    for (id, rb) in &a.runbooks {
        let me = Ref::Runbook(id.clone());
        for alert in &rb.front.alerts {
            c.link(&me, Ref::Alert(alert.clone()));
        }
        for sv in &rb.front.services {
            c.link(&me, Ref::Service(sv.clone()));
        }
        c.text(&me, &rb.source, Place::Body(rb.body_line), &rb.body);
    }
    for (id, p) in &a.pages {
        c.text(
            &Ref::Page(id.clone()),
            &p.source,
            Place::Body(p.body_line),
            &p.body,
        );
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets(text: &str) -> Vec<String> {
        wiki_links(text).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn wiki_links_with_labels_but_not_in_code_or_escaped() {
        assert_eq!(
            targets("See [[INC-2025-014]] and [[team:payments|the payments team]]."),
            ["INC-2025-014", "team:payments"]
        );
        assert_eq!(targets("`[[INC-2025-001]]` is code"), Vec::<String>::new());
        assert_eq!(
            targets("```\n[[INC-2025-001]]\n```\n"),
            Vec::<String>::new()
        );
        assert_eq!(
            targets("    [[INC-2025-001]] indented code\n"),
            Vec::<String>::new()
        );
        assert_eq!(targets(r"\[[INC-2025-001]] escaped"), Vec::<String>::new());
        assert_eq!(
            targets("Über [[page:glossar|Glossar für Öffis]] …"),
            ["page:glossar"]
        );
    }

    #[test]
    fn every_address_is_found_where_it_is_written() {
        let text = "A [x](javascript:a) ![i]( <data:b>) <vbscript:c> [[team:x]] <a@b.c>\n\
                    [r][def] and [x](&#106;avascript:d \"t\")\n\n\
                    <div>\n<a\n  href=\"java&Tab;script:e\">x</a>\n</div>\n\n\
                    Inline <img src='data:f'> and `<a href=\"javascript:no\">`.\n\n\
                    [def]: file:///g\n";
        let found: Vec<(String, String, &str)> = markdown_urls(text)
            .into_iter()
            .map(|u| (u.kind, u.url, &text[u.offset..]))
            .collect();
        let starts = |written: &str, rest: &str| rest.starts_with(written);
        let expected = [
            ("link", "javascript:a", "javascript:a"),
            ("image", "data:b", "data:b"),
            ("link", "vbscript:c", "vbscript:c"),
            ("link", "file:///g", "file:///g"),
            ("link", "javascript:d", "&#106;avascript:d"),
            ("raw HTML <a href>", "java\tscript:e", "java&Tab;script:e"),
            ("raw HTML <img src>", "data:f", "data:f"),
        ];
        assert_eq!(found.len(), expected.len(), "{found:?}");
        for ((kind, url, rest), (k, u, written)) in found.iter().zip(expected) {
            assert_eq!((kind.as_str(), url.as_str()), (k, u));
            assert!(starts(written, rest), "{k} {u}: {rest:?}");
        }
    }

    #[test]
    fn a_link_in_a_field_is_found_where_the_file_has_it() {
        let at = |file: &str, line, column, target: &str, nth| {
            let needle = format!("[[{target}");
            let p = locate(
                file,
                &line_starts(file),
                Position::new(line, column),
                &needle,
                nth,
            )
            .unwrap();
            (p.line, p.column)
        };
        // Quoted: the value's position is the quote.
        assert_eq!(
            at("week: x\nsummary: \"Quiet [[x]]\"\n", 2, 10, "x", 0),
            (2, 17)
        );
        // Folded over two lines, with the same target twice.
        let folded = "notes: >\n  First [[x]] then\n  more [[x]] and Ünïcode [[y]]\n";
        assert_eq!(at(folded, 1, 8, "x", 1), (3, 8));
        assert_eq!(at(folded, 1, 8, "y", 0), (3, 26));
        // A block indented four spaces; a link earlier in the file is not counted.
        let deep = "a: [[x]]\nnotes: |\n    text [[x]]\n";
        assert_eq!(at(deep, 2, 8, "x", 0), (3, 10));
        assert_eq!(
            locate(deep, &line_starts(deep), Position::new(2, 8), "[[z", 0),
            None
        );
    }
}
