//! `opsbook serve`: a preview server. It reads the archive once, serves it on loopback, renders
//! each page when it is asked for (through the same code as `opsbook build`, so a page is the
//! same bytes), and after a change under `content/` or `themes/` reads again only the changed
//! files, resolves and analyses the archive again, and tells each open page to reload if what it
//! shows changed. While the archive has errors, every page request gets an error page listing
//! them instead of the site; the server keeps running and the next good build brings the site
//! back.
//!
//! Each build is a new version of the site, made whole before it replaces the one served, and
//! never changed after: every answer belongs to one state of the archive. Nothing is written
//! anywhere: pages are rendered into memory and kept there until the next version.

mod rebuild;
mod snapshot;

use std::convert::Infallible;
use std::hash::{Hash, Hasher};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::Stream;
use notify_debouncer_full::notify::RecursiveMode;
use notify_debouncer_full::{new_debouncer, DebounceEventResult};
use tokio::sync::watch;
use tower_service::Service;

use crate::site::Options;
use rebuild::{Builder, Generation};
use snapshot::{Lookup, Snapshot};

/// The only address under `/__opsbook/`: the live-reload event stream.
const RELOAD_PATH: &str = "/__opsbook/reload";
/// How long the watcher waits for a burst of file events (an editor's save) to settle.
const DEBOUNCE: Duration = Duration::from_millis(25);
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
    /// The system: no runtime, no watcher, the server failed.
    Io,
}

struct Shared {
    /// The version of the site served now.
    generations: watch::Receiver<Arc<Generation>>,
    /// Becomes true when the server stops; ends the event streams so that it can.
    stopping: watch::Receiver<bool>,
}

impl Shared {
    fn current(&self) -> Arc<Generation> {
        Arc::clone(&self.generations.borrow())
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
    // Watch before the first build, so that an edit made during it is not missed. The root
    // itself is watched (not below it) for a `themes/` made later.
    let (events, changes) = mpsc::channel::<DebounceEventResult>();
    let mut watcher = match new_debouncer(DEBOUNCE, None, events) {
        Ok(debouncer) => debouncer,
        Err(e) => {
            eprintln!("error: cannot watch {}: {e}", content.display());
            return Err(Error::Io);
        }
    };
    for (dir, mode) in [
        (&content, RecursiveMode::Recursive),
        (&args.root, RecursiveMode::NonRecursive),
    ] {
        if let Err(e) = watcher.watch(dir, mode) {
            eprintln!("error: cannot watch {}: {e}", dir.display());
            return Err(Error::Io);
        }
    }

    let (stop, stopping) = watch::channel(false);
    let (publish, generations) = watch::channel(Arc::new(Generation::default()));
    let shared = Arc::new(Shared {
        generations,
        stopping,
    });
    let mut builder = Builder {
        root: args.root.clone(),
        options: args.options,
        cache: crate::site::Cache::keeping(),
        publish,
        themes_watched: false,
        analysis: None,
        templates: None,
    };
    builder.watch_themes(&mut watcher);
    builder.rebuild(&[]);
    let done = Arc::new(AtomicBool::new(false));
    let watching = {
        let done = Arc::clone(&done);
        std::thread::spawn(move || builder.watch(&mut watcher, &changes, &done))
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

    done.store(true, Ordering::SeqCst);
    let _ = watching.join();
    drop(runtime);
    match served {
        Ok(()) => {
            eprintln!("stopped");
            Ok(())
        }
        Err(e) => {
            eprintln!("error: the server failed: {e}");
            Err(Error::Io)
        }
    }
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

/// What an open page watches, from the query of its event stream.
enum Watching {
    /// `?path=/reviews/2025-W14/&seen=<fingerprint>`: reload when that address would now
    /// answer anything else than what the page has.
    Page { path: String, seen: u64 },
    /// `?build=N`, or nothing: reload after any build but this one.
    Build(Option<u64>),
}

impl Watching {
    fn of(query: Option<&str>) -> Watching {
        let pairs: Vec<(&str, &str)> = query
            .unwrap_or("")
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .collect();
        let get = |key: &str| pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
        let path = get("path").map(|p| {
            percent_encoding::percent_decode_str(p)
                .decode_utf8_lossy()
                .into_owned()
        });
        let seen = get("seen").and_then(|s| u64::from_str_radix(s, 16).ok());
        match (path, seen) {
            (Some(path), Some(seen)) => Watching::Page { path, seen },
            _ => Watching::Build(get("build").and_then(|n| n.parse().ok())),
        }
    }

    /// Whether the page should reload now that `g` is served.
    async fn stale(&self, g: &Arc<Generation>) -> bool {
        match self {
            Watching::Build(seen) => seen.is_some_and(|seen| seen != g.number),
            Watching::Page { path, seen } => {
                let (g, path, seen) = (Arc::clone(g), path.clone(), *seen);
                tokio::task::spawn_blocking(move || answer(&g, &path).fingerprint() != seen)
                    .await
                    .unwrap_or(true)
            }
        }
    }
}

/// The live-reload stream: one `rebuilt` event when the page that opened it should reload —
/// once what its address answers has changed (a page that a build leaves as it was is not
/// reloaded), or, without a page, after the next build.
async fn reload(
    State(shared): State<Arc<Shared>>,
    request: Request,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let mut watching = Watching::of(request.uri().query());
    let generations = shared.generations.clone();
    if let Watching::Build(seen @ None) = &mut watching {
        *seen = Some(generations.borrow().number);
    }
    let stopping = shared.stopping.clone();
    let stream = futures_util::stream::unfold(
        Some((watching, generations, stopping)),
        |state| async move {
            let (watching, mut generations, mut stopping) = state?;
            loop {
                let now = Arc::clone(&generations.borrow_and_update());
                if watching.stale(&now).await {
                    let event = Event::default()
                        .event("rebuilt")
                        .data(now.number.to_string());
                    return Some((Ok(event), None));
                }
                tokio::select! {
                    changed = generations.changed() => changed.ok()?,
                    _ = stopping.wait_for(|stopping| *stopping) => return None,
                }
            }
        },
    );
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Everything but the reload stream: the site's files, or the error page.
async fn site(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let path = request.uri().path().to_string();
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
    if leaves_the_site(&path) {
        return plain(
            StatusCode::BAD_REQUEST,
            "400 Bad Request: the path leaves the site\n",
        );
    }
    let generation = shared.current();
    // Rendering a page takes a moment on a large archive: not on the thread that serves.
    let answered = {
        let path = path.clone();
        tokio::task::spawn_blocking(move || answer(&generation, &path)).await
    };
    match answered {
        Ok(answer) => answer.response(&path),
        Err(_) => plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            "500 Internal Server Error: opsbook stopped on an internal error (see the terminal)\n",
        ),
    }
}

/// A response before it is sent: pages get the live-reload script then.
struct Answer {
    status: StatusCode,
    content_type: String,
    body: Vec<u8>,
    location: Option<String>,
}

impl Answer {
    fn html(status: StatusCode, body: Vec<u8>) -> Answer {
        Answer {
            status,
            content_type: "text/html; charset=utf-8".into(),
            body,
            location: None,
        }
    }

    fn plain(status: StatusCode, text: &str) -> Answer {
        Answer {
            status,
            content_type: "text/plain; charset=utf-8".into(),
            body: text.as_bytes().to_vec(),
            location: None,
        }
    }

    /// Tells one answer from another: what an open page compares to decide to reload.
    fn fingerprint(&self) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (self.status.as_u16(), &self.location, &self.body).hash(&mut h);
        h.finish()
    }

    fn response(self, path: &str) -> Response {
        let body = if self.content_type.starts_with("text/html") {
            with_reload(&self.body, path, self.fingerprint())
        } else {
            self.body
        };
        let mut response = Response::new(Body::from(body));
        *response.status_mut() = self.status;
        if let Ok(value) = HeaderValue::from_str(&self.content_type) {
            response.headers_mut().insert(header::CONTENT_TYPE, value);
        }
        if let Some(location) = self.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
            response.headers_mut().insert(header::LOCATION, location);
        }
        // Always answered in full: the files change under the same names at every build.
        no_store(&mut response);
        response
    }
}

/// What the version `g` answers at the request path `path` (as sent, percent-encoded).
fn answer(g: &Generation, path: &str) -> Answer {
    if let (Some(error), true) = (&g.error, is_page(path)) {
        return Answer::html(StatusCode::INTERNAL_SERVER_ERROR, error_page(error));
    }
    // Without a good build yet, there is nothing else to serve.
    let Some(site) = &g.site else {
        return Answer::plain(StatusCode::NOT_FOUND, "404 Not Found\n");
    };
    let path = site_path(path);
    match site.lookup(&path) {
        Lookup::File(output, bytes) => Answer {
            status: StatusCode::OK,
            content_type: content_type(&output),
            body: bytes,
            location: None,
        },
        Lookup::Folder(to) => Answer {
            location: Some(to),
            ..Answer::plain(StatusCode::TEMPORARY_REDIRECT, "")
        },
        Lookup::Failed(why) => Answer::html(
            StatusCode::INTERNAL_SERVER_ERROR,
            error_page(&format!("{why}\n")),
        ),
        Lookup::Missing => not_found(site),
    }
}

/// The site's own 404 page when it has one.
fn not_found(site: &Snapshot) -> Answer {
    match site.lookup("404.html") {
        Lookup::File(_, page) => Answer::html(StatusCode::NOT_FOUND, page),
        _ => Answer::plain(StatusCode::NOT_FOUND, "404 Not Found\n"),
    }
}

/// A request path as a path below the site root: percent-decoded, without the leading `/` and
/// without `.` segments or empty ones (the trailing `/` of a folder is kept).
fn site_path(path: &str) -> String {
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let folder = decoded.ends_with('/');
    let mut out = decoded
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect::<Vec<_>>()
        .join("/");
    if folder && !out.is_empty() {
        out.push('/');
    }
    out
}

fn content_type(output: &str) -> String {
    if output.ends_with(".html") {
        return "text/html; charset=utf-8".into();
    }
    mime_guess::from_path(output)
        .first_or_octet_stream()
        .to_string()
}

/// Whether a request path, once percent-decoded, has a `..` segment (or a backslash or NUL,
/// which no site path has).
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

/// The page shown instead of the site while the archive has errors.
fn error_page(diagnostics: &str) -> Vec<u8> {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<link rel=\"icon\" href=\"data:,\">\n\
         <title>The site did not build — opsbook serve</title>\n\
         <style>body{{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;line-height:1.5}}\
         pre{{white-space:pre-wrap;overflow-wrap:anywhere;background:#fff4f4;color:#1a1a1a;border-left:4px solid #b00020;padding:1rem;font-size:.9rem}}</style>\n\
         </head>\n<body>\n<main>\n<h1>The site did not build</h1>\n\
         <p>opsbook found these problems in the archive. Fix them and save: this page reloads \
         when the site builds again.</p>\n<pre>{}</pre>\n</main>\n</body>\n</html>\n",
        crate::render::escape_html(diagnostics.trim_end())
    )
    .into_bytes()
}

/// The page with the live-reload script before its last `</body>` (or at the end): it watches
/// the page's address and reloads once what the address answers differs from `seen`.
fn with_reload(page: &[u8], path: &str, seen: u64) -> Vec<u8> {
    let path: String =
        percent_encoding::utf8_percent_encode(path, percent_encoding::NON_ALPHANUMERIC).collect();
    let script = format!(
        "<script>(function(){{var s=new EventSource(\"{RELOAD_PATH}?path={path}&seen={seen:016x}\");\
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
        let out =
            String::from_utf8(with_reload(b"<p>a</p></body></html>", "/r/W 1/", 0xab)).unwrap();
        assert!(out.starts_with("<p>a</p><script>"), "{out}");
        assert!(out.ends_with("</script>\n</body></html>"), "{out}");
        assert!(
            out.contains("/__opsbook/reload?path=%2Fr%2FW%201%2F&seen=00000000000000ab"),
            "{out}"
        );
        let bare = String::from_utf8(with_reload(b"<p>a</p>", "/", 1)).unwrap();
        assert!(bare.starts_with("<p>a</p><script>"), "{bare}");
    }

    #[test]
    fn an_open_page_says_what_it_watches() {
        match Watching::of(Some("path=%2Freviews%2F2025-W14%2F&seen=00000000000000ff")) {
            Watching::Page { path, seen } => {
                assert_eq!((path.as_str(), seen), ("/reviews/2025-W14/", 255))
            }
            Watching::Build(_) => panic!("a page"),
        }
        assert!(matches!(
            Watching::of(Some("build=3")),
            Watching::Build(Some(3))
        ));
        assert!(matches!(Watching::of(None), Watching::Build(None)));
    }

    #[test]
    fn request_paths_become_site_paths() {
        assert_eq!(site_path("/"), "");
        assert_eq!(site_path("/reviews/2025-W14/"), "reviews/2025-W14/");
        assert_eq!(site_path("/a/./b//c.css"), "a/b/c.css");
        assert_eq!(site_path("/tags/caf%C3%A9/"), "tags/café/");
    }

    #[test]
    fn diagnostics_are_escaped_for_the_error_page() {
        assert_eq!(
            crate::render::escape_html("a.md:3:7: error: bad <script> & \"x\" 'y'"),
            "a.md:3:7: error: bad &lt;script&gt; &amp; &quot;x&quot; &#39;y&#39;"
        );
    }
}
