"""Deploy the project to a real Scrapyd on 127.0.0.1 and schedule a crawl through its API."""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.crawling import ROOT
from tests.newsroom import Newsroom

pytestmark = pytest.mark.crawl  # every test here crawls, or reads a crawl's output

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as resp:
        return json.loads(resp.read())


@pytest.fixture
def scrapyd(tmp_path):
    home = tmp_path / "scrapyd"
    home.mkdir()
    port = _free_port()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        "bind_address = 127.0.0.1\n"
        f"http_port = {port}\n"
        "eggs_dir = eggs\nlogs_dir = logs\nitems_dir =\ndbs_dir = dbs\n"
        "max_proc = 1\npoll_interval = 0.5\n"
    )
    proc = subprocess.Popen(
        [str(BIN / "scrapyd")], cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if _get(url + "/daemonstatus.json")["status"] == "ok":
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("scrapyd did not start")
        yield url, home
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _project_copy(dest: Path, scrapyd_url: str) -> Path:
    """The project as a user checks it out; scrapyd-deploy writes setup.py into it."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("crawler", "archive", "schemas"):
        shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    for name in ("scrapy.cfg", "pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, dest / name)
    with open(dest / "scrapy.cfg", "a") as cfg:
        cfg.write(f"\n[deploy:test]\nurl = {scrapyd_url}\nproject = newsarchive\n")
    return dest


def test_the_project_deploys_to_scrapyd_and_a_scheduled_crawl_fills_the_corpus(scrapyd, tmp_path):
    url, home = scrapyd
    project = _project_copy(tmp_path / "project", url)
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    deploy = subprocess.run(
        [str(BIN / "scrapyd-deploy"), "test"],
        cwd=project,
        capture_output=True,
        env=env,
        timeout=300,
    )
    out = deploy.stdout.decode() + deploy.stderr.decode()
    assert deploy.returncode == 0, out[-3000:]
    assert '"status": "ok"' in out and '"spiders": 1' in out
    assert _get(url + "/listspiders.json?project=newsarchive")["spiders"] == ["news"]

    room = Newsroom(stories=25, seed=9)
    data = tmp_path / "data"
    with room.serve() as site:
        form = [
            ("project", "newsarchive"),
            ("spider", "news"),
            ("start_urls", site.base_url + "/"),
            ("setting", f"CORPUS_DB={data / 'corpus.db'}"),
            ("setting", f"WARC_DIR={data / 'warcs'}"),
            ("setting", "DOWNLOAD_DELAY=0"),
            ("setting", "AUTOTHROTTLE_ENABLED=False"),
            ("setting", "EXTRACT_WORKERS=1"),
            ("setting", "SECURITY_ALLOWED_NETWORKS=127.0.0.1/32"),
        ]
        req = urllib.request.Request(
            url + "/schedule.json", data=urllib.parse.urlencode(form).encode()
        )
        with urllib.request.urlopen(req, timeout=10) as resp:
            scheduled = json.loads(resp.read())
        assert scheduled["status"] == "ok", scheduled
        job = scheduled["jobid"]
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            jobs = _get(url + "/listjobs.json?project=newsarchive")
            if any(j["id"] == job for j in jobs["finished"]):
                break
            time.sleep(0.5)
        else:
            raise AssertionError(f"the job did not finish: {jobs}")

    logs = list((home / "logs" / "newsarchive" / "news").glob(f"{job}.log"))
    log = logs[0].read_text() if logs else ""
    with sqlite3.connect(data / "corpus.db") as conn:
        crawls = conn.execute("SELECT status, finish_reason FROM crawls").fetchall()
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert crawls == [("finished", "finished")], log[-3000:]
    assert articles == 25, log[-3000:]
    assert list((data / "warcs").glob("*.warc.gz"))
