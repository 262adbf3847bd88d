//! The command line: `opsbook build`, with exit codes 0 (built), 1 (content errors or a failed
//! write) and 2 (usage errors, including a refused output folder).

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use jiff::civil::Date;

use crate::diagnostics::Diagnostics;
use crate::site::{self, BuildError};

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
}

#[derive(clap::Args, Debug)]
pub struct BuildArgs {
    /// The site root: the folder that holds content/ (and themes/, if any).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site [default: public/ under the root].
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// The reference date for "open", "overdue" and "latest" (YYYY-MM-DD)
    /// [default: the last day of the newest review week].
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// Report wiki links that name no record as warnings instead of failing the build
    /// (the same as `broken_links: warn` in site.yaml).
    #[arg(long)]
    pub warn_broken_links: bool,
}

fn parse_date(s: &str) -> Result<Date, String> {
    s.parse()
        .map_err(|_| format!("`{s}` is not a date (expected YYYY-MM-DD)"))
}

/// Runs the command line; returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Command::Build(args) => build(args),
    }
}

fn build(args: BuildArgs) -> i32 {
    let output = args.output.unwrap_or_else(|| args.root.join("public"));
    let mut d = Diagnostics::new();
    let options = site::Options {
        as_of: args.as_of,
        warn_broken_links: args.warn_broken_links,
    };
    let result = site::build(&args.root, &output, options, &mut d);
    let mut err = std::io::stderr().lock();
    for diagnostic in d.sorted() {
        let _ = writeln!(err, "{diagnostic}");
    }
    let warnings = d.warning_count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match result {
        Ok(report) => {
            let _ = writeln!(
                err,
                "built {}: {} read, {} ({}) written, {}, in {:.2} s",
                output.display(),
                plural(report.records_read, "file"),
                plural(report.files_written, "file"),
                plural(report.pages, "page"),
                plural(warnings, "warning"),
                report.seconds
            );
            0
        }
        Err(BuildError::Content) => {
            let _ = writeln!(
                err,
                "build failed: {}, {}; {} left as it was",
                plural(d.error_count(), "error"),
                plural(warnings, "warning"),
                output.display()
            );
            1
        }
        Err(BuildError::Output(why)) => {
            let _ = writeln!(err, "error: {why}");
            2
        }
        Err(BuildError::Io(e)) => {
            let _ = writeln!(
                err,
                "error: writing {} failed: {e}; the previous output is left as it was",
                output.display()
            );
            1
        }
    }
}
