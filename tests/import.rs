//! `opsbook import` end to end, on the vendor-format fixtures of tests/fixtures/imports/ (see
//! FORMATS.md there): each tool's export is imported into a copy of the test archive with the
//! declarations FORMATS.md lists, the archive is built, and the pages per team and week, the
//! alert names and the responders are read back; plus re-imports, refusals, unknown services
//! and people placed at their row, dry runs and incident.io records edited by a person.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use opsbook::diagnostics::Diagnostics;
use opsbook::site::{Options, Site};

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

fn export(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/imports")
        .join(name)
        .to_str()
        .unwrap()
        .to_string()
}

/// The test archive with the declarations of FORMATS.md ("The scenario and what a test must
/// declare"): what each tool calls the two services, the four people and the teams.
fn archive() -> tempfile::TempDir {
    let dir = copy_fixture();
    let root = dir.path();
    edit(
        root,
        "site.yaml",
        "people:\n  dana: Dana Whitfield\n",
        "people:\n  \
           dana: { name: Dana Whitfield, email: dana.whitfield@example.com, external: { pagerduty: [PDWH1TF] } }\n  \
           bob: { name: Bob Nakamura, email: bob.nakamura@example.com }\n  \
           erin: { name: Erin Schulz, email: erin.schulz@example.com }\n  \
           li: { name: Li Wei, email: li.wei@example.com }\n\
         import:\n  \
           severities:\n    \
             incidentio: { Minor: standard }\n",
    );
    edit(
        root,
        "services/ledger-api.md",
        "runbooks: [ledger-latency]\n",
        "runbooks: [ledger-latency]\nexternal:\n  pagerduty: [PLEDG3R, \"Ledger API (prod)\"]\n  opsgenie: [\"service:ledger\"]\n  alertmanager: [ledger]\n  incidentio: [Ledger API (prod)]\n",
    );
    edit(
        root,
        "services/search-api.md",
        "tier: 2\n",
        "tier: 2\nexternal: { pagerduty: [PS3ARCH], opsgenie: [\"service:search\"], alertmanager: ['service=\"search\"'], incidentio: [\"Search API (prod)\"] }\n",
    );
    // The archive's incident is incident.io's INC-101, written by hand.
    edit(
        root,
        "incidents/2025/INC-2025-001.md",
        "tags: [config]\n",
        "tags: [config]\nimported: { from: incidentio, ref: INC-101 }\n",
    );
    let (code, _, stderr) = opsbook(root, &["check"]);
    assert_eq!(code, 0, "the declarations check clean:\n{stderr}");
    dir
}

/// Every file under content/, with its text: to prove that nothing changed.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap().to_path_buf();
            (rel, fs::read(e.path()).unwrap())
        })
        .collect()
}

/// One page as the built archive has it: (alert, service, responder or the primary on call).
type Seen = (String, String, String);

/// The pages of every team-week, read back from the archive.
fn pages(root: &Path) -> BTreeMap<(String, String), Vec<Seen>> {
    let mut d = Diagnostics::new();
    let site = Site::load(root, Options::default(), &mut d).expect("the archive loads");
    let mut out = BTreeMap::new();
    for r in &site.archive.reviews {
        for (team, tw) in &r.front.teams {
            if tw.pages.is_empty() {
                continue;
            }
            let primary = tw.oncall.first().cloned().unwrap_or_default();
            let seen = tw
                .pages
                .iter()
                .map(|p| {
                    let who = p.responder.clone().unwrap_or_else(|| primary.clone());
                    (p.alert.clone(), p.service.clone(), who)
                })
                .collect();
            out.insert((team.clone(), r.front.week.to_string()), seen);
        }
    }
    out
}

fn counts(pages: &BTreeMap<(String, String), Vec<Seen>>) -> Vec<(String, String, usize)> {
    pages
        .iter()
        .map(|((t, w), p)| (t.clone(), w.clone(), p.len()))
        .collect()
}

fn c(team: &str, week: &str, n: usize) -> (String, String, usize) {
    (team.into(), week.into(), n)
}

fn alerts(pages: &[Seen]) -> Vec<&str> {
    pages.iter().map(|p| p.0.as_str()).collect()
}

fn responders(pages: &[Seen]) -> Vec<&str> {
    pages.iter().map(|p| p.2.as_str()).collect()
}

fn build(root: &Path) -> String {
    let (code, _, stderr) = opsbook(root, &["build"]);
    assert_eq!(code, 0, "{stderr}");
    stderr
}

fn get<'a>(p: &'a BTreeMap<(String, String), Vec<Seen>>, team: &str, week: &str) -> &'a [Seen] {
    &p[&(team.to_string(), week.to_string())]
}

#[test]
fn pagerduty_csv_end_to_end() {
    let dir = archive();
    let root = dir.path();
    let (code, _, stderr) = opsbook(
        root,
        &[
            "import",
            "pagerduty",
            &export("pagerduty-incidents.csv"),
            "--replace",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("23 pages read, 23 pages in 6 team-weeks"),
        "{stderr}"
    );
    // The hand-made incident's title is kept whole, and said to be.
    assert!(stderr.contains("pagerduty-incidents.csv:24:21: warning: no rule recognised an alert name in `Merchants report failed payouts`"), "{stderr}");
    build(root);
    let p = pages(root);
    // By ISO week in the team's time zone: search is in America/New_York, so P10
    // (2025-04-07T04:40+02:00, Sunday evening in New York) is search's W14.
    assert_eq!(
        counts(&p),
        [
            c("payments", "2025-W14", 7),
            c("payments", "2025-W15", 4),
            c("payments", "2025-W16", 4),
            c("search", "2025-W14", 3),
            c("search", "2025-W15", 3),
            c("search", "2025-W16", 2),
        ]
    );
    let w14 = get(&p, "payments", "2025-W14");
    assert_eq!(
        alerts(w14),
        [
            "LedgerHighLatency",
            "LedgerHighLatency",
            "PostgresqlReplicationLag",
            "LedgerHighLatency",
            "PostgresqlReplicationLag",
            "PostgresqlReplicationLag",
            "KubePodCrashLooping"
        ]
    );
    // The first who acknowledged (P05: reassigned from bob, acknowledged by erin), else the
    // first assignee (P09: never acknowledged).
    assert_eq!(
        responders(w14),
        ["bob", "bob", "bob", "erin", "bob", "bob", "bob"]
    );
    let w16 = get(&p, "search", "2025-W16");
    assert_eq!(alerts(w16), ["SearchQueryErrorRate", "SearchIndexLagHigh"]);
    // P23: escalated from Li Wei, acknowledged by Dana Whitfield (by her PagerDuty id).
    assert_eq!(responders(w16), ["li", "dana"]);
    assert_eq!(
        alerts(get(&p, "payments", "2025-W16")),
        [
            "PostgresqlReplicationLag",
            "LedgerHighLatency",
            "LedgerWriteErrors",
            "Merchants report failed payouts"
        ]
    );
    // Only opsbook's columns are written: no e-mail address, no tool id; actionable unmarked.
    let csv =
        fs::read_to_string(root.join("content/reviews/2025/2025-W14/payments-pages.csv")).unwrap();
    let mut lines = csv.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("# Written by `opsbook import pagerduty` (hash "));
    assert_eq!(
        lines.next(),
        Some("time,alert,service,responder,ack_seconds,urgency,actionable")
    );
    assert_eq!(
        lines.next(),
        Some("2025-03-31T10:05:12+02:00,LedgerHighLatency,ledger-api,bob,95,high,")
    );
    for text in ["@", "PB0BN4K", "Nakamura", "QN70QF4V44NDNM", "(prod)"] {
        assert!(!csv.contains(text), "{text} copied into {csv}");
    }
    // The built week shows them, with the responders' names; not marked means no ratio.
    let page = fs::read_to_string(root.join("public/reviews/2025-W16/index.html")).unwrap();
    assert!(page.contains("Dana Whitfield") && page.contains("LedgerWriteErrors"));
    let alert =
        fs::read_to_string(root.join("public/alerts/searchindexlaghigh/index.html")).unwrap();
    assert!(
        alert.contains("<dt>Actionable</dt><dd>not marked</dd>"),
        "{alert}"
    );
    let mut d = Diagnostics::new();
    let site = Site::load(root, Options::default(), &mut d).unwrap();
    assert!(site.archive.reviews.iter().all(|r| r
        .front
        .teams
        .values()
        .all(|t| t.pages.iter().all(|p| p.actionable.is_none()))));
    // The week that had no review is scaffolded as a draft that reads the logs.
    let w16 = fs::read_to_string(root.join("content/reviews/2025/2025-W16.md")).unwrap();
    assert!(w16.contains("draft: true\n"));
    assert!(w16.contains("    pages_csv: 2025-W16/payments-pages.csv\n"));
    assert!(w16.contains("    pages_csv: 2025-W16/search-pages.csv\n"));
}

#[test]
fn three_wordings_of_one_rule_are_one_recurring_alert() {
    let dir = archive();
    let root = dir.path();
    let (code, _, stderr) = opsbook(
        root,
        &[
            "import",
            "pagerduty",
            &export("pagerduty-incidents.csv"),
            "--replace",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    // In the export: `[FIRING:1] PostgresqlReplicationLag ledger-db-replica-2 (critical)` (W14),
    // `[FIRING:2] PostgresqlReplicationLag` (W15), `PostgresqlReplicationLag on
    // ledger-db-replica-1` (W16).
    // W16 had no review: the import scaffolded it as a draft, which counts in no figure until
    // the facilitator has completed it.
    let lag_pages = |root: &Path| {
        let mut d = Diagnostics::new();
        let site = Site::load(root, Options::default(), &mut d).unwrap();
        let analysis = site.analyze();
        let lag = analysis
            .alerts
            .iter()
            .find(|a| a.name.contains("PostgresqlReplicationLag"))
            .map_or(0, |a| a.pages);
        lag
    };
    assert_eq!(
        lag_pages(root),
        4,
        "W14 and W15 count; the draft W16 does not yet"
    );
    let w16 = root.join("content/reviews/2025/2025-W16.md");
    let text = fs::read_to_string(&w16).unwrap();
    fs::write(&w16, text.replace("draft: true\n", "")).unwrap();
    let mut d = Diagnostics::new();
    let site = Site::load(root, Options::default(), &mut d).unwrap();
    let analysis = site.analyze();
    let lag: Vec<_> = analysis
        .alerts
        .iter()
        .filter(|a| a.name.contains("PostgresqlReplicationLag"))
        .collect();
    assert_eq!(lag.len(), 1, "one alert, not three");
    let lag = lag[0];
    assert_eq!(lag.pages, 5);
    assert_eq!(lag.weeks_seen(), 3);
    assert!(lag.recurring, "paged in 3 of the last 8 weeks");
    assert!(!analysis.alerts.iter().any(|a| a.name.starts_with('[')));
    build(root);
    assert!(root
        .join("public/alerts/postgresqlreplicationlag/index.html")
        .is_file());
}

#[test]
fn pagerduty_json_end_to_end() {
    let dir = archive();
    let root = dir.path();
    let (code, _, stderr) = opsbook(
        root,
        &[
            "import",
            "pagerduty",
            &export("pagerduty-incidents.json"),
            "--replace",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    build(root);
    let p = pages(root);
    assert_eq!(
        counts(&p),
        [
            c("payments", "2025-W14", 7),
            c("payments", "2025-W15", 4),
            c("payments", "2025-W16", 4),
            c("search", "2025-W14", 3),
            c("search", "2025-W15", 3),
            c("search", "2025-W16", 2),
        ]
    );
    // A resolved incident of the REST API lists no acknowledgement: the responder is the
    // primary on call; only the still acknowledged P23 names Dana Whitfield.
    assert_eq!(
        responders(get(&p, "payments", "2025-W15")),
        ["erin", "erin", "erin", "erin"]
    );
    assert_eq!(responders(get(&p, "search", "2025-W16")), ["", "dana"]);
    let csv =
        fs::read_to_string(root.join("content/reviews/2025/2025-W16/search-pages.csv")).unwrap();
    assert!(
        csv.contains("2025-04-19T19:15:29-04:00,SearchIndexLagHigh,search-api,dana,1938,high,\n"),
        "{csv}"
    );
}

#[test]
fn opsgenie_json_and_csv_end_to_end() {
    for file in ["opsgenie-alerts.json", "opsgenie-alerts.csv"] {
        let dir = archive();
        let root = dir.path();
        let (code, _, stderr) = opsbook(root, &["import", "opsgenie", &export(file), "--replace"]);
        assert_eq!(code, 0, "{file}: {stderr}");
        assert!(
            stderr.contains("22 pages read, 22 pages in 6 team-weeks"),
            "{stderr}"
        );
        build(root);
        let p = pages(root);
        assert_eq!(
            counts(&p),
            [
                c("payments", "2025-W14", 7),
                c("payments", "2025-W15", 4),
                c("payments", "2025-W16", 3),
                c("search", "2025-W14", 3),
                c("search", "2025-W15", 3),
                c("search", "2025-W16", 2),
            ],
            "{file}"
        );
        let w15 = get(&p, "payments", "2025-W15");
        assert_eq!(
            alerts(w15),
            [
                "LedgerHighLatency",
                "KubePodCrashLooping",
                "LedgerHighLatency",
                "PostgresqlReplicationLag"
            ],
            "{file}"
        );
        // Responders by e-mail: who acknowledged, else the owner.
        assert_eq!(responders(w15), ["erin", "erin", "erin", "erin"], "{file}");
        assert_eq!(
            responders(get(&p, "search", "2025-W16")),
            ["li", "dana"],
            "{file}"
        );
        // ackTime is in milliseconds.
        let csv = fs::read_to_string(root.join("content/reviews/2025/2025-W14/payments-pages.csv"))
            .unwrap();
        assert!(
            csv.contains("2025-03-31T10:05:12+02:00,LedgerHighLatency,ledger-api,bob,95,,\n"),
            "{csv}"
        );
        assert!(!csv.contains('@'));
    }
}

#[test]
fn alertmanager_counts_each_firing_once() {
    let dir = archive();
    let root = dir.path();
    let (code, _, stderr) = opsbook(
        root,
        &[
            "import",
            "alertmanager",
            &export("alertmanager-webhook.jsonl"),
            "--replace",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    // 48 notifications: re-notifications (lines 5–6), a retry (40–41) and resolved bodies
    // leave 24 firings.
    assert!(
        stderr.contains("24 pages read, 24 pages in 6 team-weeks"),
        "{stderr}"
    );
    assert!(stderr.contains("alertmanager-webhook.jsonl:40:1972: warning: 1 alert of this notification was left out by the receiver's max_alerts"), "{stderr}");
    build(root);
    let p = pages(root);
    assert_eq!(
        counts(&p),
        [
            c("payments", "2025-W14", 7),
            c("payments", "2025-W15", 5),
            c("payments", "2025-W16", 3),
            c("search", "2025-W14", 3),
            c("search", "2025-W15", 3),
            c("search", "2025-W16", 3),
        ]
    );
    // P03 fired once and was notified twice: counted once. P06 and P07 are two firings of
    // one alert. P16 is two replicas firing together: two alerts.
    assert_eq!(
        alerts(get(&p, "payments", "2025-W14")),
        [
            "LedgerHighLatency",
            "LedgerHighLatency",
            "PostgresqlReplicationLag",
            "LedgerHighLatency",
            "PostgresqlReplicationLag",
            "PostgresqlReplicationLag",
            "KubePodCrashLooping"
        ]
    );
    // No responder in a payload: the primary on call.
    assert_eq!(responders(get(&p, "payments", "2025-W14")), ["bob"; 7]);
    assert_eq!(
        alerts(get(&p, "payments", "2025-W15"))
            .iter()
            .filter(|a| **a == "PostgresqlReplicationLag")
            .count(),
        2
    );
}

#[test]
fn a_second_run_changes_nothing() {
    let dir = archive();
    let root = dir.path();
    let args = [
        "import",
        "pagerduty",
        &export("pagerduty-incidents.csv"),
        "--replace",
    ];
    let (code, _, stderr) = opsbook(root, &args);
    assert_eq!(code, 0, "{stderr}");
    let before = snapshot(root);
    for args in [&args[..3], &args[..]] {
        let (code, _, stderr) = opsbook(root, args);
        assert_eq!(code, 0, "{stderr}");
        assert!(
            stderr.contains("nothing to change: the archive has these already"),
            "{stderr}"
        );
        assert_eq!(snapshot(root), before);
    }
}

#[test]
fn pages_typed_by_hand_are_replaced_only_with_replace() {
    let dir = archive();
    let root = dir.path();
    let before = snapshot(root);
    let (code, _, stderr) = opsbook(
        root,
        &["import", "pagerduty", &export("pagerduty-incidents.csv")],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("content/reviews/2025/2025-W14.md:11:5: error: teams.payments has 2 pages typed by hand; importing 7 pages for payments in 2025-W14 would replace them (expected a team-week without pages, or --replace to replace them with the import's)"), "{stderr}");
    assert!(stderr.contains("content/reviews/2025/2025-W15.md:7:5: error: teams.payments reads its pages from `2025-W15/payments.csv`; importing 4 pages"), "{stderr}");
    assert!(stderr.contains("import failed: 2 errors"), "{stderr}");
    assert_eq!(snapshot(root), before, "nothing written");
}

#[test]
fn marks_survive_a_re_import_and_other_edits_stop_it() {
    let dir = archive();
    let root = dir.path();
    let args = [
        "import",
        "opsgenie",
        &export("opsgenie-alerts.json"),
        "--replace",
    ];
    assert_eq!(opsbook(root, &args).0, 0);
    let file = "reviews/2025/2025-W16/payments-pages.csv";
    // The team marks a page afterwards.
    edit(
        root,
        file,
        ",LedgerWriteErrors,ledger-api,bob,76,,\n",
        ",LedgerWriteErrors,ledger-api,bob,76,,true\n",
    );
    let (code, _, stderr) = opsbook(root, &args[..3]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("nothing to change"), "{stderr}");
    let mut d = Diagnostics::new();
    let site = Site::load(root, Options::default(), &mut d).unwrap();
    let w16 = site.archive.review("2025-W16".parse().unwrap()).unwrap();
    let marked: Vec<_> = w16.front.teams["payments"]
        .pages
        .iter()
        .filter_map(|p| p.actionable)
        .collect();
    assert_eq!(marked, [true]);
    // Any other edit makes the file a person's: the import stops, unless --replace.
    edit(root, file, ",LedgerWriteErrors,", ",LedgerWriteFailures,");
    let (code, _, stderr) = opsbook(root, &args[..3]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("content/reviews/2025/2025-W16/payments-pages.csv: error: the file was written or edited by a person"), "{stderr}");
    // Another tool's import of the same team-week would count its pages twice.
    let (code, _, stderr) = opsbook(
        root,
        &["import", "pagerduty", &export("pagerduty-incidents.csv")],
    );
    assert_eq!(code, 1);
    assert!(stderr.contains("content/reviews/2025/2025-W14/payments-pages.csv: error: the file was imported from Opsgenie: importing PagerDuty too would count its pages twice"), "{stderr}");
}

#[test]
fn an_unknown_service_or_person_is_placed_at_its_row_and_nothing_is_written() {
    let dir = archive();
    let root = dir.path();
    let before = snapshot(root);
    let file = export("pagerduty-incidents-unknown-service.csv");
    let (code, _, stderr) = opsbook(root, &["import", "pagerduty", &file, "--replace"]);
    assert_eq!(code, 1, "{stderr}");
    let service = format!("{file}:15:96: error: unknown service `Notifications Gateway (prod)` (PagerDuty service name, service id PN0T1FY) (expected a service whose id, name or external.pagerduty names it; the services are ledger-api, search-api); to declare it, add `external: {{ pagerduty: [\"Notifications Gateway (prod)\", PN0T1FY] }}` to the front matter of content/services/<id>.md, or create content/services/notifications-gateway.md with its `name:` and `team:`");
    assert!(stderr.contains(&service), "{stderr}");
    let person = format!("{file}:15:232: error: unknown person `Keisha Johnson` (PagerDuty user name, user id PKJ0HNS) (expected a person whose id, display name, e-mail or external.pagerduty names them); to declare them, add under `people:` in content/site.yaml:   keisha: {{ name: Keisha Johnson, external: {{ pagerduty: [PKJ0HNS] }} }}");
    assert!(stderr.contains(&person), "{stderr}");
    assert!(stderr.contains("import failed: 2 errors"), "{stderr}");
    assert_eq!(snapshot(root), before, "nothing written");

    // The same in the REST API's JSON, placed at the incident's `service`.
    let json = export("pagerduty-incidents-unknown-service.json");
    let (code, _, stderr) = opsbook(root, &["import", "pagerduty", &json, "--replace"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains(&format!(
            "{json}:1012:18: error: unknown service `Notifications Gateway (prod)`"
        )),
        "{stderr}"
    );
    // A typo gets a suggestion.
    let typo = root.join("typo.csv");
    let text = fs::read_to_string(export("pagerduty-incidents.csv")).unwrap();
    fs::write(
        &typo,
        text.replacen("PS3ARCH,Search API (prod)", "PS3ARCX,Serch API (prod)", 1),
    )
    .unwrap();
    let (code, _, stderr) = opsbook(
        root,
        &["import", "pagerduty", typo.to_str().unwrap(), "--replace"],
    );
    assert_eq!(code, 1);
    assert!(stderr.contains("unknown service `Serch API (prod)` (PagerDuty service name, service id PS3ARCX) (expected a service whose id, name or external.pagerduty names it; did you mean search-api?); to declare it, add `external: { pagerduty: [\"Serch API (prod)\", PS3ARCX] }` to the front matter of content/services/search-api.md, or create"), "{stderr}");

    // --skip-unknown leaves the row out, with a warning.
    let (code, _, stderr) = opsbook(
        root,
        &["import", "pagerduty", &file, "--replace", "--skip-unknown"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(&format!("{file}:15:96: warning: skipped: unknown service")),
        "{stderr}"
    );
    assert!(
        stderr.contains("24 pages read, 23 pages in 6 team-weeks (1 row skipped)"),
        "{stderr}"
    );
}

#[test]
fn declared_once_the_same_row_imports() {
    let dir = archive();
    let root = dir.path();
    // site.yaml maps keisha to exactly the name PagerDuty uses; the service declares its id.
    edit(
        root,
        "site.yaml",
        "  li: { name: Li Wei",
        "  keisha: Keisha Johnson\n  li: { name: Li Wei",
    );
    fs::write(
        root.join("content/services/notifications-gateway.md"),
        "---\nname: Notifications Gateway\nteam: search\nexternal: { pagerduty: [PN0T1FY] }\n---\n",
    )
    .unwrap();
    let file = export("pagerduty-incidents-unknown-service.csv");
    let (code, _, stderr) = opsbook(root, &["import", "pagerduty", &file, "--replace"]);
    assert_eq!(code, 0, "{stderr}");
    build(root);
    let p = pages(root);
    let w15 = get(&p, "search", "2025-W15");
    assert!(
        w15.contains(&(
            "NotifyQueueBacklog".to_string(),
            "notifications-gateway".to_string(),
            "keisha".to_string()
        )),
        "{w15:?}"
    );
}

#[test]
fn a_dry_run_says_what_it_would_write_and_writes_nothing() {
    let dir = archive();
    let root = dir.path();
    let before = snapshot(root);
    let (code, _, stderr) = opsbook(
        root,
        &[
            "import",
            "alertmanager",
            &export("alertmanager-webhook.jsonl"),
            "--replace",
            "--dry-run",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    for line in [
        "  would write content/reviews/2025/2025-W15/payments-pages.csv (5 pages)",
        "  would update content/reviews/2025/2025-W14.md (teams.payments.pages_csv, teams.search.pages_csv)",
        "  would write content/reviews/2025/2025-W16.md (a new draft week, teams.payments.pages_csv, teams.search.pages_csv)",
        "dry run: nothing written",
    ] {
        assert!(stderr.contains(line), "missing {line:?} in\n{stderr}");
    }
    assert_eq!(snapshot(root), before);
}

fn incident(root: &Path, id: &str) -> String {
    fs::read_to_string(root.join(format!("content/incidents/2025/{id}.md"))).unwrap()
}

#[test]
fn incidentio_end_to_end_and_edits_by_a_person_are_kept() {
    let dir = archive();
    let root = dir.path();
    let (code, _, stderr) = opsbook(
        root,
        &["import", "incidentio", &export("incidentio-incidents.json")],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("incident.io: 15 incidents read, 10 new, 0 updated, 0 unchanged"),
        "{stderr}"
    );
    // INC-101 is the archive's INC-2025-001, written by hand: left alone, not written twice.
    assert!(stderr.contains("left as they are, written or edited by a person since the import: INC-2025-001 (incident.io INC-101)"), "{stderr}");
    assert!(stderr.contains("not incidents to record: INC-115 (triage), INC-110 (merged), INC-106 (test incident), INC-105 (declined)"), "{stderr}");
    build(root);
    // New ids in order of their start: INC-102 is INC-2025-002.
    let inc = incident(root, "INC-2025-002");
    for line in [
        "id: INC-2025-002\n",
        "title: Search query errors elevated\n",
        "severity: standard\n",
        "status: closed\n",
        "started: 2025-04-02T17:29:30Z\n",
        "detected: 2025-04-02T17:41:10Z\n",
        "acknowledged: 2025-04-02T17:42:03Z\n",
        "mitigated: 2025-04-02T17:55:00Z\n",
        "resolved: 2025-04-02T17:58:30Z\n",
        "teams: [search]\n",
        "services: [search-api]\n",
        "commander: li\n",
        "aliases: [incidentio/INC-102/]\n",
        "imported: { from: incidentio, ref: INC-102, hash: ",
    ] {
        assert!(inc.contains(line), "missing {line:?} in\n{inc}");
    }
    assert!(!inc.contains('@'), "no e-mail copied:\n{inc}");
    // Learning → resolved, live → investigating; critical maps by name, Minor by site.yaml;
    // a retrospective incident has no detection time from its report.
    let critical = incident(root, "INC-2025-010");
    assert!(
        critical.contains("severity: critical\nstatus: resolved\n"),
        "{critical}"
    );
    let live = incident(root, "INC-2025-011");
    assert!(
        live.contains("status: investigating\n") && live.contains("commander: dana\n"),
        "{live}"
    );
    let retro = incident(root, "INC-2025-009");
    assert!(
        retro.contains("ref: INC-113") && !retro.contains("detected:"),
        "{retro}"
    );
    // The reference is an address that leads to the record.
    let redirect = fs::read_to_string(root.join("public/incidentio/INC-102/index.html")).unwrap();
    assert!(redirect.contains("incidents/INC-2025-002/"), "{redirect}");

    // The same again, from the JSON or the CSV: nothing changes.
    let before = snapshot(root);
    for file in ["incidentio-incidents.json", "incidentio-incidents.csv"] {
        let (code, _, stderr) = opsbook(root, &["import", "incidentio", &export(file)]);
        assert_eq!(code, 0, "{stderr}");
        assert!(
            stderr.contains("0 new, 0 updated, 10 unchanged"),
            "{file}: {stderr}"
        );
        assert_eq!(snapshot(root), before, "{file}");
    }

    // A person edits one record: the import leaves it as it is.
    let path = root.join("content/incidents/2025/INC-2025-003.md");
    let edited = incident(root, "INC-2025-003").replace("severity: standard", "severity: major");
    fs::write(&path, &edited).unwrap();
    let (code, _, stderr) = opsbook(
        root,
        &["import", "incidentio", &export("incidentio-incidents.json")],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("INC-2025-001 (incident.io INC-101), INC-2025-003 (incident.io INC-103)"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), edited);
    assert_eq!(snapshot(root).len(), before.len(), "no duplicate written");
}

#[test]
fn incidentio_unknowns_are_placed_with_what_to_declare() {
    let dir = archive();
    let root = dir.path();
    let before = snapshot(root);
    let file = export("incidentio-incidents-unknown-service.csv");
    let (code, _, stderr) = opsbook(root, &["import", "incidentio", &file]);
    assert_eq!(code, 1, "{stderr}");
    for expected in [
        format!("{file}:10:241: error: unknown person `Keisha Johnson` (incident.io user name)"),
        format!("{file}:10:271: error: unknown service `Notifications Gateway (prod)` (incident.io catalog entry)"),
        format!("{file}:10:300: error: unknown team `Messaging` (incident.io team) (expected a team whose id, name or external.incidentio names it; the teams are payments, search); to declare it, add `external: {{ incidentio: [Messaging] }}` to the front matter of content/teams/<id>.md, or create content/teams/messaging.md"),
    ] {
        assert!(stderr.contains(&expected), "missing {expected}\nin\n{stderr}");
    }
    assert_eq!(snapshot(root), before);
    // An undeclared severity names the line to add to site.yaml.
    edit(
        root,
        "site.yaml",
        "    incidentio: { Minor: standard }\n",
        "    incidentio: {}\n",
    );
    let (code, _, stderr) = opsbook(
        root,
        &["import", "incidentio", &export("incidentio-incidents.json")],
    );
    assert_eq!(code, 1);
    assert!(stderr.contains("error: unknown severity `Minor` (incident.io severity) (expected a level of the site's scale: critical, major, standard, or a declared mapping); to declare it, add to content/site.yaml:   import: { severities: { incidentio: { Minor: <one of critical, major, standard> } } }; 6 more rows name it"), "{stderr}");
}

#[test]
fn a_week_scaffolded_by_new_week_takes_the_import_into_its_empty_pages() {
    let dir = archive();
    let root = dir.path();
    let (code, _, stderr) = opsbook(root, &["new", "week", "2025-W16"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = opsbook(
        root,
        &[
            "import",
            "pagerduty",
            &export("pagerduty-incidents.csv"),
            "--replace",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let w16 = fs::read_to_string(root.join("content/reviews/2025/2025-W16.md")).unwrap();
    assert!(
        w16.contains("    pages_csv: 2025-W16/payments-pages.csv"),
        "{w16}"
    );
    assert!(
        !w16.contains("    pages:  #"),
        "the empty slot is replaced:\n{w16}"
    );
    build(root);
}

#[test]
fn prometheus_takes_a_url_and_no_files_and_the_exports_take_files() {
    let dir = copy_fixture();
    let root = dir.path();
    let (code, _, err) = opsbook(root, &["import", "prometheus"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("error: no --url (expected the Prometheus server's address"),
        "{err}"
    );
    let (code, _, err) = opsbook(
        root,
        &[
            "import",
            "prometheus",
            "--url",
            "http://127.0.0.1:9",
            "x.csv",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("prometheus reads no files"), "{err}");
    let (code, _, err) = opsbook(root, &["import", "pagerduty"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("error: no FILE given (expected the files exported from PagerDuty)"),
        "{err}"
    );
    let (code, _, err) = opsbook(
        root,
        &["import", "pagerduty", "x.csv", "--week", "2025-W14"],
    );
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = opsbook(
        root,
        &[
            "import",
            "prometheus",
            "--url",
            "http://127.0.0.1:9",
            "--week",
            "2025-W54",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("2025 has no week 54"), "{err}");
    // https needs a TLS stack the binary does not carry: said so, nothing read or written.
    let (code, _, err) = opsbook(
        root,
        &[
            "import",
            "prometheus",
            "--url",
            "https://prometheus.example",
            "--week",
            "2025-W14",
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("`https://prometheus.example` is not an http:// address"),
        "{err}"
    );
}

#[test]
fn a_log_that_cannot_be_read_is_an_error_and_is_not_written_over() {
    let dir = archive();
    let root = dir.path();
    let file = root.join("content/reviews/2025/2025-W16/payments-pages.csv");
    fs::create_dir_all(file.parent().unwrap()).unwrap();
    fs::write(&file, b"time,alert,service\n\xff\xfe not UTF-8\n").unwrap();
    let before = snapshot(root);
    let (code, _, stderr) = opsbook(
        root,
        &[
            "import",
            "pagerduty",
            &export("pagerduty-incidents.csv"),
            "--replace",
        ],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("content/reviews/2025/2025-W16/payments-pages.csv: error: cannot read it:"),
        "{stderr}"
    );
    assert!(stderr.contains("expected a UTF-8 text file"), "{stderr}");
    assert_eq!(snapshot(root), before, "nothing is written");
}
