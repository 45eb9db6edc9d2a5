"""The standfirst: the sentence or two under the headline that sum the story up (a dek,
subtitle or strapline). Readers want it; it is not the story's text, and benchmarks of
article text leave it out. So it is found beside the headline, kept in a field of its
own, and its line taken out of the text. Pure.

The tree is left as it is: taking the element out before trafilatura runs changed which
block trafilatura took for the story on some pages (one dev page lost its text to a
footer that repeats the standfirst)."""

from __future__ import annotations

import re

from lxml import etree

from crawler.extraction.html import class_words, heading_text

# Words that CMS themes use for it: "article-standfirst", "c-dek", "post-subtitle",
# "entry-excerpt", "chapo" (French), "strapline".
_WORDS = {
    "standfirst",
    "dek",
    "deck",
    "subtitle",
    "subheadline",
    "subhead",
    "strapline",
    "excerpt",
    "summary",
    "description",
    "abstract",
    "tagline",
    "chapo",
    "chapeau",
    "sapo",
}
_BLOCKS = {"p", "div", "h2", "h3", "h4", "span", "section", "header", "summary"}
_FOLLOWING = etree.XPath("following::*[position() <= 40]")
_PARAGRAPHS = etree.XPath("count(.//p)")
_WORD = re.compile(r"\w+")


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def find_standfirst(tree, headline: str | None) -> str | None:
    """The standfirst's text, or None: the first block after the ``<h1>`` and before the
    story's first paragraph that its markup calls one (``_WORDS``). A declared summary
    (``og:description``) is not enough: WordPress writes the first paragraph there."""
    if not headline:
        return None
    h1 = next((h for h in tree.iter("h1") if heading_text(h) == headline), None)
    if h1 is None:
        return None
    for el in _FOLLOWING(h1):
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "noscript"):
            continue
        text = " ".join("".join(el.itertext()).split())
        words = len(text.split())
        if el.tag == "p" and words >= 40:
            return None  # the story has begun
        if el.tag not in _BLOCKS or not 4 <= words <= 80 or _PARAGRAPHS(el) > 1:
            continue
        if class_words(el) & _WORDS:
            return text
    return None


def without_standfirst(text: str, standfirst: str | None) -> str:
    """The text without the standfirst's line, where trafilatura kept it (among the first
    lines only: the same sentence further down is the story's own)."""
    if not standfirst:
        return text
    want = _norm(standfirst)
    lines = text.split("\n")
    for i, line in enumerate(lines[:6]):
        if _norm(line) == want:
            return "\n".join(lines[:i] + lines[i + 1 :])
    return text
