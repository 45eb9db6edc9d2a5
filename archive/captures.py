"""A capture row from the record it indexes: one builder, for the crawl as it writes a
response record and for ``reextract`` as it reads one back. No Scrapy.

The row says what the archive says (the status line, headers and date as recorded), so
a corpus rebuilt from the WARC files indexes each record exactly as the crawl did.
"""

from __future__ import annotations

import datetime as dt

from archive.warc import RecordLocation, ResponseHead
from schemas.items import Capture


def iso_of_warc_date(warc_date: str | None) -> str:
    """A WARC-Date as the ISO 8601 timestamp the corpus stores (microseconds, UTC offset)."""
    if not warc_date:
        return ""
    stamp = dt.datetime.fromisoformat(warc_date.replace("Z", "+00:00"))
    return stamp.isoformat(timespec="microseconds")


def capture_of(head: ResponseHead, where: RecordLocation, request_record_id: str | None) -> Capture:
    """The capture row of a response (or revisit) record at ``where``."""
    length = head.header("Content-Length")
    return Capture(
        url=head.target_uri,
        status=head.status or 0,
        fetched_at=iso_of_warc_date(head.date),
        warc_filename=where.filename,
        warc_offset=where.offset,
        warc_length=where.length,
        warc_record_id=where.record_id,
        payload_digest=head.payload_digest,
        warc_request_record_id=request_record_id,
        reason=head.reason,
        protocol=head.protocol,
        content_type=head.header("Content-Type"),
        content_encoding=head.header("Content-Encoding"),
        content_length=int(length) if length and length.isdigit() else None,
        location=head.header("Location"),
        ip_address=head.ip_address,
        refers_to=head.refers_to,
    )
