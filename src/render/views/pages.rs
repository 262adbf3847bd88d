//! The pages that are not about the review's records: free pages (`pages.html`, `page.html`),
//! search (`search.html`), redirects (`redirect.html`) and the 404 page (`404.html`).

use serde::Serialize;

use super::common::{tag_links, Md, TagLink};
use super::View;
use crate::render::{root_for, search};
use crate::resolve::{Archive, Ref};

/// `pages.html`: `pages: [{title, description, address}]`, by weight, then title.
#[derive(Serialize)]
pub(crate) struct PagesPage {
    pages: Vec<PageRow>,
}

#[derive(Serialize)]
struct PageRow {
    title: String,
    description: Option<String>,
    address: String,
}

pub fn index(a: &Archive) -> View<PagesPage> {
    let mut list: Vec<(&String, &crate::resolve::Page)> = a.pages.iter().collect();
    list.sort_by(|x, y| {
        (x.1.front.weight.unwrap_or(i32::MAX), &x.1.front.title)
            .cmp(&(y.1.front.weight.unwrap_or(i32::MAX), &y.1.front.title))
    });
    let pages = list
        .into_iter()
        .map(|(id, p)| PageRow {
            title: p.front.title.clone(),
            description: p.front.description.clone(),
            address: Ref::Page(id.clone()).address(),
        })
        .collect();
    View::new("pages/", "pages.html", "Pages", PagesPage { pages })
}

/// `page.html`: a free page's `description`, `body` (HTML) and `tags`.
#[derive(Serialize)]
pub(crate) struct FreePage {
    description: Option<String>,
    body: String,
    tags: Vec<TagLink>,
}

pub fn page(a: &Archive, id: &str) -> View<FreePage> {
    let p = &a.pages[id];
    let me = Ref::Page(id.to_string());
    let address = me.address();
    let md = Md::new(a, &address);
    let view = FreePage {
        description: p.front.description.clone(),
        body: md.block(&p.body),
        tags: tag_links(&p.front.tags),
    };
    let description = view.description.clone();
    View::new(address, "page.html", p.front.title.clone(), view)
        .crumb("Pages", "pages/")
        .record(me)
        .described(description.as_deref())
}

/// `search.html`: no variables of its own; the index is `search/index.js` beside it.
#[derive(Serialize)]
pub(crate) struct SearchPage {}

pub fn search(a: &Archive) -> View<SearchPage> {
    View::new("search/", "search.html", "Search", SearchPage {}).files(vec![search::index(a)])
}

/// `redirect.html`: `target` (relative to the page) and `canonical` (absolute with base_url).
#[derive(Serialize)]
pub(crate) struct RedirectPage {
    target: String,
    canonical: String,
}

/// A page at an old or short address that sends the reader on to the record.
pub fn redirect(a: &Archive, n: usize) -> View<RedirectPage> {
    let r = &a.redirects[n];
    let target = format!("{}{}", root_for(&r.from), r.to.address());
    let canonical = a
        .site
        .base_url
        .as_ref()
        .map(|base| format!("{}/{}", base.trim_end_matches('/'), r.to.address()));
    let view = RedirectPage {
        canonical: canonical.unwrap_or_else(|| target.clone()),
        target,
    };
    View::new(r.from.clone(), "redirect.html", a.title(&r.to), view)
}

/// `404.html`: no variables of its own.
#[derive(Serialize)]
pub(crate) struct NotFoundPage {}

/// `404.html`: served for any missing address, so its links start from `base_url`'s path (or
/// the root, when the site has no base_url and is served at the top of its host).
pub fn not_found(a: &Archive) -> View<NotFoundPage> {
    let root = a
        .site
        .base_url
        .as_deref()
        .and_then(|b| b.split_once("://").map(|(_, rest)| rest))
        .map(|rest| {
            rest.find('/').map_or("/".to_string(), |i| {
                format!("{}/", rest[i..].trim_end_matches('/'))
            })
        })
        .unwrap_or_else(|| "/".to_string());
    let mut v = View::new("404/", "404.html", "Page not found", NotFoundPage {});
    v.output = Some("404.html".into());
    v.root = Some(root);
    v
}
