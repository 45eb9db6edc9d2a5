"""The kill harness: crawl, kill -9 at a random moment, check, resume; repeat.

Shared by ``tests/crawler/test_kill_resume.py`` (a dozen kills in CI) and
``bench/kill.py`` (a hundred or more on demand). Each crawl is the real
``scrapy crawl news`` command in its own process group, killed with SIGKILL
as a supervisor would kill a service (extraction workers included).

After every kill it checks what a user relies on:
- SQLite ``integrity_check`` and the FTS5 ``integrity-check``;
- every capture row's WARC pointer resolves to a record with the same id and
  payload digest (after the repair of ``.open`` files that every run does first);
- every WARC file reads back whole, to the last byte;
- nothing that was committed before is gone or changed;
- no article that the frontier had marked done was fetched again;
- nothing disallowed by robots.txt was ever fetched.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator

from archive.reader import check_capture
from archive.warc import complete_members_end, repair_open_files
from tests.crawling import require_crawl_marker
from tests.newsroom import Newsroom, NewsroomServer

ROOT = Path(__file__).resolve().parent.parent
STARTUP_KILLS = 0.15  # share of kills aimed at start-up rather than mid-crawl
SCRAPY = str(Path(sys.executable).parent / "scrapy")


@dataclass
class KillReport:
    kills: int = 0
    runs: int = 0
    finished_early: int = 0  # runs that ended before the kill came
    problems: list[str] = field(default_factory=list)
    refetched: list[str] = field(default_factory=list)
    disallowed_fetches: int = 0
    articles: int = 0
    checks: int = 0
    seconds: float = 0.0
    articles_after_run: list[int] = field(default_factory=list)


def crawl_command(base_url: str, data: Path, *extra: str) -> list[str]:
    require_crawl_marker()
    return [
        SCRAPY,
        "crawl",
        "news",
        "-a",
        f"start_urls={base_url}/",
        "-s",
        f"CORPUS_DB={data / 'corpus.db'}",
        "-s",
        f"WARC_DIR={data / 'warcs'}",
        "-s",
        "DOWNLOAD_DELAY=0",
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
        "-s",
        "CONCURRENT_REQUESTS_PER_DOMAIN=8",
        "-s",
        "EXTRACT_WORKERS=1",
        "-s",
        "LOG_LEVEL=WARNING",
        "-s",
        "WARC_MAX_BYTES=400000",  # several files per run: rotation gets killed too
        "-s",
        "SECURITY_ALLOWED_NETWORKS=127.0.0.1/32",
        *extra,
    ]


def run_crawl(
    cmd: list[str],
    kill_after: float | None,
    log: Path,
    *,
    crawling: Callable[[], bool] | None = None,
) -> tuple[bool, int]:
    """Run one crawl; SIGKILL its whole process group ``kill_after`` seconds after it
    started, or, given ``crawling``, after that says the crawl is fetching: start-up
    time varies with the machine's load, and a kill that always lands in it tests little."""
    with open(log, "ab") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=out, start_new_session=True)
        try:
            if kill_after is not None and crawling is not None:
                deadline = time.monotonic() + 120
                while not crawling() and proc.poll() is None and time.monotonic() < deadline:
                    time.sleep(0.02)
            proc.wait(timeout=kill_after)
            return False, proc.returncode
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return True, proc.returncode


def request_target(url: str) -> str:
    """Path and query, as the server logs a request: "/section/sport?page=2" settled on
    the schedule is not "/section/sport", a front fetched on every run."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def committed(db_path: Path) -> tuple[dict[str, str], set[str]]:
    """(url_key -> text sha1 of every article, every capture's record id) as committed."""
    if not db_path.exists():
        return {}, set()
    conn = sqlite3.connect(db_path)
    try:
        articles = dict(conn.execute("SELECT url_key, text_sha1 FROM articles"))
        captures = {r[0] for r in conn.execute("SELECT warc_record_id FROM captures")}
    except sqlite3.OperationalError:  # killed before the first migration committed
        return {}, set()
    finally:
        conn.close()
    return articles, captures


def done_articles(db_path: Path) -> set[str]:
    """URLs the frontier has settled on the recrawl schedule (not every-run pages)."""
    if not db_path.exists():
        return set()
    conn = sqlite3.connect(db_path)
    try:
        return {
            r[0]
            for r in conn.execute(
                "SELECT url FROM frontier WHERE state = 'done' AND policy = 'schedule'"
                " AND next_eligible IS NOT NULL"
            )
        }
    except sqlite3.OperationalError:
        return set()
    finally:
        conn.close()


def check_store(data: Path) -> list[str]:
    """The invariants that must hold after any kill, as a list of problems."""
    problems: list[str] = []
    warcs, db_path = data / "warcs", data / "corpus.db"
    if warcs.is_dir():
        repair_open_files(warcs)  # what the next run (or scrapy verify) does first
        for path in sorted(warcs.glob("*.warc.gz")):
            end, _records = complete_members_end(path)
            if end != path.stat().st_size:
                problems.append(f"{path.name}: {path.stat().st_size - end} byte(s) of torn tail")
            try:
                with open(path, "rb") as fh:
                    for record in ArchiveIterator(fh, check_digests=True):
                        record.raw_stream.read()
            except Exception as exc:  # noqa: BLE001 - any failure to read back is the finding
                problems.append(f"{path.name}: does not read back: {exc}")
    if not db_path.exists():
        return problems
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            problems.append(f"integrity_check: {result}")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        for fts in ("articles_fts", "articles_trigram"):
            if fts not in tables:
                continue
            try:
                conn.execute(f"INSERT INTO {fts}({fts}) VALUES('integrity-check')")
                conn.commit()
            except sqlite3.DatabaseError as exc:
                problems.append(f"FTS5 integrity-check of {fts}: {exc}")
        if "captures" in tables:
            for row in conn.execute("SELECT * FROM captures"):
                check = check_capture(warcs, row)
                if not check.ok:
                    problems.append(f"capture {row['id']} ({row['url']}): {check.problem}")
            for row in conn.execute(
                "SELECT a.id FROM articles a LEFT JOIN captures c ON c.id = a.capture_id"
                " WHERE c.id IS NULL"
            ):
                problems.append(f"article {row['id']} points at no capture")
    finally:
        conn.close()
    return problems


def kill_and_resume(
    room: Newsroom,
    server: NewsroomServer,
    data: Path,
    *,
    kills: int,
    seed: int = 1,
    window: tuple[float, float] = (0.5, 4.0),
    progress=None,
) -> KillReport:
    """Kill a crawl ``kills`` times at random moments, then let it finish."""
    rng = random.Random(seed)
    report = KillReport()
    started = time.monotonic()
    log = data / "crawl.log"
    data.mkdir(parents=True, exist_ok=True)
    cmd = crawl_command(server.base_url, data)
    seen_articles: dict[str, str] = {}
    seen_captures: set[str] = set()
    forbidden_paths: set[str] = set()
    while report.kills < kills:
        position = len(room.log)
        if rng.random() < STARTUP_KILLS:
            # now and then at start-up: migrations, .open repair, the first commits
            killed, code = run_crawl(cmd, rng.uniform(0.2, 2.0), log)
        else:
            killed, code = run_crawl(
                cmd,
                rng.uniform(*window),
                log,
                crawling=lambda position=position: len(room.log) > position,
            )
        report.runs += 1
        if not killed and code != 0:
            report.problems.append(f"run {report.runs} exited {code} before its kill")
        report.kills += killed
        report.finished_early += not killed
        _check_after(room, data, position, forbidden_paths, seen_articles, seen_captures, report)
        if not killed:
            # it finished before the kill: publish more so that there is work to kill
            room.publish(40)
        if progress is not None:
            progress(report)
    position = len(room.log)
    killed, code = run_crawl(cmd, None, log)
    report.runs += 1
    if code != 0:
        report.problems.append(f"the final run exited {code}")
    _check_after(room, data, position, forbidden_paths, seen_articles, seen_captures, report)
    report.articles = len(committed(data / "corpus.db")[0])
    report.disallowed_fetches = sum(1 for r in room.log if r["path"].startswith("/private/"))
    report.seconds = time.monotonic() - started
    return report


def _check_after(
    room: Newsroom,
    data: Path,
    position: int,
    forbidden_paths: set[str],
    seen_articles: dict[str, str],
    seen_captures: set[str],
    report: KillReport,
) -> None:
    report.checks += 1
    for entry in room.log[position:]:
        if entry["path"] in forbidden_paths:
            report.refetched.append(entry["path"])
    report.problems.extend(check_store(data))
    articles, captures = committed(data / "corpus.db")
    lost = set(seen_articles) - set(articles)
    if lost:
        report.problems.append(f"{len(lost)} committed article(s) lost, e.g. {sorted(lost)[0]}")
    changed = [k for k, sha in seen_articles.items() if k in articles and articles[k] != sha]
    if changed:
        report.problems.append(f"{len(changed)} committed article text(s) changed")
    if seen_captures - captures:
        report.problems.append(f"{len(seen_captures - captures)} committed capture(s) lost")
    seen_articles.update(articles)
    seen_captures.update(captures)
    report.articles_after_run.append(len(articles))
    forbidden_paths.update(request_target(u) for u in done_articles(data / "corpus.db"))


def reference_articles(room: Newsroom, server: NewsroomServer, data: Path) -> dict[str, str]:
    """The article set of one uninterrupted crawl of the same site."""
    data.mkdir(parents=True, exist_ok=True)
    killed, code = run_crawl(crawl_command(server.base_url, data), None, data / "crawl.log")
    assert not killed and code == 0, (data / "crawl.log").read_text()[-3000:]
    return committed(data / "corpus.db")[0]


def summary(report: KillReport) -> str:
    return json.dumps(
        {
            "kills": report.kills,
            "runs": report.runs,
            "finished_before_kill": report.finished_early,
            "checks": report.checks,
            "problems": len(report.problems),
            "refetched_done_articles": len(report.refetched),
            "disallowed_fetches": report.disallowed_fetches,
            "articles": report.articles,
            "seconds": round(report.seconds, 1),
            "articles_after_each_run": report.articles_after_run,
        }
    )
