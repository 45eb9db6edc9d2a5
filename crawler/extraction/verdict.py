"""The article decision: whether a page is an article, by what it declares, its URL,
its text and its structure. Pure."""

from __future__ import annotations

import re

from lxml import etree

from crawler import urls
from crawler.extraction import mainbody
from crawler.extraction.options import ExtractOptions
from crawler.extraction.page import (
    ARTICLE_TYPES,
    EMBEDDED_TYPES,
    LISTING_TYPES,
    NEWS_TYPES,
    NON_ARTICLE_OG,
    PAGE_KIND_TYPES,
)

# The schema.org types of documentation, which extend Article.
_DOC_ARTICLE_TYPES = {"techarticle", "apireference"}

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


# A cookie or consent wall (a CMP's interstitial in place of the page): the phrases of
# the IAB framework's notices and of consent buttons. A page is one when most of its
# sentences are made of these, whatever it declares; an article about cookie rules
# quotes a few of them among sentences of its own.
_CONSENT = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\bcookies?\b",
        r"\bconsent",
        r"\b(our|\d+|trusted|advertising)\s+(partners|vendors)\b",
        r"\bpersonali[sz]ed\s+(ads|advertising|content)",
        r"\blegitimate\s+interests?\b",
        r"\bstore\s+and/or\s+access\s+information\b",
        r"\b(accept|reject|refuse|decline|allow)\s+(all|cookies|tracking)\b",
        r"\bmanage\s+(options|preferences|settings|cookies|choices|consent)\b",
        r"\bprivacy\s+(policy|notice|settings|preferences|centre|center|dashboard|choices)\b",
        r"\byour\s+(privacy|data|choices)\b",
        r"\b(precise\s+)?geolocation\s+data\b",
        r"\b(ad|advertising)\s+and\s+content\s+measurement\b",
        r"\baudience\s+(research|insights)\b",
        r"\bbefore\s+you\s+continue\b",
        r"\bi\s+(agree|accept)\b",
        r"\bdevice\s+(characteristics|identifiers)\b",
    )
)
# Cheap first test (plain substrings; the phrases above cost 0.5 ms on a 370-word text).
_CONSENT_WORDS = ("cookie", "consent", "privacy", "partners", "vendors", "legitimate interest")
_SENTENCES = re.compile(r"(?<=[.!?:])\s+|\n+")


def consent_wall(title: str | None, text: str, words: int) -> bool:
    """A page whose text is a cookie or consent notice: at least four of its phrases, and
    most of its sentences holding one."""
    if words > 900 or not text:
        return False
    head = f"{title or ''}\n{text}"
    folded = head.lower()
    if not any(word in folded for word in _CONSENT_WORDS):
        return False  # every notice names cookies, consent, privacy or its partners
    kinds = sum(1 for rx in _CONSENT if rx.search(head))
    if kinds < 4:
        return False
    sentences = [s for s in _SENTENCES.split(text) if s.strip()]
    held = sum(1 for s in sentences if any(rx.search(s) for rx in _CONSENT))
    return held >= 0.5 * len(sentences)


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
    manual = meta.jsonld_types & _DOC_ARTICLE_TYPES and og != "article"
    if manual and not meta.jsonld_types & (ARTICLE_TYPES - _DOC_ARTICLE_TYPES):
        # A manual's page (Docker's and HashiCorp's docs declare TechArticle) that
        # declares no story beside it, nor og:type=article.
        return "documentation_page"
    if not ld_article and (
        meta.jsonld_types & PAGE_KIND_TYPES
        or (meta.jsonld_types & EMBEDDED_TYPES and not _dated_article(meta, url))
        or og.startswith(NON_ARTICLE_OG)
    ):
        return "not_an_article_type"
    section = urls.reference_section(url)
    if section is not None and not meta.jsonld_types & NEWS_TYPES:
        return f"{section}_page"  # a thread or a manual page, whatever its og:type says
    if urls.is_listing_url(url, declared_article=strong) and not ld_article:
        return None if urls.is_hub_url(url) else "non_article_url"
    if meta.jsonld_types & LISTING_TYPES and not ld_article:
        return "listing_page"
    return None


def _dated_article(meta, url: str) -> bool:
    """``og:type=article`` with a declared publication date (or a dated URL): an article
    whatever else its JSON-LD lists. News plugins describe what a story embeds or is about
    (a VideoObject, an Event, the Product a review reviews) without declaring the story
    itself; a product or event page neither says article nor carries a publication date."""
    return meta.og_type == "article" and bool(meta.date_candidates or urls.has_date_in_path(url))


def words_needed(meta, url: str, opts: ExtractOptions) -> int:
    """How many words the text of a page that ``declared_refusal`` let through needs to
    be an article: fewer the more the page says it is one."""
    ld_article = bool(meta.jsonld_types & ARTICLE_TYPES)
    strong = ld_article or meta.og_type == "article"
    if not ld_article and urls.is_listing_url(url, declared_article=strong):
        return opts.min_words_none  # a named hub, judged like a page with no signal
    if strong:
        # A paywalled article shows a paragraph or two; that is still the article.
        return 15 if meta.paywalled else opts.min_words_strong
    declared_date = any(source in _DECLARED_DATES for source, _ in meta.date_candidates)
    if urls.has_day_in_path(url) or (declared_date and urls.has_date_in_path(url)):
        # A post's dated permalink, or a month-dated address of a page whose markup
        # declares its date: a short blog post or brief. An event filed by month shows
        # when it takes place, and declares no date.
        return opts.min_words_strong
    if urls.url_article_score(url) > 0 or meta.date_candidates:
        return opts.min_words_weak
    return opts.min_words_none


_PROSE_BEFORE_LINKS = 100
# Dates the markup declares (JSON-LD, meta tags, <time datetime>), not a date shown in text.
_DECLARED_DATES = ("jsonld", "meta", "time")


def is_teaser_list(text: str, anchor_texts: set[str]) -> bool:
    """Whether extracted text is mostly linked headlines: a home, section or tag front.

    Menus are gone by now (trafilatura drops them); what remains linked in the main
    text of an article is a line or two, whereas a listing is built of them. Lines are
    counted once each: a line the page repeats by design (a heading in every section)
    must not weigh twice.
    """
    lines = list(dict.fromkeys(" ".join(ln.split()).lower() for ln in text.splitlines()))
    lines = [ln for ln in lines if ln]
    if not lines:
        return False
    flags = [ln in anchor_texts for ln in lines]
    linked = sum(flags)
    if not (linked >= 4 and linked >= 0.2 * len(lines)):
        return False
    # Links listed after the story ("More on the award: ...", a podcast's earlier
    # episodes) follow a body of prose; a front's teasers start at its top.
    before = sum(len(ln.split()) for ln in lines[: flags.index(True)])
    return before < _PROSE_BEFORE_LINKS


def teaser_run(tree, meta) -> bool:
    """A main block made of teasers, on a page that does not declare a JSON-LD article.

    JSON-LD article types are believed; og:type=article alone is not, since some themes
    put it on every page, section fronts included, but it asks for a longer run.
    """
    if meta.jsonld_types & ARTICLE_TYPES:
        return False
    if meta.og_type == "article":
        return mainbody.looks_like_listing(tree, min_units=8, min_share=0.7)
    return mainbody.looks_like_listing(tree)


# -- what a page is built as -------------------------------------------------------------
# Pages that say nothing of being an article (no JSON-LD article, no og:type=article) are
# also judged by what they are built of: a documentation page by its code, a shop's page
# by its prices and cart, a forum thread by its posts' timestamps and vocabulary. Measured
# on 2,348 development pages of three sets (bench/extraction.py), each rule below refused
# at most 2 of the 1,641 articles stored there while refusing 20 to 50 non-article pages.

_CODE = etree.XPath("count(//pre | //code)")
# Timestamps outside a comment section: readers' comments under a story are timestamped too.
_POST_TIMES = etree.XPath(
    "count(//time[not(ancestor::*[contains(@class, 'comment') or contains(@id, 'comment')"
    " or contains(@id, 'respond') or contains(@class, 'respond')])])"
)
_COMMERCE_ATTRS = etree.XPath(
    "count(//*[contains(@class, 'price') or contains(@id, 'price')"
    " or contains(@class, 'add-to-cart') or contains(@class, 'addtocart')"
    " or contains(@class, 'add_to_cart') or contains(@id, 'add-to-cart')])"
)
_COMMERCE_WORDS = re.compile(
    r"add[ -]to[ -](?:cart|bag|basket|wishlist)|buy now|in stock|out of stock|checkout", re.I
)
_PRICE = re.compile(r"[$\u20ac\u00a3\u00a5]\s?\d[\d,.]*|\d[\d,.]*\s?(?:\u20ac|USD|EUR|GBP)\b")
_FORUM_WORDS = re.compile(
    r"\b(?:reply|replies|quote|joined|posts:|thread|member since|reputation|upvote|answered"
    r"|asked)\b",
    re.I,
)
_BODY_STRING = etree.XPath("string(//body)", smart_strings=False)


def _shows_a_date(meta, url: str) -> bool:
    """A date the page declares or shows (JSON-LD, meta, ``<time>``, a date line), or a
    dated URL: what a post says of when it was written."""
    return bool(meta.date_candidates) or urls.has_date_in_path(url)


def _commerce(tree, text: str) -> int:
    """Cart buttons and price blocks, by their markup and their words."""
    return int(_COMMERCE_ATTRS(tree)) + len(_COMMERCE_WORDS.findall(text))


def built_as(tree, meta, url: str, signed: bool) -> str | None:
    """``documentation_page``, ``product_page``, ``forum_page``, ``service_page`` or
    ``listing_page`` for a page built or filed as one of those; None otherwise. Only a
    product's address with a cart overrides a declared article. ``signed``: the page names
    its author (a byline, a JSON-LD person, ``<meta name=author>``)."""
    # A product's address with a cart: the release date and the brand or book author
    # ("by James Clear") it shows are the product's, and shops declare og:article too.
    if (
        urls.is_product_path(url)
        and not meta.jsonld_types & NEWS_TYPES
        and _commerce(tree, _BODY_STRING(tree)) >= 10
    ):
        return "product_page"
    if bool(meta.jsonld_types & ARTICLE_TYPES) or meta.og_type == "article":
        return None
    undated = not _shows_a_date(meta, url)
    if not signed and undated and _CODE(tree) >= 20:
        # More code than a news story has, and no date: a blog post with code says when.
        return "documentation_page"
    text: str | None = None
    section = urls.offer_section(url) if not signed and undated else None
    if section == "service":
        return "service_page"  # filed under what the site provides, by no one, on no day
    if section == "shop":
        # A shop's category shows prices; a shop's own story under /c/ does not.
        text = _BODY_STRING(tree)
        if len(_PRICE.findall(text)) >= 2:
            return "listing_page"
    if not signed:
        text = text if text is not None else _BODY_STRING(tree)
        if _commerce(tree, text) >= 10 and len(_PRICE.findall(text)) >= 3:
            return "product_page"
    if _POST_TIMES(tree) >= 5:
        text = text if text is not None else _BODY_STRING(tree)
        if len(_FORUM_WORDS.findall(text)) >= 5:
            return "forum_page"  # posts, each timestamped, with replies and quotes
    return None
