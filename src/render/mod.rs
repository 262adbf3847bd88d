//! Stage 4, **render**: every page of the site as bytes, from the archive, through the theme's
//! tera templates. Pages are independent, so they are built and rendered in parallel (rayon);
//! the output is sorted by path, so it is the same whatever order threads finish in.

pub mod charts;
pub mod feeds;
pub mod markdown;
mod search;
pub mod theme;
mod views;

use rayon::prelude::*;
use serde_json::{json, Value};

use crate::diagnostics::Diagnostics;
use crate::resolve::Archive;
pub use theme::Theme;

/// One file of the output: its path below the output root and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A page to render: its address (`reviews/2025-W14/`, or `` for home), template and context.
pub struct Page {
    pub address: String,
    pub template: &'static str,
    pub context: Value,
    /// Files beside the page: its charts' figures as CSV; the search page's index.
    pub files: Vec<OutputFile>,
    /// Where it is written, when not `<address>index.html` (the 404 page).
    pub output: Option<String>,
    /// The way back to the site root, when not relative to the address: the 404 page is served
    /// at any address, so its links start from `base_url`'s path.
    pub root: Option<String>,
}

/// Relative path from a page at `address` back to the site root: `reviews/2025-W14/` → `../../`.
pub fn root_for(address: &str) -> String {
    "../".repeat(address.matches('/').count())
}

pub fn render(archive: &Archive, theme: &Theme, d: &mut Diagnostics) -> Vec<OutputFile> {
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
        return vec![];
    }

    let pages = views::pages(archive);
    let rendered: Vec<Result<OutputFile, String>> = pages
        .par_iter()
        .map(|page| {
            let mut context = page.context.clone();
            views::add_common(archive, &page.address, &mut context);
            if let Some(root) = &page.root {
                context["root"] = serde_json::json!(root);
            }
            let context = tera::Context::from_value(context).map_err(|e| error_chain(&e))?;
            let html = tera.render(page.template, &context).map_err(|e| {
                format!(
                    "{} while rendering /{}: {}",
                    page.template,
                    page.address,
                    error_chain(&e)
                )
            })?;
            Ok(OutputFile {
                path: page
                    .output
                    .clone()
                    .unwrap_or_else(|| format!("{}index.html", page.address)),
                bytes: html.into_bytes(),
            })
        })
        .collect();

    let mut files = Vec::with_capacity(rendered.len() + theme.assets.len());
    let mut listed: Vec<&str> = pages
        .iter()
        .filter(|p| p.output.is_none() && p.template != "redirect.html")
        .map(|p| p.address.as_str())
        .collect();
    listed.sort_unstable();
    files.extend(feeds::sitemap(archive, &listed));
    files.push(feeds::atom(archive, |text| markdown::plain_text(text, 300)));
    for page in pages {
        files.extend(page.files);
    }
    for r in rendered {
        match r {
            Ok(f) => files.push(f),
            Err(message) => d.error(
                std::path::Path::new("themes"),
                None,
                format!("template error: {message}"),
            ),
        }
    }
    for (path, bytes) in &theme.assets {
        files.push(OutputFile {
            path: path.clone(),
            bytes: bytes.clone(),
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
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

/// A link in a context: the title and the address below the root (templates prefix `root`).
pub fn link(title: impl Into<String>, address: impl Into<String>) -> Value {
    json!({ "title": title.into(), "address": address.into() })
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
