//! What a tool calls the archive's services, people and teams, from the declarations in the
//! records — and nothing else: a service's `external:` names and ids for the tool, its own id
//! and `name:`; a person's `external:`, e-mail, display name and id; a team's `external:`, name
//! and id. Names are compared ignoring case and white space. A name that a record declares for
//! the tool wins over one that is only its own name or id.

use std::collections::{BTreeMap, BTreeSet};

use crate::load::records::Tool;
use crate::resolve::Archive;

/// `Ledger  API (prod)` → `ledgerapi(prod)`: what is compared.
pub(super) fn norm(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// An Alertmanager label matcher as declared (`service="ledger"`) or as a label of an alert
/// (`service=ledger`), in one form.
pub(super) fn matcher(name: &str, value: &str) -> String {
    format!("{}={}", norm(name), norm(value.trim_matches('"')))
}

/// How a name was found.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Found<'a> {
    One(&'a str),
    /// Several records claim it.
    Many(Vec<&'a str>),
    None,
}

/// The names of one kind of record (services, people or teams) for one tool.
#[derive(Debug, Default)]
pub(super) struct Names<'a> {
    /// Declared for the tool in `external:`.
    declared: BTreeMap<String, BTreeSet<&'a str>>,
    /// The record's own id, name (and a person's e-mail).
    own: BTreeMap<String, BTreeSet<&'a str>>,
    /// Every record with every name it goes by, for "did you mean".
    all: Vec<(&'a str, Vec<String>)>,
}

impl<'a> Names<'a> {
    fn add(&mut self, id: &'a str, declared: &[String], own: &[&str]) {
        let mut names = vec![];
        for name in declared {
            let key = norm(name);
            self.declared.entry(key.clone()).or_default().insert(id);
            names.push(key);
        }
        for name in own {
            let key = norm(name);
            self.own.entry(key.clone()).or_default().insert(id);
            names.push(key);
        }
        self.all.push((id, names));
    }

    /// The record a name (already normalised) stands for.
    fn find_normed(&self, key: &str) -> Found<'a> {
        let ids = self.declared.get(key).or_else(|| self.own.get(key));
        match ids.map(|ids| ids.iter().copied().collect::<Vec<_>>()) {
            Some(ids) if ids.len() == 1 => ids.first().map_or(Found::None, |id| Found::One(id)),
            Some(ids) if !ids.is_empty() => Found::Many(ids),
            _ => Found::None,
        }
    }

    /// The one record that any of the names stands for: names that find nothing are passed
    /// over, two that find different records are a conflict.
    pub(super) fn find<'n>(&self, names: impl IntoIterator<Item = &'n str>) -> Found<'a> {
        let mut found: Vec<&'a str> = vec![];
        for name in names {
            match self.find_normed(&norm(name)) {
                Found::One(id) => found.push(id),
                Found::Many(ids) => return Found::Many(ids),
                Found::None => {}
            }
        }
        found.sort_unstable();
        found.dedup();
        match found.as_slice() {
            [] => Found::None,
            [one] => Found::One(one),
            _ => Found::Many(found),
        }
    }

    /// Up to three records with a name close to `name`, closest first.
    pub(super) fn closest(&self, name: &str) -> Vec<&'a str> {
        // `Serch API (prod)` is compared as it is and without its suffix in parentheses.
        let key = norm(name);
        let bare = norm(name.split('(').next().unwrap_or(name));
        let keys: Vec<&str> = if bare.is_empty() || bare == key {
            vec![&key]
        } else {
            vec![&key, &bare]
        };
        let mut scored: Vec<(u32, &'a str)> = self
            .all
            .iter()
            .filter_map(|(id, names)| {
                let best = names
                    .iter()
                    .flat_map(|n| keys.iter().map(move |key| (n, *key)))
                    .map(|(n, key)| {
                        let near = strsim::normalized_levenshtein(key, n);
                        let inside = n.len() >= 3 && (key.contains(n.as_str()) || n.contains(key));
                        if inside {
                            near.max(0.8)
                        } else {
                            near
                        }
                    })
                    .fold(0.0, f64::max);
                (best >= 0.7).then_some(((best * 1000.0) as u32, *id))
            })
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        scored.dedup_by_key(|s| s.1);
        scored.into_iter().take(3).map(|(_, id)| id).collect()
    }

    /// Every record id, sorted.
    pub(super) fn ids(&self) -> Vec<&'a str> {
        let mut ids: Vec<&'a str> = self.all.iter().map(|(id, _)| *id).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

/// The declared names of the archive for one tool.
#[derive(Debug)]
pub(super) struct Mapping<'a> {
    pub services: Names<'a>,
    pub people: Names<'a>,
    pub teams: Names<'a>,
}

impl<'a> Mapping<'a> {
    pub(super) fn new(a: &'a Archive, tool: Tool) -> Mapping<'a> {
        let declared = |external: &crate::load::records::External| -> Vec<String> {
            let names = external.get(&tool).cloned().unwrap_or_default();
            if tool != Tool::Alertmanager {
                return names;
            }
            // A label matcher, or a value of the `service` label.
            names
                .iter()
                .map(|n| match n.split_once('=') {
                    Some((label, value)) => matcher(label, value),
                    None => n.clone(),
                })
                .collect()
        };
        let mut services = Names::default();
        for (id, s) in &a.services {
            let external = s.doc.as_ref().map(|d| declared(&d.front.external));
            services.add(id, &external.unwrap_or_default(), &[id, s.name()]);
        }
        let mut people = Names::default();
        for (id, p) in &a.people {
            let entry = a.site.people.get(id);
            let external = entry.map(|e| declared(&e.external)).unwrap_or_default();
            let mut own: Vec<&str> = vec![id, &p.name];
            own.extend(entry.and_then(|e| e.email.as_deref()));
            people.add(id, &external, &own);
        }
        let mut teams = Names::default();
        for (id, t) in &a.teams {
            teams.add(id, &declared(&t.front.external), &[id, &t.front.name]);
        }
        Mapping {
            services,
            people,
            teams,
        }
    }
}

/// Names a problem is about, for messages: `a`, `a or b`, `a, b or c`.
pub(super) fn either(ids: &[&str]) -> String {
    match ids {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// A person id to suggest for a name or an e-mail address: `Keisha Johnson` → `keisha`.
pub(super) fn person_id_for(name: &str) -> String {
    let local = name.split('@').next().unwrap_or(name);
    let first = local
        .split(|c: char| c == '.' || c == '_' || c == '-' || c.is_whitespace())
        .find(|w| !w.is_empty())
        .unwrap_or(local);
    let slug = crate::types::slugify(first);
    if slug.is_empty() {
        "someone".into()
    } else {
        slug
    }
}

/// A display name to suggest for an e-mail address: `keisha.johnson@…` → `Keisha Johnson`.
pub(super) fn name_from_email(email: &str) -> String {
    let local = email.split('@').next().unwrap_or(email);
    local
        .split(['.', '_', '-'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next().map_or(String::new(), |f| {
                f.to_uppercase()
                    .chain(c.flat_map(char::to_lowercase))
                    .collect()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names<'static> {
        let mut n = Names::default();
        n.add(
            "ledger-api",
            &["PLEDG3R".into(), "Ledger API (prod)".into()],
            &["ledger-api", "Ledger API"],
        );
        n.add("search-api", &[], &["search-api", "Search API"]);
        // A name declared for another record wins over a record's own name.
        n.add("legacy", &["Search API".into()], &["legacy", "Legacy"]);
        n
    }

    #[test]
    fn names_match_ignoring_case_and_spacing_and_declared_names_win() {
        let n = names();
        assert_eq!(n.find(["ledger  api (PROD)"]), Found::One("ledger-api"));
        assert_eq!(n.find(["pledg3r"]), Found::One("ledger-api"));
        assert_eq!(n.find(["Ledger API"]), Found::One("ledger-api"));
        assert_eq!(n.find(["search-api"]), Found::One("search-api"));
        assert_eq!(n.find(["Search API"]), Found::One("legacy"));
        assert_eq!(n.find(["Nothing"]), Found::None);
        // Names that find nothing are passed over; two records are a conflict.
        assert_eq!(n.find(["env:prod", "PLEDG3R"]), Found::One("ledger-api"));
        assert_eq!(
            n.find(["PLEDG3R", "search-api"]),
            Found::Many(vec!["ledger-api", "search-api"])
        );
    }

    #[test]
    fn a_name_declared_twice_is_a_conflict() {
        let mut n = Names::default();
        n.add("a", &["X".into()], &["a"]);
        n.add("b", &["x".into()], &["b"]);
        assert_eq!(n.find(["X"]), Found::Many(vec!["a", "b"]));
    }

    #[test]
    fn the_closest_names_are_suggested() {
        let n = names();
        assert_eq!(n.closest("Ledger API (staging)"), ["ledger-api"]);
        assert_eq!(n.closest("serch-api").first(), Some(&"search-api"));
        assert!(n.closest("Notifications Gateway (prod)").is_empty());
    }

    #[test]
    fn suggestions_for_a_new_person() {
        assert_eq!(person_id_for("Keisha Johnson"), "keisha");
        assert_eq!(person_id_for("keisha.johnson@example.com"), "keisha");
        assert_eq!(
            name_from_email("keisha.johnson@example.com"),
            "Keisha Johnson"
        );
        assert_eq!(either(&["a", "b", "c"]), "a, b or c");
        assert_eq!(matcher("service", "\"ledger\""), "service=ledger");
    }
}
