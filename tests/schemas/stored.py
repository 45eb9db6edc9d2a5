"""Articles stored straight into a corpus, for the tests of what reads it (search)."""

from __future__ import annotations

from schemas.corpus import Corpus
from schemas.items import Article, Capture


def store(corpus: Corpus, n: int, title: str, text: str, published: str | None = None) -> None:
    """Article ``n`` of example.com, with its capture; published on day ``n`` of November
    2026 unless ``published`` says otherwise."""
    capture = Capture(
        url=f"http://example.com/{n}",
        status=200,
        fetched_at="2026-11-20T10:00:00+00:00",
        warc_filename="x.warc.gz",
        warc_offset=n * 100,
        warc_length=100,
        warc_record_id=f"<urn:uuid:{n:08d}-0000-0000-0000-000000000000>",
    )
    article = Article(
        text=text,
        title=title,
        author=None,
        published=published or f"2026-11-{n % 28 + 1:02d}",
        language=None,
        sitename=None,
        canonical_url=None,
        url=capture.url,
        extractor="test",
    )
    corpus.store_article(capture, article, url_key=capture.url, crawl_id=None)
