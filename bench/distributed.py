#!/usr/bin/env python3
"""Cluster crawl scaling: 1, 2, 4 Redis-frontier workers on one news site, politeness checked.

What it does, in one run (issue 24):

1. generates (once, cached) the WordPress-style bench site of ``--pages`` articles with
   ``bench/newssite.py`` (``SiteSpec`` + ``generate``, as ``bench/crawl.py`` does) and serves
   it from a separate process with the same code (``newssite.StaticSite`` + its request
   handler); the only addition is that every request's arrival time is logged per host;
2. starts a real ``redis-server`` on a free loopback port (no persistence, temp dir);
3. for each N in ``--workers`` (default 1,2,4): FLUSHALL, a fresh data dir, N
   ``scrapy crawl news`` workers (``FRONTIER_BACKEND=redis``, their own ``WORKER_NAME``,
   one shared ``WARC_DIR``) and one ``scrapy ingest --until-idle``, all started together;
   when all have exited it runs ``scrapy verify`` on the corpus;
4. prints wall time (launch to the last process's exit, interpreter start-up included),
   pages (WARC request records, i.e. fetches, over all workers' files), pages/s, scaling
   against the 1-worker run, the fetch span (first to last request the server saw) and
   pages/s over it (start-up and the ingest's tail left out), articles (corpus
   ``articles`` rows), verify's exit status, requests fetched twice, and each ingest's
   summary line.

Politeness. Every run uses a fixed delay (``--delay``, ``RANDOMIZE_DOWNLOAD_DELAY=False``,
``CONCURRENT_REQUESTS_PER_DOMAIN=1``, ``AUTOTHROTTLE_ENABLED=False``), so with one host the
crawl is bound by politeness and N workers should *not* go faster: that is the point of
the cluster's shared per-host turns. The check uses the server's log (source: server
arrival times, one clock, no tolerance): the minimum and 5th percentile of the gap between
consecutive requests to one host, across all workers, against the delay. The gate starts
a fetch at least ``delay`` after the previous one *ended*, and a request reaches the server
before its fetch ends, so every gap must be at least ``delay``.

More hosts (``--hosts K``). Scrapy's download slots are keyed by host *name* without the
port, so K copies of the site on K ports of 127.0.0.1 would still be one slot (one request
at a time, one delay) inside each worker, while the cluster's gate (keyed by ``netloc``)
would count K hosts: not an honest K-host crawl. Instead the server listens on 127.0.0.1,
127.0.0.2, ... 127.0.0.K (all loopback on Linux); each is a distinct host name for Scrapy
and for the cluster, serving the same site (its links are relative; robots.txt, feeds and
sitemaps name their own host), and all K start URLs are given to every worker. With K
hosts politeness binds less, and scaling is then bound by this machine's cores (every
worker extracts articles in its own pool; ``--extract-workers``, default 1 each). The K
copies have identical bodies, so most fetches become identical-payload revisit records
(or, when another worker archived the same bytes a moment before, whole copies that are
not read again): the articles count stays that of one host whatever N.

Exit status: 0 when every process of every run exited 0, verify passed and the gap check
passed; 1 otherwise; 2 when redis-server or the venv is missing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
SCRAPY = VENV / "bin" / "scrapy"
REDIS_SERVER = Path("/usr/bin/redis-server")


class BenchError(RuntimeError):
    """A step failed; printed as one line."""


def _ensure_environment() -> None:
    """Run under the project's venv; exit 2 when it or redis-server is missing."""
    if not SCRAPY.exists():
        print(f"distributed: {SCRAPY} not found; run `make install` first", file=sys.stderr)
        sys.exit(2)
    if not REDIS_SERVER.exists():
        print(f"distributed: {REDIS_SERVER} not found (redis-server)", file=sys.stderr)
        sys.exit(2)
    if Path(sys.prefix).resolve() != VENV.resolve():
        os.execv(str(PYTHON), [str(PYTHON), str(Path(__file__).resolve()), *sys.argv[1:]])
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


# -- the site, on K loopback host names, logging each request's arrival ------------------


def serve_main(argv: list[str]) -> int:
    """``distributed.py --serve-site ROOT --hosts K --log FILE``: prints ``READY base...``."""
    from bench import newssite

    ap = argparse.ArgumentParser(prog="distributed --serve-site")
    ap.add_argument("root", type=Path)
    ap.add_argument("--hosts", type=int, default=1)
    ap.add_argument("--log", type=Path, required=True)
    args = ap.parse_args(argv)
    log = open(args.log, "a", buffering=1)  # noqa: SIM115 - open for the process's life

    class LoggedSite(newssite.StaticSite):
        def __init__(self, root: Path, base: str) -> None:
            super().__init__(root, base)
            self.netloc = base.split("://", 1)[1]

        def resolve(self, target: bytes):  # called once per request, when its head arrived
            log.write(f"{time.time():.6f} {self.netloc} {target.decode('latin-1')}\n")
            return super().resolve(target)

    async def main() -> None:
        servers, bases = [], []
        for i in range(1, args.hosts + 1):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((f"127.0.0.{i}", 0))
            sock.listen(512)
            sock.setblocking(False)
            site = LoggedSite(args.root, f"http://127.0.0.{i}:{sock.getsockname()[1]}")
            handler = lambda r, w, site=site: newssite._handle(site, r, w)  # noqa: E731
            servers.append(await asyncio.start_server(handler, sock=sock, backlog=512))
            bases.append(site.base.decode())
        print("READY " + " ".join(bases), flush=True)
        await asyncio.gather(*(s.serve_forever() for s in servers))

    asyncio.run(main())
    return 0


class Group:
    """A child process in its own process group (so its children stop with it)."""

    def __init__(self, cmd: list[str], log: Path | None = None, **kw) -> None:
        out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, stdout=kw.pop("stdout", out), stderr=subprocess.STDOUT,
            start_new_session=True, **kw,
        )  # fmt: skip
        if log:
            out.close()

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, sig)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def start_site(root: str, hosts: int, log: Path) -> tuple[Group, list[str]]:
    cmd = [str(PYTHON), str(Path(__file__).resolve()), "--serve-site", root]
    site = Group([*cmd, "--hosts", str(hosts), "--log", str(log)], stdout=subprocess.PIPE)
    line = site.proc.stdout.readline().decode() if site.proc.stdout else ""
    if not line.startswith("READY "):
        site.stop()
        raise BenchError(f"the site server did not start: {line.strip()!r}")
    return site, line.split()[1:]


def start_redis(tmp: Path) -> tuple[Group, int, object]:
    import redis

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = Group(
        [str(REDIS_SERVER), "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(tmp)],
        log=tmp / "redis.log",
    )  # fmt: skip
    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            return server, port, client
        except redis.ConnectionError:
            time.sleep(0.05)
    server.stop()
    raise BenchError(f"redis-server did not answer on port {port}; see {tmp / 'redis.log'}")


# -- one cluster run ----------------------------------------------------------------------


@dataclass
class Run:
    workers: int
    wall: float = 0.0
    exits: dict[str, int | str] = field(default_factory=dict)
    pages: int = 0
    per_worker: dict[str, int] = field(default_factory=dict)
    captures: int = 0
    articles: int = 0
    verify: int = -1
    verify_out: str = ""
    ingest_line: str = ""
    requests: int = 0
    span: float = 0.0  # first to last arrival at the server
    hosts: int = 0
    gaps: list[float] = field(default_factory=list)
    dups: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def finished(self) -> bool:
        return all(v == 0 for v in self.exits.values())

    def gap(self, q: float) -> float:
        g = sorted(self.gaps)
        return g[min(len(g) - 1, int(q * len(g)))] if g else float("nan")


def cluster_run(n: int, bases: list[str], data: Path, redis_port: int, args, log: Path) -> Run:
    data.mkdir(parents=True)
    warcs = data / "warcs"
    common = [
        "-s", "FRONTIER_BACKEND=redis",
        "-s", f"REDIS_URL=redis://127.0.0.1:{redis_port}/0",
        "-s", f"WARC_DIR={warcs}",
        "-s", "LOG_LEVEL=INFO",
        *args.extra,
    ]  # fmt: skip
    crawl = [
        "-a", "start_urls=" + ",".join(f"{b}/" for b in bases),
        "-s", "SECURITY_ALLOWED_NETWORKS=127.0.0.0/8",
        "-s", f"FRONTIER_LEASE_TIMEOUT={args.lease_timeout}",
        "-s", f"EXTRACT_WORKERS={args.extract_workers}",
        "-s", f"DOWNLOAD_DELAY={args.delay}",
        "-s", "RANDOMIZE_DOWNLOAD_DELAY=False",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1",
        "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", f"NEWS_MAX_PAGES_PER_SOURCE={args.pages * 2 + 5000}",
    ]  # fmt: skip
    corpus = ["-s", f"CORPUS_DB={data / 'corpus.db'}"]
    offset = log.stat().st_size
    started = time.monotonic()
    procs = {"ingest": Group([str(SCRAPY), "ingest", "--until-idle", *corpus, *common],
                             log=data / "ingest.log")}  # fmt: skip
    for i in range(1, n + 1):
        cmd = [str(SCRAPY), "crawl", "news", *crawl, "-s", f"WORKER_NAME=w{i}", *common]
        procs[f"w{i}"] = Group(cmd, log=data / f"w{i}.log")
    run = Run(n)
    ended: dict[str, float] = {}
    try:
        while len(ended) < len(procs):
            for name, g in procs.items():
                if name not in ended and g.proc.poll() is not None:
                    ended[name], run.exits[name] = time.monotonic(), g.proc.returncode
            if time.monotonic() - started > args.timeout:
                for name in set(procs) - set(ended):
                    ended[name], run.exits[name] = time.monotonic(), "timeout"
            time.sleep(0.1)
    finally:  # a timeout, or ^C: no worker outlives its run
        for g in procs.values():
            g.stop()
    run.wall = max(ended.values()) - started
    lines = (data / "ingest.log").read_text(errors="replace").splitlines()
    run.ingest_line = next((ln for ln in reversed(lines) if ln.startswith("ingest:")), "?")
    v = subprocess.run(
        [str(SCRAPY), "verify", *corpus, "-s", f"WARC_DIR={warcs}"],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    run.verify, run.verify_out = v.returncode, (v.stdout + v.stderr).strip()
    count_warcs(run, warcs)
    if (data / "corpus.db").exists():
        con = sqlite3.connect(f"file:{data / 'corpus.db'}?mode=ro", uri=True)
        run.captures = con.execute("SELECT count(*) FROM captures").fetchone()[0]
        run.articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        con.close()
    with open(log, "rb") as fh:
        fh.seek(offset)
        arrivals = [ln.decode("latin-1").split(" ", 2) for ln in fh.read().splitlines()]
    politeness(run, arrivals)
    return run


def count_warcs(run: Run, warcs: Path) -> None:
    """Fetches per worker: WARC request records (one per fetch, whether its response was
    written as a response or as a revisit record); the file name carries WORKER_NAME."""
    from warcio.archiveiterator import ArchiveIterator

    for path in sorted(warcs.glob("*.warc.gz")):
        worker = path.name.split("-")[1] if path.name.count("-") >= 2 else path.name
        with open(path, "rb") as fh:
            n = sum(1 for rec in ArchiveIterator(fh) if rec.rec_type == "request")
        run.per_worker[worker] = run.per_worker.get(worker, 0) + n
        run.pages += n


def politeness(run: Run, arrivals: list[list[str]]) -> None:
    """Gaps between consecutive arrivals at each host; (host, target) requested twice."""
    by_host: dict[str, list[float]] = defaultdict(list)
    for t, host, _target in arrivals:
        by_host[host].append(float(t))
    for times in by_host.values():
        times.sort()
        run.gaps += [b - a for a, b in zip(times, times[1:], strict=False)]
    run.requests, run.hosts = len(arrivals), len(by_host)
    stamps = [float(a[0]) for a in arrivals]
    run.span = max(stamps) - min(stamps) if stamps else 0.0
    seen = Counter((host, target) for _t, host, target in arrivals)
    run.dups = [(h, t, c) for (h, t), c in seen.items() if c > 1]


# -- main ---------------------------------------------------------------------------------


def report(runs: list[Run], delay: float) -> bool:
    one = next((r for r in runs if r.workers == 1 and r.pages and r.span), None)
    head = (
        f"{'workers':>7} {'wall s':>7} {'pages':>6} {'pages/s':>8} {'scaling':>8} "
        f"{'fetch s':>8} {'fetch p/s':>9} {'scaling':>8} {'articles':>8} {'verify':>6} "
        f"{'min gap':>8} {'p5 gap':>7} {'max gap':>7} {'min/delay':>9} {'twice':>5}  polite  exits"
    )  # fmt: skip
    print("\n" + head + "\n" + "-" * len(head))
    ok = True
    for r in runs:
        rate = r.pages / r.wall if r.wall else 0.0
        frate = r.pages / r.span if r.span else 0.0
        scale = f"{rate / (one.pages / one.wall):.2f}x" if one else "-"
        fscale = f"{frate / (one.pages / one.span):.2f}x" if one else "-"
        lo = min(r.gaps) if r.gaps else float("nan")
        polite = "PASS" if r.gaps and lo >= delay else "FAIL"
        ok &= r.finished and r.verify == 0 and polite == "PASS"
        exits = "all 0" if r.finished else " ".join(f"{k}={v}" for k, v in r.exits.items())
        print(f"{r.workers:>7} {r.wall:>7.1f} {r.pages:>6} {rate:>8.2f} {scale:>8} "
              f"{r.span:>8.1f} {frate:>9.2f} {fscale:>8} {r.articles:>8} {r.verify:>6} "
              f"{lo * 1000:>6.1f}ms {r.gap(0.05) * 1000:>5.1f}ms {r.gap(1.0):>6.1f}s "
              f"{(lo / delay if delay else float('inf')):>9.2f} {len(r.dups):>5}  "
              f"{polite:<6}  {exits}")  # fmt: skip
    print(f"\ngaps: server arrival times per host, all workers; delay {delay * 1000:.0f} ms, "
          "no tolerance (one clock).\ntwice: (host, URL) requested more than once. fetch s: "
          "first to last request the server saw in the run.\nmax gap: a host's longest idle "
          "stretch; ceiling: hosts / median gap, the rate if no host ever idled.")  # fmt: skip
    for r in runs:
        split = ", ".join(f"{k} {v}" for k, v in sorted(r.per_worker.items()))
        print(f"\n{r.workers} worker(s): {r.ingest_line}")
        print(f"  pages by worker: {split}; captures rows {r.captures}; "
              f"server saw {r.requests} requests; ceiling {r.hosts / r.gap(0.5):.1f} "
              "pages/s")  # fmt: skip
        if r.pages != r.captures:
            print(f"  ! WARC request records ({r.pages}) != captures rows ({r.captures})")
        for h, t, c in r.dups[:5]:
            print(f"  ! requested {c} times: {h}{t}")
        if r.verify != 0:
            print("  ! verify: " + r.verify_out[-600:].replace("\n", "\n    "))
    return ok


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--serve-site"]:
        return serve_main(argv[1:])
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--pages", type=int, default=300, help="articles in the bench site")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", default="1,2,4", help="comma-separated worker counts")
    ap.add_argument("--hosts", type=int, default=1, help="copies of the site on 127.0.0.1..K")
    ap.add_argument("--delay", type=float, default=0.05, help="DOWNLOAD_DELAY, seconds")
    ap.add_argument("--extract-workers", type=int, default=1, help="EXTRACT_WORKERS per worker")
    ap.add_argument("--lease-timeout", type=float, default=10)
    ap.add_argument("--timeout", type=float, default=1200, help="seconds per cluster run")
    ap.add_argument("--keep", type=Path, help="keep data dirs and logs in this directory")
    ap.add_argument("-s", dest="extra", action="append", default=[], help="extra scrapy setting")
    args = ap.parse_args(argv)
    args.extra = [x for s in args.extra for x in ("-s", s)]
    counts = [int(x) for x in args.workers.split(",") if x.strip()]
    if not 1 <= args.hosts <= 254 or not counts or min(counts) < 1:
        ap.error("--hosts must be 1..254 and --workers positive integers")

    from bench import newssite

    work = args.keep or Path(tempfile.mkdtemp(prefix="newsarchive-distbench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"work dir: {work}")
    info = newssite.generate(newssite.SiteSpec(args.pages, args.seed))
    print(f"site: {info.root} ({len(info.articles)} articles, {info.listings} listings, "
          f"{info.feeds} feeds, {info.sitemaps} sitemaps)")  # fmt: skip
    log = work / "arrivals.log"
    log.touch()
    site = redis_server = None
    runs: list[Run] = []
    try:
        site, bases = start_site(info.root, args.hosts, log)
        redis_server, port, client = start_redis(work)
        print(f"server: {' '.join(bases)}; redis-server on 127.0.0.1:{port}; "
              f"delay {args.delay} s, CONCURRENT_REQUESTS_PER_DOMAIN=1")  # fmt: skip
        for n in counts:
            client.flushall()
            data = work / f"run-{n}w-{len(runs)}"
            print(f"-- {n} worker(s) ...", flush=True)
            r = cluster_run(n, bases, data, port, args, log)
            print(f"   {r.wall:.1f} s, {r.pages} pages, verify {r.verify}, exits {r.exits}")
            runs.append(r)
    except BenchError as exc:
        print(f"distributed: {exc}", file=sys.stderr)
        return 1
    finally:
        for g in (redis_server, site):
            if g is not None:
                g.stop()
    ok = report(runs, args.delay)
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"\nlogs and data kept in {work}")
    return 0 if ok else 1


if __name__ == "__main__":
    _ensure_environment()
    sys.exit(main())
