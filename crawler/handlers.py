"""The HTTP/1.1 download handler, keeping the server's own reason phrase.

Scrapy drops the reason phrase of the status line ("200 OK", "404 Not
Found"), but an archive should record the status line the server really sent.
Twisted keeps it on its response object, which Scrapy's agent sees only
privately, so this handler subclasses the agent to copy the phrase into
``request.meta["http_reason"]`` as the response arrives.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler, _ScrapyAgent
from scrapy.exceptions import ResponseDataLossError
from scrapy.http import Response
from scrapy.utils._download_handlers import get_dataloss_msg, wrap_twisted_exceptions
from scrapy.utils.defer import maybe_deferred_to_future

REASON_META = "http_reason"


class _ReasonAgent(_ScrapyAgent):
    def _cb_latency(self, result: Any, request: Request, start_time: float) -> Any:
        phrase = getattr(result, "phrase", None)
        if isinstance(phrase, bytes):
            request.meta[REASON_META] = phrase.decode("latin-1")
        elif isinstance(phrase, str):
            request.meta[REASON_META] = phrase
        return super()._cb_latency(result, request, start_time)


class ReasonPhraseDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler with the reason phrase recorded."""

    async def download_request(self, request: Request) -> Response:
        agent = _ReasonAgent(
            contextFactory=self._contextFactory,
            bindAddress=self._bind_address,
            pool=self._pool,
            maxsize=self._default_maxsize,
            warnsize=self._default_warnsize,
            fail_on_dataloss=self._fail_on_dataloss,
            crawler=self._crawler,
            tls_verbose_logging=self._tls_verbose_logging,
        )
        try:
            with wrap_twisted_exceptions():
                return await maybe_deferred_to_future(agent.download_request(request))
        except ResponseDataLossError:
            if not self._fail_on_dataloss_warned:
                self._fail_on_dataloss_warned = True
                import logging

                logging.getLogger(__name__).warning(get_dataloss_msg(request.url))
            raise
