"""verify checks each stored text against its own text_sha1 and its conversion record.

A text edited by one character, with ``text_sha1`` left as it was, re-extracts to the same
hash and used to verify clean; so did a row pointing at no conversion record.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections import defaultdict

import pytest

from crawler.provenance.verify import (
    ARTICLES_STAGE,
    CAPTURES_STAGE,
    FILES_STAGE,
    VERSIONS_STAGE,
    verify,
)
from schemas.corpus import text_sha1
from tests.crawling import run_crawl, scrapy_command
from tests.site import TrapSite

pytestmark = pytest.mark.crawl  # every test here crawls, or reads a crawl's output


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("verify-text")
    with TrapSite() as site:
        return run_crawl(tmp, {"start_urls": site.base_url + "/"})


@pytest.fixture
def copy(crawled, tmp_path):
    """A private copy of the crawl's corpus and WARCs to tamper with."""
    shutil.copy(crawled.db_path, tmp_path / "corpus.db")
    shutil.copytree(crawled.warc_dir, tmp_path / "warcs")
    return tmp_path / "corpus.db", tmp_path / "warcs"


def _edit_one_character(text: str) -> str:
    at = len(text) // 2
    return text[:at] + ("e" if text[at] != "e" else "a") + text[at + 1 :]


def _first_article(db) -> tuple[int, str, str]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT id, text, text_sha1 FROM articles ORDER BY id LIMIT 1"
        ).fetchone()


def _cli_verify(db, warcs):
    return scrapy_command("verify", "-s", f"CORPUS_DB={db}", "-s", f"WARC_DIR={warcs}")


def test_a_fresh_crawl_has_every_text_matching_its_hash_and_its_conversion_record(copy):
    db, warcs = copy
    report = verify(db, warcs)
    assert report.ok, dict(report.counts)
    assert report.checked["articles"] == 16 and report.checked["article_versions"] == 16
    for kind in ("text_sha1_mismatch", "conversion_record_missing", "conversion_text_mismatch"):
        assert report.counts[kind] == 0
    assert report.counts["no_conversion_record"] == 0


def test_one_character_edited_with_its_hash_left_as_it_was_is_caught(copy):
    db, warcs = copy
    article_id, text, sha1 = _first_article(db)
    with sqlite3.connect(db) as conn:
        conn.execute(
            "UPDATE articles SET text = ? WHERE id = ?", (_edit_one_character(text), article_id)
        )
    report = verify(db, warcs)
    assert not report.ok
    assert report.counts["text_sha1_mismatch"] == 1
    assert report.counts["conversion_text_mismatch"] == 1
    assert report.counts["text_mismatch"] == 0  # re-extraction alone cannot see it
    assert report.examples["text_sha1_mismatch"][0].startswith(f"article {article_id} ")
    res = _cli_verify(db, warcs)
    assert res.returncode == 1, res.stderr.decode()[-2000:]
    out = res.stdout.decode()
    assert "FAIL text_sha1_mismatch: 1" in out and "FAIL conversion_text_mismatch: 1" in out
    assert "verify: PROBLEMS FOUND" in out


def test_an_edited_text_with_a_matching_new_hash_differs_from_its_conversion_record(copy):
    db, warcs = copy
    article_id, text, _sha1 = _first_article(db)
    edited = _edit_one_character(text)
    with sqlite3.connect(db) as conn:
        conn.execute(
            "UPDATE articles SET text = ?, text_sha1 = ? WHERE id = ?",
            (edited, text_sha1(edited), article_id),
        )
    report = verify(db, warcs)
    assert not report.ok
    assert report.counts["text_sha1_mismatch"] == 0
    assert report.counts["conversion_text_mismatch"] == 1
    assert report.counts["text_mismatch"] == 1


def test_an_edited_older_version_is_caught_too(copy):
    db, warcs = copy
    with sqlite3.connect(db) as conn:
        article_id, version, text = conn.execute(
            "SELECT article_id, version, text FROM article_versions ORDER BY article_id LIMIT 1"
        ).fetchone()
        conn.execute(
            "UPDATE article_versions SET text = ? WHERE article_id = ? AND version = ?",
            (_edit_one_character(text), article_id, version),
        )
    report = verify(db, warcs)
    assert not report.ok
    assert report.counts["text_sha1_mismatch"] == 1
    assert f"article {article_id} version {version} " in report.examples["text_sha1_mismatch"][0]


def test_a_row_naming_a_conversion_record_no_warc_holds_is_caught(copy):
    db, warcs = copy
    article_id, _text, _sha1 = _first_article(db)
    with sqlite3.connect(db) as conn:
        conn.execute(
            "UPDATE articles SET conversion_record_id = '<urn:uuid:nowhere>' WHERE id = ?",
            (article_id,),
        )
    report = verify(db, warcs)
    assert not report.ok
    assert report.counts["conversion_record_missing"] == 1
    assert (
        "<urn:uuid:nowhere> is in no WARC file" in report.examples["conversion_record_missing"][0]
    )


def test_every_stage_reports_its_total_before_its_progress(copy):
    db, warcs = copy
    totals: dict[str, int | None] = {}
    done: dict[str, int] = defaultdict(int)

    def progress(stage: str, n: int, total: int | None) -> None:
        if stage not in totals:
            assert total is not None, f"{stage} started without its total"
            totals[stage] = total
        done[stage] += n

    report = verify(db, warcs, progress=progress)
    assert list(totals) == [FILES_STAGE, CAPTURES_STAGE, ARTICLES_STAGE, VERSIONS_STAGE]
    assert totals[FILES_STAGE] == sum(p.stat().st_size for p in warcs.glob("*.warc.gz"))
    assert totals[CAPTURES_STAGE] == report.checked["captures"] > 100
    assert totals[ARTICLES_STAGE] == report.checked["articles"] == 16
    assert dict(done) == totals  # each bar ends full


def test_the_checked_line_is_a_sentence_with_sizes_in_units(copy):
    db, warcs = copy
    res = _cli_verify(db, warcs)
    assert res.returncode == 0, res.stderr.decode()[-2000:]
    (line,) = [ln for ln in res.stdout.decode().splitlines() if ln.startswith("checked:")]
    files = len(list(warcs.glob("*.warc.gz")))
    expected = (
        rf"checked: {files} WARC files? \(\d+\.\d (kB|MB), [\d,]+ records\), [\d,]+ captures,"
        r" 16 articles, 16 article versions$"
    )
    assert re.match(expected, line), line
