"""Choosing how to decode an HTML body. Pure.

Scrapy and trafilatura each guess on their own and were seen getting it wrong
here: a latin-1 page with no charset decoded as cp775, a UTF-8 page labelled
ISO-8859-1 by its server turned into mojibake. The order below follows the
WHATWG encoding sniffing algorithm, with one deliberate exception: a body that
is valid UTF-8 (with non-ASCII bytes) wins over a single-byte label in the HTTP
header, because a wrong header is far more common than latin-1 text that
happens to be valid UTF-8.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.IGNORECASE
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# WHATWG: these labels all mean windows-1252 in a browser.
_AS_CP1252 = {"iso8859-1", "latin-1", "ascii", "us-ascii", "iso-8859-1", "cp1252", "latin1"}
_SINGLE_BYTE_PREFIXES = ("cp", "iso8859", "latin", "koi8", "mac", "windows", "tis")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    source: str  # bom | http | meta | utf8 | fallback | http+utf8-body
    replacements: int


def normalize_label(label: str | None) -> str | None:
    """A Python codec name for a charset label, or None if the label is unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _AS_CP1252:
        return "cp1252"
    if label in ("x-user-defined",):
        return "cp1252"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    return name


def meta_charset(body: bytes) -> str | None:
    m = _META_CHARSET.search(body[:4096])
    return m.group(1).decode("ascii", "replace") if m else None


def _valid_utf8_with_non_ascii(body: bytes) -> bool:
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _decode(body: bytes, encoding: str, source: str) -> Decoded:
    text = body.decode(encoding, "replace")
    if encoding == "utf-8" and not body.isascii():
        text = repair_double_utf8(text)
    return Decoded(text, encoding, source, text.count("\ufffd"))


# UTF-8 that was decoded as latin-1 or cp1252 and encoded to UTF-8 again before it
# reached us (a CMS import, a copy through a misconfigured database): "’" arrives
# as "â\x80\x99" or "â€™". A lead byte U+00C2..U+00F4 followed by one to three
# continuation bytes, as latin-1 (U+0080..U+00BF) or as their cp1252 letters.
_CP1252_CONTINUATIONS = "".join(bytes([b]).decode("cp1252", "ignore") for b in range(0x80, 0xA0))
_DOUBLE_UTF8 = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf" + re.escape(_CP1252_CONTINUATIONS) + "]{1,3}"
)
# A C1 control (U+0080..U+009F) or a cp1252 letter standing for one: never text.
_C1_OR_CP1252 = re.compile("[\u0080-\u009f" + re.escape(_CP1252_CONTINUATIONS) + "]")


def _undo(match: re.Match[str]) -> str:
    chunk = match.group(0)
    if not _C1_OR_CP1252.search(chunk[1:]):
        return chunk  # "Ã©" could be meant; only sequences holding a C1 byte are repaired
    for codec in ("latin-1", "cp1252"):
        try:
            fixed = chunk.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if len(fixed) == 1:
            return fixed
    return chunk


def repair_double_utf8(text: str) -> str:
    """Undo UTF-8 encoded twice ("Investorâ\x80\x99s" -> "Investor’s"), one
    character at a time, only where the bytes make exactly one valid character."""
    return _DOUBLE_UTF8.sub(_undo, text)


def decode_html(body: bytes, http_charset: str | None = None) -> Decoded:
    """Decode an HTML body: BOM, then HTTP header, then ``<meta>``, then UTF-8, then cp1252."""
    for bom, enc in _BOMS:
        if body.startswith(bom):
            return _decode(body[len(bom) :], enc, "bom")
    http = normalize_label(http_charset)
    meta = normalize_label(meta_charset(body))
    if http:
        if http != "utf-8" and _single_byte(http) and _valid_utf8_with_non_ascii(body):
            return _decode(body, "utf-8", "utf8-body-over-http")
        if http == "utf-8" and not body.isascii() and not _is_utf8(body):
            if meta and meta != "utf-8":
                return _decode(body, meta, "meta-over-invalid-http")
            if _mostly_invalid_utf8(body):
                return _decode(body, "cp1252", "fallback-over-invalid-http")
        return _decode(body, http, "http")
    if meta:
        if (
            meta == "utf-8"
            and not body.isascii()
            and not _is_utf8(body)
            and _mostly_invalid_utf8(body)
        ):
            return _decode(body, "cp1252", "fallback-over-invalid-meta")
        if meta in ("utf-16-le", "utf-16-be", "utf-16"):
            # A page that declares UTF-16 in ASCII-compatible bytes is not UTF-16.
            meta = "utf-8"
        return _decode(body, meta, "meta")
    if _is_utf8(body):
        return _decode(body, "utf-8", "utf8")
    return _decode(body, "cp1252", "fallback")


def _single_byte(name: str) -> bool:
    return name.startswith(_SINGLE_BYTE_PREFIXES)


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _mostly_invalid_utf8(body: bytes) -> bool:
    """True when UTF-8 decoding would replace more characters than it decodes.

    A latin-1 page mislabelled UTF-8 has almost no valid multi-byte sequences;
    a UTF-8 page with a few stray cp1252 bytes pasted in (mixed encodings) has
    many. The second stays UTF-8 and only the stray bytes become U+FFFD.
    """
    text = body.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
    return bad > 0 and bad >= good
