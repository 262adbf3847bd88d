//! `opsbook import prometheus` against a real Prometheus server (Debian's package, installed by
//! tests/prometheus/install.sh when missing — never skipped): a known week of series is written
//! with `promtool tsdb create-blocks-from openmetrics`, the server is started on 127.0.0.1 on a
//! free port, and the import's written attainments and metric values are read back from the
//! week's record. The server is stopped when the test ends, also when it fails.

use std::fmt::Write as _;
use std::fs;
use std::io::Read as _;
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// 2025-W10 in Europe/Berlin: Monday 3 March 00:00 +01:00 (2 March 23:00 UTC) to Monday 10 March
/// 00:00 +01:00 — seven days, no change of the clocks.
const START: i64 = 1_740_956_400;
const END: i64 = START + 7 * 86_400;
const MINUTE: i64 = 60;

/// The site: payments owns ledger-api; three SLOs measure it from Prometheus (good/total,
/// bad/total, a latency threshold); the team declares deploys and p99 latency with queries.
const FILES: &[(&str, &str)] = &[
    (
        "content/site.yaml",
        "title: T\norganisation: O\ntime_zone: Europe/Berlin\npeople:\n  bob: Bob\n",
    ),
    (
        "content/teams/payments.md",
        "---\nname: Payments\nmembers: [bob]\nmetrics:\n  deploys:\n    unit: deploys\n    good: higher\n    kind: count\n    query: sum(increase(deploys_total{team=\"payments\"}[${week}]))\n  p99-latency:\n    name: p99 latency\n    unit: ms\n    good: lower\n    query: max_over_time(ledger_latency_p99_ms[${week}])\n  open-bugs:\n    unit: bugs\n    good: lower\n    kind: count\n---\n",
    ),
    (
        "content/services/ledger-api.md",
        "---\nname: Ledger API\nteam: payments\n---\n",
    ),
    (
        "content/slos/ledger.yaml",
        r#"apiVersion: openslo/v1
kind: SLO
metadata:
  name: ledger-availability
spec:
  service: ledger-api
  budgetingMethod: Occurrences
  indicator:
    metadata:
      name: ledger-good-requests
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            type: Prometheus
            spec:
              query: sum(http_requests_total{service="ledger",code="200"})
        total:
          metricSource:
            type: Prometheus
            spec:
              query: sum(http_requests_total{service="ledger"})
  objectives:
    - displayName: Available
      target: 0.999
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: ledger-errors
spec:
  service: ledger-api
  budgetingMethod: Occurrences
  indicator:
    metadata:
      name: ledger-bad-requests
    spec:
      ratioMetric:
        counter: true
        bad:
          metricSource:
            type: Prometheus
            spec:
              query: sum(http_requests_total{service="ledger",code="500"})
        total:
          metricSource:
            type: Prometheus
            spec:
              query: sum(http_requests_total{service="ledger"})
  objectives:
    - displayName: Few errors
      target: 0.99
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: ledger-latency
spec:
  service: ledger-api
  budgetingMethod: Timeslices
  indicator:
    metadata:
      name: ledger-p99
    spec:
      thresholdMetric:
        metricSource:
          type: Prometheus
          spec:
            query: ledger_latency_p99_ms
  objectives:
    - displayName: p99 under 300 ms
      op: lt
      value: 300
      target: 0.99
      timeSliceTarget: 0.99
      timeSliceWindow: 1m
"#,
    ),
    (
        "content/reviews/2025/2025-W09.md",
        "---\nweek: 2025-W09\nteams:\n  payments:\n    oncall: [bob]\n    pages: none\n---\n",
    ),
    (
        "content/reviews/2025/2025-W10.md",
        "---\nweek: 2025-W10\nteams:\n  payments:\n    oncall: [bob]\n    pages: none\n    slos:\n      ledger-availability:  # from Prometheus\n    metrics:\n      open-bugs: 7  # from the tracker, typed\n---\nNotes.\n",
    ),
];

/// The week's known series, one sample a minute from a day before the week to a day after.
/// Per minute in the week: 1000 requests, 998 of them 200 and 2 of them 500 (99.8 % good);
/// outside it 600 and 400 (a bad day, so that a wrong window shows); p99 latency 250 ms, but
/// 350 ms for two hours on Wednesday from 10:00 (120 of the week's minutes over 300 ms), and
/// 100 ms outside the week; a deploy every 6 hours in the week (28), 5 an hour outside it.
fn openmetrics() -> String {
    let from = START - 86_400;
    let to = END + 86_400;
    let in_week = |t: i64| t > START && t <= END;
    let mut out = String::new();
    let _ = writeln!(out, "# TYPE http_requests counter");
    for (code, per_week, per_other) in [("200", 998.0, 600.0), ("500", 2.0, 400.0)] {
        let mut total = 0.0;
        let mut t = from;
        while t <= to {
            let _ = writeln!(
                out,
                "http_requests_total{{code=\"{code}\",service=\"ledger\"}} {total} {t}"
            );
            t += MINUTE;
            // The requests of the minute that ends at t.
            total += if in_week(t) { per_week } else { per_other };
        }
    }
    let _ = writeln!(out, "# TYPE ledger_latency_p99_ms gauge");
    let slow_from = START + 2 * 86_400 + 10 * 3_600;
    let mut t = from;
    while t <= to {
        let v = match t {
            t if !(START..END).contains(&t) => 100,
            t if (slow_from..slow_from + 7_200).contains(&t) => 350,
            _ => 250,
        };
        let _ = writeln!(out, "ledger_latency_p99_ms {v} {t}");
        t += MINUTE;
    }
    let _ = writeln!(out, "# TYPE deploys counter");
    let mut deploys = 0;
    let mut t = from;
    while t <= to {
        let _ = writeln!(out, "deploys_total{{team=\"payments\"}} {deploys} {t}");
        t += MINUTE;
        let minute = t - START;
        if in_week(t) {
            // At 00:30, 06:30, 12:30 and 18:30 of each day of the week.
            if minute % 21_600 == 1_800 {
                deploys += 1;
            }
        } else if minute.rem_euclid(720) == 0 {
            deploys += 1;
        }
    }
    out.push_str("# EOF\n");
    out
}

/// The server, stopped (killed and waited for) when dropped — also when an assertion fails.
struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{cmd:?} failed:\n{text}");
    text
}

fn install() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/prometheus/install.sh");
    run(Command::new("bash").arg(script));
}

fn get(port: u16, path: &str) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    use std::io::Write as _;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut text = String::new();
    s.read_to_string(&mut text).ok()?;
    Some(text)
}

/// Writes the series into a fresh data folder and starts a server on a free port over it.
fn start(dir: &Path) -> Server {
    let data = dir.join("data");
    fs::create_dir_all(&data).unwrap();
    let input = dir.join("series.om");
    fs::write(&input, openmetrics()).unwrap();
    run(Command::new("promtool")
        .args(["tsdb", "create-blocks-from", "openmetrics"])
        .arg(&input)
        .arg(&data)
        .arg("--max-block-duration=240h"));
    let config = dir.join("prometheus.yml");
    fs::write(
        &config,
        "global:\n  scrape_interval: 1h\nscrape_configs: []\n",
    )
    .unwrap();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new("prometheus")
        .arg(format!("--config.file={}", config.display()))
        .arg(format!("--storage.tsdb.path={}", data.display()))
        .arg(format!("--web.listen-address=127.0.0.1:{port}"))
        // The blocks are from a fixed past week: keep them.
        .arg("--storage.tsdb.retention.time=100y")
        .stdout(Stdio::null())
        .stderr(Stdio::from(
            fs::File::create(dir.join("prometheus.log")).unwrap(),
        ))
        .spawn()
        .unwrap();
    let server = Server {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    let started = Instant::now();
    loop {
        if get(port, "/-/ready").is_some_and(|r| r.starts_with("HTTP/1.1 200")) {
            return server;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "prometheus did not get ready in 30 s:\n{}",
            fs::read_to_string(dir.join("prometheus.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn opsbook(root: &Path, args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_opsbook"))
        .args(args)
        .args(["--root", root.to_str().unwrap()])
        .output()
        .unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// `key: value` of the record's line for `key`.
fn value(record: &str, key: &str) -> f64 {
    let line = record
        .lines()
        .find(|l| l.trim_start().starts_with(&format!("{key}:")))
        .unwrap_or_else(|| panic!("no {key} in\n{record}"));
    let v = line.split_once(':').unwrap().1;
    let v = v.split('#').next().unwrap().trim();
    v.parse()
        .unwrap_or_else(|_| panic!("{key} is `{v}` in\n{record}"))
}

#[test]
fn the_weeks_attainment_and_metrics_come_from_a_real_prometheus() {
    install();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    for (path, text) in FILES {
        let file = root.join(path);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(file, text).unwrap();
    }
    let server = start(dir.path());
    let record = root.join("content/reviews/2025/2025-W10.md");
    let before = fs::read_to_string(&record).unwrap();

    // A dry run runs the queries and says what it would write, and writes nothing.
    let (ok, out) = opsbook(
        &root,
        &[
            "import",
            "prometheus",
            "--url",
            &server.url,
            "--week",
            "2025-W10",
            "--dry-run",
        ],
    );
    assert!(ok, "{out}");
    assert!(
        out.contains(
            "would update content/reviews/2025/2025-W10.md (teams.payments.metrics.deploys: 28,"
        ),
        "{out}"
    );
    assert!(out.contains("dry run: nothing written"), "{out}");
    assert_eq!(fs::read_to_string(&record).unwrap(), before);

    let (ok, out) = opsbook(
        &root,
        &[
            "import",
            "prometheus",
            "--url",
            &server.url,
            "--week",
            "2025-W10",
        ],
    );
    assert!(ok, "{out}");
    println!("{out}");
    // Each query is reported with its result.
    assert!(
        out.contains("week 2025-W10: 2025-03-03T00:00:00+01:00 to 2025-03-10T00:00:00+01:00"),
        "{out}"
    );
    assert!(out.contains("good: sum(increase((sum(http_requests_total{service=\"ledger\",code=\"200\"}))[604800s:1m])) = 10059840"), "{out}");
    let written = fs::read_to_string(&record).unwrap();
    // 998 of every 1000 requests in the week were good, 2 bad: 99.8 % both ways.
    assert_eq!(value(&written, "ledger-availability"), 99.8);
    assert_eq!(value(&written, "ledger-errors"), 99.8);
    // 120 of the week's minutes were over 300 ms: 1 − 120/10080 of the slices (to a hundredth
    // of a point: the server counts the slices at both ends of the week).
    let latency = value(&written, "ledger-latency");
    assert!(
        (latency - (100.0 - 12_000.0 / 10_080.0)).abs() < 0.01,
        "{latency}"
    );
    assert_eq!(value(&written, "deploys"), 28.0);
    assert_eq!(value(&written, "p99-latency"), 350.0);
    // What a person typed stays, and so do the comments and the body.
    assert_eq!(value(&written, "open-bugs"), 7.0);
    assert!(
        written.contains("  # from Prometheus\n")
            && written.contains("  # from the tracker, typed\n")
            && written.ends_with("---\nNotes.\n"),
        "{written}"
    );
    let (ok, out) = opsbook(&root, &["check"]);
    assert!(ok, "{out}");

    // Again: nothing changes.
    let (ok, out) = opsbook(
        &root,
        &[
            "import",
            "prometheus",
            "--url",
            &server.url,
            "--week",
            "2025-W10",
        ],
    );
    assert!(ok && out.contains("nothing to change"), "{out}");

    // A value a person typed differently is refused, nothing written, unless --replace.
    let typed = written.replace("deploys: 28", "deploys: 30");
    fs::write(&record, &typed).unwrap();
    let (ok, out) = opsbook(
        &root,
        &[
            "import",
            "prometheus",
            "--url",
            &server.url,
            "--week",
            "2025-W10",
        ],
    );
    assert!(!ok, "{out}");
    assert!(out.contains("content/reviews/2025/2025-W10.md:13:16: error: teams.payments.metrics.deploys is 30, typed by hand; Prometheus gives 28 (expected an empty slot, or --replace to replace it)"), "{out}");
    assert_eq!(fs::read_to_string(&record).unwrap(), typed);
    let (ok, out) = opsbook(
        &root,
        &[
            "import",
            "prometheus",
            "--url",
            &server.url,
            "--week",
            "2025-W10",
            "--replace",
        ],
    );
    assert!(ok, "{out}");
    assert_eq!(fs::read_to_string(&record).unwrap(), written);

    // A week without data: each query that gives none is named, and nothing is written.
    let (ok, out) = opsbook(
        &root,
        &[
            "import",
            "prometheus",
            "--url",
            &server.url,
            "--week",
            "2025-W20",
        ],
    );
    assert!(!ok, "{out}");
    assert!(out.contains("metric payments/p99-latency: query max_over_time(ledger_latency_p99_ms[604800s]): no data"), "{out}");
    assert!(out.contains("content/slos/ledger.yaml:18:22: error: SLO ledger-availability: query sum(increase((sum(http_requests_total{service=\"ledger\",code=\"200\"}))[604800s:1m])): no data"), "{out}");
    assert!(out.contains("nothing written"), "{out}");
    assert!(!root.join("content/reviews/2025/2025-W20.md").exists());

    // A query the server refuses is named with the server's error.
    let team = root.join("content/teams/payments.md");
    let text = fs::read_to_string(&team).unwrap();
    fs::write(
        &team,
        text.replace(
            "max_over_time(ledger_latency_p99_ms[${week}])",
            "max_over_time(ledger_latency_p99_ms)",
        ),
    )
    .unwrap();
    let (ok, out) = opsbook(
        &root,
        &[
            "import",
            "prometheus",
            "--url",
            &server.url,
            "--week",
            "2025-W10",
            "--replace",
        ],
    );
    assert!(!ok, "{out}");
    assert!(out.contains("content/teams/payments.md:14:12: error: metric payments/p99-latency: query max_over_time(ledger_latency_p99_ms): Prometheus refused it:"), "{out}");
    fs::write(&team, text).unwrap();

    // An unreachable server: one clear message, nothing written.
    let url = server.url.clone();
    drop(server);
    let (ok, out) = opsbook(
        &root,
        &[
            "import",
            "prometheus",
            "--url",
            &url,
            "--week",
            "2025-W10",
            "--replace",
        ],
    );
    assert!(!ok, "{out}");
    assert!(
        out.contains(&format!("cannot reach {url}/api/v1/query")),
        "{out}"
    );
    assert_eq!(fs::read_to_string(&record).unwrap(), written);
    assert_ne!(before, written);
}
