"""Running a cluster for tests: real ``scrapy crawl`` workers and ``scrapy ingest``
processes against a real redis-server and a Newsroom site on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from tests.crawling import ROOT, require_crawl_marker
from tests.killing import SCRAPY

FAST = (
    "-s", "AUTOTHROTTLE_ENABLED=False",
    "-s", "EXTRACT_WORKERS=1",
    "-s", "LOG_LEVEL=INFO",
    "-s", "SECURITY_ALLOWED_NETWORKS=127.0.0.1/32",
    "-s", "RANDOMIZE_DOWNLOAD_DELAY=False",
)  # fmt: skip


def site_settings(delay: float, per_host: int) -> tuple[str, ...]:
    return (
        *FAST,
        "-s", f"DOWNLOAD_DELAY={delay}",
        "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={per_host}",
    )  # fmt: skip


def cluster_settings(port: int, data: Path, lease: float) -> tuple[str, ...]:
    return (
        "-s", "FRONTIER_BACKEND=redis",
        "-s", f"REDIS_URL=redis://127.0.0.1:{port}/0",
        "-s", f"WARC_DIR={data / 'warcs'}",
        "-s", f"FRONTIER_LEASE_TIMEOUT={lease}",
    )  # fmt: skip


def start(args: list[str], log: Path) -> subprocess.Popen:
    """A scrapy command in its own process group (killed whole, workers and all)."""
    require_crawl_marker()
    out = open(log, "ab")  # noqa: SIM115 - handed to the child, closed by the OS at exit
    return subprocess.Popen(
        [SCRAPY, *args], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
    )


def worker(
    base_url: str,
    name: str,
    port: int,
    data: Path,
    *extra: str,
    lease: float = 5.0,
    spider_args: tuple[str, ...] | None = None,
):
    """A worker crawling ``base_url`` (or given ``spider_args``: ``-a`` pairs)."""
    args = spider_args if spider_args is not None else ("-a", f"start_urls={base_url}/")
    command = ["crawl", "news", *args, "-s", f"WORKER_NAME={name}"]
    return start([*command, *cluster_settings(port, data, lease), *extra], data / f"{name}.log")


def ingest(port: int, data: Path, *extra: str, lease: float = 5.0) -> subprocess.Popen:
    return start(
        [
            "ingest",
            "--until-idle",
            "-s",
            f"CORPUS_DB={data / 'corpus.db'}",
            *cluster_settings(port, data, lease),
            *extra,
        ],  # fmt: skip
        data / "ingest.log",
    )


def kill(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def wait_all(procs: list[subprocess.Popen], timeout: float = 240) -> list[int]:
    deadline = time.monotonic() + timeout
    codes = []
    for proc in procs:
        try:
            codes.append(proc.wait(timeout=max(1.0, deadline - time.monotonic())))
        except subprocess.TimeoutExpired:
            kill(proc)
            codes.append(-9)
    return codes


def wait_for(condition: Callable[[], bool], timeout: float = 120) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def single_crawl(
    base_url: str, data: Path, *extra: str, spider_args: tuple[str, ...] | None = None
) -> int:
    """An ordinary crawl on one machine: what the cluster's corpus must equal."""
    args = spider_args if spider_args is not None else ("-a", f"start_urls={base_url}/")
    where = ["-s", f"CORPUS_DB={data / 'corpus.db'}", "-s", f"WARC_DIR={data / 'warcs'}"]
    proc = start(["crawl", "news", *args, *where, *extra], data / "single.log")
    return wait_all([proc])[0]


def verify(data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            SCRAPY,
            "verify",
            "-s",
            f"CORPUS_DB={data / 'corpus.db'}",
            "-s",
            f"WARC_DIR={data / 'warcs'}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def texts(db_path: Path) -> dict[str, str]:
    """Article path -> text: what "the same corpus" compares (hosts differ by port)."""
    from urllib.parse import urlsplit

    conn = sqlite3.connect(db_path)
    try:
        return {
            urlsplit(url).path: text for url, text in conn.execute("SELECT url, text FROM articles")
        }
    finally:
        conn.close()


def log_tail(data: Path, name: str, size: int = 3000) -> str:
    path = data / f"{name}.log"
    return path.read_text(errors="replace")[-size:] if path.exists() else "(no log)"


def scrapy_run(*args: str) -> subprocess.CompletedProcess[str]:
    """A short scrapy command (cluster status, drain), its output as text."""
    return subprocess.run(
        [SCRAPY, *args], cwd=ROOT, capture_output=True, text=True, check=False, timeout=120
    )


def single_and_cluster(
    base_url: str,
    port: int,
    tmp: Path,
    *extra: str,
    spider_args: tuple[str, ...] | None = None,
    names: tuple[str, ...] = ("w1", "w2"),
) -> tuple[Path, Path]:
    """One ordinary crawl of the site, then a cluster's (workers and an ingest) with the
    same arguments; their data folders (``single``, ``cluster``). Fails the test on a
    non-zero exit, with the logs."""
    single, data = tmp / "single", tmp / "cluster"
    single.mkdir()
    data.mkdir()
    code = single_crawl(base_url, single, *extra, spider_args=spider_args)
    assert code == 0, log_tail(single, "single")
    procs = [worker(base_url, n, port, data, *extra, spider_args=spider_args) for n in names]
    procs.append(ingest(port, data))
    codes = wait_all(procs)
    assert codes == [0] * len(procs), [log_tail(data, n) for n in (*names, "ingest")]
    return single, data
