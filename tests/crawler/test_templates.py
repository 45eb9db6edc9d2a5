"""Site templates in real crawls: learned at the end of a run, archived, reproducible.

The Lowfield Courier (``tests.templated_site``) wraps every article in template blocks
with hashed class names and ordinary words, which no debris rule names."""

from __future__ import annotations

import html
import json
import shutil
import sqlite3

import pytest
import pytest_twisted
from warcio.archiveiterator import ArchiveIterator

from crawler.provenance.rebuild import reextract
from crawler.provenance.verify import verify
from tests.archive.test_viewer import running_viewer
from tests.crawling import crawl_async, run_crawl
from tests.templated_site import ARCHIVE_LINES, NOTES, TEMPLATE_LINES, TemplatedSite, paragraphs

pytestmark = pytest.mark.crawl

ONE_AT_A_TIME = {"CONCURRENT_REQUESTS": 1, "CONCURRENT_REQUESTS_PER_DOMAIN": 1}


def _texts(result) -> dict[str, str]:
    """Each article's text by its path (ports differ between sites)."""
    rows = result.rows("SELECT url_key, text FROM articles")
    return {r["url_key"].split("/news/", 1)[1]: r["text"] for r in rows}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("templates")
    with TemplatedSite(14) as site:
        result = run_crawl(tmp, {"start_urls": site.base_url + "/"}, **ONE_AT_A_TIME)
        result.port = site.port
    return result


def test_the_template_blocks_are_gone_and_no_article_paragraph_is_lost(crawled):
    texts = _texts(crawled)
    assert len(texts) == 14
    for key, text in texts.items():
        number = int(key.split("-")[1])
        for para in paragraphs(number):
            assert para in text
        for line in TEMPLATE_LINES + ARCHIVE_LINES:
            assert line not in text, key
    stats = crawled.stats
    assert stats["extract/template/profiles_written"] == 1
    assert stats["extract/template/articles_changed"] == 14
    assert stats["extract/template/blocks_removed"] >= 14 * len(TEMPLATE_LINES)
    assert stats["extract/template/blocks_learned"] >= len(TEMPLATE_LINES)


def test_the_profile_is_a_warc_metadata_record_that_every_article_names(crawled):
    (profile,) = crawled.rows("SELECT * FROM template_profiles")
    path = crawled.warc_dir / profile["warc_filename"]
    with open(path, "rb") as fh:
        fh.seek(profile["warc_offset"])
        record = next(iter(ArchiveIterator(fh)))
        assert record.rec_type == "metadata"
        assert record.rec_headers.get_header("WARC-Record-ID") == profile["record_id"]
        content = json.loads(record.content_stream().read())
    assert content["pages"] == 14 and content["source"] == profile["source"]
    assert {t["text"] for t in content["texts"]} >= set(TEMPLATE_LINES)
    rows = crawled.rows("SELECT template_profile, conversion_record_id FROM articles")
    assert {r["template_profile"] for r in rows} == {profile["record_id"]}
    conversions = {}
    for path in crawled.warc_files():
        with open(path, "rb") as fh:
            for rec in ArchiveIterator(fh):
                if rec.rec_type == "conversion":
                    conversions[rec.rec_headers.get_header("WARC-Record-ID")] = rec.rec_headers
    assert len(conversions) == 28  # each article's first text, then its text with the profile
    for row in rows:
        headers = conversions[row["conversion_record_id"]]
        assert headers.get_header("X-Newsarchive-Template-Profile") == profile["record_id"]


def test_reextract_rebuilds_the_same_texts_and_verify_passes(crawled, tmp_path):
    report = verify(crawled.db_path, crawled.warc_dir)
    assert report.ok, dict(report.counts)
    assert report.checked["template_profiles"] == 1
    rebuilt = reextract(crawled.warc_dir, tmp_path / "rebuilt.db")
    assert (rebuilt.articles, rebuilt.identical, rebuilt.changed) == (14, 14, 0)
    assert rebuilt.profiles == 1 and rebuilt.missing_profiles == 0
    with sqlite3.connect(tmp_path / "rebuilt.db") as conn:
        again = dict(conn.execute("SELECT url_key, text_sha1 FROM articles"))
    assert again == {r["url_key"]: r["text_sha1"] for r in crawled.rows("SELECT * FROM articles")}
    assert verify(tmp_path / "rebuilt.db", crawled.warc_dir).ok


def test_verify_catches_a_profile_record_that_is_not_the_one_recorded(crawled, tmp_path):
    shutil.copy(crawled.db_path, tmp_path / "corpus.db")
    with sqlite3.connect(tmp_path / "corpus.db") as conn:
        conn.execute("UPDATE template_profiles SET sha1 = 'x' || substr(sha1, 2)")
    report = verify(tmp_path / "corpus.db", crawled.warc_dir)
    assert not report.ok
    # The profile itself, and each of the 14 articles extracted with it.
    assert report.counts["template_profile_mismatch"] == 1 + 14


@pytest_twisted.ensureDeferred
async def test_two_crawls_in_opposite_orders_make_the_same_corpus(crawled, tmp_path):
    with TemplatedSite(14, order="reverse") as site:
        backwards = await crawl_async(
            tmp_path, {"start_urls": site.base_url + "/"}, **ONE_AT_A_TIME
        )
    first = [r["url"] for r in backwards.rows("SELECT url FROM articles ORDER BY id")]
    assert first[0].endswith("story-13-lowfield")  # met in the other order
    assert _texts(backwards) == _texts(crawled)


@pytest_twisted.ensureDeferred
async def test_a_second_run_extracts_new_articles_with_the_profile_and_keeps_it(crawled, tmp_path):
    shutil.copy(crawled.db_path, tmp_path / "corpus.db")
    shutil.copytree(crawled.warc_dir, tmp_path / "warcs")
    with TemplatedSite(18, port=crawled.port) as site:  # the same source, four new articles
        again = await crawl_async(tmp_path, {"start_urls": site.base_url + "/"}, **ONE_AT_A_TIME)
    stats = again.stats
    assert stats.get("extract/template/profiles_written", 0) == 0  # the same blocks
    assert stats["extract/template/blocks_removed"] >= 4 * len(TEMPLATE_LINES)
    texts = _texts(again)
    assert len(texts) == 18
    assert not any(line in text for text in texts.values() for line in TEMPLATE_LINES)
    assert len(again.rows("SELECT * FROM template_profiles")) == 1
    assert verify(again.db_path, again.warc_dir).ok


@pytest_twisted.ensureDeferred
async def test_a_site_with_too_few_articles_learns_nothing(tmp_path):
    with TemplatedSite(6) as site:
        small = await crawl_async(tmp_path, {"start_urls": site.base_url + "/"})
    texts = _texts(small)
    assert len(texts) == 6
    assert all(NOTES in text for text in texts.values())  # no rule names it; nothing learned
    assert "extract/template/profiles_written" not in small.stats
    assert small.rows("SELECT * FROM template_profiles") == []
    assert not [r for r in small.records() if r["type"] == "metadata"]


def test_the_viewer_lists_what_was_taken_as_template_under_the_text(crawled):
    (row,) = crawled.rows("SELECT id FROM articles WHERE url_key LIKE '%story-3-lowfield'")
    with running_viewer(crawled.db_path, crawled.warc_dir) as viewer:
        reply = viewer.get(f"/article/{row['id']}")
    assert reply.status == 200
    page = html.unescape(reply.text)
    assert "Taken out as this site's template" in page
    for line in TEMPLATE_LINES:
        assert line in page
    assert "Template profile" in page
