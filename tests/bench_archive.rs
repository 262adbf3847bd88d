//! The benchmark's archive generator (`tools/bench-archive/generate.py`, run by `scripts/bench`)
//! keeps writing archives that opsbook builds cleanly and the same way every time: a benchmark
//! whose archive has errors or warnings, or changes between runs, measures the wrong thing.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use walkdir::WalkDir;

/// Runs the generator for 1 year and 4 teams into `root`/content.
fn generate(root: &Path) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/bench-archive/generate.py");
    let out = Command::new("python3")
        .arg(script)
        .args(["--years", "1", "--teams", "4", "--root"])
        .arg(root)
        .output()
        .expect("python3 runs tools/bench-archive/generate.py");
    assert!(
        out.status.success(),
        "generate.py failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The files below `dir` with their bytes, sorted by path.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<(PathBuf, Vec<u8>)> = WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            (rel, fs::read(e.path()).unwrap())
        })
        .collect();
    out.sort();
    out
}

/// The ids (file stems) of the Markdown records under content/<kind>/<year>/.
fn record_ids(root: &Path, kind: &str) -> Vec<String> {
    files(&root.join("content").join(kind))
        .into_iter()
        .filter(|(path, _)| path.extension().is_some_and(|e| e == "md"))
        .map(|(path, _)| path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn the_generated_bench_archive_builds_with_no_error_or_warning() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    generate(root);
    let public = root.join("public");
    let out = Command::new(env!("CARGO_BIN_EXE_opsbook"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(&public)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        !stderr.contains("warning:") && stderr.trim_end().contains(" 0 warnings"),
        "{stderr}"
    );

    // 52 consecutive weeks (a draft would have been a warning), each with its page; every
    // incident has its page.
    let reviews = record_ids(root, "reviews");
    assert_eq!(reviews.len(), 52, "{reviews:?}");
    assert_eq!(reviews.first().unwrap(), "2025-W09");
    assert_eq!(reviews.last().unwrap(), "2026-W08");
    for week in &reviews {
        assert!(
            public.join(format!("reviews/{week}/index.html")).is_file(),
            "no page for {week}"
        );
    }
    let incidents = record_ids(root, "incidents");
    assert!(incidents.len() >= 10, "{incidents:?}");
    for id in &incidents {
        assert!(
            public.join(format!("incidents/{id}/index.html")).is_file(),
            "no page for {id}"
        );
    }
    for page in [
        "index.html",
        "teams/payments/index.html",
        "services/payments-api/index.html",
        "slos/payments-api-availability/index.html",
        "runbooks/payments-api-errors/index.html",
        "pages/process/oncall-handbook/index.html",
        "alerts/index.html",
        "actions/index.html",
        "oncall/index.html",
        "tags/index.html",
        // A week whose pages come from a PagerDuty CSV export, published beside its page.
        "reviews/2025-W12/identity-pagerduty.csv",
    ] {
        assert!(public.join(page).is_file(), "missing {page}");
    }
}

#[test]
fn the_bench_archive_is_the_same_every_run() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    generate(a.path());
    generate(b.path());
    let (fa, fb) = (files(a.path()), files(b.path()));
    assert!(fa.len() > 100, "{} files", fa.len());
    assert!(fa == fb, "two runs of generate.py wrote different files");
}
