"""robots.txt, checked for every request, whatever the order they arrive in.

Scrapy 2.19's RobotsTxtMiddleware hands the parsed robots.txt to the first
request that waited for it and ``None`` (meaning "allowed") to the others:
every waiter shares one Deferred and the first callback returns nothing. A
crawl that starts with many queued URLs for a host therefore fetched
disallowed paths. Here each waiter gets its own answer.

It also follows RFC 9309 where Scrapy does not: a robots.txt that answers
4xx means "no rules", but one that answers 5xx or cannot be fetched means
"disallow everything" for that host in this run. Also per RFC 9309: the
robots.txt request follows at most five redirects (2.3.1.2) and its rules
apply to the authority it was asked for; only the first
``ROBOTSTXT_MAX_BYTES`` (500 KiB, the RFC's minimum) are parsed (2.5).

``Crawl-delay``, which Scrapy reads but never acts on, is honoured per host
(``ROBOTSTXT_CRAWL_DELAY``, on by default), capped by ``ROBOTSTXT_CRAWL_DELAY_MAX``
seconds so one robots.txt cannot stall a run; requests to that host are then
spaced at least that far apart, whatever the concurrency.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler
from twisted.internet.defer import Deferred

from crawler.extensions.cluster import ClusterWorker, cluster_mode
from crawler.meta import CRAWL_DELAY_META, KIND_META, ROBOTS_KIND
from crawler.signals import robots_fetched

if TYPE_CHECKING:
    from scrapy.robotstxt import RobotParser

logger = logging.getLogger(__name__)

ROBOTS_MAX_REDIRECTS = 5  # RFC 9309 2.3.1.2
DEFAULT_MAX_BYTES = 512_000  # RFC 9309 2.5: at least 500 kibibytes must be parsed
DEFAULT_CRAWL_DELAY_MAX = 300.0  # like Heritrix's cap


def truncate_robots(body: bytes, limit: int) -> bytes:
    """The first ``limit`` bytes of a robots.txt, cut back to a whole line."""
    if len(body) <= limit:
        return body
    head = body[:limit]
    cut = head.rfind(b"\n")
    return head[: cut + 1] if cut >= 0 else head


def crawl_delay(body: bytes, user_agent: str) -> float | None:
    """The Crawl-delay a robots.txt asks of ``user_agent`` (its group, else ``*``)."""
    from protego import Protego

    try:
        value = Protego.parse(body.decode("utf-8", "replace")).crawl_delay(user_agent)
    except Exception:  # noqa: BLE001 - a robots.txt we cannot read asks for no delay
        return None
    if value is None:
        return None
    try:
        delay = float(value)
    except (TypeError, ValueError):
        return None
    return delay if delay > 0 else None


class _Verdict:
    """A robots policy with no file behind it: allow all or disallow all."""

    def __init__(self, allow: bool, why: str) -> None:
        self.allow = allow
        self.why = why

    def allowed(self, url: str, user_agent: str | bytes) -> bool:
        return self.allow


class RobotsTxtMiddleware(ScrapyRobotsTxtMiddleware):
    """Obey robots.txt for every request, including those queued before it arrived."""

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        settings = crawler.settings
        self._parsed: dict[str, RobotParser | _Verdict] = {}
        self._waiters: dict[str, list[Deferred]] = {}
        self.max_bytes = settings.getint("ROBOTSTXT_MAX_BYTES", DEFAULT_MAX_BYTES)
        self.delay_on = settings.getbool("ROBOTSTXT_CRAWL_DELAY", True)
        self.delay_max = settings.getfloat("ROBOTSTXT_CRAWL_DELAY_MAX", DEFAULT_CRAWL_DELAY_MAX)
        self._delays: dict[str, float] = {}
        # In a cluster, one worker fetches a host's robots.txt per run and publishes it.
        self._member = ClusterWorker.of(crawler) if cluster_mode(settings) else None

    async def process_request(self, request: Request, spider=None) -> None:
        """Obey robots.txt, then tell the download handler the host's Crawl-delay."""
        await super().process_request(request)
        if request.meta.get("dont_obey_robotstxt"):
            return
        delay = self._delays.get(urlparse_cached(request).netloc)
        if delay:
            # Paced in crawler.handlers, right before the connection: a wait taken here
            # would be undone by whatever delays the request between here and the wire.
            request.meta[CRAWL_DELAY_META] = delay

    async def robot_parser(self, request: Request):
        url = urlparse_cached(request)
        netloc = url.netloc
        if netloc in self._parsed:
            return self._parsed[netloc]
        waiter: Deferred = Deferred()
        first = netloc not in self._waiters
        self._waiters.setdefault(netloc, []).append(waiter)
        if first:
            robotsurl = f"{url.scheme}://{url.netloc}/robots.txt"
            robotsreq = Request(
                robotsurl,
                priority=self.DOWNLOAD_PRIORITY,
                meta={
                    "dont_obey_robotstxt": True,
                    KIND_META: ROBOTS_KIND,
                    "redirect_ttl": ROBOTS_MAX_REDIRECTS,
                },
                callback=NO_CALLBACK,
                dont_filter=True,
            )
            self._fetch(robotsreq, netloc)
        return await maybe_deferred_to_future(waiter)

    def _fetch(self, robotsreq: Request, netloc: str) -> None:
        from scrapy.utils.defer import deferred_from_coro

        deferred_from_coro(self._fetch_async(robotsreq, netloc))

    async def _fetch_async(self, robotsreq: Request, netloc: str) -> None:
        parser: RobotParser | _Verdict | None = None
        if self._member is not None:
            parser = await self._shared(netloc)
        if parser is None:
            parser = await self._download_policy(robotsreq, netloc)
        self._parsed[netloc] = parser
        for waiter in self._waiters.pop(netloc, []):
            waiter.callback(parser)

    async def _download_policy(self, robotsreq: Request, netloc: str):
        parser: RobotParser | _Verdict
        status, body = None, b""
        try:
            resp = await self.crawler.engine.download_async(robotsreq)
            status, body = resp.status, self._body_of(resp, netloc)
            parser = await self._policy_for(resp, body, netloc)
        except Exception as exc:  # noqa: BLE001 - any failure means "disallow" (RFC 9309)
            why = f"robots.txt for {netloc} could not be fetched ({type(exc).__name__}: {exc})"
            logger.warning("%s: disallowing the host for this run", why)
            self._stats.inc_value("robotstxt/unreachable_disallow")
            parser = _Verdict(False, why)
        self._stats.inc_value("robotstxt/request_count")
        if self._member is not None:
            try:
                self._member.robots.publish(self._member.run, netloc, status, body)
            except Exception as exc:  # noqa: BLE001 - the others then fetch it themselves
                logger.warning("robots.txt of %s not shared: %r", netloc, exc)
        return parser

    async def _shared(self, netloc: str):
        """The policy another worker fetched this run; None when this worker is to fetch
        it (it claimed the fetch, or the claimant died before publishing)."""
        import asyncio

        assert self._member is not None
        robots, run, worker = self._member.robots, self._member.run, self._member.worker
        while True:
            try:
                found = robots.get(run, netloc)
                if found is None and robots.claim(run, netloc, worker):
                    return None
            except Exception as exc:  # noqa: BLE001 - Redis away: this worker fetches it
                self._stats.inc_value("cluster/robots_errors")
                logger.warning("shared robots.txt of %s not read (%r): fetching it", netloc, exc)
                return None
            if found is not None:
                self._stats.inc_value("cluster/robots_shared")
                return self._policy_from(found[0], found[1], netloc)
            await asyncio.sleep(0.1)
            self._take_over_dead_claim(run, netloc)

    def _take_over_dead_claim(self, run: int, netloc: str) -> None:
        """The worker fetching a robots.txt died: its claim goes, and a live one fetches."""
        assert self._member is not None
        try:
            claimant = self._member.robots.claimant(run, netloc)
            if claimant and not self._member.cluster.alive(claimant):
                self._member.robots.drop_claim(run, netloc, claimant)
        except Exception:  # noqa: BLE001 - asked again at the next turn of the loop
            return

    def _policy_from(self, status: int | None, body: bytes, netloc: str):
        """The policy a robots.txt answer gives (RFC 9309): rules from a 2xx, none from
        a 3xx or 4xx ("unavailable", 2.3.1.3), disallow all from a 5xx or no answer.
        The answer may be another worker's, fetched for the cluster."""
        if status is None:
            return _Verdict(False, f"robots.txt for {netloc} could not be fetched")
        if 200 <= status < 300:
            self._set_delay(netloc, body)
            return build_from_crawler(self._parserimpl, self.crawler, body)
        if 300 <= status < 500:
            return _Verdict(True, f"robots.txt answered {status}")
        return _Verdict(False, f"robots.txt for {netloc} answered {status}")

    def _body_of(self, response: Response, netloc: str) -> bytes:
        """What of a robots.txt is read: its first ``ROBOTSTXT_MAX_BYTES`` (RFC 9309 2.5)."""
        if not 200 <= response.status < 300:
            return response.body
        body = truncate_robots(response.body, self.max_bytes)
        if len(body) < len(response.body):
            self._stats.inc_value("robotstxt/truncated")
            logger.info(
                "robots.txt for %s is %d bytes: only the first %d are read",
                netloc,
                len(response.body),
                len(body),
            )
        return body

    async def _policy_for(self, response: Response, body: bytes, netloc: str):
        """The policy of the robots.txt this worker fetched, counted and announced."""
        self._stats.inc_value("robotstxt/response_count")
        self._stats.inc_value(f"robotstxt/response_status_count/{response.status}")
        await self.crawler.signals.send_catch_log_async(
            signal=robots_fetched, response=response, allowed=response.status < 500
        )
        policy = self._policy_from(response.status, body, netloc)
        if not isinstance(policy, _Verdict):
            await self.crawler.signals.send_catch_log_async(
                signal=signals.robots_parsed, robotparser=policy, request=response.request
            )
        elif policy.allow:
            self._stats.inc_value("robotstxt/unavailable_allow")
        else:
            logger.warning("%s: disallowing the host for this run", policy.why)
            self._stats.inc_value("robotstxt/unreachable_disallow")
        return policy

    def _set_delay(self, netloc: str, body: bytes) -> None:
        if not self.delay_on:
            return
        delay = crawl_delay(body, self._robotstxt_useragent or self._default_useragent or "*")
        if delay is None:
            return
        if delay > self.delay_max:
            self._stats.inc_value("robotstxt/crawl_delay_capped")
            logger.info(
                "%s asks a Crawl-delay of %.0f s; using the cap of %.0f s",
                netloc,
                delay,
                self.delay_max,
            )
            delay = self.delay_max
        self._delays[netloc] = delay
        self._stats.set_value(f"robotstxt/crawl_delay/{netloc}", delay)

    def process_request_2(self, rp, request: Request) -> None:
        if isinstance(rp, _Verdict) and not rp.allow:
            self._stats.inc_value("robotstxt/forbidden")
            raise IgnoreRequest(f"Forbidden by robots.txt policy: {rp.why}")
        super().process_request_2(rp, request)
