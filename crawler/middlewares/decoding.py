"""Content-Encoding undone with one size bound for every layer (``DECODE_*``).

Bombs of any layer, stacked encodings, a body that is not what its encoding says, and
unknown encodings end as an archived response with a reason (``decode/failed/<reason>``,
and a ``fetch_outcome`` signal for its capture row), never as compressed bytes fed to the
extractor. The decoding itself is ``archive.reader.decode_content``.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from scrapy.responsetypes import responsetypes

from archive.reader import ContentDecodingError, decode_content
from crawler.network import FetchRefused
from crawler.signals import fetch_outcome

logger = logging.getLogger(__name__)


class ContentDecodingMiddleware:
    """Undo Content-Encoding with one size bound for every layer, or say why not.

    Sits just before Scrapy's HttpCompressionMiddleware (590) on the way back,
    so that one sees a decoded body and has nothing left to do.
    """

    def __init__(self, crawler) -> None:
        if not crawler.settings.getbool("DECODE_ENABLED", True):
            raise NotConfigured("DECODE_ENABLED is off")
        self.crawler = crawler
        self.stats = crawler.stats
        self.max_size = crawler.settings.getint("DOWNLOAD_MAXSIZE") or 1 << 30

    @classmethod
    def from_crawler(cls, crawler) -> ContentDecodingMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        encodings = b",".join(response.headers.getlist("Content-Encoding")).decode("latin-1")
        if request.method == "HEAD" or not encodings.strip() or not response.body:
            return response
        limit = request.meta.get("download_maxsize", self.max_size) or 1 << 30
        try:
            body = decode_content(response.body, encodings, limit)
        except ContentDecodingError as exc:
            text = str(exc)
            if "exceeds" in text:
                reason = "too_large"
            elif "unsupported" in text:
                reason = "unsupported_encoding"
            else:
                reason = "decode_error"
            self.stats.inc_value(f"decode/failed/{reason}")
            self.crawler.signals.send_catch_log(
                signal=fetch_outcome, request=request, outcome=reason
            )
            logger.warning("%s: %s (%s), archived undecoded", reason, request.url, text)
            raise FetchRefused(reason, f"{reason}: {request.url}: {text}") from exc
        self.stats.inc_value("decode/responses")
        headers = response.headers.copy()
        del headers["Content-Encoding"]
        cls = responsetypes.from_args(headers=headers, url=response.url, body=body)
        kwargs: dict[str, Any] = {"body": body, "headers": headers, "cls": cls}
        if hasattr(cls, "encoding"):
            kwargs["encoding"] = None
        return response.replace(**kwargs)
