"""The viewer behind ``scrapy serve``, over HTTP, against a real crawl of the TrapSite."""

from __future__ import annotations

import datetime as dt
import html
import http.client
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import uvicorn

from archive.reader import NoArchive
from archive.replay import parse_web_timestamp
from archive.viewer.app import CorpusUnavailable, build_datasette, listen, socket_url
from archive.viewer.captures import capture_stamp, verify_capture, web_timestamp
from archive.viewer.plugin import ARCHIVE_CSP
from tests.crawling import ROOT, run_crawl
from tests.site import TrapSite

FLAKY = "/story/9001"  # 503 on its first request, 200 on the retry
# Responses compared byte for byte with what the site sends to a client that asks for identity.
REFERENCE_PATHS = (
    "/robots.txt",
    "/rss.xml",
    "/story/report-2026",  # a PDF
    "/sitemaps/archive.xml.gz",  # gzip as a file, not as a Content-Encoding
    "/section/city?page=2",  # a URL with its own query
)


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Viewer:
    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self.base_url = base_url.rstrip("/")
        self.host, self.port = parts.hostname, parts.port

    def get(self, path: str, headers: dict[str, str] | None = None) -> Reply:
        """GET a raw request target, sent exactly as written (no dot-segment cleanup)."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=20)
        try:
            conn.request("GET", path, headers=headers or {})
            resp = conn.getresponse()
            return Reply(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read())
        finally:
            conn.close()

    def follow(self, path: str, hops: int = 5) -> Reply:
        reply = self.get(path)
        while reply.status in (301, 302, 303, 307, 308) and hops:
            location = reply.headers["location"]
            assert location.startswith("/"), f"{path} redirects off the viewer: {location}"
            reply, hops = self.get(location), hops - 1
        return reply


@contextmanager
def running_viewer(db: Path, warcs: Path) -> Iterator[Viewer]:
    """The viewer app served by uvicorn from a thread, on a free port."""
    ds = build_datasette(db, warcs)
    sock = listen("127.0.0.1", 0)
    server = uvicorn.Server(uvicorn.Config(ds.app(), log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the viewer did not start"
        time.sleep(0.02)
    try:
        yield Viewer(socket_url(sock))
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@dataclass
class Crawled:
    db_path: Path
    warc_dir: Path
    base: str
    manifest: list[dict[str, str]]
    reference: dict[str, tuple[bytes, str]]  # url -> (body, Content-Type) sent for identity

    def rows(self, sql: str, *params) -> list[sqlite3.Row]:
        with sqlite3.connect(self.db_path) as conn:
            conn.row_factory = sqlite3.Row
            return list(conn.execute(sql, params))

    def story(self, word: str) -> dict[str, str]:
        return next(a for a in self.manifest if a["unique_word"] == word)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory) -> Crawled:
    tmp = tmp_path_factory.mktemp("viewer")
    with TrapSite() as site:
        result = run_crawl(tmp, {"start_urls": site.base_url + "/"})
        manifest = site.articles
        article_urls = [
            r["url"]
            for r in result.rows(
                "SELECT c.url FROM articles a JOIN captures c ON c.id = a.capture_id"
            )
        ]
        reference = {}
        for url in [*article_urls, *(site.url(p) for p in REFERENCE_PATHS)]:
            # urllib asks for no Content-Encoding: the site answers with identity.
            with urllib.request.urlopen(url, timeout=20) as resp:
                reference[url] = (resp.read(), resp.headers["Content-Type"])
    return Crawled(result.db_path, result.warc_dir, site.base_url, manifest, reference)


@pytest.fixture(scope="module")
def viewer(crawled) -> Iterator[Viewer]:
    with running_viewer(crawled.db_path, crawled.warc_dir) as running:
        yield running


def _attrs(html: str, tag: str) -> list[dict[str, str | None]]:
    found: list[dict[str, str | None]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, name, attrs):
            if name == tag:  # a bare attribute (<iframe sandbox>) has the value ""
                found.append({k: v or "" for k, v in attrs})

    Collect().feed(html)
    return found


def _article_id(crawled: Crawled, word: str) -> int:
    title = crawled.story(word)["title"]
    return crawled.rows("SELECT id FROM articles WHERE title = ?", title)[0]["id"]


def _flaky_captures(crawled: Crawled) -> list[sqlite3.Row]:
    rows = crawled.rows(
        "SELECT * FROM captures WHERE url = ? ORDER BY fetched_at", crawled.base + FLAKY
    )
    assert [r["status"] for r in rows] == [503, 200]
    return rows


# -- search and pages ----------------------------------------------------------------


@pytest.mark.crawl
def test_the_landing_page_has_a_search_box_and_the_latest_articles(viewer, crawled):
    reply = viewer.get("/")
    assert reply.status == 200
    forms = _attrs(reply.text, "form")
    assert any(f.get("action") == "/search" for f in forms)  # relevance, snippets
    assert 'name="q"' in reply.text
    assert "16 articles" in reply.text
    assert crawled.story("Oldbarrow")["title"] in reply.text


@pytest.mark.crawl
def test_search_finds_an_article_by_its_unique_word(viewer, crawled):
    story = crawled.story("Oldbarrow")
    reply = viewer.get("/corpus/articles?_search=Oldbarrow")
    assert reply.status == 200
    assert story["title"] in reply.text
    assert crawled.story("Skelloway")["title"] not in reply.text
    article_id = _article_id(crawled, "Oldbarrow")
    assert f'href="/article/{article_id}"' in reply.text  # titles open the article view
    rows = viewer.get("/corpus/articles.json?_search=Oldbarrow&_shape=array")
    assert [r["title"] for r in json.loads(rows.body)] == [story["title"]]


@pytest.mark.crawl
def test_articles_are_faceted_by_site_language_and_published_day_and_month(viewer):
    data = json.loads(viewer.get("/corpus/articles.json?_extra=facet_results").body)
    facets = data["facet_results"]
    facets = facets.get("results", facets)
    by_type = {(f["name"], f["type"]) for f in facets.values()}
    assert {
        ("sitename", "column"),
        ("language", "column"),
        ("published", "date"),
        ("published", "month"),
    } <= by_type
    month = next(f for f in facets.values() if f["type"] == "month")
    assert {"2026-03", "2026-02"} <= {v["value"] for v in month["results"]}
    march = json.loads(
        viewer.get("/corpus/articles.json?published__startswith=2026-03&_shape=array").body
    )
    assert march and all(r["published"].startswith("2026-03") for r in march)


@pytest.mark.crawl
def test_the_article_page_shows_the_text_beside_the_archived_page(viewer, crawled):
    article_id = _article_id(crawled, "Oldbarrow")
    reply = viewer.get(f"/article/{article_id}")
    assert reply.status == 200
    assert "the Oldbarrow main" in reply.text
    _, capture = _flaky_captures(crawled)
    for value in ("warc_filename", "warc_record_id", "payload_digest"):
        assert html.escape(str(capture[value])) in reply.text
    assert "Verifies" in reply.text and "Does not verify" not in reply.text
    frames = _attrs(reply.text, "iframe")
    assert len(frames) == 1
    src, sandbox = frames[0]["src"], frames[0].get("sandbox")
    assert src.startswith("/web/") and src.endswith("/" + capture["url"])
    assert sandbox is not None
    assert "allow-scripts" not in sandbox and "allow-same-origin" not in sandbox

    # The frame shows exactly this capture, not the 503 fetched in the same second:
    # the page with its links leading into the viewer (if_), under the same sandbox
    # except that a reader's click may move the top page.
    framed = viewer.get(src, {"Sec-Fetch-Dest": "iframe"})
    assert framed.status == 200
    inner = _attrs(framed.text, "iframe")
    assert len(inner) == 1 and inner[0]["sandbox"] == "allow-top-navigation-by-user-activation"
    assert "if_/" in inner[0]["src"]
    raw = viewer.get(inner[0]["src"])
    assert raw.status == 200
    assert b"Oldbarrow" in raw.body


@pytest.mark.crawl
def test_an_unknown_article_is_a_404_page(viewer):
    reply = viewer.get("/article/999999")
    assert reply.status == 404
    assert "There is no article" in reply.text


# -- replay --------------------------------------------------------------------------


@pytest.mark.crawl
def test_id_replays_exactly_the_decoded_bytes_the_site_sent(viewer, crawled):
    assert len(crawled.reference) == 16 + len(REFERENCE_PATHS)
    encoded = {
        r["url"] for r in crawled.rows("SELECT url FROM captures WHERE content_encoding = 'gzip'")
    }
    assert encoded & set(crawled.reference), "some of these were archived gzip-encoded"
    for url, (body, content_type) in crawled.reference.items():
        reply = viewer.get(f"/web/2099id_/{url}")
        assert reply.status == 200, url
        assert reply.body == body, url
        assert reply.headers["content-type"] == content_type, url
        assert "content-encoding" not in reply.headers


@pytest.mark.crawl
def test_id_responses_run_no_script_and_load_nothing_from_the_web(viewer, crawled):
    url = next(iter(crawled.reference))
    for path in (f"/web/2099id_/{url}", "/web/2099id_/http://nowhere.invalid/"):
        reply = viewer.get(path)
        assert reply.headers["content-security-policy"] == ARCHIVE_CSP
        assert reply.headers["content-security-policy"] == (
            "sandbox; default-src 'none'; img-src 'self' data:; "
            "style-src 'self' 'unsafe-inline'; font-src 'self' data:; "
            "base-uri 'none'; form-action 'none'"
        )
        assert reply.headers["x-content-type-options"] == "nosniff"
        assert reply.headers["referrer-policy"] == "no-referrer"
        assert "set-cookie" not in reply.headers


@pytest.mark.crawl
def test_the_viewers_own_pages_are_confined_to_the_viewer(viewer, crawled):
    article_id = _article_id(crawled, "Oldbarrow")
    for path in ("/", f"/article/{article_id}", "/corpus/articles", f"/web/2099/{crawled.base}/"):
        reply = viewer.get(path)
        assert reply.status == 200, path
        policy = reply.headers["content-security-policy"]
        assert "default-src 'self'" in policy and "http" not in policy
        assert reply.headers["x-content-type-options"] == "nosniff"
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
            for attrs in _attrs(reply.text, tag):
                value = attrs.get(attr) or ""
                assert not re.match(r"(?i)\s*(https?:)?//", value) or value.startswith(
                    viewer.base_url
                ), f"{path}: <{tag} {attr}={value}>"


@pytest.mark.crawl
def test_the_timestamp_picks_the_nearest_successful_capture(viewer, crawled):
    url = crawled.base + FLAKY
    first, second = _flaky_captures(crawled)
    # Nearer to the 503 than to the 200, but the 503 is not named: the 200 is shown.
    early = viewer.get(f"/web/2000id_/{url}")
    assert early.status == 200 and b"Oldbarrow" in early.body
    late = viewer.get(f"/web/2099id_/{url}")
    assert late.status == 200 and b"Oldbarrow" in late.body
    # 14 digits name the second the 503 was fetched in: the 503 was asked for, unless
    # the 200 shares that second (then the 503's own address has 20 digits).
    named = viewer.get(f"/web/{web_timestamp(first)}id_/{url}").status
    same_second = web_timestamp(first) == web_timestamp(second)
    assert named == (200 if same_second else 503)
    rows = [dict(first), dict(second)]
    assert viewer.get(f"/web/{capture_stamp(rows[0], rows)}id_/{url}").status == 503
    # The second after the 200 was fetched is nearer to the 200.
    after = dt.datetime.fromisoformat(second["fetched_at"]) + dt.timedelta(seconds=1)
    after_stamp = after.astimezone(dt.UTC).strftime("%Y%m%d%H%M%S")
    assert viewer.get(f"/web/{after_stamp}id_/{url}").status == 200
    # 20 digits address each capture exactly, even within one second.
    for row in (first, second):
        exact = viewer.get(f"/web/{web_timestamp(row, precise=True)}id_/{url}")
        assert exact.status == row["status"]
        assert exact.headers["link"] == f'<{url}>; rel="original"'
    assert viewer.get(f"/web/2026id_/{url}").status == 200  # 4 digits are a timestamp too


@pytest.mark.crawl
def test_the_framed_view_has_a_banner_and_a_sandboxed_frame(viewer, crawled):
    url = crawled.base + FLAKY
    _, second = _flaky_captures(crawled)
    reply = viewer.get(f"/web/2099/{url}")
    assert reply.status == 200
    assert "Archived" in reply.text and url in reply.text
    assert second["fetched_at"] in reply.text  # the capture time, machine-readable
    assert f'href="/article/{_article_id(crawled, "Oldbarrow")}"' in reply.text
    frames = _attrs(reply.text, "iframe")
    assert len(frames) == 1
    assert frames[0]["sandbox"] == "allow-top-navigation-by-user-activation"
    assert re.fullmatch(rf"/web/\d{{14}}(\d{{6}})?if_/{re.escape(url)}", frames[0]["src"])
    # 14 digits when they lead back to this capture, 20 when the 503 is nearer to that second.
    assert viewer.get(frames[0]["src"]).status == 200


@pytest.mark.crawl
def test_a_url_keeps_its_own_query_string(viewer, crawled):
    url = crawled.base + "/section/city?page=2"
    other = viewer.get(f"/web/2099id_/{crawled.base}/section/city?page=3")
    reply = viewer.get(f"/web/2099id_/{url}")
    assert reply.status == 200 and other.status == 200
    assert reply.body == crawled.reference[url][0] != other.body


@pytest.mark.crawl
def test_a_redirect_is_followed_inside_the_archive(viewer, crawled):
    reply = viewer.get(f"/web/2099id_/{crawled.base}/go/city-budget-2026-unveiled")
    assert reply.status == 302
    location = reply.headers["location"]
    # The redirect's minute, as a link carries: the target's nearest successful capture.
    assert re.fullmatch(
        rf"/web/\d{{12}}id_/{re.escape(crawled.base)}/news/2026/03/02/city-budget-2026-unveiled",
        location,
    )
    assert viewer.get(location).status == 200


@pytest.mark.crawl
def test_without_a_timestamp_the_latest_capture_is_shown(viewer, crawled):
    _, second = _flaky_captures(crawled)
    reply = viewer.get(f"/web/{crawled.base}{FLAKY}")
    assert reply.status == 200
    assert second["fetched_at"] in reply.text


@pytest.mark.crawl
def test_capture_urls_in_the_captures_table_open_their_replay(viewer, crawled):
    first, _ = _flaky_captures(crawled)
    reply = viewer.get(f"/corpus/captures?id={first['id']}")
    href = f"/web/{web_timestamp(first, precise=True)}/{first['url']}"
    assert f'href="{href}"' in reply.text
    assert "503" in viewer.get(href).text


@pytest.mark.crawl
def test_captures_of_a_url_are_listed(viewer, crawled):
    reply = viewer.get(f"/web/*/{crawled.base}{FLAKY}")
    assert reply.status == 200
    assert "2 captures" in reply.text and "503" in reply.text


@pytest.mark.crawl
def test_an_unknown_url_is_a_404_page(viewer, crawled):
    for path in (
        f"/web/2026id_/{crawled.base}/never/archived",
        f"/web/2026/{crawled.base}/never/archived",
        "/web/20260101000000/http://example.com/",
        f"/web/*/{crawled.base}/never/archived",
    ):
        reply = viewer.get(path)
        assert reply.status == 404, path
        assert b"not in the archive" in reply.body, path


# -- files outside WARC_DIR ------------------------------------------------------------


TRAVERSALS = (
    "/web/2026id_/../../../../etc/passwd",
    "/web/2026id_/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/web/2026id_/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/web/2026id_/%2fetc%2fpasswd",
    "/web/2026id_//etc/passwd",
    "/web/2026id_/file:///etc/passwd",
    "/web/2026/../../../../etc/passwd",
    "/web/*/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/web/../../../../etc/passwd",
    "/web/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/article/..%2f..%2f..%2fetc%2fpasswd",
    "/-/static/../../../../../../etc/passwd",
    "/-/static/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/corpus/..%2f..%2f..%2fetc%2fpasswd",
)


@pytest.mark.crawl
@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_url_reads_a_file_outside_warc_dir(viewer, path):
    reply = viewer.follow(path)
    assert reply.status in (400, 404), path
    assert b"root:" not in reply.body
    assert b"WARC/1.1" not in reply.body


@pytest.mark.crawl
def test_warc_file_names_are_not_urls(viewer, crawled):
    name = crawled.rows("SELECT warc_filename FROM captures LIMIT 1")[0][0]
    for path in (f"/web/2026id_/{name}", f"/web/2026id_/../{name}", f"/web/2026id_/warcs/{name}"):
        reply = viewer.get(path)
        assert reply.status == 404
        assert b"WARC/1.1" not in reply.body


@pytest.mark.crawl
def test_capture_rows_pointing_outside_warc_dir_are_refused(crawled, tmp_path):
    db, warcs = tmp_path / "corpus.db", tmp_path / "warcs"
    shutil.copy(crawled.db_path, db)
    shutil.copytree(crawled.warc_dir, warcs)
    (warcs / "evil.warc.gz").symlink_to("/etc/passwd")
    rows = crawled.rows(
        "SELECT a.id AS article_id, c.id, c.url FROM articles a"
        " JOIN captures c ON c.id = a.capture_id ORDER BY a.id LIMIT 4"
    )
    forged = ("../../etc/passwd", "/etc/passwd", "evil.warc.gz", "..%2f..%2fetc%2fpasswd")
    with sqlite3.connect(db) as conn:
        for row, name in zip(rows, forged, strict=True):
            conn.execute(
                "UPDATE captures SET warc_filename = ?, warc_offset = 0, warc_length = 64"
                " WHERE id = ?",
                (name, row["id"]),
            )
    with running_viewer(db, warcs) as forged_viewer:
        for row in rows:
            raw = forged_viewer.get(f"/web/2099id_/{row['url']}")
            assert raw.status == 404, row["url"]
            assert b"root:" not in raw.body
            page = forged_viewer.get(f"/article/{row['article_id']}")
            assert page.status == 200
            assert "Does not verify" in page.text and "root:" not in page.text
    for row, name in zip(rows, forged, strict=True):
        ok, why = verify_capture(warcs, {**dict(row), "warc_filename": name})
        assert not ok and why


@pytest.mark.crawl
def test_verify_capture_explains_a_damaged_row(crawled):
    _, capture = _flaky_captures(crawled)
    capture = dict(capture)
    assert verify_capture(crawled.warc_dir, capture) == (
        True,
        "record id, target URI and payload digest match the WARC record",
    )
    ok, why = verify_capture(crawled.warc_dir, {**capture, "payload_digest": "sha1:AAAA"})
    assert not ok and "hashes to" in why
    ok, why = verify_capture(crawled.warc_dir, {**capture, "url": "http://elsewhere.invalid/"})
    assert not ok and "record there is for" in why
    ok, why = verify_capture(crawled.warc_dir, {**capture, "warc_offset": 1})
    assert not ok and str(crawled.warc_dir) not in why  # no server paths in messages


@pytest.mark.crawl
def test_a_missing_or_foreign_corpus_is_refused(tmp_path, crawled):
    with pytest.raises(CorpusUnavailable, match="no corpus"):
        build_datasette(tmp_path / "none.db", crawled.warc_dir)
    with pytest.raises(NoArchive, match="no WARC directory"):
        build_datasette(crawled.db_path, tmp_path / "none")
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(CorpusUnavailable, match="not a newsarchive corpus"):
        build_datasette(other, crawled.warc_dir)


def test_capture_stamps_lead_back_to_their_own_capture():
    def row(id_: int, fetched_at: str) -> dict:
        return {"id": id_, "fetched_at": fetched_at}

    apart = [row(1, "2026-03-02T10:00:00.900000+00:00"), row(2, "2026-03-02T10:00:01.050000+00:00")]
    assert capture_stamp(apart[0], apart) == "20260302100000"
    assert capture_stamp(apart[1], apart) == "20260302100001"
    # The first is nearer to 10:00:01 than the second, but 14 digits name a second, and
    # only the second capture was made in it.
    close = [row(1, "2026-03-02T10:00:00.950000+00:00"), row(2, "2026-03-02T10:00:01.070000+00:00")]
    assert capture_stamp(close[1], close) == "20260302100001"
    same = [row(1, "2026-03-02T10:00:01.100000+00:00"), row(2, "2026-03-02T10:00:01.400000+00:00")]
    assert capture_stamp(same[0], same) == "20260302100001"
    assert capture_stamp(same[1], same) == "20260302100001400000"
    assert parse_web_timestamp("20260302100001400000") == dt.datetime(
        2026, 3, 2, 10, 0, 1, 400000, tzinfo=dt.UTC
    )
    assert parse_web_timestamp("2026") == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for bad in ("202", "2026x", "202613", "123456789012345678901"):
        with pytest.raises(ValueError):
            parse_web_timestamp(bad)


def test_the_viewer_does_not_import_scrapy():
    code = (
        "import sys, archive.viewer, archive.viewer.plugin;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('scrapy', 'crawler')];"
        "assert not bad, bad"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False).returncode == 0
