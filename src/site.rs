//! The pipeline in one place: **load** (read `content/`) → **resolve** (one checked model) →
//! **analyze** (every figure, once) → **render** (each page through its template, written as
//! it is rendered) → **write** (the finished site swapped into place).

use std::path::{Path, PathBuf};
use std::time::Instant;

use jiff::civil::Date;

use crate::analyze::{self, Analysis};
use crate::diagnostics::Diagnostics;
use crate::load::records::BrokenLinks;
use crate::render::{self, Collect, OutputFile, Sink, Theme};
use crate::resolve::{self, Archive};
use crate::write;

/// How to build: the choices a user makes on the command line.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// The reference date; by default the last day of the newest review week.
    pub as_of: Option<Date>,
    /// Report wiki links to nothing as warnings instead of failing the build.
    pub warn_broken_links: bool,
    /// Print each stage's wall and CPU time to stderr.
    pub timings: bool,
}

/// What `serve` keeps from one build for the next: the files as read, what resolve found per
/// record (links, problems), and the figures computed per review. A build starts without.
#[derive(Default)]
pub struct Cache {
    pub(crate) files: crate::load::Cache,
    pub(crate) resolve: crate::resolve::Memo,
    #[cfg_attr(not(feature = "serve"), allow(dead_code))]
    pub(crate) analysis: analyze::Memo,
}

impl Cache {
    pub fn keeping() -> Cache {
        Cache {
            files: crate::load::Cache::keeping(),
            resolve: crate::resolve::Memo::keeping(),
            analysis: analyze::Memo::keeping(),
        }
    }
}

/// A checked archive and its theme: what every command that reads the archive starts from.
pub struct Site {
    pub archive: Archive,
    pub theme: Theme,
    /// With a keeping cache, the fingerprint of all the analysis reads: the files but for the
    /// bodies of records (see [`crate::load::Loaded::figures`]), and the as-of date asked for.
    #[cfg_attr(not(feature = "serve"), allow(dead_code))]
    pub(crate) figures: Option<u128>,
    /// The same for every file but the reviews (see [`crate::load::Loaded::settings`]).
    #[cfg_attr(not(feature = "serve"), allow(dead_code))]
    settings: Option<u128>,
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
        Site::load_timed(root, options, d, &mut Timings::new(false))
    }

    fn load_timed(
        root: &Path,
        options: Options,
        d: &mut Diagnostics,
        t: &mut Timings,
    ) -> Option<Site> {
        let site = Site::read(root, options, d, t)?;
        (!d.has_errors()).then_some(site)
    }

    /// Like [`Site::load`], but keeps what could be read when there are errors (`check` lists
    /// the week's nudges anyway); `None` only without a `content/` folder.
    pub fn load_with_errors(root: &Path, options: Options, d: &mut Diagnostics) -> Option<Site> {
        Site::read(root, options, d, &mut Timings::new(false))
    }

    /// Like [`Site::load`], reading again only the files that changed since the last load
    /// with the same `cache` (`serve` keeps one).
    #[cfg(feature = "serve")]
    pub(crate) fn load_cached(
        root: &Path,
        options: Options,
        cache: &mut Cache,
        d: &mut Diagnostics,
        t: &mut Timings,
    ) -> Option<Site> {
        let site = Site::read_with(root, options, cache, d, t)?;
        (!d.has_errors()).then_some(site)
    }

    fn read(root: &Path, options: Options, d: &mut Diagnostics, t: &mut Timings) -> Option<Site> {
        Site::read_with(root, options, &mut Cache::default(), d, t)
    }

    fn read_with(
        root: &Path,
        options: Options,
        cache: &mut Cache,
        d: &mut Diagnostics,
        t: &mut Timings,
    ) -> Option<Site> {
        let mut loaded = t.stage("load", || crate::load::load_with(root, &mut cache.files, d))?;
        if options.warn_broken_links {
            loaded.site.broken_links = BrokenLinks::Warn;
        }
        let theme_name = loaded.site.theme.clone();
        let with_as_of = |files: Option<u128>| {
            files.map(|files| crate::types::fingerprint(&(files, options.as_of)))
        };
        let (figures, settings) = (with_as_of(loaded.figures), with_as_of(loaded.settings));
        let archive = t.stage("resolve", || {
            resolve::resolve_with(loaded, options.as_of, &mut cache.resolve, d)
        });
        let theme = t.stage("theme", || Theme::load(root, theme_name.as_deref(), d));
        Some(Site {
            archive,
            theme,
            figures,
            settings,
        })
    }

    /// Every figure of the site.
    pub fn analyze(&self) -> Analysis {
        analyze::analyze(&self.archive)
    }

    /// Every figure of the site, taking from `cache` what the last analysis computed from
    /// reviews that have not changed since, and keeping this one's for the next.
    #[cfg(feature = "serve")]
    pub(crate) fn analyze_cached(&self, cache: &mut Cache) -> Analysis {
        analyze::analyze_with(&self.archive, self.settings, &mut cache.analysis)
    }

    /// Renders every page into `sink`.
    pub fn render_into(
        &self,
        analysis: &Analysis,
        sink: &dyn Sink,
        d: &mut Diagnostics,
    ) -> std::io::Result<render::Report> {
        render::render(&self.archive, analysis, &self.theme, sink, d)
    }

    /// Every file of the site, sorted by path (the archive's own files are not included).
    pub fn render(&self, d: &mut Diagnostics) -> Vec<OutputFile> {
        let sink = Collect::default();
        // Memory cannot fail to take a file.
        let _ = self.render_into(&self.analyze(), &sink, d);
        sink.into_files()
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
    let mut t = Timings::new(options.timings);
    let output: PathBuf = write::check_output(root, output).map_err(|r| BuildError::Output(r.0))?;
    let site = Site::load_timed(root, options, d, &mut t).ok_or(BuildError::Content)?;
    let analysis = t.stage("analyze", || site.analyze());
    let staging = write::Staging::begin(&output).map_err(BuildError::Io)?;
    let report = t.stage("render", || -> std::io::Result<render::Report> {
        for asset in &site.archive.assets {
            staging.copy(asset)?;
        }
        site.render_into(&analysis, &staging, d)
    });
    let report = report.map_err(BuildError::Io)?;
    if d.has_errors() {
        return Err(BuildError::Content); // the staging folder removes itself
    }
    let written = t
        .stage("write", || staging.publish())
        .map_err(BuildError::Io)?;
    t.print();
    Ok(BuildReport {
        records_read: site.archive.records_read,
        files_written: written,
        pages: report.pages,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Wall and CPU time per stage, for `--timings` (the benchmark reads these lines).
pub(crate) struct Timings {
    on: bool,
    stages: Vec<(&'static str, f64, f64)>,
}

impl Timings {
    pub(crate) fn new(on: bool) -> Timings {
        Timings { on, stages: vec![] }
    }

    pub(crate) fn stage<T>(&mut self, name: &'static str, run: impl FnOnce() -> T) -> T {
        if !self.on {
            return run();
        }
        let (wall, cpu) = (Instant::now(), cpu_seconds());
        let out = run();
        self.stages
            .push((name, wall.elapsed().as_secs_f64(), cpu_seconds() - cpu));
        out
    }

    pub(crate) fn print(&self) {
        for (name, wall, cpu) in &self.stages {
            eprintln!("timing: {name} wall {wall:.3} s, cpu {cpu:.3} s");
        }
    }
}

/// This process's user and system CPU time so far, in seconds (every thread's).
#[cfg(unix)]
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage only writes into the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

#[cfg(not(unix))]
fn cpu_seconds() -> f64 {
    0.0
}
