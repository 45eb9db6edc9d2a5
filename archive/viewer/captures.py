"""What the viewer says of a capture: the timestamp that addresses it, and whether it
still verifies. Shared by the app and its plugin. No Scrapy."""

from __future__ import annotations

import datetime as dt
import mimetypes
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from archive.reader import check_capture
from archive.replay import choose_capture, parse_web_timestamp

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

    14 digits when they lead back to it (an exact timestamp: ``choose_capture`` shows
    the capture made in that second, error or not); 20 when another capture shares the
    second (a 503 retried at once, say), so the link cannot land on the other.
    """
    short = web_timestamp(row)
    chosen = choose_capture(siblings, parse_web_timestamp(short), exact=True) if siblings else None
    if chosen is None or chosen.get("id") == row.get("id"):
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


def media_type(content_type: str | None) -> str:
    """``text/html`` of ``text/html; charset=utf-8``, lower case ("" if none)."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def is_html(content_type: str | None) -> bool:
    return media_type(content_type) in ("text/html", "application/xhtml+xml")


def display_kind(content_type: str | None, status: int | None = None) -> str:
    """How the framed view shows a capture, and why.

    ``page``: HTML, framed with its links leading into the archive. ``inline``: what a
    sandboxed frame shows as it is (text, images, feeds, JSON; redirects, which the
    frame follows; a response with no type, an error page with no body). ``document``:
    anything else (PDF, office files, archives, media), which a sandboxed frame cannot
    show (Chrome blocks it), so it opens in a tab of its own or downloads.
    """
    kind = media_type(content_type)
    if is_html(kind):
        return "page"
    if not kind or (isinstance(status, int) and 300 <= status < 400):
        return "inline"
    main, _slash, sub = kind.partition("/")
    if (
        main in ("text", "image")
        or sub in ("json", "xml", "javascript")
        or sub.endswith(("+xml", "+json"))
    ):
        return "inline"
    return "document"


def describe_type(content_type: str | None) -> str:
    """A reader's name for a document type: "PDF document", else the media type."""
    kind = media_type(content_type)
    names = {"application/pdf": "PDF document", "application/zip": "ZIP archive"}
    return names.get(kind) or (f"{kind} file" if kind else "file")


def download_name(url: str, content_type: str | None) -> str:
    """A safe file name for a download: the URL's last segment, with an extension that
    fits the type (``report-2026.pdf``), in plain ASCII (it goes in a header)."""
    try:
        segment = unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])
    except ValueError:
        segment = ""
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", segment).strip("._")[:120] or "archived"
    extension = mimetypes.guess_extension(media_type(content_type) or "") or ""
    if extension and not name.lower().endswith(extension):
        name += extension
    return name
