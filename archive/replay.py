"""Reading an archived response back as the client received it."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping, Sequence
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


# -- which capture to show --------------------------------------------------------------


def is_successful(capture: Mapping[str, Any]) -> bool:
    """A capture worth showing unasked: a 2xx, or a 3xx (a redirect, followed on replay)."""
    status = capture.get("status")
    return isinstance(status, int) and 200 <= status < 400


def _fetched_at(capture: Mapping[str, Any]) -> dt.datetime:
    stamp = dt.datetime.fromisoformat(str(capture["fetched_at"]).replace("Z", "+00:00"))
    return (stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)


def _same_moment(capture: Mapping[str, Any], at: dt.datetime) -> bool:
    """Whether a capture was made at ``at``: to the microsecond if ``at`` has a fraction,
    else within its second (a 14-digit timestamp names a second)."""
    fetched = _fetched_at(capture)
    if at.microsecond:
        return fetched == at
    return fetched.replace(microsecond=0) == at.astimezone(dt.UTC).replace(microsecond=0)


def choose_capture(
    rows: Sequence[dict[str, Any]],
    at: dt.datetime | None = None,
    *,
    exact: bool = False,
    any_status: bool = False,
) -> dict[str, Any] | None:
    """The capture to show for a URL, shared by the viewer and ``scrapy replay``.

    Why not simply the nearest in time: a crawl retries a 503 at once, so the error and
    the page a second later are both "near", and a reader who asks for a day wants the
    page. So the nearest *successful* capture (2xx, or 3xx for a redirect) to ``at``
    (default: the latest) wins. An error capture (4xx, 5xx) is shown only when asked
    for: when ``exact`` (the caller named a second, or a microsecond) and a capture was
    made at that moment, or with ``any_status``. A URL with no successful capture at all
    shows its nearest error rather than nothing: the archive did see it.
    """
    if not rows:
        return None
    if at is not None and exact:
        named = [row for row in rows if _same_moment(row, at)]
        if named:
            return next((row for row in named if is_successful(row)), named[0])
    pool = list(rows) if any_status else [row for row in rows if is_successful(row)]
    if not pool:
        pool = list(rows)
    if at is None:
        return max(pool, key=lambda row: (_fetched_at(row), row.get("id") or 0))
    return min(pool, key=lambda row: abs((_fetched_at(row) - at).total_seconds()))


def names_a_moment(value: str) -> bool:
    """Whether a timestamp as typed names one capture's time: 14 digits or more (a second,
    or with 15-20 a fraction of it), or an ISO 8601 time given to the second."""
    text = value.strip()
    if text.isdigit():
        return len(text) >= 14
    return re.search(r"T?\d{2}:\d{2}:\d{2}", text) is not None


def url_twins(url: str) -> list[str]:
    """The same address under the other scheme (``https://`` for ``http://`` and back):
    a site that moved to HTTPS, or a link written with the other, names the same page."""
    lower = url[:8].lower()
    if lower.startswith("https://"):
        return ["http://" + url[8:]]
    if lower.startswith("http://"):
        return ["https://" + url[7:]]
    return []
