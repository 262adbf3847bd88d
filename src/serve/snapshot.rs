//! One version of the site as `serve` shows it: the checked archive, its analysis and its pages.
//! Nothing is rendered ahead: a page is rendered the first time it is asked for, through the
//! same [`Pages::render`] as `opsbook build`, and kept until the next version replaces this one.
//! A version never changes once made, so every answer it gives belongs to one state of the
//! archive.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use crate::analyze::Analysis;
use crate::render::{Found, OutputFile, Pages, Rendered};
use crate::site::Site;

/// Rendered pages are kept up to this many bytes; past it, the kept ones are let go (a reader
/// looks at a few pages, a crawler at all of them).
const KEEP_BYTES: usize = 96 << 20;

pub(super) struct Snapshot {
    site: Site,
    analysis: Arc<Analysis>,
    pages: Pages,
    /// The archive's own files (`static/`, a review's images and alert logs), by output path.
    assets: HashMap<String, PathBuf>,
    kept: Mutex<Kept>,
    feeds: OnceLock<Vec<OutputFile>>,
}

#[derive(Default)]
struct Kept {
    pages: HashMap<usize, Arc<Rendered>>,
    bytes: usize,
}

/// What an output path holds in this version.
#[derive(Debug)]
pub(super) enum Lookup {
    /// The file, and the output path it is written at (`reviews/index.html` for `reviews/`).
    File(String, Vec<u8>),
    /// A folder asked for without its `/`: the address to send the browser to.
    Folder(String),
    Missing,
    /// Rendering the page failed (a template error), or the archive's file cannot be read.
    Failed(String),
}

impl Snapshot {
    pub fn new(site: Site, analysis: Arc<Analysis>, pages: Pages) -> Snapshot {
        let assets = site
            .archive
            .assets
            .iter()
            .map(|a| (a.to.clone(), a.from.clone()))
            .collect();
        Snapshot {
            site,
            analysis,
            pages,
            assets,
            kept: Mutex::default(),
            feeds: OnceLock::new(),
        }
    }

    /// The file at `path` below the site root (`reviews/2025-W14/`, `assets/style.css`), as
    /// `opsbook build` would write it: a page wins over a theme file, and a theme file over a
    /// file of the archive, as when the build writes them in that order.
    pub fn lookup(&self, path: &str) -> Lookup {
        let folder = path.is_empty() || path.ends_with('/');
        let output = if folder {
            format!("{path}index.html")
        } else {
            path.to_string()
        };
        match self.file(&output) {
            Some(Ok(bytes)) => Lookup::File(output, bytes),
            Some(Err(why)) => Lookup::Failed(why),
            None if !folder && self.has_index(&format!("{path}/index.html")) => {
                Lookup::Folder(format!("/{path}/"))
            }
            None => Lookup::Missing,
        }
    }

    /// Whether a folder's `index.html` exists, without rendering it.
    fn has_index(&self, output: &str) -> bool {
        matches!(self.pages.find(output), Found::Page(_))
            || self.site.theme.assets.contains_key(output)
            || self.assets.contains_key(output)
    }

    fn file(&self, output: &str) -> Option<Result<Vec<u8>, String>> {
        match self.pages.find(output) {
            Found::Page(n) => return Some(self.rendered(n).map(|r| r.page.bytes.clone())),
            Found::Beside(n) => match self.rendered(n) {
                Ok(r) => {
                    if let Some(f) = r.beside.iter().find(|f| f.path == output) {
                        return Some(Ok(f.bytes.clone()));
                    }
                }
                Err(why) => return Some(Err(why)),
            },
            Found::Feed => {
                let feeds = self
                    .feeds
                    .get_or_init(|| self.pages.feeds(&self.site.archive));
                if let Some(f) = feeds.iter().find(|f| f.path == output) {
                    return Some(Ok(f.bytes.clone()));
                }
            }
            Found::Other => {}
        }
        if let Some(bytes) = self.site.theme.assets.get(output) {
            return Some(Ok(bytes.clone()));
        }
        let from = self.assets.get(output)?;
        Some(std::fs::read(from).map_err(|e| format!("cannot read {}: {e}", from.display())))
    }

    /// Page `n`, rendered now or kept from an earlier request.
    fn rendered(&self, n: usize) -> Result<Arc<Rendered>, String> {
        if let Some(page) = self.lock().pages.get(&n) {
            return Ok(Arc::clone(page));
        }
        // Rendered outside the lock: two requests for one page may both render it, and
        // requests for other pages do not wait.
        let page = Arc::new(
            self.pages
                .render(&self.site.archive, &self.analysis, n)
                .map_err(|why| format!("template error: {why}"))?,
        );
        let size = page.page.bytes.len() + page.beside.iter().map(|f| f.bytes.len()).sum::<usize>();
        let mut kept = self.lock();
        if kept.bytes + size > KEEP_BYTES {
            *kept = Kept::default();
        }
        if kept.pages.insert(n, Arc::clone(&page)).is_none() {
            kept.bytes += size;
        }
        Ok(page)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Kept> {
        self.kept.lock().unwrap_or_else(|e| e.into_inner())
    }
}
