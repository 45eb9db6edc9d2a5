"""RSS and Atom feeds, through feedparser, and feeds a page announces in its ``<link>``s.

Pure parsing: bytes in, entries out.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from crawler.urls import canonicalize_url


@dataclass
class FeedEntry:
    url: str
    title: str | None = None
    published: str | None = None
    author: str | None = None
    summary: str | None = None  # for a focused crawl's topic test; not kept as a hint

    def hints(self) -> dict[str, str]:
        return {
            f"feed_{k}": v for k, v in self.__dict__.items() if v and k not in ("url", "summary")
        }


@dataclass
class Feed:
    title: str | None
    entries: list[FeedEntry]
    malformed: bool


def looks_like_feed(body: bytes, content_type: str = "") -> bool:
    ct = content_type.lower()
    if any(t in ct for t in ("rss", "atom", "feed")):
        return True
    low = body[:1024].lower()
    return b"<rss" in low or b"<feed" in low or b"<rdf:rdf" in low


def parse_feed(body: bytes, base: str, content_type: str | None = None) -> Feed:
    """RSS 0.9x/1.0/2.0 and Atom through feedparser, which copes with broken feeds.

    External entities are never fetched: feedparser's SAX parser has them off.
    """
    import feedparser

    parsed = feedparser.parse(
        io.BytesIO(body),
        # Without a content type feedparser flags every feed as malformed ("bozo").
        response_headers={
            "content-location": base,
            "content-type": content_type or "application/xml",
        },
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    entries = []
    for e in parsed.entries:
        link = e.get("link")
        if not link:
            for lk in e.get("links", []):
                if lk.get("rel", "alternate") == "alternate" and lk.get("href"):
                    link = lk["href"]
                    break
        url = canonicalize_url(link, base) if link else None
        if not url:
            continue
        entries.append(
            FeedEntry(
                url,
                title=e.get("title") or None,
                published=e.get("published") or e.get("updated") or None,
                author=e.get("author") or None,
                summary=(e.get("summary") or "")[:2000] or None,
            )
        )
    title = parsed.feed.get("title") if parsed.get("feed") else None
    return Feed(title, entries, bool(parsed.get("bozo")))


_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")


def autodiscover_feeds(link_elements: list[tuple[str, str, str]], base: str) -> list[str]:
    """Feed URLs from ``<link rel=alternate type=... href=...>`` triples (rel, type, href)."""
    out = []
    for rel, typ, href in link_elements:
        if "alternate" in rel.lower().split() and typ.lower().strip() in _FEED_TYPES[:2]:
            url = canonicalize_url(href, base)
            if url and url not in out:
                out.append(url)
    return out
