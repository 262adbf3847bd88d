//! Who belongs with whom, computed once: the lookups every page makes (an incident's week, the
//! action items a record raised, a team's incidents, a service's alerts), so that no page scans
//! the archive for them.

use std::collections::BTreeMap;

use super::alerts::WeekAlerts;
use super::{action_raised_by, action_state, ActionState};
use crate::resolve::{Archive, Origin, Ref};
use crate::types::{slugify, Week};

/// An alert that paged for a service: how often, and the last week it did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceAlert {
    pub name: String,
    pub pages: usize,
    pub last_week: Option<Week>,
}

/// A tag: its name as first written and the records that carry it (reviews and incidents
/// newest first, then pages by id).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    pub name: String,
    pub records: Vec<Ref>,
}

/// Indexes into the archive's collections (`a.incidents`, `a.actions`, `a.reviews`).
#[derive(Debug, Default)]
pub struct Index {
    /// Each incident's week (in the site's time zone), by the incident's index.
    pub incident_week: Vec<Week>,
    /// Incidents by the week they started, oldest first.
    pub incidents_by_week: BTreeMap<Week, Vec<usize>>,
    /// Related incidents both ways: those an incident lists, then those that list it.
    pub related: Vec<Vec<usize>>,
    /// The weeks whose review lists each incident.
    pub reviewed_in: Vec<Vec<Week>>,
    /// Each action item's state on the as-of date, by its index.
    pub action_state: Vec<ActionState>,
    /// Action items raised by the as-of date, by the record that raised them.
    pub actions_by_origin: BTreeMap<Origin, Vec<usize>>,
    /// Action item id → its index.
    pub action_by_id: BTreeMap<String, usize>,
    /// Incidents each team is named in, oldest first.
    pub incidents_by_team: BTreeMap<String, Vec<usize>>,
    pub incidents_by_service: BTreeMap<String, Vec<usize>>,
    /// Services by their team, by id.
    pub services_by_team: BTreeMap<String, Vec<String>>,
    /// SLOs by the service they measure, by name.
    pub slos_by_service: BTreeMap<String, Vec<String>>,
    /// Runbooks a service lists or that list the service, by id.
    pub runbooks_by_service: BTreeMap<String, Vec<String>>,
    pub runbooks_by_owner: BTreeMap<String, Vec<String>>,
    /// Alerts that paged for each service, by name.
    pub alerts_by_service: BTreeMap<String, Vec<ServiceAlert>>,
    /// Pages in each review, by the review's index.
    pub pages_in_review: Vec<usize>,
    /// Tags by slug.
    pub tags: BTreeMap<String, Tag>,
}

/// What the index reads of the pages: the alerts that paged each service, and the pages of
/// each review.
#[derive(Clone, Debug, Default)]
pub struct Paged {
    pub alerts_by_service: BTreeMap<String, Vec<ServiceAlert>>,
    pub pages_in_review: Vec<usize>,
}

impl Paged {
    /// From every review's pages by alert (drafts' too), in the archive's order.
    pub fn of(reviews: &[(Week, &WeekAlerts)]) -> Paged {
        let mut alerts: BTreeMap<&str, BTreeMap<&str, ServiceAlert>> = BTreeMap::new();
        let mut pages_in_review = Vec::with_capacity(reviews.len());
        for (week, paged) in reviews {
            let mut pages = 0;
            for (name, service, n) in paged.counts() {
                pages += n as usize;
                let entry = alerts
                    .entry(service)
                    .or_default()
                    .entry(name)
                    .or_insert_with(|| ServiceAlert {
                        name: name.to_string(),
                        pages: 0,
                        last_week: None,
                    });
                entry.pages += n as usize;
                entry.last_week = Some(*week);
            }
            pages_in_review.push(pages);
        }
        let alerts_by_service = alerts
            .into_iter()
            .map(|(s, by_name)| (s.to_string(), by_name.into_values().collect()))
            .collect();
        Paged {
            alerts_by_service,
            pages_in_review,
        }
    }
}

impl Index {
    pub fn build(a: &Archive) -> Index {
        let weeks: Vec<(Week, WeekAlerts)> = a
            .reviews
            .iter()
            .map(|r| (r.front.week, super::alerts::week_alerts(r)))
            .collect();
        let weeks: Vec<(Week, &WeekAlerts)> = weeks.iter().map(|(w, p)| (*w, p)).collect();
        Index::build_with(a, Paged::of(&weeks))
    }

    /// [`Index::build`] with what it reads of the pages already gathered.
    pub fn build_with(a: &Archive, paged: Paged) -> Index {
        let incident_week: Vec<Week> = a.incidents.iter().map(|i| a.incident_week(i)).collect();
        let mut incidents_by_week: BTreeMap<Week, Vec<usize>> = BTreeMap::new();
        let mut incidents_by_team: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut incidents_by_service: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut listing: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (n, i) in a.incidents.iter().enumerate() {
            incidents_by_week
                .entry(incident_week[n])
                .or_default()
                .push(n);
            for t in dedup(&i.front.teams) {
                incidents_by_team.entry(t.clone()).or_default().push(n);
            }
            for s in dedup(&i.front.services) {
                incidents_by_service.entry(s.clone()).or_default().push(n);
            }
            for other in &i.front.related {
                listing.entry(other).or_default().push(n);
            }
        }
        let related = a
            .incidents
            .iter()
            .map(|i| {
                let mut ids: Vec<usize> = i
                    .front
                    .related
                    .iter()
                    .filter_map(|id| a.incident_index(id))
                    .collect();
                for n in listing.get(i.front.id.as_str()).into_iter().flatten() {
                    if !ids.contains(n) {
                        ids.push(*n);
                    }
                }
                ids.dedup();
                ids
            })
            .collect();
        let mut reviewed_in: Vec<Vec<Week>> = vec![vec![]; a.incidents.len()];
        for r in &a.reviews {
            for id in dedup(&r.front.incidents) {
                if let Some(n) = a.incident_index(id) {
                    if let Some(weeks) = reviewed_in.get_mut(n) {
                        weeks.push(r.front.week);
                    }
                }
            }
        }

        let action_state: Vec<ActionState> =
            a.actions.iter().map(|x| action_state(x, a.as_of)).collect();
        let mut actions_by_origin: BTreeMap<Origin, Vec<usize>> = BTreeMap::new();
        for (n, x) in a.actions.iter().enumerate() {
            if action_raised_by(x, a.as_of) {
                actions_by_origin
                    .entry(x.origin.clone())
                    .or_default()
                    .push(n);
            }
        }

        let mut services_by_team: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for s in a.services.values() {
            if let Some(team) = s.team() {
                services_by_team
                    .entry(team.to_string())
                    .or_default()
                    .push(s.id.clone());
            }
        }
        let mut slos_by_service: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for slo in a.slos.values() {
            slos_by_service
                .entry(slo.service.clone())
                .or_default()
                .push(slo.name.clone());
        }
        let mut runbooks_by_service: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut runbooks_by_owner: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (id, r) in &a.runbooks {
            let mut services: Vec<&String> = r.front.services.iter().collect();
            for s in a.services.values() {
                let lists = s
                    .doc
                    .as_ref()
                    .is_some_and(|d| d.front.runbooks.contains(id));
                if lists {
                    services.push(&s.id);
                }
            }
            services.sort();
            services.dedup();
            for s in services {
                runbooks_by_service
                    .entry(s.clone())
                    .or_default()
                    .push(id.clone());
            }
            if let Some(owner) = &r.front.owner {
                runbooks_by_owner
                    .entry(owner.clone())
                    .or_default()
                    .push(id.clone());
            }
        }

        let Paged {
            alerts_by_service,
            pages_in_review,
        } = paged;

        let action_by_id = a
            .actions
            .iter()
            .enumerate()
            .map(|(n, x)| (x.item.id.clone(), n))
            .collect();
        Index {
            action_by_id,
            incident_week,
            incidents_by_week,
            related,
            reviewed_in,
            action_state,
            actions_by_origin,
            incidents_by_team,
            incidents_by_service,
            services_by_team,
            slos_by_service,
            runbooks_by_service,
            runbooks_by_owner,
            alerts_by_service,
            pages_in_review,
            tags: tags(a),
        }
    }

    /// The incidents of a week.
    pub fn incidents_in(&self, week: Week) -> &[usize] {
        self.incidents_by_week.get(&week).map_or(&[], Vec::as_slice)
    }

    /// The action items a record raised, by the as-of date.
    pub fn actions_of(&self, origin: &Origin) -> &[usize] {
        self.actions_by_origin
            .get(origin)
            .map_or(&[], Vec::as_slice)
    }
}

/// Each name once, first occurrence kept: a team listed twice is one team.
fn dedup(names: &[String]) -> Vec<&String> {
    let mut out: Vec<&String> = Vec::with_capacity(names.len());
    for n in names {
        if !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

/// Tag slug → its name as first written, and the records that carry it: reviews and incidents
/// newest first, then pages.
fn tags(a: &Archive) -> BTreeMap<String, Tag> {
    let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
    let tagged = a
        .reviews
        .iter()
        .rev()
        .map(|r| (Ref::Review(r.front.week), &r.front.tags))
        .chain(
            a.incidents
                .iter()
                .rev()
                .map(|i| (Ref::Incident(i.front.id.clone()), &i.front.tags)),
        )
        .chain(
            a.pages
                .iter()
                .map(|(id, p)| (Ref::Page(id.clone()), &p.front.tags)),
        );
    for (r, names) in tagged {
        for name in names {
            let entry = tags.entry(slugify(name)).or_insert_with(|| Tag {
                name: name.clone(),
                records: vec![],
            });
            if entry.records.last() != Some(&r) {
                entry.records.push(r.clone());
            }
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::testing::archive_of;

    #[test]
    fn related_incidents_are_found_both_ways_and_reviews_list_theirs() {
        let incident = |id: &str, day: &str, related: &str| {
            (
                format!("incidents/2025/{id}.md"),
                format!("---\nid: {id}\ntitle: t\nseverity: major\nstatus: resolved\nstarted: 2025-04-{day}T10:00:00Z\nresolved: 2025-04-{day}T11:00:00Z\nteams: [ops]\nrelated: [{related}]\n---\n"),
            )
        };
        let files = [
            incident("INC-2025-001", "01", ""),
            incident("INC-2025-002", "08", "INC-2025-001"),
            incident("INC-2025-003", "09", "INC-2025-001, INC-2025-002"),
            (
                "reviews/2025/2025-W15.md".into(),
                "---\nweek: 2025-W15\nincidents: [INC-2025-002, INC-2025-003]\n---\n".into(),
            ),
        ];
        let a = archive_of(&files, None);
        let ix = Index::build(&a);
        // 001 lists nobody; 002 and 003 list it. 003 lists 001 and 002.
        assert_eq!(ix.related, [vec![1, 2], vec![0, 2], vec![0, 1]]);
        let w15: Week = "2025-W15".parse().unwrap();
        assert_eq!(ix.reviewed_in, [vec![], vec![w15], vec![w15]]);
        assert_eq!(ix.incidents_in(w15), [1, 2]);
        assert_eq!(ix.incidents_in("2025-W14".parse().unwrap()), [0]);
        assert_eq!(ix.incidents_by_team["ops"], [0, 1, 2]);
    }
}
