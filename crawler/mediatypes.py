"""What a response is, by its Content-Type and its first bytes. Pure.

The spider (whether to read a page's links), the pipeline (whether to extract it) and the
extractor (whether the decoded text is markup at all) ask these questions here, so that
they cannot disagree.
"""

from __future__ import annotations

#: Types read as pages; any ``+xml`` type too (feeds and sitemaps are read as such first).
MARKUP_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml")
#: First bytes of what is never a page, whatever its Content-Type says.
BINARY_MAGIC = (b"%PDF-", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF", b"\x00\x00\x00")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def media_type(content_type: str | None) -> str:
    """``text/html`` of ``Text/HTML; charset=utf-8``; "" for no type."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def charset_of(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a Content-Type, as written, or None."""
    if not content_type:
        return None
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def declares_html(content_type: str | None) -> bool:
    """The response says it is HTML (``text/html``, ``application/xhtml+xml``): anything
    else a page URL answers with may be a feed or a sitemap."""
    return "html" in media_type(content_type)


def looks_like_markup(text: str) -> bool:
    """Markup starts with a tag; JSON, plain text and binaries do not."""
    return text[:4096].lstrip().startswith("<")


def is_binary(body: bytes) -> bool:
    """A PDF, an image or a run of NULs, whatever it was served as."""
    return body[:8].startswith(BINARY_MAGIC)


def is_html(content_type: str | None, body: bytes) -> bool:
    """Whether a response is a page to read: HTML or XML by its declared type, or, when it
    declares none, by its first bytes; never a binary, whatever it declares."""
    if is_binary(body):
        return False
    mime = media_type(content_type)
    if mime:
        return mime in MARKUP_TYPES or mime.endswith("+xml")
    # No type: the extractor's own test, on the head of the body read as text.
    head = body[:8192]
    if head[:2] in _UTF16_BOMS:
        return looks_like_markup(head.decode("utf-16", "ignore"))
    return looks_like_markup(head.decode("utf-8-sig", "ignore"))
