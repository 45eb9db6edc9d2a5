"""``extract_article()``: one pure function from HTML to an article, or None.

The crawl pipeline, ``reextract`` and ``verify`` all call this same function,
so that stored text can be reproduced from the archived bytes alone. Nothing
here imports Scrapy.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import overload

import trafilatura
from lxml import etree

from crawler import debris, discovery, mainbody
from crawler.encoding import decode_html
from crawler.metadata import (
    ARTICLE_TYPES,
    LISTING_TYPES,
    NON_ARTICLE_TYPES,
    choose_author,
    choose_published,
    choose_title,
    parse_html,
    read_page_meta,
)
from schemas.items import Article

# Bump when a change to this module (or its rules) can change stored text.
EXTRACTOR_VERSION = "4"


@dataclass(frozen=True)
class ExtractOptions:
    """Everything that can change the text; it is recorded on each article row."""

    favor_precision: bool = True
    include_comments: bool = False
    include_tables: bool = True
    min_words_strong: int = 40  # page declares itself an article
    min_words_weak: int = 100  # its URL shape or a declared date says article
    min_words_none: int = 150  # no signal at all
    max_html_chars: int = 8_000_000
    disabled_rules: frozenset[str] = frozenset()
    complete_from_main_block: bool = True

    def signature(self) -> str:
        sig = (
            f"newsarchive/{EXTRACTOR_VERSION} trafilatura/{trafilatura.__version__}"
            f" favor_precision={self.favor_precision} include_comments={self.include_comments}"
            f" include_tables={self.include_tables}"
        )
        if not self.complete_from_main_block:
            sig += " complete=False"
        if self.disabled_rules:
            sig += " debris_off=" + ",".join(sorted(self.disabled_rules))
        return sig


DEFAULT_OPTIONS = ExtractOptions()


@dataclass
class Extraction:
    """An article, or the reason the page is not one."""

    article: Article | None
    reason: str
    stats: dict[str, int] = field(default_factory=dict)
    encoding: str | None = None
    encoding_source: str | None = None
    # What made the verdict: the page declares itself an article, carries a date, a byline.
    declared: bool = False
    dated: bool = False
    bylined: bool = False


def _is_html(text: str) -> bool:
    """Markup starts with a tag; JSON, plain text and binaries do not."""
    return text[:4096].lstrip().startswith("<")


def verdict(meta, url: str, opts: ExtractOptions) -> tuple[str | None, int]:
    """(reason the page is not an article, or None; words its text needs to be one).

    A page that declares itself an article (JSON-LD, og:type) is believed unless its URL
    is a listing's. The rest is judged after extraction, by how much text trafilatura
    finds and whether that text is mostly teaser headlines (``teaser_share``).
    """
    ld_article = bool(meta.jsonld_types & ARTICLE_TYPES)
    strong = ld_article or meta.og_type == "article"
    og = meta.og_type or ""
    if not ld_article and (
        meta.jsonld_types & NON_ARTICLE_TYPES or og.startswith(("video", "music", "profile"))
    ):
        return "not_an_article_type", 0
    if discovery.is_listing_url(url, declared_article=strong) and not ld_article:
        return "non_article_url", 0
    if meta.jsonld_types & LISTING_TYPES and not ld_article:
        return "listing_page", 0
    if strong:
        # A paywalled article shows a paragraph or two; that is still the article.
        return None, (15 if meta.paywalled else opts.min_words_strong)
    if discovery.url_article_score(url) > 0 or meta.date_candidates:
        return None, opts.min_words_weak
    return None, opts.min_words_none


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


@overload
def clean_chars(value: str) -> str: ...
@overload
def clean_chars(value: None) -> None: ...
def clean_chars(value: str | None) -> str | None:
    """NFC, without NUL, control characters and lone surrogates: what reaches SQLite and
    full-text search must compare and print the same everywhere."""
    if value is None:
        return None
    return _CONTROL.sub("", unicodedata.normalize("NFC", value))


def is_teaser_list(text: str, anchor_texts: set[str]) -> bool:
    """Whether extracted text is mostly linked headlines: a home, section or tag front.

    Menus are gone by now (trafilatura drops them); what remains linked in the main
    text of an article is a line or two, whereas a listing is built of them.
    """
    lines = [" ".join(ln.split()).lower() for ln in text.splitlines() if ln.strip()]
    if not lines:
        return False
    linked = sum(1 for ln in lines if ln in anchor_texts)
    return linked >= 4 and linked >= 0.2 * len(lines)


def _article_text(
    tree,
    url: str,
    opts: ExtractOptions,
    *,
    favor_precision: bool,
    title: str | None,
    pruned: bool = False,
) -> tuple[str, Counter[str]]:
    """Debris rules on the DOM, trafilatura, the main block's missing prose, then
    debris rules on the text. trafilatura copies the tree it is given, so the
    pruned tree can serve a second pass."""
    fired = Counter() if pruned else debris.prune_dom(tree, opts.disabled_rules)
    text = _trafilatura_text(tree, url, opts, favor_precision=favor_precision)
    if opts.complete_from_main_block:
        text, added = mainbody.complete(text, tree)
        if added:
            fired["completed_paragraphs"] += added
    text, text_fired = debris.clean_text(text, opts.disabled_rules, title)
    fired.update(text_fired)
    return text, fired


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
    reason, needed = verdict(meta, url, opts)
    if reason is not None:
        return Extraction(None, reason, encoding=encoding, encoding_source=source)
    # Before pruning: htmldate (the last resort) reads the page as it was.
    published, _declared = choose_published(meta, tree, url)

    title = choose_title(meta)
    text, fired = _article_text(tree, url, opts, favor_precision=opts.favor_precision, title=title)
    words = len(text.split())
    if words < needed and needed <= opts.min_words_strong and opts.favor_precision:
        # The page says it is an article but precision mode kept too little of it:
        # a second, recall-oriented pass beats losing the article.
        text, again = _article_text(
            tree, url, opts, favor_precision=False, title=title, pruned=True
        )
        fired.update(again)
        words = len(text.split())
        fired["recall_pass"] += 1
    if words < needed:
        # trafilatura kept (almost) nothing: the block holding most paragraph text is
        # the second opinion, with the same text rules applied.
        backup, backup_fired = debris.clean_text(
            mainbody.fallback_text(tree), opts.disabled_rules, title
        )
        if len(backup.split()) >= needed:
            text, words = backup, len(backup.split())
            fired.update(backup_fired)
            fired["main_block_fallback"] += 1
    # JSON-LD article types are believed; og:type=article alone is not, since some
    # themes put it on every page, section fronts included.
    ld_article = bool(meta.jsonld_types & ARTICLE_TYPES)
    og_only = not ld_article and meta.og_type == "article"
    if not ld_article and (
        (not og_only and is_teaser_list(text, meta.anchor_texts))
        or (
            mainbody.looks_like_listing(tree, min_units=8, min_share=0.7)
            if og_only
            else mainbody.looks_like_listing(tree)
        )
    ):
        return Extraction(
            None, "listing_page", stats=dict(fired), encoding=encoding, encoding_source=source
        )
    if words < needed:
        reason = "no_text" if words == 0 else "too_short"
        return Extraction(
            None, reason, stats=dict(fired), encoding=encoding, encoding_source=source
        )

    canonical = discovery.canonicalize_url(meta.canonical, url) if meta.canonical else None
    article = Article(
        text=clean_chars(text),
        title=clean_chars(title),
        author=clean_chars(choose_author(meta)),
        published=published,
        language=clean_chars(meta.language),
        sitename=clean_chars(meta.sitename),
        canonical_url=canonical or discovery.canonicalize_url(url) or url,
        url=url,
        extractor=opts.signature(),
    )
    return Extraction(
        article,
        "article",
        stats=dict(fired),
        encoding=encoding,
        encoding_source=source,
        declared=bool(meta.jsonld_types & ARTICLE_TYPES) or meta.og_type == "article",
        dated=published is not None or discovery.has_date_in_path(url),
        bylined=article.author is not None,
    )


def extract_article(
    html: str | bytes,
    url: str,
    options: ExtractOptions | None = None,
    *,
    http_charset: str | None = None,
) -> Article | None:
    """The article in a page, or None when the page is not an article."""
    return extract(html, url, options, http_charset=http_charset).article
