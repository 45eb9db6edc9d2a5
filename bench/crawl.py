#!/usr/bin/env python3
"""Crawl throughput: the real ``scrapy crawl news`` on a large local news site, against its limit.

What it does, in one run (issue 7):

1. generates (once, cached) a WordPress-style news site of ``--pages`` 60-150 KB articles
   with section fronts, tag and author pages, RSS feeds and a sitemap index
   (``bench/newssite.py``), and serves it on 127.0.0.1 from a separate process
   (asyncio + ``sendfile``, pre-gzipped bodies); its CPU per request is reported, so you can
   see it is not the bottleneck;
2. runs ``scrapy crawl news`` from the project root with loopback pacing off
   (``DOWNLOAD_DELAY=0 AUTOTHROTTLE_ENABLED=False CONCURRENT_REQUESTS[_PER_DOMAIN]=32``) and
   the benchmark's probe extension (``bench/crawlprobe.py``: per-stage CPU timers and a
   CPU/RSS timeline of the crawl process tree), with extraction in a process pool;
3. runs it again single-process (``EXTRACT_WORKERS=0``: a thread; and/or ``--single inline``:
   truly in the callback, emulated by the probe);
4. measures the limit: plain ``trafilatura.extract(html, url=url, favor_precision=True,
   include_comments=False)`` on the same article files in a pool of ``os.cpu_count()``;
5. prints pages/s, CPU ms per page by stage, peak RSS, WARC and database bytes per page, and
   the ratios to the limit and to the single-process pipeline.

Throughput is measured over the steady part of each crawl (from 5% of the pages to the last
sample before the spider closes), so interpreter start-up, spawning the pool and closing are
left out; the end-to-end wall time of each command is printed too.

Options: ``--links`` also crawls with ``NEWS_FOLLOW_LINKS=False`` to price link following;
``--scale`` crawls ``--scale-pages`` (default 20000) and reports cost per page over the
windows up to 1k, 1k-5k and 5k-20k pages and peak RSS growth from 5k to 20k;
``--profile`` runs one more crawl under cProfile and prints where the crawl process spends
its CPU. ``--rounds N`` repeats the pool run, the single-process run(s) and the limit N times,
back to back, prints each round's ratios and their medians, and shows the median round's
tables: this machine's speed drifts by a third over minutes (other tenants), and one round
can land a run in a slow spell.

Exit status: 0 when every crawl finished, 1 when a crawl or the server failed, 2 for a
missing environment. Figures are a measurement: missing a target is printed, not an error.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import pstats
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
SCRAPY = VENV / "bin" / "scrapy"

TARGET_LIMIT_RATIO = 0.75
TARGET_SINGLE_RATIO = 1.8
TARGET_RSS_GROWTH = 0.10


class BenchError(RuntimeError):
    """A step failed; printed as one line."""


def _ensure_environment() -> None:
    """Run under the project's venv (scrapy, trafilatura, rich); exit 2 when it is missing."""
    if not SCRAPY.exists():
        print(f"crawl: {SCRAPY} not found; run `make install` first", file=sys.stderr)
        sys.exit(2)
    if Path(sys.prefix).resolve() != VENV.resolve():
        os.execv(str(PYTHON), [str(PYTHON), str(Path(__file__).resolve()), *sys.argv[1:]])
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


# -- the server -----------------------------------------------------------------------


def _proc_cpu(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            f = fh.read().rsplit(b")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")


def _cpu_ticks() -> tuple[int, int]:
    """(steal, total) jiffies of the whole machine from /proc/stat: on a shared VM, time
    the hypervisor gave the vCPUs to other tenants is "steal", and it slows a run without
    showing in any process's CPU time."""
    try:
        with open("/proc/stat", "rb") as fh:
            fields = [int(x) for x in fh.readline().split()[1:]]
    except (OSError, ValueError):
        return 0, 0
    steal = fields[7] if len(fields) > 7 else 0
    return steal, sum(fields[:8])


def _steal_share(before: tuple[int, int], after: tuple[int, int]) -> float:
    total = after[1] - before[1]
    return (after[0] - before[0]) / total if total > 0 else 0.0


def _children_of(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                ppid = int(fh.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if ppid == pid:
            out.append(int(entry))
    return out


class Server:
    """``python -m bench.newssite serve`` in its own process group."""

    def __init__(self, root: str, procs: int) -> None:
        self.proc = subprocess.Popen(
            [str(PYTHON), "-m", "bench.newssite", "serve", root, "--procs", str(procs)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        line = self.proc.stdout.readline() if self.proc.stdout else ""
        if not line.startswith("READY "):
            err = self.proc.stderr.read() if self.proc.stderr else ""
            raise BenchError(f"the site server did not start: {line.strip()} {err.strip()}")
        self.base = f"http://127.0.0.1:{int(line.split()[1])}"
        time.sleep(0.2)
        self.pids = [self.proc.pid, *_children_of(self.proc.pid)]

    def cpu(self) -> float:
        return sum(_proc_cpu(p) for p in self.pids)

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


# -- one crawl ------------------------------------------------------------------------


@dataclass
class Run:
    name: str
    exit: int | str = 0
    wall: float = 0.0
    lines: list[dict[str, Any]] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)
    db_bytes: int = 0
    warc_bytes: int = 0
    server_cpu: float = 0.0
    steal: float = 0.0  # share of the machine's CPU time stolen during the run
    out: Path | None = None

    # -- derived figures ------------------------------------------------------------
    def ticks(self) -> list[dict[str, Any]]:
        return [ln for ln in self.lines if ln["event"] in ("open", "tick")]

    def window(self, lo: int | None = None, hi: int | None = None) -> tuple[dict, dict]:
        """First and last samples of the steady part (or of items in [lo, hi])."""
        ticks = self.ticks()
        if len(ticks) < 3:
            raise BenchError(f"{self.name}: crawl too short to measure (raise --pages)")
        final = self.final()["items"]
        if lo is None:
            lo = max(50, int(final * 0.05))
        first = next((t for t in ticks if t["items"] >= lo), ticks[0])
        if hi is None:
            last = ticks[-1]
        else:
            last = next((t for t in ticks if t["items"] >= hi), ticks[-1])
        if last["items"] <= first["items"]:
            first, last = ticks[0], ticks[-1]
        return first, last

    def final(self) -> dict[str, Any]:
        closed = [ln for ln in self.lines if ln["event"] in ("closed", "stopped")]
        return closed[-1] if closed else self.lines[-1]

    def figures(self, lo: int | None = None, hi: int | None = None) -> dict[str, Any]:
        a, b = self.window(lo, hi)
        pages = b["items"] - a["items"]
        secs = b["t"] - a["t"]
        ms = 1000.0 / pages
        stages = {k: (b["stages"].get(k, 0) - a["stages"].get(k, 0)) * ms for k in b["stages"]}
        main = (b["cpu_main"] - a["cpu_main"]) * ms
        workers = (b["cpu_children"] - a["cpu_children"]) * ms
        fetch = main - sum(stages.values())
        return {
            "pages": pages,
            "seconds": secs,
            "pages_s": pages / secs,
            "cpu_main_ms": main,
            "cpu_workers_ms": workers,
            "stages_ms": stages,
            "fetch_ms": fetch,
            "extract_ms": workers + stages.get("extract", 0.0),
            "rss_peak": max(t["rss_main"] + t["rss_children"] for t in self.lines),
            "walls_ms": {
                k: (b.get("walls", {}).get(k, 0) - a.get("walls", {}).get(k, 0)) * ms
                for k in b.get("walls", {})
            },
            "cores_used": pages / secs * (main + workers) / 1000,
            # Per stored article: fair between runs whose page mix differs (listings).
            "cpu_main_per_article_ms": (b["cpu_main"] - a["cpu_main"])
            * 1000
            / max(1, b["stored"] - a["stored"]),
        }


def _extensions_setting(extra: dict[str, int]) -> str:
    from crawler import settings as project_settings

    exts = dict(project_settings.EXTENSIONS)
    exts.update(extra)
    return json.dumps(exts)


def crawl(
    name: str,
    base: str,
    workdir: Path,
    settings: list[str],
    expected: int,
    server: Server,
    console,
    *,
    timeout: float,
    profile: Path | None = None,
) -> Run:
    """Run one ``scrapy crawl news`` with the probe; progress from its timeline."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    out = workdir / name
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    probe = out / "probe.jsonl"
    args = [
        "crawl", "news",
        "-a", f"start_urls={base}/",
        "-s", f"CORPUS_DB={out / 'corpus.db'}",
        "-s", f"WARC_DIR={out / 'warcs'}",
        "-s", "DOWNLOAD_DELAY=0",
        "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=32",
        "-s", "CONCURRENT_REQUESTS=32",
        "-s", f"NEWS_MAX_PAGES_PER_SOURCE={expected * 2 + 5000}",
        "-s", "LOG_LEVEL=INFO",
        # The site is on loopback, which the crawler refuses by default (crawler/addresses.py).
        "-s", "SECURITY_ALLOWED_NETWORKS=127.0.0.1/32",
        "-s", f"EXTENSIONS={_extensions_setting({'bench.crawlprobe.CrawlProbe': 10})}",
        "-s", f"BENCH_PROBE_FILE={probe}",
        *settings,
    ]  # fmt: skip
    if profile is None:
        cmd = [str(SCRAPY), *args]
    else:
        cmd = [str(PYTHON), "-m", "cProfile", "-o", str(profile), "-m", "scrapy", *args]
    run = Run(name, out=out)
    cpu0 = server.cpu()
    ticks0 = _cpu_ticks()
    started = time.monotonic()
    with (
        open(out / "crawl.log", "wb") as log,
        Progress(
            TextColumn(f"[bold]{name:<12}"),
            BarColumn(),
            TextColumn("{task.completed:>6.0f}/{task.total:.0f} pages {task.fields[rate]}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as progress,
    ):
        task = progress.add_task(name, total=expected, rate="")
        proc = subprocess.Popen(
            cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        while proc.poll() is None:
            time.sleep(0.5)
            last = _last_line(probe)
            if last:
                elapsed = time.monotonic() - started
                progress.update(
                    task,
                    completed=min(last["items"], expected),
                    rate=f"({last['items'] / max(elapsed, 0.1):.0f}/s incl. start-up)",
                )
            if time.monotonic() - started > timeout:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
                run.exit = "timeout"
                break
        else:
            run.exit = proc.returncode
    run.wall = time.monotonic() - started
    run.steal = _steal_share(ticks0, _cpu_ticks())
    run.server_cpu = server.cpu() - cpu0
    if probe.exists():
        run.lines = [json.loads(ln) for ln in probe.read_text().splitlines() if ln.strip()]
    run.stats = _crawl_stats(out / "corpus.db")
    run.db_bytes = sum(
        p.stat().st_size for p in out.glob("corpus.db*") if not p.name.endswith(".lock")
    )
    run.warc_bytes = sum(p.stat().st_size for p in (out / "warcs").glob("*.warc.gz*"))
    if run.exit != 0 or not run.lines:
        tail = (out / "crawl.log").read_text(errors="replace").splitlines()[-5:]
        raise BenchError(f"{name}: scrapy crawl exited {run.exit}; log tail: {' | '.join(tail)}")
    if not run.final().get("items"):
        log_text = (out / "crawl.log").read_text(errors="replace").splitlines()
        first = next((ln for ln in log_text if " WARNING: " in ln or " ERROR: " in ln), "?")
        raise BenchError(f"{name}: the crawl fetched no pages; first warning: {first[:300]}")
    errors = run.stats.get("log_count/ERROR", 0)
    if errors:
        log_text = (out / "crawl.log").read_text(errors="replace").splitlines()
        first = next((ln for ln in log_text if " ERROR: " in ln), "?")
        raise BenchError(f"{name}: {errors} error(s) logged, first: {first.strip()[:300]}")
    return run


def _last_line(path: Path) -> dict[str, Any] | None:
    try:
        with open(path, "rb") as fh:
            fh.seek(0, os.SEEK_END)
            size = fh.tell()
            fh.seek(max(0, size - 4096))
            tail = fh.read().splitlines()
    except OSError:
        return None
    for raw in reversed(tail):
        try:
            return json.loads(raw)
        except ValueError:
            continue
    return None


def _crawl_stats(db: Path) -> dict[str, Any]:
    if not db.exists():
        return {}
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        row = con.execute("SELECT stats FROM crawls ORDER BY id DESC LIMIT 1").fetchone()
        stats = json.loads(row[0]) if row and row[0] else {}
        stats["_articles_rows"] = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        stats["_captures_rows"] = con.execute("SELECT count(*) FROM captures").fetchone()[0]
        return stats
    except (sqlite3.Error, ValueError):
        return {}
    finally:
        con.close()


# -- the limit ------------------------------------------------------------------------


def _limit_init() -> None:
    import trafilatura  # noqa: F401 - import once per worker, outside the timing


def _limit_job(job: tuple[str, str]) -> float:
    import trafilatura

    path, url = job
    html = Path(path).read_bytes().decode("utf-8")
    t0 = time.process_time()
    trafilatura.extract(html, url=url, favor_precision=True, include_comments=False)
    return time.process_time() - t0


def measure_limit(site_root: str, paths: list[str], base: str, n: int, console) -> dict:
    """Plain trafilatura on ``n`` article pages in a pool of os.cpu_count() processes."""
    from rich.progress import Progress

    step = max(1, len(paths) // n)
    jobs = [(f"{site_root}{p}index.html", base + p) for p in paths[::step][:n]]
    procs = os.cpu_count() or 1
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(procs, initializer=_limit_init) as pool:
        pool.map(_limit_job, jobs[: procs * 2], chunksize=1)  # warm: imports, caches
        cpu: list[float] = []
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("limit (plain trafilatura, all cores)", total=len(jobs))
            t0 = time.monotonic()
            ticks0 = _cpu_ticks()
            for c in pool.imap_unordered(_limit_job, jobs, chunksize=4):
                cpu.append(c)
                progress.advance(task)
            wall = time.monotonic() - t0
            steal = _steal_share(ticks0, _cpu_ticks())
    return {
        "pages": len(jobs),
        "procs": procs,
        "pages_s": len(jobs) / wall,
        "cpu_ms": 1000 * sum(cpu) / len(cpu),
        "steal": steal,
    }


# -- reporting ------------------------------------------------------------------------

STAGE_ORDER = [
    ("fetch", "fetch/engine (rest of crawl process)"),
    ("warc", "WARC (build, digest, gzip, fsync)"),
    ("sqlite", "SQLite (captures, articles, FTS)"),
    ("spider", "spider parse_page (lxml, canonical, item)"),
    ("links", "link following (_follow)"),
    ("discovery", "feeds and sitemaps"),
    ("frontier", "SQLite frontier scheduler"),
    ("extract", "extraction"),
]


def stage_rows(f: dict[str, Any]) -> dict[str, float]:
    s = dict(f["stages_ms"])
    s.pop("extract", None)
    s["fetch"] = f["fetch_ms"]
    s["extract"] = f["extract_ms"]
    return s


def print_report(console, runs: dict[str, Run], limit: dict, server_info: dict, args) -> dict:
    from rich.table import Table

    main = runs["pool"]
    fm = main.figures()
    summary: dict[str, Any] = {"limit": limit, "runs": {}}
    t = Table(title="Crawl runs (steady window)", show_lines=False)
    t.add_column("run")
    for col in (
        "pages",
        "articles",
        "pages/s",
        "cores used",
        "wall s",
        "crawl-proc CPU ms/pg",
        "worker CPU ms/pg",
        "peak RSS MB",
        "WARC B/pg",
        "DB B/article",
        "server ms/req",
    ):
        t.add_column(col, justify="right")
    for name, run in runs.items():
        f = run.figures()
        responses = run.stats.get("downloader/response_count") or 1
        articles = run.stats.get("_articles_rows") or 1
        server_ms = 1000 * run.server_cpu / responses
        t.add_row(
            name,
            f"{run.final()['items']}",
            f"{run.stats.get('_articles_rows', 0)}",
            f"{f['pages_s']:.1f}",
            f"{f['cores_used']:.2f}",
            f"{run.wall:.0f}",
            f"{f['cpu_main_ms']:.1f}",
            f"{f['cpu_workers_ms']:.1f}",
            f"{f['rss_peak'] / 2**20:.0f}",
            f"{run.warc_bytes / responses:,.0f}",
            f"{run.db_bytes / articles:,.0f}",
            f"{server_ms:.2f}",
        )
        summary["runs"][name] = {
            **{k: v for k, v in f.items()},
            "wall": run.wall,
            "exit": run.exit,
            "responses": responses,
            "articles": run.stats.get("_articles_rows"),
            "warc_bytes_per_response": run.warc_bytes / responses,
            "db_bytes_per_article": run.db_bytes / articles,
            "server_ms_per_request": server_ms,
            "errors": run.stats.get("log_count/ERROR", 0),
            "not_articles": {
                k.split("/", 2)[2]: v
                for k, v in run.stats.items()
                if k.startswith("extract/not_article/")
            },
        }
    console.print(t)

    st = Table(title="CPU ms per page by stage (steady window)")
    st.add_column("stage")
    for name in runs:
        st.add_column(name, justify="right")
    rows = {name: stage_rows(run.figures()) for name, run in runs.items()}
    for key, label in STAGE_ORDER:
        st.add_row(label, *(f"{rows[n].get(key, 0.0):.2f}" for n in runs))
    st.add_row("total", *(f"{sum(rows[n].values()):.2f}" for n in runs))
    for key, label in (("warc", "WARC"), ("sqlite", "SQLite"), ("frontier", "frontier")):
        st.add_row(
            f"  reactor blocked in {label}, wall ms/pg",
            *(f"{run.figures()['walls_ms'].get(key, 0.0):.2f}" for run in runs.values()),
        )
    console.print(st)
    console.print(
        "  extraction = worker processes' CPU (pool) or the extraction thread's / reactor "
        "thread's CPU (thread, inline); fetch/engine = crawl-process CPU not in a timed stage."
    )

    ratio_limit = fm["pages_s"] / limit["pages_s"]
    lt = Table(title="Against the limit")
    lt.add_column("figure")
    lt.add_column("value", justify="right")
    lt.add_column("target", justify="right")
    lt.add_row(
        f"limit: plain trafilatura, {limit['procs']} procs, {limit['pages']} pages",
        f"{limit['pages_s']:.1f} pages/s",
        "",
    )
    lt.add_row("plain trafilatura CPU per page", f"{limit['cpu_ms']:.1f} ms", "")
    lt.add_row("pipeline (pool) / limit", f"{ratio_limit:.2f}x", f">= {TARGET_LIMIT_RATIO}x")
    summary["ratio_limit"] = ratio_limit
    # What the ratios would be on a dedicated machine, from CPU per page alone: the
    # measured throughputs above depend on how much of a shared machine each run got.
    ncpu = limit["procs"]
    pool_total = fm["cpu_main_ms"] + fm["cpu_workers_ms"]
    pool_bound = min(ncpu * 1000 / pool_total, 1000 / fm["cpu_main_ms"])
    limit_bound = ncpu * 1000 / limit["cpu_ms"]
    lt.add_row(
        "  CPU model (dedicated cores, no fsync waits): pipeline / limit",
        f"{pool_bound / limit_bound:.2f}x",
        f"({pool_bound:.0f} vs {limit_bound:.0f} pages/s)",
    )
    summary["model_ratio_limit"] = pool_bound / limit_bound
    for name in ("thread", "inline"):
        if name in runs:
            r = fm["pages_s"] / runs[name].figures()["pages_s"]
            lt.add_row(f"pipeline (pool) / single-process ({name})", f"{r:.2f}x", ">= 1.8x")
            summary[f"ratio_{name}"] = r
            fs = runs[name].figures()
            single_bound = 1000 / (fs["cpu_main_ms"] + fs["cpu_workers_ms"])
            lt.add_row(
                f"  CPU model: pipeline / single-process ({name})",
                f"{pool_bound / single_bound:.2f}x",
                "",
            )
            summary[f"model_ratio_{name}"] = pool_bound / single_bound
    if "nolinks" in runs:
        fn = runs["nolinks"].figures()
        lt.add_row(
            "link following: pages/s without / with",
            f"{fn['pages_s']:.1f} / {fm['pages_s']:.1f}",
            "",
        )
        lt.add_row(
            "link following: crawl-process CPU ms per stored article, with / without",
            f"{fm['cpu_main_per_article_ms']:.1f} / {fn['cpu_main_per_article_ms']:.1f}",
            "",
        )
    lt.add_row(
        "server CPU per request (pool run)",
        f"{summary['runs']['pool']['server_ms_per_request']:.2f} ms",
        f"ceiling ~{server_info['ceiling']:.0f} req/s/core",
    )
    console.print(lt)
    return summary


def print_scale(console, run: Run, marks: list[int]) -> dict:
    from rich.table import Table

    t = Table(title=f"Scale: one crawl of {run.final()['items']} pages, by window")
    for col in (
        "pages",
        "pages/s",
        "crawl-proc ms/pg",
        "workers ms/pg",
        "SQLite ms/pg",
        "WARC ms/pg",
    ):
        t.add_column(col, justify="right")
    out: dict[str, Any] = {"windows": []}
    lo = 0
    for hi in marks:
        f = run.figures(lo=max(lo, 20), hi=hi)
        t.add_row(
            f"{lo}-{hi}",
            f"{f['pages_s']:.1f}",
            f"{f['cpu_main_ms']:.2f}",
            f"{f['cpu_workers_ms']:.2f}",
            f"{f['stages_ms'].get('sqlite', 0):.2f}",
            f"{f['stages_ms'].get('warc', 0):.2f}",
        )
        out["windows"].append({"from": lo, "to": hi, **f})
        lo = hi
    console.print(t)
    ticks = run.ticks()
    mid = marks[-2] if len(marks) > 1 else marks[0]
    before = [x for x in ticks if x["items"] <= mid]
    rss_mid = max((x["rss_main"] + x["rss_children"] for x in before), default=0)
    rss_end = max(x["rss_main"] + x["rss_children"] for x in run.lines)
    main_mid = max((x["rss_main"] for x in before), default=0)
    main_end = max(x["rss_main"] for x in run.lines)
    growth = rss_end / rss_mid - 1 if rss_mid else float("nan")
    console.print(
        f"  peak RSS of the crawl tree: {rss_mid / 2**20:.0f} MB up to {mid} pages, "
        f"{rss_end / 2**20:.0f} MB at the end: {100 * growth:+.1f}% "
        f"(target < {100 * TARGET_RSS_GROWTH:.0f}%); crawl process alone "
        f"{main_mid / 2**20:.0f} -> {main_end / 2**20:.0f} MB"
    )
    out.update(
        rss_mid=rss_mid, rss_end=rss_end, growth=growth, main_mid=main_mid, main_end=main_end
    )
    return out


def print_profile(console, path: Path, top: int = 30) -> None:
    stats = pstats.Stats(str(path))
    total = stats.total_tt
    console.print(f"[bold]cProfile of the crawl process[/] (total {total:.1f} s of profiled CPU)")
    console.print("  top functions by own time:")
    rows = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)[:top]
    for (file, line, func), (_cc, nc, tt, ct, _callers) in rows:
        where = f"{Path(file).name}:{line}"
        console.print(
            f"   {100 * tt / total:5.1f}%  {tt:7.2f}s own  {ct:7.2f}s cum  {nc:>8}"
            f"  {func} ({where})"
        )
    console.print("  selected entry points by cumulative time:")
    wanted = (
        "response_downloaded",
        "write_records",
        "_serialize",
        "build_exchange",
        "store_article",
        "add_capture",
        "parse_page",
        "_follow",
        "canonicalize_url",
        "_page_request",
        "process_item",
        "page_from_response",
        "selector",
        "request_fingerprint",
        "fingerprint",
        "decode",
        "fsync",
        "compress",
        "_write_warc_record",
    )
    seen = set()
    for (file, line, func), (_cc, nc, _tt, ct, _callers) in sorted(
        stats.stats.items(), key=lambda kv: kv[1][3], reverse=True
    ):
        if func in wanted and (func, file) not in seen and ct > 0.05:
            seen.add((func, file))
            console.print(
                f"   {100 * ct / total:5.1f}%  {ct:7.2f}s cum  {nc:>8}  {func} "
                f"({Path(file).parent.name}/{Path(file).name}:{line})"
            )


# -- main -----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    _ensure_environment()
    from rich.console import Console
    from rich.progress import Progress

    from bench import newssite

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=1000, help="article pages (default 1000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--single", choices=("thread", "inline", "both", "none"), default="thread")
    ap.add_argument("--links", action="store_true", help="also crawl with NEWS_FOLLOW_LINKS=False")
    ap.add_argument("--scale", action="store_true", help="one large crawl, cost per window")
    ap.add_argument("--scale-pages", type=int, default=20000)
    ap.add_argument("--profile", action="store_true", help="one more crawl under cProfile")
    ap.add_argument("--limit-pages", type=int, default=400)
    ap.add_argument(
        "--rounds", type=int, default=1, help="repeat pool, single and limit runs; report medians"
    )
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="EXTRACT_WORKERS")
    ap.add_argument("--server-procs", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=1800)
    ap.add_argument("--keep", type=Path, help="keep crawl outputs in this directory")
    ap.add_argument("--json", type=Path, help="write the figures as JSON")
    ap.add_argument("-s", dest="extra", action="append", default=[], help="extra scrapy setting")
    ap.add_argument(
        "--styles",
        nargs="*",
        metavar="STYLE",
        help="crawl each bench/sites style (all when none named), scaled to --style-pages"
        " articles (bench/stylesite.py), against the limit on its own pages; print the worst",
    )
    ap.add_argument("--style-pages", type=int, default=1000)
    args = ap.parse_args(argv)

    console = Console(width=max(132, shutil.get_terminal_size().columns))
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="newsarchive-crawlbench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    extra = [x for s in args.extra for x in ("-s", s)]
    server: Server | None = None
    if args.styles is not None:
        try:
            return run_styles(args, console, workdir, extra)
        except BenchError as exc:
            console.print(f"[red]crawl bench: {exc}[/]")
            return 1
        finally:
            if args.keep is None:
                shutil.rmtree(workdir, ignore_errors=True)
    try:
        n_site = args.scale_pages if args.scale else args.pages
        spec = newssite.SiteSpec(n_site, args.seed)
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task(f"generating site ({n_site} articles)", total=n_site)
            info = newssite.generate(spec, lambda d, t: progress.update(task, completed=d))
        console.print(
            f"site: {info.root} ({len(info.articles)} articles, {info.listings} listings, "
            f"{info.feeds} feeds, {info.sitemaps} sitemaps; "
            f"{info.html_bytes / len(info.articles) / 1024:.0f} KB html, "
            f"{info.gzip_bytes / len(info.articles) / 1024:.0f} KB gzipped per page)"
        )
        server = Server(info.root, args.server_procs)
        server_info = {"ceiling": 0.0}
        console.print(f"server: {server.base} (asyncio + sendfile, {args.server_procs} process)")
        common = [*extra, "-s", f"EXTRACT_WORKERS={args.workers}"]
        runs: dict[str, Run] = {}
        expected = len(info.articles)
        if args.scale:
            run = crawl(
                "scale", server.base, workdir, common, expected, server, console,
                timeout=args.timeout,
            )  # fmt: skip
            marks = [m for m in (1000, 5000, args.scale_pages) if m <= run.final()["items"]]
            marks[-1] = run.final()["items"]
            scale = print_scale(console, run, marks)
            if args.json:
                args.json.write_text(json.dumps({"scale": scale}, indent=1, default=str))
            return 0
        singles = {"thread": ["thread"], "inline": ["inline"], "both": ["thread", "inline"]}
        rounds: list[dict[str, Any]] = []
        for r in range(max(1, args.rounds)):
            # One round = every mode and the limit, back to back: a shared machine's speed
            # drifts over minutes, so each round's ratios compare like with like.
            rruns: dict[str, Run] = {}
            rruns["pool"] = crawl(
                "pool", server.base, workdir, common, expected, server, console,
                timeout=args.timeout,
            )  # fmt: skip
            console.print(f"  pool: {_one_line(rruns['pool'])}")
            for mode in singles.get(args.single, []):
                sset = [*extra, "-s", "EXTRACT_WORKERS=0"]
                if mode == "inline":
                    sset += ["-s", "BENCH_EXTRACT_INLINE=True"]
                rruns[mode] = crawl(
                    mode, server.base, workdir, sset, expected, server, console,
                    timeout=args.timeout,
                )  # fmt: skip
                console.print(f"  {mode}: {_one_line(rruns[mode])}")
            rlimit = measure_limit(info.root, info.articles, server.base, args.limit_pages, console)
            rounds.append({"runs": rruns, "limit": rlimit, "ratios": _round_ratios(rruns, rlimit)})
            if args.rounds > 1:
                console.print(f"  round {r + 1}: {_ratio_line(rounds[-1]['ratios'])}")
        chosen = _median_round(rounds)
        runs.update(chosen["runs"])
        if args.links:
            runs["nolinks"] = crawl(
                "nolinks", server.base, workdir, [*common, "-s", "NEWS_FOLLOW_LINKS=False"],
                expected, server, console, timeout=args.timeout,
            )  # fmt: skip
            console.print(f"  nolinks: {_one_line(runs['nolinks'])}")
        pool_run = runs["pool"]
        server_ms = (
            1000 * pool_run.server_cpu / max(1, pool_run.stats.get("downloader/response_count", 1))
        )
        server_info["ceiling"] = 1000 / server_ms if server_ms else float("inf")
        limit = chosen["limit"]
        summary = print_report(console, runs, limit, server_info, args)
        if len(rounds) > 1:
            summary["rounds"] = [rd["ratios"] for rd in rounds]
            summary["median_ratios"] = _median_ratios(rounds)
            console.print(
                f"{len(rounds)} rounds; the tables show the median round (by pipeline / limit). "
                f"Median of each ratio over the rounds: {_ratio_line(summary['median_ratios'])}"
            )
        if args.profile:
            prof = workdir / "crawl.prof"
            crawl(
                "profile", server.base, workdir, common, expected, server, console,
                timeout=args.timeout, profile=prof,
            )  # fmt: skip
            print_profile(console, prof)
        if args.json:
            args.json.write_text(json.dumps(summary, indent=1, default=str))
        console.print(
            f"note: {os.cpu_count()} cores shared with other work; absolute figures are noisy,"
            " ratios measured in one run less so."
        )
        return 0
    except BenchError as exc:
        console.print(f"[red]crawl bench: {exc}[/]")
        return 1
    except KeyboardInterrupt:
        console.print("[red]crawl bench: interrupted[/]")
        return 1
    finally:
        if server is not None:
            server.stop()
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)


TARGET_STYLE_RATIO = 0.75  # issue 20: every style at 0.75x the limit or more


def run_styles(args, console, workdir: Path, extra: list[str]) -> int:
    """Every site style of crawl_quality, scaled: the crawl against the limit on its pages.

    The crawl reads the sitemap with link following off, so it fetches the style's
    article pages and nothing else; the limit is plain trafilatura on those same files.
    """
    from rich.progress import Progress
    from rich.table import Table

    from bench import stylesite
    from bench.sites import TEMPLATES

    styles = args.styles or list(TEMPLATES)
    unknown = [s for s in styles if s not in TEMPLATES]
    if unknown:
        raise BenchError(f"unknown style(s) {', '.join(unknown)}; one of {', '.join(TEMPLATES)}")
    rows: list[dict[str, Any]] = []
    common = [
        *extra, "-s", f"EXTRACT_WORKERS={args.workers}", "-s", "NEWS_FOLLOW_LINKS=False",
    ]  # fmt: skip
    for style in styles:
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task(f"{style}: writing {args.style_pages} pages", total=1)
            info = stylesite.generate(
                style,
                args.style_pages,
                lambda d, t, task=task: progress.update(task, completed=d / t),
            )
        server = Server(info.root, args.server_procs)
        try:
            run = crawl(
                f"style-{style}", server.base, workdir, common, len(info.articles), server,
                console, timeout=args.timeout,
            )  # fmt: skip
            limit = measure_limit(info.root, info.articles, server.base, args.limit_pages, console)
        finally:
            server.stop()
        f = run.figures()
        stored = run.stats.get("_articles_rows", 0)
        row = {
            "style": style,
            "kb_per_page": info.html_bytes / max(1, len(info.articles)) / 1024,
            "pages": run.final()["items"],
            "stored": stored,
            "pages_s": f["pages_s"],
            "limit_pages_s": limit["pages_s"],
            "ratio": f["pages_s"] / limit["pages_s"] if limit["pages_s"] else 0.0,
            "crawl_ms": f["cpu_main_ms"],
            "workers_ms": f["cpu_workers_ms"],
            "limit_cpu_ms": limit["cpu_ms"],
            "steal": max(run.steal, limit.get("steal", 0.0)),
        }
        rows.append(row)
        console.print(
            f"  {style}: {row['pages_s']:.0f} pages/s against a limit of"
            f" {row['limit_pages_s']:.0f} ({row['ratio']:.2f}x)"
        )
    table = Table(title=f"Crawl throughput by site style ({args.style_pages} article pages each)")
    for col in (
        "style", "KB/page", "fetched", "articles", "pages/s", "limit pages/s", "ratio",
        "crawl ms/pg", "workers ms/pg", "trafilatura ms/pg", "CPU steal",
    ):  # fmt: skip
        table.add_column(col, justify="left" if col == "style" else "right")
    for r in rows:
        table.add_row(
            r["style"], f"{r['kb_per_page']:.0f}", str(r["pages"]), str(r["stored"]),
            f"{r['pages_s']:.0f}", f"{r['limit_pages_s']:.0f}", f"{r['ratio']:.2f}x",
            f"{r['crawl_ms']:.1f}", f"{r['workers_ms']:.1f}", f"{r['limit_cpu_ms']:.1f}",
            f"{r['steal']:.0%}",
        )  # fmt: skip
    console.print(table)
    worst = min(rows, key=lambda r: r["ratio"])
    verdict = "PASS" if worst["ratio"] >= TARGET_STYLE_RATIO else "FAIL"
    console.print(
        f"worst style: {worst['style']} at {worst['ratio']:.2f}x the 2-core plain-trafilatura"
        f" limit ({verdict}, target >= {TARGET_STYLE_RATIO}x). crawl ms/pg is the crawl"
        " process (Scrapy, WARC, SQLite, parsing), workers ms/pg the extraction pool, per page."
    )
    if args.json:
        args.json.write_text(json.dumps({"styles": rows, "worst": worst}, indent=1))
    return 0


def _round_ratios(runs: dict[str, Run], limit: dict) -> dict[str, float]:
    pool = runs["pool"].figures()["pages_s"]
    out = {"pool_pages_s": pool, "limit_pages_s": limit["pages_s"]}
    out["pool_steal"] = runs["pool"].steal
    out["limit_steal"] = limit.get("steal", 0.0)
    out["pool_over_limit"] = pool / limit["pages_s"] if limit["pages_s"] else 0.0
    for mode in ("thread", "inline"):
        if mode in runs:
            single = runs[mode].figures()["pages_s"]
            out[f"{mode}_pages_s"] = single
            out[f"pool_over_{mode}"] = pool / single if single else 0.0
            out[f"{mode}_steal"] = runs[mode].steal
    return out


def _median_round(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    ordered = sorted(rounds, key=lambda rd: rd["ratios"]["pool_over_limit"])
    return ordered[(len(ordered) - 1) // 2]


def _median_ratios(rounds: list[dict[str, Any]]) -> dict[str, float]:
    import statistics

    keys = rounds[0]["ratios"].keys()
    return {k: statistics.median(rd["ratios"][k] for rd in rounds) for k in keys}


def _ratio_line(ratios: dict[str, float]) -> str:
    parts = [f"pool {ratios['pool_pages_s']:.1f} pages/s", f"limit {ratios['limit_pages_s']:.1f}"]
    parts.append(f"pool/limit {ratios['pool_over_limit']:.2f}x")
    for mode in ("thread", "inline"):
        if f"pool_over_{mode}" in ratios:
            parts.append(f"pool/{mode} {ratios[f'pool_over_{mode}']:.2f}x")
    steals = [
        f"{name} {ratios[f'{name}_steal']:.0%}"
        for name in ("pool", "thread", "inline", "limit")
        if f"{name}_steal" in ratios
    ]
    return ", ".join(parts) + " (CPU steal: " + ", ".join(steals) + ")"


def _one_line(run: Run) -> str:
    f = run.figures()
    return (
        f"{run.final()['items']} pages, {f['pages_s']:.1f} pages/s steady, wall {run.wall:.0f} s, "
        f"crawl process {f['cpu_main_ms']:.1f} ms/pg, workers {f['cpu_workers_ms']:.1f} ms/pg, "
        f"CPU steal {run.steal:.0%}"
    )


if __name__ == "__main__":
    sys.exit(main())
