//! The weekly workflow on a temporary copy of the fixture archive: `opsbook new week`,
//! `opsbook new incident` and `opsbook check`.

use std::fs;
use std::path::Path;
use std::process::Command;

mod common;
use common::copy_fixture;

/// Runs the binary in `root`; returns (exit code, stdout, stderr).
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

#[test]
fn new_week_prefills_the_record_and_never_overwrites() {
    let dir = copy_fixture();
    let root = dir.path();
    // The week after the newest review (2025-W15).
    let (code, _, stderr) = opsbook(root, &["new", "week"]);
    assert_eq!(code, 0, "{stderr}");
    let path = root.join("content/reviews/2025/2025-W16.md");
    let text = fs::read_to_string(&path).unwrap();
    for expected in [
        "week: 2025-W16",
        "draft: true",
        // Week 16 of a two-person rotation from W01: the 16th turn, index 15 % 2 = 1.
        "facilitator: bob",
        "  payments:  # Payments\n    oncall: [erin]",
        "      ledger-availability:  # target 99.9 %",
        "      search-latency/fast:  # target 99 %",
        "      search-latency/p99-under-1s:  # target 99.9 %",
        // Still open on W16's Monday (14 April): AI-2025-001 (due 9 April) and AI-2025-003
        // (due 1 May); AI-2025-002 was closed.
        "carried_over:  # open action items to follow up",
        "  - AI-2025-001  # Raise LedgerHighLatency threshold to p99 > 800 ms (bob, due 9 Apr 2025, overdue), raised in 2025-W14",
        "  - AI-2025-003  # Validate connection limits in config pushes (erin, due 1 May 2025), raised in INC-2025-001",
        // W14's project is still in progress (W15 does not mention it): carried.
        "projects:  # still going on: update the status and notes\n  - title: Ledger database to PostgreSQL 16\n    team: payments\n    status: in-progress",
        // A section left empty reports nothing; `none` says a quiet week.
        "    pages:  # the week's pages",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    assert!(
        !text.contains("AI-2025-002"),
        "a closed item is not carried forward"
    );

    // Left as written it builds, with a note that it is a draft.
    let (code, _, stderr) = opsbook(root, &["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("content/reviews/2025/2025-W16.md:7:8: warning: draft review"),
        "{stderr}"
    );
    let page = fs::read_to_string(root.join("public/reviews/2025-W16/index.html")).unwrap();
    assert!(page.contains("<strong>Draft.</strong>"));

    // Filled in, it builds without a note.
    let filled = text
        .replace("draft: true\n", "")
        .replace(
            "    health:  # the on-call's own score",
            "    health: 4  # the on-call's own score",
        )
        .replace(
            "      ledger-availability:  # target 99.9 %",
            "      ledger-availability: 99.97",
        )
        .replace("summary:  # one line", "summary: A quiet week  # one line");
    fs::write(&path, &filled).unwrap();
    // AI-2025-001 is done after the scaffold was written: the week's page shows it done, from
    // its record, not the state frozen when the week was prepared.
    let w14 = root.join("content/reviews/2025/2025-W14.md");
    let raised = fs::read_to_string(&w14).unwrap();
    fs::write(
        &w14,
        raised.replace(
            "    due: 2025-04-09\n    status: open\n",
            "    due: 2025-04-09\n    status: done\n    closed: 2025-04-15\n",
        ),
    )
    .unwrap();
    let (code, _, stderr) = opsbook(root, &["build", "--as-of", "2025-04-20"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains(", 0 warnings,"), "{stderr}");
    let page = fs::read_to_string(root.join("public/reviews/2025-W16/index.html")).unwrap();
    let carried = &page[page.find("id=\"carried-over\"").unwrap()..];
    let first = &carried[carried.find("AI-2025-001").unwrap()..];
    assert!(
        first[..first.find("</tr>").unwrap()].contains("done"),
        "{first}"
    );

    // A second `new week` for the same week refuses, and leaves the file as it was.
    let (code, _, stderr) = opsbook(root, &["new", "week", "2025-W16"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("content/reviews/2025/2025-W16.md exists already"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), filled);
    let (code, _, stderr) = opsbook(root, &["new", "week", "2025-W99"]);
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn new_incident_takes_the_next_free_id_of_its_year() {
    let dir = copy_fixture();
    let root = dir.path();
    let args = [
        "new",
        "incident",
        "Search: timeouts",
        "--service",
        "search-api",
        "--severity",
        "major",
        "--started",
        "2025-04-10T08:30:00Z",
    ];
    let (code, _, stderr) = opsbook(root, &args);
    assert_eq!(code, 0, "{stderr}");
    let text = fs::read_to_string(root.join("content/incidents/2025/INC-2025-002.md")).unwrap();
    for expected in [
        "id: INC-2025-002",
        "title: 'Search: timeouts'",
        "severity: major",
        "status: investigating",
        "started: 2025-04-10T08:30:00Z",
        "teams: [search]",
        "services: [search-api]",
        "## Timeline",
        "## Where we got lucky",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    // It builds as written, and the next one counts on.
    let (code, _, stderr) = opsbook(root, &["build"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = opsbook(
        root,
        &[
            "new",
            "incident",
            "Again",
            "--team",
            "payments",
            "--started",
            "2025-04-11T08:30:00Z",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(root
        .join("content/incidents/2025/INC-2025-003.md")
        .is_file());
    // Unknown names are refused with the choices.
    let (code, _, stderr) = opsbook(
        root,
        &[
            "new",
            "incident",
            "X",
            "--severity",
            "sev1",
            "--team",
            "payments",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("unknown severity `sev1` (expected one of: critical, major, standard)"),
        "{stderr}"
    );
}

#[test]
fn check_reports_problems_and_the_nudge_list_with_exit_codes() {
    let dir = copy_fixture();
    let root = dir.path();
    // W15 has no search section and payments' SLO is not reported; AI-2025-001 is overdue.
    let (code, stdout, stderr) = opsbook(root, &["check"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Before the 2025-W15 review:"), "{stdout}");
    assert!(
        stdout.contains("  - teams with no section: Search (search)"),
        "{stdout}"
    );
    assert!(stdout.contains("      bob: AI-2025-001"), "{stdout}");
    assert!(stdout.contains("  - SLOs without data this week: ledger-availability, search-latency/fast, search-latency/p99-under-1s"), "{stdout}");
    assert!(stdout.contains("check: 0 errors, 0 warnings"), "{stdout}");
    assert!(!root.join("public").exists(), "check writes no site");

    let (code, _, _) = opsbook(root, &["check", "--strict"]);
    assert_eq!(code, 1, "--strict fails on the nudge list");

    let (code, stdout, _) = opsbook(root, &["check", "--format", "json"]);
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["ok"], true);
    assert_eq!(report["errors"], 0);
    assert_eq!(report["nudges"]["week"], "2025-W15");
    assert_eq!(
        report["nudges"]["missing_teams"],
        serde_json::json!(["search"])
    );
    assert_eq!(
        report["nudges"]["overdue"]["bob"],
        serde_json::json!(["AI-2025-001"])
    );

    // An error: same message as build, exit code 1, and in the JSON with its position.
    let week = root.join("content/reviews/2025/2025-W14.md");
    fs::write(
        &week,
        fs::read_to_string(&week)
            .unwrap()
            .replace("health: 2", "health: eleven"),
    )
    .unwrap();
    let (code, _, stderr) = opsbook(root, &["check"]);
    assert_eq!(code, 1);
    // One error: the page that links to the broken week is not reported as well.
    assert_eq!(
        stderr.lines().filter(|l| l.contains(": error:")).count(),
        1,
        "{stderr}"
    );
    let (_, _, build_stderr) = opsbook(root, &["build"]);
    let first = |s: &str| s.lines().next().unwrap_or_default().to_string();
    assert_eq!(first(&stderr), first(&build_stderr));
    assert!(
        first(&stderr).starts_with("content/reviews/2025/2025-W14.md:"),
        "{stderr}"
    );
    let (code, stdout, _) = opsbook(root, &["check", "--format", "json"]);
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["ok"], false);
    assert_eq!(
        report["diagnostics"][0]["path"],
        "content/reviews/2025/2025-W14.md"
    );
    assert!(report["diagnostics"][0]["line"].as_u64().is_some());
    // With errors, the nudge list still comes: the newest week was readable.
    assert_eq!(report["nudges"]["week"], "2025-W15", "{stdout}");
}

#[test]
fn check_piped_into_a_command_that_stops_reading_exits_quietly() {
    let dir = copy_fixture();
    let mut child = Command::new(env!("CARGO_BIN_EXE_opsbook"))
        .args([
            "check",
            "--format",
            "json",
            "--root",
            dir.path().to_str().unwrap(),
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // `opsbook check | head -0`: the reader goes away before anything is read.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}
