//! The watcher's side of `serve`: after each settled burst of changes under `content/` or
//! `themes/`, the archive is read again — only the files that changed (the load cache) — then
//! resolved and analysed, taking what was found in records that did not change from the memos
//! of those stages (`resolve::Memo`, `analyze::Memo`), and the new version of the site replaces
//! the old in one step.

use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::event::{AccessKind, AccessMode};
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache};
use tokio::sync::watch;

use super::snapshot::Snapshot;
use crate::analyze::Analysis;
use crate::diagnostics::Diagnostics;
use crate::render::Pages;
use crate::site::{Cache, Options, Site, Timings};

/// What the server shows: the newest version that built, and the errors of the newest build if
/// it failed. `number` counts builds, good or not.
#[derive(Default)]
pub(super) struct Generation {
    pub number: u64,
    /// Kept while the archive has errors, for the files that are not pages (stylesheets).
    pub site: Option<Arc<Snapshot>>,
    pub error: Option<String>,
}

/// Builds the site on the watcher's thread and publishes each version.
pub(super) struct Builder {
    pub root: PathBuf,
    pub options: Options,
    pub cache: Cache,
    pub publish: watch::Sender<Arc<Generation>>,
    /// Whether `themes/` is watched: a `themes/` made after the server started is watched
    /// from then on.
    pub themes_watched: bool,
    /// The last analysis, and the fingerprint of what it read: the figures are computed again
    /// only when what they read changed (not for an edit of a record's text).
    pub analysis: Option<(u128, Arc<Analysis>)>,
    /// The theme's templates as last parsed, and the fingerprint of their texts.
    pub templates: Option<(u128, Arc<tera::Tera>)>,
}

impl Builder {
    /// Rebuilds after each settled burst of changes until `done`.
    pub fn watch(
        &mut self,
        watcher: &mut Debouncer<RecommendedWatcher, RecommendedCache>,
        changes: &mpsc::Receiver<DebounceEventResult>,
        done: &AtomicBool,
    ) {
        // The watcher names files by absolute paths (`serve` with the default `--root .`
        // included); the cache knows them as the root's own paths.
        let root = Root::of(&self.root);
        while !done.load(Ordering::SeqCst) {
            let events = match changes.recv_timeout(Duration::from_millis(100)) {
                Ok(Ok(events)) => events,
                Ok(Err(errors)) => {
                    for e in errors {
                        eprintln!("warning: watching for changes: {e}");
                    }
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Timeout) => continue,
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            };
            let mut changed = root.changed_paths(events);
            // Take what else arrived while waiting: one build for all of it.
            while let Ok(Ok(more)) = changes.try_recv() {
                changed.extend(root.changed_paths(more));
            }
            if changed.is_empty() || done.load(Ordering::SeqCst) {
                continue;
            }
            changed.sort();
            changed.dedup();
            self.watch_themes(watcher);
            self.rebuild(&changed);
        }
    }

    /// Watches `themes/` once it exists (the root itself is watched for it to appear).
    pub fn watch_themes(&mut self, watcher: &mut Debouncer<RecommendedWatcher, RecommendedCache>) {
        let themes = self.root.join("themes");
        if !themes.is_dir() {
            self.themes_watched = false;
        } else if !self.themes_watched {
            match watcher.watch(&themes, RecursiveMode::Recursive) {
                Ok(()) => self.themes_watched = true,
                Err(e) => eprintln!("warning: cannot watch {}: {e}", themes.display()),
            }
        }
    }

    /// Builds once, publishes the outcome and says how it went on stderr.
    pub fn rebuild(&mut self, changed: &[PathBuf]) {
        let started = Instant::now();
        self.cache.files.forget(changed);
        let mut d = Diagnostics::new();
        let outcome = catch_unwind(AssertUnwindSafe(|| self.build(&mut d))).unwrap_or_else(|_| {
            // What was kept may be half updated.
            self.cache = Cache::keeping();
            self.analysis = None;
            self.templates = None;
            Err(
                "opsbook stopped on an internal error while building (see the terminal); \
                 this is a bug in opsbook"
                    .into(),
            )
        });
        let seconds = started.elapsed().as_secs_f64();

        let mut err = std::io::stderr().lock();
        if let Some(first) = changed.first() {
            let first = first.strip_prefix(&self.root).unwrap_or(first);
            match changed.len() {
                1 => writeln!(err, "changed {}", first.display()),
                n => writeln!(err, "changed {} and {} more", first.display(), n - 1),
            }
            .ok();
        }
        for diagnostic in d.sorted() {
            writeln!(err, "{diagnostic}").ok();
        }
        let verb = if changed.is_empty() {
            "built"
        } else {
            "rebuilt"
        };
        match &outcome {
            Ok(_) => writeln!(err, "{verb} in {seconds:.3} s"),
            Err(_) if d.has_errors() => writeln!(
                err,
                "build failed in {seconds:.3} s: {} error{}; the browser shows them until they are fixed",
                d.error_count(),
                if d.error_count() == 1 { "" } else { "s" }
            ),
            Err(why) => writeln!(err, "build failed: {why}"),
        }
        .ok();
        drop(err);

        let previous = Arc::clone(&self.publish.borrow());
        let (site, error) = match outcome {
            Ok(snapshot) => (Some(Arc::new(snapshot)), None),
            Err(error) => (previous.site.clone(), Some(error)),
        };
        let number = previous.number + 1;
        drop(previous);
        let replaced = self.publish.send_replace(Arc::new(Generation {
            number,
            site,
            error,
        }));
        // Letting go of a large archive takes a while: not on the way to the next build.
        std::thread::spawn(move || drop(replaced));
    }

    fn build(&mut self, d: &mut Diagnostics) -> Result<Snapshot, String> {
        let mut t = Timings::new(self.options.timings);
        let site = Site::load_cached(&self.root, self.options, &mut self.cache, d, &mut t);
        let errors = |d: &Diagnostics| -> String {
            d.sorted()
                .iter()
                .map(|diagnostic| format!("{diagnostic}\n"))
                .collect()
        };
        let Some(mut site) = site else {
            t.print();
            return Err(errors(d));
        };
        // Served at `/`, not at base_url's path: the 404 page's links start from here.
        site.archive.site.base_url = None;
        let analysis = t.stage("analyze", || match (&self.analysis, site.figures) {
            (Some((was, analysis)), Some(now)) if *was == now => Arc::clone(analysis),
            _ => {
                let analysis = Arc::new(site.analyze_cached(&mut self.cache));
                self.analysis = site.figures.map(|now| (now, Arc::clone(&analysis)));
                analysis
            }
        });
        let pages = t.stage("pages", || {
            let texts = crate::types::fingerprint(&site.theme.templates);
            match &self.templates {
                Some((was, tera)) if *was == texts => Some(Pages::with_templates(
                    &site.archive,
                    &analysis,
                    Arc::clone(tera),
                )),
                _ => {
                    let pages = Pages::new(&site.archive, &analysis, &site.theme, d);
                    self.templates = pages.as_ref().map(|p| (texts, Arc::clone(p.templates())));
                    pages
                }
            }
        });
        t.print();
        match pages {
            Some(pages) if !d.has_errors() => Ok(Snapshot::new(site, analysis, pages)),
            _ => Err(errors(d)),
        }
    }
}

/// The site root as given and as an absolute path, to name the watcher's paths as the load
/// cache does.
struct Root {
    given: PathBuf,
    absolute: PathBuf,
    /// With links resolved: some watchers (macOS's) name files so.
    canonical: PathBuf,
}

impl Root {
    fn of(given: &Path) -> Root {
        let absolute = std::path::absolute(given).unwrap_or_else(|_| given.to_path_buf());
        Root {
            given: given.to_path_buf(),
            canonical: std::fs::canonicalize(given).unwrap_or_else(|_| absolute.clone()),
            absolute,
        }
    }

    /// The files under `content/` and `themes/` that changed, leaving out reads (the build's
    /// own, among others: notify reports opening a file) and editors' scratch files. A rescan
    /// (events were lost) names no file but counts.
    fn changed_paths(&self, events: Vec<DebouncedEvent>) -> Vec<PathBuf> {
        let watched = [Path::new("content"), Path::new("themes")];
        let mut changed = Vec::new();
        for event in events {
            let event = event.event;
            let write = match event.kind {
                EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
                EventKind::Access(_) => false,
                _ => true,
            };
            if !write {
                continue;
            }
            if event.paths.is_empty() {
                changed.push(self.given.join(watched[0]));
            }
            changed.extend(event.paths.into_iter().filter_map(|p| {
                let inside = p
                    .strip_prefix(&self.absolute)
                    .or_else(|_| p.strip_prefix(&self.canonical))
                    .or_else(|_| p.strip_prefix(&self.given))
                    .ok()?;
                (!is_editor_scratch(&p) && watched.iter().any(|w| inside.starts_with(w)))
                    .then(|| self.given.join(inside))
            }));
        }
        changed
    }
}

/// Files that editors write beside the real one while saving: vim's swap files and its `4913`
/// probe, Emacs's lock and backup files.
fn is_editor_scratch(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with('~')
        || name.starts_with(".#")
        || name == "4913"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_scratch_files_are_ignored() {
        for scratch in [".2025-W14.md.swp", "2025-W14.md~", ".#2025-W14.md", "4913"] {
            assert!(is_editor_scratch(Path::new(scratch)), "{scratch}");
        }
        assert!(!is_editor_scratch(Path::new("2025-W14.md")));
    }
}
