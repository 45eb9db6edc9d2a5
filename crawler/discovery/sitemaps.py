"""Sitemaps, sitemap indexes and Google News sitemaps, and robots.txt ``Sitemap:`` lines.

Pure parsing: bytes in, entries out. A gzipped sitemap is decompressed with a bound.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field

from lxml import etree

from crawler.urls import canonicalize_url

_SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


def robots_sitemaps(body: bytes | str, base: str) -> list[str]:
    """``Sitemap:`` lines of a robots.txt, made absolute, in order, without repeats."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    seen: list[str] = []
    for m in _SITEMAP_LINE.finditer(text):
        url = canonicalize_url(m.group(1), base)
        if url and url not in seen:
            seen.append(url)
    return seen


# -- sitemaps -----------------------------------------------------------------

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemaps protocol's own limit


class SitemapError(ValueError):
    """A body that cannot be read as a sitemap."""


@dataclass
class SitemapEntry:
    url: str
    lastmod: str | None = None
    news_title: str | None = None
    news_publication_date: str | None = None
    news_publication: str | None = None
    news_language: str | None = None

    def hints(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v and k != "url"}


@dataclass
class Sitemap:
    kind: str  # "index" | "urlset"
    entries: list[SitemapEntry] = field(default_factory=list)


def gunzip_bounded(data: bytes, limit: int = MAX_SITEMAP_BYTES) -> bytes:
    """Decompress gzip, refusing to produce more than ``limit`` bytes (bomb guard)."""
    d = zlib.decompressobj(zlib.MAX_WBITS | 16)
    out = d.decompress(data, limit + 1)
    if len(out) > limit:
        raise SitemapError(f"decompressed sitemap exceeds {limit} bytes")
    return out


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _child_text(el, name: str) -> str | None:
    for c in el:
        if _local(c.tag) == name:
            t = (c.text or "").strip()
            return t or None
    return None


def _child(el, name: str):
    for c in el:
        if _local(c.tag) == name:
            return c
    return None


_XML_PARSER_OPTS = dict(
    resolve_entities=False,
    no_network=True,
    huge_tree=False,
    recover=True,
    remove_comments=True,
    remove_pis=True,
    load_dtd=False,
)


def parse_sitemap(body: bytes, base: str) -> Sitemap:
    """Read a sitemap or sitemap index, gzipped or not, Google News fields kept.

    Scrapy's own sitemap reader drops the nested ``news:`` block, which holds
    the headline and publication date we want to keep as discovery hints.
    """
    if body[:2] == b"\x1f\x8b":
        try:
            body = gunzip_bounded(body)
        except (zlib.error, EOFError, OSError) as exc:
            raise SitemapError(f"bad gzip: {exc}") from exc
    if len(body) > MAX_SITEMAP_BYTES:
        raise SitemapError("sitemap larger than 50 MB")
    stripped = body.lstrip()
    if not stripped.startswith(b"<"):
        return _text_sitemap(body, base)
    parser = etree.XMLParser(**_XML_PARSER_OPTS)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise SitemapError(f"not XML: {exc}") from exc
    if root is None:
        raise SitemapError("empty document")
    kind = _local(root.tag)
    if kind == "sitemapindex":
        sm = Sitemap("index")
        for el in root:
            if _local(el.tag) == "sitemap":
                loc = _child_text(el, "loc")
                url = canonicalize_url(loc, base) if loc else None
                if url:
                    sm.entries.append(SitemapEntry(url, lastmod=_child_text(el, "lastmod")))
        return sm
    if kind != "urlset":
        raise SitemapError(f"root element is <{kind}>, not a sitemap")
    sm = Sitemap("urlset")
    for el in root:
        if _local(el.tag) != "url":
            continue
        loc = _child_text(el, "loc")
        url = canonicalize_url(loc, base) if loc else None
        if not url:
            continue
        entry = SitemapEntry(url, lastmod=_child_text(el, "lastmod"))
        news = _child(el, "news")
        if news is not None:
            entry.news_title = _child_text(news, "title")
            entry.news_publication_date = _child_text(news, "publication_date")
            pub = _child(news, "publication")
            if pub is not None:
                entry.news_publication = _child_text(pub, "name")
                entry.news_language = _child_text(pub, "language")
        sm.entries.append(entry)
    return sm


def _text_sitemap(body: bytes, base: str) -> Sitemap:
    sm = Sitemap("urlset")
    for line in body.decode("utf-8", "replace").splitlines():
        url = canonicalize_url(line, base) if line.strip().lower().startswith("http") else None
        if url:
            sm.entries.append(SitemapEntry(url))
    if not sm.entries:
        raise SitemapError("neither XML nor a text sitemap")
    return sm


def looks_like_sitemap(body: bytes) -> bool:
    head = body[:2048]
    if head[:2] == b"\x1f\x8b":
        return True
    low = head.lower()
    return b"<urlset" in low or b"<sitemapindex" in low
