//! The pipeline in one place: [`Site::load`] reads and checks the archive (load → resolve),
//! [`Site::render`] turns it into files (analyze → render), [`Site::write`] publishes them.

use std::path::{Path, PathBuf};
use std::time::Instant;

use jiff::civil::Date;

use crate::diagnostics::Diagnostics;
use crate::load::records::BrokenLinks;
use crate::render::{self, OutputFile, Theme};
use crate::resolve::{self, Archive};
use crate::write;

/// How to build: the choices a user makes on the command line.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// The reference date; by default the last day of the newest review week.
    pub as_of: Option<Date>,
    /// Report wiki links to nothing as warnings instead of failing the build.
    pub warn_broken_links: bool,
}

pub struct Site {
    pub archive: Archive,
    pub theme: Theme,
}

/// How a build went.
#[derive(Debug)]
pub struct BuildReport {
    pub records_read: usize,
    pub files_written: usize,
    pub pages: usize,
    pub seconds: f64,
}

#[derive(Debug)]
pub enum BuildError {
    /// The archive has problems; they are in the diagnostics.
    Content,
    /// The output folder was refused.
    Output(String),
    Io(std::io::Error),
}

impl Site {
    /// Reads and checks the archive under `root`. `None` when it has errors (in `d`).
    pub fn load(root: &Path, options: Options, d: &mut Diagnostics) -> Option<Site> {
        let site = Site::load_with_errors(root, options, d)?;
        (!d.has_errors()).then_some(site)
    }

    /// Like [`Site::load`], but keeps what could be read when there are errors (`check` lists
    /// the week's nudges anyway); `None` only without a readable `site.yaml`.
    pub fn load_with_errors(root: &Path, options: Options, d: &mut Diagnostics) -> Option<Site> {
        let mut loaded = crate::load::load(root, d)?;
        if options.warn_broken_links {
            loaded.site.broken_links = BrokenLinks::Warn;
        }
        let theme_name = loaded.site.theme.clone();
        let archive = resolve::resolve(loaded, options.as_of, d);
        let theme = Theme::load(root, theme_name.as_deref(), d);
        Some(Site { archive, theme })
    }

    /// Every file of the site, sorted by path.
    pub fn render(&self, d: &mut Diagnostics) -> Vec<OutputFile> {
        let analysis = crate::analyze::analyze(&self.archive);
        render::render(&self.archive, &analysis, &self.theme, d)
    }

    pub fn write(&self, output: &Path, files: &[OutputFile]) -> std::io::Result<usize> {
        write::write_site(output, files, &self.archive.assets)
    }
}

/// `opsbook build`: the whole pipeline. The output is checked before anything is read, and
/// replaced only when the build succeeded.
pub fn build(
    root: &Path,
    output: &Path,
    options: Options,
    d: &mut Diagnostics,
) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let output: PathBuf = write::check_output(root, output).map_err(|r| BuildError::Output(r.0))?;
    let site = Site::load(root, options, d).ok_or(BuildError::Content)?;
    let files = site.render(d);
    if d.has_errors() {
        return Err(BuildError::Content);
    }
    let written = site.write(&output, &files).map_err(BuildError::Io)?;
    Ok(BuildReport {
        records_read: site.archive.records_read,
        files_written: written,
        pages: files.iter().filter(|f| f.path.ends_with(".html")).count(),
        seconds: started.elapsed().as_secs_f64(),
    })
}
