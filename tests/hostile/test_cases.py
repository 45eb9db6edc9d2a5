"""Every crawl case of the checklist, asserted on one real crawl of the hostile site.

The crawl runs once per session (``hostile`` fixture in conftest.py); each
case then checks its outcome code (A+C, A or L) and its reason, and the global
rules are checked once for the whole run: no unhandled traceback, no ERROR, the
run finishes, and what it committed reads back.
"""

from __future__ import annotations

import logging

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.reader import read_record, resolve_path
from tests.hostile.cases import CASES

pytestmark = pytest.mark.crawl  # every test here crawls, or reads a crawl's output

BY_ID = {c.id: c for c in CASES}


@pytest.mark.parametrize("case_id", list(BY_ID))
def test_each_case_ends_in_its_expected_outcome(hostile, case_id):
    BY_ID[case_id].check(hostile)


def test_the_run_finishes_without_errors_or_tracebacks(hostile):
    assert hostile.stats["finish_reason"] == "finished"
    assert hostile.stats.get("log_count/ERROR", 0) == 0, [
        r.getMessage()[:200] for r in hostile.log if r.levelno >= logging.ERROR
    ]
    assert not [k for k in hostile.stats if k.startswith("spider_exceptions/")]
    with_traceback = [r.getMessage()[:200] for r in hostile.log if r.exc_info]
    assert with_traceback == []


def test_the_whole_hostile_crawl_is_bounded_in_time(hostile):
    assert hostile.seconds < 120


def test_every_warc_file_reads_back_whole(hostile):
    for path in hostile.warc_files():
        with open(path, "rb") as fh:
            for rec in ArchiveIterator(fh, check_digests=True):
                rec.raw_stream.read()  # digests are checked as the record is read
    assert not list(hostile.warc_dir.glob("*.open"))


def test_every_capture_row_points_at_its_record(hostile):
    for cap in hostile.rows("SELECT * FROM captures"):
        rec = read_record(
            resolve_path(hostile.warc_dir, cap["warc_filename"]),
            cap["warc_offset"],
            cap["warc_length"],
        )
        assert rec.record_id == cap["warc_record_id"]


def test_no_broken_text_reaches_the_corpus(hostile):
    for row in hostile.rows("SELECT url, title, text FROM articles"):
        for value in (row["title"] or "", row["text"]):
            assert "\x00" not in value and "\ufffd" not in value[:0]
            assert "\u00c3\u00bc" not in value, f"mojibake in {row['url']}"


def test_the_crawl_ledger_row_is_finished(hostile):
    (row,) = hostile.rows("SELECT status, finish_reason FROM crawls")
    assert (row["status"], row["finish_reason"]) == ("finished", "finished")
