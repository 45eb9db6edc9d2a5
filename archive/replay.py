"""Reading an archived response back as the client received it."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Any

from archive.reader import (
    ContentDecodingError,
    RecordNotFound,
    StoredRecord,
    decode_content,
    read_record,
    resolve_path,
)


class ReplayError(RuntimeError):
    """The capture exists in the index but its archived bytes cannot be served."""


@dataclass(frozen=True)
class Replayed:
    record: StoredRecord
    body: bytes  # decoded from Content-Encoding, otherwise byte for byte

    @property
    def head(self) -> bytes:
        """The archived status line and headers, as text lines."""
        lines = [f"{self.record.protocol or 'HTTP/1.1'} {self.record.status_line or ''}".rstrip()]
        lines += [f"{k}: {v}" for k, v in self.record.http_headers]
        return ("\r\n".join(lines) + "\r\n").encode("utf-8", "replace")


def replay_capture(warc_dir: str | os.PathLike[str], capture: dict[str, Any]) -> Replayed:
    """Read a capture's response record and undo its Content-Encoding."""
    try:
        path = resolve_path(warc_dir, capture["warc_filename"])
        record = read_record(path, int(capture["warc_offset"]), int(capture["warc_length"]))
    except RecordNotFound as exc:
        raise ReplayError(str(exc)) from exc
    if record.record_id != capture["warc_record_id"]:
        raise ReplayError(
            f"{capture['warc_filename']}@{capture['warc_offset']} holds {record.record_id},"
            f" not {capture['warc_record_id']}"
        )
    try:
        body = decode_content(record.payload, record.header("Content-Encoding"))
    except ContentDecodingError as exc:
        raise ReplayError(f"cannot decode archived body: {exc}") from exc
    return Replayed(record, body)


def parse_web_timestamp(value: str) -> dt.datetime:
    """A web-archive timestamp (4 to 14 digits, UTC) as an aware datetime.

    Missing parts are the earliest possible (``2026`` is 2026-01-01 00:00:00).
    Up to six more digits (15 to 20 in all) are fractions of a second: the viewer
    uses them only to address one of several captures made within one second.
    """
    digits = value.strip()
    if not digits.isdigit() or not 4 <= len(digits) <= 20:
        raise ValueError(f"not a 4-14 digit timestamp: {value!r}")
    whole, fraction = digits[:14], digits[14:]
    whole = whole.ljust(14, "0")
    if whole[4:6] == "00":
        whole = whole[:4] + "01" + whole[6:]
    if whole[6:8] == "00":
        whole = whole[:6] + "01" + whole[8:]
    stamp = dt.datetime.strptime(whole, "%Y%m%d%H%M%S")
    if fraction:
        stamp = stamp.replace(microsecond=int(fraction.ljust(6, "0")))
    return stamp.replace(tzinfo=dt.UTC)
