//! Small hand-made archives for the analysis tests: real files through the real load and
//! resolve stages, so a test reads like the archive a user would write.

use std::path::Path;

use crate::diagnostics::Diagnostics;
use crate::resolve::Archive;

/// Two teams: `ops` (in UTC: ann, bob) and `far` (in America/New_York: cy), a service each
/// (`api`, `web`), and an SLO `api-availability` (99.9 %, 4-week window) plus a two-objective
/// SLO `web-latency` (`web-latency/fast` 99 %, `web-latency/p99` 99.5 %).
const BASE: &[(&str, &str)] = &[
    ("site.yaml", "title: T\norganisation: O\ntime_zone: UTC\npeople:\n  ann: Ann\n  bob: Bob\n  cy: Cy\n"),
    ("teams/ops.md", "---\nname: Ops\nmembers: [ann, bob]\n---\n"),
    ("teams/far.md", "---\nname: Far\ntime_zone: America/New_York\nmembers: [cy]\n---\n"),
    ("services/api.md", "---\nname: API\nteam: ops\n---\n"),
    ("services/web.md", "---\nname: Web\nteam: far\n---\n"),
    (
        "slos/slos.yaml",
        "apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: api-availability\nspec:\n  service: api\n  budgetingMethod: Occurrences\n  timeWindow:\n    - duration: 4w\n      isRolling: true\n  objectives:\n    - displayName: Available\n      target: 0.999\n---\napiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: web-latency\nspec:\n  service: web\n  budgetingMethod: Occurrences\n  timeWindow:\n    - duration: 2w\n      isRolling: true\n  objectives:\n    - displayName: Fast\n      target: 0.99\n    - displayName: P99\n      target: 0.995\n",
    ),
];

/// Builds an archive from the base files plus `files` (path below content/, text), as of
/// `as_of` (or the default). Panics with the diagnostics if it has errors.
pub fn archive(files: &[(&str, &str)], as_of: Option<&str>) -> Archive {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    for (path, text) in BASE.iter().chain(files) {
        write_file(&content, path, text);
    }
    let mut d = Diagnostics::new();
    let loaded = crate::load::load(dir.path(), &mut d);
    let as_of = as_of.map(|s| s.parse().unwrap());
    let archive = loaded.map(|l| crate::resolve::resolve(l, as_of, &mut d));
    // Errors only: a draft review's note is a warning, and a test may want a draft.
    let problems: Vec<String> = d
        .iter()
        .filter(|x| x.level == crate::diagnostics::Level::Error)
        .map(|x| x.to_string())
        .collect();
    assert!(
        problems.is_empty(),
        "test archive has problems: {problems:#?}"
    );
    let mut archive = archive.unwrap();
    archive.root = Path::new("content").to_path_buf();
    archive
}

/// Writes `text` at `rel` below `content`, making its folders.
pub fn write_file(content: &Path, rel: &str, text: &str) {
    let path = content.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A review file for `week` with the given YAML body after `week:`.
pub fn review(week: &str, yaml: &str) -> (String, String) {
    let year = &week[..4];
    (
        format!("reviews/{year}/{week}.md"),
        format!("---\nweek: {week}\n{yaml}\n---\n"),
    )
}

/// `archive` for owned (path, text) pairs.
pub fn archive_of(files: &[(String, String)], as_of: Option<&str>) -> Archive {
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    archive(&borrowed, as_of)
}
