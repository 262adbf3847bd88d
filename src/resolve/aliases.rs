//! Old and short addresses: a record's `aliases:` and the short form `/i/INC-2025-014/` of every
//! incident, each written as a page that redirects to the record's permanent address.

use std::collections::BTreeMap;

use super::{Archive, Ref};
use crate::diagnostics::Diagnostics;
use crate::load::Source;

/// A page at `from` (an address below the site root, ending in `/`) that sends readers to `to`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redirect {
    pub from: String,
    pub to: Ref,
}

/// The short address of an incident, `i/INC-2025-014/`: a page that redirects to its permanent one.
pub fn short_address(incident: &str) -> String {
    format!("i/{incident}/")
}

/// The site's own sections: an alias may not take them, nor anything below those without records.
pub const SECTIONS: &[&str] = &[
    "reviews/",
    "incidents/",
    "actions/",
    "oncall/",
    "slos/",
    "alerts/",
    "trends/",
    "teams/",
    "services/",
    "runbooks/",
    "pages/",
    "search/",
    "tags/",
];
const GENERATED: &[&str] = &["assets/", "search/", "tags/", "i/"];
/// Files opsbook writes at the root: an alias `feed.xml` would need a folder of that name.
const ROOT_FILES: &[&str] = &[
    "index.html",
    "404.html",
    "feed.xml",
    "sitemap.xml",
    "favicon.svg",
];

/// `old/path`, `/old/path/` → `old/path/`; `None` for what cannot be a folder below the root.
pub fn normalise(alias: &str) -> Option<String> {
    let trimmed = alias.trim().trim_matches('/');
    let fine = !trimmed.is_empty()
        && !trimmed.contains(['?', '#', '\\', ' '])
        && trimmed
            .split('/')
            .all(|seg| !seg.is_empty() && seg != "." && seg != "..");
    fine.then(|| format!("{trimmed}/"))
}

pub fn collect(a: &Archive, d: &mut Diagnostics) -> Vec<Redirect> {
    let mut taken: BTreeMap<String, String> = BTreeMap::new();
    for s in SECTIONS {
        taken.insert(s.to_string(), "a section of the site".into());
    }
    let mut records: Vec<(Ref, &Source, &[String])> = vec![];
    records.extend(
        a.reviews
            .iter()
            .map(|r| (Ref::Review(r.front.week), &r.source, &r.front.aliases[..])),
    );
    records.extend(a.incidents.iter().map(|i| {
        (
            Ref::Incident(i.front.id.clone()),
            &i.source,
            &i.front.aliases[..],
        )
    }));
    records.extend(
        a.teams
            .iter()
            .map(|(id, t)| (Ref::Team(id.clone()), &t.source, &t.front.aliases[..])),
    );
    records.extend(a.services.iter().filter_map(|(id, s)| {
        s.doc.as_ref().map(|doc| {
            (
                Ref::Service(id.clone()),
                &doc.source,
                &doc.front.aliases[..],
            )
        })
    }));
    records.extend(
        a.runbooks
            .iter()
            .map(|(id, r)| (Ref::Runbook(id.clone()), &r.source, &r.front.aliases[..])),
    );
    records.extend(
        a.pages
            .iter()
            .map(|(id, p)| (Ref::Page(id.clone()), &p.source, &p.front.aliases[..])),
    );
    for (r, _, _) in &records {
        taken.insert(r.address(), format!("the address of {}", a.title(r)));
    }
    for name in a.slos.keys() {
        taken.insert(
            Ref::Slo(name.clone()).address(),
            format!("the address of SLO {name}"),
        );
    }
    for name in &a.alerts {
        taken.insert(
            Ref::Alert(name.clone()).address(),
            format!("the address of alert {name}"),
        );
    }

    let mut redirects = vec![];
    for i in &a.incidents {
        let from = short_address(&i.front.id);
        taken.insert(from.clone(), format!("the short address of {}", i.front.id));
        redirects.push(Redirect {
            from,
            to: Ref::Incident(i.front.id.clone()),
        });
    }
    for (to, source, aliases) in records {
        for (n, alias) in aliases.iter().enumerate() {
            let at = source.at(&format!("aliases.{n}"));
            let Some(from) = normalise(alias) else {
                let message = format!("alias `{alias}` is not an address (expected a path below the site root, like old/2025/week-14/)");
                d.error(&source.path, at, message);
                continue;
            };
            if let Some(holder) = taken.get(&from) {
                d.error(
                    &source.path,
                    at,
                    format!(
                        "alias `{alias}` is already {holder} (expected an address no page has)"
                    ),
                );
                continue;
            }
            // A file of the site (static files, a review's images, the feed) at or below it.
            let folder = from.trim_end_matches('/');
            let file = ROOT_FILES
                .iter()
                .map(|f| f.to_string())
                .chain(a.assets.iter().map(|x| x.to.clone()))
                .find(|f| f == folder || f.starts_with(&from));
            if let Some(file) = file {
                d.error(&source.path, at, format!("alias `{alias}` would replace the file {file} of the site (expected an address no file has)"));
                continue;
            }
            if let Some(section) = GENERATED.iter().find(|g| from.starts_with(**g)) {
                d.error(&source.path, at, format!("alias `{alias}` is inside /{section}, which opsbook writes itself (expected an address outside it)"));
                continue;
            }
            taken.insert(from.clone(), format!("an alias of {}", a.title(&to)));
            redirects.push(Redirect {
                from,
                to: to.clone(),
            });
        }
    }
    redirects.sort_by(|x, y| x.from.cmp(&y.from));
    redirects
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_become_folders_below_the_root() {
        assert_eq!(
            normalise("/old/2025/week-14").as_deref(),
            Some("old/2025/week-14/")
        );
        assert_eq!(
            normalise("ops-review/w14/").as_deref(),
            Some("ops-review/w14/")
        );
        for bad in ["", "/", "../x", "a/../b", "a//b", "a?b", "a#b", "a b"] {
            assert_eq!(normalise(bad), None, "{bad:?}");
        }
    }
}
