//! `tags.html` (every tag) and `tag.html` (the records that carry one).

use serde::Serialize;

use super::common::RefLink;
use super::View;
use crate::analyze::Analysis;
use crate::resolve::Archive;

/// `tags.html`: `tags: [{name, address, count}]`, by slug.
#[derive(Serialize)]
pub(crate) struct TagsPage {
    tags: Vec<TagRow>,
}

#[derive(Serialize)]
struct TagRow {
    name: String,
    address: String,
    count: usize,
}

pub fn index(f: &Analysis) -> View<TagsPage> {
    let tags = f
        .index
        .tags
        .iter()
        .map(|(slug, t)| TagRow {
            name: t.name.clone(),
            address: format!("tags/{slug}/"),
            count: t.records.len(),
        })
        .collect();
    View::new("tags/", "tags.html", "Tags", TagsPage { tags })
}

/// `tag.html`: `groups: [{kind, links}]` (incidents, weekly reviews, pages; newest first) and
/// `count`.
#[derive(Serialize)]
pub(crate) struct TagPage {
    groups: [Group; 3],
    count: usize,
}

#[derive(Serialize)]
struct Group {
    kind: &'static str,
    links: Vec<RefLink>,
}

pub fn page(a: &Archive, f: &Analysis, slug: &str) -> View<TagPage> {
    let tag = &f.index.tags[slug];
    let group = |kind: &'static str, of: &str| Group {
        kind,
        links: tag
            .records
            .iter()
            .filter(|r| r.kind() == of)
            .map(|r| RefLink::to(a, r))
            .collect(),
    };
    let view = TagPage {
        groups: [
            group("Incidents", "incident"),
            group("Weekly reviews", "review"),
            group("Pages", "page"),
        ],
        count: tag.records.len(),
    };
    View::new(format!("tags/{slug}/"), "tag.html", tag.name.clone(), view).crumb("Tags", "tags/")
}
