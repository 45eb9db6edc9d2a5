"""Every date we write in a WARC file follows WARC 1.1's grammar (``YYYY-MM-DDThh:mm:ss[.s]Z``).

Conversion records used to carry the corpus's ISO form (``...+00:00``): warcio's own
date parser, and so cdxj-indexer and pywb's cdx-indexer, crashed on the first one. Each
record type is checked with warcio's parser and the grammar, and the files are indexed
with cdxj-indexer, which must index every record.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
import pytest_twisted
from warcio.archiveiterator import ArchiveIterator
from warcio.timeutils import iso_date_to_datetime, iso_date_to_timestamp

from archive.warc import (
    IDENTICAL_PAYLOAD_DIGEST,
    WARC_DATE_RE,
    HttpExchange,
    Revisit,
    WarcFileInfo,
    WarcWriter,
    dated_headers,
    warc_date_of,
)
from crawler.provenance.conversion import conversion_headers
from crawler.provenance.templates import profile_headers, profile_uri
from schemas.items import Article, Capture
from tests.crawling import crawl_async
from tests.templated_site import TemplatedSite

CDXJ_INDEXER = Path(sys.executable).parent / "cdxj-indexer"
FETCHED = dt.datetime(2026, 12, 7, 15, 26, 18, 61201, tzinfo=dt.UTC)
STORED = FETCHED.isoformat(timespec="microseconds")  # the corpus's form: "...+00:00"


def dated_records(paths: list[Path]) -> list[tuple[str, str, str]]:
    """(record type, header, value) of every date header of every record."""
    found = []
    for path in paths:
        with open(path, "rb") as fh:
            for rec in ArchiveIterator(fh):
                for name in ("WARC-Date", "WARC-Refers-To-Date"):
                    value = rec.rec_headers.get_header(name)
                    if value is not None:
                        found.append((rec.rec_type, name, value))
    return found


def count_records(paths: list[Path]) -> int:
    n = 0
    for path in paths:
        with open(path, "rb") as fh:
            n += sum(1 for _ in ArchiveIterator(fh))
    return n


def assert_warc_dates(dates: list[tuple[str, str, str]]) -> None:
    for rec_type, name, value in dates:
        assert WARC_DATE_RE.match(value), (rec_type, name, value)
        parsed = iso_date_to_datetime(value)  # warcio's own parser, as indexers use it
        assert len(iso_date_to_timestamp(value)) == 14
        assert parsed.year >= 2000, (rec_type, name, value)


def cdxj_lines(paths: list[Path]) -> list[str]:
    """cdxj-indexer --records all over the files: it must finish and index every record."""
    res = subprocess.run(
        [str(CDXJ_INDEXER), "--records", "all", *map(str, paths)],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert res.returncode == 0, res.stderr.decode()[-2000:]
    return [line for line in res.stdout.decode().splitlines() if line.strip()]


def conversion_of(capture: Capture) -> dict[str, str]:
    article = Article(
        text="The harbour will be dredged.",
        title="Dredging",
        author=None,
        published=None,
        language="en",
        sitename=None,
        canonical_url=None,
        url=capture.url,
        extractor="newsarchive-test/0.1",
        template_profile="<urn:uuid:0000>",
    )
    return conversion_headers(capture, article, {"via": "feed"}, ("example.org", 1))


def test_the_conversion_headers_carry_warc_dates_not_the_corpus_form():
    capture = Capture("http://127.0.0.1/a", 200, STORED, "x.warc.gz", 0, 1, "<urn:uuid:1>")
    headers = conversion_of(capture)
    assert headers["WARC-Date"] == headers["WARC-Refers-To-Date"] == "2026-12-07T15:26:18.061201Z"


def test_dates_in_any_form_are_written_in_the_grammar():
    assert warc_date_of("2026-12-07T16:26:18.061201+01:00") == "2026-12-07T15:26:18.061201Z"
    assert warc_date_of("2026-12-07T15:26:18Z") == "2026-12-07T15:26:18.000000Z"
    assert warc_date_of("2026-12-07T15:26:18") == "2026-12-07T15:26:18.000000Z"  # naive: UTC
    assert warc_date_of("yesterday") is None
    headers = dated_headers({"warc-refers-to-date": STORED, "WARC-Date": "not a date"})
    assert headers["WARC-Refers-To-Date"] == "2026-12-07T15:26:18.061201Z"
    assert WARC_DATE_RE.match(headers["WARC-Date"])  # replaced by now, in the grammar


def test_every_record_type_the_writer_makes_is_dated_in_the_grammar(tmp_path):
    writer = WarcWriter(
        tmp_path, info=WarcFileInfo(software="newsarchive-test/0.1"), hostname="crawler-1"
    )
    exchange = HttpExchange(
        url="http://127.0.0.1:8765/2026/12/07/harbour",
        method="GET",
        request_headers=[("Accept", "text/html")],
        request_body=b"",
        protocol="HTTP/1.1",
        status=200,
        reason="OK",
        response_headers=[("Content-Type", "text/html; charset=utf-8")],
        body=b"<html><body><p>The harbour will be dredged.</p></body></html>",
        fetched_at=FETCHED,
    )
    written = writer.write_exchange(exchange)
    # A revisit of it, told its original's date in the corpus's form.
    writer.write_revisit(
        exchange,
        Revisit(
            IDENTICAL_PAYLOAD_DIGEST,
            written.response.record_id,
            exchange.url,
            STORED,
            written.response.payload_digest,
        ),
    )
    capture = Capture(
        exchange.url, 200, STORED, written.response.filename, written.response.offset,
        written.response.length, written.response.record_id,
    )  # fmt: skip
    # The conversion record as the crawl writes it (crawler.extensions.warc), and a
    # template profile's metadata record (crawler.templates).
    writer.write_resource(
        "conversion", exchange.url, b"The harbour will be dredged.",
        "text/plain; charset=utf-8", conversion_of(capture),
    )  # fmt: skip
    profile = {"source": "example.org", "pages": 14}
    writer.write_resource(
        "metadata", profile_uri("example.org"), b"{}", "application/json",
        profile_headers(profile),
    )  # fmt: skip
    writer.close()
    paths = sorted(tmp_path.glob("*.warc.gz"))
    dates = dated_records(paths)
    types = {(t, name) for t, name, _ in dates}
    assert types == {
        ("warcinfo", "WARC-Date"),
        ("request", "WARC-Date"),
        ("response", "WARC-Date"),
        ("revisit", "WARC-Date"),
        ("revisit", "WARC-Refers-To-Date"),
        ("conversion", "WARC-Date"),
        ("conversion", "WARC-Refers-To-Date"),
        ("metadata", "WARC-Date"),
    }
    assert_warc_dates(dates)
    values = {(t, name): v for t, name, v in dates}
    assert values[("conversion", "WARC-Refers-To-Date")] == "2026-12-07T15:26:18.061201Z"
    assert values[("revisit", "WARC-Refers-To-Date")] == "2026-12-07T15:26:18.061201Z"
    assert len(cdxj_lines(paths)) == count_records(paths) == 7


@pytest.mark.crawl
@pytest_twisted.ensureDeferred
async def test_a_crawl_and_its_rerun_write_only_grammatical_dates_that_cdxj_indexer_indexes(
    tmp_path,
):
    with TemplatedSite(14) as site:
        for _ in range(2):  # the second run writes revisit records too
            await crawl_async(tmp_path, {"start_urls": site.base_url + "/"}, CONCURRENT_REQUESTS=1)
    paths = sorted((tmp_path / "warcs").glob("*.warc.gz"))
    dates = dated_records(paths)
    types = {t for t, _, _ in dates}
    assert {"warcinfo", "request", "response", "conversion", "metadata", "revisit"} <= types
    assert sum(1 for t, name, _ in dates if name == "WARC-Refers-To-Date") >= 28
    assert_warc_dates(dates)
    lines = cdxj_lines(paths)
    assert len(lines) == count_records(paths) > 50
