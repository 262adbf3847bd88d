//! Numbers a reader can trust, end to end on copies of the fixture archive: no data is never
//! shown as zero, a draft week is not the latest review, and a build "as of" a past day shows
//! nothing after it.

use std::fs;
use std::path::Path;
use std::process::Command;

mod common;
use common::{copy_fixture, edit};

fn opsbook(root: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_opsbook"))
        .args(args)
        .args(["--root", root.to_str().unwrap()])
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out.status.code().unwrap_or(-1), stdout, stderr)
}

/// Builds into `public/` (with extra arguments) and returns a page reader.
fn build<'a>(root: &'a Path, extra: &[&str]) -> impl Fn(&str) -> String + 'a {
    let out = root.join("public");
    let _ = fs::remove_dir_all(&out);
    let mut args = vec!["build", "--output", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let (code, _, stderr) = opsbook(root, &args);
    assert_eq!(code, 0, "{stderr}");
    move |page: &str| {
        fs::read_to_string(root.join("public").join(page)).unwrap_or_else(|e| panic!("{page}: {e}"))
    }
}

/// The cells of the table row that starts with `label` (a link's text or a header).
fn row<'a>(html: &'a str, label: &str) -> Vec<&'a str> {
    let at = html
        .find(&format!(">{label}</a>"))
        .or_else(|| html.find(&format!(">{label}</th>")))
        .unwrap_or_else(|| panic!("no row {label}"));
    let end = at + html[at..].find("</tr>").unwrap();
    html[at..end]
        .split("<td class=\"num\">")
        .skip(1)
        .map(|c| c.split('<').next().unwrap())
        .collect()
}

#[test]
fn a_team_that_reports_no_pages_is_no_data_and_pages_none_is_a_quiet_week() {
    let dir = copy_fixture();
    let root = dir.path();
    // search's W14 section has health and SLOs but no `pages`: not reported.
    let page = build(root, &[]);
    let w14 = page("reviews/2025-W14/index.html");
    assert_eq!(row(&w14, "Search")[0], "–", "pages not reported: no data");
    assert!(w14.contains("Pages not reported this week."));
    let search = page("teams/search/index.html");
    assert!(
        !search.contains(": 0 pages"),
        "never zero pages: {}",
        &search[search.find("0 pages").unwrap_or(0).saturating_sub(200)..]
    );
    // Said so, it is a quiet week: zero.
    edit(
        root,
        "reviews/2025/2025-W14.md",
        "    oncall: [li]\n",
        "    oncall: [li]\n    pages: none\n",
    );
    let page = build(root, &[]);
    let w14 = page("reviews/2025-W14/index.html");
    assert_eq!(row(&w14, "Search")[0], "0");
    assert!(w14.contains("0 pages: 0 in business hours, 0 off-hours, 0 in sleep hours."));
}

#[test]
fn a_draft_week_is_not_the_latest_review() {
    let dir = copy_fixture();
    let root = dir.path();
    let (code, _, stderr) = opsbook(root, &["new", "week"]);
    assert_eq!(code, 0, "{stderr}");
    let page = build(root, &[]);
    let home = page("index.html");
    assert!(
        home.contains("Latest review: <a href=\"reviews/2025-W15/\">Week 2025-W15</a>"),
        "the newest week that is not a draft"
    );
    assert!(home.contains("In preparation: <a href=\"reviews/2025-W16/\">Week 2025-W16</a> <span class=\"tag\">draft</span>"));
    // It has its page, with the banner, and is listed as a draft.
    assert!(page("reviews/2025-W16/index.html").contains("<strong>Draft.</strong>"));
    assert!(
        page("reviews/index.html").contains("Week 2025-W16</a> <span class=\"tag\">draft</span>")
            || page("reviews/index.html")
                .contains(">2025-W16</a> <span class=\"tag\">draft</span>")
    );
    // The as-of date is the last day of W15, not of the draft week.
    assert!(
        home.contains("as of 13 Apr 2025"),
        "footer: {}",
        &home[home.len() - 400..]
    );
    // Not in the feed; `check` still nudges about it.
    assert!(!page("feed.xml").contains("2025-W16"));
    let (_, stdout, _) = opsbook(root, &["check"]);
    assert!(stdout.contains("Before the 2025-W16 review:"), "{stdout}");
    assert!(stdout.contains("still a draft"), "{stdout}");
}

#[test]
fn an_as_of_date_in_the_middle_shows_nothing_after_it() {
    let dir = copy_fixture();
    let root = dir.path();
    // Resolved after the as-of date (Sunday 6 April), and a second incident in W15.
    edit(
        root,
        "incidents/2025/INC-2025-001.md",
        "resolved: 2025-04-01T05:10:00Z",
        "resolved: 2025-04-07T09:00:00Z",
    );
    let second = fs::read_to_string(root.join("content/incidents/2025/INC-2025-001.md"))
        .unwrap()
        .replace("INC-2025-001", "INC-2025-002")
        .replace("2025-04-01T", "2025-04-08T")
        .replace("2025-04-07T09:00:00Z", "2025-04-08T09:00:00Z")
        .replace("AI-2025-003", "AI-2025-004")
        .replace("severity: major", "severity: critical");
    fs::write(root.join("content/incidents/2025/INC-2025-002.md"), second).unwrap();
    let page = build(root, &["--as-of", "2025-04-06"]);
    let home = page("index.html");
    assert!(home.contains("Latest review: <a href=\"reviews/2025-W14/\">Week 2025-W14</a>"));
    assert!(
        home.contains("<strong>1</strong> weekly reviews"),
        "W15 is after the as-of date"
    );
    assert!(home.contains("<strong>1</strong> incidents"));
    assert!(
        !home.contains("INC-2025-002"),
        "started after the as-of date"
    );
    assert!(!root.join("public/reviews/2025-W15").exists());
    assert!(!root.join("public/incidents/INC-2025-002").exists());
    // Severity counts on /incidents/: the critical one is later.
    let incidents = page("incidents/index.html");
    assert!(incidents.contains("<span class=\"severity sev-0\">critical</span> <small>0</small>"));
    assert!(incidents.contains("<span class=\"severity sev-1\">major</span> <small>1</small>"));
    // On its own page the incident was not yet resolved: mitigated, no time to resolve.
    let inc = page("incidents/INC-2025-001/index.html");
    assert!(
        !inc.contains("2025-04-07 11:00"),
        "the resolved time is not yet known"
    );
    assert!(inc.contains("mitigated"), "{inc}");
    assert!(inc.contains("Time to resolve</dt><dd>– <small>"), "{inc}");
    // The SLOs' "missed" counts the weeks up to the as-of date only.
    let slos = page("slos/index.html");
    assert!(slos.contains("of 1</td>"), "one week reported by then");
    // The quarter and the month of the as-of date are partial, and say how far they go.
    let trends = page("trends/index.html");
    assert!(
        trends.contains(
            "2025-Q2 <span class=\"tag\">partial</span></th><td class=\"num\">1 of 13</td>"
        ),
        "{}",
        &trends[trends.find("2025-Q2").unwrap_or(0)..][..300]
    );
    assert!(page("incidents/incidents-per-month.csv").contains("2025-04 (to 6 Apr),"));
}
