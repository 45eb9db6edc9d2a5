"""When a page was published: declared dates, the date it shows, htmldate last.

Never an invented day: an impossible date gives None. Pure."""

from __future__ import annotations

import datetime as dt
import re

from lxml import etree

from crawler.extraction.html import (
    BYLINE_WORDS,
    DATE_WORDS,
    MARKED,
    attrs_containing,
    class_words,
    heading_text,
    short_text,
)
from crawler.extraction.page import PageMeta

_DATE_CANDIDATES = etree.XPath(
    attrs_containing(
        MARKED,
        ("date", "Date", "time", "Time", "ublish", "osted", "ubmitted", "meta", "Meta", "uthor",
         "yline", "riter", "ontrib"),
    )
)  # fmt: skip


UPDATED_CLASS = re.compile(r"updated|modified", re.I)
_LOOKS_DATED = re.compile(r"\d{4}|\d{1,2}[./]\d{1,2}[./]\d{2,4}")


def visible_date(tree) -> str | None:
    """A date shown in an element the markup calls a date, or in the byline's line
    ("Fri, 03/14/2025 - 09:12", "16.03.2025"), read without guessing. A date the
    page labels "Updated" is not when the article was published."""
    body = tree.find("body")
    if body is None:
        return None
    for el in _DATE_CANDIDATES(body):
        if el.tag in ("script", "style", "a") or not isinstance(el.tag, str):
            continue
        words = class_words(el)
        if not words & (DATE_WORDS | BYLINE_WORDS):
            continue
        text = short_text(el, 160)
        if not text or not _LOOKS_DATED.search(text):
            continue
        for raw in DATE_TEXT.finditer(text):
            if parse_date(raw.group(0)) and not said_updated(el, text[: raw.start()]):
                return raw.group(0)
    return None


_UPDATED_LABEL = re.compile(
    r"\b(?:updated|modified|reviewed|revised|edited|aktualisiert|mis\s+\u00e0\s+jour)\b"
    r"[\s:,.]*(?:on|at|am|le)?[\s:,.]*$",
    re.I,
)


def said_updated(el, before: str) -> bool:
    """The text just before a date, inside ``el`` or else just before it, is an
    "Updated" / "Last modified" / "Reviewed on" label."""
    if not before.strip():
        before = _text_before(el)
    return bool(_UPDATED_LABEL.search(before[-40:]))


def _text_before(el, limit: int = 40) -> str:
    """About ``limit`` characters of the text that reads just before ``el``."""
    pieces: list[str] = []
    node = el
    for _ in range(3):
        for sib in node.itersiblings(preceding=True):
            if sib.tail:
                pieces.insert(0, sib.tail)
            if isinstance(sib.tag, str):
                text = short_text(sib, 80)
                if text is None:
                    return " ".join(pieces)
                pieces.insert(0, text)
            if sum(map(len, pieces)) >= limit:
                return " ".join(pieces)
        parent = node.getparent()
        if parent is None or parent.tag == "body":
            break
        if parent.text:
            pieces.insert(0, parent.text)
        node = parent
    return " ".join(pieces)


_FOLLOWING_TEXTS = etree.XPath("following::text()", smart_strings=False)
# A line that is a date and nothing else, or "Published" / "Posted on" and a date.
_DATE_LINE = re.compile(
    r"(?:(?:published|posted|date|dated)\b[\s:]*(?:on\b)?[\s:]*|on\s+)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(?P<date>.+?)[\s|\u00b7\u2022,]*",
    re.I,
)


def date_under_headline(tree, headline: str | None) -> str | None:
    """A line that is only a date ("December 15, 2025", "Posted on 3 May 2025") among
    the first lines after the headline, or else among the few lines just above it in
    the headline's own header block (a kicker or dateline over the ``<h1>``): the
    article header's date, unmarked. The climb stops three levels up so that a site
    header's "today's date" is not read as the article's."""
    if not headline:
        return None
    h1 = next((h for h in tree.iter("h1") if heading_text(h) == headline), None)
    if h1 is None:
        return None
    seen = 0
    previous = ""
    for text in _FOLLOWING_TEXTS(h1):
        line = " ".join(text.split())
        if not line:
            continue
        seen += 1
        if seen > 25:
            break
        date = _date_only(line)
        if date and not _UPDATED_LABEL.search(previous[-40:]):
            return date
        previous = line
    return _date_above(h1)


def _date_above(h1) -> str | None:
    container = h1
    for _ in range(3):
        parent = container.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        container = parent
    # The header block's texts in document order, up to the headline.
    texts: list[str] = []
    for event, el in etree.iterwalk(container, events=("start", "end")):
        if el is h1:
            break
        if event == "start":
            if isinstance(el.tag, str) and el.tag not in ("script", "style") and el.text:
                texts.append(el.text)
        elif el.tail and el is not container:
            texts.append(el.tail)
    lines = [ln for ln in (" ".join(t.split()) for t in reversed(texts)) if ln][:9]
    for i, line in enumerate(lines):  # nearest first
        date = _date_only(line)
        before = lines[i + 1] if i + 1 < len(lines) else ""
        if date and not _UPDATED_LABEL.search(before[-40:]):
            return date
    return None


# "February 4, 2025 - 11 minutes", "December 18, 2025 \u30fb 3 min read": a reading time
# after the date is part of the same header line.
_READING_TIME = re.compile(
    r"[\s|\u00b7\u2022\u30fb,\-\u2013\u2014]+\d{1,3}\s*(?:min(?:ute)?s?|mins?\.?)"
    r"(?:\s+(?:read|reading(?:\s+time)?))?\s*$",
    re.I,
)


def _date_only(line: str) -> str | None:
    line = _READING_TIME.sub("", line)
    m = _DATE_LINE.fullmatch(line) if len(line) <= 40 else None
    date = m.group("date") if m else None
    if date and DATE_TEXT.fullmatch(date) and parse_date(date):
        return date
    return None


_ISO = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*"
    r"(Z|[+-]\d{2}:?\d{2})?)?"
)


def parse_date(raw: str | None) -> str | None:
    """An ISO 8601 date or datetime for a declared date, or None if it is impossible.

    Never repairs: 2024-02-30 is not a date, so it gives None rather than a
    nearby day.
    """
    if not raw:
        return None
    raw = raw.strip()
    m = _ISO.match(raw)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        try:
            day = dt.date(y, mo, d)
        except ValueError:
            return None
        if m.group(4) is None:
            return day.isoformat()
        try:
            t = dt.time(int(m.group(4)), int(m.group(5)), int(m.group(6) or 0))
        except ValueError:
            return None
        stamp = dt.datetime.combine(day, t)
        tz = m.group(7)
        if tz:
            if tz == "Z":
                return stamp.isoformat() + "Z"
            tz = tz if ":" in tz else tz[:3] + ":" + tz[3:]
            return stamp.isoformat() + tz
        return stamp.isoformat()
    return _parse_loose_date(raw)


_MONTH_NAMES = {
    name: i
    for i, names in enumerate(
        [
            ("jan", "january", "janvier", "januar", "enero", "gennaio"),
            ("feb", "february", "février", "fevrier", "februar", "febrero", "febbraio"),
            ("mar", "march", "mars", "märz", "marz", "marzo"),
            ("apr", "april", "avril", "abril", "aprile"),
            ("may", "mai", "mayo", "maggio"),
            ("jun", "june", "juin", "juni", "junio", "giugno"),
            ("jul", "july", "juillet", "juli", "julio", "luglio"),
            ("aug", "august", "août", "aout", "agosto"),
            ("sep", "sept", "september", "septembre", "septiembre", "settembre"),
            ("oct", "october", "octobre", "oktober", "octubre", "ottobre"),
            ("nov", "november", "novembre", "noviembre"),
            ("dec", "december", "décembre", "decembre", "dezember", "diciembre", "dicembre"),
        ],
        start=1,
    )
    for name in names
}
DATE_TEXT = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2})?|\d{1,2}[./]\d{1,2}[./]\d{4}"
    r"|[A-Za-z\u00e4\u00e9\u00fb]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}(?:st|nd|rd|th|\.)?\s+(?:of\s+)?[A-Za-z\u00e4\u00e9\u00fb]{3,9}\.?,?\s+\d{4}"
)


_NAMED_MDY = re.compile(r"\b([a-zäéû]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.I)
_NAMED_DMY = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th|\.)?\s+(?:of\s+)?([a-zäéû]{3,9})\.?,?\s+(\d{4})\b", re.I
)
_NUMERIC = re.compile(r"\b(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})\b")


def _safe_date(y: int, mo: int, d: int) -> str | None:
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        return None


def _parse_loose_date(raw: str) -> str | None:
    """Dates as people write them. A day or month that cannot be told apart gives None."""
    from email.utils import parsedate_to_datetime

    try:
        parsed = parsedate_to_datetime(raw)
        if parsed:
            return parsed.isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    m = _NAMED_MDY.search(raw)
    if m and m.group(1).lower() in _MONTH_NAMES:
        return _safe_date(int(m.group(3)), _MONTH_NAMES[m.group(1).lower()], int(m.group(2)))
    m = _NAMED_DMY.search(raw)
    if m and m.group(2).lower() in _MONTH_NAMES:
        return _safe_date(int(m.group(3)), _MONTH_NAMES[m.group(2).lower()], int(m.group(1)))
    m = _NUMERIC.search(raw)
    if m:
        a, b, c = (int(x) for x in m.groups())
        if len(m.group(1)) == 4:
            return _safe_date(a, b, c)
        if len(m.group(3)) == 4:
            if a > 12 >= b:
                return _safe_date(c, b, a)  # day first
            if b > 12 >= a:
                return _safe_date(c, a, b)  # month first
            if a == b:
                return _safe_date(c, a, b)
    return None


_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")


def lacks_year(raw: str) -> bool:
    """ "Dec 23" or "May 28": a date the page shows without its year is incomplete, not
    impossible, so it neither answers nor blocks the later sources."""
    return not _YEAR.search(raw)


def choose_published(m: PageMeta, tree=None, url: str | None = None) -> tuple[str | None, bool]:
    """(date, declared): JSON-LD, then meta tags, then ``<time>``, then htmldate.

    ``declared`` is True when the page declared a date. When every declared date is
    impossible (2024-02-30) the answer is None: htmldate is not asked, because
    guessing from the rest of the page is how invented dates are made. A declared
    date without a year ("Dec 23") is not a declaration. A numeric date that reads
    two ways ("03-09-2026") is settled by the date the page shows, if it is one of
    the two; otherwise it stays unread.
    """
    candidates = [raw for _source, raw in m.date_candidates if not lacks_year(raw)]
    shown_day: str | None = None  # read from the page once, only if a date is ambiguous
    for raw in candidates:
        value = parse_date(raw)
        if value:
            return value, True
        readings = _numeric_readings(raw)
        if readings and tree is not None:
            if shown_day is None:
                shown = visible_date(tree) or date_under_headline(tree, m.h1)
                shown_day = (parse_date(shown) or "")[:10] if shown else ""
            if shown_day in readings:
                return shown_day, True
    if candidates or tree is None:
        return None, bool(candidates)
    return _htmldate(tree, url), False


_AMBIGUOUS = re.compile(r"\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s*")


def _numeric_readings(raw: str) -> set[str]:
    """The two days a numeric date can mean ("03-09-2026": 9 March or 3 September)
    when nothing in it tells them apart; the page's shown date may."""
    m = _AMBIGUOUS.fullmatch(raw)
    if not m:
        return set()
    a, b, y = (int(x) for x in m.groups())
    if a == b or a > 12 or b > 12:
        return set()
    return {d for d in (_safe_date(y, a, b), _safe_date(y, b, a)) if d}


def _htmldate(tree, url: str | None) -> str | None:
    import logging

    from htmldate import find_date

    logging.getLogger("htmldate").setLevel(logging.ERROR)
    try:
        found = find_date(
            tree, url=url, extensive_search=False, original_date=True, outputformat="%Y-%m-%d"
        )
    except Exception:  # noqa: BLE001 - a date is optional; a crash in it must not cost the text
        return None
    return parse_date(found) if found else None
