"""``extract_article()``: one pure function from HTML to an article, or None.

The crawl pipeline, ``reextract`` and ``verify`` all call this same function,
so that stored text can be reproduced from the archived bytes alone. Nothing
here imports Scrapy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import trafilatura
from lxml import etree

from crawler import discovery
from crawler.encoding import decode_html
from crawler.metadata import (
    ARTICLE_TYPES,
    LISTING_TYPES,
    choose_author,
    choose_published,
    choose_title,
    parse_html,
    read_page_meta,
)
from schemas.items import Article

# Bump when a change to this module (or its rules) can change stored text.
EXTRACTOR_VERSION = "1"


@dataclass(frozen=True)
class ExtractOptions:
    """Everything that can change the text; it is recorded on each article row."""

    favor_precision: bool = True
    include_comments: bool = False
    include_tables: bool = True
    min_words_strong: int = 40  # page declares itself an article
    min_words_weak: int = 120  # only the URL shape says article
    min_words_none: int = 250  # no signal at all
    max_html_chars: int = 8_000_000

    def signature(self) -> str:
        return (
            f"newsarchive/{EXTRACTOR_VERSION} trafilatura/{trafilatura.__version__}"
            f" favor_precision={self.favor_precision} include_comments={self.include_comments}"
            f" include_tables={self.include_tables}"
        )


DEFAULT_OPTIONS = ExtractOptions()


@dataclass
class Extraction:
    """An article, or the reason the page is not one."""

    article: Article | None
    reason: str
    stats: dict[str, int] = field(default_factory=dict)
    encoding: str | None = None
    encoding_source: str | None = None


def _is_html(text: str) -> bool:
    """Markup starts with a tag; JSON, plain text and binaries do not."""
    return text[:4096].lstrip().startswith("<")


def _signal_score(meta, url: str) -> int:
    score = 0
    if meta.jsonld_types & ARTICLE_TYPES:
        score += 3
    if meta.og_type == "article":
        score += 2
    if any(src == "meta" for src, _ in meta.date_candidates):
        score += 1
    shape = discovery.url_article_score(url)
    score += 1 if shape > 0 else (-2 if shape < 0 else 0)
    if meta.og_type in ("website", "profile", "blog") and not meta.jsonld_types & ARTICLE_TYPES:
        score -= 2
    if meta.jsonld_types & LISTING_TYPES and not meta.jsonld_types & ARTICLE_TYPES:
        score -= 3
    if meta.headline_links >= 6:
        score -= 1
    return score


def _trafilatura_text(tree, url: str, opts: ExtractOptions, *, favor_precision: bool) -> str:
    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        favor_precision=favor_precision,
        include_comments=opts.include_comments,
        include_tables=opts.include_tables,
        with_metadata=False,
    )
    text = (doc.text if doc is not None else "") or ""
    return "\n".join(line.rstrip() for line in text.splitlines()).strip()


def extract(
    html: str | bytes,
    url: str,
    options: ExtractOptions | None = None,
    *,
    http_charset: str | None = None,
) -> Extraction:
    """Extract an article and say why when there is none."""
    opts = options or DEFAULT_OPTIONS
    encoding = source = None
    if isinstance(html, bytes):
        if html[:5] == b"%PDF-" or b"\x00" in html[:1024]:
            return Extraction(None, "not_html")
        decoded = decode_html(html, http_charset)
        html, encoding, source = decoded.text, decoded.encoding, decoded.source
    if not html.strip():
        return Extraction(None, "empty", encoding=encoding, encoding_source=source)
    if not _is_html(html):
        return Extraction(None, "not_html", encoding=encoding, encoding_source=source)
    if len(html) > opts.max_html_chars:
        html = html[: opts.max_html_chars]
    try:
        tree = parse_html(html)
    except (etree.ParserError, ValueError):
        return Extraction(None, "unparseable", encoding=encoding, encoding_source=source)
    meta = read_page_meta(tree, url)
    score = _signal_score(meta, url)
    if discovery.url_article_score(url) < 0 and not meta.jsonld_types & ARTICLE_TYPES:
        return Extraction(None, "non_article_url", encoding=encoding, encoding_source=source)
    if score < 0:
        # Declared a website/listing, teaser-heavy, or listing-shaped URL, and nothing
        # declares an article: long text here is a privacy policy or a section front.
        return Extraction(None, "listing_page", encoding=encoding, encoding_source=source)
    if score >= 2:
        needed = opts.min_words_strong
    elif score >= 1:
        needed = opts.min_words_weak
    else:
        needed = opts.min_words_none

    text = _trafilatura_text(tree, url, opts, favor_precision=opts.favor_precision)
    words = len(text.split())
    if words < needed and score >= 2 and opts.favor_precision:
        # The page says it is an article but precision mode kept too little of it:
        # a second, recall-oriented pass beats losing the article.
        text = _trafilatura_text(parse_html(html), url, opts, favor_precision=False)
        words = len(text.split())
    if words < needed:
        reason = "no_text" if words == 0 else "too_short"
        return Extraction(None, reason, encoding=encoding, encoding_source=source)

    published, _declared = choose_published(meta)
    canonical = discovery.canonicalize_url(meta.canonical, url) if meta.canonical else None
    article = Article(
        text=text,
        title=choose_title(meta),
        author=choose_author(meta),
        published=published,
        language=meta.language,
        sitename=meta.sitename,
        canonical_url=canonical or discovery.canonicalize_url(url) or url,
        url=url,
        extractor=opts.signature(),
    )
    return Extraction(article, "article", encoding=encoding, encoding_source=source)


def extract_article(
    html: str | bytes,
    url: str,
    options: ExtractOptions | None = None,
    *,
    http_charset: str | None = None,
) -> Article | None:
    """The article in a page, or None when the page is not an article."""
    return extract(html, url, options, http_charset=http_charset).article
