//! `opsbook serve` end to end: the binary is started on a free port over a copy of the fixture
//! archive and spoken to with a few lines of HTTP/1.1 over a plain TCP socket (so that request
//! paths are sent exactly as written, `..` included).
#![cfg(feature = "serve")]

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

mod common;
use common::{copy_fixture, edit, fixture};

/// How long a rebuild may take to show, on a busy two-core machine.
const PATIENCE: Duration = Duration::from_secs(20);

/// A running `opsbook serve`, killed when dropped so that a failing test leaves nothing behind.
struct Server {
    child: Child,
    port: u16,
    stderr: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts `opsbook serve --root ROOT --port 0` with its temporary files under `tmp`, and
    /// waits for its "serving … at http://…" line.
    fn start(root: &Path, tmp: &Path) -> Server {
        let mut serve = Command::new(env!("CARGO_BIN_EXE_opsbook"));
        serve.args(["serve", "--port", "0", "--root"]).arg(root);
        Server::spawn(serve, tmp)
    }

    /// Starts `opsbook serve --port 0` inside `root`, as the README runs it: the root is `.`.
    fn start_inside(root: &Path, tmp: &Path) -> Server {
        let mut serve = Command::new(env!("CARGO_BIN_EXE_opsbook"));
        serve.args(["serve", "--port", "0"]).current_dir(root);
        Server::spawn(serve, tmp)
    }

    fn spawn(mut serve: Command, tmp: &Path) -> Server {
        let mut child = serve
            .env("TMPDIR", tmp)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start opsbook serve");
        let pipe = child.stderr.take().unwrap();
        let mut server = Server {
            child,
            port: 0,
            stderr: Arc::default(),
        };
        let (port_tx, port_rx) = mpsc::channel();
        let stderr = Arc::clone(&server.stderr);
        // Keep reading stderr for as long as the server runs, so that it never blocks on it.
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                if let Some(port) = serving_port(&line) {
                    let _ = port_tx.send(port);
                }
                let mut all = stderr.lock().unwrap();
                all.push_str(&line);
                all.push('\n');
            }
        });
        match port_rx.recv_timeout(Duration::from_secs(120)) {
            Ok(port) => server.port = port,
            Err(_) => panic!("no `serving … at` line; stderr:\n{}", server.stderr()),
        }
        server
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn get(&self, target: &str) -> Reply {
        get(self.port, target)
    }

    /// Polls `target` until `done` holds for the reply, or fails after [`PATIENCE`].
    fn wait_for(&self, target: &str, what: &str, done: impl Fn(&Reply) -> bool) -> Reply {
        let started = Instant::now();
        loop {
            let reply = self.get(target);
            if done(&reply) {
                return reply;
            }
            if started.elapsed() > PATIENCE {
                panic!(
                    "GET {target}: still not {what} after {PATIENCE:?}; last reply {}:\n{}\n\nserver stderr:\n{}",
                    reply.status,
                    reply.body,
                    self.stderr()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits up to 10 s for the process to end by itself.
    fn wait_exit(&mut self) -> Option<ExitStatus> {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(10) {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }
}

/// The port of `serving ROOT at http://127.0.0.1:PORT/ (Ctrl-C to stop)`.
fn serving_port(line: &str) -> Option<u16> {
    let rest = line.strip_prefix("serving ")?;
    let url = &rest[rest.find(" at http://127.0.0.1:")? + " at http://127.0.0.1:".len()..];
    url[..url.find('/')?].parse().ok()
}

struct Reply {
    status: u16,
    head: String,
    body: String,
}

/// `GET target` as written, with `Connection: close`, read to the end.
fn get(port: u16, target: &str) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to the server");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).expect("read the reply");
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("GET {target}: not an HTTP reply: {text:?}"));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("GET {target}: no status in {head:?}"));
    Reply {
        status,
        head: head.to_ascii_lowercase(),
        body: body.to_string(),
    }
}

const RELOAD_SCRIPT: &str = "new EventSource(\"/__opsbook/reload?path=";
const WEEK: &str = "reviews/2025/2025-W14.md";

#[test]
fn serves_rebuilds_on_edits_and_shows_errors_until_fixed() {
    let site = copy_fixture();
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(site.path(), tmp.path());

    let home = server.get("/");
    assert_eq!(home.status, 200, "{}", home.body);
    assert!(
        home.head.contains("content-type: text/html"),
        "{}",
        home.head
    );
    assert!(home.body.contains("Small Ops Review"), "{}", home.body);
    assert!(home.body.contains(RELOAD_SCRIPT), "no reload script");
    let script_at = home.body.rfind(RELOAD_SCRIPT).unwrap();
    assert!(
        home.body[script_at..].contains("</body>"),
        "the script goes before </body>"
    );
    let week = server.get("/reviews/2025-W14/");
    assert_eq!(week.status, 200);
    assert!(week.body.contains("Latency alerts woke Bob twice."));
    assert!(week.body.contains(RELOAD_SCRIPT));
    // Other files are served as built, without the script.
    let css = server.get("/assets/style.css");
    assert_eq!(css.status, 200);
    assert!(css.head.contains("content-type: text/css"), "{}", css.head);
    assert!(!css.body.contains("EventSource"));
    // A folder without its slash is redirected; a missing page gets the site's 404 page.
    let redirect = server.get("/reviews");
    assert!(
        (300..400).contains(&redirect.status) && redirect.head.contains("location: /reviews/"),
        "{}",
        redirect.head
    );
    let missing = server.get("/no-such-page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains(RELOAD_SCRIPT), "{}", missing.body);
    assert_eq!(server.get("/__opsbook/anything").status, 404);
    // The built site is private to the server: nothing is written into the site root.
    assert!(!site.path().join("public").exists());

    // An edit shows without a restart.
    edit(
        site.path(),
        WEEK,
        "woke Bob twice.",
        "woke Bob three times.",
    );
    server.wait_for("/reviews/2025-W14/", "showing the edit", |r| {
        r.status == 200 && r.body.contains("Latency alerts woke Bob three times.")
    });

    // A broken value: every page shows the error, with file and line, instead of the site.
    edit(site.path(), WEEK, "health: 2", "health: eleven");
    let error = server.wait_for("/", "the error page", |r| r.status == 500);
    assert!(
        error
            .body
            .contains("content/reviews/2025/2025-W14.md:7:13: error: teams.payments.health"),
        "{}",
        error.body
    );
    assert!(
        error.body.contains("&quot;eleven&quot;"),
        "escaped: {}",
        error.body
    );
    assert!(error.body.contains(RELOAD_SCRIPT), "{}", error.body);
    assert_eq!(server.get("/reviews/2025-W14/").status, 500);
    // Stylesheets and images still come from the last good build.
    assert_eq!(server.get("/assets/style.css").status, 200);
    assert!(server.stderr().contains("2025-W14.md:7:13: error:"));

    // Fixing it brings the site back, edit included.
    edit(site.path(), WEEK, "health: eleven", "health: 2");
    server.wait_for("/reviews/2025-W14/", "back", |r| {
        r.status == 200 && r.body.contains("Latency alerts woke Bob three times.")
    });
    assert_eq!(server.get("/").status, 200);
    assert!(
        server.stderr().contains("rebuilt in "),
        "{}",
        server.stderr()
    );
}

#[test]
fn started_inside_the_site_root_it_rebuilds_on_edits_too() {
    // The README's `opsbook serve`, root `.`: the watcher names files by absolute paths.
    let site = copy_fixture();
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start_inside(site.path(), tmp.path());
    assert!(server
        .get("/reviews/2025-W14/")
        .body
        .contains("Latency alerts woke Bob twice."));
    edit(site.path(), WEEK, "woke Bob twice.", "woke Bob four times.");
    server.wait_for("/reviews/2025-W14/", "showing the edit", |r| {
        r.status == 200 && r.body.contains("Latency alerts woke Bob four times.")
    });
    assert!(
        server
            .stderr()
            .contains("changed content/reviews/2025/2025-W14.md"),
        "{}",
        server.stderr()
    );
}

#[test]
fn paths_outside_the_site_are_refused() {
    let site = copy_fixture();
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(site.path(), tmp.path());
    assert_eq!(server.get("/").status, 200);
    for target in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/%2E%2E/%2E%2E/Cargo.toml",
        "/reviews/../../Cargo.toml",
        "/..%2f..%2f..%2f..%2f..%2f..%2fetc/passwd",
        "/../../../../../../etc/passwd",
        "/..\\..\\etc/passwd",
    ] {
        let reply = server.get(target);
        assert!(
            (400..500).contains(&reply.status),
            "GET {target}: {} {}",
            reply.status,
            reply.body
        );
        assert!(
            !reply.body.contains("[package]") && !reply.body.contains("root:"),
            "GET {target} returned a file outside the site:\n{}",
            reply.body
        );
    }
    // Nothing of the server's own is reachable by name.
    let reply = server.get("/site-1/index.html");
    assert_eq!(reply.status, 404);
}

#[test]
fn a_first_build_that_fails_still_serves_the_errors() {
    let site = copy_fixture();
    edit(site.path(), WEEK, "health: 2", "health: eleven");
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(site.path(), tmp.path());
    let error = server.get("/");
    assert_eq!(error.status, 500);
    assert!(error.body.contains("2025-W14.md:7:13"), "{}", error.body);
    // With no good build yet, other files have nothing to come from.
    assert_eq!(server.get("/assets/style.css").status, 404);

    edit(site.path(), WEEK, "health: eleven", "health: 2");
    let home = server.wait_for("/", "the site", |r| r.status == 200);
    assert!(home.body.contains("Small Ops Review"));
}

#[test]
fn a_port_in_use_is_a_usage_error() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_opsbook"))
        .args(["serve", "--port", &port, "--root"])
        .arg(fixture())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot listen on 127.0.0.1:"), "{stderr}");
}

#[test]
fn a_root_without_content_is_a_usage_error() {
    let empty = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_opsbook"))
        .args(["serve", "--port", "0", "--root"])
        .arg(empty.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("holds content/"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_it_cleanly_and_removes_its_files() {
    let site = copy_fixture();
    let tmp = tempfile::tempdir().unwrap();
    let mut server = Server::start(site.path(), tmp.path());
    assert_eq!(server.get("/").status, 200);
    let built: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
    assert!(built.is_empty(), "pages are kept in memory: {built:?}");
    // An open live-reload stream must not hold the server up.
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(
        stream,
        "GET /__opsbook/reload HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    let mut first = [0u8; 64];
    let n = stream.read(&mut first).unwrap();
    assert!(
        String::from_utf8_lossy(&first[..n]).starts_with("HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&first[..n])
    );

    let interrupted = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let status = server.wait_exit();
    let stderr = server.stderr();
    assert_eq!(
        status.and_then(|s| s.code()),
        Some(0),
        "expected exit code 0 after SIGINT; stderr:\n{stderr}"
    );
    let left: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "temporary files left behind: {left:?}");
    assert!(!site.path().join("public").exists());
}

#[test]
fn an_open_page_is_told_to_reload_after_a_rebuild() {
    let site = copy_fixture();
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(site.path(), tmp.path());
    // What the injected script does: subscribe to the reload stream.
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(
        stream,
        "GET /__opsbook/reload HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    let mut seen = String::new();
    let mut buf = [0u8; 1024];
    let n = stream.read(&mut buf).unwrap();
    seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    assert!(seen.starts_with("HTTP/1.1 200"), "{seen}");
    assert!(
        !seen.contains("event: rebuilt"),
        "no reload before an edit: {seen}"
    );

    edit(
        site.path(),
        "reviews/2025/2025-W14.md",
        "Latency alerts woke Bob twice.",
        "Reload me.",
    );
    let started = Instant::now();
    while !seen.contains("event: rebuilt") {
        let n = stream.read(&mut buf).unwrap_or(0);
        assert!(
            n > 0 && started.elapsed() < PATIENCE,
            "no `rebuilt` event; got {seen:?}; stderr:\n{}",
            server.stderr()
        );
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    // And the page it reloads shows the edit.
    assert!(server.get("/reviews/2025-W14/").body.contains("Reload me."));
}

#[test]
fn a_client_that_never_finishes_its_request_is_dropped() {
    let site = copy_fixture();
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(site.path(), tmp.path());
    // A request header without its final blank line, and then nothing (slowloris); and a
    // connection that sends nothing at all.
    let mut slow = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(slow, "GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
    let silent = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    for (what, mut stream) in [("a half-sent request", slow), ("a silent client", silent)] {
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut buf = [0u8; 1024];
        let started = Instant::now();
        // Closed: the end of the stream (perhaps after a 408 reply) or a reset, within 10 s.
        loop {
            match stream.read(&mut buf) {
                Ok(0) => break,
                Ok(_) => continue,
                Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break,
                Err(e) => panic!(
                    "{what}: the connection is still open after {:?} ({e})",
                    started.elapsed()
                ),
            }
        }
    }
    // The server itself carries on.
    let home = server.get("/");
    assert_eq!(home.status, 200, "{}", home.body);
}

/// `GET target`, with the body as bytes.
fn get_bytes(port: u16, target: &str) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to the server");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).expect("read the reply");
    let end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("GET {target}: not an HTTP reply"));
    let head = String::from_utf8_lossy(&bytes[..end]).into_owned();
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap();
    (status, bytes[end + 4..].to_vec())
}

/// A page as served, without the live-reload script the server adds.
fn without_reload_script(body: &[u8]) -> Vec<u8> {
    let start = b"<script>(function(){var s=new EventSource(\"/__opsbook/reload?";
    let Some(at) = body.windows(start.len()).rposition(|w| w == start) else {
        return body.to_vec();
    };
    let end = b"</script>\n";
    let len = body[at..]
        .windows(end.len())
        .position(|w| w == end)
        .expect("the script ends")
        + end.len();
    [&body[..at], &body[at + len..]].concat()
}

/// A copy of the repository's sample archive. `serve` previews at `/`, so it leaves out
/// base_url; without base_url in site.yaml a build is what serve shows.
fn copy_sample() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let to = dir
            .path()
            .join("content")
            .join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&to).unwrap();
        } else {
            fs::copy(entry.path(), &to).unwrap();
        }
    }
    let site_yaml = dir.path().join("content/site.yaml");
    let text = fs::read_to_string(&site_yaml).unwrap();
    let text: String = text
        .lines()
        .filter(|l| !l.starts_with("base_url:"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(site_yaml, text).unwrap();
    dir
}

impl Server {
    /// How many builds the server has reported.
    fn builds(&self) -> usize {
        let stderr = self.stderr();
        stderr.matches("built in ").count() + stderr.matches("build failed").count()
    }

    /// Waits until a build after the `seen`-th has finished and no other followed for a while.
    fn settle(&self, seen: usize) {
        let started = Instant::now();
        while self.builds() <= seen {
            assert!(
                started.elapsed() < PATIENCE,
                "no build after the edit; stderr:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        loop {
            let now = self.builds();
            std::thread::sleep(Duration::from_millis(600));
            if self.builds() == now {
                return;
            }
        }
    }

    /// Every file of a clean `opsbook build` of `root` must be served as the same bytes
    /// (pages without the reload script).
    fn assert_serves_the_build_of(&self, root: &Path, step: &str) {
        if let Some(difference) = self.difference_from_the_build_of(root, step) {
            panic!("{difference}");
        }
    }

    /// Like [`Server::assert_serves_the_build_of`] after the builds following the `seen`-th
    /// have settled, allowing for a watcher that reports a burst of saves in parts on a busy
    /// machine: what must hold is that the server ends in the state of the last save.
    fn assert_ends_serving_the_build_of(&self, root: &Path, step: &str, seen: usize) {
        let started = Instant::now();
        self.settle(seen);
        loop {
            let Some(difference) = self.difference_from_the_build_of(root, step) else {
                return;
            };
            assert!(started.elapsed() < PATIENCE, "{difference}");
            self.settle(self.builds().saturating_sub(1));
        }
    }

    /// The first file a clean build of `root` has that is not served as the same bytes.
    fn difference_from_the_build_of(&self, root: &Path, step: &str) -> Option<String> {
        let out = tempfile::tempdir().unwrap();
        let output = out.path().join("site");
        let built = Command::new(env!("CARGO_BIN_EXE_opsbook"))
            .args(["build", "--root"])
            .arg(root)
            .arg("--output")
            .arg(&output)
            .output()
            .unwrap();
        assert!(
            built.status.success(),
            "{step}: build failed: {}",
            String::from_utf8_lossy(&built.stderr)
        );
        let mut compared = 0;
        for entry in walkdir::WalkDir::new(&output) {
            let entry = entry.unwrap();
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(&output).unwrap();
            let rel = rel.to_str().unwrap().replace('\\', "/");
            if rel.starts_with(".opsbook") {
                continue; // the build's marker of its own output folder
            }
            let target = match rel.strip_suffix("index.html") {
                Some(folder) if folder.is_empty() || folder.ends_with('/') => format!("/{folder}"),
                _ => format!("/{rel}"),
            };
            let target: String = target
                .split('/')
                .map(percent_encoding_lite)
                .collect::<Vec<_>>()
                .join("/");
            let (status, body) = get_bytes(self.port, &target);
            let expected = fs::read(entry.path()).unwrap();
            if status != 200 {
                return Some(format!("{step}: GET {target}: status {status}"));
            }
            if without_reload_script(&body) != expected {
                return Some(format!(
                    "{step}: GET {target} differs from the build's {rel}"
                ));
            }
            compared += 1;
        }
        assert!(compared > 100, "{step}: only {compared} files compared");
        None
    }
}

/// Percent-encodes what a path segment cannot hold as it is.
fn percent_encoding_lite(segment: &str) -> String {
    segment
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
fn after_each_kind_of_edit_every_file_served_is_the_clean_build_of_the_archive() {
    let site = copy_sample();
    let root = site.path();
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(root, tmp.path());
    server.assert_serves_the_build_of(root, "before any edit");

    let content = |file: &str| root.join("content").join(file);
    let theme = root.join("themes/mine/templates/incident.html");
    type Step<'a> = (&'static str, Box<dyn Fn() + 'a>);
    let steps: Vec<Step> = vec![
        (
            // The figures stay as they were (serve keeps them); the incident's page now lists
            // the week's page among those linking to it.
            "a review's text only",
            Box::new(|| {
                let file = content("reviews/2026/2026-W08.md");
                let text = fs::read_to_string(&file).unwrap();
                fs::write(&file, format!("{text}\nSee also [[INC-2025-014]].\n")).unwrap();
            }),
        ),
        (
            "a review",
            Box::new(|| {
                edit(root, "reviews/2026/2026-W08.md", "health: 5", "health: 2");
                edit(
                    root,
                    "reviews/2026/2026-W08.md",
                    "Stale balances",
                    "Stale ledger balances",
                );
            }),
        ),
        (
            "an incident",
            Box::new(|| {
                edit(
                    root,
                    "incidents/2026/INC-2026-005.md",
                    "title: Shipment search returns partial results",
                    "title: Shipment search returned partial results",
                )
            }),
        ),
        (
            "a team",
            Box::new(|| {
                edit(
                    root,
                    "teams/payments.md",
                    "name: Payments",
                    "name: Payments & Ledger",
                )
            }),
        ),
        (
            "an SLO",
            Box::new(|| {
                let file = content("slos/dispatch.yaml");
                let text = fs::read_to_string(&file).unwrap();
                fs::write(&file, text.replacen("target: 0.999", "target: 0.995", 1)).unwrap();
            }),
        ),
        (
            "site.yaml",
            Box::new(|| {
                edit(
                    root,
                    "site.yaml",
                    "title: Northwind Ops Review",
                    "title: Northwind Review",
                )
            }),
        ),
        (
            "a theme made after the server started",
            Box::new(|| {
                let builtin = Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("themes/default/templates/incident.html");
                let text = fs::read_to_string(builtin).unwrap();
                fs::create_dir_all(theme.parent().unwrap()).unwrap();
                fs::write(
                    &theme,
                    text.replacen("</h1>", "</h1><p>Theme mark one.</p>", 1),
                )
                .unwrap();
                let yaml = content("site.yaml");
                let text = fs::read_to_string(&yaml).unwrap();
                fs::write(&yaml, format!("{text}theme: mine\n")).unwrap();
            }),
        ),
        (
            "a theme template",
            Box::new(|| {
                let text = fs::read_to_string(&theme).unwrap();
                fs::write(&theme, text.replace("Theme mark one.", "Theme mark two.")).unwrap();
            }),
        ),
    ];
    for (step, change) in steps {
        let seen = server.builds();
        change();
        server.settle(seen);
        assert!(
            !server.stderr().contains("build failed"),
            "{step}: {}",
            server.stderr()
        );
        server.assert_ends_serving_the_build_of(root, step, seen);
    }
    assert!(server
        .get("/incidents/INC-2026-005/")
        .body
        .contains("Theme mark two."));
}

/// An open page's live-reload stream, subscribed as the page's script does.
struct Stream {
    stream: TcpStream,
    seen: String,
}

impl Stream {
    fn open(server: &Server, page: &str) -> Stream {
        let body = server.get(page).body;
        let from = body.find("/__opsbook/reload?").expect("a reload script");
        let query = &body[from..from + body[from..].find('"').unwrap()];
        let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        write!(stream, "GET {query} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
        let mut s = Stream {
            stream,
            seen: String::new(),
        };
        s.read_for(Duration::from_millis(300));
        assert!(s.seen.starts_with("HTTP/1.1 200"), "{page}: {}", s.seen);
        s
    }

    /// Reads what arrives for `time`; whether a reload came.
    fn read_for(&mut self, time: Duration) -> bool {
        let until = Instant::now() + time;
        let mut buf = [0u8; 1024];
        while !self.reloaded() {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            self.stream.set_read_timeout(Some(left)).unwrap();
            match self.stream.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buf[..n])),
                Err(_) => break,
            }
        }
        self.reloaded()
    }

    fn reloaded(&self) -> bool {
        self.seen.contains("event: rebuilt")
    }
}

#[test]
fn only_pages_whose_content_changed_are_told_to_reload() {
    let site = copy_fixture();
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(site.path(), tmp.path());
    let mut incident = Stream::open(&server, "/incidents/INC-2025-001/");
    let mut home = Stream::open(&server, "/");
    let mut runbook = Stream::open(&server, "/runbooks/ledger-latency/");
    assert!(!incident.reloaded() && !home.reloaded() && !runbook.reloaded());

    // A typo fixed in the incident's timeline: only the incident's page shows that text.
    let seen = server.builds();
    edit(
        site.path(),
        "incidents/2025/INC-2025-001.md",
        "removed the limit.",
        "removed the connection limit.",
    );
    assert!(
        incident.read_for(PATIENCE),
        "the incident's page was not told to reload: {}\n{}",
        incident.seen,
        server.stderr()
    );
    server.settle(seen);
    assert!(
        !home.read_for(Duration::from_millis(500)),
        "the home page does not show the timeline, yet was told to reload"
    );
    assert!(!runbook.read_for(Duration::from_millis(100)));

    // The site's title is on every page.
    edit(
        site.path(),
        "site.yaml",
        "Small Ops Review",
        "Smaller Ops Review",
    );
    assert!(home.read_for(PATIENCE), "{}", server.stderr());
    assert!(runbook.read_for(PATIENCE), "{}", server.stderr());
}

#[test]
fn saves_in_quick_succession_end_in_the_state_of_the_last() {
    let site = copy_sample();
    let root = site.path();
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(root, tmp.path());
    let seen = server.builds();
    // An editor writing one file in steps: emptied, half written, written.
    let week = root.join("content/reviews/2026/2026-W08.md");
    let text = fs::read_to_string(&week).unwrap();
    for n in 0..20 {
        let version = text.replace("Stale balances", &format!("Stale balances (save {n})"));
        fs::write(&week, "").unwrap();
        fs::write(&week, &version[..version.len() / 2]).unwrap();
        fs::write(&week, &version).unwrap();
    }
    // A `git checkout` of another branch: every review changes at once, then changes back
    // for all but one.
    let reviews: Vec<_> = walkdir::WalkDir::new(root.join("content/reviews"))
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    assert!(reviews.len() > 50);
    let originals: Vec<String> = reviews
        .iter()
        .map(|p| fs::read_to_string(p).unwrap())
        .collect();
    for (path, original) in reviews.iter().zip(&originals) {
        fs::write(path, original.replacen("week:", "draft: true\nweek:", 1)).unwrap();
    }
    for (path, original) in reviews.iter().zip(&originals) {
        if path != &week {
            fs::write(path, original).unwrap();
        }
    }
    server.assert_ends_serving_the_build_of(root, "after the burst", seen);
    let week_page = server.get("/reviews/2026-W08/").body;
    assert!(week_page.contains("Stale balances (save 19)"));
    assert!(
        week_page.contains("Draft"),
        "the last save made the week a draft"
    );
}
