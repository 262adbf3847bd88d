#!/usr/bin/env python3
"""The benchmark driver behind scripts/bench: generate (or reuse) the archives, then time
`opsbook build` and `hugo` on each size, alternating, and print a table.

    python3 tools/bench-archive/bench.py --opsbook target/release/opsbook [--reps 3] [--sizes 1,2,5,10]
                                         [--teams 30] [--only opsbook|hugo] [--keep]
    python3 tools/bench-archive/bench.py --serve [--sizes 1,10] [--edits 12]   # serve_bench.py

Archives are cached under target/bench/archives/<hash of the generator's files>/; outputs go to
--out (by default /dev/shm/opsbook-bench, a memory file system, when there is one; else
target/bench/out/) and are deleted before every run (and at the end, unless --keep). Writing to
memory measures the two tools rather than the disk: on this machine's ext4, creating files right
after a large tree was deleted costs several seconds of kernel time per build (its inode
allocator checks recently deleted inodes), which hits the tool that writes more files harder and
varies from run to run. Each child's
wall time is measured here, its CPU time (user + sys) and peak RSS come from os.wait4's rusage.
The first run of every tool and size is a warm-up, reported apart from the medians.
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
# What the archives depend on (not this driver): a change to any of them regenerates.
GENERATOR_FILES = sorted(p for p in HERE.glob("*.py") if p.name != "bench.py") + \
    sorted((HERE.parent / "sample-archive").glob("*.py"))
TIMING = re.compile(r"^timing: (\S+) wall ([0-9.]+) s, cpu ([0-9.]+) s$")
BUILT = re.compile(r"^built .*?(\d+) warnings?")


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def generator_hash():
    h = hashlib.sha256()
    for path in GENERATOR_FILES:
        h.update(path.relative_to(REPO).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def archives(work, sizes, teams):
    """{years: (site root, hugo source)}, generating only what is not cached for this generator."""
    key = generator_hash()
    base = work / "archives"
    base.mkdir(parents=True, exist_ok=True)
    for old in base.iterdir():
        if old.name != key:
            log(f"removing archives of an older generator: {old}")
            shutil.rmtree(old)
    out = {}
    for years in sizes:
        d = base / key / f"y{years}-t{teams}"
        site, hugo = d / "site", d / "hugo"
        done = d / "complete"
        if not done.exists():
            if d.exists():
                shutil.rmtree(d)
            d.mkdir(parents=True)
            log(f"generating the {years}-year archive ({teams} teams) ...")
            t0 = time.perf_counter()
            res = subprocess.run([sys.executable, str(HERE / "generate.py"), "--years", str(years), "--teams",
                                  str(teams), "--root", str(site), "--hugo", str(hugo)],
                                 capture_output=True, text=True)
            if res.returncode != 0:
                raise SystemExit(f"generate.py --years {years} failed:\n{res.stdout}{res.stderr}")
            done.write_text(res.stdout)
            log(f"  {res.stdout.strip()} ({time.perf_counter() - t0:.1f} s)")
        else:
            log(f"reusing the {years}-year archive: {d}")
        out[years] = (site, hugo, done.read_text().strip())
    return out


def measure(cmd, log_path):
    """Runs cmd; returns exit code, wall and CPU seconds, peak RSS in MB and its stderr."""
    with open(log_path, "wb") as err, open(str(log_path) + ".out", "wb") as out:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=err)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    return dict(code=p.returncode, wall=wall, cpu=ru.ru_utime + ru.ru_stime, rss=ru.ru_maxrss / 1024,
                stderr=Path(log_path).read_text(errors="replace"),
                stdout=Path(str(log_path) + ".out").read_text(errors="replace"))


def count_html(folder):
    return sum(1 for _, _, names in os.walk(folder) for n in names if n.endswith(".html"))


class Runner:
    def __init__(self, args, work):
        self.args = args
        self.out = args.out
        self.cache = work / "hugo-cache"
        self.logs = work / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.timings = None  # unknown until the first build: does `build --timings` exist?

    def fresh(self, name):
        path = self.out / name
        if path.exists():
            shutil.rmtree(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def opsbook(self, site, years, tag):
        out = self.fresh("opsbook")
        base = [str(self.args.opsbook), "build", "--root", str(site), "--output", str(out)]
        logf = self.logs / f"opsbook-y{years}-{tag.replace(' ', '')}.log"
        if self.timings is not False:
            r = measure(base + ["--timings"], logf)
            if r["code"] == 2 and ("--timings" in r["stderr"] or "Usage:" in r["stderr"]):
                log("  opsbook build has no --timings flag (exit 2, usage error): measuring without it")
                self.timings = False
                out = self.fresh("opsbook")
                r = measure(base, logf)
            else:
                self.timings = True
        else:
            r = measure(base, logf)
        if r["code"] != 0:
            raise SystemExit(f"opsbook build failed on the {years}-year archive (exit {r['code']}):\n"
                             + r["stderr"][-4000:])
        r["stages"] = [(m.group(1), float(m.group(2)), float(m.group(3)))
                       for m in map(TIMING.match, r["stderr"].splitlines()) if m]
        built = [m for m in map(BUILT.match, r["stderr"].splitlines()) if m]
        r["warnings"] = int(built[-1].group(1)) if built else None
        return r, out

    def hugo(self, src, years, tag):
        out = self.fresh("hugo")
        cmd = ["hugo", "--minify=false", "--quiet", "-s", str(src), "-d", str(out),
               "--cacheDir", str(self.cache)]
        r = measure(cmd, self.logs / f"hugo-y{years}-{tag.replace(' ', '')}.log")
        if r["code"] != 0:
            raise SystemExit(f"hugo failed on the {years}-year archive (exit {r['code']}):\n"
                             + (r["stderr"] + r["stdout"])[-4000:])
        return r, out


def fmt_run(tool, years, tag, r):
    return f"  {years:>2}y {tool:<7} {tag:<7} wall {r['wall']:7.2f} s  cpu {r['cpu']:7.2f} s  RSS {r['rss']:7.0f} MB"


def median(rs, key):
    return statistics.median(r[key] for r in rs)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--opsbook", type=Path, default=REPO / "target/release/opsbook")
    ap.add_argument("--reps", type=int, default=3, help="measured runs per tool and size (after one warm-up)")
    ap.add_argument("--sizes", default="1,2,5,10", help="years of archive, comma-separated (default 1,2,5,10)")
    ap.add_argument("--teams", type=int, default=30)
    ap.add_argument("--only", choices=["opsbook", "hugo"], help="time one tool only")
    ap.add_argument("--work", type=Path, default=REPO / "target/bench")
    ap.add_argument("--keep", action="store_true", help="keep the last outputs in --out")
    ap.add_argument("--out", type=Path, default=None,
                    help="where the builds write (default /dev/shm/opsbook-bench when /dev/shm exists, "
                         "else target/bench/out)")
    ap.add_argument("--serve", action="store_true",
                    help="measure `opsbook serve` beside `hugo server` instead of builds (serve_bench.py): "
                         "first page, save to served, memory; on the sample and the sizes given (default 1,10)")
    ap.add_argument("--edits", type=int, default=12, help="with --serve: edits per server (default 12)")
    ap.add_argument("--pause", type=float, default=0.3, help="with --serve: seconds between edits")
    args = ap.parse_args()
    if args.serve and args.sizes == ap.get_default("sizes"):
        args.sizes = "1,10"
    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    if args.reps < 1 or not sizes or min(sizes) < 1:
        ap.error("--reps and every size must be at least 1")
    tools = [args.only] if args.only else ["opsbook", "hugo"]
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    if args.out is None:
        shm = Path("/dev/shm")
        in_memory = shm.is_dir() and shutil.disk_usage(shm).free > 4e9
        args.out = shm / "opsbook-bench" if in_memory else work / "out"
    args.out = args.out.resolve()
    log(f"builds write to {args.out}")

    free_gb = shutil.disk_usage(work).free / 1e9
    need_gb = 1.5 * max(sizes) / 10 + 0.5
    if free_gb < need_gb:
        raise SystemExit(f"only {free_gb:.1f} GB free under {work}; the benchmark needs about {need_gb:.1f} GB")

    versions = {}
    if "opsbook" in tools:
        if not args.opsbook.exists():
            raise SystemExit(f"{args.opsbook} not found: build it first (cargo build --release)")
        versions["opsbook"] = subprocess.run([str(args.opsbook), "--version"], capture_output=True,
                                             text=True).stdout.strip()
    if "hugo" in tools:
        if not shutil.which("hugo"):
            raise SystemExit("hugo not found (scripts/bench installs Debian's package; or use --only opsbook)")
        versions["hugo"] = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.strip()

    sites = archives(work, sizes, args.teams)
    load_before = os.getloadavg()[0]
    if args.serve:
        return serve_mode(args, sites, work, versions, load_before)
    runner = Runner(args, work)
    results = {}
    for years in sizes:
        site, hugo_src, counts = sites[years]
        res = {t: dict(warmup=None, runs=[], pages=None) for t in tools}
        for i in range(args.reps + 1):
            tag = "warm-up" if i == 0 else f"run {i}"
            for tool in tools:
                if tool == "opsbook":
                    r, out = runner.opsbook(site, years, tag)
                else:
                    r, out = runner.hugo(hugo_src, years, tag)
                log(fmt_run(tool, years, tag, r))
                if i == 0:
                    res[tool]["warmup"] = r
                    res[tool]["pages"] = count_html(out)
                    if tool == "opsbook" and r["warnings"]:
                        log(f"  note: opsbook reported {r['warnings']} warnings on the {years}-year archive")
                else:
                    res[tool]["runs"].append(r)
        results[years] = dict(counts=counts, tools=res)
        if not args.keep:
            shutil.rmtree(runner.out, ignore_errors=True)

    print()
    print(f"opsbook benchmark: {args.reps} measured runs per tool and size after one warm-up; "
          f"{os.cpu_count()} CPUs; {args.teams} teams")
    for k, v in versions.items():
        print(f"  {k}: {v}")
    print()
    for years in sizes:
        print(f"  {results[years]['counts']}")
    if load_before > 0.5:
        print(f"  note: the 1-minute load average was {load_before:.2f} before the first run: other work on "
              "this machine makes the times noisy")
    print()
    head = ["years"]
    if "opsbook" in tools:
        head += ["opsbook pages", "opsbook wall s", "opsbook CPU s", "opsbook RSS MB"]
    if "hugo" in tools:
        head += ["Hugo pages", "Hugo wall s", "Hugo CPU s", "Hugo RSS MB"]
    if len(tools) == 2:
        head.append("opsbook/Hugo wall")
    rows = []
    for years in sizes:
        row = [str(years)]
        for tool in tools:
            t = results[years]["tools"][tool]
            row += [str(t["pages"]), f"{median(t['runs'], 'wall'):.2f}", f"{median(t['runs'], 'cpu'):.2f}",
                    f"{max(r['rss'] for r in t['runs']):.0f}"]
        if len(tools) == 2:
            o, h = (results[years]["tools"][t] for t in tools)
            row.append(f"{median(o['runs'], 'wall') / median(h['runs'], 'wall'):.2f}")
        rows.append(row)
    print_table(head, rows)
    noisy = [f"{y}y {t} {min(r['wall'] for r in v['runs']):.2f}-{max(r['wall'] for r in v['runs']):.2f} s"
             for y in sizes for t, v in results[y]["tools"].items()
             if max(r["wall"] for r in v["runs"]) > 1.25 * min(r["wall"] for r in v["runs"])]
    if noisy:
        print("\nwall times varied by more than 25% between runs (a busy machine? try more --reps): "
              + "; ".join(noisy))
    print()
    print("warm-up runs (not in the medians): "
          + "; ".join(f"{y}y " + ", ".join(f"{t} {results[y]['tools'][t]['warmup']['wall']:.2f} s" for t in tools)
                      for y in sizes))

    if "opsbook" in tools and any(r["stages"] for y in sizes for r in results[y]["tools"]["opsbook"]["runs"]):
        print()
        print("opsbook stages (median of the measured runs, from `build --timings`):")
        for years in sizes:
            runs = results[years]["tools"]["opsbook"]["runs"]
            names = []
            for r in runs:
                names += [s for s, _, _ in r["stages"] if s not in names]
            srows = []
            for name in names:
                walls = [w for r in runs for s, w, _ in r["stages"] if s == name]
                cpus = [c for r in runs for s, _, c in r["stages"] if s == name]
                srows.append([name, f"{statistics.median(walls):.2f}", f"{statistics.median(cpus):.2f}"])
            print(f"\n  {years} year{'s' if years > 1 else ''}")
            print_table(["stage", "wall s", "CPU s"], srows, indent="  ")
    elif "opsbook" in tools:
        print("(no per-stage table: this opsbook build prints no `timing:` lines)")

    summary = {str(y): {t: dict(pages=v["pages"], warmup_wall=v["warmup"]["wall"],
                                runs=[dict(wall=r["wall"], cpu=r["cpu"], rss_mb=r["rss"], stages=r.get("stages", []))
                                      for r in v["runs"]])
                        for t, v in results[y]["tools"].items()} | {"archive": results[y]["counts"]}
               for y in sizes}
    (work / "results.json").write_text(json.dumps(dict(versions=versions, results=summary), indent=1) + "\n")
    print(f"\n(runs as JSON in {work / 'results.json'}; logs in {work / 'logs'})")


def serve_mode(args, sites, work, versions, load_before):
    import serve_bench
    args.repo = REPO
    if args.edits < 2:
        raise SystemExit("--edits must be at least 2")
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    log(f"serve mode: {args.edits} edits per server, scratch copies in {args.out}")
    rows = serve_bench.run(args, {y: s[:2] for y, s in sites.items()}, args.out, logs, log)
    shutil.rmtree(args.out, ignore_errors=True)
    print()
    print(f"opsbook serve benchmark: {args.edits} edits of the newest review per server; "
          f"{os.cpu_count()} CPUs; {args.teams} teams")
    for k, v in versions.items():
        print(f"  {k}: {v}")
    for y in sorted(sites):
        print(f"  {sites[y][2]}")
    if load_before > 0.5:
        print(f"  note: the 1-minute load average was {load_before:.2f} before the first run: other work on "
              "this machine makes the times noisy")
    print()
    print_table(serve_bench.HEAD, rows)
    (work / "serve-results.json").write_text(
        json.dumps(dict(versions=versions, head=serve_bench.HEAD, rows=rows), indent=1) + "\n")
    print(f"\n(rows as JSON in {work / 'serve-results.json'}; server logs in {logs})")


def print_table(head, rows, indent=""):
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    line = lambda cells: indent + "  ".join(  # noqa: E731
        str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    print(line(head))
    print(indent + "  ".join("-" * w for w in widths))
    for r in rows:
        print(line(r))


if __name__ == "__main__":
    main()
