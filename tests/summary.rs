//! `opsbook summary`: the summary that goes out after the meeting, on a copy of the fixture
//! archive with a `base_url`, a recording and the dashboard audit turned on.

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
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn meeting_fixture() -> tempfile::TempDir {
    let dir = copy_fixture();
    let root = dir.path();
    edit(
        root,
        "site.yaml",
        "organisation: Fixture Inc.\n",
        "organisation: Fixture Inc.\nbase_url: https://ops.example.com/review\ndashboard_audit: true\n",
    );
    edit(
        root,
        "reviews/2025/2025-W14.md",
        "summary: Latency alerts woke Bob twice.\n",
        "summary: Latency alerts woke Bob twice.\nrecording: https://video.example.com/ops/2025-W14\n",
    );
    dir
}

const W14: &str = "\
## Small Ops Review: week 2025-W14 (31 Mar – 6 Apr 2025)

Facilitated by bob. Latency alerts woke Bob twice.

- Week's page: <https://ops.example.com/review/reviews/2025-W14/>
- Slides: <https://ops.example.com/review/reviews/2025-W14/slides/>
- Recording: <https://video.example.com/ops/2025-W14>
- Dashboard of the week: [Ledger API](https://ops.example.com/review/services/ledger-api/)

### What was unusual

- [INC-2025-001: Ledger writes failing after config push](https://ops.example.com/review/incidents/INC-2025-001/) — a major incident started this week.
- [Payments](https://ops.example.com/review/teams/payments/): heavy on-call week — health 2 of 5.
- [Ledger availability](https://ops.example.com/review/slos/ledger-availability/) missed its target: 99.82 % against 99.9 %.
- New alert [LedgerHighLatency](https://ops.example.com/review/alerts/ledgerhighlatency/): 2 pages, first seen this week.

### Incidents reviewed

- [INC-2025-001](https://ops.example.com/review/incidents/INC-2025-001/) Ledger writes failing after config push — major, resolved. Impact: 12% of card payments failed for 38 minutes; no data lost.
  - Proximate cause: A config push removed the write pool's connection limit.
  - Action item AI-2025-003 Validate connection limits in config pushes — erin, due 1 May 2025

### Action items raised this week

- AI-2025-001 Raise LedgerHighLatency threshold to p99 > 800 ms — bob, due 9 Apr 2025

### Overdue at the end of the week, by owner

None.
";

#[test]
fn the_summary_of_a_week_lists_links_unusual_incidents_and_action_items() {
    let dir = meeting_fixture();
    let root = dir.path();
    let (code, stdout, stderr) = opsbook(root, &["summary", "2025-W14"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, W14);
    // The same bytes every time: nothing depends on the clock or the order of a hash.
    assert_eq!(opsbook(root, &["summary", "2025-W14"]).1, stdout);

    // The newest week by default, as plain text: the item overdue at the end of W15 by owner,
    // and the next service of the dashboard audit.
    let (code, text, stderr) = opsbook(root, &["summary", "--format", "text"]);
    assert_eq!(code, 0, "{stderr}");
    for line in [
        "Small Ops Review: week 2025-W15 (7 Apr – 13 Apr 2025)\nFacilitated by Dana Whitfield.\n",
        "\nWeek's page: https://ops.example.com/review/reviews/2025-W15/\n",
        "\nSlides: https://ops.example.com/review/reviews/2025-W15/slides/\n",
        "\nDashboard of the week: Search API (https://ops.example.com/review/services/search-api/)\n",
        "\n- 1 action item overdue at the end of the week; 1 became overdue in it: AI-2025-001 (bob).\n",
        "\nIncidents reviewed\nNone.\n",
        "\n- AI-2025-002 Write the cut-over retrospective — erin, due 10 Apr 2025\n",
        "\nOverdue at the end of the week, by owner\n- bob: AI-2025-001 (due 9 Apr 2025)\n",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
    assert!(!text.contains("Recording"), "W15 has no recording");

    // An HTML fragment for mail, escaped, with absolute links.
    let (code, html, _) = opsbook(root, &["summary", "2025-W14", "--format", "html"]);
    assert_eq!(code, 0);
    for line in [
        "<h1>Small Ops Review: week 2025-W14 (31 Mar – 6 Apr 2025)</h1>\n",
        "<li>Recording: <a href=\"https://video.example.com/ops/2025-W14\">https://video.example.com/ops/2025-W14</a></li>\n",
        "<li>AI-2025-001 Raise LedgerHighLatency threshold to p99 &gt; 800 ms — bob, due 9 Apr 2025</li>\n",
        "<li><a href=\"https://ops.example.com/review/incidents/INC-2025-001/\">INC-2025-001</a> Ledger writes failing",
    ] {
        assert!(html.contains(line), "missing {line:?} in\n{html}");
    }
}

#[test]
fn the_scaffold_of_the_next_week_names_its_dashboard_of_the_week() {
    let dir = meeting_fixture();
    let root = dir.path();
    let (code, _, stderr) = opsbook(root, &["new", "week"]);
    assert_eq!(code, 0, "{stderr}");
    let text = fs::read_to_string(root.join("content/reviews/2025/2025-W16.md")).unwrap();
    // Two services, so cycles of two weeks and never the same one twice in a row: W15 audited
    // Search API (see above), so W16 audits Ledger API.
    assert!(
        text.contains("\n# Dashboard of the week (dashboard_audit in site.yaml): Ledger API (ledger-api): audit its dashboards in the meeting.\n"),
        "{text}"
    );
    assert!(text.contains("\nrecording:  # a link to the meeting's recording"));
    let (code, _, stderr) = opsbook(root, &["build"]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn without_a_base_url_links_are_addresses_below_the_root_and_the_week_page_shows_the_summary() {
    let dir = copy_fixture();
    let root = dir.path();
    let (code, stdout, _) = opsbook(root, &["summary", "2025-W14"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("\n- Week's page: <reviews/2025-W14/>\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\n- [Payments](teams/payments/): heavy on-call week"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("Dashboard of the week"),
        "the audit is off"
    );

    // The week's page: the same summary, its links relative to the page.
    let (code, _, stderr) = opsbook(root, &["build"]);
    assert_eq!(code, 0, "{stderr}");
    let page = fs::read_to_string(root.join("public/reviews/2025-W14/index.html")).unwrap();
    assert!(page.contains(
        "<h2 id=\"meeting-summary\">Summary <a class=\"anchor\" href=\"#meeting-summary\""
    ));
    assert!(page.contains("<li><a href=\"../../teams/payments/\">Payments</a>: heavy on-call week — health 2 of 5.</li>"));
    assert!(page.contains("<code>opsbook summary 2025-W14</code> prints it"));
}

#[test]
fn a_week_without_a_review_is_a_usage_error() {
    let dir = copy_fixture();
    let (code, stdout, stderr) = opsbook(dir.path(), &["summary", "2024-W14"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert_eq!(
        stderr,
        "error: there is no review of 2024-W14 (expected a week with a record in content/reviews/, like the newest, 2025-W15)\n"
    );
}
