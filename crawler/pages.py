"""Where a Scrapy Request/Response becomes plain data (the only place it does).

The WARC extension archives an ``HttpExchange``; the spider hands the pipelines a
``Page``. Everything past these two shapes is Scrapy-free.
"""

from __future__ import annotations

import datetime as dt
from http import HTTPStatus
from typing import Any

from scrapy.http import Request, Response

from archive.warc import HttpExchange
from crawler.mediatypes import charset_of
from crawler.meta import REASON_META, SAME_BODY_META, WARC_META
from schemas.items import Page


def _header_pairs(headers) -> list[tuple[str, str]]:
    pairs = []
    for key, values in headers.items():
        name = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        for value in values:
            pairs.append(
                (name, value.decode("latin-1") if isinstance(value, bytes) else str(value))
            )
    return pairs


def header(response: Response, name: str) -> str | None:
    """A response header as text (latin-1, as HTTP has it), or None."""
    value = response.headers.get(name)
    return value.decode("latin-1") if value is not None else None


def reason_phrase(request: Request, status: int) -> str:
    """The phrase the server sent; the standard one only when the handler could not tell."""
    phrase = request.meta.get(REASON_META)
    if phrase is not None:
        return phrase
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def exchange_from(request: Request, response: Response, fetched_at: dt.datetime) -> HttpExchange:
    """The exchange as it went over the wire, as far as Scrapy lets us see it.

    ``response.body`` here is the body before HttpCompressionMiddleware, so
    Content-Encoding is intact. Twisted has already removed chunked
    transfer coding and hides Transfer-Encoding and Connection headers.
    """
    return HttpExchange(
        url=response.url,
        method=request.method,
        request_headers=_header_pairs(request.headers),
        request_body=request.body or b"",
        protocol=response.protocol or "HTTP/1.1",
        status=response.status,
        reason=reason_phrase(request, response.status),
        response_headers=_header_pairs(response.headers),
        body=response.body,
        fetched_at=fetched_at,
        ip_address=str(response.ip_address) if response.ip_address else None,
    )


def page_from_response(response: Response, **extra: Any) -> Page:
    """Build the Page item from a (decompressed) response and its capture."""
    content_type = header(response, "Content-Type") or ""
    capture = response.meta.get(WARC_META)
    page = Page(
        url=response.url,
        status=response.status,
        content_type=content_type,
        body=response.body,
        capture=capture,
        http_charset=charset_of(content_type),
        revisit=bool(capture is not None and capture.refers_to),
        **extra,
    )
    if page.skip_reason is None and response.meta.get(SAME_BODY_META):
        # what a single crawl archives as a revisit of the same body: not read again
        page.skip_reason = "same_body"
    return page
