//! No input makes opsbook panic or hang: a seeded mutation loop over the fixture archive's real
//! files — front matter, a CSV alert log, OpenSLO documents, Markdown with wiki links — runs each
//! mutated archive through load, resolve, analysis and rendering, and asserts that every case
//! ends in a result (a site, or placed errors), never a panic. The cases are a fixed, bounded
//! set: the same seed gives the same cases on every run.

use std::fs;
use std::panic;
use std::path::Path;

use opsbook::diagnostics::Diagnostics;
use opsbook::site::{Options, Site};

mod common;
use common::copy_fixture;

/// xorshift64*: small, seeded, the same sequence everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Fragments that YAML, Markdown, CSV and dates give meaning to.
const FRAGMENTS: &[&str] = &[
    ":",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a",
    "!!str ",
    "!tag ",
    "|",
    ">",
    "? ",
    "#",
    "---\n",
    "...\n",
    "\t",
    "\r\n",
    "\"",
    "'",
    "\\",
    ",",
    "\n",
    "  ",
    "[[",
    "]]",
    "[[INC-",
    "|x]]",
    "~",
    "null",
    ".inf",
    "-.nan",
    "0x",
    "-1",
    "4294967296",
    "99999999999999999999",
    "1e309",
    "2025-W53",
    "2025-02-30",
    "24:00",
    "T25:61:61Z",
    "+99:99",
    "9999-12-31",
    "0000-01-01",
    "é",
    "🙂",
    "\u{0}",
    "\u{feff}",
    "\u{202e}",
    "<script>",
    "javascript:",
    "](",
    "![",
    "alert:",
    "team:",
    "slo:",
    "service:",
    "page:",
    "runbook:",
    "INC-2025-001",
    "AI-2025-001",
    "apiVersion: openslo/v1\n",
    "kind: SLO\n",
    "objectives:\n  - target: 2\n",
];

/// Values that are valid YAML but odd for the field they land in.
const VALUES: &[&str] = &[
    "0",
    "-1",
    "255",
    "256",
    "65536",
    "4294967295",
    "18446744073709551616",
    "1.5",
    "1e308",
    "-0.0",
    "100.0000001",
    "\"\"",
    "''",
    "[]",
    "{}",
    "~",
    "true",
    "2025-W01",
    "2020-W53",
    "2099-W52",
    "2000-W01",
    "2025-01-01",
    "2099-12-31",
    "2000-01-01T00:00:00Z",
    "2025-04-01T03:12:00+14:00",
    "2025-04-01T03:12:00-12:00",
    "0s",
    "999999999d",
    "1h 1m 1s",
    "00:00",
    "24:00",
    "23:59",
    "UTC",
    "Etc/GMT+12",
    "[bob, bob, bob]",
    "[x, y]",
    "{a: 1}",
    "\"[[INC-2025-001]] [[2025-W14]] [[team:payments|x]]\"",
    "\"[[alert:LedgerHighLatency]]\"",
    "\"<img src=x onerror=alert(1)>\"",
    "\"[x](javascript:alert(1))\"",
    "critical",
    "open",
    "done",
    "dropped",
    "closed",
    "investigating",
    "high",
    "low",
    "in-progress",
    "INC-2025-001",
    "ledger-api",
    "payments",
    "search",
    "bob",
    "erin",
    "li",
    "dana",
    "\"a/b\"",
    "\"../x\"",
];

fn mutate(rng: &mut Rng, text: &[u8]) -> Vec<u8> {
    let mut out = text.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(8) {
            0 => {
                let f = FRAGMENTS[rng.below(FRAGMENTS.len())].as_bytes();
                out.splice(at..at, f.iter().copied());
            }
            1 if !out.is_empty() => {
                let end = (at + 1 + rng.below(12)).min(out.len());
                out.drain(at.min(end)..end);
            }
            2 if !out.is_empty() => {
                let i = at.min(out.len() - 1);
                out[i] = rng.next() as u8;
            }
            3 => out.truncate(at),
            4 => {
                // Repeat a line: duplicate keys, duplicate list items.
                let start = out[..at]
                    .iter()
                    .rposition(|b| *b == b'\n')
                    .map_or(0, |i| i + 1);
                let end = out[at..]
                    .iter()
                    .position(|b| *b == b'\n')
                    .map_or(out.len(), |i| at + i + 1);
                let line = out[start..end].to_vec();
                out.splice(end..end, line);
            }
            5 => {
                // Re-indent a line.
                let start = out[..at]
                    .iter()
                    .rposition(|b| *b == b'\n')
                    .map_or(0, |i| i + 1);
                let spaces = vec![b' '; rng.below(5)];
                out.splice(start..start, spaces);
            }
            6 => {
                // Replace a value: the YAML stays valid, the value is odd.
                let colon = out[at..]
                    .windows(2)
                    .position(|w| w == b": ")
                    .map(|i| at + i + 2);
                if let Some(start) = colon {
                    let end = out[start..]
                        .iter()
                        .position(|b| *b == b'\n')
                        .map_or(out.len(), |i| start + i);
                    let value = VALUES[rng.below(VALUES.len())].as_bytes();
                    out.splice(start..end, value.iter().copied());
                }
            }
            _ => {
                let digit = b'0' + rng.below(10) as u8;
                out.splice(at..at, [digit]);
            }
        }
    }
    out
}

/// Loads, resolves, analyses and renders the archive, catching a panic.
fn run(root: &Path) -> Result<usize, String> {
    let root = root.to_path_buf();
    panic::catch_unwind(move || {
        let mut d = Diagnostics::new();
        let site = Site::load_with_errors(&root, Options::default(), &mut d);
        if let Some(site) = site.filter(|_| !d.has_errors()) {
            site.render(&mut d).len()
        } else {
            0
        }
    })
    .map_err(|e| {
        e.downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default()
    })
}

#[test]
fn mutated_archives_end_in_a_site_or_in_errors_never_in_a_panic() {
    let dir = copy_fixture();
    let root = dir.path();
    let files = [
        "site.yaml",
        "reviews/2025/2025-W14.md",
        "reviews/2025/2025-W15.md",
        "reviews/2025/2025-W15/payments.csv",
        "incidents/2025/INC-2025-001.md",
        "slos/ledger.yaml",
        "services/ledger-api.md",
        "teams/payments.md",
        "runbooks/ledger-latency.md",
        "pages/how-we-run-the-review.md",
    ];
    let originals: Vec<Vec<u8>> = files
        .iter()
        .map(|f| fs::read(root.join("content").join(f)).unwrap())
        .collect();
    // Panics are caught and counted; the default hook would print each one.
    panic::set_hook(Box::new(|_| {}));
    let mut rng = Rng(0x6f70_7362_6f6f_6b21);
    let (mut failures, mut built) = (Vec::new(), 0);
    // 400 cases in CI; OPSBOOK_MUTATION_CASES=20000 for a longer hunt by hand.
    let cases: usize = std::env::var("OPSBOOK_MUTATION_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(400);
    for case in 0..cases {
        let n = rng.below(files.len());
        let path = root.join("content").join(files[n]);
        let mutated = mutate(&mut rng, &originals[n]);
        fs::write(&path, &mutated).unwrap();
        match run(root) {
            Ok(pages) => built += usize::from(pages > 0),
            Err(message) => failures.push(format!(
                "case {case}, {}: {message}\n{}",
                files[n],
                String::from_utf8_lossy(&mutated)
            )),
        }
        fs::write(&path, &originals[n]).unwrap();
    }
    let _ = panic::take_hook();
    assert!(
        failures.is_empty(),
        "{} of {cases} cases panicked:\n{}",
        failures.len(),
        failures.join("\n---\n")
    );
    eprintln!("{built} of {cases} mutated archives built");
    // The loop is only worth something if some mutations still build and others do not.
    assert!(built > 0 && built < cases, "{built} of {cases} built");
}
