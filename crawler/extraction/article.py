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
from typing import Any, overload
from urllib.parse import urlsplit

import trafilatura
from lxml import etree

from crawler import urls
from crawler.extraction import mainbody
from crawler.extraction.bylines import choose_author
from crawler.extraction.dates import choose_published, parse_date
from crawler.extraction.debris.dom import prune_dom
from crawler.extraction.debris.text import clean_text
from crawler.extraction.declarations import link_texts, read_declared_meta, read_visible_meta
from crawler.extraction.encoding import decode_html
from crawler.extraction.html import parse_html
from crawler.extraction.limits import Budget, ExtractionTimeout, shrink_html, tree_limit
from crawler.extraction.options import DEFAULT_OPTIONS, ExtractOptions
from crawler.extraction.page import ARTICLE_TYPES
from crawler.extraction.standfirst import find_standfirst, without_standfirst
from crawler.extraction.template import Observation, TemplateRules, drop_lines
from crawler.extraction.template import observe as observe_blocks
from crawler.extraction.template import prune as prune_template
from crawler.extraction.titles import choose_title
from crawler.extraction.verdict import (
    built_as,
    consent_wall,
    count_words,
    declared_refusal,
    interstitial,
    is_teaser_list,
    js_required,
    teaser_run,
    words_needed,
)
from crawler.mediatypes import is_binary, looks_like_markup
from schemas.items import Article


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
    # The blocks the article's text came from (and those a site profile removed), for the
    # crawl to learn its site's template from (``template.observe``); asked for only.
    observations: tuple[Observation, ...] = ()
    # What the worker made of the article for clustering copies (``crawler.stories``).
    evidence: Any = None
    # The ids of the followed topics the article matches, when the worker was given them.
    topic_ids: tuple[int, ...] | None = None


# Field limits: what a page declares about itself is bounded before it reaches SQLite.
MAX_TITLE = 1000
MAX_AUTHOR = 500
MAX_SITENAME = 300
MAX_LANGUAGE = 35
MAX_DESCRIPTION = 2000

_COMPRESSED_MAGIC = (b"\x1f\x8b", b"BZh", b"\xfd7zXZ", b"\x28\xb5\x2f\xfd", b"PK\x03\x04")


def choose_canonical(declared: str | None, url: str) -> str:
    """The URL an article is keyed on: its declared canonical only when that is credible.

    A canonical on another site (syndication) or at the site's front page (a
    theme that puts the home URL everywhere) is not this article's address: the
    fetched URL stays the key, so such articles neither vanish into another
    site's key nor collapse into one row.
    """
    fetched = urls.canonicalize_url(url) or url
    canon = urls.canonicalize_url(declared, url) if declared else None
    if not canon:
        return fetched
    c_host, c_port = urls.host_and_port(canon)
    u_host, u_port = urls.host_and_port(fetched)
    same_site = c_host.removeprefix("www.") == u_host.removeprefix("www.") and c_port == u_port
    front_page = urlsplit(canon).path in ("", "/") and not urlsplit(canon).query
    if not same_site or (front_page and urlsplit(fetched).path not in ("", "/")):
        return fetched
    return canon


def _cap(value: str | None, limit: int) -> str | None:
    if value is None or len(value) <= limit:
        return value
    return value[:limit].rstrip() + "\u2026"


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


def _article_text(
    tree,
    url: str,
    opts: ExtractOptions,
    *,
    favor_precision: bool,
    title: str | None,
    pruned: bool = False,
    template: TemplateRules | None = None,
    removed: list[Observation] | None = None,
) -> tuple[str, Counter[str]]:
    """Debris rules on the DOM, the site's template (its blocks go into ``removed``),
    trafilatura, the main block's missing prose, then debris rules on the text.
    trafilatura copies the tree it is given, so the pruned tree can serve a second pass."""
    fired = Counter()
    if not pruned:
        fired = prune_dom(tree, opts.disabled_rules)
        if template:
            # After the debris rules: what they remove is not looked at twice.
            gone = prune_template(tree, template)
            fired["template_blocks"] += len(gone)
            if removed is not None:
                removed.extend(gone)
    text = _trafilatura_text(tree, url, opts, favor_precision=favor_precision)
    if opts.complete_from_main_block:
        text, added = mainbody.complete(text, tree)
        if added:
            fired["completed_paragraphs"] += added
    text, text_fired = clean_text(text, opts.disabled_rules, title)
    fired.update(text_fired)
    return _without_template_lines(text, template, fired), fired


def _without_template_lines(text: str, template: TemplateRules | None, fired: Counter) -> str:
    if not template:
        return text
    text, dropped = drop_lines(text, template)
    if dropped:
        fired["template_blocks"] += dropped
    return text


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
    template: TemplateRules | None = None,
    observe: bool = False,
) -> Extraction:
    """Extract an article and say why when there is none.

    ``template``: the site profile's rules (``crawler.extraction.template``), whose
    blocks are removed once the page's metadata is read, with the DOM debris rules and
    before trafilatura; the article then names its record. ``observe``: also return the
    blocks the text came from, for learning a profile."""
    opts = options or DEFAULT_OPTIONS
    try:
        with Budget(opts.time_budget) as budget:
            return _extract(html, url, opts, http_charset, budget, template, observe)
    except ExtractionTimeout:
        return Extraction(None, "time_budget", stats={"time_budget": 1})
    except RecursionError:
        return Extraction(None, "parse_limit", stats={"parse_limit": 1})


def _extract(
    html: str | bytes,
    url: str,
    opts: ExtractOptions,
    http_charset: str | None,
    budget: Budget,
    template: TemplateRules | None = None,
    observe: bool = False,
) -> Extraction:
    encoding = source = None
    limits: Counter[str] = Counter()
    if isinstance(html, bytes):
        head = html[:8]
        if head.startswith(_COMPRESSED_MAGIC):
            # Compressed again under its Content-Encoding: never decompressed here.
            return Extraction(None, "not_html", stats={"compressed_body": 1})
        # A NUL or two is hostile text (stripped later); a run of them is a binary.
        if is_binary(html) or html[:1024].count(b"\x00") > 8 and not _utf16(html):
            return Extraction(None, "not_html")
        decoded = decode_html(html, http_charset)
        html, encoding, source = decoded.text, decoded.encoding, decoded.source
    if not html.strip():
        return Extraction(None, "empty", encoding=encoding, encoding_source=source)
    if not looks_like_markup(html):
        return Extraction(None, "not_html", encoding=encoding, encoding_source=source)
    html, truncated = shrink_html(html, opts.max_html_chars)
    if truncated:
        limits["truncated_input"] += 1
    try:
        tree = parse_html(html)
    except (etree.ParserError, ValueError):
        return Extraction(None, "unparseable", encoding=encoding, encoding_source=source)
    if tree_limit(tree, opts):
        limits["parse_limit"] += 1
        return Extraction(
            None, "parse_limit", stats=dict(limits), encoding=encoding, encoding_source=source
        )
    budget.check()
    meta = read_declared_meta(tree)
    reason = declared_refusal(meta, url)
    if reason is None and urls.is_hub_url(url) and teaser_run(tree, meta):
        # A tag or section front under a hub prefix: its teasers show before any
        # pruning, so neither the debris rules nor trafilatura need to run.
        reason = "listing_page"
    if reason is not None:
        return Extraction(None, reason, encoding=encoding, encoding_source=source)
    read_visible_meta(tree, url, meta)
    author = choose_author(meta)
    reason = built_as(tree, meta, url, signed=author is not None)
    if reason is not None:
        return Extraction(None, reason, encoding=encoding, encoding_source=source)
    needed = words_needed(meta, url, opts)
    # Before pruning: htmldate (the last resort) reads the page as it was.
    published, _declared = choose_published(meta, tree, url)
    # The standfirst has a field of its own (found before pruning, beside the headline).
    description = find_standfirst(tree, meta.h1)

    # Only a page that declares no article is checked for teaser headlines (below), so
    # only its links are read, and before pruning.
    declared = bool(meta.jsonld_types & ARTICLE_TYPES) or meta.og_type == "article"
    anchors = set() if declared else link_texts(tree, url)
    title = choose_title(meta)
    # The site's template goes once the metadata is read (a byline or a dateline the
    # site prints the same way on every page is its template too, and still the author),
    # with the debris rules and before trafilatura (``_article_text``).
    removed: list[Observation] = []
    text, fired = _article_text(
        tree,
        url,
        opts,
        favor_precision=opts.favor_precision,
        title=title,
        template=template,
        removed=removed,
    )
    fired.update(limits)
    budget.check()
    words = count_words(text)
    wall = interstitial(title, text or mainbody.fallback_text(tree), words)
    if wall is not None and not meta.jsonld_types & ARTICLE_TYPES:
        return Extraction(None, wall, stats=dict(fired), encoding=encoding, encoding_source=source)
    if words < needed and needed <= opts.min_words_strong and opts.favor_precision:
        # The page says it is an article but precision mode kept too little of it:
        # a second, recall-oriented pass beats losing the article.
        text, again = _article_text(
            tree, url, opts, favor_precision=False, title=title, pruned=True, template=template
        )
        fired.update(again)
        words = count_words(text)
        fired["recall_pass"] += 1
    if words < needed:
        # trafilatura kept (almost) nothing: the block holding most paragraph text is
        # the second opinion, with the same text rules applied.
        backup, backup_fired = clean_text(mainbody.fallback_text(tree), opts.disabled_rules, title)
        backup = _without_template_lines(backup, template, backup_fired)
        if count_words(backup) >= needed:
            text, words = backup, count_words(backup)
            fired.update(backup_fired)
            fired["main_block_fallback"] += 1
    if consent_wall(title, text, words):
        # in place of the page, whatever its head still declares
        return Extraction(
            None, "consent_wall", stats=dict(fired), encoding=encoding, encoding_source=source
        )
    if (not declared and is_teaser_list(text, anchors)) or teaser_run(tree, meta):
        return Extraction(
            None, "listing_page", stats=dict(fired), encoding=encoding, encoding_source=source
        )
    if words < needed:
        reason = "no_text" if words == 0 else "too_short"
        if js_required(tree, text):
            reason = "js_required"
        return Extraction(
            None, reason, stats=dict(fired), encoding=encoding, encoding_source=source
        )

    article = Article(
        # The article decision above counted the standfirst's words: they are the story's.
        text=clean_chars(without_standfirst(text, description)),
        title=_cap(clean_chars(title), MAX_TITLE),
        author=_cap(clean_chars(author), MAX_AUTHOR),
        published=published,
        language=_cap(clean_chars(meta.language), MAX_LANGUAGE),
        sitename=_cap(clean_chars(meta.sitename), MAX_SITENAME),
        canonical_url=choose_canonical(meta.canonical, url),
        url=url,
        extractor=opts.signature(),
        description=_cap(clean_chars(description), MAX_DESCRIPTION),
        modified=parse_date(meta.modified),
        template_profile=template.record_id if template else None,
    )
    return Extraction(
        article,
        "article",
        stats=dict(fired),
        encoding=encoding,
        encoding_source=source,
        declared=declared,
        dated=published is not None or urls.has_date_in_path(url),
        bylined=article.author is not None,
        observations=observe_blocks(tree, article.text, removed) if observe else (),
    )


def _utf16(body: bytes) -> bool:
    return body[:2] in (b"\xff\xfe", b"\xfe\xff")


def extract_article(
    html: str | bytes,
    url: str,
    options: ExtractOptions | None = None,
    *,
    http_charset: str | None = None,
    template: TemplateRules | None = None,
) -> Article | None:
    """The article in a page, or None when the page is not an article; ``template``: its
    site's profile rules, as ``extract`` takes them."""
    return extract(html, url, options, http_charset=http_charset, template=template).article
