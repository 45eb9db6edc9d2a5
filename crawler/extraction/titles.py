"""A page's title: the visible headline, else the declared titles without their site part. Pure."""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import urlsplit

from crawler.extraction.dates import DATE_TEXT
from crawler.extraction.html import heading_text
from crawler.extraction.page import PageMeta

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


def headline_h1(tree, m: PageMeta) -> str | None:
    """The first ``<h1>`` that is a headline, not the site's logo or name; of several,
    the first that agrees with a declared title ("Jane's Notes:" above "The Fold-and-Cut
    Problem", titled "The Fold-and-Cut Problem (Jane)")."""
    site = (m.sitename or "").strip().lower()
    suffix_parts = {p.strip().lower() for p in _SEPARATORS.split(m.html_title or "")[1:]}
    found: list[str] = []
    for h in tree.iter("h1"):
        txt = heading_text(h)
        low = txt.lower()
        if len(txt) < 4 or len(txt) > 300 or len(txt.split()) < 2:
            continue
        if low == site or low in suffix_parts or _is_masthead(h):
            continue
        found.append(txt)
    if len(found) > 1:
        declared = [_words_of(t) for t in (m.headline, m.og_title, m.html_title) if t]
        for txt in found:
            if any(_shares_enough(_words_of(txt), d) for d in declared):
                return txt
    return found[0] if found else None


def _is_masthead(h1) -> bool:
    """The site's name as a link home (``<h1 class="title"><a href="/">``): Blogger and
    many themes set the blog's name in the ``<h1>`` on every page, the post's title lower."""
    links = list(h1.iter("a"))
    if len(links) != 1 or heading_text(links[0]) != heading_text(h1):
        return False
    href = (links[0].get("href") or "").strip()
    if not href or href.startswith("#"):
        return False  # a link to nowhere, or within the page: not a way home
    return urlsplit(href).path in ("", "/", "/index.html", "/index.php")


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
            if rest and DATE_TEXT.fullmatch(rest):
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
