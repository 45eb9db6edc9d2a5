"""A real crawl of the local trap site, asserted on rows, WARC records and stats."""

from __future__ import annotations

import base64
import gzip
import hashlib
import subprocess
import urllib.request

import pytest
import pytest_twisted

from archive.reader import read_record, resolve_path
from crawler.urls import url_key
from tests.crawling import VENV_BIN, crawl_async, run_crawl
from tests.site import TrapSite
from tests.site.content import (
    ARCHIVE_SITEMAP_PATH,
    DELETED_PATH,
    DISALLOWED_PREFIXES,
    FEED_PATH,
    FLAKY_PATH,
    NEWS_SITEMAP_PATH,
    PDF_PATHS,
    SITEMAP_INDEX_PATH,
    TWO_HOP_PATH,
    non_article_paths,
)

pytestmark = pytest.mark.crawl  # every test here crawls, or reads a crawl's output


@pytest.fixture(scope="module")
def site():
    with TrapSite() as s:
        yield s


@pytest.fixture(scope="module")
def crawl(site, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("crawl")
    result = run_crawl(tmp, {"start_urls": site.base_url + "/"})
    result.site = site
    result.server_requests = list(site.requests)
    return result


def crawl_settings_value(name: str) -> int:
    from crawler import settings

    return getattr(settings, name)


def _sha1_b32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def test_the_crawl_finishes_cleanly(crawl):
    assert crawl.stats["finish_reason"] == "finished"
    assert crawl.stats.get("log_count/ERROR", 0) == 0
    assert crawl.stats.get("warc/write_errors", 0) == 0


def test_every_manifest_article_is_stored(crawl, site):
    stored = {url_key(r["canonical_url"]) for r in crawl.rows("SELECT canonical_url FROM articles")}
    expected = {url_key(a["url"]) for a in site.articles}
    assert expected <= stored, f"missing: {sorted(expected - stored)}"


def test_non_article_pages_are_never_stored_as_articles(crawl, site):
    non_articles = {url_key(site.base_url + p) for p in non_article_paths()}
    stored = {url_key(r["url"]) for r in crawl.rows("SELECT url FROM articles")}
    assert not stored & non_articles
    assert len(stored) == len(site.articles)


def test_amp_utm_and_redirect_variants_make_no_second_row(crawl, site):
    rows = crawl.rows("SELECT url, canonical_url, url_key FROM articles")
    assert len(rows) == len({r["url_key"] for r in rows}) == len(site.articles)
    for r in rows:
        assert "utm_" not in r["url"] and "outputType=amp" not in r["url"]
        assert "#" not in r["url"]


def test_every_request_the_server_logged_has_a_response_record(crawl):
    responses = {r["uri"] for r in crawl.records() if r["type"] == "response"}
    logged = {crawl.site.base_url + r["path"] for r in crawl.server_requests}
    assert logged, "the server saw no request"
    assert logged <= responses, f"not archived: {sorted(logged - responses)[:5]}"


def test_every_response_record_has_a_request_record_concurrent_to_it(crawl):
    records = crawl.records()
    response_ids = {r["id"] for r in records if r["type"] == "response"}
    requests = [r for r in records if r["type"] == "request"]
    assert len(requests) == len(response_ids)
    # Besides the exchanges: each article's text, and a site template profile per site
    # that has one (crawler.templates).
    assert crawl.stats["warc/records_written"] == (
        2 * crawl.stats["downloader/response_count"]
        + crawl.stats["warc/conversion_records"]
        + crawl.stats.get("warc/metadata_records", 0)
    )


def test_every_capture_row_points_at_its_response_record(crawl):
    captures = crawl.rows("SELECT * FROM captures")
    assert len(captures) == crawl.stats["downloader/response_count"]
    for cap in captures:
        path = resolve_path(crawl.warc_dir, cap["warc_filename"])
        rec = read_record(path, cap["warc_offset"], cap["warc_length"])
        assert rec.rec_type == "response"
        assert rec.record_id == cap["warc_record_id"]
        assert rec.target_uri == cap["url"]
        assert _sha1_b32(rec.payload) == cap["payload_digest"]


def test_every_article_pointer_resolves_to_a_matching_response_record(crawl):
    rows = crawl.rows("SELECT a.url, c.* FROM articles a JOIN captures c ON c.id = a.capture_id")
    assert len(rows) == len(crawl.site.articles)
    for row in rows:
        rec = read_record(
            resolve_path(crawl.warc_dir, row["warc_filename"]),
            row["warc_offset"],
            row["warc_length"],
        )
        assert rec.rec_type == "response" and rec.status == 200
        assert rec.target_uri == row["url"]
        assert _sha1_b32(rec.payload) == row["payload_digest"]


def test_disallowed_paths_are_never_requested(crawl):
    paths = [r["path"] for r in crawl.server_requests]
    assert not [p for p in paths if p.startswith(DISALLOWED_PREFIXES)]
    assert crawl.stats["robotstxt/forbidden"] > 0


def test_robots_txt_is_archived_first_for_its_host(crawl):
    assert crawl.server_requests[0]["path"] == "/robots.txt"
    assert crawl.rows("SELECT 1 FROM captures WHERE url LIKE '%/robots.txt' AND outcome='robots'")


def test_redirect_hops_are_archived(crawl, site):
    hops = crawl.rows("SELECT url, status, location FROM captures WHERE status IN (301, 302)")
    hop_urls = {r["url"] for r in hops}
    assert site.base_url + TWO_HOP_PATH in hop_urls
    assert all(r["location"] for r in hops)
    statuses = {r["status"] for r in hops}
    assert statuses == {301, 302}


def test_a_503_then_200_keeps_both_captures(crawl, site):
    rows = crawl.rows(
        "SELECT status, reason FROM captures WHERE url = ? ORDER BY id", site.base_url + FLAKY_PATH
    )
    assert [r["status"] for r in rows] == [503, 200]
    assert rows[0]["reason"] == "Service Unavailable"


def test_a_404_is_archived_with_its_reason_phrase(crawl, site):
    rows = crawl.rows(
        "SELECT status, outcome FROM captures WHERE url = ?", site.base_url + DELETED_PATH
    )
    assert [r["status"] for r in rows] == [404]
    rec = [r for r in crawl.records() if r["uri"] == site.base_url + DELETED_PATH][0]
    assert rec["headers"].statusline == "404 Not Found"


def test_gzip_bodies_are_archived_as_sent(crawl):
    gz = [
        r
        for r in crawl.records()
        if r["type"] == "response" and r["headers"].get_header("Content-Encoding") == "gzip"
    ]
    assert gz, "the site gzips HTML, so some records must carry Content-Encoding: gzip"
    for rec in gz[:10]:
        assert rec["payload"][:2] == b"\x1f\x8b"
        assert gzip.decompress(rec["payload"]).lstrip().lower().startswith(b"<!doctype html")


def test_pdfs_are_archived_and_skipped_as_not_html(crawl, site):
    for path in PDF_PATHS:
        rows = crawl.rows("SELECT outcome FROM captures WHERE url = ?", site.base_url + path)
        assert [r["outcome"] for r in rows] == ["not_html"]
    assert crawl.stats["extract/not_article/not_html"] >= len(PDF_PATHS)


def test_feed_and_sitemap_only_articles_are_found_with_their_hints(crawl, site):
    import json

    for art in site.articles:
        if art["via"] == "links":
            continue
        row = crawl.rows("SELECT discovery FROM articles WHERE url_key = ?", url_key(art["url"]))
        assert row, f"{art['via']}-only article missing: {art['url']}"
        hints = json.loads(row[0]["discovery"])
        assert hints["via"] in ("feed", "sitemap")
    news = crawl.rows("SELECT discovery FROM articles WHERE discovery LIKE '%news_title%'")
    assert news, "Google News sitemap fields must be kept"
    hints = json.loads(news[0]["discovery"])
    assert hints["news_publication_date"] and hints["news_title"]


def test_discovery_documents_are_fetched(crawl):
    paths = {r["path"] for r in crawl.server_requests}
    assert {SITEMAP_INDEX_PATH, NEWS_SITEMAP_PATH, ARCHIVE_SITEMAP_PATH, FEED_PATH} <= paths


def test_calendar_and_pagination_traps_end(crawl):
    paths = [r["path"] for r in crawl.server_requests]
    assert len([p for p in paths if p.startswith("/calendar/")]) <= 12
    paged = [p for p in paths if "page=" in p]
    assert paged, "the sections paginate, so some pagination must have been followed"
    max_chain = crawl_settings_value("NEWS_MAX_PAGINATION")
    assert max(int(p.rsplit("page=", 1)[1]) for p in paged) <= max_chain + 1
    sections = {p.split("?")[0] for p in paged}
    for section in sections:
        assert len([p for p in paged if p.startswith(section + "?")]) <= max_chain
    assert crawl.stats.get("news/skipped/pagination_budget", 0) > 0


def test_every_warc_file_passes_warcio_check_and_reads_whole(crawl):
    files = crawl.warc_files()
    assert files and not list(crawl.warc_dir.glob("*.open"))
    for path in files:
        res = subprocess.run([str(VENV_BIN / "warcio"), "check", str(path)], capture_output=True)
        assert res.returncode == 0, res.stdout + res.stderr
    records = crawl.records()
    assert records[0]["type"] == "warcinfo"
    assert len(records) == 1 + crawl.stats["warc/records_written"]


def test_each_article_has_a_conversion_record_referring_to_its_response(crawl):
    records = {r["id"]: r for r in crawl.records()}
    rows = crawl.rows(
        "SELECT a.text, a.extractor, a.conversion_record_id, c.warc_record_id, c.url"
        " FROM articles a JOIN captures c ON c.id = a.capture_id"
    )
    assert rows
    for row in rows:
        conv = records[row["conversion_record_id"]]
        assert conv["type"] == "conversion"
        assert conv["payload"].decode("utf-8") == row["text"]
        assert conv["headers"] is None  # no HTTP headers: the block is the text
        assert conv["uri"] == row["url"]
        assert conv["refers_to"] == row["warc_record_id"]
        assert conv["extractor"] == row["extractor"]


def test_sqlite_utils_search_finds_articles_by_a_word_of_their_text(crawl, site):
    art = site.articles[0]
    res = subprocess.run(
        [
            str(VENV_BIN / "sqlite-utils"),
            "search",
            str(crawl.db_path),
            "articles",
            art["unique_word"],
        ],
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stderr
    assert art["title"] in res.stdout


def test_article_metadata_matches_the_page(crawl, site):
    by_key = {r["url_key"]: r for r in crawl.rows("SELECT * FROM articles")}
    for art in site.articles:
        row = by_key[url_key(art["url"])]
        assert row["title"] == art["title"]
        assert row["author"] == art["author"]
        assert row["published"][:10] == art["published"][:10]
        assert row["word_count"] > 50 and row["extractor"].startswith("newsarchive/")


def test_the_crawl_ledger_row_is_completed(crawl):
    import json

    (row,) = crawl.rows("SELECT * FROM crawls")
    assert row["status"] == "finished" and row["finish_reason"] == "finished"
    assert json.loads(row["warc_files"]) == [p.name for p in crawl.warc_files()]
    stats = json.loads(row["stats"])
    assert stats["corpus/articles_inserted"] == len(crawl.site.articles)
    summary = json.loads(row["summary"])
    assert summary["articles_stored"] == len(crawl.site.articles)
    assert json.loads(row["settings"])["ROBOTSTXT_OBEY"] is True


@pytest_twisted.ensureDeferred
async def test_a_second_crawl_adds_no_duplicate_rows(crawl, site, tmp_path):
    import shutil

    shutil.copytree(crawl.tmp, tmp_path / "again")
    again = await crawl_async(tmp_path / "again", {"start_urls": site.base_url + "/"})
    rows = again.rows("SELECT count(*) AS n FROM articles")
    assert rows[0]["n"] == len(site.articles)
    assert again.stats.get("corpus/articles_inserted", 0) == 0
    assert again.stats.get("corpus/articles_updated", 0) == 0
    # the frontier knows every story: none is due again an hour later, none refetched
    assert again.stats.get("frontier/not_due", 0) >= len(site.articles) - 5
    assert len(again.rows("SELECT * FROM crawls")) == 2


def test_replay_writes_the_decoded_body_the_server_sent(crawl, site):
    from tests.crawling import scrapy_command

    art = site.articles[0]
    direct = urllib.request.urlopen(art["url"]).read()  # no Accept-Encoding: identity body
    res = scrapy_command(
        "replay", art["url"], "-s", f"CORPUS_DB={crawl.db_path}", "-s", f"WARC_DIR={crawl.warc_dir}"
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout == direct


def test_replay_headers_prints_the_archived_status_line(crawl, site):
    from tests.crawling import scrapy_command

    res = scrapy_command(
        "replay",
        site.base_url + DELETED_PATH,
        "--headers",
        "-s",
        f"CORPUS_DB={crawl.db_path}",
        "-s",
        f"WARC_DIR={crawl.warc_dir}",
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith(b"HTTP/1.1 404 Not Found\r\n")
    assert b"Content-Type: text/html" in res.stdout


def test_replay_of_an_unknown_url_fails_with_one_line(crawl):
    from tests.crawling import scrapy_command

    res = scrapy_command(
        "replay",
        "http://127.0.0.1:9/never-seen",
        "-s",
        f"CORPUS_DB={crawl.db_path}",
        "-s",
        f"WARC_DIR={crawl.warc_dir}",
    )
    assert res.returncode == 1
    assert res.stdout == b""
    assert len(res.stderr.decode().strip().splitlines()) == 1


def test_replay_at_picks_the_nearest_capture(crawl, site):
    from tests.crawling import scrapy_command

    url = site.base_url + FLAKY_PATH
    rows = crawl.rows("SELECT fetched_at, status FROM captures WHERE url = ? ORDER BY id", url)
    first = rows[0]["fetched_at"]
    res = scrapy_command(
        "replay",
        url,
        "--headers",
        "--at",
        first,
        "-s",
        f"CORPUS_DB={crawl.db_path}",
        "-s",
        f"WARC_DIR={crawl.warc_dir}",
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith(b"HTTP/1.1 503")


@pytest_twisted.ensureDeferred
async def test_a_warc_left_open_by_a_killed_run_is_repaired_before_the_crawl(crawl, site, tmp_path):
    warcs = tmp_path / "warcs"
    warcs.mkdir()
    whole = crawl.warc_files()[0].read_bytes()
    cut = warcs / "newsarchive-20260101000000000-00000-killed.warc.gz.open"
    cut.write_bytes(whole[: len(whole) // 2])  # killed mid-record
    again = await crawl_async(tmp_path, {"start_urls": site.base_url + "/"})
    assert again.stats["warc/repaired_files"] == 1
    assert not list(warcs.glob("*.open"))
    repaired = warcs / "newsarchive-20260101000000000-00000-killed.warc.gz"
    assert repaired.exists() and 0 < repaired.stat().st_size < len(whole) // 2
    res = subprocess.run([str(VENV_BIN / "warcio"), "check", str(repaired)], capture_output=True)
    assert res.returncode == 0
