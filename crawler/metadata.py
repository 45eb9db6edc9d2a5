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

from lxml import etree
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
# Pages that say they are something other than an article: their text is a caption,
# a show note or a listing, whatever og:type claims.
NON_ARTICLE_TYPES = {
    "videoobject",
    "audioobject",
    "podcastepisode",
    "podcastseries",
    "imagegallery",
    "mediagallery",
    "event",
    "product",
    "recipe",
    "jobposting",
    "course",
    "softwareapplication",
    "movie",
    "tvepisode",
}
WEBPAGE_TYPES = {"webpage", "itempage", "medicalwebpage"}
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
    authors: list[str] = field(default_factory=list)  # JSON-LD people
    org_authors: list[str] = field(default_factory=list)  # JSON-LD organisations
    byline: str | None = None  # the visible byline
    pictured: str | None = None  # the name beside an author's photo, for a page without a byline
    meta_author: str | None = None
    meta_writer: str | None = None  # twitter:label "Written by" / twitter:data (Yoast, Slack)
    date_candidates: list[tuple[str, str]] = field(default_factory=list)  # (source, raw)
    language: str | None = None
    sitename: str | None = None
    canonical: str | None = None
    amphtml: str | None = None
    is_amp: bool = False
    paywalled: bool = False  # JSON-LD isAccessibleForFree: false
    og_url: str | None = None
    page_date: str | None = None  # datePublished of a JSON-LD WebPage node


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


_BY = re.compile(
    r"^\s*(this\s+(post|article|story|piece|guide|review)\s+(was|is|has\s+been)\s+)?"
    r"((written|posted|published|reported|words|story|text)\s+)?"
    r"(by|von|par|por|di|door|av|af)\s*:?\s+",
    re.IGNORECASE,
)
_AUTHOR_LABEL = re.compile(
    r"^\s*(author|authors|auteur|autor|autore|writer|written)\b\s*:?\s*(?=[A-Z\u00c0-\u024f])",
    re.I,
)
_BYLINE_TAIL = re.compile(
    r"\s*(\||\u2022|\u00b7|\s[-\u2013\u2014]\s|\bon\s+(?=\w+\s+\d)|\bupdated\b|\bpublished\b"
    # "Jane Doe Last updated", "Jane Doe on behalf of the Docs team"
    r"|\blast\s+(?:update|updated|modified|edited|reviewed)\b|\bon\s+behalf\s+of\b"
    # "BeauHD on Friday December 19, 2025": "on" before a weekday or a month name.
    r"|\bon\s+(?=(monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february"
    r"|march|april|may|june|july|august|september|october|november|december)\b)"
    # A weekday only when a date follows: "Sun" and "Mon" are also names.
    r"|\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur"
    r"|thurs|fri|sat|sun)\b\.?,?(?=\s*(\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))"
    r"|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b"
    r"|\b\d{1,2}\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"|\b\d{4}-\d{2}-\d{2}|\b\d{1,2}/\d{1,2}/\d{2,4}"
    # "David at December 16, 2025 11:15 AM", "Jane Doe at 9:30": "at" before a time or date.
    r"|\s+at\s+(?=\d|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)).*$",
    re.IGNORECASE,
)


# A newsroom role after the name, which is the job, not the person: "Jane Doe,
# Contributor", "Jane Doe, WCI Columnist", "Jane Doe Tech Reporter". Credentials
# ("Jane Doe, MD") and longer descriptions are the byline as shown and stay.
_ROLES = (
    r"(?:contributor|contributing\s+writer|journalist|reporter|columnist|correspondent"
    r"|staff\s+writer|writer)"
)
_ROLE_AFTER_COMMA = re.compile(r",\s*(?:[\w.&'\u2019-]+\s+){0,2}" + _ROLES + r"\s*$", re.I)
# Without a comma only a capitalised role, and only after a two-word name.
_ROLE_AFTER_NAME = re.compile(
    r"^(\S+\s+\S+.*?)\s+(?:[A-Z][\w&-]*\s+){0,2}(?=[A-Z])(?i:" + _ROLES + r")\s*$"
)


def _drop_role(value: str) -> str:
    """ "Jane Doe, Contributor" and "Jane Doe Tech Reporter" name Jane Doe."""
    value = _ROLE_AFTER_COMMA.sub("", value)
    return _ROLE_AFTER_NAME.sub(r"\1", value)


# Two capitals inside one word after lower case: "TurboTaxLisa", not "McCarthy" or "DeSantis".
_CAMEL = re.compile(r"[a-z][A-Z][a-z]+[A-Z]")


# "Jennifer Huberty 1, 2": footnote marks of an affiliation list after a name.
_AFFILIATION_MARKS = re.compile(r"(?<=[^\W\d])\s*\d{1,2}(?:\s*,\s*\d{1,2})*\*?$")


def _drop_leading_date(value: str) -> str:
    """ "Dec. 19, 2025 \u00b7 Jane Doe": a date before the name, then a separator."""
    m = _DATE_TEXT.match(value)
    if not m or not parse_date(m.group(0)):
        return value
    rest = value[m.end() :]
    # A separator, or the date and the name in elements of their own ("<span>Dec 17,
    # 2025</span><span>Julian K. Arni</span>" reads with a space between).
    if not re.match(r"\s*[|\u2022\u00b7,\u2013\u2014-]|\s+[A-Z\u00c0-\u024f]", rest):
        return value
    return rest.lstrip(" |\u2022\u00b7,\u2013\u2014-") or value


def _drop_initials(value: str) -> str:
    """ "JD Jane Doe": an avatar's initials before the name they abbreviate."""
    words = value.split()
    first = words[0] if words else ""
    following = words[1 : 1 + len(first)]
    initials = 2 <= len(first) <= 3 and first.isalpha() and first.isupper()
    if initials and [w[:1] for w in following] == list(first):
        return " ".join(words[1:])
    return value


# A full stop after a word, not after an initial or "Jr": the byline was a sentence.
_SENTENCE_STOP = re.compile(r"(?<=[^\W\d_]{3})\.$")


def clean_byline(value: str) -> str | None:
    """A byline as shown, without "By" and without the date or section that follows it."""
    value = _drop_leading_date(" ".join(html_lib.unescape(value).split()))
    value = _AUTHOR_LABEL.sub("", _BY.sub("", value))
    value = _BYLINE_TAIL.sub("", value).strip(" ,;:|-")
    value = _drop_initials(_AFFILIATION_MARKS.sub("", value))
    value = _drop_role(value).strip(" ,;:|-") or value
    value = _SENTENCE_STOP.sub("", value)  # "This post was written by Jane Doe."
    if not value or len(value) > 100 or value.startswith("http") or "@" in value:
        return None
    if " " not in value and (
        value.islower() or any(c in value for c in "._0123456789") or _CAMEL.search(value)
    ):
        return None  # a CMS account ("jdoe2", "andrew.keaveney", "TurboTaxLisa"), not a name
    if value.lower().startswith(("about the author", "more from", "more by", "all posts")):
        return None
    return value


_BYLINE_WORDS = {
    "author",
    "authors",
    "byline",
    "writer",
    "contributor",
    "contributors",
    "submitted",
}
_BYLINE_SKIP = {"bio", "box", "avatar", "img", "image", "photo", "description", "about"}
_SPLIT_WORDS = re.compile(r"[\s_\-:./]+|(?<=[a-z])(?=[A-Z])")


# next/font puts "__className_d44908" on any text it styles: it says "name" to the
# word split and nothing about the element.
_FONT_CLASS = re.compile(r"__(?:className|variable)_[0-9a-f]+")


def _words(el) -> set[str]:
    out: set[str] = set()
    for name in ("class", "id", "data-testid"):
        value = el.get(name)
        if value:
            if name == "class" and "__" in value:
                value = _FONT_CLASS.sub(" ", value)
            out.update(p.lower() for p in _SPLIT_WORDS.split(value) if p)
    return out


def _spaced_text(el) -> str:
    """Text with a space between elements: "By<a>Jane</a>" reads "By Jane", not "ByJane"."""
    return " ".join(" ".join(t for t in el.itertext()).split()).replace(" ,", ",")


def _short_text(el, limit: int) -> str | None:
    """``_spaced_text`` of an element, or None as soon as it passes ``limit`` characters:
    a byline is short, and an author class on a wrapper must not cost its whole text."""
    parts: list[str] = []
    size = 0
    for t in el.itertext():
        size += len(t)
        if size > 4 * limit:  # whitespace counts here; the test below is on words
            return None
        parts.append(t)
    text = " ".join(" ".join(parts).split()).replace(" ,", ",")
    return text if len(text) <= limit else None


_AUTHOR_LINK = re.compile(
    r"/(author|authors|writers?|profiles?|people|staff|journalists?|contributors?)/", re.I
)


def _attrs_containing(attrs: tuple[str, ...], parts: tuple[str, ...]) -> str:
    return " | ".join(
        f".//@{a}[" + " or ".join(f"contains(., '{p}')" for p in parts) + "]/.." for a in attrs
    )


# Preselection in XPath, which lxml runs in C: the elements whose attributes might
# mark a byline (or a date), in page order. Python then applies the exact rules to
# these few instead of splitting the class of every element on the page. ``contains``
# is case-sensitive and costs a copy per call, so the parts are few and drop their
# first letter: "uthor" finds "author-name" and "AuthorName".
_MARKED = ("class", "id", "data-testid")
_BYLINE_CANDIDATES = etree.XPath(
    " | ".join(
        (
            _attrs_containing(_MARKED, ("uthor", "yline", "riter", "ontrib", "ubmitted")),
            _attrs_containing(("itemprop", "rel"), ("author",)),
            ".//a/@href["
            + " or ".join(
                f"contains(., '{p}')"
                for p in ("uthor", "riter", "rofile", "eople/", "taff/", "ournalist", "ontributor")
            )
            + "]/..",
        )
    )
)
_DATE_CANDIDATES = etree.XPath(
    _attrs_containing(
        _MARKED,
        ("date", "Date", "time", "Time", "ublish", "osted", "ubmitted", "meta", "Meta", "uthor",
         "yline", "riter", "ontrib"),
    )
)  # fmt: skip
# Text that opens with "By" or a byline label ("Written by", "Author:").
_THIS_POST_WAS = (
    r"(?:this\s+(?:post|article|story|piece|guide|review|blog)\s+(?:was|is|has\s+been)\s+)"
)
_BY_WORDS = (
    r"(?:" + _THIS_POST_WAS + r"?(?:written|article|posted|published|words|story|text|reported)"
    r"\s+by|by|von|par|por"
    r"|door|authors?|auteur|autor|autorin|autore|writer|contributors?)\b"
)
# Every text node of the body as plain strings, joined by NUL (which no HTML text
# holds): one regex over the page finds the few that open like a byline, and only
# those become lxml text nodes, found again by their position.
_ALL_TEXTS = etree.XPath(".//text()", smart_strings=False)
_NTH_TEXT = etree.XPath("(.//text())[$n]")
# The lookahead on the first letter lets the scan skip most texts without trying
# every word, which is most of the cost of a case-insensitive alternation.
_TEXT_OPENING_BY = re.compile(r"\x00\s*(?=[AaBbCcDdPpRrSsTtVvWw])(?i:" + _BY_WORDS + ")")


def _by_texts(body, texts: list[str]):
    """(text, element, is_tail) for each short text that opens like a byline: an
    element's own text, or the tail after an element ("<time>..</time> by Jane").
    ``texts`` is ``_ALL_TEXTS(body)``."""
    joined = "\x00" + "\x00".join(texts)
    for m in _TEXT_OPENING_BY.finditer(joined):
        index = joined.count("\x00", 0, m.start())
        if len(texts[index]) >= 200:
            continue
        found = _NTH_TEXT(body, n=index + 1)
        if not found:
            continue
        node = found[0]
        el = node.getparent()
        if el is None or (node.is_text and el.tag in ("script", "style")):
            continue
        yield str(node), el, bool(node.is_tail)


_UPDATED_CLASS = re.compile(r"updated|modified", re.I)
_DATE_WORDS = {"date", "time", "published", "posted", "submitted", "dateline", "pubdate", "meta"}
_LOOKS_DATED = re.compile(r"\d{4}|\d{1,2}[./]\d{1,2}[./]\d{2,4}")


def _visible_date(tree) -> str | None:
    """A date shown in an element the markup calls a date, or in the byline's line
    ("Fri, 03/14/2025 - 09:12", "16.03.2025"), read without guessing. A date the
    page labels "Updated" is not when the article was published."""
    body = tree.find("body")
    if body is None:
        return None
    for el in _DATE_CANDIDATES(body):
        if el.tag in ("script", "style", "a") or not isinstance(el.tag, str):
            continue
        words = _words(el)
        if not words & (_DATE_WORDS | _BYLINE_WORDS):
            continue
        text = _short_text(el, 160)
        if not text or not _LOOKS_DATED.search(text):
            continue
        for raw in _DATE_TEXT.finditer(text):
            if parse_date(raw.group(0)) and not _said_updated(el, text[: raw.start()]):
                return raw.group(0)
    return None


_UPDATED_LABEL = re.compile(
    r"\b(?:updated|modified|reviewed|revised|edited|aktualisiert|mis\s+\u00e0\s+jour)\b"
    r"[\s:,.]*(?:on|at|am|le)?[\s:,.]*$",
    re.I,
)


def _said_updated(el, before: str) -> bool:
    """The text just before a date, inside ``el`` or else just before it, is an
    "Updated" / "Last modified" / "Reviewed on" label."""
    if not before.strip():
        before = _text_before(el)
    return bool(_UPDATED_LABEL.search(before[-40:]))


def _text_before(el, limit: int = 40) -> str:
    """About ``limit`` characters of the text that reads just before ``el``."""
    pieces: list[str] = []
    node = el
    for _ in range(3):
        for sib in node.itersiblings(preceding=True):
            if sib.tail:
                pieces.insert(0, sib.tail)
            if isinstance(sib.tag, str):
                text = _short_text(sib, 80)
                if text is None:
                    return " ".join(pieces)
                pieces.insert(0, text)
            if sum(map(len, pieces)) >= limit:
                return " ".join(pieces)
        parent = node.getparent()
        if parent is None or parent.tag == "body":
            break
        if parent.text:
            pieces.insert(0, parent.text)
        node = parent
    return " ".join(pieces)


_FOLLOWING_TEXTS = etree.XPath("following::text()", smart_strings=False)
# A line that is a date and nothing else, or "Published" / "Posted on" and a date.
_DATE_LINE = re.compile(
    r"(?:(?:published|posted|date|dated)\b[\s:]*(?:on\b)?[\s:]*|on\s+)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(?P<date>.+?)[\s|\u00b7\u2022,]*",
    re.I,
)


def _date_under_headline(tree, headline: str | None) -> str | None:
    """A line that is only a date ("December 15, 2025", "Posted on 3 May 2025") among
    the first lines after the headline, or else among the few lines just above it in
    the headline's own header block (a kicker or dateline over the ``<h1>``): the
    article header's date, unmarked. The climb stops three levels up so that a site
    header's "today's date" is not read as the article's."""
    if not headline:
        return None
    h1 = next((h for h in tree.iter("h1") if _heading_text(h) == headline), None)
    if h1 is None:
        return None
    seen = 0
    previous = ""
    for text in _FOLLOWING_TEXTS(h1):
        line = " ".join(text.split())
        if not line:
            continue
        seen += 1
        if seen > 25:
            break
        date = _date_only(line)
        if date and not _UPDATED_LABEL.search(previous[-40:]):
            return date
        previous = line
    return _date_above(h1)


def _date_above(h1) -> str | None:
    container = h1
    for _ in range(3):
        parent = container.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        container = parent
    # The header block's texts in document order, up to the headline.
    texts: list[str] = []
    for event, el in etree.iterwalk(container, events=("start", "end")):
        if el is h1:
            break
        if event == "start":
            if isinstance(el.tag, str) and el.tag not in ("script", "style") and el.text:
                texts.append(el.text)
        elif el.tail and el is not container:
            texts.append(el.tail)
    lines = [ln for ln in (" ".join(t.split()) for t in reversed(texts)) if ln][:9]
    for i, line in enumerate(lines):  # nearest first
        date = _date_only(line)
        before = lines[i + 1] if i + 1 < len(lines) else ""
        if date and not _UPDATED_LABEL.search(before[-40:]):
            return date
    return None


def _date_only(line: str) -> str | None:
    m = _DATE_LINE.fullmatch(line) if len(line) <= 40 else None
    date = m.group("date") if m else None
    if date and _DATE_TEXT.fullmatch(date) and parse_date(date):
        return date
    return None


# Where "author" names someone other than the article's writer: a commenter, a
# testimonial, a comment form's "Name *" field, a menu link to the staff pages, the
# expert who reviewed the piece.
_ELSEWHERE_WORDS = {
    "comment", "comments", "commentlist", "respond", "reply", "replies", "discussion",
    "testimonial", "testimonials", "menu", "nav", "navbar", "dropdown",
}  # fmt: skip
_ELSEWHERE_TAGS = {"nav", "form", "input", "textarea", "select"}
# Only on the element or its parent: a "reviewed-by" block often holds the author too.
_REVIEWER_WORDS = {"reviewer", "reviewers", "reviewed", "factchecker"}


_MENU_WORDS = {"menu", "nav", "navbar", "dropdown"}


def _elsewhere(el) -> bool:
    """Inside comments, a form, a menu or a reviewer credit: not the article's byline.

    The climb stops at ``<article>`` or ``<main>``: a menu does not hold them, so a
    layout class there ("offset-nav") says nothing; a comment may be an article."""
    node = el
    for depth in range(8):
        if node is None or node.tag in ("body", "html"):
            return False
        words = _words(node)
        if node.tag in ("article", "main"):
            return bool(words & (_ELSEWHERE_WORDS - _MENU_WORDS))
        if node.tag in _ELSEWHERE_TAGS or words & _ELSEWHERE_WORDS:
            return True
        if depth < 2 and words & _REVIEWER_WORDS:
            return True
        node = node.getparent()
    return False


_SKIP_TAGS = ("script", "style", "img", "meta", "link", "body")


def _has_token(value: str | None, token: str) -> bool:
    return bool(value) and token in value.lower().split()


def _marked_bylines(body) -> list:
    """Elements the markup marks as the author, most specific first, each tier in page
    order: itemprop/rel author, author links and *author-name* elements; then other
    author classes; then the name in an author box or bio ("author-box__name")."""
    specific: list = []
    general: list = []
    boxed: list = []
    for el in _BYLINE_CANDIDATES(body):
        if not isinstance(el.tag, str) or el.tag in _SKIP_TAGS:
            continue
        if _has_token(el.get("itemprop"), "author") or _has_token(el.get("rel"), "author"):
            named = el.xpath('.//*[@itemprop="name"]')
            specific.append(named[0] if named else el)
            continue
        if el.tag == "a" and _AUTHOR_LINK.search(el.get("href") or ""):
            specific.append(el)
            continue
        words = _words(el)
        if not words & _BYLINE_WORDS:
            continue
        if words & _BYLINE_SKIP:
            if "name" in words:
                boxed.append(el)
        else:
            (specific if "name" in words else general).append(el)
    return specific + general + boxed


def find_byline(tree, sitename: str | None = None) -> str | None:
    """The visible byline: the most specific element the markup marks as its author.

    A marked byline that only names the site ("Corti" on corti.ai) is the
    publisher's account: a later one may name the writer, else it stands.
    """
    body = tree.find("body")
    if body is None:
        return None
    site = (sitename or "").strip().lower()
    site_named = account = None
    for el in _marked_bylines(body):
        if _elsewhere(el):
            continue
        name = _byline_in(el)
        if not name:
            account = account or _shown_account(el)
            continue
        if name.lower() != site:
            return _with_co_authors(el, name)
        site_named = site_named or name
    if site_named:
        return site_named
    texts = _ALL_TEXTS(body)  # one pass over the page's text for both scans below
    return (
        _plain_byline(body, texts) or _dated_by(body, texts) or account or _signed_elsewhere(body)
    )


# Where a page names its author without a byline: a link to the author's other work
# ("More articles by Jane Doe") and the bio under an "About the author" heading
# ("Jane Doe is a reporter who ..."). Either names the writer of this article, so
# they are read only when the page has no byline at all.
_MORE_BY = re.compile(
    r"\x00\s*(?i:(?:view|see|read|browse)\s+)?(?i:all|more)\s+(?i:articles|posts|stories"
    r"|blogs?|insights|entries)\s+(?i:by)\s+([^\x00]{2,60}?)\s*[\u00bb\u203a\u2192>]?\s*\x00"
)
_ABOUT_AUTHOR = re.compile(
    r"\x00\s*(?i:about|meet)\s+(?i:the)\s+(?i:author|writer)s?\s*:?\s*\x00"
    r"(?:[^\x00]{0,80}\x00){0,2}?"  # a photo credit or a job title between
    r"\s*((?:[A-Z\u00c0-\u024f][\w.'\u2019-]+\s+){1,3}[A-Z\u00c0-\u024f][\w.'\u2019-]+),?\s+"
    r"(?:is|was|has|holds|writes|joined|leads|serves|brings|works)\s"
)
_BODY_TEXTS = etree.XPath(
    ".//text()[not(parent::script) and not(parent::style)]", smart_strings=False
)


def _signed_elsewhere(body) -> str | None:
    """The name in "More articles by Jane Doe" or opening the bio under "About the
    author", for a page without a byline."""
    joined = "\x00" + "\x00".join(t for t in _BODY_TEXTS(body) if t.strip()) + "\x00"
    for pattern in (_MORE_BY, _ABOUT_AUTHOR):
        for m in pattern.finditer(joined):
            name = clean_byline(m.group(1))
            if name and name_like(name):
                return name
    return None


# An account name as a page shows it: "jsteinhardt", "crazy lennys", "h.szeyee".
_ACCOUNT = re.compile(r"[^\W\d_][\w.\-]*(?: [^\W\d_][\w.\-]*)?")


def _shown_account(el) -> str | None:
    """The account name in an element that the markup marks as the author's name
    (``rel=author``, an author link, an *author-name* class). A page that signs with an
    account shows the account: that is its byline, though it reads like no name."""
    marked = (
        _has_token(el.get("itemprop"), "author")
        or _has_token(el.get("rel"), "author")
        or _is_author_link(el)
        or (_words(el) & _BYLINE_WORDS and "name" in _words(el))
    )
    if not marked:
        return None
    text = _short_text(_name_part(el), 40)
    if not text:
        return None
    text = _BY.sub("", text).strip()
    return text if _is_account(text) else None


def _is_account(text: str) -> bool:
    return bool(_ACCOUNT.fullmatch(text)) and not any(
        w.lower().strip(".") in _NOT_NAME_WORDS for w in text.split()
    )


def _is_author_link(el) -> bool:
    return el.tag == "a" and bool(_AUTHOR_LINK.search(el.get("href") or ""))


# Between two authors' links: separators and descriptions, not another credit
# ("Fact-checked by", "Edited by", "Data analysis by") or the date line.
_OTHER_CREDIT = re.compile(r"\bby\b|\bupdated\b|\bpublished\b|\d{4}", re.I)


def _with_co_authors(el, name: str) -> str:
    """ "By <a>Jane Doe</a>, <a>Sam Roe</a> and <a>Ann Lee</a>": every author link in
    the byline's own short block, up to another credit ("Edited by <a>..</a>")."""
    if not _is_author_link(el):
        return name
    node = el
    for _ in range(3):
        node = node.getparent()
        if node is None or node.tag in ("body", "html", "article", "main"):
            break
        if sum(1 for a in node.iter("a") if _is_author_link(a)) < 2:
            continue
        if _short_text(node, 300) is None:
            break
        names: list[str] = []
        gap: list[str] = []
        for kind, value in _links_and_text(node):
            if kind == "text":
                gap.append(value)
                continue
            if names and _OTHER_CREDIT.search(" ".join(gap)):
                break
            other = clean_byline(_spaced_text(value))
            if other and name_like(other) and other not in names:
                names.append(other)
            gap = []
        if name in names and len(names) > 1:
            return ", ".join(names)
        break
    return name


def _links_and_text(node):
    """("link", a) for each author link and ("text", s) for the text around, in order."""
    for child in node:
        if not isinstance(child.tag, str):
            pass
        elif _is_author_link(child):
            yield "link", child
        else:
            if child.text:
                yield "text", child.text
            yield from _links_and_text(child)
        if child.tail:
            yield "text", child.tail


def _byline_in(el) -> str | None:
    """The name a byline element shows: the whole line, else its first short line
    (an author block whose first line is the name and the rest a bio)."""
    part = _name_part(el)
    text = _short_text(part, 120)
    if text:
        name = clean_byline(text)
        if name and name_like(name):
            return name
    if part is el:
        for child in el.iterdescendants():
            if not isinstance(child.tag, str) or child.tag in _SKIP_TAGS:
                continue
            own = (child.text or "").strip()
            if not own:
                continue
            # The first line with text decides: a name, or not a name block at all.
            line = _short_text(child, 80)
            name = clean_byline(line) if line else None
            return name if name and name_like(name) else None
    return None


def _name_part(el):
    """Inside a byline block, the part that holds the name: an author link or an element
    whose class says name ("Jane Doe" rather than "Jane Doe Senior Reporter")."""
    for n, child in enumerate(el.iterdescendants()):
        if n > 200:
            break
        if not isinstance(child.tag, str):
            continue
        if child.tag == "a" and _AUTHOR_LINK.search(child.get("href") or ""):
            return child
        if "name" in _words(child) or child.get("itemprop") == "name":
            return child
    return el


_PLAIN_BY = re.compile(
    r"^(?i:" + _THIS_POST_WAS + r"?(?:(?:written|posted|published|reported|words|story|text"
    r"|article)\s+)?"
    r"(?:by|von|par|por|door))\s*:?\s+([A-Z\u00c0-\u024f][\w'\u2019.-]+"
    r"(?:\s+(?:[A-Z\u00c0-\u024f][\w'\u2019.-]+|van|von|de|da|der|del|la|le)){1,4}"
    r"(?:\s*(?:,|and|&)\s*[A-Z\u00c0-\u024f][\w'\u2019.-]+(?:\s+[A-Z\u00c0-\u024f][\w'\u2019.-]+){1,3})*)"
)
# A label that stands alone, the name in the element after it: "<span>By</span>
# <a>Jane Doe</a>", "<h3>Author</h3><p>Jane Doe</p>", "<strong>Contributors:</strong> Jane".
_BYLINE_LABEL = re.compile(
    r"^(?:" + _THIS_POST_WAS + r"?(?:written|posted|published|reported|words|story|text"
    r"|article)\s+by|by|von|par|por"
    r"|door|authors?|author\(s\)|auteur|autor|autorin|autore|writer|contributors?)\s*:?$",
    re.I,
)
_LABELLED = re.compile(
    r"^(?:authors?|auteur|autor|autorin|autore|writer|contributors?)\s*:\s*", re.I
)
_PLAIN_TAGS = {
    "p", "div", "span", "font", "td", "b", "strong", "em", "small", "i", "li", "address",
    "h2", "h3", "h4", "h5", "h6",
}  # fmt: skip


def _plain_byline(body, texts: list[str]) -> str | None:
    """A "By Jane Doe" line in markup that does not say it is a byline (legacy pages),
    or a "By" / "Written by" / "Author" label followed by the name."""
    for text, el, is_tail in _by_texts(body, texts):
        own = " ".join(text.split())
        if not is_tail and (len(el) or not _BYLINE_LABEL.match(own)):
            # "By Jane Doe", "<p>By <a>Jane Doe</a></p>": the element's own line.
            if el.tag not in _PLAIN_TAGS:
                continue
            name = _plain_line(el, own)
        elif _BYLINE_LABEL.match(own):
            holder = el.getparent() if is_tail else el
            if holder is None or holder.tag in ("th", "td", "label", "option", "button"):
                continue  # a column head or a control: "Author" over a list of names
            name = _after_label(el, is_tail)
        elif el.tag == "time" or _words(el.getparent()) & (_DATE_WORDS | _BYLINE_WORDS):
            # "<time>..</time> by Jane Doe": the by-line after the date, in its tail.
            name = _plain_line(None, own)
        else:
            continue
        if name and not _elsewhere(el):
            return name
    return None


def _plain_line(el, own: str) -> str | None:
    """The name in a line that opens with "By" or a byline label."""
    if len(own) > 80:
        return None
    spaced = _short_text(el, 120) if el is not None else own
    if not spaced:
        return None
    m = _PLAIN_BY.match(spaced)
    if m:
        marked = el is not None and _words(el) & (_DATE_WORDS | _BYLINE_WORDS)
        if m.group(1).isupper() and not marked:
            # "Filter by COMPANY TYPE", "Browse by USE CASE": a control, not a person;
            # markup that shouts a name says so with a byline class, read above.
            return None
        linked = _linked_name(el, own)
        if linked:
            return linked
        # the whole line, so that the tail rule sees the date after the name
        name = clean_byline(spaced)
        return name if name and name_like(name) else clean_byline(m.group(0))
    if _LABELLED.match(spaced):
        name = clean_byline(_LABELLED.sub("", spaced))
        return name if name and name_like(name) and not name.isupper() else None
    holder = el.getparent() if el is not None else None
    marks = _words(el) | _words(holder) if holder is not None else set()
    if marks & (_DATE_WORDS | _BYLINE_WORDS):
        # "by ibby" in the post's meta line: the account the page signs with.
        # "Posted by David at December 16, 2025": without the date that follows.
        account = _BY.sub("", spaced, count=1).strip()
        account = _BYLINE_TAIL.sub("", account).strip(" ,;:|-") if account != spaced else ""
        if account and _is_account(account):
            return account
    return None


# After the linked name, a description rather than another name: ", gastroenterologist".
_DESCRIBED = re.compile(r"\s*,\s*[a-z]")


def _linked_name(el, own: str) -> str | None:
    """ "This post was written by <a>Jane Doe, MD</a>, gastroenterologist, ...": the link
    holds the name, and what follows it describes her."""
    if el is None or not _BYLINE_LABEL.match(own):
        return None
    link = next((c for c in el if isinstance(c.tag, str)), None)
    if link is None or link.tag != "a" or not _DESCRIBED.match(link.tail or ""):
        return None
    text = _short_text(link, 100)
    name = clean_byline(text) if text else None
    return name if name and name_like(name) else None


def _after_label(label, in_tail: bool) -> str | None:
    """The name after a byline label: the label element's tail, else the next element.

    Only in a short line: "a parser by <a>Jane</a>" inside a paragraph credits
    someone's work, not the article.
    """
    line = label.getparent()
    if line is None or _short_text(line, 160) is None:
        return None
    if not in_tail and (label.tail or "").strip():
        text = label.tail
    else:
        nxt = label.getnext()
        while nxt is not None and not isinstance(nxt.tag, str):
            nxt = nxt.getnext()
        if nxt is None or nxt.tag in _SKIP_TAGS:
            return None
        if nxt.tag in ("ul", "ol"):
            # "Authors" over a list: one name per item.
            items = [_short_text(li, 100) for li in nxt.iterchildren("li")]
            names = [clean_byline(t) for t in items if t]
            names = [n for n in names if n and name_like(n)]
            return ", ".join(names) if names and len(names) == len(items) else None
        text = _short_text(nxt, 100)
    name = clean_byline(text) if text else None
    return name if name and name_like(name) else None


# An author's photo: what its markup, address or alt text calls it. A round image
# ("rounded-full", "avatar-circle") is one only when its alt text is the name shown.
_AVATAR_WORDS = {"avatar", "gravatar", "headshot", "portrait", "author", "profile"}
_AVATAR_SRC = re.compile(r"avatar|headshot|/authors?/", re.I)
_AVATAR_ALT = re.compile(
    r"\b(?:photo|picture|image|avatar|headshot|portrait)\s+of\s+(?:the\s+)?author\b"
    r"|^(?:headshot|avatar|portrait)\b",
    re.I,
)
# "rounded-full" (with Tailwind's "md:" prefixes), "rounded-circle", "img-circle":
# not Bootstrap's "rounded" corners.
_ROUND = re.compile(r"(?:^|\s)(?:\S*circle\S*|(?:\S*:)?rounded-full|round)(?:\s|$)", re.I)
_FOLLOWING_NAME = etree.XPath("following::text()[normalize-space()][1]")
_IMAGES = etree.XPath(".//img")


def _avatar(img) -> bool | None:
    """True for a photo the markup calls an author's, None for a round image (an
    avatar only if its alt names the person shown beside it), False otherwise."""
    if _words(img) & _AVATAR_WORDS or _AVATAR_SRC.search(img.get("src") or ""):
        return True
    if _AVATAR_ALT.search(img.get("alt") or ""):
        return True
    return None if _ROUND.search(img.get("class") or "") else False


def _name_beside(img) -> str | None:
    """The first text after the photo, inside the block that holds both ("<img> Jane
    Doe in <a>Section</a>"), if it reads as a name."""
    block = img
    for _ in range(4):
        parent = block.getparent()
        if parent is None or parent.tag in ("body", "article", "main"):
            break
        block = parent
    for node in _FOLLOWING_NAME(img)[:1]:
        holder = node.getparent()
        if holder is None or holder.tag in ("script", "style"):
            return None
        if not any(a is block for a in holder.iterancestors()) and holder is not block:
            return None
        text = " ".join(str(node).split())
        if len(text) > 80:
            return None
        name = clean_byline(re.sub(r"\s+in$", "", text))
        # A person's full name, credentials after a comma: a photo's neighbour is often
        # a greeting or a job title ("Hi, I'm the editor").
        person = name and name_like(name) and _person_name(name.split(",")[0])
        return name if person and len(name.split()) <= 8 else None
    return None


def pictured_name(tree) -> str | None:
    """The name shown beside an author's photo (a gravatar and "Jane Doe", an author
    card's portrait over its name): for a page that signs only that way.

    The first such photo outside comments, menus, forms and testimonials decides; a
    round image counts only when its alt text is the same person's name."""
    body = tree.find("body")
    if body is None:
        return None
    for img in _IMAGES(body):
        kind = _avatar(img)
        if kind is False or _elsewhere(img) or img.xpath("ancestor::figure"):
            continue  # a figure is the article's picture, its caption no byline
        alt = " ".join((img.get("alt") or "").split())
        beside = _name_beside(img)
        if kind is None:
            if beside and _person_name(beside) and beside == alt:
                return beside
            continue
        if beside:
            return beside
        if _person_name(alt):
            return alt
    return None


# Words of interface labels that markup also calls "author" ("Our people", "Member login").
_NOT_NAME_WORDS = {
    "login", "log", "sign", "member", "members", "people", "our", "website",
    "contributors", "authors", "author", "more", "all", "posts", "view", "profile", "bio",
    "full", "read", "follow", "contact", "about", "by", "email", "share", "subscribe",
    "comments", "comment", "min", "minutes", "updated", "published", "says", "said", "wrote",
    "bluesky", "twitter", "facebook", "linkedin", "instagram", "mastodon", "threads", "youtube",
    "tiktok", "rss", "reddit", "whatsapp", "telegram", "pinterest", "github",
    "date", "title", "category", "categories", "tags", "topics", "filter", "sort", "search",
}  # fmt: skip
# Lower-case words a name may hold: "Marna van der Merwe", "Jane Doe and John Roe".
_NAME_PARTICLES = {
    "van", "von", "de", "der", "den", "da", "das", "do", "dos", "du", "la", "le", "del",
    "della", "di", "bin", "ibn", "al", "el", "ter", "ten", "zu", "y", "e", "and", "und", "et",
    "&", "of", "the",
}  # fmt: skip


def name_like(text: str) -> bool:
    """Looks like one or more people's or a desk's name rather than a UI label.

    The name part (before any comma) is mostly capitalised: "Personal finance" is a
    section and "I review games" a sentence, while "The Currency editors" is a desk.
    """
    if "\u00a9" in text or "(c)" in text.lower():
        return False
    words = text.replace(",", " ").split()
    if not 1 <= len(words) <= 12:
        return False
    if any(w.lower().strip(".:") in _NOT_NAME_WORDS for w in words):
        return False
    head = text.split(",")[0].split()
    if 2 * sum(w[:1].islower() and w.lower() not in _NAME_PARTICLES for w in head) >= len(head):
        return False
    return any(w[:1].isupper() for w in words)


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


def read_visible_meta(tree, url: str, m: PageMeta) -> PageMeta:
    """Complete ``read_declared_meta``'s result with what the page shows: dates, headline,
    byline, links."""
    for t in tree.xpath("//time[@datetime]"):
        in_article = t.xpath("ancestor::article or ancestor::header or ancestor::main")
        cls = (t.get("class") or "") + " " + (t.get("itemprop") or "")
        if _UPDATED_CLASS.search(cls) or _said_updated(t, ""):
            continue  # <time class="updated">, itemprop=dateModified, "Updated <time>"
        if _elsewhere(t):
            continue  # a reader's comment, a menu's "latest" list
        if in_article or "publish" in cls or "date" in cls:
            raw = t.get("datetime").strip()
            m.date_candidates.append(("time", raw))
            # A datetime without a year ("Dec 23") says nothing; the next <time> may.
            if not _lacks_year(raw):
                break

    titles = tree.xpath("//title")
    if titles:
        m.html_title = _text(titles[0]) or None
    m.h1 = _headline_h1(tree, m)
    if not m.date_candidates:
        visible = _visible_date(tree) or _date_under_headline(tree, m.h1)
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


def link_texts(tree) -> set[str]:
    """What the page's links say, lower-cased: the headlines a listing's teasers show.

    Read only for pages that declare no article, since only their extracted text is
    checked for teasers; the walk over every link costs a millisecond or two a page."""
    texts: set[str] = set()
    for a in tree.iter("a"):
        if a.get("href"):
            text = " ".join("".join(a.itertext()).split()).lower()
            if len(text) >= 12 and " " in text:
                texts.add(text)
    return texts


_SEPARATORS = re.compile(r"\s+(?:[|\u2013\u2014\-:\u00b7\u2022\u00bb/]{1,2}|::)\s+")


_DOMAIN = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}$", re.I)


_LEADING_DOMAIN = re.compile(
    r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*"
    r"\.(?:com|org|net|io|co|uk|de|fr|nl|info|dev|app|ai|blog|news|me|eu|us|ca|au)$"
)


def clean_title(title: str | None, sitename: str | None) -> str | None:
    """Drop a " | Site name" style suffix or prefix from a ``<title>``."""
    if not title:
        return None
    # "davidbau.com Vibe Coding": the site's domain put before the title, no separator.
    # Written in lower case with a common top-level domain, so "Node.js 22 ships" stays.
    first, _, rest = title.partition(" ")
    if rest.strip() and _LEADING_DOMAIN.match(first) and not _SEPARATORS.match(" " + rest):
        title = rest.strip()
    parts = _SEPARATORS.split(title)
    if len(parts) == 1:
        return title
    if sitename:
        low = sitename.lower()
        kept = [p for p in parts if p.strip().lower() != low]
        if kept and len(kept) < len(parts):
            return " - ".join(kept).strip()
    # "GAME CHANGER | Newegg.com": a part that is a domain name is the site.
    kept = [p for p in parts if not _DOMAIN.match(p.strip())]
    if kept and len(kept) < len(parts):
        return " - ".join(kept).strip()
    # Nothing names the site: "Headline | Site" is the common order, so a first part of
    # two words or more, at least half as long as the longest, is the headline ("Klatch
    # Coffee | Shopify App Store"); otherwise the longest part ("Site | A long headline").
    longest = max(parts, key=len).strip()
    head = parts[0].strip()
    if len(head.split()) >= 2 and len(head) >= 0.5 * len(longest):
        return head
    return longest if len(longest) >= 0.5 * len(title) else title


def _heading_text(h) -> str:
    """A heading's text with a space for each ``<br>``: "Top MBA Programs (US)<br>Your
    Guide" is two phrases, not "(US)Your"."""
    parts: list[str] = [h.text or ""]
    for child in h:
        if isinstance(child.tag, str):
            parts.append(" " if child.tag == "br" else _heading_text(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def _headline_h1(tree, m: PageMeta) -> str | None:
    """The first ``<h1>`` that is a headline, not the site's logo or name; of several,
    the first that agrees with a declared title ("Jane's Notes:" above "The Fold-and-Cut
    Problem", titled "The Fold-and-Cut Problem (Jane)")."""
    site = (m.sitename or "").strip().lower()
    suffix_parts = {p.strip().lower() for p in _SEPARATORS.split(m.html_title or "")[1:]}
    found: list[str] = []
    for h in tree.iter("h1"):
        txt = _heading_text(h)
        low = txt.lower()
        if len(txt) < 4 or len(txt) > 300 or len(txt.split()) < 2:
            continue
        if low == site or low in suffix_parts:
            continue
        found.append(txt)
    if len(found) > 1:
        declared = [_words_of(t) for t in (m.headline, m.og_title, m.html_title) if t]
        for txt in found:
            if any(_shares_enough(_words_of(txt), d) for d in declared):
                return txt
    return found[0] if found else None


_TITLE_WORDS = re.compile(r"\w+")
_POSTED_TAIL = re.compile(r"\s+(posted|published|updated)\s+(on|by|at)\b.*$", re.IGNORECASE)


# Words every title shares: "The Go Blog" and "Defer, Panic, and Recover - The Go
# Programming Language" have "the" and "go" in common and are still different titles.
_TITLE_STOPWORDS = {
    "the", "a", "an", "of", "to", "and", "or", "in", "on", "for", "with", "at", "by", "from",
    "is", "are", "how", "what", "why", "your", "you", "our", "this", "that", "it", "its",
}  # fmt: skip


def _words_of(text: str) -> set[str]:
    return {w.lower() for w in _TITLE_WORDS.findall(text)} - _TITLE_STOPWORDS


def _shares_enough(h1: set[str], declared: set[str]) -> bool:
    """Half the shorter title's words, and two of them when both have two or more:
    one shared word ("AI", "Go") is a topic, not the same headline."""
    shorter = min(len(h1), len(declared))
    if not shorter:
        return False
    return len(h1 & declared) >= max(0.5 * shorter, min(2, shorter))


def _site_suffixed(title: str, sitename: str | None) -> bool:
    """ "Story | Section | Site" or "Story | Site name": parts that name the site, not
    a subtitle after a dash ("Death Spiral - How Small Languages Die")."""
    parts = [p.strip().lower() for p in _SEPARATORS.split(title)]
    site = (sitename or "").strip().lower()
    return len(parts) >= 3 or (len(parts) == 2 and bool(site) and site in parts[1:])


_LOST_CHARS = re.compile("[?\ufffd]")


def _lost_chars_pattern(h1: str) -> re.Pattern[str]:
    """The h1 with each "?" or U+FFFD standing for the one to three characters lost there
    ("Beginner? Guide" for "Beginner\u2019s Guide")."""
    return re.compile(".{1,3}".join(re.escape(part) for part in _LOST_CHARS.split(h1)))


_AROUND_DATE = " \t|\u00b7\u2022-\u2013\u2014,:"


def _mended_h1(h1: str, declared: list[str]) -> str:
    """The h1, unless a declared title shows what it lost or gained on the way.

    A page saved in the wrong encoding shows "Beginner? Guide" in its h1 where its
    og:title still says "Beginner's Guide"; a blog theme puts the post's date inside
    the h1 ("Dec 18 2025 Preparing a transition") when og:title has the headline alone.
    """
    for title in declared:
        if title == h1:
            return h1
        if _LOST_CHARS.search(h1) and _lost_chars_pattern(h1).fullmatch(title):
            return title  # differs only where the h1 has "?" or U+FFFD
        if title and title in h1:
            rest = h1.replace(title, "", 1).strip(_AROUND_DATE)
            if rest and _DATE_TEXT.fullmatch(rest):
                return title
    return h1


def _shouted(text: str) -> bool:
    """Written in capitals: four capital letters or more and no small one."""
    return sum(ch.isupper() for ch in text) >= 4 and not any(ch.islower() for ch in text)


def choose_title(m: PageMeta) -> str | None:
    """The visible headline (``<h1>``) when the page's declared titles agree with it,
    then JSON-LD ``headline``, og:title and ``<title>`` without the site's name.

    An ``<h1>`` that shares no words with any declared title is a menu label or a
    logo ("Mobile menu", "The Blog"), not the headline.
    """
    # og:title set to the site's name ("Robomow") declares the site, not the story.
    site = (m.sitename or "").strip().lower()
    declared = [t for t in (m.headline, m.og_title) if t and t.strip().lower() != site]
    h1 = _POSTED_TAIL.sub("", html_lib.unescape(m.h1)) if m.h1 else None
    if h1 and _shouted(h1) and (declared or m.html_title):
        # An h1 in capitals is styled as a label ("SUPPORTING GAAP COMPLIANCE") more often
        # than a headline, and where it is the headline the declared title has its case.
        h1 = None
    if h1:
        words = _words_of(h1)
        agrees = any(_shares_enough(words, _words_of(t)) for t in declared)
        if not declared and m.html_title:
            # <title> alone is often a shorter SEO title: it only has to share a word,
            # unless the h1 is long enough to be a headline anyway.
            agrees = bool(words & _words_of(m.html_title)) or len(words) >= 5
        if agrees or not (declared or m.html_title):
            if h1 == m.html_title and _site_suffixed(h1, m.sitename):
                # The <title> copied into the h1, " | Section | Site" and all.
                return clean_title(h1, m.sitename)
            titles = [*declared, clean_title(m.html_title, m.sitename)]
            return _mended_h1(h1, [html_lib.unescape(t) for t in titles if t])
    if m.headline:
        headline = clean_title(html_lib.unescape(m.headline), m.sitename) or ""
        # JSON-LD headlines are often cut at 110 characters; og:title has it whole.
        for longer in (m.og_title, m.html_title):
            whole = clean_title(html_lib.unescape(longer or ""), m.sitename) or ""
            if len(headline) >= 80 and len(whole) > len(headline) and whole.startswith(headline):
                return whole
        return headline or None
    if m.og_title and m.og_title.strip().lower() != site:
        return clean_title(html_lib.unescape(m.og_title), m.sitename)
    return clean_title(m.html_title, m.sitename)


_TEAM = re.compile(r"\b(staff|team|editors|editorial|desk|newsroom)\b", re.IGNORECASE)
_HANDLE = re.compile(r"[\w.\-]+")
_NAME_WORD = re.compile(r"[A-Z\u00c0-\u024f][\w.'\u2019-]*")


# Lower-case words of a person's name; "and", "of" or "the" join or name something else.
_PERSON_PARTICLES = _NAME_PARTICLES - {"and", "und", "et", "&", "of", "the"}


def _person_name(value: str | None) -> str | None:
    """A name that reads as one person's full name: two to five words, capitalised or
    name particles ("Marna van der Merwe"), no team word, digit, handle or address. Not
    "Orel" (an account) nor "Thomson Reuters Tax & Accounting" (a company)."""
    if not value:
        return None
    words = value.split()
    if not 2 <= len(words) <= 5 or _TEAM.search(value) or any(c.isdigit() for c in value):
        return None
    if not all(_NAME_WORD.fullmatch(w) or w in _PERSON_PARTICLES for w in words):
        return None
    if sum(w not in _PERSON_PARTICLES for w in words) < 2:
        return None
    return " ".join(words)


def choose_author(m: PageMeta) -> str | None:
    """JSON-LD people and the visible byline, then ``<meta name=author>``, then the
    "Written by" twitter label, then the name beside an author's photo, then a JSON-LD
    organisation.

    The byline wins over JSON-LD when the two name the same person and differ only
    after a comma ("Jane Doe, MD" against "Jane Doe"; "Jane Doe" against "Jane Doe,
    The Gazette"): the page shows it that way. It also wins when the JSON-LD
    "person" is the publisher or a one-word account ("KatieS"). A desk's byline
    ("Gazette Staff") gives way to a person's full name in ``<meta name=author>``.
    """
    site = {(m.sitename or "").lower(), *(o.lower() for o in m.org_authors)}
    persons = [p for p in dict.fromkeys(m.authors) if p.lower() not in site]
    byline = m.byline
    if byline and not persons:
        # "Aidoc Staff" over the page, a person's name in <meta name=author>: the desk
        # signs, the person wrote.
        person = _person_name(m.meta_author)
        if person and (_TEAM.search(byline) or not _person_name(byline.split(",")[0])):
            return person
        return byline
    if byline and len(persons) == 1 and _HANDLE.fullmatch(persons[0]) and " " in byline.strip():
        # JSON-LD names the CMS account ("KatieS"); the page names the writer.
        return byline
    if byline and len(persons) == 1:
        # "Jane Doe Staff Writer" against "Jane Doe" is not the same name with more.
        shorter, longer = sorted((byline, persons[0]), key=len)
        rest = longer[len(shorter) :] if longer.lower().startswith(shorter.lower()) else ""
        if rest.lstrip().startswith(","):
            return byline
    if persons:
        return ", ".join(persons)
    for declared in (m.meta_author, m.meta_writer):
        # A URL or a number (a social profile's id) names no one.
        if declared and not declared.startswith("http") and not declared.strip().isdigit():
            name = clean_byline(declared) or declared.strip()
            if name:
                return name
    if m.pictured and not m.authors:
        return m.pictured
    if m.authors or m.org_authors:
        return ", ".join(dict.fromkeys(m.authors + m.org_authors))
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
    return _parse_loose_date(raw)


_MONTH_NAMES = {
    name: i
    for i, names in enumerate(
        [
            ("jan", "january", "janvier", "januar", "enero", "gennaio"),
            ("feb", "february", "février", "fevrier", "februar", "febrero", "febbraio"),
            ("mar", "march", "mars", "märz", "marz", "marzo"),
            ("apr", "april", "avril", "abril", "aprile"),
            ("may", "mai", "mayo", "maggio"),
            ("jun", "june", "juin", "juni", "junio", "giugno"),
            ("jul", "july", "juillet", "juli", "julio", "luglio"),
            ("aug", "august", "août", "aout", "agosto"),
            ("sep", "sept", "september", "septembre", "septiembre", "settembre"),
            ("oct", "october", "octobre", "oktober", "octubre", "ottobre"),
            ("nov", "november", "novembre", "noviembre"),
            ("dec", "december", "décembre", "decembre", "dezember", "diciembre", "dicembre"),
        ],
        start=1,
    )
    for name in names
}
_DATE_TEXT = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2})?|\d{1,2}[./]\d{1,2}[./]\d{4}"
    r"|[A-Za-z\u00e4\u00e9\u00fb]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}(?:st|nd|rd|th|\.)?\s+(?:of\s+)?[A-Za-z\u00e4\u00e9\u00fb]{3,9}\.?,?\s+\d{4}"
)
# "Last updated March 3, 2025 by <a>Erik Demaine</a>", "Posted on 2025-12-16 by Jane
# Doe": a date line that ends with its author, the name in the same text or the next.
# The scan looks for "by" first, and only then for the date before it; a leading "\b"
# would cost the regex its fast first-letter search (four times slower over a page).
_BY_THEN_NAME = re.compile(r"[Bb][Yy]\s*:?\s*(?:\x00\s*)?([^\x00]{2,60}?)\s*\x00")
_DATE_BEFORE_BY = re.compile(
    r"\s*(?i:(?:last\s+)?(?:updated|modified|posted|published|written|created)"
    r"(?:\s+on)?\s*:?\s+)?(?:" + _DATE_TEXT.pattern + r")\s*,?\s+"
)


def _dated_by(body, texts: list[str]) -> str | None:
    """The author at the end of a date line, for a page with no byline of its own.
    ``texts`` is ``_ALL_TEXTS(body)``, which the plain byline scan read already."""
    joined = "\x00" + "\x00".join(texts) + "\x00"
    for m in _BY_THEN_NAME.finditer(joined):
        start = joined.rfind("\x00", 0, m.start()) + 1
        if m.start() - start > 80 or not _DATE_BEFORE_BY.fullmatch(joined, start, m.start()):
            continue  # the date pattern ends in a space, so "by" opens a word here
        found = _NTH_TEXT(body, n=joined.count("\x00", 0, m.start(1)))
        el = found[0].getparent() if found else None
        if el is None or el.tag in ("script", "style") or _elsewhere(el):
            continue
        name = clean_byline(m.group(1))
        if name and name_like(name):
            return name
    return None


_NAMED_MDY = re.compile(r"\b([a-zäéû]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.I)
_NAMED_DMY = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th|\.)?\s+(?:of\s+)?([a-zäéû]{3,9})\.?,?\s+(\d{4})\b", re.I
)
_NUMERIC = re.compile(r"\b(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})\b")


def _safe_date(y: int, mo: int, d: int) -> str | None:
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        return None


def _parse_loose_date(raw: str) -> str | None:
    """Dates as people write them. A day or month that cannot be told apart gives None."""
    from email.utils import parsedate_to_datetime

    try:
        parsed = parsedate_to_datetime(raw)
        if parsed:
            return parsed.isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    m = _NAMED_MDY.search(raw)
    if m and m.group(1).lower() in _MONTH_NAMES:
        return _safe_date(int(m.group(3)), _MONTH_NAMES[m.group(1).lower()], int(m.group(2)))
    m = _NAMED_DMY.search(raw)
    if m and m.group(2).lower() in _MONTH_NAMES:
        return _safe_date(int(m.group(3)), _MONTH_NAMES[m.group(2).lower()], int(m.group(1)))
    m = _NUMERIC.search(raw)
    if m:
        a, b, c = (int(x) for x in m.groups())
        if len(m.group(1)) == 4:
            return _safe_date(a, b, c)
        if len(m.group(3)) == 4:
            if a > 12 >= b:
                return _safe_date(c, b, a)  # day first
            if b > 12 >= a:
                return _safe_date(c, a, b)  # month first
            if a == b:
                return _safe_date(c, a, b)
    return None


_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")


def _lacks_year(raw: str) -> bool:
    """ "Dec 23" or "May 28": a date the page shows without its year is incomplete, not
    impossible, so it neither answers nor blocks the later sources."""
    return not _YEAR.search(raw)


def choose_published(m: PageMeta, tree=None, url: str | None = None) -> tuple[str | None, bool]:
    """(date, declared): JSON-LD, then meta tags, then ``<time>``, then htmldate.

    ``declared`` is True when the page declared a date. When every declared date is
    impossible (2024-02-30) the answer is None: htmldate is not asked, because
    guessing from the rest of the page is how invented dates are made. A declared
    date without a year ("Dec 23") is not a declaration. A numeric date that reads
    two ways ("03-09-2026") is settled by the date the page shows, if it is one of
    the two; otherwise it stays unread.
    """
    candidates = [raw for _source, raw in m.date_candidates if not _lacks_year(raw)]
    shown_day: str | None = None  # read from the page once, only if a date is ambiguous
    for raw in candidates:
        value = parse_date(raw)
        if value:
            return value, True
        readings = _numeric_readings(raw)
        if readings and tree is not None:
            if shown_day is None:
                shown = _visible_date(tree) or _date_under_headline(tree, m.h1)
                shown_day = (parse_date(shown) or "")[:10] if shown else ""
            if shown_day in readings:
                return shown_day, True
    if candidates or tree is None:
        return None, bool(candidates)
    return _htmldate(tree, url), False


_AMBIGUOUS = re.compile(r"\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s*")


def _numeric_readings(raw: str) -> set[str]:
    """The two days a numeric date can mean ("03-09-2026": 9 March or 3 September)
    when nothing in it tells them apart; the page's shown date may."""
    m = _AMBIGUOUS.fullmatch(raw)
    if not m:
        return set()
    a, b, y = (int(x) for x in m.groups())
    if a == b or a > 12 or b > 12:
        return set()
    return {d for d in (_safe_date(y, a, b), _safe_date(y, b, a)) if d}


def _htmldate(tree, url: str | None) -> str | None:
    import logging

    from htmldate import find_date

    logging.getLogger("htmldate").setLevel(logging.ERROR)
    try:
        found = find_date(
            tree, url=url, extensive_search=False, original_date=True, outputformat="%Y-%m-%d"
        )
    except Exception:  # noqa: BLE001 - a date is optional; a crash in it must not cost the text
        return None
    return parse_date(found) if found else None


def parse_html(html: str):
    """Parse once; every later step reads this tree."""
    tree = lxml_html.document_fromstring(html)
    _adopt_trailing_content(tree)
    return tree


def _adopt_trailing_content(root) -> None:
    """Put what follows a stray ``</body></html>`` into the body, as browsers do.

    libxml2 starts a second top-level ``<html>`` for it instead, which nothing that
    reads ``root.find("body")`` (trafilatura, the debris rules, the main block) sees:
    on 12 of the 711 dev pages such a sibling exists, and on one it held the whole
    article. The HTML standard's "after body" modes reprocess such content in the body.
    """
    trailing = []
    sibling = root.getnext()
    while sibling is not None:
        trailing.append(sibling)
        sibling = sibling.getnext()
    trailing = [el for el in trailing if isinstance(el.tag, str)]
    if not trailing:
        return
    body = root.find("body")
    if body is None:
        body = etree.SubElement(root, "body")
    for el in trailing:
        if el.tag != "html":
            body.append(el)
            continue
        for part in list(el):
            if part.tag in ("head", "body"):
                _append_text(body, part.text)
                for child in list(part):
                    body.append(child)
            else:
                body.append(part)


def _append_text(parent, text: str | None) -> None:
    if not text or not text.strip():
        return
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text
