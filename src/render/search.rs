//! Search: the `search/` page and its index, `search/index.js`.
//!
//! The index is a script that assigns one global, `window.OPSBOOK_SEARCH = {"v":2,…};`, so that
//! the search page (and the header's box, on first use) loads it with `<script src>`: it works
//! from `file://` and under any sub-path, with no fetch. `kinds` names the kinds of record and
//! `severities` the site's scale; then there is one document per record (review, incident, team,
//! service, SLO, alert, runbook, page, action item), one per line, in a fixed order, each an
//! array — `[kind, id, title, address, text]`, then `date` and `severity` where it has them:
//!
//! ```text
//! {"v":2,"kinds":["review","incident",…],"severities":["critical","major","standard"],"docs":[
//! [1,"INC-2025-016","INC-2025-016: Scan events delayed …","incidents/INC-2025-016/",
//!  "inc-2025-016 inc 2025 016 scan events …","2025-09-25",1],
//! ```
//!
//! `kind` is an index into `kinds`, `severity` into `severities` (its rank: the class
//! `sev-<rank>`); `address` is below the site root, without a leading `/` (the page prefixes its
//! way back to the root); `date` is an ISO date. `text` is the record's own words — title and id
//! first, then its fields and its Markdown with the syntax stripped — lower-cased and separated by
//! single spaces, in the order they first appear, **each word once by its stem** (the first form
//! kept: `paged` after `paging` is left out), and at most [`TEXT_CAP`] bytes. A word joined by
//! `-`, `_`, `.`, `/` or an apostrophe (`tracking-ingest`, `max.poll.interval.ms`) is kept whole
//! and its parts are added too, as are the parts of a CamelCase word
//! (`HostDiskMayFillIn24Hours`), so that a search for `ingest` or `disk` finds them.
//!
//! `assets/search.js` splits a query the same way, and a query word matches a word of `text`
//! that starts with it, or whose stem starts with its stem: [`stem`] is a light stemmer of a few
//! suffix rules, and both sides take the rules from one line of `assets/search.js`
//! (`STEM_RULES`), so that the index and the query always stem alike. Words with a digit or a
//! joiner (ids such as `INC-2025-014`) are not stemmed. The results show a snippet: the words of
//! `text` around the first match, the matched words marked.
//!
//! Why this shape: a record's `text` is never longer than its own words, and never longer than
//! `TEXT_CAP`, so the index grows at most linearly with the archive (by record, with a bounded
//! cost each) and no faster than its text; repeated words, Markdown, URLs, YAML keys and the
//! figures of each week (pages, SLO attainment) cost nothing, and a document's fields cost no
//! names. An inverted index would be smaller only for far bigger archives and would need a
//! loader; ten thousand documents are matched by plain substring tests in a few milliseconds.

use std::collections::BTreeSet;

use pulldown_cmark::{Event, Parser};
use serde::Serialize;

use super::markdown::plain_text;
use super::OutputFile;
use crate::analyze;
use crate::resolve::links::markdown_options;
use crate::resolve::{Archive, Ref};

/// Where the index is written, below the site root.
pub const INDEX_PATH: &str = "search/index.js";
/// The global the index assigns.
const GLOBAL: &str = "window.OPSBOOK_SEARCH";
/// The most bytes of words kept per record. Titles, ids and summaries come first, so what a
/// long record loses is the tail of its body: 2,000 bytes is some 250 distinct words, a whole
/// incident write-up or week in the sample, and it bounds any record's share of the index.
pub const TEXT_CAP: usize = 2000;
/// Characters that join the parts of one word (`tracking-ingest`, `max.poll.interval.ms`).
/// `assets/search.js` splits queries on the same set.
const JOINERS: &[char] = &['-', '_', '.', '/', '\'', '’'];

/// The kinds of record, in the order of the index's `kinds`.
const KINDS: [&str; 9] = [
    "review",
    "incident",
    "team",
    "service",
    "SLO",
    "alert",
    "runbook",
    "page",
    "action item",
];

/// The line of `assets/search.js` that holds the stemmer's rules, as JSON.
const RULES_LINE: &str = "var STEM_RULES = ";

/// The suffix rules of the light stemmer, `[suffix, replacement]`, read from the built-in
/// theme's `assets/search.js`, which applies the same ones to queries.
fn stem_rules() -> &'static [(String, String)] {
    static RULES: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    RULES.get_or_init(|| {
        let js = include_str!("../../themes/default/static/assets/search.js");
        js.lines()
            .find_map(|l| l.trim().strip_prefix(RULES_LINE))
            .and_then(|l| serde_json::from_str(l.trim_end_matches(';')).ok())
            .unwrap_or_default()
    })
}

/// The shortest stem a rule may leave.
const MIN_STEM: usize = 3;

/// A word's stem: the first rule whose suffix the word ends with, if it leaves at least
/// [`MIN_STEM`] characters, replaces it (`paged`, `paging`, `pages` → `pag`); a rule that maps
/// a suffix to itself keeps the word whatever its length (`class`, `pass`). Words with anything but letters are their own
/// stem. `assets/search.js` has the same function.
pub fn stem(word: &str) -> String {
    if !word.chars().all(char::is_alphabetic) {
        return word.to_string();
    }
    let len = word.chars().count();
    for (suffix, replacement) in stem_rules() {
        let keeps = suffix == replacement;
        if word.ends_with(suffix.as_str()) && (keeps || len - suffix.chars().count() >= MIN_STEM) {
            return format!("{}{replacement}", &word[..word.len() - suffix.len()]);
        }
    }
    word.to_string()
}

/// One record in the index.
struct Doc {
    kind: &'static str,
    id: String,
    title: String,
    address: String,
    date: Option<String>,
    /// Its place in the site's scale, 0 the most severe.
    severity: Option<usize>,
    text: String,
}

impl Doc {
    /// `[kind, id, title, address, text, date?, severity?]`.
    fn json(&self) -> serde_json::Value {
        let kind = KINDS.iter().position(|k| *k == self.kind).unwrap_or(0);
        let mut row = vec![
            serde_json::Value::from(kind),
            self.id.clone().into(),
            self.title.clone().into(),
            self.address.clone().into(),
            self.text.clone().into(),
        ];
        if self.date.is_some() || self.severity.is_some() {
            row.push(self.date.clone().unwrap_or_default().into());
        }
        if let Some(rank) = self.severity {
            row.push(rank.into());
        }
        row.into()
    }
}

#[derive(Serialize)]
struct Head<'a> {
    v: u32,
    kinds: &'a [&'a str],
    severities: Vec<&'a str>,
}

/// `search/index.js`: every record of the archive, in a fixed order (reviews oldest first, then
/// incidents, teams, services, SLOs, alerts, runbooks, pages and action items, each in the
/// archive's order), so the same archive always gives the same bytes.
pub fn index(a: &Archive) -> OutputFile {
    let docs = docs(a);
    let head = Head {
        v: 2,
        kinds: &KINDS,
        severities: a.site.severities.iter().map(|s| s.id.as_str()).collect(),
    };
    // Strings and numbers: they always serialise.
    let head = serde_json::to_string(&head).unwrap_or_default();
    let mut out = format!("{GLOBAL} = {},\"docs\":[\n", head.trim_end_matches('}'));
    for (n, doc) in docs.iter().enumerate() {
        if n > 0 {
            out.push_str(",\n");
        }
        out.push_str(&doc.json().to_string());
    }
    out.push_str("\n]};\n");
    OutputFile {
        path: INDEX_PATH.into(),
        bytes: out.into_bytes(),
    }
}

fn docs(a: &Archive) -> Vec<Doc> {
    let mut docs = Vec::new();
    let record = |r: &Ref, words: Words| Doc {
        kind: r.kind(),
        id: r.id(),
        title: a.title(r),
        address: r.address(),
        date: None,
        severity: None,
        text: words.text,
    };
    let start = |r: &Ref| {
        let mut w = Words::default();
        w.plain(&a.title(r));
        w.plain(&r.to_string());
        w
    };

    for review in &a.reviews {
        let f = &review.front;
        let r = Ref::Review(f.week);
        let mut w = start(&r);
        w.markdown_opt(f.summary.as_deref());
        for tw in f.teams.values() {
            w.markdown_opt(tw.notes.as_deref());
        }
        for p in &f.projects {
            w.markdown(&p.title);
            w.markdown_opt(p.notes.as_deref());
        }
        for win in &f.wins {
            w.markdown(win);
        }
        for id in &f.incidents {
            w.plain(id);
        }
        w.plain_all(&f.tags);
        w.markdown(&review.body);
        docs.push(Doc {
            date: Some(f.week.monday().to_string()),
            ..record(&r, w)
        });
    }

    let tz = &a.site.time_zone.tz;
    for incident in &a.incidents {
        let f = &incident.front;
        let r = Ref::Incident(f.id.clone());
        let mut w = start(&r);
        w.plain(&f.severity);
        w.plain(f.status.as_str());
        w.markdown_opt(f.impact.as_deref());
        for cause in &f.proximate_causes {
            w.markdown(cause);
        }
        w.markdown_opt(f.trigger.as_deref());
        for t in &f.teams {
            w.plain(&a.title(&Ref::Team(t.clone())));
        }
        w.plain_all(&f.services);
        w.plain_all(&f.tags);
        w.markdown(&incident.body);
        let rank = a.site.severities.iter().position(|s| s.id == f.severity);
        docs.push(Doc {
            date: Some(f.started.to_zoned(tz.clone()).date().to_string()),
            severity: rank,
            ..record(&r, w)
        });
    }

    for (id, team) in &a.teams {
        let r = Ref::Team(id.clone());
        let mut w = start(&r);
        w.plain_opt(team.front.description.as_deref());
        for m in &team.front.members {
            w.plain(a.person_name(m));
        }
        w.markdown(&team.body);
        docs.push(record(&r, w));
    }

    for (id, s) in &a.services {
        let r = Ref::Service(id.clone());
        let mut w = start(&r);
        w.plain_opt(s.description());
        if let Some(t) = s.team() {
            w.plain(&a.title(&Ref::Team(t.to_string())));
        }
        if let Some(doc) = &s.doc {
            w.markdown(&doc.body);
        }
        docs.push(record(&r, w));
    }

    for (name, slo) in &a.slos {
        let r = Ref::Slo(name.clone());
        let mut w = start(&r);
        w.markdown_opt(slo.description.as_deref());
        for o in &slo.objectives {
            w.plain(&o.display_name);
        }
        w.plain(&a.title(&Ref::Service(slo.service.clone())));
        w.plain(&slo.service);
        docs.push(record(&r, w));
    }

    for name in &a.alerts {
        let r = Ref::Alert(name.clone());
        let mut w = start(&r);
        for (_, rb) in a
            .runbooks
            .iter()
            .filter(|(_, rb)| rb.front.alerts.contains(name))
        {
            w.plain(&rb.front.title);
        }
        docs.push(record(&r, w));
    }

    for (id, rb) in &a.runbooks {
        let r = Ref::Runbook(id.clone());
        let mut w = start(&r);
        w.plain_all(&rb.front.alerts);
        w.plain_all(&rb.front.services);
        w.markdown(&rb.body);
        docs.push(record(&r, w));
    }

    for (id, p) in &a.pages {
        let r = Ref::Page(id.clone());
        let mut w = start(&r);
        w.plain_opt(p.front.description.as_deref());
        w.markdown(&p.body);
        docs.push(record(&r, w));
    }

    // Action items have no page of their own: each is a row (with its id) of the actions page,
    // which lists those raised by the as-of date.
    for action in analyze::actions::in_scope(a) {
        let item = &action.item;
        let mut w = Words::default();
        w.plain(&item.id);
        w.markdown(&item.title);
        w.plain(a.person_name(&item.owner));
        w.plain(analyze::action_state(action, a.as_of).as_str());
        if let Some(t) = &action.team {
            w.plain(&a.title(&Ref::Team(t.clone())));
        }
        w.markdown_opt(item.notes.as_deref());
        docs.push(Doc {
            kind: "action item",
            id: item.id.clone(),
            title: format!("{}: {}", item.id, plain_text(&item.title, usize::MAX)),
            address: format!("actions/#{}", item.id),
            date: Some(action.created.to_string()),
            severity: None,
            text: w.text,
        });
    }
    docs
}

/// A record's distinct words (by stem), in the order they first appear, up to [`TEXT_CAP`] bytes.
#[derive(Default)]
struct Words {
    seen: BTreeSet<String>,
    text: String,
}

impl Words {
    fn plain(&mut self, text: &str) {
        for token in text.split(|c: char| !(c.is_alphanumeric() || JOINERS.contains(&c))) {
            let token = token.trim_matches(JOINERS);
            if token.is_empty() {
                continue;
            }
            self.push(token.to_lowercase());
            let parts: Vec<&str> = token.split(JOINERS).filter(|p| !p.is_empty()).collect();
            for part in &parts {
                let camel = camel_parts(part);
                if parts.len() > 1 {
                    self.push(part.to_lowercase());
                }
                if camel.len() > 1 {
                    for c in camel {
                        self.push(c.to_lowercase());
                    }
                }
            }
        }
    }

    fn plain_opt(&mut self, text: Option<&str>) {
        if let Some(t) = text {
            self.plain(t);
        }
    }

    fn plain_all(&mut self, list: &[String]) {
        for t in list {
            self.plain(t);
        }
    }

    fn markdown(&mut self, text: &str) {
        for event in Parser::new_ext(text, markdown_options()) {
            if let Event::Text(t) | Event::Code(t) = event {
                self.plain(&t);
            }
        }
    }

    fn markdown_opt(&mut self, text: Option<&str>) {
        if let Some(t) = text {
            self.markdown(t);
        }
    }

    /// Adds a word unless it is a single character, already there (or a word of the same
    /// stem), or would pass the cap.
    fn push(&mut self, word: String) {
        if word.chars().nth(1).is_none() {
            return;
        }
        let stemmed = stem(&word);
        if self.seen.contains(&stemmed) {
            return;
        }
        let space = usize::from(!self.text.is_empty());
        if self.text.len() + space + word.len() > TEXT_CAP {
            return;
        }
        if space == 1 {
            self.text.push(' ');
        }
        self.text.push_str(&word);
        self.seen.insert(stemmed);
    }
}

/// The parts of a CamelCase word: `HostDiskMayFillIn24Hours` → Host Disk May Fill In24 Hours,
/// `HTTPServer` → HTTP Server. A word with no inner capital is one part.
fn camel_parts(word: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let mut parts = Vec::new();
    let mut start = 0;
    for i in 1..chars.len() {
        let (at, c) = chars[i];
        let prev = chars[i - 1].1;
        let next_lower = chars.get(i + 1).is_some_and(|(_, n)| n.is_lowercase());
        let boundary = c.is_uppercase()
            && (prev.is_lowercase() || prev.is_numeric() || (prev.is_uppercase() && next_lower));
        if boundary {
            parts.push(&word[start..at]);
            start = at;
        }
    }
    parts.push(&word[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;
    use serde_json::Value;

    /// The sample archive in `content/`, read once for all the tests.
    fn sample() -> &'static Archive {
        static SAMPLE: std::sync::OnceLock<Archive> = std::sync::OnceLock::new();
        SAMPLE.get_or_init(|| {
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
            let mut d = Diagnostics::new();
            let loaded = crate::load::load(root, &mut d).expect("the sample archive loads");
            let archive = crate::resolve::resolve(loaded, None, &mut d);
            assert!(!d.has_errors(), "the sample archive has errors");
            archive
        })
    }

    /// The JSON inside `search/index.js`.
    fn parse(file: &OutputFile) -> Value {
        let text = std::str::from_utf8(&file.bytes).unwrap();
        let json = text
            .strip_prefix("window.OPSBOOK_SEARCH = ")
            .and_then(|t| t.strip_suffix(";\n"))
            .expect("the index assigns window.OPSBOOK_SEARCH");
        serde_json::from_str(json).expect("the index is JSON")
    }

    fn words(text: &str) -> Vec<String> {
        let mut w = Words::default();
        w.markdown(text);
        w.text.split(' ').map(String::from).collect()
    }

    #[test]
    fn words_are_distinct_lower_case_and_free_of_markdown() {
        assert_eq!(
            words(
                "## The *ledger* API\n\nSee [the runbook](https://x.example/rb) and the `ledger`."
            ),
            ["the", "ledger", "api", "see", "runbook", "and"]
        );
        // Joined words whole and in parts; CamelCase in parts; wiki links by their text.
        assert_eq!(
            words(
                "tracking-ingest's max.poll.interval.ms; HostDiskMayFillIn24Hours [[INC-2025-006]]"
            ),
            [
                "tracking-ingest's",
                "tracking",
                "ingest",
                "max.poll.interval.ms",
                "max",
                "poll",
                "interval",
                "ms",
                "hostdiskmayfillin24hours",
                "host",
                "disk",
                "may",
                "fill",
                "in24",
                "hours",
                "inc-2025-006",
                "inc",
                "2025",
                "006",
            ]
        );
        assert_eq!(camel_parts("HTTPServer"), ["HTTP", "Server"]);
        assert_eq!(camel_parts("ledger"), ["ledger"]);
    }

    #[test]
    fn text_stops_at_the_cap_on_a_word_boundary() {
        let long: String = (0..2000).map(|n| format!("word{n} ")).collect();
        let mut w = Words::default();
        w.plain(&long);
        assert!(w.text.len() <= TEXT_CAP && w.text.len() > TEXT_CAP - 10);
        assert!(w
            .text
            .split(' ')
            .all(|x| x.starts_with("word") && x.len() > 4));
    }

    /// The index's documents as objects: `{kind, id, title, address, text, date, severity}`.
    fn documents(index: &Value) -> Vec<Value> {
        let kinds = index["kinds"].as_array().unwrap();
        let severities = index["severities"].as_array().unwrap();
        index["docs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                let d = d.as_array().unwrap();
                assert!((5..=7).contains(&d.len()), "{d:?}");
                serde_json::json!({
                    "kind": kinds[d[0].as_u64().unwrap() as usize],
                    "id": d[1], "title": d[2], "address": d[3], "text": d[4],
                    "date": d.get(5).filter(|v| *v != "").cloned(),
                    "severity": d.get(6).map(|r| severities[r.as_u64().unwrap() as usize].clone()),
                })
            })
            .collect()
    }

    #[test]
    fn index_round_trips_and_finds_the_records() {
        let a = sample();
        let index = parse(&index(a));
        assert_eq!(index["v"], 2);
        let docs = documents(&index);
        let find = |kind: &str, id: &str| {
            docs.iter()
                .find(|d| d["kind"] == kind && d["id"] == id)
                .unwrap_or_else(|| panic!("no {kind} {id} in the index"))
        };
        let inc = find("incident", "INC-2025-016");
        assert_eq!(inc["address"], "incidents/INC-2025-016/");
        assert_eq!(inc["date"], "2025-09-25");
        assert_eq!(inc["severity"], "major");
        assert!(inc["title"].as_str().unwrap().starts_with("INC-2025-016: "));
        let text = inc["text"].as_str().unwrap();
        assert!(text.starts_with("inc-2025-016 inc 2025 016 "), "{text}");
        assert!(text.split(' ').any(|w| w == "rebalance"));
        let week = find("review", "2025-W14");
        assert_eq!(week["title"], "Week 2025-W14");
        assert_eq!(week["address"], "reviews/2025-W14/");
        assert_eq!(week["date"], "2025-03-31");
        assert!(week["text"].as_str().unwrap().contains(" cronjobs "));
        let action = find("action item", "AI-2025-053");
        assert_eq!(action["address"], "actions/#AI-2025-053");
        assert!(action["severity"].is_null());
        assert!(find("team", "payments")["date"].is_null());

        // One document per record.
        let count = |kind: &str| docs.iter().filter(|d| d["kind"] == kind).count();
        assert_eq!(count("review"), a.reviews.len());
        assert_eq!(count("incident"), a.incidents.len());
        assert_eq!(count("team"), a.teams.len());
        assert_eq!(count("service"), a.services.len());
        assert_eq!(count("SLO"), a.slos.len());
        assert_eq!(count("alert"), a.alerts.len());
        assert_eq!(count("runbook"), a.runbooks.len());
        assert_eq!(count("page"), a.pages.len());
        assert_eq!(count("action item"), analyze::actions::in_scope(a).count());
        for d in &docs {
            let text = d["text"].as_str().unwrap();
            assert!(text.len() <= TEXT_CAP);
            let words: Vec<&str> = text.split(' ').collect();
            let distinct: BTreeSet<String> = words.iter().map(|w| stem(w)).collect();
            assert_eq!(words.len(), distinct.len(), "a stem repeats in {}", d["id"]);
            assert_eq!(text, text.to_lowercase());
        }
    }

    #[test]
    fn the_stemmer_joins_the_forms_of_a_word_and_leaves_ids_alone() {
        assert!(
            !stem_rules().is_empty(),
            "the rules are read from search.js"
        );
        for forms in [
            &["page", "pages", "paged", "paging"][..],
            &["deploy", "deploys", "deployed", "deploying"],
            &["policy", "policies"],
            &["service", "services"],
            &["class", "classes"],
            &["pass", "passes"],
        ] {
            let stems: BTreeSet<String> = forms.iter().map(|w| stem(w)).collect();
            assert_eq!(stems.len(), 1, "{forms:?} → {stems:?}");
        }
        // Short words and ids stay whole; different words stay apart.
        assert_eq!(stem("is"), "is");
        assert_eq!(stem("need"), "need");
        assert_eq!(stem("inc-2025-014"), "inc-2025-014");
        assert_eq!(stem("2025"), "2025");
        assert_ne!(stem("pager"), stem("pages"));
        // A later form of a word already there costs nothing in the index.
        assert_eq!(
            words("Paging at night; paged twice, pages"),
            ["paging", "at", "night", "twice"]
        );
    }

    #[test]
    fn every_address_is_a_page_of_the_site() {
        let a = sample();
        let f = analyze::analyze(a);
        let pages: BTreeSet<String> = super::super::views::specs(a, &f)
            .iter()
            .map(|spec| super::super::views::build(a, &f, spec).unwrap().address)
            .collect();
        let index = parse(&index(a));
        for d in documents(&index) {
            let address = d["address"].as_str().unwrap();
            assert!(!address.starts_with('/'), "{address} is root-relative");
            let page = address.split('#').next().unwrap();
            assert!(pages.contains(page), "{address} is no page of the site");
        }
        assert!(pages.contains("search/"));
    }

    #[test]
    fn index_of_the_sample_is_small() {
        let a = sample();
        let size = index(a).bytes.len();
        let docs = documents(&parse(&index(a))).len();
        println!(
            "search/index.js: {size} bytes for {docs} records ({} bytes per 1,000 records)",
            size * 1000 / docs
        );
        assert!(size < 1_000_000, "the index is {size} bytes");
        // Metadata plus at most TEXT_CAP bytes of words per record.
        assert!(size < docs * (TEXT_CAP + 400));
    }
}
