"""The data that crosses from Scrapy into the Scrapy-free code."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Capture:
    """One archived response and where its WARC record landed."""

    url: str
    status: int
    fetched_at: str
    warc_filename: str
    warc_offset: int
    warc_length: int
    warc_record_id: str
    payload_digest: str | None = None
    warc_request_record_id: str | None = None
    reason: str | None = None
    protocol: str | None = None
    content_type: str | None = None
    content_encoding: str | None = None
    content_length: int | None = None
    location: str | None = None
    ip_address: str | None = None
    refers_to: str | None = None  # a revisit record: the record it stands in for

    def as_row(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Page:
    """A fetched page on its way to extraction: the one shape a Response takes."""

    url: str
    status: int
    content_type: str
    body: bytes
    capture: Capture | None
    http_charset: str | None = None
    source: str | None = None
    discovery: dict[str, Any] = field(default_factory=dict)
    skip_reason: str | None = None  # set by the spider when it already knows
    article: Article | None = None
    outcome: str | None = None
    signals: dict[str, bool] = field(default_factory=dict)
    # The news-only rule's mark for the corpus: 1 dated, signed or declared; 0 stored
    # while its site had not yet shown enough such articles (withdrawn if it later does).
    news_evidence: int | None = None
    frontier_key: str | None = None  # the frontier row this page settles
    revisit: bool = False  # archived as a revisit record: nothing new to extract
    # The blocks the article's text came from, for learning its site's template.
    observations: tuple[Any, ...] = ()
    evidence: Any = None  # clustering evidence from the worker (crawler.stories.copies)
    topic_ids: tuple[int, ...] | None = None  # followed topics matched in the worker
    stored: bool = False  # set once the corpus has committed what this page came to


@dataclass
class Article:
    """What extraction keeps of a page: clean text and its metadata."""

    text: str
    title: str | None
    author: str | None
    published: str | None
    language: str | None
    sitename: str | None
    canonical_url: str | None
    url: str
    extractor: str
    stats: dict[str, int] = field(default_factory=dict)
    description: str | None = None  # the standfirst under the headline, not part of text
    modified: str | None = None  # the declared last-modified date (ISO 8601)
    # The WARC record of the site template profile it was extracted with, if any.
    template_profile: str | None = None

    @property
    def word_count(self) -> int:
        return len(self.text.split())
