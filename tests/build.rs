//! `opsbook build` end to end, on copies of the fixture archive in tests/fixtures/small: what a
//! user sees when the archive is right, and the message they get for each kind of mistake.

use std::fs;
use std::path::Path;
use std::process::Command;

mod common;
use common::{copy_fixture, edit};

use walkdir::WalkDir;

/// Runs the binary; returns (exit code, stderr).
fn opsbook(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_opsbook"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn build(root: &Path) -> (i32, String) {
    let output = root.join("public");
    opsbook(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
    ])
}

/// Builds after the edits and returns stderr, asserting the build failed with exit code 1.
fn failing(root: &Path) -> String {
    let (code, stderr) = build(root);
    assert_eq!(code, 1, "expected content errors:\n{stderr}");
    assert!(
        !root.join("public").exists(),
        "a failed build must not write output"
    );
    stderr
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn the_fixture_builds_every_page_type() {
    let dir = copy_fixture();
    let (code, stderr) = build(dir.path());
    assert_eq!(code, 0, "{stderr}");
    let summary = stderr.lines().last().unwrap();
    assert!(
        summary.starts_with("built ")
            && summary.contains("14 files read")
            && summary.contains("0 warnings"),
        "{summary}"
    );
    let public = dir.path().join("public");
    for page in [
        "index.html",
        "reviews/index.html",
        "reviews/2025-W14/index.html",
        "reviews/2025-W15/index.html",
        "incidents/index.html",
        "incidents/INC-2025-001/index.html",
        "teams/payments/index.html",
        "services/ledger-api/index.html",
        "slos/search-latency/index.html",
        "runbooks/ledger-latency/index.html",
        "pages/how-we-run-the-review/index.html",
        "actions/index.html",
        "assets/style.css",
        "favicon.svg",
        "robots.txt",
        "reviews/2025-W14/latency.svg",
        "reviews/2025-W15/payments.csv",
    ] {
        assert!(public.join(page).is_file(), "missing {page}");
    }
    let week = fs::read_to_string(public.join("reviews/2025-W14/index.html")).unwrap();
    // The four sections, the incident reviewed, the previous/next link and the local image.
    for text in [
        "1. Team metrics and deviations",
        "2. Projects and migrations",
        "3. On-call",
        "4. Incidents",
    ] {
        assert!(week.contains(text), "week page lacks {text}");
    }
    assert!(week.contains(r#"href="../../incidents/INC-2025-001/""#));
    assert!(week.contains(r#"rel="next" href="../../reviews/2025-W15/""#));
    assert!(week.contains(r#"src="latency.svg""#));
    assert!(
        week.contains("2 in sleep hours"),
        "a page at 03:12 and one at exactly 22:00 are sleep-hour pages"
    );
    // The CSV alert log (a PagerDuty export) is read into the next week.
    let next = fs::read_to_string(public.join("reviews/2025-W15/index.html")).unwrap();
    assert!(
        next.contains("1 page: 0 in business hours, 0 off-hours, 1 in sleep hours"),
        "{next}"
    );
    let actions = fs::read_to_string(public.join("actions/index.html")).unwrap();
    // As of 13 April (the newest week's Sunday): AI-2025-001 was due on the 9th, AI-2025-002 was
    // closed on the 9th, AI-2025-003 is due in May.
    assert!(actions.contains("1 overdue, 1 open, 1 closed"), "{actions}");
}

#[test]
fn building_twice_gives_byte_identical_output() {
    let dir = copy_fixture();
    // With a base_url, so that the feed's absolute links and sitemap.xml are compared too.
    edit(
        dir.path(),
        "site.yaml",
        "title: Small Ops Review",
        "title: Small Ops Review\nbase_url: https://ops.example.com/",
    );
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let root = dir.path().to_str().unwrap();
    assert_eq!(
        opsbook(&["build", "--root", root, "--output", a.to_str().unwrap()]).0,
        0
    );
    assert_eq!(
        opsbook(&["build", "--root", root, "--output", b.to_str().unwrap()]).0,
        0
    );
    let (fa, fb) = (files(&a), files(&b));
    assert!(fa.len() > 20);
    for name in ["sitemap.xml", "feed.xml", "search/index.js"] {
        assert!(
            fa.iter().any(|(path, _)| path == name),
            "{name} was not written"
        );
    }
    assert_eq!(fa, fb);
}

#[test]
fn as_of_changes_what_is_overdue() {
    let dir = copy_fixture();
    let out = dir.path().join("out");
    let (code, stderr) = opsbook(&[
        "build",
        "--root",
        dir.path().to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--as-of",
        "2025-04-05",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let actions = fs::read_to_string(out.join("actions/index.html")).unwrap();
    // On 5 April nothing was due yet, and AI-2025-002 (raised in the week of 7 April) did not exist.
    assert!(actions.contains("0 overdue, 2 open, 0 closed"), "{actions}");
    assert!(!actions.contains("AI-2025-002"));
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let dir = copy_fixture();
    assert_eq!(build(dir.path()).0, 0);
    let before = files(&dir.path().join("public"));
    edit(
        dir.path(),
        "teams/payments.md",
        "name: Payments",
        "nme: Payments",
    );
    let (code, _) = build(dir.path());
    assert_eq!(code, 1);
    assert_eq!(files(&dir.path().join("public")), before);
}

#[test]
fn all_problems_of_a_run_are_reported_together_with_file_line_and_column() {
    let dir = copy_fixture();
    let root = dir.path();
    // One of each kind of problem.
    edit(
        root,
        "reviews/2025/2025-W14.md",
        "    health: 2\n",
        "    helth: 2\n",
    );
    edit(
        root,
        "reviews/2025/2025-W15.md",
        "week: 2025-W15",
        "week: 2025-W16",
    );
    edit(
        root,
        "incidents/2025/INC-2025-001.md",
        "id: INC-2025-001",
        "id: INC-2025-009",
    );
    edit(
        root,
        "incidents/2025/INC-2025-001.md",
        "detected: 2025-04-01T02:52:00Z",
        "detected: 2025-04-31T02:52:00Z",
    );
    edit(root, "services/search-api.md", "tier: 2", "tier: two");
    edit(
        root,
        "services/ledger-api.md",
        "team: payments",
        "team: paymnts",
    );
    edit(
        root,
        "runbooks/ledger-latency.md",
        "services: [ledger-api]",
        "services: [ledger]",
    );
    edit(
        root,
        "slos/ledger.yaml",
        "service: search-api",
        "service: serch-api",
    );
    edit(
        root,
        "pages/how-we-run-the-review.md",
        "weight: 1",
        "weight: 1\nid: AI-2025-001",
    );
    let stderr = failing(root);
    let expected = [
        "content/reviews/2025/2025-W14.md:7:5: error: teams.payments: unknown field `helth` (expected one of `oncall`, `health`",
        "content/reviews/2025/2025-W15.md:2:7: error: week `2025-W16` disagrees with the file name `2025-W15.md` (expected week: 2025-W15)",
        "content/incidents/2025/INC-2025-001.md:7:11: error: detected: parsed date is not valid: parameter 'day' for `2025-04` is invalid, must be in range `1..=30`",
        // The same file's other problem is reported in the same run.
        "content/incidents/2025/INC-2025-001.md:2:5: error: id `INC-2025-009` disagrees with the file name",
        "content/services/search-api.md:4:7: error: tier: invalid type: string \"two\" (expected a whole number from 0 to 255)",
        "content/services/ledger-api.md:3:7: error: unknown team `paymnts` (expected one of: payments, search; a team is content/teams/<id>.md)",
        "content/runbooks/ledger-latency.md:4:12: error: unknown service `ledger` (expected one of: ledger-api;",
        "content/slos/ledger.yaml:22:12: error: unknown service `serch-api`",
        "content/pages/how-we-run-the-review.md:4:1: error: unknown field `id` (expected one of `title`, `description`, `weight`, `aliases`, `tags`)",
    ];
    for e in expected {
        assert!(stderr.contains(e), "missing\n  {e}\nin\n{stderr}");
    }
    assert!(stderr.contains("build failed: 9 errors"), "{stderr}");
}

#[test]
fn an_incident_id_must_match_its_file() {
    let dir = copy_fixture();
    edit(
        dir.path(),
        "incidents/2025/INC-2025-001.md",
        "id: INC-2025-001",
        "id: INC-2025-009",
    );
    let stderr = failing(dir.path());
    assert!(stderr.contains("content/incidents/2025/INC-2025-001.md:2:5: error: id `INC-2025-009` disagrees with the file name `INC-2025-001.md`"), "{stderr}");
}

#[test]
fn references_to_missing_records_are_placed_at_the_reference() {
    let dir = copy_fixture();
    let root = dir.path();
    edit(
        root,
        "reviews/2025/2025-W14.md",
        "incidents: [INC-2025-001]",
        "incidents: [INC-2025-002]",
    );
    edit(
        root,
        "reviews/2025/2025-W14.md",
        "  search:\n",
        "  serch:\n",
    );
    edit(
        root,
        "reviews/2025/2025-W14.md",
        "      ledger-availability: 99.82",
        "      ledger-availabilty: 99.82",
    );
    edit(
        root,
        "reviews/2025/2025-W14.md",
        "owner: bob",
        "owner: bobby",
    );
    edit(
        root,
        "reviews/2025/2025-W14.md",
        "refs: [alert:LedgerHighLatency",
        "refs: [alert:LedgerHighLatenc",
    );
    edit(
        root,
        "incidents/2025/INC-2025-001.md",
        "tags: [config]",
        "related: [INC-2024-099]\ntags: [config]",
    );
    edit(
        root,
        "services/ledger-api.md",
        "runbooks: [ledger-latency]",
        "runbooks: [ledger-latncy]",
    );
    let stderr = failing(root);
    let expected = [
        "content/reviews/2025/2025-W14.md:24:3: error: unknown team `serch`",
        "content/reviews/2025/2025-W14.md:10:7: error: unknown SLO `ledger-availabilty`",
        "content/reviews/2025/2025-W14.md:36:13: error: unknown incident `INC-2025-002`",
        "content/reviews/2025/2025-W14.md:42:12: error: unknown person `bobby` (expected a member of a team, or an entry of people: in site.yaml)",
        "content/reviews/2025/2025-W14.md:45:12: error: `alert:LedgerHighLatenc` refers to no record (expected an alert that paged in some review or that a runbook answers)",
        "content/incidents/2025/INC-2025-001.md:20:11: error: unknown incident `INC-2024-099`",
        "content/services/ledger-api.md:9:12: error: unknown runbook `ledger-latncy`",
    ];
    for e in expected {
        assert!(stderr.contains(e), "missing\n  {e}\nin\n{stderr}");
    }
}

#[test]
fn two_records_with_one_id_are_refused() {
    let dir = copy_fixture();
    let root = dir.path();
    edit(
        root,
        "reviews/2025/2025-W15.md",
        "id: AI-2025-002",
        "id: AI-2025-001",
    );
    fs::copy(
        root.join("content/incidents/2025/INC-2025-001.md"),
        root.join("content/incidents/2025/INC-2025-002.md"),
    )
    .unwrap();
    edit(
        root,
        "incidents/2025/INC-2025-002.md",
        "id: AI-2025-003",
        "id: AI-2025-004",
    );
    let stderr = failing(root);
    assert!(stderr.contains("content/reviews/2025/2025-W15.md:9:9: error: action item AI-2025-001 is defined twice (first in content/reviews/2025/2025-W14.md:40"), "{stderr}");
    assert!(stderr.contains("content/incidents/2025/INC-2025-002.md:2:5: error: id `INC-2025-001` disagrees with the file name"), "{stderr}");
    assert!(stderr.contains("content/incidents/2025/INC-2025-002.md:2:5: error: incident INC-2025-001 is defined twice (first in content/incidents/2025/INC-2025-001.md:2"), "{stderr}");
}

#[test]
fn malformed_yaml_and_missing_front_matter_are_placed() {
    let dir = copy_fixture();
    let root = dir.path();
    edit(root, "teams/search.md", "members: [li]", "members: [li");
    fs::write(
        root.join("content/runbooks/empty.md"),
        "Just text, no front matter.\n",
    )
    .unwrap();
    let stderr = failing(root);
    // The parser notices the unclosed list where the front matter ends.
    assert!(stderr.contains("content/teams/search.md:5:1: error: invalid YAML: while parsing a flow sequence, expected ',' or ']'\n"), "{stderr}");
    assert!(stderr.contains("content/runbooks/empty.md:1:1: error: missing front matter (expected the file to start with a `---` line"), "{stderr}");
}

#[test]
fn every_openslo_v1_example_loads() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/openslo");
    let examples = [
        (
            "OpenSLO/examples/budgeting-method/occurences-slo.yaml",
            "search-slo",
        ),
        (
            "OpenSLO/examples/budgeting-method/ratio-timeslices.yaml",
            "main-page",
        ),
        (
            "OpenSLO/examples/budgeting-method/timeslices-slo.yaml",
            "service-availability",
        ),
        (
            "OpenSLO/examples/treat-low-traffic-as-equally-important/timeslices-slo.yaml",
            "service-availability",
        ),
        ("oslo/v1.yaml", "web-availability"),
    ];
    for (file, slo) in examples {
        // Each in an archive of its own: two of the examples share an SLO name.
        let dir = copy_fixture();
        fs::copy(
            data.join(file),
            dir.path().join("content/slos/example.yaml"),
        )
        .unwrap();
        for service in ["web", "web-shop", "web-availability"] {
            fs::write(
                dir.path().join(format!("content/services/{service}.md")),
                "---\nname: Web\nteam: search\n---\n",
            )
            .unwrap();
        }
        let (code, stderr) = build(dir.path());
        assert_eq!(code, 0, "{file}: {stderr}");
        let page =
            fs::read_to_string(dir.path().join(format!("public/slos/{slo}/index.html"))).unwrap();
        assert!(page.contains("Budgeting method"), "{file}");
    }
}

#[test]
fn other_openslo_versions_are_refused_at_their_api_version() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/openslo/oslo");
    let dir = copy_fixture();
    for f in ["v1alpha.yaml", "v2alpha.yaml"] {
        fs::copy(data.join(f), dir.path().join("content/slos").join(f)).unwrap();
    }
    let stderr = failing(dir.path());
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(": error: ")).collect();
    assert!(
        errors.iter().all(|l| l.contains("unsupported apiVersion")),
        "{stderr}"
    );
    // v1alpha.yaml: a list of two documents, then two single documents.
    for line in [1, 8, 13, 40] {
        let e = format!("content/slos/v1alpha.yaml:{line}:");
        assert!(stderr.contains(&e), "missing {e} in {stderr}");
    }
    assert!(stderr.contains("content/slos/v1alpha.yaml:1:15: error: unsupported apiVersion `openslo/v1alpha` (expected apiVersion: openslo/v1)"), "{stderr}");
    assert!(
        stderr.contains(
            "content/slos/v2alpha.yaml:1:15: error: unsupported apiVersion `openslo.com/v2alpha`"
        ),
        "{stderr}"
    );
}

#[test]
fn a_theme_folder_overrides_the_built_in_theme_file_by_file() {
    let dir = copy_fixture();
    let root = dir.path();
    fs::create_dir_all(root.join("themes/ours/templates")).unwrap();
    fs::create_dir_all(root.join("themes/ours/static/assets")).unwrap();
    fs::write(
        root.join("themes/ours/templates/page.html"),
        "{% extends \"base.html\" %}{% block content %}<h1>Ours: {{ title }}</h1>{% endblock content %}",
    )
    .unwrap();
    fs::write(
        root.join("themes/ours/static/assets/style.css"),
        "body { color: teal; }",
    )
    .unwrap();
    fs::write(
        root.join("content/site.yaml"),
        fs::read_to_string(root.join("content/site.yaml")).unwrap() + "theme: ours\n",
    )
    .unwrap();
    let (code, stderr) = build(root);
    assert_eq!(code, 0, "{stderr}");
    let public = root.join("public");
    let page = fs::read_to_string(public.join("pages/how-we-run-the-review/index.html")).unwrap();
    assert!(
        page.contains("<h1>Ours: How we run the weekly review</h1>"),
        "the theme's template is used"
    );
    assert!(
        page.contains(r#"<nav aria-label="Site">"#),
        "the built-in base.html it extends still applies"
    );
    assert_eq!(
        fs::read_to_string(public.join("assets/style.css")).unwrap(),
        "body { color: teal; }"
    );
    let review = fs::read_to_string(public.join("reviews/2025-W14/index.html")).unwrap();
    assert!(
        review.contains("1. Team metrics and deviations"),
        "templates it does not override are built in"
    );

    // A theme that does not exist is a content error at its line in site.yaml.
    edit(root, "site.yaml", "theme: ours", "theme: theirs");
    fs::remove_dir_all(root.join("public")).unwrap();
    let stderr = failing(root);
    assert!(stderr.contains("content/site.yaml:9:8: error: theme `theirs` not found (expected a folder themes/theirs/ beside content/)"), "{stderr}");
}

#[test]
fn text_from_yaml_is_escaped_and_markdown_html_is_sanitised() {
    let dir = copy_fixture();
    let root = dir.path();
    edit(
        root,
        "teams/payments.md",
        "name: Payments",
        "name: \"<script>alert(1)</script> Payments\"",
    );
    edit(
        root,
        "teams/payments.md",
        "The payments team's page.",
        "<img src=x onerror=alert(1)> <a href=\"https://example.com/\" onclick=\"x()\">x</a>",
    );
    // (A `javascript:` address is an error of its own: tests/hostile.rs.)
    let (code, stderr) = build(root);
    assert_eq!(code, 0, "{stderr}");
    let page = fs::read_to_string(root.join("public/teams/payments/index.html")).unwrap();
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt; Payments"),
        "{page}"
    );
    assert!(!page.contains("<script>"));
    assert!(
        !page.contains("onerror") && !page.contains("onclick"),
        "{page}"
    );
    assert!(page.contains(r#"<a href="https://example.com/""#), "{page}");
}

#[test]
fn a_wiki_link_to_nothing_fails_the_build_at_its_line_and_column() {
    let dir = copy_fixture();
    let root = dir.path();
    // In a block of notes, in a one-line field, in a body; one in a code span is not a link.
    edit(
        root,
        "reviews/2025/2025-W14.md",
        "Latency alerts again;",
        "Latency alerts again ([[team:nobody]]);",
    );
    edit(
        root,
        "incidents/2025/INC-2025-001.md",
        "impact: 12% of",
        "impact: Through [[service:nothing]], 12% of",
    );
    edit(
        root,
        "teams/payments.md",
        "See [[service:ledger-api]].",
        "See [[service:ledger-api]], not `[[team:code]]`, but [[runbok:x|the runbook]].",
    );
    let (code, stderr) = build(root);
    assert_eq!(code, 1, "{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("wiki link")).collect();
    assert_eq!(errors.len(), 3, "{stderr}");
    assert!(errors[0].starts_with("content/incidents/2025/INC-2025-001.md:15:17: error: wiki link [[service:nothing]] names no record: there is no service `nothing`"), "{stderr}");
    assert!(errors[1].starts_with("content/reviews/2025/2025-W14.md:23:29: error: wiki link [[team:nobody]] names no record"), "{stderr}");
    assert!(errors[2].starts_with("content/teams/payments.md:9:80: error: wiki link [[runbok:x]] names no record: unknown kind `runbok`"), "{stderr}");
    assert!(!root.join("public").exists(), "nothing was written");

    // Demoted to warnings by the flag, or by the site setting: the build succeeds.
    let output = root.join("public");
    let (code, stderr) = opsbook(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
        "--warn-broken-links",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stderr
            .lines()
            .filter(|l| l.contains(": warning: wiki link"))
            .count(),
        3,
        "{stderr}"
    );
    let page = fs::read_to_string(output.join("teams/payments/index.html")).unwrap();
    assert!(
        page.contains(r#"<span class="broken-link">the runbook</span>"#),
        "{page}"
    );
    edit(
        root,
        "site.yaml",
        "title: Small Ops Review",
        "title: Small Ops Review\nbroken_links: warn",
    );
    let (code, stderr) = build(root);
    assert_eq!(code, 0, "{stderr}");
}

/// The `href` of every `<a … download>` in a page.
fn downloads(html: &str) -> Vec<String> {
    html.split("<a href=\"")
        .skip(1)
        .filter_map(|rest| {
            let (href, tail) = rest.split_once('"')?;
            tail.trim_start()
                .starts_with("download")
                .then(|| href.to_string())
        })
        .collect()
}

#[test]
fn trend_pages_embed_accessible_charts_with_their_figures_as_table_and_csv() {
    let dir = copy_fixture();
    let (code, stderr) = build(dir.path());
    assert_eq!(code, 0, "{stderr}");
    let public = dir.path().join("public");
    let mut charts = 0;
    for page in [
        "oncall/",
        "trends/",
        "alerts/",
        "alerts/ledgerhighlatency/",
        "teams/payments/",
        "slos/search-latency/",
        "actions/",
        "incidents/",
    ] {
        let html = fs::read_to_string(public.join(page).join("index.html")).unwrap();
        let figures: Vec<&str> = html.split("<figure class=\"chart\"").skip(1).collect();
        assert!(!figures.is_empty(), "{page} has no chart");
        for figure in &figures {
            let figure = &figure[..figure.find("</figure>").unwrap()];
            let id = figure.split('"').nth(1).unwrap();
            // An image, or a group when its marks link to their weeks (the links stay reachable).
            let links = figure.contains("\" class=\"mark\"><title>");
            let role = if links {
                "role=\"group\""
            } else {
                "role=\"img\""
            };
            assert!(figure.contains(role), "{page}#{id}: {role}");
            assert!(
                figure.contains(&format!("<title id=\"{id}-title\">")),
                "{page}#{id} lacks its <title>"
            );
            assert!(
                figure.contains(&format!("<desc id=\"{id}-desc\">")),
                "{page}#{id} lacks its <desc>"
            );
            assert!(
                figure.contains("<details>") && figure.contains("<table>"),
                "{page}#{id} lacks its table"
            );
            // The CSV beside the page holds the same header as the table.
            let csv_name = downloads(figure).pop().unwrap();
            assert_eq!(csv_name, format!("{id}.csv"));
            let csv = fs::read_to_string(public.join(page).join(&csv_name)).unwrap();
            let head: Vec<String> = figure
                .split("<thead><tr>")
                .nth(1)
                .unwrap()
                .split("</tr>")
                .next()
                .unwrap()
                .split("<th scope=\"col\">")
                .skip(1)
                .map(|h| h.trim_end_matches("</th>").replace("&amp;", "&"))
                .collect();
            let mut reader = csv::Reader::from_reader(csv.as_bytes());
            let csv_head: Vec<String> =
                reader.headers().unwrap().iter().map(String::from).collect();
            assert_eq!(head, csv_head, "{page}{csv_name}");
            // And the same rows, cell for cell.
            let body = figure
                .split("<tbody>")
                .nth(1)
                .unwrap()
                .split("</tbody>")
                .next()
                .unwrap();
            let rows: Vec<Vec<String>> = body
                .split("<tr>")
                .skip(1)
                .map(|row| {
                    let row = row.split("</tr>").next().unwrap();
                    let mut cells: Vec<String> = row
                        .split("</t")
                        .map(|cell| cell.rsplit('>').next().unwrap().replace("&amp;", "&"))
                        .collect();
                    cells.pop(); // what follows the last cell
                    cells
                })
                .collect();
            let csv_rows: Vec<Vec<String>> = reader
                .records()
                .map(|r| r.unwrap().iter().map(String::from).collect())
                .collect();
            assert!(!rows.is_empty(), "{page}{csv_name} has no rows");
            assert_eq!(rows, csv_rows, "{page}{csv_name}");
            charts += 1;
        }
    }
    assert!(charts >= 15, "{charts} charts");

    // The alert page: its runbook, its follow-up, and the wiki link to it now resolves.
    let alert = fs::read_to_string(public.join("alerts/ledgerhighlatency/index.html")).unwrap();
    assert!(
        alert.contains(r#"href="../../runbooks/ledger-latency/""#),
        "{alert}"
    );
    assert!(
        alert.contains(r#"href="../../actions/#AI-2025-001""#),
        "{alert}"
    );
    assert!(
        alert.contains("3 in 2 weeks"),
        "two pages in W14, one from the CSV in W15"
    );
    let week = fs::read_to_string(public.join("reviews/2025-W14/index.html")).unwrap();
    assert!(week.contains(r#"href="../../alerts/ledgerhighlatency/""#));
    // W14 opens with what is unusual: the health score of 2 makes payments' week heavy.
    let unusual = week
        .split("id=\"unusual\"")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    assert!(
        unusual.contains("heavy on-call week — health 2 of 5"),
        "{unusual}"
    );
    assert!(unusual.contains("New alert"), "{unusual}");
    let slos = fs::read_to_string(public.join("slos/index.html")).unwrap();
    assert!(
        slos.contains("missed, 99.82 %"),
        "the grid shows W14's miss of ledger-availability"
    );
}

/// The "Linked from" section of a built page: (group, [link texts]).
fn backlinks(page: &str) -> Vec<(String, Vec<String>)> {
    let Some(section) = page.split("<section aria-labelledby=\"backlinks\"").nth(1) else {
        return vec![];
    };
    let section = section.split("</section>").next().unwrap();
    section
        .split("<h3 ")
        .skip(1)
        .map(|group| {
            let kind = group
                .split('>')
                .nth(1)
                .unwrap()
                .split(" <small")
                .next()
                .unwrap()
                .to_string();
            let links = group
                .split("<li>")
                .skip(1)
                .map(|li| {
                    li.split('>')
                        .nth(1)
                        .unwrap()
                        .split('<')
                        .next()
                        .unwrap()
                        .to_string()
                })
                .collect();
            (kind, links)
        })
        .collect()
}

#[test]
fn every_record_lists_what_links_to_it_by_kind_newest_first() {
    let dir = copy_fixture();
    let root = dir.path();
    // A second week that discusses the incident in its body.
    edit(
        root,
        "reviews/2025/2025-W15.md",
        "Quiet week.",
        "Quiet week; [[INC-2025-001|the ledger incident]] is closed.",
    );
    let (code, stderr) = build(root);
    assert_eq!(code, 0, "{stderr}");
    let public = root.join("public");
    let read = |page: &str| fs::read_to_string(public.join(page).join("index.html")).unwrap();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    // Reviewed in W14 (front matter and notes), linked from W15's body and from its own action
    // item; newest week first.
    assert_eq!(
        backlinks(&read("incidents/INC-2025-001/")),
        [(
            "Weekly reviews".to_string(),
            s(&["Week 2025-W15", "Week 2025-W14"])
        )]
    );
    // The alert: W14's action item refers to it, the runbook answers it.
    assert_eq!(
        backlinks(&read("alerts/ledgerhighlatency/")),
        [
            ("Weekly reviews".to_string(), s(&["Week 2025-W14"])),
            ("Runbooks".to_string(), s(&["Ledger latency"]))
        ]
    );
    // The team: its incident, both weeks with a payments section, and its service.
    assert_eq!(
        backlinks(&read("teams/payments/")),
        [
            (
                "Incidents".to_string(),
                s(&["INC-2025-001: Ledger writes failing after config push"])
            ),
            (
                "Weekly reviews".to_string(),
                s(&["Week 2025-W15", "Week 2025-W14"])
            ),
            ("Services".to_string(), s(&["Ledger API"])),
        ]
    );
    // The service: its incident, the W14 action item's ref, its team's page body, its SLO, its
    // runbook.
    assert_eq!(
        backlinks(&read("services/ledger-api/")),
        [
            (
                "Incidents".to_string(),
                s(&["INC-2025-001: Ledger writes failing after config push"])
            ),
            ("Weekly reviews".to_string(), s(&["Week 2025-W14"])),
            ("Teams".to_string(), s(&["Payments"])),
            ("SLOs".to_string(), s(&["Ledger availability"])),
            ("Runbooks".to_string(), s(&["Ledger latency"])),
        ]
    );
    // A page linking to itself does not list itself.
    assert_eq!(backlinks(&read("pages/how-we-run-the-review/")), []);
    assert_eq!(
        backlinks(&read("reviews/2025-W14/")),
        [("Pages".to_string(), s(&["How we run the weekly review"]))]
    );
}

#[test]
fn with_a_base_url_a_page_names_its_own_canonical_address_and_a_redirect_its_target() {
    let dir = copy_fixture();
    let root = dir.path();
    let site = fs::read_to_string(root.join("content/site.yaml")).unwrap();
    fs::write(
        root.join("content/site.yaml"),
        format!("base_url: https://ops.example.com/review/\n{site}"),
    )
    .unwrap();
    let (code, stderr) = build(root);
    assert_eq!(code, 0, "{stderr}");
    let public = root.join("public");
    let canonical = |page: &str| {
        let html = fs::read_to_string(public.join(page).join("index.html")).unwrap();
        let links: Vec<String> = html
            .split("<link rel=\"canonical\" href=\"")
            .skip(1)
            .map(|rest| rest[..rest.find('"').unwrap()].to_string())
            .collect();
        links
    };
    let incident = "https://ops.example.com/review/incidents/INC-2025-001/";
    assert_eq!(canonical("incidents/INC-2025-001/"), [incident]);
    assert_eq!(
        canonical("i/INC-2025-001/"),
        [incident],
        "the short address names its target"
    );
    assert_eq!(
        canonical("trends/"),
        ["https://ops.example.com/review/trends/"]
    );
    assert_eq!(canonical(""), ["https://ops.example.com/review/"]);
    // The incident's page shows both its addresses, in full.
    let html = fs::read_to_string(public.join("incidents/INC-2025-001/index.html")).unwrap();
    assert!(html.contains(">https://ops.example.com/review/i/INC-2025-001/</a>"));
    let not_found = fs::read_to_string(public.join("404.html")).unwrap();
    assert!(
        !not_found.contains("rel=\"canonical\""),
        "the 404 page is at any address"
    );
}

#[test]
fn aliases_and_short_addresses_redirect_to_the_permanent_address() {
    let dir = copy_fixture();
    let root = dir.path();
    edit(
        root,
        "incidents/2025/INC-2025-001.md",
        "tags: [config]",
        "tags: [config]\naliases: [/postmortems/ledger-2025/, old/inc-1]",
    );
    let (code, stderr) = build(root);
    assert_eq!(code, 0, "{stderr}");
    let public = root.join("public");
    for (from, to) in [
        ("i/INC-2025-001/", "../../incidents/INC-2025-001/"),
        ("postmortems/ledger-2025/", "../../incidents/INC-2025-001/"),
        ("old/inc-1/", "../../incidents/INC-2025-001/"),
    ] {
        let page = fs::read_to_string(public.join(from).join("index.html")).unwrap();
        assert!(
            page.contains(&format!(
                r#"<meta http-equiv="refresh" content="0; url={to}">"#
            )),
            "{from}: {page}"
        );
        assert!(
            page.contains(&format!(r#"<a href="{to}">"#)),
            "{from} has a link to follow"
        );
        // The target exists.
        assert!(
            public.join(from).join(to).join("index.html").is_file(),
            "{from} → {to}"
        );
    }
    // An alias that takes another record's address, or leaves the site, is refused at its line.
    edit(
        root,
        "incidents/2025/INC-2025-001.md",
        "old/inc-1]",
        "teams/payments, ../up]",
    );
    let (code, stderr) = build(root);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("content/incidents/2025/INC-2025-001.md:21:38: error: alias `teams/payments` is already the address of Payments"), "{stderr}");
    assert!(
        stderr.contains(
            "content/incidents/2025/INC-2025-001.md:21:54: error: alias `../up` is not an address"
        ),
        "{stderr}"
    );
    // Nor one that would replace a file of the site: the feed, or a review's image.
    edit(
        root,
        "incidents/2025/INC-2025-001.md",
        "teams/payments, ../up]",
        "feed.xml, reviews/2025-W14/latency.svg]",
    );
    let (code, stderr) = build(root);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error: alias `feed.xml` would replace the file feed.xml of the site"),
        "{stderr}"
    );
    assert!(stderr.contains("error: alias `reviews/2025-W14/latency.svg` would replace the file reviews/2025-W14/latency.svg"), "{stderr}");
}

fn append(texts: &mut Vec<(String, String)>, path: String, text: &str) {
    match texts.last_mut() {
        Some((p, t)) if *p == path => t.push_str(text),
        _ => texts.push((path, text.to_string())),
    }
}

#[test]
fn the_atom_feed_is_well_formed_atom_with_the_newest_records_first() {
    use quick_xml::events::Event;
    let dir = copy_fixture();
    let root = dir.path();
    edit(
        root,
        "site.yaml",
        "title: Small Ops Review",
        "title: Small Ops Review & Co\nbase_url: https://ops.example.com/review/",
    );
    let (code, stderr) = build(root);
    assert_eq!(code, 0, "{stderr}");
    let feed = fs::read_to_string(root.join("public/feed.xml")).unwrap();
    let mut reader = quick_xml::Reader::from_str(&feed);
    let mut path: Vec<String> = vec![];
    let mut texts: Vec<(String, String)> = vec![];
    let mut root_ns = None;
    loop {
        match reader.read_event().expect("feed.xml is well-formed XML") {
            Event::Start(e) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                if path.is_empty() {
                    root_ns = e
                        .try_get_attribute("xmlns")
                        .unwrap()
                        .map(|a| a.unescape_value().unwrap().to_string());
                }
                path.push(name);
            }
            Event::Empty(e) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                if name == "link" && path.last().map(String::as_str) == Some("entry") {
                    let href = e
                        .try_get_attribute("href")
                        .unwrap()
                        .unwrap()
                        .unescape_value()
                        .unwrap()
                        .to_string();
                    texts.push((format!("{}/link", path.join("/")), href));
                }
            }
            // Text arrives in pieces around entity references (`&amp;`): join them.
            Event::Text(t) => append(&mut texts, path.join("/"), &t.decode().unwrap()),
            Event::GeneralRef(e) => {
                let name = String::from_utf8(e.to_vec()).unwrap();
                let text = quick_xml::escape::resolve_predefined_entity(&name)
                    .expect("a predefined entity");
                append(&mut texts, path.join("/"), text);
            }
            Event::End(_) => {
                path.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(root_ns.as_deref(), Some("http://www.w3.org/2005/Atom"));
    let get = |p: &str| {
        texts
            .iter()
            .filter(|(k, _)| k == p)
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(get("feed/title"), ["Small Ops Review & Co"]);
    assert_eq!(get("feed/id"), ["https://ops.example.com/review/"]);
    // Every entry has an id, a title, an updated time in RFC 3339 and a link; newest first.
    let updated = get("feed/entry/updated");
    assert_eq!(updated.len(), 3, "two weeks and one incident: {feed}");
    assert_eq!(get("feed/entry/id").len(), 3);
    assert_eq!(get("feed/entry/title").len(), 3);
    for u in &updated {
        u.parse::<jiff::Timestamp>()
            .unwrap_or_else(|e| panic!("{u}: {e}"));
    }
    let mut sorted = updated.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(updated, sorted);
    assert_eq!(get("feed/updated"), [updated[0]]);
    assert_eq!(
        get("feed/entry/link")[0],
        "https://ops.example.com/review/reviews/2025-W15/"
    );
    // sitemap.xml lists the pages with absolute addresses.
    let sitemap = fs::read_to_string(root.join("public/sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://ops.example.com/review/incidents/INC-2025-001/</loc>"));
    assert!(
        !sitemap.contains("/i/INC-2025-001/"),
        "redirects are not listed"
    );
}

#[test]
fn a_tag_needs_a_letter_or_digit() {
    let dir = copy_fixture();
    let root = dir.path();
    edit(
        root,
        "incidents/2025/INC-2025-001.md",
        "tags: [config]",
        "tags: [config, \"++\"]",
    );
    let (code, stderr) = build(root);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "content/incidents/2025/INC-2025-001.md:20:16: error: tag `++` has no letter or digit"
        ),
        "{stderr}"
    );
}
