"""A worker's rows, handed to Redis for the one corpus writer (``crawler.distributed.ingest``).

A worker of a cluster has no corpus of its own. Its corpus extension writes through a
``Handoff`` instead of a ``schemas.corpus.Corpus``: the same calls (``add_capture``,
``store_article``, ``batch``, ...), but each batch becomes one entry of a Redis stream,
added in one round trip after the batch's WARC records are fsynced, exactly where a
single machine commits its rows. The ingest applies entries in stream order, so the
corpus receives what one machine would have written, in the order it was made.

Entries are plain JSON (never pickles): ``{"run", "worker", "ops": [...]}``, each op a
dict with ``op`` one of ``capture``, ``captures_if_missing``, ``article``,
``worker_started``, ``worker_finished``. Captures and articles are the dataclasses of
``schemas.items`` as dicts; clustering evidence has its signature in base64.

What a worker would read from a corpus it reads from Redis, as kept by the handoffs:
``has_text`` (is this text stored already, so its conversion record stands) from
``P texts``, and ``capture_with_payload`` (a body archived from another URL, for
revisit records) from ``P payloads``. Keys: ``P rows`` (the stream), ``P texts`` (hash
url_key -> text SHA-1), ``P payloads`` (hash payload digest -> JSON of the first record),
``P templates`` (hash source -> JSON of its latest template profile and record id,
published by the ingest), ``P claims`` (hash payload digest -> the URL that first
archived it).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, fields
from typing import TYPE_CHECKING, Any

from schemas.corpus import StoreResult, text_sha1, utcnow
from schemas.items import Article, Capture

if TYPE_CHECKING:
    from redis import Redis

STREAM = "rows"

_CAPTURE_FIELDS = {f.name for f in fields(Capture)}
_ARTICLE_FIELDS = {f.name for f in fields(Article)}


class HandoffError(RuntimeError):
    """A row could not be handed to Redis."""


def capture_dict(capture: Capture) -> dict[str, Any]:
    return asdict(capture)


def capture_from(data: dict[str, Any]) -> Capture:
    return Capture(**{k: v for k, v in data.items() if k in _CAPTURE_FIELDS})


def article_dict(article: Article) -> dict[str, Any]:
    return asdict(article)


def article_from(data: dict[str, Any]) -> Article:
    return Article(**{k: v for k, v in data.items() if k in _ARTICLE_FIELDS})


def evidence_dict(found: Any) -> dict[str, Any] | None:
    """Clustering evidence (``crawler.stories.copies.Evidence``) as JSON-able data."""
    if found is None:
        return None
    return {
        "minhash": base64.b64encode(found.minhash).decode("ascii"),
        "shingles": int(found.shingles),
        "source_link": found.source_link,
    }


class Handoff:
    """What a worker writes, as a corpus would take it, into the cluster's stream."""

    def __init__(self, client: Redis, *, prefix: str = "na", worker: str, run: int) -> None:
        self.client = client
        self.prefix = prefix + ":"
        self.worker = worker
        self.run = run
        self.path = f"redis stream {self.prefix}{STREAM}"  # shown where a corpus path would be
        self._ops: list[dict[str, Any]] | None = None
        self._texts: dict[str, str] = {}
        self._payloads: dict[str, str] = {}

    def key(self, name: str) -> str:
        return self.prefix + name

    # -- batches ---------------------------------------------------------------
    @contextmanager
    def batch(self) -> Iterator[None]:
        """Collect the ops of one batch; hand them over as one stream entry at the end
        (nothing of a batch that raises is handed over)."""
        if self._ops is not None:  # nested: part of the batch under way
            yield
            return
        self._ops, self._texts, self._payloads = [], {}, {}
        try:
            yield
            self._send(self._ops, self._texts, self._payloads)
        finally:
            self._ops = None

    def _add(self, op: dict[str, Any]) -> None:
        if self._ops is not None:
            self._ops.append(op)
        else:
            self._send([op], {}, {})

    def _send(
        self, ops: list[dict[str, Any]], texts: dict[str, str], payloads: dict[str, str]
    ) -> None:
        if not ops:
            return
        entry = json.dumps({"run": self.run, "worker": self.worker, "ops": ops}, default=str)
        try:
            pipe = self.client.pipeline(transaction=True)
            pipe.xadd(self.key(STREAM), {"data": entry})
            if texts:
                pipe.hset(self.key("texts"), mapping=texts)
            for digest, original in payloads.items():
                pipe.hsetnx(self.key("payloads"), digest, original)
            pipe.execute()
        except Exception as exc:  # noqa: BLE001 - any client error: the batch is not handed
            raise HandoffError(f"rows not handed to Redis: {exc}") from exc

    def _remember_payload(self, capture: Capture) -> None:
        if capture.payload_digest and not capture.refers_to:
            self._payloads.setdefault(
                capture.payload_digest,
                json.dumps(
                    {
                        "record_id": capture.warc_record_id,
                        "uri": capture.url,
                        "date": capture.fetched_at,
                        "payload_digest": capture.payload_digest,
                    }
                ),
            )

    # -- the corpus calls a crawl makes ------------------------------------------
    def start_crawl(
        self,
        spider: str,
        args: dict[str, Any],
        settings: dict[str, Any],
        *,
        topics: dict[str, list[list[str]]] | None = None,
    ) -> int:
        """The worker's start, with what the ledger row of its run records (the first
        worker's), and its topics (``[name, query]`` from its sources file and ``-a``)."""
        self._add(
            {
                "op": "worker_started",
                "spider": spider,
                "args": args,
                "settings": settings,
                "topics": topics or {},
                "at": utcnow(),
            }
        )
        return self.run

    def finish_crawl(
        self,
        crawl_id: int,
        *,
        status: str,
        finish_reason: str,
        stats: dict[str, Any],
        warc_files: list[str],
        summary: dict[str, Any],
    ) -> None:
        self._add(
            {
                "op": "worker_finished",
                "status": status,
                "finish_reason": finish_reason,
                "stats": stats,
                "warc_files": warc_files,
                "summary": summary,
                "at": utcnow(),
            }
        )

    def add_capture(self, capture: Capture, crawl_id: int | None, outcome: str | None) -> int:
        self._add({"op": "capture", "capture": capture_dict(capture), "outcome": outcome})
        if self._ops is not None:
            self._remember_payload(capture)
        return 0

    def add_captures_if_missing(
        self, items: list[tuple[Capture, str | None]], crawl_id: int | None
    ) -> int:
        if items:
            self._add(
                {
                    "op": "captures_if_missing",
                    "items": [[capture_dict(c), outcome] for c, outcome in items],
                }
            )
        return len(items)

    def store_article(
        self,
        capture: Capture,
        article: Article,
        *,
        url_key: str,
        crawl_id: int | None,
        discovery: dict[str, Any] | None = None,
        conversion_record_id: str | None = None,
        news: tuple[str | None, int | None] | None = None,
        blocks: tuple[str, Any] | None = None,
        topic_ids: list[int] | None = None,
        after: Callable[[Any, int], None] | None = None,
        evidence: Any = None,
    ) -> StoreResult:
        """Handed over as it would be stored: ``blocks`` (the page's blocks, for its site's
        template) as ``[fingerprint, text_hash, text]``. ``after`` (clusters) belongs to the
        corpus writer: the ingest matches topics and clusters copies itself, from the
        text and from ``evidence``."""
        self._add(
            {
                "op": "article",
                "capture": capture_dict(capture),
                "article": article_dict(article),
                "url_key": url_key,
                "discovery": discovery or {},
                "conversion_record_id": conversion_record_id,
                "news": list(news) if news is not None else None,
                "evidence": evidence_dict(evidence),
                "blocks": (
                    [blocks[0], [[o.fingerprint, o.text_hash, o.text] for o in blocks[1]]]
                    if blocks is not None and blocks[0]
                    else None
                ),
            }
        )
        if self._ops is not None:
            self._texts[url_key] = text_sha1(article.text)
            self._remember_payload(capture)
        return StoreResult(0, None, "handed_off")

    # -- what a worker reads -----------------------------------------------------
    def has_text(self, url_key: str, sha1: str) -> bool:
        found = self.client.hget(self.key("texts"), url_key)
        if found is None:
            return False
        return (found.decode() if isinstance(found, bytes) else str(found)) == sha1

    def capture_with_payload(self, digest: str, other_than_url: str) -> dict[str, Any] | None:
        raw = self.client.hget(self.key("payloads"), digest)
        if raw is None:
            return None
        try:
            original = json.loads(raw)
        except ValueError:
            return None
        if not isinstance(original, dict) or original.get("uri") == other_than_url:
            return None
        return original

    def template_profile(self, source: str) -> tuple[dict[str, Any], str] | None:
        """(profile, record id) the ingest published for a site: what its pages are
        extracted with, as a single machine extracts with the corpus's latest profile."""
        raw = self.client.hget(self.key("templates"), source)
        if raw is None:
            return None
        try:
            found = json.loads(raw)
            return dict(found["profile"]), str(found["record_id"])
        except (ValueError, KeyError, TypeError):
            return None

    def claim_payload(self, digest: str, url: str) -> str | None:
        """Claim a body for ``url`` as it is archived; the other URL that claimed it first,
        if another did. Between its archiving and its hand-off a body is no revisit's
        original yet (its record may not be durable), but it is claimed already."""
        pipe = self.client.pipeline(transaction=True)
        pipe.hsetnx(self.key("claims"), digest, url)
        pipe.hget(self.key("claims"), digest)
        _, first = pipe.execute()
        first = first.decode() if isinstance(first, bytes) else first
        return None if first in (None, url) else str(first)

    def dated_articles(self, source: str, enough: int) -> int:
        """Unknown to a worker: the ingest withdraws undated pages at the run's end once
        the corpus shows the site dates its news, so the corpus ends the same."""
        return 0

    def close(self) -> None:
        """The client is the worker's; nothing of the handoff's own to close."""
