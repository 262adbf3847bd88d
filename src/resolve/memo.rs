//! What one resolve keeps for the next (`serve`; a build keeps nothing): the problems and links
//! found in each review and incident, with the action items it raised, are found again only
//! when the record or what the checks consult changed. A record is known by its `Arc` (the
//! load cache hands out the same one until the file changes; the memo holds it, so no other
//! record can take its address); what the checks consult is summed up in one fingerprint, the
//! world: the front matter of every file but the reviews and incidents (the bodies of the other
//! records are checked again at every resolve), which records and alerts exist, and whether a broken link
//! is an error; for a review's references also whether the action items it carries over exist
//! (an action item added elsewhere checks no other review again).

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::{Action, Archive, Incident, Origin, Review};
use crate::diagnostics::Diagnostics;
use crate::types::Week;

/// What `serve` keeps of one resolve for the next.
#[derive(Default)]
pub struct Memo {
    keep: bool,
    pub(super) links: super::links::Scans,
    /// Each review's and incident's problems of references (people, teams, services...).
    pub(super) references: Records<Diagnostics>,
}

impl Memo {
    /// Keeps what each resolve found, for the next.
    pub fn keeping() -> Memo {
        Memo {
            keep: true,
            links: super::links::Scans::keeping(),
            references: Records::default(),
        }
    }

    pub(super) fn keeps(&self) -> bool {
        self.keep
    }
}

/// The action items of each record, as counted (a later duplicate of an id is not).
pub(super) type Raised<'a> = HashMap<&'a Origin, Vec<&'a Action>>;

pub(super) fn raised(a: &Archive) -> Raised<'_> {
    let mut raised: Raised = HashMap::new();
    for x in &a.actions {
        raised.entry(&x.origin).or_default().push(x);
    }
    raised
}

/// A value found for each review and incident.
pub(super) struct Records<T> {
    reviews: HashMap<Week, Kept<Review, T>>,
    incidents: HashMap<String, Kept<Incident, T>>,
}

impl<T> Default for Records<T> {
    fn default() -> Self {
        Records {
            reviews: HashMap::new(),
            incidents: HashMap::new(),
        }
    }
}

/// One record's value, with what it was found from.
pub(super) struct Kept<R, T> {
    record: Arc<R>,
    world: u128,
    /// The ids of its action items that counted.
    actions: Vec<String>,
    pub value: Arc<T>,
}

/// This build's values, in the archive's order: reviews, then incidents.
pub(super) struct Found<T> {
    pub reviews: Vec<(Week, Kept<Review, T>)>,
    pub incidents: Vec<(String, Kept<Incident, T>)>,
}

impl<T> Found<T> {
    pub fn values(&self) -> impl Iterator<Item = &T> {
        let reviews = self.reviews.iter().map(|(_, k)| &*k.value);
        reviews.chain(self.incidents.iter().map(|(_, k)| &*k.value))
    }
}

impl<T: Send + Sync> Records<T> {
    /// Each record's value: the last build's when it was found from the same record, the
    /// same world and the same action items; else found now. Without a world (a build),
    /// nothing is taken.
    ///
    /// `beside(review)` sums up what a review's checks consult besides the world (for the
    /// references: whether the action items it carries over exist).
    pub fn find(
        &self,
        a: &Archive,
        world: Option<u128>,
        raised: &Raised,
        beside: impl Fn(&Review) -> u128 + Sync,
        review: impl Fn(&Review, &[&Action]) -> T + Sync,
        incident: impl Fn(&Incident, &[&Action]) -> T + Sync,
    ) -> Found<T> {
        fn one<R, T>(
            last: Option<&Kept<R, T>>,
            record: &Arc<R>,
            world: Option<u128>,
            actions: &[&Action],
            find: impl FnOnce() -> T,
        ) -> Kept<R, T> {
            let same = |k: &&Kept<R, T>| {
                Arc::ptr_eq(&k.record, record)
                    && world == Some(k.world)
                    && k.actions.len() == actions.len()
                    && k.actions
                        .iter()
                        .zip(actions)
                        .all(|(id, x)| *id == x.item.id)
            };
            let value = match last.filter(same) {
                Some(k) => Arc::clone(&k.value),
                None => Arc::new(find()),
            };
            Kept {
                record: Arc::clone(record),
                world: world.unwrap_or_default(),
                actions: actions.iter().map(|x| x.item.id.clone()).collect(),
                value,
            }
        }
        let of = |origin: Origin| raised.get(&origin).map_or(&[][..], Vec::as_slice);
        let (reviews, incidents) = rayon::join(
            || {
                a.reviews
                    .par_iter()
                    .map(|r| {
                        let week = r.front.week;
                        let actions = of(Origin::Review(week));
                        let last = self.reviews.get(&week);
                        let world = world.map(|w| crate::types::fingerprint(&(w, beside(r))));
                        (week, one(last, r, world, actions, || review(r, actions)))
                    })
                    .collect()
            },
            || {
                a.incidents
                    .par_iter()
                    .map(|i| {
                        let id = &i.front.id;
                        let actions = of(Origin::Incident(id.clone()));
                        let last = self.incidents.get(id);
                        (
                            id.clone(),
                            one(last, i, world, actions, || incident(i, actions)),
                        )
                    })
                    .collect()
            },
        );
        Found { reviews, incidents }
    }

    /// Keeps this build's values for the next.
    pub fn keep(&mut self, found: Found<T>) {
        self.reviews = found.reviews.into_iter().collect();
        self.incidents = found.incidents.into_iter().collect();
    }
}

/// The world the checks of `a` see (see the module's note), given the fingerprint of every
/// file but the reviews (`None`: unknown, so nothing is taken or kept).
pub(super) fn world(a: &Archive, settings: Option<u128>, warn_only: bool) -> Option<u128> {
    let settings = settings?;
    Some(crate::types::fingerprint(&(
        settings,
        (
            a.incident_ids.keys().collect::<Vec<_>>(),
            a.reviews.iter().map(|r| r.front.week).collect::<Vec<_>>(),
            a.teams.keys().collect::<Vec<_>>(),
            a.services.keys().collect::<Vec<_>>(),
            a.slos.keys().collect::<Vec<_>>(),
            a.runbooks.keys().collect::<Vec<_>>(),
        ),
        (
            a.alerts.iter().collect::<Vec<_>>(),
            a.pages.keys().collect::<Vec<_>>(),
            a.unreadable.iter().collect::<Vec<_>>(),
            a.later.keys().collect::<Vec<_>>(),
        ),
        (warn_only, a.site_readable, a.as_of),
    )))
}
