//! `opsbook serve`: a preview server. It builds the site into a private temporary folder, serves
//! that folder on loopback, rebuilds when `content/` or `themes/` change and tells open pages to
//! reload. While the archive has errors, every page request gets an error page listing them
//! instead of the site; the server keeps running and the next good build brings the site back.
//!
//! Each build goes into a fresh folder (`site-1`, `site-2`, …) in the temporary folder, and the
//! server switches to it in one step once it is complete, so a request never sees a half-written
//! or missing site. The folder before the previous one is removed at each switch, and the whole
//! temporary folder on exit. Nothing is written anywhere else, and only that folder is served.

use std::convert::Infallible;
use std::io::Write;
use std::net::SocketAddr;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, RwLock};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::Stream;
use notify_debouncer_full::notify::event::{AccessKind, AccessMode};
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, DebouncedEvent};
use tokio::sync::{broadcast, watch};
use tower_http::services::ServeDir;
use tower_service::Service;

use crate::diagnostics::Diagnostics;
use crate::site::{Options, Site};

/// The only address under `/__opsbook/`: the live-reload event stream.
const RELOAD_PATH: &str = "/__opsbook/reload";
/// How long the watcher waits for a burst of file events (an editor's save) to settle.
const DEBOUNCE: Duration = Duration::from_millis(150);
/// How long a stop waits for open connections before it drops them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);
/// How long a client has to send a request's header, from the connection or the end of the
/// previous response: a client that trickles it (slowloris) or sends nothing is dropped.
const HEADER_TIMEOUT: Duration = Duration::from_secs(5);

/// What to serve: the site root, the build options, and where to listen.
#[derive(Clone, Debug)]
pub struct Serve {
    pub root: PathBuf,
    pub options: Options,
    pub addr: SocketAddr,
}

/// Why the server could not run (the message is printed already).
#[derive(Debug)]
pub enum Error {
    /// The arguments: no content/ folder, a port in use.
    Usage,
    /// The system: no temporary folder, no watcher, the server failed.
    Io,
}

/// What the server shows: the newest complete build, and the errors of the newest build if it
/// failed. `build` counts builds, good or not; pages carry it so that a page loaded just before a
/// rebuild still learns of it.
#[derive(Clone, Debug, Default)]
struct Current {
    build: u64,
    site: Option<PathBuf>,
    error: Option<String>,
}

struct Shared {
    current: RwLock<Current>,
    /// One message per finished build, for the open pages' event streams.
    reload: broadcast::Sender<u64>,
    /// Becomes true when the server stops; ends the event streams so that it can.
    stopping: watch::Receiver<bool>,
}

impl Shared {
    fn current(&self) -> Current {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Publishes a finished build; returns the site folder it replaced, if any.
    fn publish(&self, outcome: Result<PathBuf, String>) -> Option<PathBuf> {
        let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
        current.build += 1;
        let replaced = match outcome {
            Ok(site) => {
                current.error = None;
                current.site.replace(site)
            }
            Err(error) => {
                current.error = Some(error);
                None
            }
        };
        let _ = self.reload.send(current.build);
        replaced
    }
}

/// Runs `opsbook serve` until Ctrl-C; returns the process exit code.
pub fn run(args: &Serve) -> Result<(), Error> {
    let content = args.root.join("content");
    if !content.is_dir() {
        eprintln!(
            "error: {} is not a folder (expected --root to be the site root, the folder that holds content/)",
            content.display()
        );
        return Err(Error::Usage);
    }
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the server: {e}");
            return Err(Error::Io);
        }
    };
    let signals = {
        let _inside = runtime.enter();
        StopSignals::listen()
    };
    // Listen first, so that a port in use is reported before any work.
    let addr = args.addr;
    let listener = match runtime.block_on(tokio::net::TcpListener::bind(addr)) {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!(
                "error: cannot listen on {addr}: {e} (choose another --port, or 0 for a free one)"
            );
            return Err(Error::Usage);
        }
    };
    let local = listener.local_addr().unwrap_or(addr);
    let work = match tempfile::Builder::new().prefix("opsbook-serve-").tempdir() {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("error: cannot create a temporary folder for the site: {e}");
            return Err(Error::Io);
        }
    };

    // Watch before the first build, so that an edit made during it is not missed.
    let (events, changes) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = match new_debouncer(DEBOUNCE, None, events) {
        Ok(debouncer) => debouncer,
        Err(e) => {
            eprintln!("error: cannot watch {}: {e}", content.display());
            return Err(Error::Io);
        }
    };
    let themes = args.root.join("themes");
    for dir in [&content, &themes] {
        if !dir.is_dir() {
            continue;
        }
        if let Err(e) = debouncer.watch(dir, RecursiveMode::Recursive) {
            eprintln!("error: cannot watch {}: {e}", dir.display());
            return Err(Error::Io);
        }
    }

    let (stop, stopping) = watch::channel(false);
    let shared = Arc::new(Shared {
        current: RwLock::new(Current::default()),
        reload: broadcast::channel(16).0,
        stopping,
    });
    let mut builder = Builder {
        root: args.root.clone(),
        options: args.options,
        work: work.path().to_path_buf(),
        generation: 0,
        retired: None,
        shared: Arc::clone(&shared),
    };
    builder.rebuild(&[]);
    let done = Arc::new(AtomicBool::new(false));
    let watching = {
        let done = Arc::clone(&done);
        std::thread::spawn(move || builder.watch(&changes, &done))
    };

    if !addr.ip().is_loopback() {
        eprintln!(
            "warning: listening on {}, so other machines can read the site; use --bind 127.0.0.1 to keep it to this one",
            addr.ip()
        );
    }
    eprintln!(
        "serving {} at http://{local}/ (Ctrl-C to stop)",
        args.root.display()
    );
    let served = runtime.block_on(serve(listener, Arc::clone(&shared), stop, signals));

    drop(debouncer);
    done.store(true, Ordering::SeqCst);
    let _ = watching.join();
    drop(runtime);
    let removed = work.close();
    match (served, removed) {
        (Ok(()), Ok(())) => {
            eprintln!("stopped");
            Ok(())
        }
        (Err(e), _) => {
            eprintln!("error: the server failed: {e}");
            Err(Error::Io)
        }
        (Ok(()), Err(e)) => {
            eprintln!("error: stopped, but removing the temporary site failed: {e}");
            Err(Error::Io)
        }
    }
}

/// Builds the site on the watcher's thread.
struct Builder {
    root: PathBuf,
    options: Options,
    work: PathBuf,
    generation: u64,
    /// The site folder before the current one: kept for requests still reading it, removed at
    /// the next switch.
    retired: Option<PathBuf>,
    shared: Arc<Shared>,
}

impl Builder {
    /// Rebuilds after each settled burst of changes until `done`.
    fn watch(&mut self, changes: &mpsc::Receiver<DebounceEventResult>, done: &AtomicBool) {
        while !done.load(Ordering::SeqCst) {
            let events = match changes.recv_timeout(Duration::from_millis(100)) {
                Ok(Ok(events)) => events,
                Ok(Err(errors)) => {
                    for e in errors {
                        eprintln!("warning: watching for changes: {e}");
                    }
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Timeout) => continue,
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            };
            let mut changed = changed_paths(events);
            // Take what else arrived while waiting: one build for all of it.
            while let Ok(Ok(more)) = changes.try_recv() {
                changed.extend(changed_paths(more));
            }
            if changed.is_empty() || done.load(Ordering::SeqCst) {
                continue;
            }
            changed.sort();
            changed.dedup();
            self.rebuild(&changed);
        }
    }

    /// Builds once, publishes the outcome and says how it went on stderr.
    fn rebuild(&mut self, changed: &[PathBuf]) {
        let started = Instant::now();
        let mut d = Diagnostics::new();
        let outcome = catch_unwind(AssertUnwindSafe(|| self.build(&mut d))).unwrap_or_else(|_| {
            Err(
                "opsbook stopped on an internal error while building (see the terminal); \
                 this is a bug in opsbook"
                    .into(),
            )
        });
        let seconds = started.elapsed().as_secs_f64();

        let mut err = std::io::stderr().lock();
        if let Some(first) = changed.first() {
            let first = first.strip_prefix(&self.root).unwrap_or(first);
            match changed.len() {
                1 => writeln!(err, "changed {}", first.display()),
                n => writeln!(err, "changed {} and {} more", first.display(), n - 1),
            }
            .ok();
        }
        for diagnostic in d.sorted() {
            writeln!(err, "{diagnostic}").ok();
        }
        let verb = if changed.is_empty() {
            "built"
        } else {
            "rebuilt"
        };
        match &outcome {
            Ok(_) => writeln!(err, "{verb} in {seconds:.2} s"),
            Err(_) if d.has_errors() => writeln!(
                err,
                "build failed in {seconds:.2} s: {} error{}; the browser shows them until they are fixed",
                d.error_count(),
                if d.error_count() == 1 { "" } else { "s" }
            ),
            Err(why) => writeln!(err, "build failed: {why}"),
        }
        .ok();
        drop(err);

        if let Some(replaced) = self.shared.publish(outcome) {
            if let Some(old) = self.retired.replace(replaced) {
                let _ = std::fs::remove_dir_all(old);
            }
        }
    }

    fn build(&mut self, d: &mut Diagnostics) -> Result<PathBuf, String> {
        let mut site = Site::load(&self.root, self.options, d);
        // Served at `/`, not at base_url's path: the 404 page's links start from here.
        if let Some(site) = site.as_mut() {
            site.archive.site.base_url = None;
        }
        let files = site.as_ref().map(|site| site.render(d));
        match (site, files) {
            (Some(site), Some(files)) if !d.has_errors() => {
                self.generation += 1;
                let output = self.work.join(format!("site-{}", self.generation));
                site.write(&output, &files)
                    .map_err(|e| format!("writing the site to {} failed: {e}", output.display()))?;
                Ok(output)
            }
            _ => Err(d
                .sorted()
                .iter()
                .map(|diagnostic| format!("{diagnostic}\n"))
                .collect()),
        }
    }
}

/// The files that changed, leaving out reads (the build's own, among others: notify reports
/// opening a file) and editors' scratch files. A rescan (events were lost) names no file but counts.
fn changed_paths(events: Vec<DebouncedEvent>) -> Vec<PathBuf> {
    let mut changed = Vec::new();
    for event in events {
        let event = event.event;
        let write = match event.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
            EventKind::Access(_) => false,
            _ => true,
        };
        if !write {
            continue;
        }
        if event.paths.is_empty() {
            changed.push(PathBuf::from("content"));
        }
        changed.extend(event.paths.into_iter().filter(|p| !is_editor_scratch(p)));
    }
    changed
}

/// Files that editors write beside the real one while saving: vim's swap files and its `4913`
/// probe, Emacs's lock and backup files.
fn is_editor_scratch(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with('~')
        || name.starts_with(".#")
        || name == "4913"
}

async fn serve(
    listener: tokio::net::TcpListener,
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
    mut signals: StopSignals,
) -> std::io::Result<()> {
    let app = axum::Router::new()
        .route(RELOAD_PATH, get(reload))
        .fallback(site)
        .with_state(shared);
    let mut connections = tokio::task::JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    connections.spawn(connection(stream, app.clone(), stop.subscribe()));
                }
                // Out of file descriptors, a connection reset before it was taken: go on.
                Err(e) => {
                    eprintln!("warning: accepting a connection: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            // Finished connections, so that the set does not grow.
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            () = signals.recv() => break,
        }
    }
    eprintln!("stopping");
    drop(listener);
    let _ = stop.send(true);
    // Idle connections close at once and event streams end; give requests under way a moment.
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    connections.shutdown().await;
    Ok(())
}

/// One HTTP/1.1 connection. A client that has not sent a whole request header within
/// [`HEADER_TIMEOUT`] is dropped (axum's own server waits for ever), and a stop ends the
/// connection once its current response is out.
async fn connection(
    stream: tokio::net::TcpStream,
    app: axum::Router,
    mut stopping: watch::Receiver<bool>,
) {
    let service = hyper::service::service_fn(move |request: Request<hyper::body::Incoming>| {
        let mut app = app.clone();
        async move { app.call(request.map(Body::new)).await }
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT);
    let served = builder.serve_connection(hyper_util::rt::TokioIo::new(stream), service);
    tokio::pin!(served);
    tokio::select! {
        _ = served.as_mut() => return,
        _ = stopping.wait_for(|stopping| *stopping) => {}
    }
    served.as_mut().graceful_shutdown();
    let _ = served.await;
}

/// Ctrl-C (SIGINT), or SIGTERM on Unix. Listened for from the start (inside the runtime), so that
/// one that comes during the first build still stops the server cleanly.
struct StopSignals {
    #[cfg(unix)]
    interrupt: Option<tokio::signal::unix::Signal>,
    #[cfg(unix)]
    terminate: Option<tokio::signal::unix::Signal>,
}

impl StopSignals {
    #[cfg(unix)]
    fn listen() -> StopSignals {
        use tokio::signal::unix::{signal, SignalKind};
        let listen = |kind: SignalKind, name: &str| match signal(kind) {
            Ok(signal) => Some(signal),
            Err(e) => {
                eprintln!("warning: cannot catch {name} ({e})");
                None
            }
        };
        StopSignals {
            interrupt: listen(SignalKind::interrupt(), "Ctrl-C"),
            terminate: listen(SignalKind::terminate(), "SIGTERM"),
        }
    }

    #[cfg(not(unix))]
    fn listen() -> StopSignals {
        StopSignals {}
    }

    #[cfg(unix)]
    async fn recv(&mut self) {
        async fn on(signal: &mut Option<tokio::signal::unix::Signal>) {
            match signal {
                Some(signal) => {
                    signal.recv().await;
                }
                None => std::future::pending().await,
            }
        }
        tokio::select! {
            () = on(&mut self.interrupt) => {}
            () = on(&mut self.terminate) => {}
        }
    }

    #[cfg(not(unix))]
    async fn recv(&mut self) {
        if let Err(e) = tokio::signal::ctrl_c().await {
            eprintln!("warning: cannot catch Ctrl-C ({e})");
            std::future::pending::<()>().await;
        }
    }
}

/// The live-reload stream: a `rebuilt` event after every build. A page passes the build it was
/// served from (`?build=N`) and is told at once if another has finished since.
async fn reload(
    State(shared): State<Arc<Shared>>,
    request: Request,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let seen: Option<u64> = request.uri().query().and_then(|query| {
        query
            .split('&')
            .find_map(|pair| pair.strip_prefix("build="))
            .and_then(|n| n.parse().ok())
    });
    let builds = shared.reload.subscribe();
    let stopping = shared.stopping.clone();
    let now = shared.current().build;
    let missed = seen.filter(|&seen| seen != now).map(|_| now);
    let stream = futures_util::stream::unfold(
        (builds, stopping, missed),
        |(mut builds, mut stopping, missed)| async move {
            let build = match missed {
                Some(build) => Some(build),
                None => tokio::select! {
                    received = builds.recv() => match received {
                        Ok(build) => Some(build),
                        Err(broadcast::error::RecvError::Lagged(_)) => Some(0),
                        Err(broadcast::error::RecvError::Closed) => None,
                    },
                    _ = stopping.wait_for(|stopping| *stopping) => None,
                },
            }?;
            let event = Event::default().event("rebuilt").data(build.to_string());
            Some((Ok(event), (builds, stopping, None)))
        },
    );
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Everything but the reload stream: the built site, or the error page.
async fn site(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let path = request.uri().path();
    if path == "/__opsbook" || path.starts_with("/__opsbook/") {
        return plain(StatusCode::NOT_FOUND, "404 Not Found\n");
    }
    let method = request.method().clone();
    if method != Method::GET && method != Method::HEAD {
        let mut response = plain(StatusCode::METHOD_NOT_ALLOWED, "405 Method Not Allowed\n");
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    if leaves_the_site(path) {
        return plain(
            StatusCode::BAD_REQUEST,
            "400 Bad Request: the path leaves the site\n",
        );
    }
    let current = shared.current();
    let page = is_page(path);
    if let Some(error) = &current.error {
        if page {
            return error_page(error, current.build);
        }
    }
    // Without a good build yet, there is nothing else to serve.
    let Some(dir) = current.site else {
        return plain(StatusCode::NOT_FOUND, "404 Not Found\n");
    };

    // Always answer in full: the files change under the same names at every build.
    let (mut parts, body) = request.into_parts();
    for name in [
        header::IF_MODIFIED_SINCE,
        header::IF_NONE_MATCH,
        header::IF_UNMODIFIED_SINCE,
        header::IF_MATCH,
        header::IF_RANGE,
    ] {
        parts.headers.remove(name);
    }
    // HEAD is answered as GET, so that a page's length counts the injected script; the server
    // sends no body for HEAD.
    parts.method = Method::GET;
    let mut serve_dir = ServeDir::new(&dir);
    let Ok(response) = serve_dir.call(Request::from_parts(parts, body)).await;
    let (mut parts, body) = response.into_parts();
    let mut response = if parts.status == StatusCode::NOT_FOUND {
        not_found(&dir, current.build).await
    } else if parts.status == StatusCode::OK && is_html(&parts.headers) {
        match axum::body::to_bytes(Body::new(body), usize::MAX).await {
            Ok(bytes) => {
                parts.headers.remove(header::CONTENT_LENGTH);
                Response::from_parts(parts, Body::from(with_reload(&bytes, current.build)))
            }
            Err(e) => plain(
                StatusCode::INTERNAL_SERVER_ERROR,
                &format!("reading the page failed: {e}\n"),
            ),
        }
    } else {
        Response::from_parts(parts, Body::new(body))
    };
    no_store(&mut response);
    response
}

/// Whether a request path, once percent-decoded, has a `..` segment (or a backslash or NUL,
/// which no site path has). `ServeDir` refuses these too; this refuses them first, and plainly.
fn leaves_the_site(path: &str) -> bool {
    let decoded = percent_encoding::percent_decode_str(path).collect::<Vec<u8>>();
    decoded.contains(&b'\\')
        || decoded.contains(&0)
        || decoded
            .split(|&b| b == b'/')
            .any(|segment| segment == b"..")
}

/// Whether a path names a page (a folder, an `.html` file or a name without extension, like a
/// redirect) rather than a stylesheet, image or download.
fn is_page(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    last.is_empty() || last.ends_with(".html") || last.ends_with(".htm") || !last.contains('.')
}

fn is_html(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"text/html"))
}

/// The site's own 404 page when it has one.
async fn not_found(dir: &Path, build: u64) -> Response {
    match tokio::fs::read(dir.join("404.html")).await {
        Ok(page) => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            with_reload(&page, build),
        )
            .into_response(),
        Err(_) => plain(StatusCode::NOT_FOUND, "404 Not Found\n"),
    }
}

/// The page shown instead of the site while the archive has errors.
fn error_page(diagnostics: &str, build: u64) -> Response {
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<link rel=\"icon\" href=\"data:,\">\n\
         <title>The site did not build — opsbook serve</title>\n\
         <style>body{{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;line-height:1.5}}\
         pre{{white-space:pre-wrap;overflow-wrap:anywhere;background:#fff4f4;color:#1a1a1a;border-left:4px solid #b00020;padding:1rem;font-size:.9rem}}</style>\n\
         </head>\n<body>\n<main>\n<h1>The site did not build</h1>\n\
         <p>opsbook found these problems in the archive. Fix them and save: this page reloads \
         when the site builds again.</p>\n<pre>{}</pre>\n</main>\n</body>\n</html>\n",
        crate::render::escape_html(diagnostics.trim_end())
    );
    let mut response = (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        with_reload(page.as_bytes(), build),
    )
        .into_response();
    no_store(&mut response);
    response
}

/// The page with the live-reload script before its last `</body>` (or at the end).
fn with_reload(page: &[u8], build: u64) -> Vec<u8> {
    let script = format!(
        "<script>(function(){{var s=new EventSource(\"{RELOAD_PATH}?build={build}\");\
         s.addEventListener(\"rebuilt\",function(){{s.close();location.reload();}});}})();</script>\n"
    );
    let at = page
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + script.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

fn plain(status: StatusCode, text: &str) -> Response {
    let mut response = (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text.to_owned(),
    )
        .into_response();
    no_store(&mut response);
    response
}

fn no_store(response: &mut Response) {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parent_segments_are_refused_encoded_or_not() {
        for bad in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E/Cargo.toml",
            "/reviews/..%2f..%2fCargo.toml",
            "/a/%2e./b",
            "/a%5c..%5cb",
            "/a%00b",
        ] {
            assert!(leaves_the_site(bad), "{bad} should be refused");
        }
        for good in [
            "/",
            "/reviews/2025-W14/",
            "/a..b/",
            "/.well-known/x",
            "/a/./b",
        ] {
            assert!(!leaves_the_site(good), "{good} should be served");
        }
    }

    #[test]
    fn pages_are_told_from_files() {
        for page in ["/", "/reviews/", "/reviews", "/404.html", "/i/INC-2025-001"] {
            assert!(is_page(page), "{page}");
        }
        for file in [
            "/assets/style.css",
            "/favicon.svg",
            "/reviews/2025-W15/payments.csv",
        ] {
            assert!(!is_page(file), "{file}");
        }
    }

    #[test]
    fn the_reload_script_goes_before_the_last_body_end() {
        let out = String::from_utf8(with_reload(b"<p>a</p></body></html>", 7)).unwrap();
        assert!(out.starts_with("<p>a</p><script>"), "{out}");
        assert!(out.ends_with("</script>\n</body></html>"), "{out}");
        assert!(out.contains("/__opsbook/reload?build=7"), "{out}");
        let bare = String::from_utf8(with_reload(b"<p>a</p>", 1)).unwrap();
        assert!(bare.starts_with("<p>a</p><script>"), "{bare}");
    }

    #[test]
    fn diagnostics_are_escaped_for_the_error_page() {
        assert_eq!(
            crate::render::escape_html("a.md:3:7: error: bad <script> & \"x\" 'y'"),
            "a.md:3:7: error: bad &lt;script&gt; &amp; &quot;x&quot; &#39;y&#39;"
        );
    }

    #[test]
    fn editor_scratch_files_are_ignored() {
        for scratch in [".2025-W14.md.swp", "2025-W14.md~", ".#2025-W14.md", "4913"] {
            assert!(is_editor_scratch(Path::new(scratch)), "{scratch}");
        }
        assert!(!is_editor_scratch(Path::new("2025-W14.md")));
    }
}
