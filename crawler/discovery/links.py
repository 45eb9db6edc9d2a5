"""What the crawling process needs from a fetched page: its links, canonical, feeds.

Extraction parses every page again in a worker process; this parse runs on the
crawl's reactor thread, where each millisecond is taken from fetching. lxml with
parsel cost 1.8 ms on a 117 KB page; selectolax (lexbor, an HTML5 parser in C)
does the same reading in 0.7 ms, and parses as browsers do.

But an HTML5 parser checks the stack of open elements at every tag, so a page of
100,000 nested elements took lexbor 28 seconds of the reactor thread (hostile case
B42). libxml2 stops nesting at 256 levels and reads the same page in milliseconds.
A page whose tags leave more than ``MAX_LEXBOR_DEPTH`` elements open at some point
(estimated in C, 16 KB at a time) is read with lxml instead. Pure: no Scrapy here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree
from selectolax.lexbor import LexborHTMLParser

#: Past this many open elements (estimated), lexbor's cost grows with the square of the
#: depth; normal pages stay under 100.
MAX_LEXBOR_DEPTH = 2000
_CHUNK = 16 * 1024


@dataclass
class PageLinks:
    canonical: str | None = None  # the first <link rel=canonical> href, as written
    is_amp: bool = False  # <html amp> or <html ⚡>
    feeds: list[tuple[str, str, str]] = field(default_factory=list)  # (rel, type, href)
    hrefs: list[str] = field(default_factory=list)  # every <a href>, in document order
    parser: str = "lexbor"  # or "lxml", for pages nested too deep for lexbor


def open_depth(html: str) -> int:
    """An estimate of the most elements a page leaves open at once: start tags minus end
    tags at every 16 KB. Void elements and a stray "<" in a script count too; that only
    ever sends a page to the slower, safe parser."""
    depth = worst = 0
    for start in range(0, len(html), _CHUNK):
        chunk = html[start : start + _CHUNK]
        closes = chunk.count("</")
        depth += chunk.count("<") - 2 * closes
        worst = max(worst, depth)
    return worst


def read_links(html: str, *, with_hrefs: bool = True) -> PageLinks:
    """Read a page's links; ``with_hrefs=False`` skips the <a> elements (no link following)."""
    if open_depth(html) > MAX_LEXBOR_DEPTH:
        return _read_with_lxml(html, with_hrefs=with_hrefs)
    tree = LexborHTMLParser(html)
    out = PageLinks()
    # rel is a set of space-separated, case-insensitive keywords.
    canonical = tree.css_first('link[rel~="canonical" i][href]')
    if canonical is not None:
        out.canonical = canonical.attributes.get("href") or None
    root = tree.css_first("html")
    if root is not None:
        attrs = root.attributes
        out.is_amp = "amp" in attrs or "\u26a1" in attrs
    for node in tree.css("link[rel][type][href]"):
        attrs = node.attributes
        out.feeds.append((attrs.get("rel") or "", attrs.get("type") or "", attrs.get("href") or ""))
    if with_hrefs:
        out.hrefs = [href for node in tree.css("a[href]") if (href := node.attributes.get("href"))]
    return out


_CANONICAL = etree.XPath(
    "//link[contains(concat(' ', translate(normalize-space(@rel),"
    " 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), ' '), ' canonical ')]/@href",
    smart_strings=False,
)
_FEED_LINKS = etree.XPath("//link[@rel and @type and @href]")
_HREFS = etree.XPath("//a/@href", smart_strings=False)


def _read_with_lxml(html: str, *, with_hrefs: bool) -> PageLinks:
    out = PageLinks(parser="lxml")
    # As UTF-8 bytes: lxml refuses a str that starts with an XML encoding declaration.
    parser = etree.HTMLParser(recover=True, huge_tree=False, encoding="utf-8")
    root = etree.fromstring(html.encode("utf-8", "surrogatepass"), parser)
    if root is None:
        return out
    canonical = _CANONICAL(root)
    out.canonical = canonical[0] if canonical and canonical[0] else None
    html_el = root if root.tag == "html" else root.find(".//html")
    if html_el is not None:
        out.is_amp = "amp" in html_el.attrib or "\u26a1" in html_el.attrib
    out.feeds = [
        (el.get("rel") or "", el.get("type") or "", el.get("href") or "")
        for el in _FEED_LINKS(root)
    ]
    if with_hrefs:
        out.hrefs = [href for href in _HREFS(root) if href]
    return out
