"""``extract_article()``: one pure function from HTML to an article, or None.

The crawl pipeline, ``reextract`` and ``verify`` all call this same function,
so that stored text can be reproduced from the archived bytes alone. Nothing
here imports Scrapy.
"""

from __future__ import annotations

import re
import signal
import threading
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import overload
from urllib.parse import urlsplit

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
    link_texts,
    parse_html,
    read_declared_meta,
    read_visible_meta,
)
from schemas.items import Article

# Bump when a change to this module (or its rules) can change stored text.
EXTRACTOR_VERSION = "23"


@dataclass(frozen=True)
class ExtractOptions:
    """Everything that can change the text; it is recorded on each article row."""

    # trafilatura's recall mode, with our debris rules doing the precision work: on the
    # dev set (bench/extraction.py, EXTRACTOR_VERSION 9) text F1 91.6 against 90.5 in
    # precision mode, 92.9% of must-keep snippets against 91.4%, for 2.6% of boilerplate
    # snippets against 1.9%.
    favor_precision: bool = False
    include_comments: bool = False
    include_tables: bool = True
    min_words_strong: int = 40  # page declares itself an article
    min_words_weak: int = 100  # its URL shape or a declared date says article
    min_words_none: int = 150  # no signal at all
    max_html_chars: int = 8_000_000
    # Work limits: hostile pages (deep or huge DOMs, giant text nodes) must not take
    # minutes and gigabytes. Past them a page is "parse_limit", counted, not stored.
    max_elements: int = 100_000
    max_depth: int = 250  # libxml2 silently drops what is nested deeper than 256
    time_budget: float = 30.0  # seconds of wall clock per document (0: none)
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


# Field limits: what a page declares about itself is bounded before it reaches SQLite.
MAX_TITLE = 1000
MAX_AUTHOR = 500
MAX_SITENAME = 300
MAX_LANGUAGE = 35

_COMPRESSED_MAGIC = (b"\x1f\x8b", b"BZh", b"\xfd7zXZ", b"\x28\xb5\x2f\xfd", b"PK\x03\x04")
_BINARY_MAGIC = (b"%PDF-", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF", b"\x00\x00\x00")
_SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b([^>]*)>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
# Interstitials that answer 200 but are not the page: soft 404s and ban/captcha walls.
_SOFT404 = re.compile(
    r"\b(page|article|story|content)\s+(was\s+)?not\s+found\b|"
    r"\berror\s+404\b|\b404\s+(error|not\s+found|page)\b|^\s*404\b|"
    r"\bdoes\s+not\s+exist\b|\bno\s+longer\s+available\b",
    re.IGNORECASE,
)
_BAN = re.compile(
    r"\baccess\s+denied\b|\bcaptcha\b|\bare\s+you\s+a\s+(robot|human)\b|"
    r"\bnot\s+a\s+robot\b|\bunusual\s+traffic\b|\brequest\s+blocked\b|"
    r"\battention\s+required\b|\bverify\s+you\s+are\s+human\b",
    re.IGNORECASE,
)


class ExtractionTimeout(BaseException):
    """The per-document time budget ran out.

    A BaseException, like KeyboardInterrupt: the timer signal raises it wherever the
    main thread is, and libraries there (htmldate wraps its search in ``except
    Exception``) must not swallow it and let the document run on.
    """


_REFIRE = 0.1


class _Budget:
    """A wall-clock budget for one document.

    In a process's main thread (extraction workers, the CLI) a timer signal
    interrupts trafilatura wherever it is; elsewhere (EXTRACT_WORKERS=0) the
    budget is checked between stages.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds if seconds > 0 else None
        self._armed = False
        self._old = None

    def __enter__(self) -> _Budget:
        if self.deadline is not None and threading.current_thread() is threading.main_thread():
            try:
                self._old = signal.signal(signal.SIGALRM, self._expired)
                # Then again every 0.1 s: a C callback (lxml's) can still lose one raise.
                signal.setitimer(signal.ITIMER_REAL, self.seconds, _REFIRE)
                self._armed = True
            except (ValueError, AttributeError, OSError):
                self._armed = False
        return self

    def __exit__(self, *exc: object) -> None:
        if not self._armed:
            return
        # The repeating timer can raise here too, before it is stopped: left armed, it
        # would raise ExtractionTimeout into whatever the process ran next.
        while True:
            try:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, self._old or signal.SIG_DFL)
                return
            except ExtractionTimeout:
                continue

    @staticmethod
    def _expired(signum: int, frame: object) -> None:
        raise ExtractionTimeout

    def check(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise ExtractionTimeout


def shrink_html(html: str, limit: int) -> tuple[str, bool]:
    """At most ``limit`` characters of a page, scripts and styles dropped first.

    A 30 MB page is mostly inline data (``__NEXT_DATA__``, state blobs); cutting
    those keeps the article that follows them. JSON-LD is kept, since that is
    where the page declares what it is.
    """
    if len(html) <= limit:
        return html, False

    def drop(m: re.Match[str]) -> str:
        if "ld+json" in m.group(2).lower() and len(m.group(0)) < 1_000_000:
            return m.group(0)
        return ""

    html = _SCRIPT_OR_STYLE.sub(drop, html)
    return html[:limit], True


_NODE_COUNT = etree.XPath("count(//* | //comment() | //processing-instruction())")


def tree_limit(tree, opts: ExtractOptions) -> str | None:
    """Why a parsed tree is too much work to extract (too many elements, too deep)."""
    # Counted in C: a Python loop over every node cost a millisecond per ordinary page.
    if _NODE_COUNT(tree) > opts.max_elements:
        return f"more than {opts.max_elements} elements"
    if tree.xpath(f"boolean(//*[count(ancestor::*) >= {opts.max_depth}])"):
        return f"nested {opts.max_depth} or more levels deep"
    return None


def interstitial(title: str | None, text: str, words: int) -> str | None:
    """``soft404`` or ``ban_page`` for a short page that says it is one, else None."""
    if words >= 150:
        return None
    head = " ".join(filter(None, [title or "", text[:300]]))
    if _BAN.search(head):
        return "ban_page"
    if _SOFT404.search(title or "") or (words < 60 and _SOFT404.search(text[:300])):
        return "soft404"
    return None


def js_required(tree, text: str) -> bool:
    """A page whose body is an empty app root and a script bundle: its text is not in it."""
    if len(text.split()) > 20:
        return False
    if not tree.xpath("//script[@src]"):
        return False
    body_text = " ".join(" ".join(tree.xpath("//body//text()[not(ancestor::script)]")).split())
    return len(body_text) < 200


def choose_canonical(declared: str | None, url: str) -> str:
    """The URL an article is keyed on: its declared canonical only when that is credible.

    A canonical on another site (syndication) or at the site's front page (a
    theme that puts the home URL everywhere) is not this article's address: the
    fetched URL stays the key, so such articles neither vanish into another
    site's key nor collapse into one row.
    """
    fetched = discovery.canonicalize_url(url) or url
    canon = discovery.canonicalize_url(declared, url) if declared else None
    if not canon:
        return fetched
    c_host, c_port = discovery.host_and_port(canon)
    u_host, u_port = discovery.host_and_port(fetched)
    same_site = c_host.removeprefix("www.") == u_host.removeprefix("www.") and c_port == u_port
    front_page = urlsplit(canon).path in ("", "/") and not urlsplit(canon).query
    if not same_site or (front_page and urlsplit(fetched).path not in ("", "/")):
        return fetched
    return canon


_UNSPACED = re.compile(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u0e00-\u0e7f]"
)


def count_words(text: str) -> int:
    """Words for the article-length thresholds, in scripts written without spaces too.

    ``str.split`` sees a Chinese paragraph as one word, so a long CJK article looked
    "too short". Two characters of Chinese, Japanese, Korean or Thai count as a word
    (about the average word length), space-separated tokens as one each.
    """
    unspaced = len(_UNSPACED.findall(text))
    if not unspaced:
        return len(text.split())
    spaced = len(_UNSPACED.sub(" ", text).split())
    return spaced + unspaced // 2


def _cap(value: str | None, limit: int) -> str | None:
    if value is None or len(value) <= limit:
        return value
    return value[:limit].rstrip() + "\u2026"


def _is_html(text: str) -> bool:
    """Markup starts with a tag; JSON, plain text and binaries do not."""
    return text[:4096].lstrip().startswith("<")


def declared_refusal(meta, url: str) -> str | None:
    """Why the page is not an article by what it declares and its URL alone, or None.

    A page that declares itself an article (JSON-LD, og:type) is believed unless its URL
    is a listing's. Front pages, archives, numbered pages and utility pages (about,
    privacy, login) are refused by URL. A named hub (/topics/<name>, /events/<place>) is
    judged by its content like a page with no signal: sites file guides and feed entries
    under those prefixes too (4 of the 711 dev pages), and a hub's teasers are found by
    structure. The rest is judged after extraction (``words_needed``, teaser tests).

    Needs only ``read_declared_meta``: a crawl fetches many listings, and refusing them
    here spares the visible reads, the debris rules and trafilatura.
    """
    ld_article = bool(meta.jsonld_types & ARTICLE_TYPES)
    strong = ld_article or meta.og_type == "article"
    og = meta.og_type or ""
    if not ld_article and (
        meta.jsonld_types & NON_ARTICLE_TYPES or og.startswith(("video", "music", "profile"))
    ):
        return "not_an_article_type"
    if discovery.is_listing_url(url, declared_article=strong) and not ld_article:
        return None if discovery.is_hub_url(url) else "non_article_url"
    if meta.jsonld_types & LISTING_TYPES and not ld_article:
        return "listing_page"
    return None


def words_needed(meta, url: str, opts: ExtractOptions) -> int:
    """How many words the text of a page that ``declared_refusal`` let through needs to
    be an article: fewer the more the page says it is one."""
    ld_article = bool(meta.jsonld_types & ARTICLE_TYPES)
    strong = ld_article or meta.og_type == "article"
    if not ld_article and discovery.is_listing_url(url, declared_article=strong):
        return opts.min_words_none  # a named hub, judged like a page with no signal
    if strong:
        # A paywalled article shows a paragraph or two; that is still the article.
        return 15 if meta.paywalled else opts.min_words_strong
    if discovery.url_article_score(url) > 0 or meta.date_candidates:
        return opts.min_words_weak
    return opts.min_words_none


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


def _teaser_run(tree, meta) -> bool:
    """A main block made of teasers, on a page that does not declare a JSON-LD article.

    JSON-LD article types are believed; og:type=article alone is not, since some themes
    put it on every page, section fronts included, but it asks for a longer run.
    """
    if meta.jsonld_types & ARTICLE_TYPES:
        return False
    if meta.og_type == "article":
        return mainbody.looks_like_listing(tree, min_units=8, min_share=0.7)
    return mainbody.looks_like_listing(tree)


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
    try:
        with _Budget(opts.time_budget) as budget:
            return _extract(html, url, opts, http_charset, budget)
    except ExtractionTimeout:
        return Extraction(None, "time_budget", stats={"time_budget": 1})
    except RecursionError:
        return Extraction(None, "parse_limit", stats={"parse_limit": 1})


def _extract(
    html: str | bytes,
    url: str,
    opts: ExtractOptions,
    http_charset: str | None,
    budget: _Budget,
) -> Extraction:
    encoding = source = None
    limits: Counter[str] = Counter()
    if isinstance(html, bytes):
        head = html[:8]
        if head.startswith(_COMPRESSED_MAGIC):
            # Compressed again under its Content-Encoding: never decompressed here.
            return Extraction(None, "not_html", stats={"compressed_body": 1})
        # A NUL or two is hostile text (stripped later); a run of them is a binary.
        if head.startswith(_BINARY_MAGIC) or html[:1024].count(b"\x00") > 8 and not _utf16(html):
            return Extraction(None, "not_html")
        decoded = decode_html(html, http_charset)
        html, encoding, source = decoded.text, decoded.encoding, decoded.source
    if not html.strip():
        return Extraction(None, "empty", encoding=encoding, encoding_source=source)
    if not _is_html(html):
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
    if reason is None and discovery.is_hub_url(url) and _teaser_run(tree, meta):
        # A tag or section front under a hub prefix: its teasers show before any
        # pruning, so neither the debris rules nor trafilatura need to run.
        reason = "listing_page"
    if reason is not None:
        return Extraction(None, reason, encoding=encoding, encoding_source=source)
    read_visible_meta(tree, url, meta)
    needed = words_needed(meta, url, opts)
    # Before pruning: htmldate (the last resort) reads the page as it was.
    published, _declared = choose_published(meta, tree, url)

    # Only a page that declares no article is checked for teaser headlines (below), so
    # only its links are read, and before pruning.
    declared = bool(meta.jsonld_types & ARTICLE_TYPES) or meta.og_type == "article"
    anchors = set() if declared else link_texts(tree)
    title = choose_title(meta)
    text, fired = _article_text(tree, url, opts, favor_precision=opts.favor_precision, title=title)
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
            tree, url, opts, favor_precision=False, title=title, pruned=True
        )
        fired.update(again)
        words = count_words(text)
        fired["recall_pass"] += 1
    if words < needed:
        # trafilatura kept (almost) nothing: the block holding most paragraph text is
        # the second opinion, with the same text rules applied.
        backup, backup_fired = debris.clean_text(
            mainbody.fallback_text(tree), opts.disabled_rules, title
        )
        if count_words(backup) >= needed:
            text, words = backup, count_words(backup)
            fired.update(backup_fired)
            fired["main_block_fallback"] += 1
    if (not declared and is_teaser_list(text, anchors)) or _teaser_run(tree, meta):
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
        text=clean_chars(text),
        title=_cap(clean_chars(title), MAX_TITLE),
        author=_cap(clean_chars(choose_author(meta)), MAX_AUTHOR),
        published=published,
        language=_cap(clean_chars(meta.language), MAX_LANGUAGE),
        sitename=_cap(clean_chars(meta.sitename), MAX_SITENAME),
        canonical_url=choose_canonical(meta.canonical, url),
        url=url,
        extractor=opts.signature(),
    )
    return Extraction(
        article,
        "article",
        stats=dict(fired),
        encoding=encoding,
        encoding_source=source,
        declared=declared,
        dated=published is not None or discovery.has_date_in_path(url),
        bylined=article.author is not None,
    )


def _utf16(body: bytes) -> bool:
    return body[:2] in (b"\xff\xfe", b"\xfe\xff")


def extract_article(
    html: str | bytes,
    url: str,
    options: ExtractOptions | None = None,
    *,
    http_charset: str | None = None,
) -> Article | None:
    """The article in a page, or None when the page is not an article."""
    return extract(html, url, options, http_charset=http_charset).article
