"""SIGTERM and SIGINT: a graceful stop, and a second signal that stops at once."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time

import pytest

from archive.warc import complete_members_end
from tests.killing import ROOT, check_store, committed, crawl_command
from tests.newsroom import Newsroom

pytestmark = pytest.mark.crawl  # every test here crawls, or reads a crawl's output


@pytest.fixture
def room():
    newsroom = Newsroom(stories=260, seed=3)
    with newsroom.serve() as server:
        newsroom.server = server
        yield newsroom


def _started(cmd, data, *, wait_for: int = 20, timeout: float = 60):
    """Start a crawl and return once it has stored some articles."""
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(committed(data / "corpus.db")[0]) >= wait_for:
            return proc
        if proc.poll() is not None:
            raise AssertionError(proc.stdout.read().decode()[-3000:])
        time.sleep(0.1)
    proc.kill()
    raise AssertionError("the crawl stored nothing in time")


def _crawl_rows(data):
    with sqlite3.connect(data / "corpus.db") as conn:
        return conn.execute("SELECT status, finish_reason FROM crawls ORDER BY id").fetchall()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_one_signal_finishes_in_flight_work_and_marks_the_crawl_interrupted(room, tmp_path, signum):
    cmd = crawl_command(room.server.base_url, tmp_path)
    # Paced, so that work is left when the signal comes however fast the machine is: unpaced,
    # a clean-clone CI run had fetched and stored all 260 stories before it arrived.
    proc = _started(
        crawl_command(room.server.base_url, tmp_path, "-s", "DOWNLOAD_DELAY=0.02"), tmp_path
    )
    proc.send_signal(signum)
    out = proc.communicate(timeout=60)[0].decode()
    assert proc.returncode == 4, out[-3000:]
    assert _crawl_rows(tmp_path) == [("interrupted", "shutdown")]
    assert not list((tmp_path / "warcs").glob("*.open")), "a WARC file was left open"
    assert check_store(tmp_path) == []
    stored = len(committed(tmp_path / "corpus.db")[0])
    assert 0 < stored < 260

    resumed = subprocess.run(cmd, cwd=ROOT, capture_output=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr.decode()[-3000:]
    assert len(committed(tmp_path / "corpus.db")[0]) == 260


def test_a_second_signal_stops_at_once_and_still_leaves_valid_files(room, tmp_path):
    cmd = crawl_command(room.server.base_url, tmp_path)
    proc = _started(cmd, tmp_path)
    os.killpg(proc.pid, signal.SIGINT)  # as Ctrl-C does: the whole foreground group
    time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    started = time.monotonic()
    out = proc.communicate(timeout=60)[0].decode()
    assert time.monotonic() - started < 15
    assert proc.returncode == 4, out[-3000:]
    assert _crawl_rows(tmp_path) == [("interrupted", "forced_shutdown")], out[-3000:]
    for path in (tmp_path / "warcs").glob("*.warc.gz*"):
        assert complete_members_end(path)[0] == path.stat().st_size, path.name
    assert check_store(tmp_path) == []
