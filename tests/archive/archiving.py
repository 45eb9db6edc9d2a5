"""A small archive written by the project's own writers, for viewer and replay tests.

Real WARC files (``archive.warc.WarcWriter``) and a real corpus (``schemas.corpus``),
with capture rows built from the records as written (``archive.captures.capture_of``),
so what a test reads back went through the same code as a crawl's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from archive.captures import capture_of
from archive.warc import HttpExchange, WarcFileInfo, WarcWriter
from schemas.corpus import Corpus
from schemas.items import Article

T0 = dt.datetime(2026, 11, 20, 10, 0, 0, 250_000, tzinfo=dt.UTC)


@dataclass
class Archive:
    db_path: Path
    warc_dir: Path
    ids: dict[str, int] = field(default_factory=dict)  # name -> capture id


def exchange(
    url: str,
    body: bytes,
    *,
    status: int = 200,
    reason: str = "OK",
    content_type: str = "text/html; charset=utf-8",
    at: dt.datetime = T0,
    headers: list[tuple[str, str]] | None = None,
) -> HttpExchange:
    return HttpExchange(
        url=url,
        method="GET",
        request_headers=[("User-Agent", "newsarchive-test")],
        request_body=b"",
        protocol="HTTP/1.1",
        status=status,
        reason=reason,
        response_headers=[
            ("Content-Type", content_type),
            ("Content-Length", str(len(body))),
            *(headers or []),
        ],
        body=body,
        fetched_at=at,
    )


def build_archive(
    tmp: Path,
    exchanges: dict[str, HttpExchange],
    articles: dict[str, tuple[str, str]] | None = None,
) -> Archive:
    """Write ``exchanges`` (name -> exchange) to WARC files and index them in a corpus;
    ``articles`` (name -> (title, text)) stores an article for that capture."""
    warc_dir, db_path = tmp / "warcs", tmp / "corpus.db"
    warc_dir.mkdir(parents=True, exist_ok=True)
    writer = WarcWriter(warc_dir, info=WarcFileInfo(software="newsarchive-test"), fsync=False)
    corpus = Corpus(db_path)
    archive = Archive(db_path, warc_dir)
    try:
        for name, ex in exchanges.items():
            where = writer.write_exchange(ex)
            capture = capture_of(where.head, where.response, where.request.record_id)
            if articles and name in articles:
                title, text = articles[name]
                article = Article(
                    text=text,
                    title=title,
                    author=None,
                    published=ex.fetched_at.date().isoformat(),
                    language="en",
                    sitename="example",
                    canonical_url=None,
                    url=ex.url,
                    extractor="test",
                )
                stored = corpus.store_article(capture, article, url_key=ex.url, crawl_id=None)
                archive.ids[name] = stored.capture_id
            else:
                archive.ids[name] = corpus.add_capture(capture, None, "test")
    finally:
        writer.close()
        corpus.close()
    return archive
