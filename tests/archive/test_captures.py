"""archive.captures: one capture row per response record, the same whether the crawl
builds it as it writes the record or reextract builds it from the record read back."""

from __future__ import annotations

from archive.captures import capture_of
from archive.reader import read_record
from archive.warc import Revisit
from tests.archive.test_warc import FETCHED_AT, exchange, make_writer


def test_the_crawl_and_a_rebuild_index_a_record_alike(tmp_path):
    writer = make_writer(tmp_path)
    where = writer.write_exchange(
        exchange(
            reason="",  # the server sent no reason phrase
            response_headers=[
                ("Content-Type", "text/plain"),
                ("Content-Type", "text/html; charset=utf-8"),  # a repeated header
                ("Location", "/first"),
                ("Location", "/second"),
                ("Content-Length", "64"),
            ],
        )
    )
    writer.close()
    built = capture_of(where.head, where.response, where.request.record_id)
    name = where.response.filename
    record = read_record(tmp_path / name, where.response.offset, where.response.length)
    rebuilt = capture_of(record.head, where.response, where.request.record_id)
    assert built == rebuilt
    # A repeated header reads as Scrapy reads it (the last value), so the page the
    # crawl extracted and the row that indexes it agree on the charset.
    assert built.content_type == "text/html; charset=utf-8"
    assert built.location == "/second"
    assert built.reason is None and built.status == 200 and built.protocol == "HTTP/1.1"
    assert built.content_length == 64
    assert built.fetched_at == FETCHED_AT.isoformat(timespec="microseconds")
    assert (built.warc_filename, built.warc_offset) == (name, where.response.offset)
    assert built.payload_digest == record.warc_header("WARC-Payload-Digest")
    assert built.refers_to is None


def test_a_revisit_row_refers_to_the_record_it_stands_for(tmp_path):
    writer = make_writer(tmp_path)
    first = writer.write_exchange(exchange())
    again = writer.write_revisit(
        exchange(status=304, reason="Not Modified", body=b""),
        Revisit(
            profile="http://netpreserve.org/warc/1.1/revisit/server-not-modified",
            record_id=first.response.record_id,
            uri=exchange().url,
            date=None,
            payload_digest=first.response.payload_digest or "",
        ),
    )
    writer.close()
    row = capture_of(again.head, again.response, again.request.record_id)
    assert row.refers_to == first.response.record_id
    assert (row.status, row.reason) == (304, "Not Modified")
