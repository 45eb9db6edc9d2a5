"""Site templates: blocks that recur across one site's articles, and pruning them. Pure.

A page extractor sees one page and strips what its rules can name. A crawl sees a whole
site: a block whose text recurs on many of its articles ("Notes from the newsroom", a
reader-support paragraph, a corrections line set among the paragraphs), or whose place
in the page recurs with the same few texts ("Filed under Sport"), is the site's
template, whatever its class names or words.

This module holds what extraction needs for that, and the rule that decides it:

- a **block** is an element that holds text of its own (not an inline element inside
  another block); its **text hash** is of its text with case, digits and spacing
  folded, its **fingerprint** of its path from ``<body>`` with class names normalised
  (a class with a digit in it, as CSS-in-JS hashes have, counts as one class);
- an extraction **observes** the blocks its text came from (and those a profile took
  out): the crawl counts them per site (``schemas.templates``);
- ``learn`` turns a site's counts into a **profile**: the text hashes on at least
  ``min_pages`` and ``min_share`` of the site's articles, and the fingerprints as
  common whose texts are few (``max_variety``): an article's own paragraphs never recur
  across articles, and a paragraph's place recurs with a new text every time;
- ``TemplateRules`` is the part of a profile extraction uses; ``prune`` removes its
  blocks from a tree, after the DOM debris rules and before trafilatura.

A standard disclosure or credit the site writes into every body is template by this
rule and is removed, as the text-level disclosure rules already remove the ones they
can name.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from lxml import etree

from crawler.extraction.html import remove_element

PROFILE_FORMAT = "newsarchive-template-profile/1"
# Kept for people, in the profile record and under an article in the viewer; the hash is
# of the whole text.
TEXT_SAMPLE = 300

_INLINE = frozenset(
    "a abbr b bdi bdo br cite code data del dfn em font i img ins kbd label mark q s samp"
    " small span strike strong sub sup time tt u var wbr".split()
)
_SKIP = frozenset({"script", "style", "noscript", "template", "head", "title", "svg"})
_STRING = etree.XPath("string()", smart_strings=False)
_DIGITS = re.compile(r"\d+")
_HAS_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Observation:
    """One block of a page: where it sits (0 when unknown) and what it says."""

    fingerprint: int
    text_hash: int
    text: str  # a sample, for people


@dataclass(frozen=True)
class TemplateThresholds:
    """When a block is template; the settings ``TEMPLATE_*`` (see docs/settings.md)."""

    min_site_pages: int = 10  # articles of a site before anything is learned from it
    min_pages: int = 5  # a block recurs on at least this many of them
    min_share: float = 0.3  # and on at least this share of them
    max_variety: float = 0.1  # a place is template when its texts are this few

    def needed(self, pages: int) -> int:
        return max(self.min_pages, math.ceil(self.min_share * pages))


@dataclass(frozen=True)
class TemplateRules:
    """What extraction needs of a profile; ``record_id`` names its WARC record."""

    record_id: str | None
    text_hashes: frozenset[int] = field(default_factory=frozenset)
    fingerprints: frozenset[int] = field(default_factory=frozenset)

    def __bool__(self) -> bool:
        return bool(self.text_hashes or self.fingerprints)


def norm_text(text: str) -> str:
    """Case, digits and spacing folded: "Updated 3 hours ago" is one text on every page."""
    return _DIGITS.sub("0", " ".join(text.split()).casefold())


def text_hash(text: str) -> int:
    """A signed 64-bit hash of a text, folded (an SQLite INTEGER)."""
    digest = hashlib.blake2b(norm_text(text).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _path_hash(path: str) -> int:
    digest = hashlib.blake2b(path.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True) or 1  # 0 means "unknown"


def _step(el) -> str:
    return _step_of(el.tag, el.get("class"))


@functools.lru_cache(maxsize=4096)
def _step_of(tag: str, cls: str | None) -> str:
    # Cached: a page repeats a few hundred tag and class pairs over thousands of elements.
    tokens = (cls or "").split()
    classes = sorted({"#" if _HAS_DIGIT.search(t) else t for t in tokens})
    return tag + "".join(f".{c}" for c in classes)


_NOT_INLINE = " or ".join(f"self::{t}" for t in sorted(_INLINE))
# Elements with text of their own (a text node child: their text or a child's tail), not
# inline: the candidate blocks, found in C in document order.
_BLOCKS = etree.XPath(f"descendant::*[text()[normalize-space()]][not({_NOT_INLINE})]")
# A template block is a box, a line, a paragraph or two: a longer text (a wrapper holding
# the article) is never one, and is not hashed.
MAX_BLOCK_CHARS = 2000


class _Places:
    """Elements' places, built on demand and shared along a page's paths: most blocks
    are never asked for theirs."""

    def __init__(self, body) -> None:
        self.body = body
        self._paths: dict[int, str] = {id(body): "body"}
        self._keep: list = [body]  # ids stay valid while the elements are alive

    def path(self, el) -> str:
        found = self._paths.get(id(el))
        if found is not None:
            return found
        parent = el.getparent()
        path = f"{self.path(parent)}/{_step(el)}" if parent is not None else _step(el)
        self._paths[id(el)] = path
        self._keep.append(el)
        return path

    def hash(self, el) -> int:
        return _path_hash(self.path(el))


def _walk(root) -> Iterator[tuple[object, _Places, str]]:
    body = root.find("body") if root.tag == "html" else root
    if body is None:
        return
    places = _Places(body)
    # Every element of a script, style, noscript, template or svg (small subtrees).
    hidden_els = [e for h in body.iter(*_SKIP) for e in h.iter()]
    hidden = {id(e) for e in hidden_els}  # ids stay valid: the list keeps them alive
    for el in _BLOCKS(body):
        if id(el) in hidden:
            continue
        text = _STRING(el)
        if len(text) > 2 * MAX_BLOCK_CHARS:
            continue  # spacing is not folded yet: far over the limit either way
        text = " ".join(text.split())
        if text and len(text) <= MAX_BLOCK_CHARS:
            yield el, places, text


def blocks(root) -> Iterator[tuple[object, str, str]]:
    """(element, path, text) of every block under ``root``, in document order."""
    for el, places, text in _walk(root):
        yield el, places.path(el), text


def prune(tree, rules: TemplateRules) -> list[Observation]:
    """Remove the blocks a profile names; what was removed, as observations."""
    if not rules:
        return []
    doomed = []
    named = rules.fingerprints
    for el, places, text in _walk(tree):
        h = text_hash(text)
        if h in rules.text_hashes or (named and places.hash(el) in named):
            doomed.append((el, Observation(places.hash(el), h, text[:TEXT_SAMPLE])))
    going = {id(el) for el, _ in doomed}  # the elements are alive: their ids are stable
    removed = []
    for el, obs in doomed:
        if any(id(anc) in going for anc in el.iterancestors()):
            continue  # inside a block that goes: gone with it
        remove_element(el)
        removed.append(obs)
    return removed


def drop_lines(text: str, rules: TemplateRules) -> tuple[str, int]:
    """Lines of an extracted text that a profile names (a block trafilatura joined to
    another or split): the text without them, and how many went."""
    if not rules.text_hashes:
        return text, 0
    lines = text.split("\n")
    kept = [
        ln
        for ln in lines
        if not ln.strip() or len(ln) > MAX_BLOCK_CHARS or text_hash(ln) not in rules.text_hashes
    ]
    return "\n".join(kept), len(lines) - len(kept)


def observe(tree, text: str, removed: Iterable[Observation] = ()) -> tuple[Observation, ...]:
    """The blocks an article's text came from, with those a profile removed: what the
    crawl counts for the site. A line whose block is not found (trafilatura joined or
    split it) is counted by its text alone."""
    lines: dict[int, str] = {}
    for line in text.split("\n"):
        if line.strip() and len(line) <= MAX_BLOCK_CHARS:
            lines.setdefault(text_hash(line), line)
    found: dict[tuple[int, int], Observation] = {}
    matched: set[int] = set()
    for el, places, block_text in _walk(tree):
        h = text_hash(block_text)
        if h in lines:
            fp = places.hash(el)
            found.setdefault((fp, h), Observation(fp, h, lines[h][:TEXT_SAMPLE]))
            matched.add(h)
    for h, line in lines.items():
        if h not in matched:
            found.setdefault((0, h), Observation(0, h, line[:TEXT_SAMPLE]))
    for obs in removed:
        found.setdefault((obs.fingerprint, obs.text_hash), obs)
    return tuple(sorted(found.values(), key=lambda o: (o.fingerprint, o.text_hash)))


# -- learning ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SiteCounts:
    """What a site's stored articles contributed (``schemas.templates.site_counts``)."""

    pages: int
    # text hash: (articles it is on, a sample of its text)
    texts: dict[int, tuple[int, str]]
    # fingerprint: (articles it is on, distinct texts it held, a sample of one)
    places: dict[int, tuple[int, int, str]]


def learn(source: str, counts: SiteCounts, thresholds: TemplateThresholds) -> dict | None:
    """A site's profile (a JSON-ready dict), or None when it has too few articles."""
    if counts.pages < thresholds.min_site_pages:
        return None
    need = thresholds.needed(counts.pages)
    texts = sorted((h, n, sample) for h, (n, sample) in counts.texts.items() if n >= need)
    places = sorted(
        (fp, n, variety, sample)
        for fp, (n, variety, sample) in counts.places.items()
        if fp != 0 and n >= need and variety <= thresholds.max_variety * n
    )
    return {
        "format": PROFILE_FORMAT,
        "source": source,
        "pages": counts.pages,
        "thresholds": {
            "min_site_pages": thresholds.min_site_pages,
            "min_pages": thresholds.min_pages,
            "min_share": thresholds.min_share,
            "max_variety": thresholds.max_variety,
        },
        "texts": [{"hash": h, "pages": n, "text": s} for h, n, s in texts],
        "places": [
            {"fingerprint": fp, "pages": n, "texts": v, "text": s} for fp, n, v, s in places
        ],
    }


def profile_bytes(profile: dict) -> bytes:
    """The profile as it is archived: canonical JSON, so equal profiles are equal bytes."""
    return json.dumps(profile, sort_keys=True, ensure_ascii=False, indent=1).encode("utf-8")


def rules_of(profile: dict, record_id: str | None) -> TemplateRules:
    return TemplateRules(
        record_id,
        frozenset(int(t["hash"]) for t in profile.get("texts", [])),
        frozenset(int(p["fingerprint"]) for p in profile.get("places", [])),
    )


def read_profile(payload: bytes) -> dict:
    """A profile from its record's payload; ValueError when it is not one."""
    profile = json.loads(payload.decode("utf-8"))
    if not isinstance(profile, dict) or profile.get("format") != PROFILE_FORMAT:
        raise ValueError("not a newsarchive template profile")
    return profile


def same_rules(a: dict | None, b: dict | None) -> bool:
    """Whether two profiles remove the same blocks (their page counts may differ); no
    profile removes nothing, as an empty one does."""
    ra, rb = rules_of(a or {}, None), rules_of(b or {}, None)
    return (ra.text_hashes, ra.fingerprints) == (rb.text_hashes, rb.fingerprints)
