"""Completing trafilatura's text from the page's main content block. Pure.

trafilatura was measured here to drop whole stretches of article text that sit
in page-builder modules, boxed sections or after a widget (on the dev set it
kept about 90% of the annotators' must-keep snippets). The block that holds
most of a page's paragraph text is a reliable second opinion: its prose
paragraphs that trafilatura left out are put back, in document order. So are
those of the region trafilatura's own text came from (the innermost element
holding 80% of it), which catches sections beside the main block. Only prose
is added (enough words, few links, not inside a link, not code), so menus, tables of
contents and teaser cards inside those blocks stay out.
"""

from __future__ import annotations

import re
from collections import defaultdict

from lxml import etree

_SCORED = ("p", "pre", "blockquote")
_BLOCKS = {"p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd"}
_CONTAINERS = {"div", "article", "main", "section", "td", "body", "span", "font", "center"}
_HEADINGS = {"h2", "h3", "h4", "h5", "h6"}


_STRING = etree.XPath("string()", smart_strings=False)


def _text(el) -> str:
    # str.split() and re's \s agree on what whitespace is; split/join and XPath's
    # string() (the same text as itertext) are several times cheaper.
    return " ".join(_STRING(el).split())


_NOT_ALNUM = re.compile(r"[\W_]+")


# ASCII text (most lines) is squashed by str.translate, several times faster than the
# regular expression, which gives the same result on it.
_ASCII_NOT_ALNUM = str.maketrans(
    "", "", "".join(c for c in map(chr, range(128)) if not c.isalnum())
)


def _squash(text: str) -> str:
    low = text.lower()
    if low.isascii():
        return low.translate(_ASCII_NOT_ALNUM)
    return _NOT_ALNUM.sub("", low)


def main_container(tree, paragraphs: list | None = None):
    """The element that holds the most paragraph text (its own and its children's)."""
    if paragraphs is None:
        body = tree.find("body")
        if body is None:
            return None
        paragraphs = _paragraphs(body)
    scores: dict = defaultdict(float)
    for el, text in paragraphs:
        n = len(text)
        parent = el.getparent()
        if parent is None:
            continue
        scores[parent] += n
        grand = parent.getparent()
        if grand is not None:
            scores[grand] += n / 2
    candidates = [(s, el) for el, s in scores.items() if el.tag in _CONTAINERS]
    if not candidates:
        return None
    return max(candidates, key=lambda pair: pair[0])[1]


def _paragraphs(body) -> list[tuple[object, str]]:
    """Paragraph-like elements with 40 characters of text or more, and their text."""
    out = []
    for el in body.iter(*_SCORED):
        text = _text(el)
        if len(text) >= 40:
            out.append((el, text))
    return out


def _blocks(container) -> list[tuple[str, str, float]]:
    """(tag, text, link density) of the outermost block elements, in document order."""
    return [(b.el.tag, b.text, b.density()) for b in _block_elements(container)]


def _key(text: str) -> str:
    """The first 60 letters and digits: enough to find a block in other text."""
    key = _squash(text[:200])[:60]
    if len(key) < 60 and len(text) > 200:
        key = _squash(text)[:60]
    return key


class _Block:
    """An outermost block element and its visible text; link density when asked."""

    __slots__ = ("el", "text", "linked", "_key")

    def __init__(self, el, text: str, linked: bool) -> None:
        self.el, self.text, self.linked, self._key = el, text, linked, None

    @property
    def key(self) -> str:
        if self._key is None:
            self._key = _key(self.text)
        return self._key

    def density(self) -> float:
        if self.linked:
            return 1.0  # a teaser card wrapped in one link is all link, paragraphs included
        links = sum(len(_text(a)) for a in self.el.iter("a"))
        return links / max(1, len(self.text))


def _block_elements(container) -> list[_Block]:
    out: list[_Block] = []

    def walk(el, linked: bool) -> None:
        for child in el:
            if not isinstance(child.tag, str) or child.tag in _CODE:
                continue
            if child.tag in _BLOCKS:
                text = _visible_text(child)
                if text:
                    out.append(_Block(child, text, linked))
                continue
            walk(child, linked or child.tag == "a")

    walk(container, container.tag == "a")
    return out


_CODE = {"script", "style", "template", "noscript"}
_HAS_CODE = etree.XPath("boolean(.//script | .//style | .//template | .//noscript)")
_VISIBLE = etree.XPath(
    ".//text()[not(ancestor::script or ancestor::style or ancestor::template"
    " or ancestor::noscript)]",
    smart_strings=False,
)


def _visible_text(el) -> str:
    """Text as a reader sees it: a style rule inside a heading is not words."""
    if _HAS_CODE(el):
        return " ".join(" ".join(_VISIBLE(el)).split())
    return _text(el)


def _chosen_region(paragraphs: list[tuple[object, str]], norm_lines: list[str]):
    """The innermost element that holds most of the text trafilatura kept.

    Where trafilatura's lines sit in the page is not returned by it; the paragraphs
    that begin its lines are found again (by their first 60 letters and digits), and
    the deepest element holding 80% of their characters is where it found the article.
    """
    wanted = {line[:60] for line in norm_lines if line}
    weight: dict = defaultdict(int)
    total = 0
    for el, text in paragraphs:
        if _key(text) not in wanted:
            continue
        total += len(text)
        for anc in el.iterancestors():
            weight[anc] += len(text)
    if not total:
        return None
    held = [el for el, w in weight.items() if w >= 0.8 * total]
    # Every element that holds 80% is an ancestor of the deepest one that does.
    region = max(held, key=lambda el: sum(1 for _ in el.iterancestors()), default=None)
    return None if region is None or region.tag in ("body", "html") else region


def _prose(tag: str, text: str, density: float) -> bool:
    if density > 0.3 or tag == "pre":
        return False
    words = len(text.split())
    if tag in ("h2", "h3", "h4", "h5", "h6"):
        return False  # headings alone are too often widget titles
    return words >= 12 and text[-1:] in ".!?\"'\u201d)\u2019:;"


def _lines_before(body, container, norm_lines: list[str]) -> int:
    """How many of trafilatura's lines come from blocks that precede ``container``."""
    order = {el: i for i, el in enumerate(body.iter())}
    start = order[container]
    last = -1
    for block in _block_elements(body):
        if order[block.el] >= start:
            break
        if block.key:
            found = next((i for i, line in enumerate(norm_lines) if block.key in line), -1)
            last = max(last, found)
    return last + 1


def complete(text: str, tree) -> tuple[str, int]:
    """trafilatura's text with missing prose paragraphs put back, in document order.

    Two blocks are asked: the one holding most of the page's paragraph text, then the
    region trafilatura's own text came from (it skips sections inside the article:
    page-builder modules, boxed or table-styled parts). Returns the text and how many
    paragraphs were added.
    """
    body = tree.find("body")
    if body is None or not text:
        return text, 0
    paragraphs = _paragraphs(body)
    region = _chosen_region(paragraphs, [_squash(ln) for ln in text.split("\n")])
    main = main_container(tree, paragraphs)
    if region is None:
        return _complete(text, body, region, main) or (text, 0)
    if main is None or main is region or region in set(main.iterancestors()):
        # The main block is part of the region: one pass over the region covers both.
        return _complete(text, body, region, region) or (text, 0)
    done = _complete(text, body, region, main)
    if done is not None and main in set(region.iterancestors()):
        return done  # the region is inside the main block, whose blocks were all asked
    text, added = done or (text, 0)
    more = _complete(text, body, region, region)
    return (more[0], added + more[1]) if more is not None else (text, added)


def _complete(text: str, body, region, container) -> tuple[str, int] | None:
    """``text`` with the prose paragraphs of ``container`` that it lacks put back;
    None when the container is not part of the article trafilatura found."""
    if container is None or not text:
        return text, 0
    blocks = _block_elements(container)
    if not blocks:
        return text, 0
    lines = [ln for ln in text.split("\n") if ln.strip()]
    # Compared as letters and digits only: trafilatura and this block format the same
    # text differently ("1" and "Look for a deal" on two lines, or a code block's lines
    # run together), and a paragraph it already has must not come back as "missing".
    norm_lines = [_squash(ln) for ln in lines]
    joined = "".join(norm_lines)
    covered = sum(len(b.text) for b in blocks if b.key in joined)
    total = sum(len(b.text) for b in blocks)
    if total == 0:
        return text, 0
    if covered < 0.4 * total:
        # Either trafilatura chose other text and this block is not the article, or it
        # skipped this part of the article (a table-styled section, a second body
        # column): then the block sits inside the region trafilatura's text came from.
        if region is None:
            return None
        if container is not region and region not in set(container.iterancestors()):
            return None
        # Little or nothing of the block is in the text to anchor it: it goes after the
        # lines that come from blocks before it in the page.
        pos = _lines_before(body, container, norm_lines)
    else:
        pos = 0  # next trafilatura line not yet emitted
    out: list[str] = lines[:pos]
    added = 0
    heading: str | None = None  # a missing subheading, kept if prose follows it
    for block in blocks:
        tag, btext, key = block.el.tag, block.text, block.key
        if tag in _HEADINGS and key not in joined and block.density() <= 0.3:
            heading = btext if len(btext.split()) <= 20 else None
            continue
        found = key in joined  # an empty key (no letters or digits) is never added
        match = (
            next((i for i in range(pos, len(lines)) if key in norm_lines[i]), None)
            if found and key
            else None
        )
        if match is None and len(btext) >= 20:
            bnorm = _squash(btext)
            match = next(
                (
                    i
                    for i in range(pos, len(lines))
                    if len(norm_lines[i]) >= 20 and norm_lines[i][:60] in bnorm
                ),
                None,
            )
        if match is not None:
            out.extend(lines[pos:match])
            if heading:
                out.append(heading)
                added += 1
            out.append(lines[match])
            pos = match + 1
        elif not found and _prose(tag, btext, block.density()):
            if heading:
                out.append(heading)
                added += 1
            out.append(btext)
            added += 1
        heading = None
    out.extend(lines[pos:])
    return "\n".join(out), added


def fallback_text(tree) -> str:
    """The main block's prose, for pages where trafilatura found nothing usable."""
    container = main_container(tree)
    if container is None:
        return ""
    kept = []
    for tag, text, density in _blocks(container):
        if density <= 0.3 and (_prose(tag, text, density) or len(text.split()) >= 8):
            kept.append(text)
    return "\n".join(kept)


def looks_like_listing(tree, min_units: int = 5, min_share: float = 0.5) -> bool:
    """Whether the main block is a run of teasers: short units that each lead with a
    headline-like link to a different page (a section front, a tag page, an archive).

    trafilatura often drops the linked headlines and keeps the summaries, so the
    extracted text alone does not show it; the structure does.
    """
    # Not main_container(): on a listing, the most paragraph text sits in one teaser.
    container = tree.find(".//main")
    if container is None:
        container = tree.find("body")
    if container is None:
        return False
    total = len(_text(container))
    if total == 0:
        return False
    seen: set[str] = set()
    teaser_chars = 0
    units = 0
    for unit in container.iter("article", "li", "div", "section", "tr"):
        hrefs = {
            a.get("href")
            for a in unit.iter("a")
            if a.get("href") and not a.get("href").startswith("#") and len(_text(a).split()) >= 4
        }
        if len(hrefs) != 1:
            continue  # none, or several teasers: the innermost unit is what we count
        href = hrefs.pop()
        text = _text(unit)
        if href in seen or len(text.split()) > 90:
            continue
        # the innermost unit around a link is enough: skip parents of counted units
        seen.add(href)
        units += 1
        teaser_chars += len(text)
    return units >= min_units and teaser_chars >= min_share * total
