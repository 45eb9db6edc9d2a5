"""Article metadata from the page's own declarations: JSON-LD, meta tags, bylines. Pure.

trafilatura's metadata was measured here to prefer ``<title>`` with its
" | Site" suffix, a CMS account in ``<meta name=author>`` over the visible
byline, and to turn impossible dates such as 2024-02-30 into invented ones.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from lxml import html as lxml_html

ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "askpublicnewsarticle",
    "blogposting",
    "socialmediaposting",
    "liveblogposting",
    "scholarlyarticle",
    "techarticle",
    "report",
    "satiricalarticle",
}
LISTING_TYPES = {
    "collectionpage",
    "searchresultspage",
    "profilepage",
    "aboutpage",
    "contactpage",
    "itemlist",
}


@dataclass
class PageMeta:
    """What a page says about itself, before any text extraction."""

    jsonld_types: set[str] = field(default_factory=set)
    headline: str | None = None
    og_title: str | None = None
    og_type: str | None = None
    h1: str | None = None
    html_title: str | None = None
    authors: list[str] = field(default_factory=list)
    byline: list[str] = field(default_factory=list)
    meta_author: str | None = None
    date_candidates: list[tuple[str, str]] = field(default_factory=list)  # (source, raw)
    language: str | None = None
    sitename: str | None = None
    canonical: str | None = None
    amphtml: str | None = None
    is_amp: bool = False
    anchor_texts: set[str] = field(default_factory=set)  # what links say: teaser headlines


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split())


def _jsonld_objects(tree) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            try:
                data = json.loads(re.sub(r"[\x00-\x1f]", " ", raw))
            except ValueError:
                continue
        stack = [data]
        while stack:
            obj = stack.pop()
            if isinstance(obj, list):
                stack.extend(obj)
            elif isinstance(obj, dict):
                out.append(obj)
                if "@graph" in obj:
                    stack.append(obj["@graph"])
                main = obj.get("mainEntity")
                if isinstance(main, dict | list):
                    stack.append(main)
    return out


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        return {t.lower()}
    if isinstance(t, list):
        return {x.lower() for x in t if isinstance(x, str)}
    return set()


def _names(value: Any) -> list[str]:
    names: list[str] = []
    if isinstance(value, str):
        names.append(value)
    elif isinstance(value, dict):
        n = value.get("name")
        if isinstance(n, str):
            names.append(n)
        elif isinstance(n, list):
            names.extend(x for x in n if isinstance(x, str))
    elif isinstance(value, list):
        for v in value:
            names.extend(_names(v))
    return [" ".join(html_lib.unescape(n).split()) for n in names if n and n.strip()]


_BY = re.compile(r"^\s*(by|von|par|por|di|door|av|af)\s+", re.IGNORECASE)
_SPLIT_AUTHORS = re.compile(r"\s*(?:,|;|\band\b|\bund\b|\bet\b|\by\b|&)\s*", re.IGNORECASE)


def clean_author(value: str) -> list[str]:
    value = _BY.sub("", " ".join(value.split()))
    value = re.sub(r"\s*\|.*$", "", value)
    parts = [p.strip(" .,") for p in _SPLIT_AUTHORS.split(value)]
    return [p for p in parts if p and len(p) <= 80 and not p.startswith("http") and "@" not in p]


_BYLINE_XPATH = (
    '//*[@rel="author" or @itemprop="author" or contains(concat(" ", normalize-space(@class), " "),'
    ' " byline ") or contains(concat(" ", normalize-space(@class), " "), " author ")'
    ' or contains(@class, "byline__name") or contains(@class, "author-name")'
    ' or contains(@class, "author__name") or @data-testid="byline"]'
)


def read_page_meta(tree, url: str) -> PageMeta:
    """Collect declarations from an lxml HTML tree without changing it."""
    m = PageMeta()
    for obj in _jsonld_objects(tree):
        types = _types(obj)
        m.jsonld_types |= types
        if types & ARTICLE_TYPES:
            if not m.headline:
                h = obj.get("headline") or obj.get("name")
                if isinstance(h, str) and h.strip():
                    m.headline = " ".join(html_lib.unescape(h).split())
            if not m.authors:
                m.authors = [a for n in _names(obj.get("author")) for a in clean_author(n)]
            for key in ("datePublished", "dateCreated", "uploadDate"):
                v = obj.get(key)
                if isinstance(v, str) and v.strip():
                    m.date_candidates.append(("jsonld", v.strip()))
                    break
            lang = obj.get("inLanguage")
            if isinstance(lang, str) and not m.language:
                m.language = lang
            pub = obj.get("publisher")
            if not m.sitename and pub:
                names = _names(pub)
                if names:
                    m.sitename = names[0]
        elif "website" in types and not m.sitename:
            n = obj.get("name")
            if isinstance(n, str) and n.strip():
                m.sitename = n.strip()

    metas: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = el.get("content")
        if key and content is not None and key not in metas:
            metas[key] = " ".join(content.split())
    m.og_title = metas.get("og:title") or metas.get("twitter:title")
    m.og_type = (metas.get("og:type") or "").lower() or None
    m.meta_author = (
        metas.get("author") or metas.get("article:author") or metas.get("parsely-author")
    )
    for key in (
        "article:published_time",
        "og:published_time",
        "publish-date",
        "pubdate",
        "date",
        "dc.date.issued",
        "dc.date",
        "sailthru.date",
        "parsely-pub-date",
    ):
        if metas.get(key):
            m.date_candidates.append(("meta", metas[key]))
            break
    if not m.sitename:
        m.sitename = metas.get("og:site_name") or metas.get("application-name")
    if not m.language:
        lang = tree.get("lang") or tree.get("xml:lang")
        if not lang:
            langs = tree.xpath("/html/@lang")
            lang = langs[0] if langs else None
        m.language = lang or metas.get("og:locale") or metas.get("content-language")
    if m.language:
        m.language = m.language.replace("_", "-").split("-")[0].lower()[:3] or None

    for t in tree.xpath("//time[@datetime]"):
        in_article = t.xpath("ancestor::article or ancestor::header or ancestor::main")
        cls = (t.get("class") or "") + " " + (t.get("itemprop") or "")
        if in_article or "publish" in cls or "date" in cls:
            m.date_candidates.append(("time", t.get("datetime").strip()))
            break

    h1s = tree.xpath("//h1")
    for h in h1s:
        txt = _text(h)
        if txt:
            m.h1 = txt
            break
    titles = tree.xpath("//title")
    if titles:
        m.html_title = _text(titles[0]) or None

    for el in tree.xpath(_BYLINE_XPATH)[:6]:
        if el.tag in ("meta", "link"):
            continue
        txt = _text(el)
        if txt and len(txt) <= 120:
            names = clean_author(txt)
            if names:
                m.byline = names
                break

    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        href = link.get("href")
        if not href:
            continue
        if "canonical" in rel and not m.canonical:
            m.canonical = urljoin(url, href.strip())
        elif "amphtml" in rel and not m.amphtml:
            m.amphtml = urljoin(url, href.strip())
    if not m.canonical and metas.get("og:url"):
        m.canonical = urljoin(url, metas["og:url"])
    root_attrs = tree.attrib if tree.tag == "html" else {}
    m.is_amp = "amp" in root_attrs or "\u26a1" in root_attrs
    for a in tree.iter("a"):
        if a.get("href"):
            text = " ".join("".join(a.itertext()).split()).lower()
            if len(text) >= 12 and " " in text:
                m.anchor_texts.add(text)
    return m


_SEPARATORS = re.compile(r"\s+[|\u2013\u2014\-:\u00b7\u2022\u00bb/]\s+")


def clean_title(title: str | None, sitename: str | None) -> str | None:
    """Drop a " | Site name" style suffix or prefix from a ``<title>``."""
    if not title:
        return None
    parts = _SEPARATORS.split(title)
    if len(parts) == 1:
        return title
    if sitename:
        low = sitename.lower()
        kept = [p for p in parts if p.strip().lower() != low]
        if kept and len(kept) < len(parts):
            return " - ".join(kept).strip()
    longest = max(parts, key=len)
    return longest.strip() if len(longest) >= 0.5 * len(title) else title


def choose_title(m: PageMeta) -> str | None:
    if m.headline:
        return m.headline
    cleaned = clean_title(m.html_title, m.sitename)
    for cand in (m.og_title, m.h1):
        if cand:
            return clean_title(cand, m.sitename)
    return cleaned


def choose_author(m: PageMeta) -> str | None:
    for names in (m.authors, m.byline):
        if names:
            return "; ".join(dict.fromkeys(names))
    if m.meta_author:
        names = clean_author(m.meta_author)
        if names:
            return "; ".join(dict.fromkeys(names))
    return None


_ISO = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*"
    r"(Z|[+-]\d{2}:?\d{2})?)?"
)


def parse_date(raw: str | None) -> str | None:
    """An ISO 8601 date or datetime for a declared date, or None if it is impossible.

    Never repairs: 2024-02-30 is not a date, so it gives None rather than a
    nearby day.
    """
    if not raw:
        return None
    raw = raw.strip()
    m = _ISO.match(raw)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        try:
            day = dt.date(y, mo, d)
        except ValueError:
            return None
        if m.group(4) is None:
            return day.isoformat()
        try:
            t = dt.time(int(m.group(4)), int(m.group(5)), int(m.group(6) or 0))
        except ValueError:
            return None
        stamp = dt.datetime.combine(day, t)
        tz = m.group(7)
        if tz:
            if tz == "Z":
                return stamp.isoformat() + "Z"
            tz = tz if ":" in tz else tz[:3] + ":" + tz[3:]
            return stamp.isoformat() + tz
        return stamp.isoformat()
    from email.utils import parsedate_to_datetime

    try:
        parsed = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.isoformat() if parsed else None


def choose_published(m: PageMeta) -> tuple[str | None, bool]:
    """(date, declared): ``declared`` is True when the page declared any date at all."""
    for _source, raw in m.date_candidates:
        value = parse_date(raw)
        if value:
            return value, True
    return None, bool(m.date_candidates)


def parse_html(html: str):
    """Parse once; every later step reads this tree."""
    return lxml_html.document_fromstring(html)
