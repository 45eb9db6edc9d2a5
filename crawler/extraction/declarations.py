"""Reading a page's declarations (JSON-LD, ``<meta>``, ``<link>``) and what it shows. Pure.

trafilatura's metadata was measured here to prefer ``<title>`` with its
" | Site" suffix, a CMS account in ``<meta name=author>`` over the visible
byline, and to turn impossible dates such as 2024-02-30 into invented ones.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from typing import Any
from urllib.parse import urldefrag, urljoin

from lxml import etree

from crawler.extraction.bylines import clean_byline, find_byline, pictured_name
from crawler.extraction.dates import (
    UPDATED_CLASS,
    date_under_headline,
    lacks_year,
    said_updated,
    visible_date,
)
from crawler.extraction.html import elsewhere, text_of
from crawler.extraction.page import ARTICLE_TYPES, WEBPAGE_TYPES, PageMeta
from crawler.extraction.titles import headline_h1

_ITEMPROP_PUBLISHED = etree.XPath("//*[@itemprop='datePublished'][not(self::meta)]")


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


def _ld_authors(value: Any, m: PageMeta) -> None:
    """Split JSON-LD authors into people and organisations (a publisher is not a byline)."""
    items = value if isinstance(value, list) else [value]
    for item in items:
        org = isinstance(item, dict) and bool(
            _types(item) & {"organization", "newsmediaorganization", "corporation"}
        )
        for name in _names(item):
            name = clean_byline(name)
            if name:
                (m.org_authors if org else m.authors).append(name)


def read_page_meta(tree, url: str) -> PageMeta:
    """Collect declarations from an lxml HTML tree without changing it."""
    return read_visible_meta(tree, url, read_declared_meta(tree))


def read_declared_meta(tree) -> PageMeta:
    """What the page declares in JSON-LD and ``<meta>``: enough to refuse a page by what it
    says it is (a listing, a profile) before paying for the reads of its visible text,
    which cost several times more (bylines and dates are searched for by XPath)."""
    m = PageMeta()
    page_date: str | None = None
    for obj in _jsonld_objects(tree):
        types = _types(obj)
        m.jsonld_types |= types
        if types & WEBPAGE_TYPES and not page_date:
            # Yoast and Rank Math put datePublished on the WebPage node when the theme
            # declares no Article: still the publisher's own date for this page.
            v = obj.get("datePublished")
            if isinstance(v, str) and v.strip():
                page_date = v.strip()
        if types & ARTICLE_TYPES:
            if not m.headline:
                h = obj.get("headline") or obj.get("name")
                if isinstance(h, str) and h.strip():
                    m.headline = " ".join(html_lib.unescape(h).split())
            if not m.authors and not m.org_authors:
                _ld_authors(obj.get("author"), m)
            for key in ("datePublished", "dateCreated", "uploadDate"):
                v = obj.get(key)
                if isinstance(v, str) and v.strip():
                    m.date_candidates.append(("jsonld", v.strip()))
                    break
            v = obj.get("dateModified")
            if isinstance(v, str) and v.strip() and not m.modified:
                m.modified = v.strip()
            v = obj.get("description")
            if isinstance(v, str) and v.strip() and not m.description:
                m.description = " ".join(html_lib.unescape(v).split())
            free = obj.get("isAccessibleForFree")
            if free is False or (isinstance(free, str) and free.lower() == "false"):
                m.paywalled = True
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
        key = (
            (
                el.get("property")
                or el.get("name")
                or el.get("itemprop")
                or el.get("http-equiv")
                or ""
            )
            .strip()
            .lower()
        )
        content = el.get("content")
        if key and content is not None and key not in metas:
            metas[key] = " ".join(content.split())
    m.og_title = metas.get("og:title") or metas.get("twitter:title")
    m.description = m.description or (
        metas.get("og:description") or metas.get("description") or metas.get("twitter:description")
    )
    m.modified = m.modified or (
        metas.get("article:modified_time")
        or metas.get("og:updated_time")
        or metas.get("datemodified")  # schema.org microdata: <meta itemprop="dateModified">
        or metas.get("last-modified")
    )
    m.og_type = (metas.get("og:type") or "").lower() or None
    m.meta_author = (
        metas.get("author") or metas.get("article:author") or metas.get("parsely-author")
    )
    for n in "1234":
        label = metas.get(f"twitter:label{n}", "").strip(" :").lower()
        if label in ("written by", "author", "authors", "by") and metas.get(f"twitter:data{n}"):
            m.meta_writer = metas[f"twitter:data{n}"]
            break
    for key in (
        "article:published_time",
        "og:published_time",
        "datepublished",  # schema.org microdata: <meta itemprop="datePublished">
        "publish-date",
        "pubdate",
        "date",
        "dc.date.issued",
        "dc.date",
        "sailthru.date",
        "parsely-pub-date",
        "published",
        "publish_date",
        "publishdate",
        "citation_publication_date",  # Highwire tags of journals and repositories
        "citation_date",
        "dcterms.date",
        "dcterms.issued",
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
    m.og_url = metas.get("og:url")
    m.page_date = page_date
    return m


def _microdata_published(tree) -> str | None:
    """Microdata ``itemprop=datePublished`` on an element other than ``<meta>`` (those
    are read with the meta tags): its datetime or content attribute, or an ``<abbr>``'s
    title (hAtom's published date, as Blogger writes it). Only when the page has one:
    teaser cards each carry their own story's date. Asked only of a page that declares
    no date otherwise, after the refusals by declaration (the scan costs 0.4 ms)."""
    found = _ITEMPROP_PUBLISHED(tree)
    if len(found) != 1:
        return None
    el = found[0]
    value = el.get("datetime") or el.get("content")
    if not value and el.tag == "abbr":
        value = el.get("title")
    return " ".join(value.split()) if value and value.strip() else None


def read_visible_meta(tree, url: str, m: PageMeta) -> PageMeta:
    """Complete ``read_declared_meta``'s result with what the page shows: dates, headline,
    byline, links."""
    if not m.date_candidates:
        microdata = _microdata_published(tree)
        if microdata:
            m.date_candidates.append(("meta", microdata))
    for t in tree.xpath("//time[@datetime]"):
        in_article = t.xpath("ancestor::article or ancestor::header or ancestor::main")
        cls = (t.get("class") or "") + " " + (t.get("itemprop") or "")
        if UPDATED_CLASS.search(cls) or said_updated(t, ""):
            continue  # <time class="updated">, itemprop=dateModified, "Updated <time>"
        if elsewhere(t):
            continue  # a reader's comment, a menu's "latest" list
        if in_article or "publish" in cls or "date" in cls:
            raw = t.get("datetime").strip()
            m.date_candidates.append(("time", raw))
            # A datetime without a year ("Dec 23") says nothing; the next <time> may.
            if not lacks_year(raw):
                break

    titles = tree.xpath("//title")
    if titles:
        m.html_title = text_of(titles[0]) or None
    m.h1 = headline_h1(tree, m)
    if not m.date_candidates:
        visible = visible_date(tree) or date_under_headline(tree, m.h1)
        if visible:
            m.date_candidates.append(("visible", visible))
    if m.page_date and not m.date_candidates:
        m.date_candidates.append(("jsonld-page", m.page_date))

    m.byline = find_byline(tree, m.sitename)
    if m.byline is None:
        m.pictured = pictured_name(tree)

    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        href = link.get("href")
        if not href:
            continue
        if "canonical" in rel and not m.canonical:
            m.canonical = urljoin(url, href.strip())
        elif "amphtml" in rel and not m.amphtml:
            m.amphtml = urljoin(url, href.strip())
    if not m.canonical and m.og_url:
        m.canonical = urljoin(url, m.og_url)
    root_attrs = tree.attrib if tree.tag == "html" else {}
    m.is_amp = "amp" in root_attrs or "\u26a1" in root_attrs
    return m


def link_texts(tree, url: str | None = None) -> set[str]:
    """What the page's links to other pages say, lower-cased: the headlines a listing's
    teasers show. Links within the page (a guide's table of contents, "#section") are
    its own headings, not teasers.

    Read only for pages that declare no article, since only their extracted text is
    checked for teasers; the walk over every link costs a millisecond or two a page."""
    here = urldefrag(url)[0] if url else None
    texts: set[str] = set()
    for a in tree.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith("#"):
            continue
        if here is not None and "#" in href and urldefrag(urljoin(url, href))[0] == here:
            continue
        text = " ".join("".join(a.itertext()).split()).lower()
        if len(text) >= 12 and " " in text:
            texts.add(text)
    return texts
