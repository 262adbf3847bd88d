//! The summary that goes out after the meeting: `opsbook summary` prints it (Markdown, HTML or
//! plain text, for a mail or a chat message) and the week's page shows it. One summary, built
//! once from the archive and its analysis, written three ways.
//!
//! Links are absolute from `base_url` when site.yaml has one, else addresses below the site's
//! root (`reviews/2025-W14/`); on the week's page they are relative to the page.

use super::markdown::{self, Context};
use super::views::common::{fmt_date, week_dates};
use super::views::unusual::{self, Part, Sentence};
use crate::analyze::Analysis;
use crate::load::urls::scheme;
use crate::resolve::{Action, Archive, Origin, Ref};
use crate::types::Week;

/// How to write the summary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
    Text,
}

/// Where a link goes: a page of the site (an address below its root) or a URL as written.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Target {
    Site(String),
    Url(String),
}

/// An action item as the summary lists it.
#[derive(Clone, Debug)]
struct Item {
    id: String,
    /// Markdown.
    title: String,
    owner: String,
    due: Option<String>,
}

#[derive(Clone, Debug)]
struct IncidentLine {
    id: String,
    title: String,
    address: String,
    severity: String,
    status: &'static str,
    /// Markdown.
    impact: Option<String>,
    /// Markdown.
    causes: Vec<String>,
    actions: Vec<Item>,
}

/// The summary of one week's review.
pub struct Summary<'a> {
    a: &'a Archive,
    week: Week,
    dates: String,
    draft: bool,
    facilitator: Option<String>,
    /// The review's one-line summary, Markdown.
    summary: Option<String>,
    links: Vec<(&'static str, Target)>,
    /// The dashboard of the week: the service's name and page.
    dashboard: Option<(String, String)>,
    unusual: Vec<Sentence>,
    incidents: Vec<IncidentLine>,
    raised: Vec<Item>,
    /// Owner's name → their overdue items.
    overdue: Vec<(String, Vec<Item>)>,
}

fn item(a: &Archive, x: &Action) -> Item {
    Item {
        id: x.item.id.clone(),
        title: x.item.title.clone(),
        owner: a.person_name(&x.item.owner).to_string(),
        due: x.item.due.map(fmt_date),
    }
}

impl<'a> Summary<'a> {
    /// The summary of review `n` (its index in the archive).
    pub fn of(a: &'a Archive, f: &Analysis, n: usize) -> Option<Summary<'a>> {
        let r = a.reviews.get(n)?;
        let fr = &r.front;
        let week = fr.week;
        let page = Ref::Review(week).address();
        let mut links = vec![
            ("Week's page", Target::Site(page.clone())),
            ("Slides", Target::Site(super::views::slides::address(week))),
        ];
        if let Some(url) = &fr.recording {
            let target = match scheme(url) {
                Some(_) => Target::Url(url.clone()),
                None if url.starts_with('/') => Target::Url(url.clone()),
                None => Target::Site(format!("{page}{url}")),
            };
            links.push(("Recording", target));
        }
        let meeting = f.meeting_of(week);
        let dashboard = meeting.and_then(|m| m.audited_service.as_deref()).map(|s| {
            let r = Ref::Service(s.to_string());
            (a.title(&r), r.address())
        });
        let incidents = fr
            .incidents
            .iter()
            .filter_map(|id| {
                let n = a.incident_index(id)?;
                let i = a.incidents.get(n)?;
                let actions = f
                    .actions_of(a, &Origin::Incident(id.clone()))
                    .map(|(x, _)| item(a, x))
                    .collect();
                Some(IncidentLine {
                    id: id.clone(),
                    title: i.front.title.clone(),
                    address: Ref::Incident(id.clone()).address(),
                    severity: i.front.severity.clone(),
                    status: i.front.status.as_str(),
                    impact: i.front.impact.clone(),
                    causes: i.front.proximate_causes.clone(),
                    actions,
                })
            })
            .collect();
        let raised = f
            .actions_of(a, &Origin::Review(week))
            .map(|(x, _)| item(a, x))
            .collect();
        let overdue = meeting
            .map(|m| {
                m.overdue_by_owner
                    .iter()
                    .map(|(owner, ns)| {
                        let items = ns
                            .iter()
                            .filter_map(|n| a.actions.get(*n))
                            .map(|x| item(a, x))
                            .collect();
                        (a.person_name(owner).to_string(), items)
                    })
                    .collect()
            })
            .unwrap_or_default();
        Some(Summary {
            a,
            week,
            dates: week_dates(week),
            draft: fr.draft,
            facilitator: a.facilitator(r).map(|p| a.person_name(p).to_string()),
            summary: fr.summary.clone(),
            links,
            dashboard,
            unusual: unusual::sentences(a, f, week),
            incidents,
            raised,
            overdue,
        })
    }

    /// The summary as `format`; links start with `base` (see [`link_base`]).
    pub fn write(&self, format: Format, base: &str) -> String {
        match format {
            Format::Markdown => self.markdown(base),
            Format::Html => self.html(base, false),
            Format::Text => self.text(base),
        }
    }

    fn heading(&self) -> String {
        format!("{}: week {} ({})", self.a.site.title, self.week, self.dates)
    }

    fn url(target: &Target, base: &str) -> String {
        match target {
            Target::Site(address) => format!("{base}{address}"),
            Target::Url(url) => url.clone(),
        }
    }

    /// "Facilitated by Dana. The week's summary." in plain words.
    fn lede(
        &self,
        plain: impl Fn(&str) -> String,
        text: impl Fn(&str) -> String,
    ) -> Option<String> {
        let mut parts = vec![];
        if self.draft {
            parts.push("Draft: the week's record is not filled in yet.".to_string());
        }
        if let Some(p) = &self.facilitator {
            parts.push(format!("Facilitated by {}.", plain(p)));
        }
        if let Some(s) = &self.summary {
            parts.push(text(s));
        }
        (!parts.is_empty()).then(|| parts.join(" "))
    }

    fn sentence_text(s: &Sentence, link: impl Fn(&str, &str) -> String) -> String {
        s.parts
            .iter()
            .map(|p| match p {
                Part::Text { text } => text.clone(),
                Part::Link { title, address } => link(title, address),
            })
            .collect()
    }

    fn item_words(i: &Item, text: &impl Fn(&str) -> String) -> String {
        let due = i
            .due
            .as_ref()
            .map_or(String::new(), |d| format!(", due {d}"));
        format!("{} {} — {}{due}", i.id, text(&i.title), i.owner)
    }

    fn markdown(&self, base: &str) -> String {
        let text = |md: &str| md_escape(&markdown::plain_text(md, usize::MAX));
        let link = |title: &str, address: &str| format!("[{}]({base}{address})", md_escape(title));
        let mut out = format!("## {}\n\n", md_escape(&self.heading()));
        if let Some(lede) = self.lede(md_escape, text) {
            out += &format!("{lede}\n\n");
        }
        for (label, target) in &self.links {
            out += &format!("- {label}: <{}>\n", Self::url(target, base));
        }
        if let Some((name, address)) = &self.dashboard {
            out += &format!("- Dashboard of the week: {}\n", link(name, address));
        }
        out += "\n### What was unusual\n\n";
        if self.unusual.is_empty() {
            out += "Nothing unusual.\n";
        }
        for s in &self.unusual {
            out += &format!("- {}\n", Self::sentence_text(s, link));
        }
        out += "\n### Incidents reviewed\n\n";
        if self.incidents.is_empty() {
            out += "None.\n";
        }
        for i in &self.incidents {
            out += &format!(
                "- {} {} — {}, {}.",
                link(&i.id, &i.address),
                md_escape(&i.title),
                i.severity,
                i.status
            );
            if let Some(impact) = &i.impact {
                out += &format!(" Impact: {}", text(impact));
            }
            out += "\n";
            for c in &i.causes {
                out += &format!("  - Proximate cause: {}\n", text(c));
            }
            for x in &i.actions {
                out += &format!("  - Action item {}\n", Self::item_words(x, &text));
            }
        }
        out += "\n### Action items raised this week\n\n";
        if self.raised.is_empty() {
            out += "None.\n";
        }
        for x in &self.raised {
            out += &format!("- {}\n", Self::item_words(x, &text));
        }
        out += "\n### Overdue at the end of the week, by owner\n\n";
        if self.overdue.is_empty() {
            out += "None.\n";
        }
        for (owner, items) in &self.overdue {
            let ids = Self::overdue_ids(items, |id| link(id, &format!("actions/#{id}")));
            out += &format!("- {}: {ids}\n", md_escape(owner));
        }
        out
    }

    /// `AI-1 (due 9 Apr 2025), AI-2 (due …)`: a backlog is listed by its ids, which the action
    /// items page explains; the week's own items have their titles.
    fn overdue_ids(items: &[Item], id: impl Fn(&str) -> String) -> String {
        items
            .iter()
            .map(|x| {
                let due = x.due.as_deref().unwrap_or("–");
                format!("{} (due {due})", id(&x.id))
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn text(&self, base: &str) -> String {
        let text = |md: &str| markdown::plain_text(md, usize::MAX);
        let mut out = format!("{}\n", self.heading());
        if let Some(lede) = self.lede(str::to_string, text) {
            out += &format!("{lede}\n");
        }
        out += "\n";
        for (label, target) in &self.links {
            out += &format!("{label}: {}\n", Self::url(target, base));
        }
        if let Some((name, address)) = &self.dashboard {
            out += &format!("Dashboard of the week: {name} ({base}{address})\n");
        }
        out += "\nWhat was unusual\n";
        if self.unusual.is_empty() {
            out += "Nothing unusual.\n";
        }
        for s in &self.unusual {
            out += &format!("- {}\n", Self::sentence_text(s, |t, _| t.to_string()));
        }
        out += "\nIncidents reviewed\n";
        if self.incidents.is_empty() {
            out += "None.\n";
        }
        for i in &self.incidents {
            out += &format!(
                "- {} {} — {}, {} ({base}{})\n",
                i.id, i.title, i.severity, i.status, i.address
            );
            if let Some(impact) = &i.impact {
                out += &format!("  Impact: {}\n", text(impact));
            }
            for c in &i.causes {
                out += &format!("  Proximate cause: {}\n", text(c));
            }
            for x in &i.actions {
                out += &format!("  Action item {}\n", Self::item_words(x, &text));
            }
        }
        out += "\nAction items raised this week\n";
        if self.raised.is_empty() {
            out += "None.\n";
        }
        for x in &self.raised {
            out += &format!("- {}\n", Self::item_words(x, &text));
        }
        out += "\nOverdue at the end of the week, by owner\n";
        if self.overdue.is_empty() {
            out += "None.\n";
        }
        for (owner, items) in &self.overdue {
            let ids = Self::overdue_ids(items, str::to_string);
            out += &format!("- {owner}: {ids}\n");
        }
        out
    }

    /// The summary as an HTML fragment whose links start with `base`. On the week's page
    /// (`on_page`), without its heading, which the page has, and with headings one level down.
    pub fn html(&self, base: &str, on_page: bool) -> String {
        let a = self.a;
        let resolve = |target: &str| -> Option<(String, String)> {
            let r = Ref::parse(target).ok()?;
            a.exists(&r).then(|| (r.address(), a.title(&r)))
        };
        let cx = Context {
            root: base,
            resolve: &resolve,
            local_folder: None,
            relative_prefix: "",
            reserved_ids: &[],
        };
        let md = |text: &str| markdown::render_inline(text, &cx);
        let esc = super::escape_html;
        let link = |title: &str, address: &str| {
            format!(
                "<a href=\"{}\">{}</a>",
                esc(&format!("{base}{address}")),
                esc(title)
            )
        };
        let h = if on_page { "h3" } else { "h2" };
        let mut out = String::new();
        if !on_page {
            out += &format!("<h1>{}</h1>\n", esc(&self.heading()));
        }
        if let Some(lede) = self.lede(esc, md) {
            out += &format!("<p>{lede}</p>\n");
        }
        out += "<ul>\n";
        // On the page the links lead from the page, and read as they do in the mail.
        let shown_base = if on_page {
            link_base(a)
        } else {
            base.to_string()
        };
        for (label, target) in &self.links {
            let url = Self::url(target, base);
            let shown = Self::url(target, &shown_base);
            out += &format!(
                "<li>{label}: <a href=\"{}\">{}</a></li>\n",
                esc(&url),
                esc(&shown)
            );
        }
        if let Some((name, address)) = &self.dashboard {
            out += &format!("<li>Dashboard of the week: {}</li>\n", link(name, address));
        }
        out += "</ul>\n";
        out += &format!("<{h}>What was unusual</{h}>\n");
        if self.unusual.is_empty() {
            out += "<p>Nothing unusual.</p>\n";
        } else {
            out += "<ul>\n";
            for s in &self.unusual {
                let words = s
                    .parts
                    .iter()
                    .map(|p| match p {
                        Part::Text { text } => esc(text),
                        Part::Link { title, address } => link(title, address),
                    })
                    .collect::<String>();
                out += &format!("<li>{words}</li>\n");
            }
            out += "</ul>\n";
        }
        let item = |x: &Item| {
            let due = x
                .due
                .as_ref()
                .map_or(String::new(), |d| format!(", due {}", esc(d)));
            format!("{} {} — {}{due}", esc(&x.id), md(&x.title), esc(&x.owner))
        };
        out += &format!("<{h}>Incidents reviewed</{h}>\n");
        if self.incidents.is_empty() {
            out += "<p>None.</p>\n";
        } else {
            out += "<ul>\n";
            for i in &self.incidents {
                out += &format!(
                    "<li>{} {} — {}, {}.",
                    link(&i.id, &i.address),
                    esc(&i.title),
                    esc(&i.severity),
                    i.status
                );
                if let Some(impact) = &i.impact {
                    out += &format!(" Impact: {}", md(impact));
                }
                if !i.causes.is_empty() || !i.actions.is_empty() {
                    out += "\n<ul>\n";
                    for c in &i.causes {
                        out += &format!("<li>Proximate cause: {}</li>\n", md(c));
                    }
                    for x in &i.actions {
                        out += &format!("<li>Action item {}</li>\n", item(x));
                    }
                    out += "</ul>\n";
                }
                out += "</li>\n";
            }
            out += "</ul>\n";
        }
        out += &format!("<{h}>Action items raised this week</{h}>\n");
        if self.raised.is_empty() {
            out += "<p>None.</p>\n";
        } else {
            out += "<ul>\n";
            for x in &self.raised {
                out += &format!("<li>{}</li>\n", item(x));
            }
            out += "</ul>\n";
        }
        out += &format!("<{h}>Overdue at the end of the week, by owner</{h}>\n");
        if self.overdue.is_empty() {
            out += "<p>None.</p>\n";
        } else {
            out += "<ul>\n";
            for (owner, items) in &self.overdue {
                let ids = Self::overdue_ids(items, |id| link(id, &format!("actions/#{id}")));
                out += &format!("<li>{}: {ids}</li>\n", esc(owner));
            }
            out += "</ul>\n";
        }
        out
    }
}

/// Where the summary's links start: `base_url` with a final `/`, or nothing, for addresses
/// below the site's root.
pub fn link_base(a: &Archive) -> String {
    super::feeds::base(a).unwrap_or_default()
}

/// Text that Markdown would otherwise read as markup.
fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The summary of the week `week` (the newest review when `None`), or why there is none.
pub fn summary_of<'a>(
    a: &'a Archive,
    f: &Analysis,
    week: Option<Week>,
) -> Result<Summary<'a>, String> {
    let n = match week {
        None => a.reviews.len().checked_sub(1).ok_or_else(|| {
            "there is no review yet (expected a record in content/reviews/, like content/reviews/2026/2026-W09.md)".to_string()
        })?,
        Some(w) => a
            .reviews
            .binary_search_by_key(&w, |r| r.front.week)
            .map_err(|_| {
                let newest = a
                    .reviews
                    .last()
                    .map_or(String::new(), |r| format!(", like the newest, {}", r.front.week));
                format!("there is no review of {w} (expected a week with a record in content/reviews/{newest})")
            })?,
    };
    Summary::of(a, f, n).ok_or_else(|| "the review cannot be read".to_string())
}
