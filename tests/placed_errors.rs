//! Every problem is placed at the value it is about, and one run reports all problems of a file:
//! wrong types, bad times and zones, durations, offsets, `.inf`/`.nan`, duplicate keys, invalid
//! UTF-8, byte-order marks and CRLF line endings, alias bombs — and a broken site.yaml does not
//! hide the problems of the other files.

use std::fs;
use std::path::Path;
use std::process::Command;

mod common;
use common::{copy_fixture, edit};

fn build(root: &Path) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_opsbook"))
        .args(["build", "--root", root.to_str().unwrap(), "--output"])
        .arg(root.join("public"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The errors of a failed build, in the order printed (sorted by file and position).
fn errors(root: &Path) -> Vec<String> {
    let (code, stderr) = build(root);
    assert_eq!(code, 1, "expected content errors:\n{stderr}");
    assert!(
        !root.join("public").exists(),
        "a failed build writes nothing"
    );
    stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .map(str::to_string)
        .collect()
}

fn assert_has(errors: &[String], expected: &str) {
    assert!(
        errors.iter().any(|e| e.starts_with(expected)),
        "missing\n  {expected}\nin\n{}",
        errors.join("\n")
    );
}

#[test]
fn a_file_with_six_mistakes_reports_six_errors_each_at_its_value() {
    let dir = copy_fixture();
    let root = dir.path();
    let file = "reviews/2025/2025-W14.md";
    edit(root, file, "    health: 2\n", "    health: eleven\n");
    edit(root, file, "    tickets: 7\n", "    tickets: .inf\n");
    edit(
        root,
        file,
        "ledger-availability: 99.82",
        "ledger-availability: .nan",
    );
    edit(
        root,
        file,
        "at: 2025-04-01T03:12:00+02:00",
        "at: 2025-04-01T03:12:00+26:00",
    );
    edit(root, file, "ack: 4m", "ack: -4m");
    edit(
        root,
        file,
        "    health: 4\n",
        "    health: 4\n    health: 5\n",
    );
    let errors = errors(root);
    let shown = "content/reviews/2025/2025-W14.md";
    let expected = [
        format!("{shown}:7:13: error: teams.payments.health: invalid type: string \"eleven\" (expected a whole number from 0 to 255)"),
        format!("{shown}:8:14: error: teams.payments.tickets: invalid type: string \".inf\" (expected a whole number from 0 to 4294967295)"),
        format!("{shown}:10:28: error: teams.payments.slos.ledger-availability: `.nan` is not a finite number (expected a number like 99.95)"),
        format!("{shown}:12:13: error: teams.payments.pages.0.at: "),
        format!("{shown}:16:14: error: teams.payments.pages.0.ack: `-4m` is negative (expected a duration like 4m)"),
        format!("{shown}:27:5: error: `health` is given twice in one mapping (first on line 26; expected each key once)"),
    ];
    for e in &expected {
        assert_has(&errors, e);
    }
    assert_eq!(errors.len(), expected.len(), "{}", errors.join("\n"));
}

#[test]
fn times_zones_and_durations_are_placed_at_their_value() {
    let dir = copy_fixture();
    let root = dir.path();
    edit(
        root,
        "site.yaml",
        "time_zone: Europe/Berlin",
        "time_zone: Europe/Berlinn\nbusiness_hours: {days: [mon], start: '25:00', end: '18:00'}",
    );
    edit(
        root,
        "incidents/2025/INC-2025-001.md",
        "mitigated: 2025-04-01T03:30:00Z",
        "mitigated: 2025-04-01 03:30",
    );
    edit(
        root,
        "reviews/2025/2025-W14.md",
        "ack: 4m",
        "ack: four minutes",
    );
    let errors = errors(root);
    assert_has(&errors, "content/site.yaml:3:12: error: time_zone: unknown time zone `Europe/Berlinn` (expected an IANA name like Europe/Berlin or UTC)");
    assert_has(&errors, "content/site.yaml:4:38: error: business_hours.start: `25:00` is not a time of day (expected HH:MM, like 08:00)");
    assert_has(
        &errors,
        "content/incidents/2025/INC-2025-001.md:9:12: error: mitigated: ",
    );
    assert_has(&errors, "content/reviews/2025/2025-W14.md:16:14: error: teams.payments.pages.0.ack: `four minutes` is not a duration (expected a duration like 4m, 90s or 1h 20m)");
}

#[test]
fn duplicate_keys_are_errors_at_the_second_key() {
    let dir = copy_fixture();
    let root = dir.path();
    edit(
        root,
        "reviews/2025/2025-W14.md",
        "  search:\n",
        "  payments:\n    health: 3\n  search:\n",
    );
    let errors = errors(root);
    assert_has(&errors, "content/reviews/2025/2025-W14.md:24:3: error: `payments` is given twice in one mapping (first on line 5; expected each key once)");
}

#[test]
fn attainment_above_100_and_sums_beyond_a_sane_bound_are_errors() {
    let dir = copy_fixture();
    let root = dir.path();
    let file = "reviews/2025/2025-W14.md";
    edit(
        root,
        file,
        "ledger-availability: 99.82",
        "ledger-availability: 100.5",
    );
    edit(root, file, "    tickets: 7\n", "    tickets: 4294967295\n");
    let errors = errors(root);
    assert_has(&errors, "content/reviews/2025/2025-W14.md:10:28: error: attainment 100.5 is out of range (expected an attainment in percent, 0 to 100, like 99.95)");
    assert_has(&errors, "content/reviews/2025/2025-W14.md:8:14: error: tickets 4294967295 is out of range (expected at most 100000 tickets in a week)");
}

#[test]
fn invalid_utf8_is_placed_at_its_first_bad_byte() {
    let dir = copy_fixture();
    let root = dir.path();
    let path = root.join("content/pages/how-we-run-the-review.md");
    let mut bytes = fs::read(&path).unwrap();
    let second_line = bytes.iter().position(|b| *b == b'\n').unwrap() + 1;
    bytes.splice(second_line + 4..second_line + 4, [0xff, 0xfe]);
    fs::write(&path, bytes).unwrap();
    let errors = errors(root);
    assert_has(&errors, "content/pages/how-we-run-the-review.md:2:5: error: invalid UTF-8 (byte 0xff; expected the file to be UTF-8 text)");
}

#[test]
fn a_byte_order_mark_and_crlf_line_endings_load_with_right_line_numbers() {
    let dir = copy_fixture();
    let root = dir.path();
    let path = root.join("content/teams/search.md");
    let text = fs::read_to_string(&path).unwrap();
    let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
    fs::write(&path, &crlf).unwrap();
    let (code, stderr) = build(root);
    assert_eq!(code, 0, "BOM and CRLF are accepted:\n{stderr}");
    let page = fs::read_to_string(root.join("public/teams/search/index.html")).unwrap();
    assert!(page.contains("<h1>Search</h1>"), "the team's name is read");
    // A mistake on the third line is reported on the third line.
    let lines: Vec<&str> = crlf.split("\r\n").collect();
    let broken = format!(
        "{}\r\n{}\r\nnmae: x\r\n{}",
        lines[0],
        lines[1],
        lines[2..].join("\r\n")
    );
    fs::write(&path, broken).unwrap();
    fs::remove_dir_all(root.join("public")).unwrap();
    let errors = errors(root);
    assert_has(
        &errors,
        "content/teams/search.md:3:1: error: unknown field `nmae`",
    );
}

#[test]
fn alias_bombs_and_deep_nesting_are_refused_at_their_place() {
    let dir = copy_fixture();
    let root = dir.path();
    let mut bomb = String::from(
        "---\ntitle: Bomb\ndescription: x\nlol0: &a0 [x, x, x, x, x, x, x, x, x, x]\n",
    );
    for n in 1..9 {
        let refs = vec![format!("*a{}", n - 1); 10].join(", ");
        bomb += &format!("lol{n}: &a{n} [{refs}]\n");
    }
    bomb += "---\n";
    fs::write(root.join("content/pages/bomb.md"), bomb).unwrap();
    let deep = format!("---\ntitle: Deep\nweight: {}\n---\n", "[".repeat(100_000));
    fs::write(root.join("content/pages/deep.md"), deep).unwrap();
    let errors = errors(root);
    assert_has(&errors, "content/pages/bomb.md:7:");
    assert!(
        errors.iter().any(|e| e.contains("alias bomb")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("content/pages/deep.md:3:") && e.contains("nested")),
        "{errors:?}"
    );
}

#[test]
fn a_broken_site_yaml_does_not_hide_the_problems_of_other_files() {
    let dir = copy_fixture();
    let root = dir.path();
    edit(
        root,
        "site.yaml",
        "title: Small Ops Review",
        "title: [Small",
    );
    edit(
        root,
        "services/ledger-api.md",
        "team: payments",
        "team: paymnts",
    );
    edit(root, "services/search-api.md", "tier: 2", "tier: two");
    let errors = errors(root);
    assert_has(&errors, "content/site.yaml:");
    // A reference error needs the whole archive; it is still found.
    assert_has(
        &errors,
        "content/services/ledger-api.md:3:7: error: unknown team `paymnts`",
    );
    assert_has(&errors, "content/services/search-api.md:4:7: error: tier: ");
    // People are declared in site.yaml: without it, references to people are not judged.
    assert!(
        !errors.iter().any(|e| e.contains("unknown person")),
        "{}",
        errors.join("\n")
    );
}

fn opsbook(root: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_opsbook"))
        .args(args)
        .args(["--root", root.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out.status.code().unwrap_or(-1), stderr)
}

#[test]
fn settings_that_would_loop_for_ever_are_refused_at_their_value() {
    let dir = copy_fixture();
    let root = dir.path();
    edit(
        root,
        "site.yaml",
        "people:\n  dana",
        "baseline_weeks: 4000000000\nrecurring_alert: {window: 4000000000, weeks: 3}\nunusual: {min_weeks: 0}\npeople:\n  dana",
    );
    let errors = errors(root);
    assert_has(&errors, "content/site.yaml:7:17: error: baseline_weeks 4000000000 is out of range (expected 1 to 520 weeks)");
    assert_has(&errors, "content/site.yaml:8:27: error: recurring_alert.window 4000000000 is out of range (expected 1 to 520 weeks)");
    assert_has(
        &errors,
        "content/site.yaml:9:22: error: unusual.min_weeks 0 is out of range",
    );
}

#[test]
fn the_meeting_settings_and_a_recording_link_are_checked_at_their_value() {
    let dir = copy_fixture();
    let root = dir.path();
    edit(
        root,
        "site.yaml",
        "people:\n  dana",
        "meeting: {teams: 6000, wins: 5}\ndashboard_audit: yes please\npeople:\n  dana",
    );
    edit(
        root,
        "reviews/2025/2025-W14.md",
        "summary: Latency",
        "recording: javascript:alert(1)\nsummary: Latency",
    );
    edit(
        root,
        "reviews/2025/2025-W14.md",
        "  search:\n",
        "    notes_for_presenter: Ask [[team:nobody]].\n  search:\n",
    );
    let found = errors(root);
    assert_has(&found, "content/site.yaml:7:18: error: meeting.teams 6000 is out of range (expected 0 to 240 minutes)");
    assert_has(&found, "content/site.yaml:7:24: error: meeting: unknown field `wins` (expected one of `opening`, `teams`, `projects`, `oncall`, `incidents`, `outcomes`)");
    assert_has(&found, "content/site.yaml:8:18: error: dashboard_audit: invalid type: string \"yes please\" (expected true or false)");
    assert_has(
        &found,
        "content/reviews/2025/2025-W14.md:25:30: error: wiki link [[team:nobody]] names no record",
    );
    assert_has(&found, "content/reviews/2025/2025-W14.md:3:12: error: recording `javascript:alert(1)`: scheme `javascript:` is not allowed (expected http:, https:, mailto: or a relative address)");

    let dir = copy_fixture();
    let root = dir.path();
    let none = "meeting: {opening: 0, teams: 0, projects: 0, oncall: 0, incidents: 0, outcomes: 0}";
    edit(
        root,
        "site.yaml",
        "people:\n  dana",
        &format!("{none}\npeople:\n  dana"),
    );
    assert_has(
        &errors(root),
        "content/site.yaml:7:10: error: the meeting has no time (expected at least one section with minutes)",
    );
}

#[test]
fn dates_outside_the_supported_years_are_placed_errors_not_panics() {
    let dir = copy_fixture();
    let root = dir.path();
    let w14 = fs::read_to_string(root.join("content/reviews/2025/2025-W14.md")).unwrap();
    for (folder, week) in [("9999", "9999-W52"), ("3000", "3000-W10")] {
        fs::create_dir_all(root.join(format!("content/reviews/{folder}"))).unwrap();
        fs::write(
            root.join(format!("content/reviews/{folder}/{week}.md")),
            w14.replace("week: 2025-W14", &format!("week: {week}")),
        )
        .unwrap();
    }
    edit(
        root,
        "incidents/2025/INC-2025-001.md",
        "resolved: 2025-04-01T05:10:00Z",
        "resolved: 2925-04-01T05:10:00Z",
    );
    // A file name with multi-byte characters is an error like any other name.
    fs::write(root.join("content/reviews/2025/aéé.md"), &w14).unwrap();
    let errors = errors(root);
    assert_has(&errors, "content/reviews/9999/9999-W52.md:2:7: error: week: year 9999 is outside the years opsbook reads (expected a date from 2000 to 2099)");
    assert_has(
        &errors,
        "content/reviews/3000/3000-W10.md:2:7: error: week: year 3000 is outside",
    );
    assert_has(
        &errors,
        "content/incidents/2025/INC-2025-001.md:10:11: error: resolved: year 2925 is outside",
    );
    assert_has(&errors, "content/reviews/2025/aéé.md:2:7: error: week `2025-W14` disagrees with the file name `aéé.md`");

    let (code, stderr) = opsbook(root, &["new", "week", "9999-W52"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("`9999-W52` is not an ISO week"), "{stderr}");
    let (code, stderr) = opsbook(root, &["check", "--as-of", "9999-12-31"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("year 9999 is outside the years opsbook reads"),
        "{stderr}"
    );
}

#[test]
fn an_as_of_date_far_after_the_records_builds_their_weeks_only() {
    let dir = copy_fixture();
    let root = dir.path();
    let out = root.join("public");
    let (code, stderr) = opsbook(
        root,
        &[
            "build",
            "--as-of",
            "2099-12-26",
            "--output",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let csv = fs::read_to_string(out.join("oncall/pages-last-52-weeks.csv")).unwrap();
    assert_eq!(
        csv.lines().count(),
        1 + 2,
        "a header and the two weeks of reviews:\n{csv}"
    );
}

#[test]
fn rotation_periods_out_of_order_and_unknown_people_are_placed() {
    let dir = copy_fixture();
    let root = dir.path();
    edit(
        root,
        "teams/payments.md",
        "oncall_rotation:\n  start_week: 2025-W01\n  people: [bob, erin]\n",
        "oncall_rotation:\n  - start_week: 2025-W10\n    people: [bob, erin]\n  - start_week: 2025-W05\n    people: [bob, erin, zed]\n",
    );
    let errors = errors(root);
    assert_has(&errors, "content/teams/payments.md:8:17: error: period starting 2025-W05 does not come after the one starting 2025-W10");
    assert_has(
        &errors,
        "content/teams/payments.md:9:25: error: unknown person `zed`",
    );
}

#[test]
fn a_rotation_period_without_people_is_placed() {
    let dir = copy_fixture();
    let root = dir.path();
    edit(
        root,
        "teams/payments.md",
        "oncall_rotation:\n  start_week: 2025-W01\n  people: [bob, erin]\n",
        "oncall_rotation:\n  - start_week: 2025-W01\n    people: [bob, erin]\n  - start_week: 2025-W20\n    people: []\n",
    );
    let errors = errors(root);
    assert_has(
        &errors,
        "content/teams/payments.md:9:13: error: the on-call rotation is empty (expected at least one person)",
    );
}

#[test]
fn a_rotation_that_changes_builds_and_keeps_earlier_weeks() {
    let dir = copy_fixture();
    let root = dir.path();
    // li joins the payments rotation in W16; the scaffold of W16 starts the new period.
    edit(
        root,
        "teams/payments.md",
        "oncall_rotation:\n  start_week: 2025-W01\n  people: [bob, erin]\n",
        "oncall_rotation:\n  - start_week: 2025-W01\n    people: [bob, erin]\n  - start_week: 2025-W17\n    people: [li, bob, erin]\n",
    );
    let (code, stderr) = opsbook(root, &["new", "week", "2025-W16"]);
    assert_eq!(code, 0, "{stderr}");
    let w16 = fs::read_to_string(root.join("content/reviews/2025/2025-W16.md")).unwrap();
    assert!(
        w16.contains("  payments:  # Payments\n    oncall: [erin]"),
        "{w16}"
    );
    let (code, stderr) = opsbook(root, &["new", "week", "2025-W17"]);
    assert_eq!(code, 0, "{stderr}");
    let w17 = fs::read_to_string(root.join("content/reviews/2025/2025-W17.md")).unwrap();
    assert!(
        w17.contains("  payments:  # Payments\n    oncall: [li]"),
        "{w17}"
    );
    let (code, stderr) = build(root);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn a_hand_written_alert_log_is_placed_at_its_row_and_column() {
    let dir = copy_fixture();
    let root = dir.path();
    let csv = "content/reviews/2025/2025-W15/payments.csv";
    fs::write(
        root.join(csv),
        "# typed by erin\n\
         time,alert,service,responder,ack_seconds\n\
         2025-04-08T02:10:00+02:00,LedgerHighLatency,ledger-api,erin,180\n\
         2025-04-09T02:10:00+02:00,\"Ledger, high\nlatency\",ledgr-api,erin,180\n\
         2025-04-10T02:10:00+02:00,LedgerHighLatency,ledger-api,keisha,soon\n",
    )
    .unwrap();
    let errors = errors(root);
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert_has(&errors, &format!("{csv}:5:10: error: unknown service `ledgr-api` (expected one of: ledger-api, search-api; a service is content/services/<id>.md)"));
    assert_has(
        &errors,
        &format!("{csv}:6:56: error: unknown person `keisha`"),
    );
    assert_has(
        &errors,
        &format!("{csv}:6:63: error: `soon` is not a number of seconds"),
    );
}

#[test]
fn import_settings_and_declarations_are_checked_at_their_value() {
    let dir = copy_fixture();
    let root = dir.path();
    edit(
        root,
        "site.yaml",
        "people:\n  dana: Dana Whitfield\n",
        "people:\n  dana: Dana Whitfield\n  bob: { name: Bob Nakamura, emial: bob@example.com }\nimport:\n  alert_names:\n    - pattern: '^Job (\\S+) failed'\n    - pattern: '^Job (?P<alert>\\S+'\n  severities:\n    incidentio: { Minor: minor }\n",
    );
    edit(
        root,
        "services/search-api.md",
        "tier: 2\n",
        "tier: 2\nexternal: { pagerduty: [PS3ARCH], pagerdty: [x] }\n",
    );
    let errors = errors(root);
    assert_has(&errors, "content/services/search-api.md:5:35: error: external: unknown variant `pagerdty` (expected one of `pagerduty`, `opsgenie`, `alertmanager`, `incidentio`)");
    assert_has(
        &errors,
        "content/site.yaml:9:30: error: people.bob: unknown field `emial`",
    );
    assert_has(
        &errors,
        "content/site.yaml:12:16: error: the pattern has no group named `alert`",
    );
    assert_has(&errors, "content/site.yaml:13:16: error: the pattern is not a regular expression: unclosed group (expected");
    assert_has(&errors, "content/site.yaml:15:26: error: unknown severity `minor` (expected one of the site's scale: critical, major, standard)");
}

#[test]
fn a_metric_declaration_without_a_unit_or_of_the_wrong_shape_is_placed() {
    let dir = copy_fixture();
    let root = dir.path();
    edit(
        root,
        "teams/payments.md",
        "oncall_rotation:",
        "metrics:\n  traffic:\n    good: higher\n  open-bugs:\n    unit: bugs\n    good: fewer\n  cost:\n    unit: EUR\n    good: lower\n    kind: count\n    bounds: {min: 900, max: 100.5}\n  Bad_Id: {unit: x, good: lower}\noncall_rotation:",
    );
    // A value that is not a number, and a slot given twice.
    edit(
        root,
        "reviews/2025/2025-W14.md",
        "    slos:\n      ledger-availability: 99.82\n",
        "    slos:\n      ledger-availability: 99.82\n    metrics:\n      cost: fast\n      cost: 3\n",
    );
    let found = errors(root);
    let team = "content/teams/payments.md";
    let review = "content/reviews/2025/2025-W14.md";
    assert_has(&found, &format!("{review}:12:13: error: teams.payments.metrics.cost: invalid type: string \"fast\" (expected a number)"));
    assert_has(&found, &format!("{review}:13:7: error: `cost` is given twice in one mapping (first on line 12; expected each key once)"));
    assert_has(
        &found,
        &format!("{team}:7:5: error: metrics.traffic: missing field `unit`"),
    );
    assert_has(&found, &format!("{team}:10:11: error: metrics.open-bugs.good: unknown variant `fewer` (expected `higher` or `lower`)"));
    assert_has(
        &found,
        &format!(
            "{team}:15:29: error: bounds.max 100.5 is below bounds.min 900 (expected min ≤ max)"
        ),
    );
    assert_has(&found, &format!("{team}:15:29: error: bounds.max 100.5 is not of the metric's kind (expected a count: a whole number, 0 or more)"));
    assert_has(&found, &format!("{team}:16:3: error: `Bad_Id` is not a valid metric id (expected lower-case letters, digits and hyphens, like p99-latency)"));
}

#[test]
fn a_weeks_metric_values_must_be_declared_and_of_their_kind() {
    let dir = copy_fixture();
    let root = dir.path();
    edit(
        root,
        "teams/payments.md",
        "oncall_rotation:",
        "metrics:\n  cost: {unit: EUR, good: lower, kind: count}\n  error-rate: {unit: '%', good: lower, kind: percent}\noncall_rotation:",
    );
    edit(
        root,
        "services/ledger-api.md",
        "---\n",
        "---\nmetrics:\n  p99-latency: {unit: ms, good: lower}\n",
    );
    let file = "reviews/2025/2025-W14.md";
    edit(
        root,
        file,
        "    slos:\n      ledger-availability: 99.82\n",
        "    slos:\n      ledger-availability: 99.82\n    metrics:\n      trafic: 12\n      cost: 12.5\n      error-rate: 140\n      ledger-api/p99-latency:\n",
    );
    // A service's metric is reported by the team that owns the service, not by another.
    edit(
        root,
        file,
        "      search-latency/fast: 99.5\n",
        "      search-latency/fast: 99.5\n    metrics:\n      ledger-api/p99-latency: 400\n",
    );
    let found = errors(root);
    let review = "content/reviews/2025/2025-W14.md";
    assert_has(&found, &format!("{review}:12:7: error: unknown metric `trafic` (expected one of: cost, error-rate, ledger-api/p99-latency; a metric is declared under `metrics:` of content/teams/payments.md, or of a service of the team as <service>/<metric>)"));
    assert_has(&found, &format!("{review}:13:13: error: cost 12.5 EUR: not of the metric's kind (expected a count: a whole number, 0 or more)"));
    assert_has(&found, &format!("{review}:14:19: error: error-rate 140 %: not of the metric's kind (expected a percentage, 0 to 100)"));
    assert!(
        found.iter().any(|e| e.contains(": error: unknown metric `ledger-api/p99-latency` (there are none yet; a metric is declared under `metrics:` of content/teams/search.md")),
        "{}",
        found.join("\n")
    );
}
