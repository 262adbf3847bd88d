//! The built-in theme, embedded in the binary so that opsbook works from any folder, and
//! overridden file by file by `themes/<name>/` in the site root (as mdBook's theme is).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostics;
use crate::load::walk::{files_under, theme_name_problem, Hidden};

macro_rules! builtin {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $path)).as_slice())),*]
    };
}

/// Every file of `themes/default/`, by its path in the theme.
const BUILTIN: &[(&str, &[u8])] = builtin![
    "templates/base.html",
    "templates/macros.html",
    "templates/index.html",
    "templates/reviews.html",
    "templates/review.html",
    "templates/incidents.html",
    "templates/incident.html",
    "templates/teams.html",
    "templates/team.html",
    "templates/services.html",
    "templates/service.html",
    "templates/slos.html",
    "templates/slo.html",
    "templates/runbooks.html",
    "templates/runbook.html",
    "templates/pages.html",
    "templates/page.html",
    "templates/actions.html",
    "templates/oncall.html",
    "templates/alerts.html",
    "templates/alert.html",
    "templates/trends.html",
    "templates/redirect.html",
    "templates/tags.html",
    "templates/tag.html",
    "templates/404.html",
    "templates/search.html",
    "templates/slides.html",
    "static/assets/style.css",
    "static/assets/search.js",
    "static/assets/page.js",
    "static/assets/slides.css",
    "static/assets/slides.js",
    "static/favicon.svg",
];

pub struct Theme {
    /// Template name (`review.html`) → text.
    pub templates: BTreeMap<String, String>,
    /// Output path (`assets/style.css`) → bytes.
    pub assets: BTreeMap<String, Vec<u8>>,
    /// Where each overriding template came from, for error messages.
    pub origins: BTreeMap<String, PathBuf>,
}

impl Theme {
    /// The built-in theme with the files of `themes/<name>/` laid over it.
    pub fn load(root: &Path, name: Option<&str>, d: &mut Diagnostics) -> Theme {
        let mut theme = Theme {
            templates: BTreeMap::new(),
            assets: BTreeMap::new(),
            origins: BTreeMap::new(),
        };
        for (path, bytes) in BUILTIN {
            theme.add(
                path,
                bytes.to_vec(),
                PathBuf::from("(built-in theme)").join(path),
                d,
            );
        }
        let Some(name) = name else { return theme };
        // `theme:` in site.yaml is a name, checked (and reported) when site.yaml is read: a
        // path is not followed anywhere.
        if theme_name_problem(name).is_some() {
            return theme;
        }
        let dir = root.join("themes").join(name);
        if std::fs::symlink_metadata(&dir).is_err() {
            return theme; // reported by resolve, at the line of `theme:`
        }
        for rel in files_under(root, &dir, Hidden::Keep, d) {
            let path = dir.join(&rel);
            let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            let rel = rel.to_string_lossy().replace('\\', "/");
            match std::fs::read(&path) {
                Ok(bytes) => theme.add(&rel, bytes, shown, d),
                Err(e) => d.error(&shown, None, format!("cannot read: {e}")),
            }
        }
        theme
    }

    fn add(&mut self, rel: &str, bytes: Vec<u8>, shown: PathBuf, d: &mut Diagnostics) {
        if let Some(name) = rel.strip_prefix("templates/") {
            match String::from_utf8(bytes) {
                Ok(text) => {
                    self.templates.insert(name.to_string(), text);
                    self.origins.insert(name.to_string(), shown);
                }
                Err(_) => d.error(
                    &shown,
                    None,
                    "a template is not UTF-8 text (expected a UTF-8 HTML template)",
                ),
            }
        } else if let Some(out) = rel.strip_prefix("static/") {
            self.assets.insert(out.to_string(), bytes);
        } else {
            d.warning(
                &shown,
                None,
                "ignored: a theme holds templates/ and static/ (expected the file in one of them)",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_theme_is_every_file_of_themes_default() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .filter_map(|e| {
                let rel = e.path().strip_prefix(&dir).ok()?;
                Some(rel.to_string_lossy().replace('\\', "/"))
            })
            .collect();
        on_disk.sort();
        let mut built_in: Vec<String> = BUILTIN.iter().map(|(p, _)| p.to_string()).collect();
        built_in.sort();
        assert_eq!(
            built_in, on_disk,
            "src/render/theme.rs's BUILTIN must list exactly the files of themes/default/"
        );
    }
}
