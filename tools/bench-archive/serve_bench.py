"""The benchmark's serve mode (`scripts/bench --serve`): the preview server at scale, beside
`hugo server` on the same records.

For each archive (the repository's sample, and the benchmark's archives of the sizes asked for)
the archive is copied to a scratch folder, the server is started on a free port, and this
measures:

- first page: from starting the process to the home page served (status 200);
- save to served: the newest review gets a new sentence at the end of its text, written as an
  editor writes a file; the review's page is polled every few milliseconds until it shows the
  sentence. Repeated --edits times, a moment apart; median and 90th percentile. The watcher's
  debounce is part of it (opsbook waits 25 ms for a burst of file events to settle). For
  opsbook a second row edits the review's front matter instead (the sentence goes at the end
  of its `summary:`): what the figures read changed, so the archive is analysed again (what
  each unchanged review gave is kept), where an edit of the text keeps the analysis; and a third
  row changes a figure too (the summary's sentence, and the first team's `tickets:` raised by
  one more each time), so that the review's on-call loads and every total and flag that reads
  them are computed again;
- memory: the server's peak resident set (VmHWM) at the end, beside the peak of one
  `opsbook build` of the same archive.

Hugo has no counterpart for the sample; for the benchmark archives `hugo server` serves the
same records as plain Markdown (rendered to memory, its default), edited the same way.
"""

import http.client
import os
import shutil
import socket
import statistics
import subprocess
import time
from pathlib import Path

POLL = 0.005


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(port, path):
    """(status, body) of GET path, or (None, b"") when nothing answers yet."""
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        c.request("GET", path)
        r = c.getresponse()
        body = r.read()
        c.close()
        return r.status, body
    except OSError:
        return None, b""


def peak_rss_mb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def newest_review(content, nested):
    """The newest review's file: content/reviews/<year>/<week>.md (opsbook) or
    content/reviews/<week>.md (Hugo)."""
    pattern = "*/*-W*.md" if nested else "*-W*.md"
    return max((content / "reviews").glob(pattern), key=lambda p: p.stem)


class Server:
    def __init__(self, cmd, port, log):
        self.port = port
        self.log = open(log, "wb")
        self.t0 = time.perf_counter()
        self.p = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT)

    def first_page(self, limit=600):
        while time.perf_counter() - self.t0 < limit:
            if self.p.poll() is not None:
                raise SystemExit(f"the server stopped (exit {self.p.returncode}); see {self.log.name}")
            status, _ = fetch(self.port, "/")
            if status == 200:
                return time.perf_counter() - self.t0
            time.sleep(0.02)
        raise SystemExit(f"no page after {limit} s; see {self.log.name}")

    def stop(self):
        rss = peak_rss_mb(self.p.pid)
        self.p.terminate()
        try:
            self.p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
        self.log.close()
        return rss


def with_mark(original, mark, where, k=0):
    """The review's text with `mark` at the end of its body, or of its `summary:` line; for
    "figures", also with its first team's `tickets:` raised by k + 1."""
    if where == "text":
        return original.rstrip("\n") + f"\n\n{mark}\n"
    lines = original.split("\n")
    marked = False
    for i, line in enumerate(lines):
        if line.startswith("summary: "):
            lines[i] = f"{line} {mark}"
            marked = True
            break
    if not marked:
        raise SystemExit("the newest review has no `summary:` line to edit")
    if where == "figures":
        for i, line in enumerate(lines):
            if line.startswith("    tickets: ") and line.split(": ", 1)[1].strip().isdigit():
                lines[i] = f"    tickets: {int(line.split(': ', 1)[1]) + k + 1}"
                break
        else:
            raise SystemExit("the newest review has no team with `tickets:` to edit")
    return "\n".join(lines)


def edits(server, file, address, count, pause, where="text"):
    """Save-to-served times in seconds of `count` edits of `file`, each polled at `address`."""
    original = file.read_text()
    times = []
    try:
        for k in range(count):
            mark = f"Benchmark edit {k} of {os.getpid()}."
            text = with_mark(original, mark, where, k)
            # As an editor saves: a new file beside it, renamed over the old one.
            tmp = file.with_name(f".{file.name}.bench")
            tmp.write_text(text)
            t0 = time.perf_counter()
            os.replace(tmp, file)
            while True:
                status, body = fetch(server.port, address)
                if status == 200 and mark.encode() in body:
                    times.append(time.perf_counter() - t0)
                    break
                if time.perf_counter() - t0 > 120:
                    raise SystemExit(f"edit {k} not served after 120 s at {address}; see {server.log.name}")
                time.sleep(POLL)
            time.sleep(pause)
    finally:
        file.write_text(original)
    return times


def p90(xs):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(0.9 * (len(xs) - 1)))]


def run(args, sites, scratch, logs, log):
    """Measures every archive; returns the table's rows."""
    rows = []
    targets = [("sample", args.repo / "content", None)]
    targets += [(f"{y}y", Path(sites[y][0]) / "content", Path(sites[y][1])) for y in sorted(sites)]
    for name, content, hugo_src in targets:
        root = scratch / f"opsbook-{name}"
        if root.exists():
            shutil.rmtree(root)
        root.mkdir(parents=True)
        shutil.copytree(content, root / "content", symlinks=True)

        out = scratch / "build-out"
        shutil.rmtree(out, ignore_errors=True)
        t0 = time.perf_counter()
        p = subprocess.Popen([str(args.opsbook), "build", "--root", str(root), "--output", str(out)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
        build_wall, build_rss = time.perf_counter() - t0, ru.ru_maxrss / 1024
        shutil.rmtree(out, ignore_errors=True)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"opsbook build failed on {root}")

        review = newest_review(root / "content", nested=True)
        port = free_port()
        server = Server([str(args.opsbook), "serve", "--root", str(root), "--port", str(port)], port,
                        logs / f"serve-{name}.log")
        try:
            first = server.first_page()
            address = f"/reviews/{review.stem}/"
            times = {where: edits(server, review, address, args.edits, args.pause, where)
                     for where in ("text", "front matter", "figures")}
        finally:
            rss = server.stop()
        for where, ts in times.items():
            log(f"  {name:>6} opsbook serve, edits of the {where}: first page {first:.2f} s, save to "
                f"served median {statistics.median(ts) * 1000:.0f} ms, p90 {p90(ts) * 1000:.0f} ms, "
                f"peak RSS {rss:.0f} MB (build {build_wall:.2f} s, {build_rss:.0f} MB)")
            rows.append([name, "opsbook", where, f"{first:.2f}", f"{statistics.median(ts) * 1000:.0f}",
                         f"{p90(ts) * 1000:.0f}", str(len(ts)), f"{rss:.0f}", f"{build_rss:.0f}"])
        shutil.rmtree(root, ignore_errors=True)

        if hugo_src is None or args.only == "opsbook":
            continue
        src = scratch / f"hugo-{name}"
        if src.exists():
            shutil.rmtree(src)
        shutil.copytree(hugo_src, src, symlinks=True)
        review = newest_review(src / "content", nested=False)
        port = free_port()
        server = Server(["hugo", "server", "-s", str(src), "--port", str(port), "--bind", "127.0.0.1",
                         "--baseURL", f"http://127.0.0.1:{port}/", "--appendPort=false",
                         "--disableLiveReload", "--cacheDir", str(scratch / "hugo-cache"), "--quiet"],
                        port, logs / f"hugo-server-{name}.log")
        try:
            first = server.first_page()
            times = edits(server, review, f"/reviews/{review.stem.lower()}/", args.edits, args.pause)
        finally:
            rss = server.stop()
        log(f"  {name:>6} hugo server: first page {first:.2f} s, save to served median "
            f"{statistics.median(times) * 1000:.0f} ms, p90 {p90(times) * 1000:.0f} ms, peak RSS {rss:.0f} MB")
        rows.append([name, "hugo", "text", f"{first:.2f}", f"{statistics.median(times) * 1000:.0f}",
                     f"{p90(times) * 1000:.0f}", str(len(times)), f"{rss:.0f}", ""])
        shutil.rmtree(src, ignore_errors=True)
    return rows


HEAD = ["archive", "server", "edit of", "first page s", "save→served median ms", "p90 ms", "edits",
        "peak RSS MB", "build peak RSS MB"]
