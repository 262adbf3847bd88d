//! Hostile input, end to end (issue 10): addresses that could run script in every URL field and
//! every kind of Markdown text, theme names and symbolic links that lead out of the site root,
//! output paths that reach into content/, builds killed half-way, and `new` through a link.
//! Each is refused with its place and what was expected, and nothing is written.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::copy_fixture;

/// No run of the binary may take longer than this, whatever the input (a loop must not hang).
const LIMIT: Duration = Duration::from_secs(120);

/// Runs the binary in `cwd`, killing it after [`LIMIT`]; returns (exit code, stderr).
fn opsbook_in(cwd: &Path, args: &[&str]) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_opsbook"))
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut pipe, &mut text).unwrap();
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            panic!("opsbook {args:?} did not finish within {LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    (status.code().unwrap_or(-1), reader.join().unwrap())
}

fn build(root: &Path) -> (i32, String) {
    opsbook_in(root, &["build", "--root", ".", "--output", "public"])
}

/// Builds, asserting that the build failed with exit code 1 and wrote nothing; returns the
/// error lines.
fn errors(root: &Path) -> Vec<String> {
    let (code, stderr) = build(root);
    assert_eq!(code, 1, "expected content errors:\n{stderr}");
    assert!(
        !root.join("public").exists(),
        "a failed build must not write output"
    );
    stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .map(str::to_string)
        .collect()
}

fn read(root: &Path, file: &str) -> String {
    fs::read_to_string(root.join("content").join(file)).unwrap()
}

/// Replaces `from` by `to` in a file of the archive (the edit must apply).
fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let text = read(root, file);
    assert!(text.contains(from), "{file} does not contain {from:?}");
    fs::write(root.join("content").join(file), text.replacen(from, to, 1)).unwrap();
}

/// The line and column (1-based, in characters) of every occurrence of `needle` in `text`.
fn positions(text: &str, needle: &str) -> Vec<(usize, usize)> {
    text.match_indices(needle)
        .map(|(at, _)| {
            let before = &text[..at];
            let line = before.matches('\n').count() + 1;
            let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
                .chars()
                .count()
                + 1;
            (line, column)
        })
        .collect()
}

const ACCEPTED: &str = "expected http:, https:, mailto: or a relative address";

/// The forms a script address takes in front matter (as a YAML double-quoted scalar), as the
/// message shows it, and its scheme.
const YAML_FORMS: &[(&str, &str, &str)] = &[
    (
        r#""javascript:alert(1)""#,
        "javascript:alert(1)",
        "javascript",
    ),
    (
        r#""JaVaScRiPt:alert(1)""#,
        "JaVaScRiPt:alert(1)",
        "javascript",
    ),
    (
        r#""java\tscript:alert(1)""#,
        r"java\tscript:alert(1)",
        "javascript",
    ),
    (
        r#""java\nscript:alert(1)""#,
        r"java\nscript:alert(1)",
        "javascript",
    ),
    (
        r#""java\r\nscript:alert(1)""#,
        r"java\r\nscript:alert(1)",
        "javascript",
    ),
    (
        r#""  javascript:alert(1)""#,
        "  javascript:alert(1)",
        "javascript",
    ),
    (
        r#""\x01\x1f javascript:alert(1)""#,
        r"\u{1}\u{1f} javascript:alert(1)",
        "javascript",
    ),
    (r#""vbscript:msgbox(1)""#, "vbscript:msgbox(1)", "vbscript"),
    (
        r#""data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==""#,
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "data",
    ),
    (r#""file:///etc/passwd""#, "file:///etc/passwd", "file"),
    (
        r#""opsbook-nonsense:x""#,
        "opsbook-nonsense:x",
        "opsbook-nonsense",
    ),
];

#[test]
fn script_addresses_in_front_matter_fields_are_errors_at_their_value() {
    for &(yaml, shown, scheme) in YAML_FORMS {
        let dir = copy_fixture();
        let root = dir.path();
        let incident = "incidents/2025/INC-2025-001.md";
        let service = "services/ledger-api.md";
        edit(
            root,
            incident,
            "postmortem: https://docs.example.com/postmortems/INC-2025-001",
            &format!("postmortem: {yaml}"),
        );
        edit(
            root,
            service,
            "  - https://grafana.example.com/d/ledger\n",
            &format!("  - {yaml}\n"),
        );
        edit(
            root,
            service,
            "url: https://grafana.example.com/d/ledger-latency",
            &format!("url: {yaml}"),
        );
        let why = format!("scheme `{scheme}:` is not allowed ({ACCEPTED})");
        let at = |file: &str, nth: usize| positions(&read(root, file), yaml)[nth];
        let line = |file: &str, (l, c): (usize, usize), field: &str| {
            format!("content/{file}:{l}:{c}: error: {field} `{shown}`: {why}")
        };
        assert_eq!(
            errors(root),
            [
                line(incident, at(incident, 0), "postmortem"),
                line(service, at(service, 0), "dashboard"),
                line(service, at(service, 1), "dashboard"),
            ],
            "form {yaml}"
        );
    }
}

#[test]
fn base_url_is_an_absolute_web_address() {
    let expected =
        "expected an absolute http: or https: address, like https://ops.example.com/review/";
    let mut cases: Vec<(String, String)> = YAML_FORMS
        .iter()
        .map(|&(yaml, shown, scheme)| {
            // Written plainly, the scheme is the problem; with a space or control character,
            // that comes first.
            let why = if !shown.contains('\\') && !shown.starts_with(' ') {
                format!("scheme `{scheme}:` is not allowed ({expected})")
            } else {
                format!("spaces and control characters are not allowed ({expected})")
            };
            (yaml.to_string(), format!("`{shown}`: {why}"))
        })
        .collect();
    for (yaml, why) in [
        ("mailto:ops@example.com", "scheme `mailto:` is not allowed"),
        ("/review/", "it is not an absolute address"),
        ("//ops.example.com/", "it is not an absolute address"),
        ("https:///review/", "it names no host"),
    ] {
        cases.push((yaml.into(), format!("`{yaml}`: {why} ({expected})")));
    }
    for (yaml, message) in cases {
        let dir = copy_fixture();
        let root = dir.path();
        edit(
            root,
            "site.yaml",
            "time_zone: Europe/Berlin\n",
            &format!("time_zone: Europe/Berlin\nbase_url: {yaml}\n"),
        );
        assert_eq!(
            errors(root),
            [format!("content/site.yaml:4:11: error: base_url {message}")],
            "base_url: {yaml}"
        );
    }
    // An http or https address builds.
    let dir = copy_fixture();
    edit(
        dir.path(),
        "site.yaml",
        "time_zone: Europe/Berlin\n",
        "time_zone: Europe/Berlin\nbase_url: http://ops.example.com:8080/review/\n",
    );
    let (code, stderr) = build(dir.path());
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn a_character_reference_in_front_matter_stays_text() {
    // Front matter is not HTML: `&#106;` is escaped on the page, a relative address that runs
    // nothing, and is published as such.
    let dir = copy_fixture();
    let root = dir.path();
    edit(
        root,
        "incidents/2025/INC-2025-001.md",
        "postmortem: https://docs.example.com/postmortems/INC-2025-001",
        r#"postmortem: "&#106;avascript:alert(1)""#,
    );
    let (code, stderr) = build(root);
    assert_eq!(code, 0, "{stderr}");
    let page = fs::read_to_string(root.join("public/incidents/INC-2025-001/index.html")).unwrap();
    assert!(
        page.contains(r#"<a href="&amp;#106;avascript:alert(1)">"#),
        "{page}"
    );
}

/// Every Markdown text of the fixture, files in order and each in file order: (file, YAML path
/// or `the body`, the text to find in it, what goes in its place with `LINK` for the form).
const MARKDOWN_PLACES: &[(&str, &str, &str, &str)] = &[
    (
        "incidents/2025/INC-2025-001.md",
        "impact",
        "no data lost.",
        "no data lost. LINK",
    ),
    (
        "incidents/2025/INC-2025-001.md",
        "proximate_causes.0",
        "connection limit.",
        "connection limit. LINK",
    ),
    (
        "incidents/2025/INC-2025-001.md",
        "action_items.0.title",
        "in config pushes",
        "in config pushes LINK",
    ),
    (
        "incidents/2025/INC-2025-001.md",
        "the body",
        "removed the limit.",
        "removed the limit. LINK",
    ),
    (
        "pages/how-we-run-the-review.md",
        "the body",
        "[[2025-W14]].",
        "[[2025-W14]]. LINK",
    ),
    (
        "reviews/2025/2025-W14.md",
        "summary",
        "woke Bob twice.",
        "woke Bob twice. LINK",
    ),
    (
        "reviews/2025/2025-W14.md",
        "teams.payments.notes",
        "[[INC-2025-001]].",
        "[[INC-2025-001]]. LINK",
    ),
    (
        "reviews/2025/2025-W14.md",
        "projects.0.notes",
        "for 10 minutes.",
        "for 10 minutes. LINK",
    ),
    (
        "reviews/2025/2025-W14.md",
        "wins.0",
        "fully recovered.",
        "fully recovered. LINK",
    ),
    (
        "reviews/2025/2025-W14.md",
        "action_items.0.title",
        "p99 > 800 ms",
        "p99 > 800 ms LINK",
    ),
    (
        "reviews/2025/2025-W14.md",
        "action_items.0.notes",
        "    owner: bob\n",
        "    owner: bob\n    notes: See LINK\n",
    ),
    (
        "reviews/2025/2025-W14.md",
        "the body",
        "latency.svg)\n",
        "latency.svg)\n\nSee LINK\n",
    ),
    (
        "runbooks/ledger-latency.md",
        "the body",
        "the write pool.",
        "the write pool. LINK",
    ),
    (
        "services/ledger-api.md",
        "the body",
        "The ledger.",
        "The ledger. LINK",
    ),
    (
        "slos/ledger.yaml",
        "spec.description",
        "  service: ledger-api\n",
        "  service: ledger-api\n  description: See LINK\n",
    ),
    (
        "teams/payments.md",
        "the body",
        "[[service:ledger-api]].",
        "[[service:ledger-api]]. LINK",
    ),
];

/// The forms of a script address in Markdown: what is written, the address as written (where
/// the error points), the kind of address, the address as the message shows it, its scheme.
const MARKDOWN_FORMS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "[x](javascript:alert(1))",
        "javascript:alert(1)",
        "link",
        "javascript:alert(1)",
        "javascript",
    ),
    (
        "[x](JaVaScRiPt:alert(1))",
        "JaVaScRiPt:alert(1)",
        "link",
        "JaVaScRiPt:alert(1)",
        "javascript",
    ),
    (
        "[x](java&#9;script:alert(1))",
        "java&#9;script:alert(1)",
        "link",
        r"java\tscript:alert(1)",
        "javascript",
    ),
    (
        "[x](java&#10;script:alert(1))",
        "java&#10;script:alert(1)",
        "link",
        r"java\nscript:alert(1)",
        "javascript",
    ),
    (
        "[x](<  javascript:alert(1)>)",
        "  javascript:alert(1)",
        "link",
        "  javascript:alert(1)",
        "javascript",
    ),
    (
        "[x](&#1;javascript:alert(1))",
        "&#1;javascript:alert(1)",
        "link",
        r"\u{1}javascript:alert(1)",
        "javascript",
    ),
    (
        "[x](&#106;avascript:alert(1))",
        "&#106;avascript:alert(1)",
        "link",
        "javascript:alert(1)",
        "javascript",
    ),
    (
        "[x](javascript&colon;alert(1))",
        "javascript&colon;alert(1)",
        "link",
        "javascript:alert(1)",
        "javascript",
    ),
    (
        "[x](vbscript:msgbox(1))",
        "vbscript:msgbox(1)",
        "link",
        "vbscript:msgbox(1)",
        "vbscript",
    ),
    (
        "![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
        "data:image",
        "image",
        "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",
        "data",
    ),
    (
        "[x](file:///etc/passwd)",
        "file:///etc/passwd",
        "link",
        "file:///etc/passwd",
        "file",
    ),
    (
        "[x](opsbook-nonsense:x)",
        "opsbook-nonsense:x",
        "link",
        "opsbook-nonsense:x",
        "opsbook-nonsense",
    ),
    (
        "<javascript:alert(1)>",
        "javascript:alert(1)",
        "link",
        "javascript:alert(1)",
        "javascript",
    ),
    (
        r#"<a href="javascript:alert(1)">x</a>"#,
        "javascript:alert(1)",
        "raw HTML <a href>",
        "javascript:alert(1)",
        "javascript",
    ),
    (
        r#"<img src="data:image/png;base64,AAAA">"#,
        "data:image/png",
        "raw HTML <img src>",
        "data:image/png;base64,AAAA",
        "data",
    ),
    (
        r#"<a href='&#106;ava&#x09;script&colon;alert(1)'>x</a>"#,
        "&#106;ava&#x09;script",
        "raw HTML <a href>",
        r"java\tscript:alert(1)",
        "javascript",
    ),
];

#[test]
fn script_addresses_in_every_markdown_text_are_errors_where_they_are_written() {
    for &(form, written, kind, shown, scheme) in MARKDOWN_FORMS {
        let dir = copy_fixture();
        let root = dir.path();
        for &(file, _, from, to) in MARKDOWN_PLACES {
            edit(root, file, from, &to.replace("LINK", form));
        }
        let why = format!("scheme `{scheme}:` is not allowed ({ACCEPTED})");
        let mut expected = Vec::new();
        let mut files: Vec<&str> = MARKDOWN_PLACES.iter().map(|p| p.0).collect();
        files.dedup();
        for file in files {
            let fields = MARKDOWN_PLACES.iter().filter(|p| p.0 == file).map(|p| p.1);
            let at = positions(&read(root, file), written);
            assert_eq!(at.len(), fields.clone().count(), "{file}: {form}");
            for ((line, column), field) in at.into_iter().zip(fields) {
                expected.push(format!(
                    "content/{file}:{line}:{column}: error: {kind} `{shown}` in {field}: {why}"
                ));
            }
        }
        assert_eq!(errors(root), expected, "form {form}");
    }
}

#[test]
fn a_reference_link_is_placed_at_its_definition() {
    let dir = copy_fixture();
    let root = dir.path();
    let file = "pages/how-we-run-the-review.md";
    edit(
        root,
        file,
        "[[2025-W14]].",
        "[[2025-W14]], [the wiki][w].\n\n[w]: <JAVASCRIPT:alert(1)> \"Title\"\n[unused]: javascript:never-published()",
    );
    let (line, column) = positions(&read(root, file), "JAVASCRIPT")[0];
    assert_eq!(
        errors(root),
        [format!("content/{file}:{line}:{column}: error: link `JAVASCRIPT:alert(1)` in the body: scheme `javascript:` is not allowed ({ACCEPTED})")]
    );
}

#[test]
fn safe_addresses_build_in_every_field() {
    let dir = copy_fixture();
    let root = dir.path();
    let safe = "[a](https://example.com/a) [b](HTTP://example.com/b) [c](mailto:oncall@example.com) \
                [d](../d/) [e](//cdn.example.com/e) [f](#timeline) <https://example.com/g> <oncall@example.com> \
                <a href=\"https://example.com/h\">h</a>";
    for &(file, _, from, to) in MARKDOWN_PLACES {
        edit(root, file, from, &to.replace("LINK", safe));
    }
    edit(
        root,
        "incidents/2025/INC-2025-001.md",
        "postmortem: https://docs.example.com/postmortems/INC-2025-001",
        "postmortem: ../../pages/how-we-run-the-review/",
    );
    let (code, stderr) = build(root);
    assert_eq!(code, 0, "{stderr}");
    let page = fs::read_to_string(root.join("public/services/ledger-api/index.html")).unwrap();
    for href in [
        "https://example.com/a",
        "mailto:oncall@example.com",
        "//cdn.example.com/e",
        "https://example.com/h",
    ] {
        assert!(page.contains(&format!("href=\"{href}\"")), "{href}: {page}");
    }
}

#[test]
fn a_theme_is_a_name_not_a_path() {
    for (name, yaml, why) in [
        ("../x", "../x", "is a path"),
        ("/etc", "/etc", "is a path"),
        ("a/b", "a/b", "is a path"),
        (r"a\b", r#""a\\b""#, "is a path"),
        (".", r#"".""#, "is not a folder name"),
        ("..", r#""..""#, "is not a folder name"),
        ("", r#""""#, "is empty"),
    ] {
        let dir = copy_fixture();
        let root = dir.path();
        // Each would find a theme if it were followed as a path.
        fs::create_dir_all(root.join("x/templates")).unwrap();
        fs::create_dir_all(root.join("themes/a/b/templates")).unwrap();
        fs::write(
            root.join("content/site.yaml"),
            read(root, "site.yaml") + &format!("theme: {yaml}\n"),
        )
        .unwrap();
        let shown = name.replace('\\', r"\\");
        assert_eq!(
            errors(root),
            [format!("content/site.yaml:9:8: error: theme `{shown}` {why} (expected the name of a folder under themes/, like northwind)")],
            "theme: {yaml}"
        );
    }
}

#[cfg(unix)]
mod links {
    use super::*;
    use std::os::unix::fs::symlink;

    fn real_root(root: &Path) -> String {
        root.canonicalize().unwrap().display().to_string()
    }

    #[test]
    fn a_link_out_of_the_root_is_an_error_and_nothing_behind_it_is_read() {
        let dir = copy_fixture();
        let root = dir.path();
        let outside = tempfile::tempdir().unwrap();
        fs::write(
            outside.path().join("secret.md"),
            "---\ntitle: Secret\n---\nsecret\n",
        )
        .unwrap();
        let outside_real = outside.path().canonicalize().unwrap();
        symlink("/etc/passwd", root.join("content/pages/evil.md")).unwrap();
        symlink(outside.path(), root.join("content/pages/elsewhere")).unwrap();
        symlink(outside.path(), root.join("content/static/elsewhere")).unwrap();
        let r = real_root(root);
        assert_eq!(
            errors(root),
            [
                format!("content/pages/elsewhere: error: symbolic link leaves the site root (it points to {}; expected a file or folder inside {r})", outside_real.display()),
                format!("content/pages/evil.md: error: symbolic link leaves the site root (it points to /etc/passwd; expected a file or folder inside {r})"),
                format!("content/static/elsewhere: error: symbolic link leaves the site root (it points to {}; expected a file or folder inside {r})", outside_real.display()),
            ]
        );
        // `check` reads the same way, and says the same.
        let (code, stderr) = opsbook_in(root, &["check", "--root", "."]);
        assert_eq!(code, 1);
        assert!(
            stderr.contains("content/pages/evil.md: error: symbolic link leaves the site root"),
            "{stderr}"
        );
    }

    #[test]
    fn loops_and_links_to_nothing_are_errors_not_hangs() {
        let dir = copy_fixture();
        let root = dir.path();
        let pages = root.join("content/pages");
        symlink("b", pages.join("a")).unwrap();
        symlink("a", pages.join("b")).unwrap();
        symlink("..", pages.join("up")).unwrap();
        symlink(".", pages.join("here")).unwrap();
        symlink("gone.md", pages.join("dangling.md")).unwrap();
        let r = real_root(root);
        assert_eq!(
            errors(root),
            [
                format!("content/pages/a: error: symbolic link loop (it points to b, which leads back round; expected a link to a file or folder inside {r})"),
                format!("content/pages/b: error: symbolic link loop (it points to a, which leads back round; expected a link to a file or folder inside {r})"),
                format!("content/pages/dangling.md: error: symbolic link to nothing (it points to gone.md, which does not exist; expected a file or folder inside {r})"),
                "content/pages/here: error: symbolic link loop (it points to content/pages, a folder that holds the link; expected a link to a file or folder elsewhere)".to_string(),
                "content/pages/up: error: symbolic link loop (it points to content, a folder that holds the link; expected a link to a file or folder elsewhere)".to_string(),
            ]
        );
    }

    #[test]
    fn a_link_inside_the_root_is_followed() {
        let dir = copy_fixture();
        let root = dir.path();
        fs::create_dir_all(root.join("common/handbook")).unwrap();
        fs::write(
            root.join("common/handbook/escalation.md"),
            "---\ntitle: Escalation\n---\nCall [[team:payments]].\n",
        )
        .unwrap();
        fs::write(root.join("common/logo.txt"), "logo").unwrap();
        symlink("../../common/handbook", root.join("content/pages/handbook")).unwrap();
        symlink(
            "../../common/logo.txt",
            root.join("content/static/logo.txt"),
        )
        .unwrap();
        let (code, stderr) = build(root);
        assert_eq!(code, 0, "{stderr}");
        let page =
            fs::read_to_string(root.join("public/pages/handbook/escalation/index.html")).unwrap();
        assert!(page.contains("Escalation"), "{page}");
        assert_eq!(
            fs::read_to_string(root.join("public/logo.txt")).unwrap(),
            "logo"
        );
    }

    #[test]
    fn an_alert_log_is_not_read_through_a_link_out() {
        let dir = copy_fixture();
        let root = dir.path();
        let outside = tempfile::tempdir().unwrap();
        let csv = outside.path().join("pages.csv");
        fs::copy(
            root.join("content/reviews/2025/2025-W15/payments.csv"),
            &csv,
        )
        .unwrap();
        fs::remove_file(root.join("content/reviews/2025/2025-W15/payments.csv")).unwrap();
        symlink(
            &csv,
            root.join("content/reviews/2025/2025-W15/payments.csv"),
        )
        .unwrap();
        let r = real_root(root);
        let csv = csv.canonicalize().unwrap();
        assert_eq!(
            errors(root),
            [
                format!("content/reviews/2025/2025-W15/payments.csv: error: symbolic link leaves the site root (it points to {}; expected a file or folder inside {r})", csv.display()),
                format!("content/reviews/2025/2025-W15.md:7:16: error: cannot read alert log `content/reviews/2025/2025-W15/payments.csv`: it is reached through a symbolic link that leaves the site root (it leads to {}; expected a file inside {r})", csv.display()),
            ]
        );
    }

    #[test]
    fn a_theme_is_not_read_through_a_link_out() {
        let dir = copy_fixture();
        let root = dir.path();
        let outside = tempfile::tempdir().unwrap();
        fs::create_dir_all(outside.path().join("templates")).unwrap();
        fs::write(outside.path().join("templates/page.html"), "stolen").unwrap();
        fs::create_dir_all(root.join("themes/ours/templates")).unwrap();
        symlink(outside.path(), root.join("themes/evil")).unwrap();
        symlink("/etc/passwd", root.join("themes/ours/templates/page.html")).unwrap();
        let r = real_root(root);
        let site = read(root, "site.yaml");
        fs::write(
            root.join("content/site.yaml"),
            site.clone() + "theme: evil\n",
        )
        .unwrap();
        assert_eq!(
            errors(root),
            [format!("themes/evil: error: symbolic link leaves the site root (it points to {}; expected a folder inside {r})", outside.path().canonicalize().unwrap().display())]
        );
        fs::write(root.join("content/site.yaml"), site + "theme: ours\n").unwrap();
        assert_eq!(
            errors(root),
            [format!("themes/ours/templates/page.html: error: symbolic link leaves the site root (it points to /etc/passwd; expected a file or folder inside {r})")]
        );
    }

    #[test]
    fn new_records_are_not_written_through_a_link_out() {
        let dir = copy_fixture();
        let root = dir.path();
        let elsewhere = tempfile::tempdir().unwrap();
        symlink(elsewhere.path(), root.join("content/reviews/2026")).unwrap();
        symlink(elsewhere.path(), root.join("content/incidents/2026")).unwrap();
        for args in [
            &["new", "week", "2026-W09", "--root", "."][..],
            &[
                "new",
                "incident",
                "Checkout errors",
                "--team",
                "payments",
                "--started",
                "2026-02-23T10:15:00Z",
                "--root",
                ".",
            ][..],
        ] {
            let (code, stderr) = opsbook_in(root, args);
            assert_eq!(code, 1, "{args:?}: {stderr}");
            assert!(
                stderr.contains("content/reviews/2026: error: symbolic link leaves the site root"),
                "{stderr}"
            );
            assert!(stderr.contains("fix them first"), "{stderr}");
        }
        assert_eq!(fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    }
}

/// Every file under `dir`, by path, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn an_output_path_is_resolved_by_its_text_before_anything_is_created() {
    let dir = copy_fixture();
    let root = dir.path();
    let site = read(root, "site.yaml");
    let build_to = |output: &str| opsbook_in(root, &["build", "--root", ".", "--output", output]);
    let inside = "it is inside content/ (expected a folder for generated files only, like public/)";
    let (code, direct) = build_to("content/x");
    assert_eq!(code, 2, "{direct}");
    assert!(
        direct.contains(&format!(
            "error: refusing to write the site to content/x: {inside}"
        )),
        "{direct}"
    );
    // The same through a folder that does not exist, and through one that is a link elsewhere
    // (where the system would take `..` to the link's target's parent).
    let elsewhere = tempfile::tempdir().unwrap();
    fs::create_dir_all(elsewhere.path().join("deep")).unwrap();
    for output in [
        "public/../content/x",
        "./public/./../content/x/",
        "link/../content/x",
    ] {
        #[cfg(unix)]
        if output.starts_with("link") && !root.join("link").exists() {
            std::os::unix::fs::symlink(elsewhere.path().join("deep"), root.join("link")).unwrap();
        }
        #[cfg(not(unix))]
        if output.starts_with("link") {
            continue;
        }
        let (code, stderr) = build_to(output);
        assert_eq!(code, 2, "{output}: {stderr}");
        assert!(
            stderr.contains(&format!(
                "error: refusing to write the site to {output}: {inside}"
            )),
            "{stderr}"
        );
        assert!(!root.join("public").exists(), "{output} created public/");
        assert!(
            !root.join("content/x").exists(),
            "{output} created content/x"
        );
        assert_eq!(
            fs::read_dir(elsewhere.path()).unwrap().count(),
            1,
            "{output} created something beside the link's target"
        );
        assert_eq!(read(root, "site.yaml"), site);
    }
    // `..` that stays outside content/ is fine, and goes where the text says.
    let (code, stderr) = build_to("public/../out");
    assert_eq!(code, 0, "{stderr}");
    assert!(root.join("out/index.html").is_file());
    assert!(!root.join("public").exists());
}

#[test]
fn what_a_killed_build_left_is_removed_by_the_next_and_nothing_else() {
    let dir = copy_fixture();
    let root = dir.path();
    let (code, stderr) = build(root);
    assert_eq!(code, 0, "{stderr}");
    let ours_new = root.join(".public.new-abc123");
    let ours_old = root.join(".public.old-XYZ789");
    fs::create_dir_all(ours_new.join("reviews")).unwrap();
    fs::write(ours_new.join(".opsbook-output"), "").unwrap();
    fs::write(ours_new.join("reviews/index.html"), "half").unwrap();
    fs::create_dir_all(&ours_old).unwrap();
    // Someone else's: no marker and not empty, a name that is not exactly ours, a file.
    let users = root.join(".public.new-user01");
    fs::create_dir_all(&users).unwrap();
    fs::write(users.join("notes.txt"), "mine").unwrap();
    let similar = root.join(".public.new-abc1234");
    fs::create_dir_all(&similar).unwrap();
    fs::write(similar.join(".opsbook-output"), "").unwrap();
    let other_site = root.join(".site.new-abc123");
    fs::create_dir_all(&other_site).unwrap();
    let file = root.join(".public.old-file01");
    fs::write(&file, "a file").unwrap();
    let (code, stderr) = build(root);
    assert_eq!(code, 0, "{stderr}");
    assert!(!ours_new.exists() && !ours_old.exists());
    assert_eq!(fs::read_to_string(users.join("notes.txt")).unwrap(), "mine");
    assert!(similar.join(".opsbook-output").exists());
    assert!(other_site.is_dir());
    assert_eq!(fs::read_to_string(&file).unwrap(), "a file");
}

/// The staging folders beside `output`.
fn strays(parent: &Path) -> Vec<String> {
    fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public."))
        .collect()
}

#[cfg(unix)]
#[test]
fn a_build_killed_at_any_moment_leaves_the_previous_output_whole() {
    // The repository's sample archive: big enough for a kill to land in every phase.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    for entry in walkdir::WalkDir::new(&sample) {
        let entry = entry.unwrap();
        let to = root
            .join("content")
            .join(entry.path().strip_prefix(&sample).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&to).unwrap();
        } else {
            fs::copy(entry.path(), &to).unwrap();
        }
    }
    let output = dir.path().join("public");
    let args = [
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
    ];
    let started = Instant::now();
    let (code, stderr) = opsbook_in(dir.path(), &args);
    assert_eq!(code, 0, "{stderr}");
    let whole = started.elapsed();
    let first = snapshot(&output);
    assert!(first.len() > 100, "{} files", first.len());

    // Kills spread over a whole build and a little beyond, so that reading, rendering, writing
    // the staging folder, the swap and the removal of the old site are each hit.
    let kills = 24;
    for n in 0..kills {
        let delay = whole.mul_f64(1.2 * f64::from(n) / f64::from(kills));
        let mut child = Command::new(env!("CARGO_BIN_EXE_opsbook"))
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        assert!(
            snapshot(&output) == first,
            "after a kill at {delay:?} the output is not the previous one"
        );
        let left = strays(dir.path());
        assert!(left.len() <= 1, "after a kill at {delay:?}: {left:?}");
    }
    let (code, stderr) = opsbook_in(dir.path(), &args);
    assert_eq!(code, 0, "{stderr}");
    assert!(snapshot(&output) == first);
    assert_eq!(strays(dir.path()), Vec::<String>::new());
}

/// Kill-after limit for a huge input: a quadratic pass over 8 MB would take minutes; a linear
/// one, well under this even in a debug build.
const HUGE_LIMIT: Duration = Duration::from_secs(60);

#[test]
fn an_8_mb_body_full_of_broken_links_is_reported_in_bounded_work() {
    let dir = copy_fixture();
    let root = dir.path();
    let body: String = (0..100_000)
        .map(|i| {
            format!(
                "Line {i} mentions [[team:nobody{}]] and [[INC-2025-001]] and more text.\n",
                i % 50
            )
        })
        .collect();
    assert!(body.len() > 7_000_000);
    fs::write(
        root.join("content/pages/big.md"),
        format!("---\ntitle: Big\n---\n{body}"),
    )
    .unwrap();
    // And a front-matter value with many links and script addresses.
    let summary: String = (0..20_000)
        .map(|i| format!("[[team:x{i}]] [y](javascript:{i}) "))
        .collect();
    edit(
        root,
        "reviews/2025/2025-W14.md",
        "summary: Latency alerts woke Bob twice.",
        &format!("summary: \"{summary}\""),
    );
    let started = Instant::now();
    let (code, stderr) = opsbook_in(root, &["build", "--root", ".", "--output", "public"]);
    assert!(
        started.elapsed() < HUGE_LIMIT,
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(code, 1, "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    // The first problems of each text are placed exactly; the rest are counted.
    assert!(lines.contains(&"content/pages/big.md:4:17: error: wiki link [[team:nobody0]] names no record: there is no team `nobody0` (expected a record's id, like [[INC-2025-014]], [[2025-W14]] or [[team:payments]])"), "{}", &stderr[..2000.min(stderr.len())]);
    let placed = |file: &str| {
        let at = format!("{file}:");
        let placed_at = |l: &&&str| {
            l.strip_prefix(&at)
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        };
        lines.iter().filter(placed_at).count()
    };
    assert_eq!(placed("content/pages/big.md"), 100);
    assert!(lines.contains(&"content/pages/big.md: error: 99900 more problems like those above in this text are not listed (fix the first 100 and build again)"));
    assert_eq!(placed("content/reviews/2025/2025-W14.md"), 100);
    assert!(
        lines.iter().any(|l| l.starts_with(
            "content/reviews/2025/2025-W14.md:3:27: error: link `javascript:0` in summary"
        )),
        "{}",
        &stderr[..3000.min(stderr.len())]
    );
}
