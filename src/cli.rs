//! The command line: `opsbook build`, `serve`, `check`, `new week`, `new incident`, `import`, `summary`. Flags are
//! validated once, by clap; every command ends in one [`Failure`] type, whose exit code is
//! decided in one place: 0 done, 1 content errors or a failed write (and `check --strict` with
//! something to chase), 2 usage errors and refused output folders.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use jiff::civil::Date;
use jiff::Timestamp;
use serde_json::json;

use crate::analyze::nudges::{nudges, Nudges};
use crate::diagnostics::{Diagnostics, Level};
use crate::scaffold;
use crate::site::{self, BuildError, Site};
use crate::types::Week;

#[derive(Parser, Debug)]
#[command(
    name = "opsbook",
    version,
    about = "Publish a team's weekly operational reviews and incident summaries as a browsable static archive."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site from a site root's content/ folder into an output folder.
    ///
    /// The site is written to a temporary folder beside the output and swapped into place only
    /// when the build succeeded; with errors, the previous output is left as it was.
    Build(BuildArgs),
    /// Preview the site on http://127.0.0.1:1111/, rebuilt and reloaded on every change.
    ///
    /// Watches content/ and themes/; after a save only the changed files are read again, pages
    /// are rendered when asked for, and open pages whose content changed reload. While the
    /// archive has errors every page shows them instead. Nothing is written to disk; public/ is
    /// not touched.
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
    /// Check the archive without writing a site, and list what to chase before the meeting.
    ///
    /// Reports the same problems as `build`, then the facilitator's nudge list for the newest
    /// week: teams whose section is missing or empty, incidents of the week not yet reviewed,
    /// overdue action items by owner, SLOs and metrics without data. Exit code 1 on errors only; with
    /// --strict also when there is something to chase.
    Check(CheckArgs),
    /// Write a new record, pre-filled from the archive (never overwrites a file).
    #[command(subcommand)]
    New(NewCommand),
    /// Import pages or incidents from a tool's export, exactly as the tool exports it.
    ///
    /// Services, people and teams are mapped by what the records declare (`external:`, names,
    /// e-mails); pages are split by ISO week in the team's time zone and by the team that owns
    /// the page's service, and written as the week's alert logs with the review's `pages_csv`
    /// set (a missing week is scaffolded as a draft); incident.io incidents become incident
    /// records. Nothing is written while a row does not map. Re-running an import changes
    /// nothing; pages a person typed for a team-week are only replaced with --replace.
    ///
    /// `opsbook import prometheus --url URL [--week YYYY-Www]` evaluates the week's SLO
    /// attainment (OpenSLO ratioMetric and thresholdMetric indicators with a Prometheus source)
    /// and every declared metric with a query, and writes them into the week's record; a value a
    /// person typed is only replaced with --replace, and nothing is written unless every query
    /// gave a value.
    Import(ImportArgs),
    /// Print the summary that goes out after the meeting, for a mail or a chat message.
    ///
    /// The week's page and slides, the recording, what was unusual, the incidents reviewed, the
    /// action items raised with owner and due date, and the items overdue at the end of the
    /// week by owner. Links are absolute from base_url in site.yaml, else addresses below the
    /// site's root. The week's page shows the same summary.
    Summary(SummaryArgs),
}

/// The tools `opsbook import` reads.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportTool {
    /// PagerDuty: the Advanced Reporting incidents CSV, or the REST API's GET /incidents JSON.
    Pagerduty,
    /// Opsgenie: the Alert API's GET /v2/alerts JSON, or a CSV of its fields.
    Opsgenie,
    /// Prometheus Alertmanager: webhook payloads, one JSON document per line.
    Alertmanager,
    /// incident.io: the API's GET /v2/incidents JSON, or a CSV of its fields.
    Incidentio,
    /// Prometheus: the week's SLO attainment and metric values from a server (--url), no
    /// files.
    Prometheus,
}

impl ImportTool {
    /// The tool whose exports are read, `None` for a server that is queried.
    fn tool(self) -> Option<crate::load::records::Tool> {
        use crate::load::records::Tool;
        match self {
            ImportTool::Pagerduty => Some(Tool::Pagerduty),
            ImportTool::Opsgenie => Some(Tool::Opsgenie),
            ImportTool::Alertmanager => Some(Tool::Alertmanager),
            ImportTool::Incidentio => Some(Tool::Incidentio),
            ImportTool::Prometheus => None,
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// The tool the files come from.
    #[arg(value_enum, value_name = "SOURCE")]
    pub source: ImportTool,
    /// The exported files, as the tool wrote them (none for prometheus).
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// prometheus: the server's address, like http://127.0.0.1:9090.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// prometheus: the week to evaluate, Monday 00:00 to Monday 00:00 in the site's time zone
    /// (default: last week, the one before today's).
    #[arg(long, value_name = "YYYY-Www")]
    pub week: Option<crate::types::Week>,
    #[command(flatten)]
    pub root: RootArgs,
    /// Say what would be written, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Replace the pages of a team-week that a person typed, or that another import wrote.
    #[arg(long)]
    pub replace: bool,
    /// Leave out rows whose service, person, team or severity is not declared (each is
    /// reported as a warning) instead of writing nothing.
    #[arg(long)]
    pub skip_unknown: bool,
}

#[derive(Subcommand, Debug)]
pub enum NewCommand {
    /// The week's review record: content/reviews/YYYY/YYYY-Www.md, with every team's on-call
    /// from its rotation, a slot for each SLO, the week's incidents and the open action items.
    Week(NewWeekArgs),
    /// An incident record with the next free id of the year and a Markdown skeleton.
    Incident(NewIncidentArgs),
}

/// `--root`, for every command.
#[derive(clap::Args, Debug, Clone)]
pub struct RootArgs {
    /// The site root: the folder that holds content/ (and themes/, if any).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
}

/// The options of every command that reads the whole archive.
#[derive(clap::Args, Debug, Clone)]
pub struct ArchiveArgs {
    #[command(flatten)]
    pub root: RootArgs,
    /// The reference date for "open", "overdue" and "latest" (YYYY-MM-DD)
    /// [default: the last day of the newest review week].
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// Report wiki links that name no record as warnings instead of failing the build
    /// (the same as `broken_links: warn` in site.yaml).
    #[arg(long)]
    pub warn_broken_links: bool,
}

impl ArchiveArgs {
    pub fn root(&self) -> &Path {
        &self.root.root
    }

    /// The build options these flags ask for.
    pub fn options(&self) -> site::Options {
        site::Options {
            as_of: self.as_of,
            warn_broken_links: self.warn_broken_links,
            timings: false,
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct BuildArgs {
    #[command(flatten)]
    pub archive: ArchiveArgs,
    /// Where to write the site [default: public/ under the root].
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Print each stage's wall and CPU time (load, resolve, analyze, render, write).
    #[arg(long)]
    pub timings: bool,
}

#[cfg(feature = "serve")]
#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    #[command(flatten)]
    pub archive: ArchiveArgs,
    /// The port to listen on (0 picks a free one).
    #[arg(long, value_name = "N", default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on. Anything but a loopback address makes the preview reachable
    /// from other machines.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1", value_parser = parse_bind)]
    pub bind: std::net::IpAddr,
    /// Print each rebuild's stage times (load, resolve, theme, analyze, pages).
    #[arg(long)]
    pub timings: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub archive: ArchiveArgs,
    /// Also fail (exit code 1) when the nudge list is not empty.
    #[arg(long)]
    pub strict: bool,
    /// Output for people (text) or for tools (json).
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SummaryFormat {
    Markdown,
    Html,
    Text,
}

#[derive(clap::Args, Debug)]
pub struct SummaryArgs {
    /// The week, like 2026-W08 [default: the newest review].
    #[arg(value_name = "WEEK", value_parser = parse_week)]
    pub week: Option<Week>,
    /// Markdown (for chat and wikis), an HTML fragment (for mail) or plain text.
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: SummaryFormat,
    #[command(flatten)]
    pub archive: ArchiveArgs,
}

#[derive(clap::Args, Debug)]
pub struct NewWeekArgs {
    /// The week, like 2026-W09 [default: the week after the newest review].
    #[arg(value_name = "WEEK", value_parser = parse_week)]
    pub week: Option<Week>,
    #[command(flatten)]
    pub root: RootArgs,
}

#[derive(clap::Args, Debug)]
pub struct NewIncidentArgs {
    /// What happened, in a few words.
    #[arg(value_name = "TITLE")]
    pub title: String,
    /// A level of the site's severity scale [default: the least severe].
    #[arg(long)]
    pub severity: Option<String>,
    /// The team that owns it [default: the service's team].
    #[arg(long)]
    pub team: Option<String>,
    /// The service affected.
    #[arg(long)]
    pub service: Option<String>,
    /// When impact began, RFC 3339 (2026-02-23T10:15:00Z) [default: now].
    #[arg(long, value_name = "TIME", value_parser = parse_timestamp)]
    pub started: Option<Timestamp>,
    #[command(flatten)]
    pub root: RootArgs,
}

fn parse_week(s: &str) -> Result<Week, String> {
    s.parse()
        .map_err(|_| format!("`{s}` is not an ISO week (expected YYYY-Www, like 2026-W09)"))
}

fn parse_timestamp(s: &str) -> Result<Timestamp, String> {
    let t: Timestamp = s.parse().map_err(|_| {
        format!("`{s}` is not a time (expected RFC 3339, like 2026-02-23T10:15:00Z)")
    })?;
    crate::types::check_time(t)?;
    Ok(t)
}

fn parse_date(s: &str) -> Result<Date, String> {
    let date: Date = s
        .parse()
        .map_err(|_| format!("`{s}` is not a date (expected YYYY-MM-DD)"))?;
    crate::types::check_year(date.year())?;
    Ok(date)
}

#[cfg(feature = "serve")]
fn parse_bind(s: &str) -> Result<std::net::IpAddr, String> {
    if s.eq_ignore_ascii_case("localhost") {
        return Ok(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST));
    }
    s.parse()
        .map_err(|_| format!("`{s}` is not an IP address (expected e.g. 127.0.0.1 or ::1)"))
}

/// How a command failed, and so its exit code. Its message has been printed already.
#[derive(Debug)]
pub enum Failure {
    /// The command line or its arguments (a refused output folder, an unknown severity).
    Usage,
    /// The archive has problems, or `check --strict` found something to chase.
    Content,
    /// Reading or writing failed.
    Io,
    /// Standard output was closed early (`opsbook check | head`): stop quietly.
    Closed,
}

impl Failure {
    fn exit_code(&self) -> ExitCode {
        match self {
            Failure::Usage => ExitCode::from(2),
            Failure::Content | Failure::Io => ExitCode::from(1),
            Failure::Closed => ExitCode::SUCCESS,
        }
    }
}

/// Runs the command line; returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let outcome = match cli.command {
        Command::Build(args) => build(args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => crate::serve::run(&crate::serve::Serve {
            root: args.archive.root().to_path_buf(),
            options: site::Options {
                timings: args.timings,
                ..args.archive.options()
            },
            addr: std::net::SocketAddr::new(args.bind, args.port),
        })
        .map_err(|e| match e {
            crate::serve::Error::Usage => Failure::Usage,
            crate::serve::Error::Io => Failure::Io,
        }),
        Command::Check(args) => check(args),
        Command::New(NewCommand::Week(args)) => new_week(args),
        Command::New(NewCommand::Incident(args)) => new_incident(args),
        Command::Import(args) => import(args),
        Command::Summary(args) => summary(args),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.exit_code(),
    }
}

/// Writes to standard output; a closed pipe ends the command quietly.
fn out(text: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(Failure::Closed),
        Err(e) => {
            eprintln!("error: writing the output failed: {e}");
            Err(Failure::Io)
        }
    }
}

fn print_diagnostics(d: &Diagnostics) {
    let mut err = std::io::stderr().lock();
    for diagnostic in d.sorted() {
        let _ = writeln!(err, "{diagnostic}");
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn build(args: BuildArgs) -> Result<(), Failure> {
    let root = args.archive.root();
    let output = args.output.clone().unwrap_or_else(|| root.join("public"));
    let mut d = Diagnostics::new();
    let options = site::Options {
        timings: args.timings,
        ..args.archive.options()
    };
    let result = site::build(root, &output, options, &mut d);
    print_diagnostics(&d);
    let warnings = d.warning_count();
    match result {
        Ok(report) => {
            eprintln!(
                "built {}: {} read, {} ({}) written, {}, in {:.2} s",
                output.display(),
                plural(report.records_read, "file"),
                plural(report.files_written, "file"),
                plural(report.pages, "page"),
                plural(warnings, "warning"),
                report.seconds
            );
            Ok(())
        }
        Err(BuildError::Content) => {
            eprintln!(
                "build failed: {}, {}; {} left as it was",
                plural(d.error_count(), "error"),
                plural(warnings, "warning"),
                output.display()
            );
            Err(Failure::Content)
        }
        Err(BuildError::Output(why)) => {
            eprintln!("error: {why}");
            Err(Failure::Usage)
        }
        Err(BuildError::Io(e)) => {
            eprintln!(
                "error: writing {} failed: {e}; the previous output is left as it was",
                output.display()
            );
            Err(Failure::Io)
        }
    }
}

/// Loads the archive for `new`: it must load without errors, since the new record is filled
/// from it.
fn load_clean(root: &Path) -> Result<Site, Failure> {
    let mut d = Diagnostics::new();
    let site = Site::load(root, site::Options::default(), &mut d);
    match site {
        Some(site) if !d.has_errors() => Ok(site),
        _ => {
            print_diagnostics(&d);
            eprintln!(
                "error: the archive has {}; fix them first",
                plural(d.error_count(), "error")
            );
            Err(Failure::Content)
        }
    }
}

fn new_week(args: NewWeekArgs) -> Result<(), Failure> {
    let root = &args.root.root;
    let site = load_clean(root)?;
    let Some(week) = args.week.or_else(|| scaffold::next_week(&site.archive)) else {
        eprintln!("error: there is no review yet to follow (expected the week: opsbook new week 2026-W09)");
        return Err(Failure::Usage);
    };
    let rel = scaffold::week_path(week);
    match scaffold::write_new(root, &rel, &scaffold::week_record(&site.archive, week)) {
        Ok(_) => {
            eprintln!(
                "wrote {}: fill in each team's section, then `opsbook check`",
                rel.display()
            );
            Ok(())
        }
        Err(why) => {
            eprintln!("error: {why}");
            Err(Failure::Io)
        }
    }
}

fn new_incident(args: NewIncidentArgs) -> Result<(), Failure> {
    let root = &args.root.root;
    let site = load_clean(root)?;
    // The current time is right here: the record is being opened now. Builds never use it.
    let started = args.started.unwrap_or_else(|| {
        let now = Timestamp::now();
        Timestamp::from_second(now.as_second() - now.as_second().rem_euclid(60)).unwrap_or(now)
    });
    let request = scaffold::NewIncident {
        title: &args.title,
        severity: args.severity.as_deref(),
        team: args.team.as_deref(),
        service: args.service.as_deref(),
        started,
    };
    let (id, text) = scaffold::incident_record(&site.archive, &request).map_err(|why| {
        eprintln!("error: {why}");
        Failure::Usage
    })?;
    let year = crate::load::checks::incident_year(&id).unwrap_or_default();
    let rel = PathBuf::from(format!("content/incidents/{year}/{id}.md"));
    match scaffold::write_new(root, &rel, &text) {
        Ok(_) => {
            eprintln!("wrote {}: {id}", rel.display());
            Ok(())
        }
        Err(why) => {
            eprintln!("error: {why}");
            Err(Failure::Io)
        }
    }
}

fn import(args: ImportArgs) -> Result<(), Failure> {
    let root = &args.root.root;
    let Some(tool) = args.source.tool() else {
        return import_prometheus(args);
    };
    if args.files.is_empty() {
        eprintln!(
            "error: no FILE given (expected the files exported from {})",
            tool.title()
        );
        return Err(Failure::Usage);
    }
    if args.url.is_some() || args.week.is_some() {
        eprintln!("error: --url and --week are for `opsbook import prometheus` (expected only FILE… for {})", tool.title());
        return Err(Failure::Usage);
    }
    let site = load_clean(root)?;
    let request = crate::import::Request {
        tool,
        files: &args.files,
        dry_run: args.dry_run,
        replace: args.replace,
        skip_unknown: args.skip_unknown,
    };
    let mut d = Diagnostics::new();
    let result = crate::import::run(&site.archive, &request, &mut d);
    print_diagnostics(&d);
    match result {
        Ok(report) => {
            let mut err = std::io::stderr().lock();
            for line in report.lines {
                let _ = writeln!(err, "{line}");
            }
            Ok(())
        }
        Err(crate::import::Stop::Content) => {
            eprintln!(
                "import failed: {}, {}; nothing written",
                plural(d.error_count(), "error"),
                plural(d.warning_count(), "warning")
            );
            Err(Failure::Content)
        }
        Err(crate::import::Stop::Io(why, report)) => {
            let mut err = std::io::stderr().lock();
            for line in report.lines {
                let _ = writeln!(err, "{line}");
            }
            let _ = writeln!(
                err,
                "error: {why}; the files listed above were written, the rest not"
            );
            Err(Failure::Io)
        }
    }
}

/// `opsbook import prometheus --url URL [--week YYYY-Www]`.
fn import_prometheus(args: ImportArgs) -> Result<(), Failure> {
    let Some(url) = args.url.as_deref() else {
        eprintln!("error: no --url (expected the Prometheus server's address, like --url http://127.0.0.1:9090)");
        return Err(Failure::Usage);
    };
    if !args.files.is_empty() || args.skip_unknown {
        eprintln!("error: prometheus reads no files and has no --skip-unknown (expected --url URL [--week YYYY-Www] [--replace] [--dry-run])");
        return Err(Failure::Usage);
    }
    let site = load_clean(&args.root.root)?;
    let week = args.week.unwrap_or_else(|| {
        // The last whole week: the one before today's, in the site's time zone.
        let today = jiff::Zoned::now()
            .with_time_zone(site.archive.site.time_zone.tz.clone())
            .date();
        crate::types::Week::containing(today).previous()
    });
    let request = crate::import::prometheus::PromRequest {
        url,
        week,
        dry_run: args.dry_run,
        replace: args.replace,
    };
    let mut d = Diagnostics::new();
    let result = crate::import::prometheus::run(&site.archive, &request, &mut d);
    print_diagnostics(&d);
    match result {
        Ok(report) => {
            let mut err = std::io::stderr().lock();
            for line in report.lines {
                let _ = writeln!(err, "{line}");
            }
            Ok(())
        }
        Err(crate::import::Stop::Content) => {
            eprintln!(
                "import failed: {}; nothing written",
                plural(d.error_count(), "error")
            );
            Err(Failure::Content)
        }
        Err(crate::import::Stop::Io(why, report)) => {
            let mut err = std::io::stderr().lock();
            for line in report.lines {
                let _ = writeln!(err, "{line}");
            }
            let _ = writeln!(err, "error: {why}; nothing written");
            Err(Failure::Io)
        }
    }
}

fn summary(args: SummaryArgs) -> Result<(), Failure> {
    use crate::render::summary::{link_base, summary_of, Format};
    let mut d = Diagnostics::new();
    let site = Site::load(args.archive.root(), args.archive.options(), &mut d);
    print_diagnostics(&d);
    let Some(site) = site else {
        eprintln!(
            "error: the archive has {}; fix them first",
            plural(d.error_count(), "error")
        );
        return Err(Failure::Content);
    };
    let analysis = site.analyze();
    let summary = summary_of(&site.archive, &analysis, args.week).map_err(|why| {
        eprintln!("error: {why}");
        Failure::Usage
    })?;
    let format = match args.format {
        SummaryFormat::Markdown => Format::Markdown,
        SummaryFormat::Html => Format::Html,
        SummaryFormat::Text => Format::Text,
    };
    out(&summary.write(format, &link_base(&site.archive)))
}

fn check(args: CheckArgs) -> Result<(), Failure> {
    let mut d = Diagnostics::new();
    let site = Site::load_with_errors(args.archive.root(), args.archive.options(), &mut d);
    if let Some(site) = site.as_ref().filter(|_| !d.has_errors()) {
        site.render(&mut d); // template problems too; nothing is written
    }
    let nudges = site.as_ref().map(|s| nudges(&s.archive));
    let errors = d.error_count();
    let failed = errors > 0 || (args.strict && nudges.as_ref().is_some_and(|n| !n.is_empty()));
    match args.format {
        Format::Json => {
            let diagnostics: Vec<_> = d
                .sorted()
                .into_iter()
                .map(|x| {
                    json!({
                        "level": if x.level == Level::Error { "error" } else { "warning" },
                        "path": x.path.display().to_string(),
                        "line": x.position.map(|p| p.line),
                        "column": x.position.map(|p| p.column),
                        "message": x.message,
                    })
                })
                .collect();
            let report = json!({
                "ok": !failed,
                "errors": errors,
                "warnings": d.warning_count(),
                "diagnostics": diagnostics,
                "nudges": nudges,
            });
            let text = serde_json::to_string_pretty(&report).unwrap_or_default();
            out(&format!("{text}\n"))?;
        }
        Format::Text => {
            print_diagnostics(&d);
            let mut text = String::new();
            if let (Some(site), Some(n)) = (&site, &nudges) {
                text += &nudge_text(&site.archive, n);
            }
            text += &format!(
                "check: {}, {}\n",
                plural(errors, "error"),
                plural(d.warning_count(), "warning")
            );
            out(&text)?;
        }
    }
    if failed {
        Err(Failure::Content)
    } else {
        Ok(())
    }
}

/// The nudge list for people, one line per thing to chase.
fn nudge_text(a: &crate::resolve::Archive, n: &Nudges) -> String {
    let Some(week) = n.week else {
        return "No review yet: start one with `opsbook new week 2026-W09`.\n".into();
    };
    let team = |id: &String| {
        format!(
            "{} ({id})",
            a.teams
                .get(id)
                .map_or(id.as_str(), |t| t.front.name.as_str())
        )
    };
    let teams = |ids: &[String]| ids.iter().map(team).collect::<Vec<_>>().join(", ");
    let mut s = format!("Before the {week} review:\n");
    if n.is_empty() {
        s += "  nothing to chase.\n";
        return s;
    }
    if n.draft {
        s += &format!(
            "  - the week's record is still a draft: {}\n",
            scaffold::week_path(week).display()
        );
    }
    if !n.missing_teams.is_empty() {
        s += &format!("  - teams with no section: {}\n", teams(&n.missing_teams));
    }
    if !n.empty_teams.is_empty() {
        s += &format!(
            "  - teams whose section is empty: {}\n",
            teams(&n.empty_teams)
        );
    }
    if !n.unreviewed_incidents.is_empty() {
        s += &format!(
            "  - incidents no review lists yet (add them to `incidents:`): {}\n",
            n.unreviewed_incidents.join(", ")
        );
    }
    if !n.lingering_incidents.is_empty() {
        s += &format!(
            "  - incidents still investigating or mitigated more than a week after they started: {}\n",
            n.lingering_incidents.join(", ")
        );
    }
    if !n.overdue.is_empty() {
        s += "  - overdue action items:\n";
        for (owner, ids) in &n.overdue {
            s += &format!("      {}: {}\n", a.person_name(owner), ids.join(", "));
        }
    }
    if !n.slos_without_data.is_empty() {
        s += &format!(
            "  - SLOs without data this week: {}\n",
            n.slos_without_data.join(", ")
        );
    }
    if !n.metrics_without_data.is_empty() {
        s += &format!(
            "  - metrics without data this week: {}\n",
            n.metrics_without_data.join(", ")
        );
    }
    s
}
