//! Stage 4, **render**: every page of the site as bytes, from the archive, through the theme's
//! tera templates. Pages are independent, so they are built and rendered in parallel (rayon);
//! the output is sorted by path, so it is the same whatever order threads finish in.

pub mod charts;
pub mod feeds;
pub mod markdown;
pub(crate) mod search;
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

/// A rendered page, the files beside it, and its address when the sitemap lists it.
struct Rendered {
    page: OutputFile,
    beside: Vec<OutputFile>,
    listed: Option<String>,
}

/// Every file of the site, sorted by path: each page built from the archive and its analysis,
/// rendered through the theme's templates.
pub fn render(
    archive: &Archive,
    analysis: &Analysis,
    theme: &Theme,
    d: &mut Diagnostics,
) -> Vec<OutputFile> {
    let Some(tera) = templates(theme, d) else {
        return vec![];
    };
    let specs = views::specs(archive, analysis);
    let rendered: Vec<Result<Rendered, String>> = specs
        .par_iter()
        .map(|spec| {
            let page = views::build(archive, analysis, spec)?;
            let html = tera.render(page.template, &page.context).map_err(|e| {
                format!(
                    "{} while rendering /{}: {}",
                    page.template,
                    page.address,
                    error_chain(&e)
                )
            })?;
            let listed = page.listed().then(|| page.address.clone());
            let path = page
                .output
                .unwrap_or_else(|| format!("{}index.html", page.address));
            Ok(Rendered {
                page: OutputFile {
                    path,
                    bytes: html.into_bytes(),
                },
                beside: page.files,
                listed,
            })
        })
        .collect();

    let mut files = Vec::with_capacity(rendered.len() + theme.assets.len());
    let mut listed: Vec<String> = vec![];
    let mut pages = vec![];
    for r in rendered {
        match r {
            Ok(r) => {
                pages.push(r.page);
                files.extend(r.beside);
                listed.extend(r.listed);
            }
            Err(message) => d.error(
                std::path::Path::new("themes"),
                None,
                format!("template error: {message}"),
            ),
        }
    }
    listed.sort_unstable();
    let listed: Vec<&str> = listed.iter().map(String::as_str).collect();
    files.extend(feeds::sitemap(archive, &listed));
    files.push(feeds::atom(archive, |text| markdown::plain_text(text, 300)));
    files.extend(pages);
    for (path, bytes) in &theme.assets {
        files.push(OutputFile {
            path: path.clone(),
            bytes: bytes.clone(),
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
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
