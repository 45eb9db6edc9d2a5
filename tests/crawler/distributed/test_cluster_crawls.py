"""Crawls of a cluster: real workers, a real ingest, a real Redis, a site on 127.0.0.1.

What the issue asks of a cluster, each checked against an ordinary crawl of the same
site: the same article URLs and texts, ``verify`` clean, no article answered 200 twice,
robots.txt fetched once, every worker fetching, one delay per host across workers, and
nothing lost when a worker or the ingest is killed."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.crawler.distributed import workers as cw
from tests.newsroom import Newsroom
from tests.site import TrapSite
from tests.templated_site import TEMPLATE_LINES, TemplatedSite

pytestmark = pytest.mark.crawl

STORIES = 60


@pytest.fixture(scope="module")
def newsroom():
    room = Newsroom(stories=STORIES)
    with room.serve() as server:
        yield room, server


@pytest.fixture(scope="module")
def reference(newsroom, tmp_path_factory) -> dict[str, str]:
    """The corpus one ordinary crawl makes of the site."""
    room, server = newsroom
    data = tmp_path_factory.mktemp("single")
    code = cw.single_crawl(server.base_url, data, *cw.site_settings(0.0, 8))
    assert code == 0, cw.log_tail(data, "single")
    found = cw.texts(data / "corpus.db")
    assert len(found) >= STORIES  # the site's stories, at least
    return found


def _article_fetches(room: Newsroom) -> Counter:
    return Counter(e["path"] for e in room.log if e["status"] == 200 and "/story-" in e["path"])


def _responses_by_worker(warcs: Path) -> Counter:
    """Response records per worker, from the worker's name in each WARC file's name."""
    found: Counter = Counter()
    for path in warcs.glob("*.warc.gz"):
        worker = path.name.split("-")[1]
        with open(path, "rb") as fh:
            found[worker] += sum(1 for r in ArchiveIterator(fh) if r.rec_type == "response")
    return found


def test_two_workers_and_one_ingest_make_the_corpus_one_crawl_makes(
    newsroom, reference, redis_server, redis_client, tmp_path
):
    room, server = newsroom
    room.clear_log()
    # as the issue measures it: one request at a time per host, a fixed delay (which also
    # keeps the crawl going long enough for the second worker to start)
    delay = 0.1
    site = cw.site_settings(delay, 1)
    procs = [
        cw.worker(server.base_url, name, redis_server, tmp_path, *site) for name in ("w1", "w2")
    ]
    procs.append(cw.ingest(redis_server, tmp_path))
    codes = cw.wait_all(procs)
    assert codes == [0, 0, 0], [cw.log_tail(tmp_path, n) for n in ("w1", "w2", "ingest")]
    arrivals = sorted(e["at"] for e in room.log)
    assert min(b - a for a, b in zip(arrivals, arrivals[1:], strict=False)) >= delay - 0.02

    assert cw.texts(tmp_path / "corpus.db") == reference
    checked = cw.verify(tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert [p for p, n in _article_fetches(room).items() if n > 1] == []
    assert sum(1 for e in room.log if e["path"] == "/robots.txt") == 1
    by_worker = _responses_by_worker(tmp_path / "warcs")
    assert by_worker["w1"] > 0 and by_worker["w2"] > 0, by_worker
    conn = sqlite3.connect(tmp_path / "corpus.db")
    status, reason, files = conn.execute(
        "SELECT status, finish_reason, warc_files FROM crawls"
    ).fetchone()
    assert (status, reason) == ("finished", "finished")
    assert "newsarchive-w1-" in files and "newsarchive-w2-" in files
    assert int(redis_client.xlen("na:rows")) == 0


def test_requests_to_a_host_are_spaced_by_the_delay_across_workers(
    redis_server, redis_client, tmp_path
):
    delay = 0.25
    room = Newsroom(stories=12, seed=11)
    with room.serve() as server:
        site = cw.site_settings(delay, 1)
        procs = [
            cw.worker(server.base_url, name, redis_server, tmp_path, *site) for name in ("a", "b")
        ]
        procs.append(cw.ingest(redis_server, tmp_path))
        codes = cw.wait_all(procs)
    assert codes == [0, 0, 0], [cw.log_tail(tmp_path, n) for n in ("a", "b", "ingest")]
    arrivals = sorted(e["at"] for e in room.log)
    gaps = [b - a for a, b in zip(arrivals, arrivals[1:], strict=False)]
    assert len(arrivals) > 15
    # the server's clock stamps arrivals after parsing the request line: allow its jitter
    assert min(gaps) >= delay - 0.02, sorted(gaps)[:5]
    by_worker = _responses_by_worker(tmp_path / "warcs")
    assert by_worker["a"] > 0 and by_worker["b"] > 0, by_worker
    # one worker alone keeps the same spacing: two are not faster at one host
    span = arrivals[-1] - arrivals[0]
    assert span >= delay * (len(arrivals) - 1) - 0.05


def test_a_worker_killed_with_sigkill_loses_nothing_and_a_third_takes_its_urls(
    newsroom, reference, redis_server, redis_client, tmp_path
):
    room, server = newsroom
    room.clear_log()
    lease = 3.0
    # paced so that the crawl is still going when the kill comes
    site = cw.site_settings(0.04, 2)
    w1 = cw.worker(server.base_url, "w1", redis_server, tmp_path, *site, lease=lease)
    w2 = cw.worker(server.base_url, "w2", redis_server, tmp_path, *site, lease=lease)
    ingest = cw.ingest(redis_server, tmp_path, lease=lease)
    warcs = tmp_path / "warcs"
    assert cw.wait_for(
        lambda: len(_article_fetches(room)) >= 5 and any(warcs.glob("newsarchive-w1-*"))
    )
    time.sleep(1.0)
    cw.kill(w1)
    w3 = cw.worker(server.base_url, "w3", redis_server, tmp_path, *site, lease=lease)
    codes = cw.wait_all([w2, w3, ingest])
    assert codes == [0, 0, 0], [cw.log_tail(tmp_path, n) for n in ("w2", "w3", "ingest")]

    assert cw.texts(tmp_path / "corpus.db") == reference
    checked = cw.verify(tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    by_worker = _responses_by_worker(tmp_path / "warcs")
    assert by_worker["w1"] > 0, by_worker  # it fetched before it was killed
    assert by_worker["w2"] + by_worker["w3"] > 0
    # the killed worker's open WARC file was closed by the ingest, not left .open
    assert list((tmp_path / "warcs").glob("*.open")) == []
    conn = sqlite3.connect(tmp_path / "corpus.db")
    status, summary = conn.execute("SELECT status, summary FROM crawls").fetchone()
    assert status == "finished"
    assert json.loads(summary)["workers_lost"] == ["w1"]
    # what w1 held when it died went back to the queue when its leases expired (put back
    # by a live worker or by the ingest, whichever looked first) and was fetched by others
    logs = "".join(cw.log_tail(tmp_path, n, size=10**6) for n in ("w2", "w3", "ingest"))
    assert "back in the queue" in logs


def test_an_ingest_killed_mid_way_goes_on_where_its_last_commit_ended(
    newsroom, reference, redis_server, redis_client, tmp_path
):
    room, server = newsroom
    # one stream entry per row: many small commits for the kill to land between
    site = (*cw.site_settings(0.0, 8), "-s", "CORPUS_BATCH_SIZE=1")
    procs = [
        cw.worker(server.base_url, name, redis_server, tmp_path, *site) for name in ("w1", "w2")
    ]
    assert cw.wait_all(procs) == [0, 0]
    waiting = int(redis_client.xlen("na:rows"))
    assert waiting > 60  # every row is in Redis: no ingest ran yet

    first = cw.ingest(redis_server, tmp_path, "--batch", "1")
    db_uri = f"file:{tmp_path / 'corpus.db'}?mode=ro"

    def written() -> int:
        try:
            conn = sqlite3.connect(db_uri, uri=True, timeout=0.05)
            try:
                row = conn.execute("SELECT entries FROM cluster_ingest").fetchone()
            finally:
                conn.close()
        except sqlite3.Error:
            return 0
        return row[0] if row else 0

    deadline = time.monotonic() + 60
    while not written() and time.monotonic() < deadline:
        time.sleep(0.002)
    os.killpg(first.pid, signal.SIGSTOP)  # frozen between two commits, then killed
    assert 0 < int(redis_client.xlen("na:rows")) < waiting
    cw.kill(first)
    db_path = tmp_path / "corpus.db"

    second = cw.ingest(redis_server, tmp_path)
    assert cw.wait_all([second]) == [0], cw.log_tail(tmp_path, "ingest")
    assert cw.texts(db_path) == reference
    checked = cw.verify(tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM crawls").fetchone() == (1,)
    assert conn.execute("SELECT max(version) FROM article_versions").fetchone() == (1,)
    assert conn.execute(
        "SELECT count(*) - count(DISTINCT warc_record_id) FROM captures"
    ).fetchone() == (0,)


def test_the_ingest_learns_a_sites_template_as_a_crawl_does_at_its_end(
    redis_server, redis_client, tmp_path
):
    site_args = cw.site_settings(0.0, 2)
    with TemplatedSite(14) as site:
        single, data = cw.single_and_cluster(site.base_url, redis_server, tmp_path, *site_args)
    texts = cw.texts(data / "corpus.db")
    assert texts == cw.texts(single / "corpus.db")
    assert len(texts) == 14
    for text in texts.values():
        assert all(line not in text for line in TEMPLATE_LINES)
    checked = cw.verify(data)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    conn = sqlite3.connect(data / "corpus.db")
    ((filename, record_id, source),) = conn.execute(
        "SELECT warc_filename, record_id, source FROM template_profiles"
    ).fetchall()
    assert filename.startswith("newsarchive-ingest-")
    assert {r for (r,) in conn.execute("SELECT template_profile FROM articles")} == {record_id}
    # published for the next run's workers to extract with
    published = json.loads(redis_client.hget("na:templates", source))
    assert published["record_id"] == record_id


def test_a_drained_cluster_stops_cleanly_and_the_next_run_finishes_the_queue(
    newsroom, reference, redis_server, redis_client, tmp_path
):
    room, server = newsroom
    room.clear_log()
    site = (*cw.site_settings(0.15, 1), "-s", "FRONTIER_LEASE_BATCH=4")
    procs = [cw.worker(server.base_url, n, redis_server, tmp_path, *site) for n in ("w1", "w2")]
    assert cw.wait_for(lambda: len(_article_fetches(room)) >= 5)
    drain = cw.scrapy_run("cluster", "drain", "-s", f"REDIS_URL=redis://127.0.0.1:{redis_server}/0")
    assert drain.returncode == 0 and "draining" in drain.stdout
    assert cw.wait_all(procs, timeout=60) == [0, 0]
    left = int(redis_client.zcard("na:queued"))
    assert left > 0 and int(redis_client.zcard("na:leased")) == 0
    assert cw.wait_all([cw.ingest(redis_server, tmp_path)]) == [0]
    conn = sqlite3.connect(tmp_path / "corpus.db")
    assert conn.execute("SELECT status, finish_reason FROM crawls").fetchall() == [
        ("interrupted", "drained")
    ]
    assert len(cw.texts(tmp_path / "corpus.db")) < len(reference)

    status = cw.scrapy_run(
        "cluster", "status", "-s", f"REDIS_URL=redis://127.0.0.1:{redis_server}/0"
    )
    assert f"{left:,} queued" in status.stdout and "run 1, over, draining" in status.stdout
    # the next run (a worker started again) lifts the drain and fetches what was left
    w3 = cw.worker(server.base_url, "w3", redis_server, tmp_path, *cw.site_settings(0.0, 8))
    assert cw.wait_all([w3, cw.ingest(redis_server, tmp_path)]) == [0, 0]
    assert cw.texts(tmp_path / "corpus.db") == reference
    assert [p for p, n in _article_fetches(room).items() if n > 1] == []
    checked = cw.verify(tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_focused_cluster_stores_what_a_focused_crawl_stores(redis_server, redis_client, tmp_path):
    query = "flood* OR ferry OR dredging"
    site_args = (*cw.site_settings(0.0, 2), "-s", "NEWS_FOLLOW_LINKS=False")
    with TrapSite() as site:
        sources = tmp_path / "sources.toml"
        sources.write_text(
            "[[source]]\n"
            'name = "harbor"\n'
            f'feeds = ["{site.base_url}/rss.xml"]\n'
            f'allowed_domains = ["127.0.0.1:{site.port}"]\n'
            "topic_focus = true\n"
        )
        spider = ("-a", f"sources={sources}", "-a", f"topic={query}", "-a", "topic_name=works")
        single, data = cw.single_and_cluster(
            site.base_url, redis_server, tmp_path, *site_args, spider_args=spider
        )
    stored = cw.texts(data / "corpus.db")
    assert stored == cw.texts(single / "corpus.db")
    conn = sqlite3.connect(data / "corpus.db")
    assert conn.execute("SELECT count(*) FROM captures WHERE outcome = 'off_topic'").fetchone()[0]
    assert conn.execute("SELECT name, query FROM topics").fetchall() == [("works", query)]
    assert conn.execute("SELECT count(*) FROM topic_articles").fetchone() == (len(stored),)


def test_the_next_run_of_a_cluster_asks_conditionally_and_stores_only_what_changed(
    redis_server, redis_client, tmp_path
):
    room = Newsroom(stories=20, seed=5)
    site = cw.site_settings(0.0, 4)
    with room.serve() as server:
        base = server.base_url
        procs = [cw.worker(base, n, redis_server, tmp_path, *site) for n in ("w1", "w2")]
        procs.append(cw.ingest(redis_server, tmp_path))
        assert cw.wait_all(procs) == [0, 0, 0]
        story = room.edit(3, "Correction: the ferry vote was postponed to March, zqcorrectedx.")
        room.clear_log()
        every_run = (*site, "-s", "FRONTIER_RECRAWL_AFTER=0")
        procs = [
            cw.worker(server.base_url, n, redis_server, tmp_path, *every_run) for n in ("w3", "w4")
        ]
        procs.append(cw.ingest(redis_server, tmp_path))
        codes = cw.wait_all(procs)
    assert codes == [0, 0, 0], [cw.log_tail(tmp_path, n) for n in ("w3", "w4", "ingest")]
    articles = [e for e in room.log if "/story-" in e["path"]]
    assert sorted(e["path"] for e in articles) == sorted(s.path for s in room.all_stories)
    assert all(e["if_none_match"] for e in articles)  # the validators the first run kept
    assert {e["path"] for e in articles if e["status"] == 200} == {story.path}
    assert sum(1 for e in room.log if e["path"] == "/robots.txt") == 1
    conn = sqlite3.connect(tmp_path / "corpus.db")
    assert conn.execute("SELECT id, status FROM crawls ORDER BY id").fetchall() == [
        (1, "finished"),
        (2, "finished"),
    ]
    versions = dict(conn.execute("SELECT url, version FROM articles").fetchall())
    assert versions.pop(base + story.path) == 2
    assert set(versions.values()) == {1}
    revisits = conn.execute(
        "SELECT count(*) FROM captures WHERE crawl_id = 2 AND refers_to IS NOT NULL"
    ).fetchone()[0]
    assert revisits >= len(room.all_stories) - 1
    checked = cw.verify(tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


class _BusySite:
    """Ten stories on 127.0.0.1, each request's arrival logged. ``refuse``: the first
    answers 429 with Retry-After: 2 once. ``crawl_delay``: robots.txt asks for it."""

    def __init__(self, *, refuse: bool = False, crawl_delay: float | None = None) -> None:
        self.log: list[tuple[float, str, int]] = []
        self.refused = not refuse
        self.crawl_delay = crawl_delay
        self.lock = threading.Lock()

    def answer(self, path: str) -> tuple[int, dict[str, str], bytes]:
        if path == "/robots.txt" and self.crawl_delay is not None:
            return 200, {}, f"User-agent: *\nCrawl-delay: {self.crawl_delay}\n".encode()
        if path == "/":
            links = "".join(f'<li><a href="/story/{i}">Story {i}</a></li>' for i in range(10))
            return 200, {}, f"<html><body><h1>Front</h1><ul>{links}</ul></body></html>".encode()
        if path.startswith("/story/"):
            with self.lock:
                first = path == "/story/0" and not self.refused
                self.refused = self.refused or first
            if first:
                return 429, {"Retry-After": "2"}, b"slow down"
            words = " ".join(f"word{n}" for n in range(300))
            body = f"<html><head><title>{path}</title></head><body><article><h1>{path}</h1>"
            return 200, {}, (body + f"<p>{words}</p></article></body></html>").encode()
        return 404, {}, b"not here"

    def crawl_with(self, redis_server: int, tmp_path: Path) -> list[int]:
        """Serve, and crawl with two workers (a few URLs each, so both fetch) and an
        ingest; their exit statuses."""
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                status, headers, body = site.answer(self.path)
                with site.lock:
                    site.log.append((time.monotonic(), self.path, status))
                self.send_response(status)
                for name, value in {**headers, "Content-Type": "text/html"}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        try:
            args = (*cw.site_settings(0.0, 1), "-s", "FRONTIER_LEASE_BATCH=3")
            procs = [cw.worker(base, n, redis_server, tmp_path, *args) for n in ("w1", "w2")]
            procs.append(cw.ingest(redis_server, tmp_path))
            return cw.wait_all(procs)
        finally:
            server.shutdown()
            server.server_close()


def test_a_retry_after_seen_by_one_worker_holds_the_host_for_all(
    redis_server, redis_client, tmp_path
):
    site = _BusySite(refuse=True)
    codes = site.crawl_with(redis_server, tmp_path)
    assert codes == [0, 0, 0], [cw.log_tail(tmp_path, n) for n in ("w1", "w2", "ingest")]
    ((refused_at, _, _),) = [e for e in site.log if e[2] == 429]
    after = [t - refused_at for t, _, _ in site.log if t > refused_at]
    assert after and min(after) >= 2.0 - 0.02, sorted(after)[:3]
    assert sum(1 for _, path, status in site.log if path == "/story/0" and status == 200) == 1
    by_worker = _responses_by_worker(tmp_path / "warcs")
    assert by_worker["w1"] > 0 and by_worker["w2"] > 0, by_worker


def test_print_copies_with_the_same_bytes_are_stored_once_as_in_one_crawl(
    redis_server, redis_client, tmp_path
):
    room = Newsroom(stories=24, seed=3, print_links=True)
    site = cw.site_settings(0.0, 4)
    with room.serve() as server:
        single, data = cw.single_and_cluster(server.base_url, redis_server, tmp_path, *site)
    assert cw.texts(data / "corpus.db") == cw.texts(single / "corpus.db")
    conn = sqlite3.connect(data / "corpus.db")
    kept_once = conn.execute(
        "SELECT count(*) FROM captures WHERE outcome IN ('revisit', 'same_body')"
    ).fetchone()[0]
    assert kept_once >= 24  # each print copy (or its article) is not read twice
    checked = cw.verify(data)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_when_the_only_worker_is_killed_the_ingest_gives_its_urls_back_and_waits(
    newsroom, reference, redis_server, redis_client, tmp_path
):
    room, server = newsroom
    room.clear_log()
    lease = 2.0
    site = cw.site_settings(0.05, 2)
    w1 = cw.worker(server.base_url, "w1", redis_server, tmp_path, *site, lease=lease)
    ingest = cw.ingest(redis_server, tmp_path, lease=lease)
    assert cw.wait_for(lambda: len(_article_fetches(room)) >= 5)
    cw.kill(w1)
    assert int(redis_client.zcard("na:leased")) > 0  # what w1 held when it died
    # nobody but the ingest is left to put them back
    assert cw.wait_for(lambda: int(redis_client.zcard("na:leased")) == 0, timeout=lease + 10)
    assert int(redis_client.zcard("na:queued")) > 0
    time.sleep(1.0)
    assert ingest.poll() is None  # the run is not over: URLs wait for a worker
    assert "of workers that died are back in the queue" in cw.log_tail(tmp_path, "ingest")
    w2 = cw.worker(server.base_url, "w2", redis_server, tmp_path, *site, lease=lease)
    codes = cw.wait_all([w2, ingest])
    assert codes == [0, 0], [cw.log_tail(tmp_path, n) for n in ("w2", "ingest")]
    assert cw.texts(tmp_path / "corpus.db") == reference
    checked = cw.verify(tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_robots_txt_crawl_delay_spaces_the_requests_of_every_worker(
    redis_server, redis_client, tmp_path
):
    site = _BusySite(crawl_delay=0.5)
    codes = site.crawl_with(redis_server, tmp_path)
    assert codes == [0, 0, 0], [cw.log_tail(tmp_path, n) for n in ("w1", "w2", "ingest")]
    arrivals = sorted(t for t, path, _ in site.log if path != "/robots.txt")
    assert len(arrivals) >= 11
    gaps = [b - a for a, b in zip(arrivals, arrivals[1:], strict=False)]
    assert min(gaps) >= 0.5 - 0.02, sorted(gaps)[:3]
    assert sum(1 for _, path, _ in site.log if path == "/robots.txt") == 1
    by_worker = _responses_by_worker(tmp_path / "warcs")
    assert by_worker["w1"] > 0 and by_worker["w2"] > 0, by_worker
