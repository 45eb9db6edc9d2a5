"""Who wrote a page: JSON-LD people, the visible byline, and what signs a page without one.

Pure."""

from __future__ import annotations

import html as html_lib
import re

from lxml import etree

from crawler.extraction.dates import DATE_TEXT, parse_date
from crawler.extraction.html import (
    BYLINE_WORDS,
    DATE_WORDS,
    MARKED,
    attrs_containing,
    class_words,
    elsewhere,
    short_text,
    spaced_text,
)
from crawler.extraction.page import PageMeta

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
    m = DATE_TEXT.match(value)
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


_AUTHOR_LINK = re.compile(
    r"/(author|authors|writers?|profiles?|people|staff|journalists?|contributors?)/", re.I
)


# Preselection in XPath, which lxml runs in C: the elements whose attributes might
# mark a byline (or a date), in page order. Python then applies the exact rules to
# these few instead of splitting the class of every element on the page. ``contains``
# is case-sensitive and costs a copy per call, so the parts are few and drop their
# first letter: "uthor" finds "author-name" and "AuthorName".


_BYLINE_CANDIDATES = etree.XPath(
    " | ".join(
        (
            attrs_containing(MARKED, ("uthor", "yline", "riter", "ontrib", "ubmitted")),
            attrs_containing(("itemprop", "rel"), ("author",)),
            ".//a/@href["
            + " or ".join(
                f"contains(., '{p}')"
                for p in ("uthor", "riter", "rofile", "eople/", "taff/", "ournalist", "ontributor")
            )
            + "]/..",
        )
    )
)


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


_BYLINE_SKIP = {"bio", "box", "avatar", "img", "image", "photo", "description", "about"}
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
        words = class_words(el)
        if not words & BYLINE_WORDS:
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
        if elsewhere(el):
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
        or (class_words(el) & BYLINE_WORDS and "name" in class_words(el))
    )
    if not marked:
        return None
    text = short_text(_name_part(el), 40)
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
        if short_text(node, 300) is None:
            break
        names: list[str] = []
        gap: list[str] = []
        for kind, value in _links_and_text(node):
            if kind == "text":
                gap.append(value)
                continue
            if names and _OTHER_CREDIT.search(" ".join(gap)):
                break
            other = clean_byline(spaced_text(value))
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
    text = short_text(part, 120)
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
            line = short_text(child, 80)
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
        if "name" in class_words(child) or child.get("itemprop") == "name":
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
        elif el.tag == "time" or class_words(el.getparent()) & (DATE_WORDS | BYLINE_WORDS):
            # "<time>..</time> by Jane Doe": the by-line after the date, in its tail.
            name = _plain_line(None, own)
        else:
            continue
        if name and not elsewhere(el):
            return name
    return None


def _plain_line(el, own: str) -> str | None:
    """The name in a line that opens with "By" or a byline label."""
    if len(own) > 80:
        return None
    spaced = short_text(el, 120) if el is not None else own
    if not spaced:
        return None
    m = _PLAIN_BY.match(spaced)
    if m:
        marked = el is not None and class_words(el) & (DATE_WORDS | BYLINE_WORDS)
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
    marks = class_words(el) | class_words(holder) if holder is not None else set()
    if marks & (DATE_WORDS | BYLINE_WORDS):
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
    text = short_text(link, 100)
    name = clean_byline(text) if text else None
    return name if name and name_like(name) else None


def _after_label(label, in_tail: bool) -> str | None:
    """The name after a byline label: the label element's tail, else the next element.

    Only in a short line: "a parser by <a>Jane</a>" inside a paragraph credits
    someone's work, not the article.
    """
    line = label.getparent()
    if line is None or short_text(line, 160) is None:
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
            items = [short_text(li, 100) for li in nxt.iterchildren("li")]
            names = [clean_byline(t) for t in items if t]
            names = [n for n in names if n and name_like(n)]
            return ", ".join(names) if names and len(names) == len(items) else None
        text = short_text(nxt, 100)
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
    if class_words(img) & _AVATAR_WORDS or _AVATAR_SRC.search(img.get("src") or ""):
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
        if kind is False or elsewhere(img) or img.xpath("ancestor::figure"):
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


# "Last updated March 3, 2025 by <a>Erik Demaine</a>", "Posted on 2025-12-16 by Jane
# Doe": a date line that ends with its author, the name in the same text or the next.
# The scan looks for "by" first, and only then for the date before it; a leading "\b"
# would cost the regex its fast first-letter search (four times slower over a page).
_BY_THEN_NAME = re.compile(r"[Bb][Yy]\s*:?\s*(?:\x00\s*)?([^\x00]{2,60}?)\s*\x00")
_DATE_BEFORE_BY = re.compile(
    r"\s*(?i:(?:last\s+)?(?:updated|modified|posted|published|written|created)"
    r"(?:\s+on)?\s*:?\s+)?(?:" + DATE_TEXT.pattern + r")\s*,?\s+"
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
        if el is None or el.tag in ("script", "style") or elsewhere(el):
            continue
        name = clean_byline(m.group(1))
        if name and name_like(name):
            return name
    return None
