"""What the viewer says of a capture: the timestamp that addresses it, and whether it
still verifies. Shared by the app and its plugin. No Scrapy."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from archive.reader import check_capture
from archive.replay import parse_web_timestamp
from schemas.corpus import nearest_capture

DATABASE_NAME = "corpus"  # the corpus is always /corpus in the viewer, whatever its file name
HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
METADATA = HERE / "metadata.json"


def _fetched(row: Mapping[str, Any]) -> dt.datetime | None:
    try:
        stamp = dt.datetime.fromisoformat(str(row["fetched_at"]).replace("Z", "+00:00"))
    except (KeyError, TypeError, ValueError):
        return None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.UTC)
    return stamp.astimezone(dt.UTC)


def web_timestamp(row: Mapping[str, Any], *, precise: bool = False) -> str:
    """A capture's 14-digit UTC timestamp (20 digits with microseconds if ``precise``)."""
    stamp = _fetched(row)
    if stamp is None:
        return "19700101000000"
    text = stamp.strftime("%Y%m%d%H%M%S")
    return text + f"{stamp.microsecond:06d}" if precise else text


def capture_stamp(row: Mapping[str, Any], siblings: list[dict[str, Any]]) -> str:
    """The timestamp that addresses exactly this capture among ``siblings`` (same URL).

    14 digits when they lead back to it; 20 when another capture is nearer to
    that second (a 503 retried at once, say), so the link cannot land on the other.
    """
    short = web_timestamp(row)
    nearest = nearest_capture(siblings, parse_web_timestamp(short)) if siblings else None
    if nearest is None or nearest.get("id") == row.get("id"):
        return short
    return web_timestamp(row, precise=True)


def verify_capture(
    warc_dir: str | os.PathLike[str], capture: Mapping[str, Any]
) -> tuple[bool, str]:
    """Whether a capture row still points at its untouched record, and why not
    (the same check as ``scrapy verify``, plus the record's own block digest)."""
    try:
        check = check_capture(warc_dir, capture)
    except KeyError:
        return False, "the row has no usable WARC pointer"
    if check.ok and check.record is not None and check.record.digest_ok is False:
        return False, "the record's block digest does not match"
    return check.ok, check.detail
