//! Stage 4, **render**: every page of the site as bytes, from the archive, through the theme's
//! tera templates. Pages are independent, so they are built and rendered in parallel (rayon);
//! the output is sorted by path, so it is the same whatever order threads finish in.

mod anchors;
pub mod charts;
pub mod feeds;
pub mod markdown;
pub(crate) mod search;
pub mod summary;
pub mod theme;
mod views;

use rayon::prelude::*;

use crate::analyze::Analysis;
use crate::diagnostics::Diagnostics;
use crate::resolve::Archive;
pub use theme::Theme;

/// One file of the output: its path below the output root and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Relative path from a page at `address` back to the site root: `reviews/2025-W14/` → `../../`.
pub fn root_for(address: &str) -> String {
    "../".repeat(address.matches('/').count())
}

/// Where rendered files go as they are rendered: a build's staging folder, or memory.
pub trait Sink: Sync {
    fn put(&self, file: &OutputFile) -> std::io::Result<()>;
}

impl Sink for crate::write::Staging {
    fn put(&self, file: &OutputFile) -> std::io::Result<()> {
        crate::write::Staging::put(self, file)
    }
}

/// Files kept in memory (`check`, `serve`'s comparison, tests).
#[derive(Default)]
pub struct Collect(std::sync::Mutex<Vec<OutputFile>>);

impl Collect {
    /// The files, sorted by path.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Sink for Collect {
    fn put(&self, file: &OutputFile) -> std::io::Result<()> {
        let mut files = self.0.lock().unwrap_or_else(|e| e.into_inner());
        files.push(file.clone());
        Ok(())
    }
}

/// How rendering went: pages rendered, files handed to the sink.
#[derive(Debug, Default, Clone, Copy)]
pub struct Report {
    pub pages: usize,
    pub files: usize,
}

/// The site's pages, ready to be rendered one at a time: `build` renders them all, `serve`
/// each when it is asked for. Both go through [`Pages::render`], so a page is the same bytes
/// either way.
pub struct Pages {
    tera: std::sync::Arc<tera::Tera>,
    specs: Vec<views::Spec>,
    /// Address (`reviews/2025-W14/`) → page, written at `<address>index.html`; files beside a
    /// page are in its folder.
    addresses: std::collections::HashMap<String, usize>,
    /// The 404 page, written at `404.html`.
    not_found: Option<usize>,
}

/// One page rendered: its HTML and the files beside it (its charts' CSV, the search index).
#[derive(Debug, Clone)]
pub struct Rendered {
    pub page: OutputFile,
    pub beside: Vec<OutputFile>,
}

/// What an output path is, once the site's pages are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// The page itself.
    Page(usize),
    /// A file beside this page, if the page has it.
    Beside(usize),
    /// The Atom feed or the sitemap.
    Feed,
    /// Not made by rendering: a theme or archive file, or nothing.
    Other,
}

impl Pages {
    /// The pages of the archive, with the theme's templates parsed; `None` (with the error
    /// placed at the template's file) when one does not parse.
    pub fn new(
        archive: &Archive,
        analysis: &Analysis,
        theme: &Theme,
        d: &mut Diagnostics,
    ) -> Option<Pages> {
        let tera = templates(theme, d)?;
        Some(Pages::with_templates(
            archive,
            analysis,
            std::sync::Arc::new(tera),
        ))
    }

    /// The pages of the archive, with templates parsed before: `serve` keeps them while the
    /// theme's templates are unchanged.
    pub fn with_templates(
        archive: &Archive,
        analysis: &Analysis,
        tera: std::sync::Arc<tera::Tera>,
    ) -> Pages {
        let specs = views::specs(archive, analysis);
        let not_found = specs.iter().position(|s| *s == views::Spec::NotFound);
        let addresses = specs
            .iter()
            .enumerate()
            .filter(|(n, _)| Some(*n) != not_found)
            .map(|(n, spec)| (spec.address(archive), n))
            .collect();
        Pages {
            tera,
            specs,
            addresses,
            not_found,
        }
    }

    /// The parsed templates, to use again.
    pub fn templates(&self) -> &std::sync::Arc<tera::Tera> {
        &self.tera
    }

    pub fn len(&self) -> usize {
        self.specs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.specs.is_empty()
    }

    /// Renders page `n` (of `0..len()`), or says why it could not.
    pub fn render(
        &self,
        archive: &Archive,
        analysis: &Analysis,
        n: usize,
    ) -> Result<Rendered, String> {
        let spec = self.specs.get(n).ok_or("no such page")?;
        let page = views::build(archive, analysis, spec)?;
        let html = self
            .tera
            .render(page.template, &page.context)
            .map_err(|e| {
                format!(
                    "{} while rendering /{}: {}",
                    page.template,
                    page.address,
                    error_chain(&e)
                )
            })?;
        // Slides are not read by section: their headings stay as they are.
        let html = if page.template == "slides.html" {
            html
        } else {
            anchors::add(&html)
        };
        Ok(Rendered {
            page: OutputFile {
                path: page.output,
                bytes: html.into_bytes(),
            },
            beside: page.files,
        })
    }

    /// What the output path `path` (`reviews/2025-W14/index.html`, `trends/pages.csv`) is.
    pub fn find(&self, path: &str) -> Found {
        let page = match path.strip_suffix("index.html") {
            Some(folder) if folder.is_empty() || folder.ends_with('/') => {
                self.addresses.get(folder)
            }
            _ if path == "404.html" => self.not_found.as_ref(),
            _ => None,
        };
        if let Some(n) = page {
            return Found::Page(*n);
        }
        if path == feeds::FEED_PATH || path == feeds::SITEMAP_PATH {
            return Found::Feed;
        }
        let folder = path.rfind('/').map_or("", |i| &path[..=i]);
        match self.addresses.get(folder) {
            Some(n) => Found::Beside(*n),
            None => Found::Other,
        }
    }

    /// The feed and the sitemap (the sitemap only with a base_url).
    pub fn feeds(&self, archive: &Archive) -> Vec<OutputFile> {
        let mut listed: Vec<String> = self
            .specs
            .iter()
            .filter(|spec| spec.listed())
            .map(|spec| spec.address(archive))
            .collect();
        listed.sort_unstable();
        let listed: Vec<&str> = listed.iter().map(String::as_str).collect();
        feeds::sitemap(archive, &listed)
            .into_iter()
            .chain([feeds::atom(archive, |text| markdown::plain_text(text, 300))])
            .collect()
    }
}

/// A page rendered and handed to the sink, or why not.
enum Outcome {
    /// Written, with this many files.
    Page(usize),
    Template(String),
    Io(std::io::Error),
}

/// Renders every page of the site, built from the archive and its analysis through the
/// theme's templates, and hands each file to `sink` as soon as it is rendered: pages are built,
/// rendered and written in parallel, one at a time per thread, so the site is never held in
/// memory whole. Template problems go into `d`; the first I/O error stops the rendering.
pub fn render(
    archive: &Archive,
    analysis: &Analysis,
    theme: &Theme,
    sink: &dyn Sink,
    d: &mut Diagnostics,
) -> std::io::Result<Report> {
    let Some(pages) = Pages::new(archive, analysis, theme, d) else {
        return Ok(Report::default());
    };
    let mut report = Report::default();
    // The theme's files first: a page of the same name wins over a static file.
    for (path, bytes) in &theme.assets {
        sink.put(&OutputFile {
            path: path.clone(),
            bytes: bytes.clone(),
        })?;
        report.files += 1;
    }
    let outcomes: Vec<Outcome> = (0..pages.len())
        .into_par_iter()
        .map(|n| {
            let rendered = match pages.render(archive, analysis, n) {
                Ok(rendered) => rendered,
                Err(message) => return Outcome::Template(message),
            };
            let written = std::iter::once(&rendered.page)
                .chain(&rendered.beside)
                .try_for_each(|f| sink.put(f));
            match written {
                Ok(()) => Outcome::Page(1 + rendered.beside.len()),
                Err(e) => Outcome::Io(e),
            }
        })
        .collect();
    for outcome in outcomes {
        match outcome {
            Outcome::Page(files) => {
                report.pages += 1;
                report.files += files;
            }
            Outcome::Template(message) => d.error(
                std::path::Path::new("themes"),
                None,
                format!("template error: {message}"),
            ),
            Outcome::Io(e) => return Err(e),
        }
    }
    for file in pages.feeds(archive) {
        sink.put(&file)?;
        report.files += 1;
    }
    Ok(report)
}

/// The theme's templates, ready to render; `None` (with the error placed at the template's
/// file) when one does not parse.
fn templates(theme: &Theme, d: &mut Diagnostics) -> Option<tera::Tera> {
    let mut tera = tera::Tera::default();
    tera.set_escape_fn(escape_html);
    let templates = theme
        .templates
        .iter()
        .map(|(name, text)| (name.as_str(), text.as_str()));
    if let Err(e) = tera.add_raw_templates(templates) {
        // Tera names the template at fault in its message: report it against that file.
        let message = error_chain(&e);
        let file = theme
            .origins
            .iter()
            .filter_map(|(name, path)| {
                message
                    .find(&format!("'{name}'"))
                    .or(message.find(&format!("`{name}`")))
                    .map(|at| (at, path))
            })
            .min()
            .map_or(std::path::PathBuf::from("themes"), |(_, path)| path.clone());
        d.error(&file, None, format!("template error: {message}"));
        return None;
    }
    Some(tera)
}

/// HTML escaping for text and attribute values. Tera's default also escapes `/`, which makes
/// every address unreadable in the page source without making it any safer in quoted attributes.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Tera nests the useful message in its error's sources.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_and_quotes() {
        assert_eq!(
            escape_html(r#"<a href="x" title='y'>&</a>"#),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        );
        assert_eq!(escape_html("../reviews/2025-W14/"), "../reviews/2025-W14/");
    }

    #[test]
    fn root_prefix_climbs_one_level_per_folder() {
        assert_eq!(root_for(""), "");
        assert_eq!(root_for("reviews/"), "../");
        assert_eq!(root_for("reviews/2025-W14/"), "../../");
        assert_eq!(root_for("pages/process/escalation/"), "../../../");
    }
}
