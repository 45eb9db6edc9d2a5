"""The conversion record: an article's text in the WARC, beside the response it was
extracted from, with what is needed to rebuild its row. Both sides are here: the
headers the crawl writes and the reading ``reextract`` does. Pure.

WARC/1.1 defines ``conversion`` as an alternative version of another record's content;
``WARC-Refers-To`` names the response record. Our own headers carry the extractor that
produced the text (``X-Newsarchive-Extractor``), how the page was found
(``X-Newsarchive-Discovery``), the news-only rule's mark (``crawler.newsonly``) and
the site template profile it was extracted with (``X-Newsarchive-Template-Profile``).
"""

from __future__ import annotations

import json
from typing import Any

from archive.warc import warc_date_of
from crawler.newsonly import MARK_HEADER, mark_header, read_mark
from schemas.items import Article, Capture

EXTRACTOR_HEADER = "X-Newsarchive-Extractor"
DISCOVERY_HEADER = "X-Newsarchive-Discovery"
# The WARC-Record-ID of the site template profile the text was extracted with.
TEMPLATE_HEADER = "X-Newsarchive-Template-Profile"


def conversion_headers(
    capture: Capture,
    article: Article,
    discovery_hints: dict[str, Any] | None,
    news: tuple[str | None, int | None] | None = None,
) -> dict[str, str]:
    """WARC headers of the conversion record that carries an article's text.

    The news-only rule's mark goes with it, so that a corpus rebuilt from the archive
    alone (``scrapy reextract``) withdraws the same static pages the crawl did.

    Its dates are the response's, in WARC 1.1's grammar (``...Z``), not the corpus's
    ISO form (``+00:00``), which standard indexers cannot parse."""
    fetched = warc_date_of(capture.fetched_at) or capture.fetched_at
    headers = {
        "WARC-Refers-To": capture.warc_record_id,
        "WARC-Refers-To-Target-URI": capture.url,
        "WARC-Refers-To-Date": fetched,
        "WARC-Date": fetched,
        EXTRACTOR_HEADER: article.extractor,
        DISCOVERY_HEADER: json.dumps(discovery_hints or {}, sort_keys=True),
    }
    if news is not None:
        headers.update(mark_header(*news))
    if article.template_profile:
        headers[TEMPLATE_HEADER] = article.template_profile
    return headers


def template_profile_of(record) -> str | None:
    """The record id of the template profile the text was extracted with, or None."""
    return record.warc_header(TEMPLATE_HEADER) or None


def discovery_of(record) -> dict[str, Any]:
    """How the page was found, as the crawl recorded it."""
    return json.loads(record.warc_header(DISCOVERY_HEADER) or "{}")


def news_mark_of(record) -> tuple[str, int] | None:
    """The news-only rule's mark the crawl wrote with the text, or None."""
    return read_mark(record.warc_header(MARK_HEADER))
