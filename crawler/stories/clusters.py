"""Syndicated copies and near-duplicates: signatures, "Source link" evidence, clusters. Pure.

One story reaches readers as one article copied many times: wire copy on every outlet that
takes the wire, an aggregator's repost ending in "Source link", the same text lightly edited
by a second desk. A reader following the story wants each text once, under its original.
This module finds those copies from the corpus alone (the article's text, its page, its
dates) and never from the order in which pages arrived, so that ``scrapy clusters rebuild``
and the clusters kept up to date while crawling agree.

- ``signature``: a MinHash of the article's word shingles (``datasketch``), stored as bytes.
- ``source_link``: the original an aggregator's repost links to ("Source link",
  "Originally published at", "Read the original article").
- ``cluster``: all clusters of a set of articles at once (``scrapy clusters rebuild``).
- ``ClusterIndex``: the same clusters kept up to date one article at a time (store time).
- ``rebuild``, ``load_index``, ``record``, ``forget``: the same, on a corpus connection,
  through ``schemas.clusters``.

Two articles are copies when their estimated Jaccard similarity reaches ``THRESHOLD``, or
when one's source link is the other's address; a cluster is a connected group of copies.
Articles with no copy are in no cluster (the tables hold only articles that have copies:
on a news corpus most articles have none, and a report reads an article outside every
cluster as its own original).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from datasketch import MinHash
from lxml import etree
from lxml import html as lxml_html

from crawler import urls
from crawler.stories.topics import unmarked
from schemas import clusters as store

# -- parameters ------------------------------------------------------------------------------

#: Words per shingle. Five words are a phrase specific to one text: two different articles
#: on one story share names ("Netflix", "The Eternaut") and short phrases ("generative AI"),
#: which two- or three-word shingles would count as shared text, and rarely five words in a
#: row except inside a quote. Longer shingles make copies look less alike: every edited
#: word changes the ``SHINGLE_WORDS`` shingles that contain it, so a 600-word copy with 10
#: edited words keeps about 1 - 10*5/600 = 92% of its shingles (Jaccard about 0.85).
SHINGLE_WORDS = 5
#: Permutations of the MinHash. The estimate of a Jaccard similarity J has a standard
#: error of sqrt(J(1-J)/NUM_PERM): 0.044 at the threshold with 128, 0.041 at 0.3 and 0.7,
#: so a pair of texts that truly share 30% of their shingles is estimated at 0.5 or more
#: less than once in a million pairs (4.9 standard errors), and a copy that truly shares 70%
#: is missed as rarely. 256 would shrink the error by 30% for twice the time and space
#: (1 KB per article at 128).
NUM_PERM = 128
#: The MinHash's seed and permutation scheme are fixed, so that a signature computed in one
#: process, one run or one machine equals that of another (they are stored, and compared
#: with signatures computed years later). ``affine64`` is datasketch 2's bijective scheme
#: (no collision bias on long texts, unlike its ``legacy`` one); its values are 64-bit, as
#: the ``article_signatures.minhash`` column stores them. Named here, not left to the
#: library's default, which changed in datasketch 2.0.
SEED = 1
SCHEME = "affine64"
#: Estimated Jaccard similarity at which two texts are copies. A lightly edited copy (a
#: changed headline, a dropped paragraph, a dozen words changed, an aggregator's
#: disclaimer) stays above 0.6; two different articles on one story that share names and a
#: quote are below 0.1 (the tests measure both). 0.5 is where two texts of equal length
#: share two thirds of their shingles: far from both, within the estimate's error.
THRESHOLD = 0.5
#: Texts shorter than this many shingles (about 24 words) are never near-duplicates of
#: anything: stubs, captions and "live updates" placeholders look alike without being
#: copies, and a MinHash of a handful of shingles is too coarse to tell. A source link still
#: joins them.
MIN_SHINGLES = 20
#: Candidate pairs are found by banding (locality-sensitive hashing): two signatures are
#: compared when they agree on all ``LSH_ROWS`` values of at least one of ``LSH_BANDS``
#: bands. A pair with similarity J is a candidate with probability 1 - (1 - J^2)^20: 0.9968
#: at the threshold, 0.99997 at 0.6, and 0.18 at 0.1 (such candidates are then compared and
#: dropped: a comparison costs about a microsecond). 20 bands of 2 rows (of the 128 values)
#: keep the index small: 20 entries per article.
LSH_BANDS = 20
LSH_ROWS = 2

_HASH_BYTES = 8  # little-endian uint64 per MinHash value, as stored


class SignatureError(ValueError):
    """Stored signature bytes that are not a signature of these parameters."""


# -- signatures ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Signature:
    """An article's near-duplicate signature: its MinHash values as bytes (little-endian
    uint64, ``NUM_PERM`` of them, as stored) and how many distinct shingles it summarises
    (kept because a short text's MinHash is too coarse to compare: ``MIN_SHINGLES``)."""

    data: bytes
    shingles: int

    def to_bytes(self) -> bytes:
        """The bytes the ``article_signatures.minhash`` column stores."""
        return self.data

    @classmethod
    def from_bytes(cls, data: bytes, shingles: int) -> Signature:
        """A stored signature, refused if it was made with another number of permutations
        (comparing it with today's would estimate nonsense)."""
        data = bytes(data)
        if len(data) != NUM_PERM * _HASH_BYTES:
            raise SignatureError(
                f"a signature has {NUM_PERM * _HASH_BYTES} bytes ({NUM_PERM} values),"
                f" got {len(data)}"
            )
        if shingles < 0:
            raise SignatureError(f"a signature summarises 0 or more shingles, got {shingles}")
        return cls(data, int(shingles))

    @property
    def values(self) -> np.ndarray:
        """The MinHash values (a read-only view of the bytes)."""
        return np.frombuffer(self.data, dtype="<u8")

    def comparable(self) -> bool:
        """Whether the text is long enough to be compared at all (``MIN_SHINGLES``)."""
        return self.shingles >= MIN_SHINGLES

    def jaccard(self, other: Signature) -> float:
        """The estimated Jaccard similarity of the two texts' shingle sets: the share of
        MinHash values they agree on. 0.0 when either text has no shingles (two empty
        MinHashes agree everywhere without having anything in common)."""
        if self.shingles == 0 or other.shingles == 0:
            return 0.0
        return _agreement(self.values, other.values)


def _agreement(a: np.ndarray, b: np.ndarray) -> float:
    return int(np.count_nonzero(a == b)) / NUM_PERM


_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations
# Scripts written without spaces between words: each character is a token, so that their
# shingles are runs of five characters rather than one "word" per sentence.
_UNSPACED = (
    "\u0e00-\u0e7f\u0e80-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff"
)
_TOKEN = re.compile(rf"[{_UNSPACED}]|(?:(?![{_UNSPACED}])[^\W_])+")


def words(text: str) -> list[str]:
    """The words a signature is made of: case-folded, diacritics removed (NFKD without
    combining marks), punctuation and spacing dropped. So a copy whose outlet uses other
    quotes, dashes, capitals or accents, or whose extraction broke lines elsewhere, still
    has the same words."""
    return _TOKEN.findall(unmarked(text))


def shingles(text: str, title: str | None = None) -> set[bytes]:
    """The distinct ``SHINGLE_WORDS``-word shingles of the title and text (the title first,
    as a page shows it: a copy usually keeps its headline). A text of fewer words is one
    shingle; no words, none."""
    tokens = words(title or "") + words(text)
    if not tokens:
        return set()
    if len(tokens) < SHINGLE_WORDS:
        return {" ".join(tokens).encode()}
    return {
        " ".join(tokens[i : i + SHINGLE_WORDS]).encode()
        for i in range(len(tokens) - SHINGLE_WORDS + 1)
    }


def signature(text: str, title: str | None = None) -> Signature:
    """The near-duplicate signature of an article's text (and title): a MinHash of its word
    shingles with fixed parameters, so the same text gives the same bytes in any process."""
    found = shingles(text, title)
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, permutations=_PERMUTATIONS)
    if found:
        minhash.update_batch(list(found))  # a minimum: the order does not matter
    return Signature(minhash.hashvalues.astype("<u8").tobytes(), len(found))


# -- the "Source link" evidence ----------------------------------------------------------------

# An anchor whose own words say it leads to the original.
_LINK_SAYS = re.compile(
    r"^\W*(source (link|article)|original (article|story|post|report)"
    r"|(read|view|see) (the )?(original|full) (article|story|post|report)( (here|at|on)\b.*)?"
    r"|(read|view|see) (the )?original"
    r"|originally published( (at|on|in|by)\b.*)?)\W*$",
    re.IGNORECASE,
)
# A short line (paragraph, list item) that begins by saying the piece was published first
# elsewhere; its one link is the original. Not "Source: X" (see ``source_link``).
_LINE_SAYS = re.compile(
    r"^\W*(source link\s*:|originally published (at|on|in|by)\b"
    r"|(this|the) (article|story|post|report|piece) (was |is |has been |first )*"
    r"(originally |first )?(published|posted|appeared|republished) (at|on|in|by|from)\b"
    r"|(re)?published (here )?(with permission )?from\b|republished from\b"
    r"|first (published|appeared) (at|on|in|by)\b)",
    re.IGNORECASE,
)
_LINE_WORDS = 40  # a longer paragraph is prose that mentions a source, not a source line
# Parts of a page whose links are the site's or a picture's, never the article's original:
# navigation, sidebars, forms, and captions ("Image: <a>Source</a>" credits a photo).
_SKIPPED = {"nav", "aside", "form", "script", "style", "noscript", "template", "select"}
_SKIPPED |= {"figure", "figcaption"}
# The page's own header and footer ("Source" is a site footer's link to its code) unless
# they are an article's (an aggregator's theme may put its "Source link" in the entry's).
_FRAMES = {"header", "footer"}
_CONTENT = {"article", "main"}
_BLOCKS = {"p", "li", "div", "dd", "td", "section", "blockquote", "footer", "article", "body"}
_BLOCKS |= {"h1", "h2", "h3", "h4", "h5", "h6"}
_TEXT_LINK = re.compile(r"https?://[^\s<>\"')\]]+", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"\A\s*<\?xml\b[^>]*\?>")


def source_link(html: str | bytes | None, url: str, text: str | None = None) -> str | None:
    """The canonical URL of the original an article says it copies, or None.

    An aggregator's repost ends in a "Source link" to the article it took; republished
    pieces say "Originally published at ..." or "Read the original article". That link is
    the strongest evidence of a copy there is (a machine-translated repost shares no words
    with its original), so only links that say so count:

    - an anchor whose own text is "Source link", "Original article", "Read the original
      (article)", "Read the full story at ...", "Originally published ...";
    - otherwise the one link of a short line that begins "Originally published at/on/in/by",
      "This article was first published on", "Republished from", "Source link:".

    A bare "Source" or "Source: X" is not enough: on the 711 article pages of the
    development set, all 12 links these gave credited a chart, a photo, a statistic or a
    paper, and a copy that says only that is still found by its text. The rules above
    found 3 links on those pages and trafilatura's 990 evaluation pages, all three true
    reposts ("Read the original article", "This post originally appeared on Grist", "This
    article was originally published on ...").

    The link must lead to another site (a link on the page's own site is navigation: a
    category, an earlier piece of the same outlet's) and to a page below the site's front
    page, and not sit in navigation, a sidebar, a caption or the site's own header and
    footer. A line with links to several sites is passed over. Of several such links, an
    anchor that says it wins over a labelled line, and the last on the page over earlier
    ones (the evidence closes an aggregator's post).

    ``html`` is the page as fetched (the article's stored text has lost its links, and its
    "Source link" line is removed as debris); ``text`` is searched for the same lines
    written out with a URL ("Originally published at https://..."), when there is no page
    or it has none. ``url`` is the page's address, to resolve relative links and to know
    its site.
    """
    if html:
        found = _link_in_html(html, url)
        if found:
            return found
    if text:
        return _link_in_text(text, url)
    return None


def _link_in_html(html: str | bytes, url: str) -> str | None:
    try:
        if isinstance(html, str):
            tree = lxml_html.document_fromstring(_XML_DECLARATION.sub("", html, count=1))
        else:
            tree = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None
    said: list[str] = []
    lined: list[str] = []
    for anchor in tree.iter("a"):
        href = anchor.get("href")
        if not href or _outside_article(anchor):
            continue
        target = _original(href, url)
        if target is None:
            continue
        if _LINK_SAYS.match(_squash(anchor.text_content())):
            said.append(target)
            continue
        block = _block_of(anchor)
        line = _squash(block.text_content())
        if len(line.split()) > _LINE_WORDS or not _LINE_SAYS.match(line):
            continue
        sites = {
            _site(t)
            for t in (_original(a.get("href") or "", url) for a in block.iter("a"))
            if t is not None
        }
        if len(sites) == 1:
            lined.append(target)
    chosen = said or lined
    return chosen[-1] if chosen else None


def _link_in_text(text: str, url: str) -> str | None:
    found = None
    for line in text.splitlines():
        line = _squash(line)
        if len(line.split()) > _LINE_WORDS or not _LINE_SAYS.match(line):
            continue
        found_links = (m.rstrip(".,;:!?") for m in _TEXT_LINK.findall(line))
        targets = {t for t in (_original(m, url) for m in found_links) if t}
        if len({_site(t) for t in targets}) == 1:
            found = min(targets)
    return found


def _outside_article(anchor: Any) -> bool:
    tags = [a.tag for a in anchor.iterancestors()]
    if any(t in _SKIPPED for t in tags):
        return True
    frame = next((n for n, t in enumerate(tags) if t in _FRAMES), None)
    return frame is not None and not any(t in _CONTENT for t in tags[frame:])


def _block_of(element: Any) -> Any:
    for ancestor in element.iterancestors():
        if ancestor.tag in _BLOCKS:
            return ancestor
    return element


def _squash(text: str) -> str:
    return " ".join(text.split())


def _site(canonical: str) -> str:
    """A site: its host without ``www.``, and its port when it names one (two servers on
    one host are two sites, as two origins are)."""
    host, port = urls.host_and_port(canonical)
    host = host[4:] if host.startswith("www.") else host
    return f"{host}:{port}" if port else host


def _original(href: str, page_url: str) -> str | None:
    """``href`` as the canonical URL of an original on another site, or None."""
    target = urls.canonicalize_url(href.strip(), page_url)
    if not target:
        return None
    page = urls.canonicalize_url(page_url) or page_url
    if _site(target) == _site(page):
        return None
    path = target.split("://", 1)[-1].partition("/")[2]
    if not path.strip("/"):
        return None  # a site's front page is where it is, not what was copied
    return target


# -- clusters --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Member:
    """An article as clustering sees it. ``published`` is ISO 8601 or None, ``first_seen``
    when the corpus first stored it (ISO 8601), ``source_link`` the canonical URL of the
    original it says it copies (``source_link``), or None."""

    article_id: int
    url_key: str
    published: str | None
    first_seen: str | None
    signature: Signature
    source_link: str | None = None


@dataclass(frozen=True)
class ClusterMember:
    """One article of a cluster: its similarity to the original (estimated Jaccard; 1.0 for
    the original), its role (``original`` or ``copy``) and why it is there
    (``source_link`` when a source link joins it to another member, else
    ``near_duplicate``)."""

    article_id: int
    similarity: float
    role: str
    evidence: str


@dataclass(frozen=True)
class Cluster:
    """A group of copies of one text: its original, how the original was chosen
    (``source_link``: the copies link to it; ``earliest``: the earliest published), and its
    members, the original first, then by article id."""

    original_article_id: int
    evidence: str
    members: tuple[ClusterMember, ...]

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def article_ids(self) -> frozenset[int]:
        return frozenset(m.article_id for m in self.members)


@dataclass(frozen=True)
class Change:
    """What adding or removing one article did: ``touched``, the articles whose cluster may
    have changed (everything connected to it before and after), and ``clusters``, the
    clusters that now hold any of them. A touched article in none of them is in no cluster.
    ``schemas.clusters.update`` writes exactly this."""

    touched: frozenset[int]
    clusters: tuple[Cluster, ...]

    def cluster_of(self, article_id: int) -> Cluster | None:
        return next((c for c in self.clusters if article_id in c.article_ids), None)


def _utc(value: str | None) -> str | None:
    """An ISO 8601 date or time as a comparable UTC string; a date alone is its midnight,
    a time without an offset is taken as UTC; None when it cannot be read."""
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _age(member: Member) -> tuple[int, str, str, str]:
    """The order of "earliest": published first (undated members last), then first stored,
    then the address, so that a tie is broken by the articles, never by arrival."""
    published = _utc(member.published)
    first_seen = _utc(member.first_seen) or member.first_seen or ""
    return (published is None, published or "", first_seen, member.url_key)


def _link_key(member: Member) -> str | None:
    if not member.source_link:
        return None
    key = urls.url_key(member.source_link)
    return None if key == member.url_key else key


def _build(group: list[Member]) -> Cluster:
    """A connected group of copies as a cluster: its original (the one its copies link to,
    else the earliest published) and each member's similarity to it."""
    by_key = {m.url_key: m for m in group}
    targets = {_link_key(m) for m in group} - {None}
    linked = [m for m in group if m.url_key in targets]
    # A copy of a copy links to the copy: the original is where the links end.
    roots = [m for m in linked if _link_key(m) not in by_key]
    pool = roots or linked
    evidence = "source_link" if pool else "earliest"
    original = min(pool or group, key=_age)
    joined_by_link = {m.article_id for m in linked} | {
        m.article_id for m in group if _link_key(m) in by_key
    }
    members = [
        ClusterMember(
            m.article_id,
            1.0 if m is original else m.signature.jaccard(original.signature),
            "original" if m is original else "copy",
            "source_link" if m.article_id in joined_by_link else "near_duplicate",
        )
        for m in sorted(group, key=lambda m: (m is not original, m.article_id))
    ]
    return Cluster(original.article_id, evidence, tuple(members))


_MIX = np.uint64(0x9E3779B97F4A7C15)
_BAND_SALT = np.arange(1, LSH_BANDS + 1, dtype=np.uint64) * np.uint64(0xC2B2AE3D27D4EB4F)


def _band_keys(sig: Signature) -> np.ndarray:
    """One key per band: the band's values mixed with its number (a 64-bit hash: two bands
    that collide by chance only make a candidate, which is then compared)."""
    rows = sig.values[: LSH_BANDS * LSH_ROWS].reshape(LSH_BANDS, LSH_ROWS)
    key = _BAND_SALT.copy()
    for j in range(LSH_ROWS):
        key = (key ^ rows[:, j]) * _MIX
    return key


class _Bands:
    """Band keys to article ids: where an article's candidates are found.

    Most entries sit in two sorted arrays (16 bytes an entry, ``LSH_BANDS`` entries an
    article) searched by bisection; the latest additions sit in a dict until ``MERGE`` of
    them are merged into the arrays. Measured on 10,000 articles: a dict of every entry
    takes 1.8 KB an article, datasketch's ``MinHashLSH`` with the same bands 6 KB (with the
    MinHash objects it needs), the arrays 320 bytes (``bench/clusters.py``). At 100,000
    articles the whole index, signatures included, holds 0.18 GB in the corpus writer
    this way, 0.33 GB with a dict, 0.64 GB with ``MinHashLSH``. The
    banding itself is the textbook one ``MinHashLSH`` implements; only its storage is
    ours. An article removed or replaced while its entries are in the arrays is marked
    stale, and its entries there are ignored until the next merge drops them."""

    MERGE = 4096

    def __init__(self, merge_every: int = MERGE) -> None:
        self._merge_every = merge_every
        self._keys = np.empty(0, dtype=np.uint64)
        self._ids = np.empty(0, dtype=np.int64)
        self._recent: dict[int, list[int]] = {}
        self._recent_ids: set[int] = set()
        self._stale: set[int] = set()

    def candidates(self, keys: np.ndarray) -> set[int]:
        found: set[int] = set()
        if self._keys.size:
            low = np.searchsorted(self._keys, keys, "left")
            high = np.searchsorted(self._keys, keys, "right")
            for a, b in zip(low.tolist(), high.tolist(), strict=True):
                if b > a:
                    found.update(self._ids[a:b].tolist())
            found -= self._stale
        for key in keys.tolist():
            found.update(self._recent.get(key, ()))
        return found

    def add(self, article_id: int, keys: np.ndarray) -> None:
        for key in keys.tolist():
            self._recent.setdefault(key, []).append(article_id)
        self._recent_ids.add(article_id)
        if len(self._recent_ids) >= self._merge_every:
            self._merge()

    def remove(self, article_id: int, keys: np.ndarray) -> None:
        if article_id not in self._recent_ids:
            self._stale.add(article_id)
            return
        self._recent_ids.discard(article_id)
        for key in keys.tolist():
            held = self._recent[key]
            held.remove(article_id)
            if not held:
                del self._recent[key]

    def _merge(self) -> None:
        keep = ~np.isin(self._ids, np.fromiter(self._stale, dtype=np.int64))
        new_keys = np.fromiter((k for k, ids in self._recent.items() for _ in ids), dtype=np.uint64)
        new_ids = np.fromiter((i for ids in self._recent.values() for i in ids), dtype=np.int64)
        keys = np.concatenate([self._keys[keep], new_keys])
        ids = np.concatenate([self._ids[keep], new_ids])
        order = np.argsort(keys, kind="stable")
        self._keys, self._ids = keys[order], ids[order]
        self._recent, self._recent_ids, self._stale = {}, set(), set()


def _similar(a: Member, b: Member) -> bool:
    return (
        a.signature.comparable()
        and b.signature.comparable()
        and a.signature.jaccard(b.signature) >= THRESHOLD
    )


def cluster(members: Iterable[Member]) -> list[Cluster]:
    """All clusters of these articles, by original article id.

    Edges join two articles when their estimated Jaccard similarity reaches ``THRESHOLD``
    (candidates from the band index, each pair then compared) or when one's source link is
    the other's address; clusters are the connected groups of two or more (union-find).
    Edges depend only on the two articles, and connected groups only on the edges, so the
    result does not depend on the order of ``members``. An article given twice is kept
    once (the last given)."""
    by_id = {m.article_id: m for m in members}
    parent = {i: i for i in by_id}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    by_key: dict[str, list[int]] = {}
    for m in by_id.values():
        by_key.setdefault(m.url_key, []).append(m.article_id)
    comparable = [m for m in by_id.values() if m.signature.comparable()]
    for m in by_id.values():
        link = _link_key(m)
        for other in by_key.get(link, ()) if link else ():
            union(m.article_id, other)
    if comparable:
        keys = np.concatenate([_band_keys(m.signature) for m in comparable])
        ids = np.repeat(np.array([m.article_id for m in comparable], dtype=np.int64), LSH_BANDS)
        order = np.argsort(keys, kind="stable")
        keys, ids = keys[order], ids[order]
        starts = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1], [True]]))
        shared = np.flatnonzero(np.diff(starts) > 1)  # the keys of two entries or more
        for lo, hi in zip(starts[shared].tolist(), starts[shared + 1].tolist(), strict=True):
            bucket = ids[lo:hi].tolist()
            for i, a in enumerate(bucket):
                for b in bucket[i + 1 :]:
                    if a != b and find(a) != find(b) and _similar(by_id[a], by_id[b]):
                        union(a, b)
    groups: dict[int, list[Member]] = {}
    for i, m in by_id.items():
        groups.setdefault(find(i), []).append(m)
    found = [_build(g) for g in groups.values() if len(g) > 1]
    return sorted(found, key=lambda c: c.original_article_id)


class ClusterIndex:
    """The clusters of the articles added so far, kept up to date one article at a time.

    What ``add`` and ``remove`` leave is what ``cluster`` gives for the same articles, in
    any order: an edge depends only on its two articles, so the graph is the same however it
    was built, and so are its connected groups. It holds each article's signature (1 KB),
    its band keys (``_Bands``) and its edges, so that withdrawing an article or storing a
    new version can split a cluster as a rebuild would. ``merge_every``: how many articles
    the band index holds in a dict before merging them into its sorted arrays (a test sets
    it low to exercise the merge)."""

    def __init__(self, members: Iterable[Member] = (), *, merge_every: int = _Bands.MERGE) -> None:
        self._members: dict[int, Member] = {}
        self._edges: dict[int, set[int]] = {}
        self._bands = _Bands(merge_every)
        # An address -> the article at it, and -> the articles linking to it (an id alone,
        # or a set when there are several: most addresses have one, and a set costs 200 B).
        self._by_key: dict[str, int | set[int]] = {}
        self._linking: dict[str, int | set[int]] = {}
        for m in members:
            self.add(m)

    def __len__(self) -> int:
        return len(self._members)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._members

    def add(self, member: Member) -> Change:
        """Add an article (replacing the one with its id: a new version), and say which
        clusters that changed."""
        before = self._component(member.article_id) if member.article_id in self else set()
        if before:
            self._drop(member.article_id)
        self._insert(member)
        touched = before | self._component(member.article_id)
        return self._change(touched)

    def remove(self, article_id: int) -> Change:
        """Remove an article (withdrawn): its cluster may lose its original, split in two
        (it joined them) or dissolve (one article left)."""
        if article_id not in self:
            return Change(frozenset({article_id}), ())
        touched = self._component(article_id)
        self._drop(article_id)
        return self._change(touched)

    def cluster_of(self, article_id: int) -> Cluster | None:
        """The cluster holding this article, or None (no copies, or not added)."""
        if article_id not in self:
            return None
        group = self._component(article_id)
        return _build([self._members[i] for i in group]) if len(group) > 1 else None

    def clusters(self) -> list[Cluster]:
        """Every cluster, by original article id (as ``cluster`` gives them)."""
        seen: set[int] = set()
        found = []
        for i in sorted(self._members):
            if i in seen:
                continue
            group = self._component(i)
            seen |= group
            if len(group) > 1:
                found.append(_build([self._members[j] for j in group]))
        return sorted(found, key=lambda c: c.original_article_id)

    def _change(self, touched: set[int]) -> Change:
        clusters = []
        seen: set[int] = set()
        for i in sorted(touched):
            if i in seen or i not in self:
                continue
            group = self._component(i)
            seen |= group
            if len(group) > 1:
                clusters.append(_build([self._members[j] for j in group]))
        clusters.sort(key=lambda c: c.original_article_id)
        return Change(frozenset(touched), tuple(clusters))

    def _component(self, start: int) -> set[int]:
        group = {start}
        todo = [start]
        while todo:
            for j in self._edges.get(todo.pop(), ()):
                if j not in group:
                    group.add(j)
                    todo.append(j)
        return group

    def _connect(self, a: int, b: int) -> None:
        if a != b:
            self._edges.setdefault(a, set()).add(b)
            self._edges.setdefault(b, set()).add(a)

    def _insert(self, m: Member) -> None:
        i = m.article_id
        self._members[i] = m
        link = _link_key(m)
        for other in _held(self._by_key, link) if link else ():
            self._connect(i, other)
        for other in _held(self._linking, m.url_key):
            self._connect(i, other)
        _hold(self._by_key, m.url_key, i)
        if link:
            _hold(self._linking, link, i)
        if not m.signature.comparable():
            return
        keys = _band_keys(m.signature)
        candidates = self._bands.candidates(keys)
        self._bands.add(i, keys)
        for other in candidates:
            if other != i and _similar(m, self._members[other]):
                self._connect(i, other)

    def _drop(self, article_id: int) -> None:
        m = self._members.pop(article_id)
        for other in self._edges.pop(article_id, set()):
            self._edges[other].discard(article_id)
            if not self._edges[other]:
                del self._edges[other]
        _discard(self._by_key, m.url_key, article_id)
        link = _link_key(m)
        if link:
            _discard(self._linking, link, article_id)
        if not m.signature.comparable():
            return
        self._bands.remove(article_id, _band_keys(m.signature))


def _held(index: dict[str, int | set[int]], key: str) -> Iterable[int]:
    held = index.get(key)
    if held is None:
        return ()
    return (held,) if isinstance(held, int) else tuple(held)


def _hold(index: dict[str, int | set[int]], key: str, value: int) -> None:
    held = index.get(key)
    if held is None or held == value:
        index[key] = value
    elif isinstance(held, int):
        index[key] = {held, value}
    else:
        held.add(value)


def _discard(index: dict[str, int | set[int]], key: str, value: int) -> None:
    held = index.get(key)
    if held == value:
        del index[key]
    elif isinstance(held, set):
        held.discard(value)
        if len(held) == 1:
            index[key] = held.pop()


# -- on a corpus -----------------------------------------------------------------------------


def member_of(row: Mapping[str, Any]) -> Member:
    """A stored signature row (``schemas.clusters.signature_rows``) as a member."""
    return Member(
        article_id=int(row["article_id"]),
        url_key=row["url_key"],
        published=row["published"],
        first_seen=row["first_seen"],
        signature=Signature.from_bytes(row["minhash"], int(row["shingles"] or 0)),
        source_link=row["source_link"],
    )


def text_sha1(text: str) -> str:
    """The text's SHA-1, as ``articles.text_sha1`` records it (so a signature can say which
    text it was made from)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Rebuilt:
    """What ``rebuild`` did: signatures computed (missing or for an older version), articles
    clustered, clusters and the copies in them, and the seconds it took."""

    signed: int
    articles: int
    clusters: int
    copies: int
    seconds: float


def refresh_signatures(conn: sqlite3.Connection, *, everything: bool = False) -> int:
    """Sign every article whose signature is missing or was made from another text (a new
    version), from its stored text and title; every article with ``everything`` (after
    this module's parameters changed). The source link is kept as stored: it was read from
    the page when the article was stored, and the corpus has no page. Texts are read a few
    hundred at a time, so a large corpus is not held in memory. Returns how many."""
    stale = store.stale_article_ids(conn, everything=everything)
    for start in range(0, len(stale), 500):
        for row in store.article_rows(conn, stale[start : start + 500]):
            sig = signature(row["text"] or "", row["title"])
            store.save_signature(
                conn,
                row["id"],
                version=row["version"],
                text_sha1=row["text_sha1"] or text_sha1(row["text"] or ""),
                minhash=sig.to_bytes(),
                shingles=sig.shingles,
                source_link=row["source_link"],
            )
    return len(stale)


def members(conn: sqlite3.Connection) -> Iterator[Member]:
    """Every signed article of the corpus, as a member."""
    for row in store.signature_rows(conn):
        yield member_of(row)


def rebuild(conn: sqlite3.Connection, *, resign: bool = False) -> Rebuilt:
    """``scrapy clusters rebuild``: sign what is unsigned or stale (everything with
    ``resign``), cluster the whole corpus and replace every cluster, in one transaction.
    From the corpus alone: its texts, dates, addresses and the source links recorded when
    the pages were stored."""
    started = time.perf_counter()
    with store.atomic(conn):
        signed = refresh_signatures(conn, everything=resign)
        everything = list(members(conn))
        found = cluster(everything)
        store.rebuild(conn, found)
    return Rebuilt(
        signed=signed,
        articles=len(everything),
        clusters=len(found),
        copies=sum(c.size - 1 for c in found),
        seconds=time.perf_counter() - started,
    )


def load_index(conn: sqlite3.Connection) -> ClusterIndex:
    """The index of every signed article, for a crawl to keep clusters up to date."""
    return ClusterIndex(members(conn))


def record(
    conn: sqlite3.Connection,
    index: ClusterIndex,
    article_id: int,
    *,
    source_link: str | None,
    sig: Signature | None = None,
) -> Change:
    """Sign a stored (new or changed) article and put it in its cluster, in the caller's
    transaction: its signature row, then the clusters it changed (``schemas.clusters``).

    ``source_link`` is what ``source_link()`` found on its page; ``sig`` its signature when
    it was computed elsewhere (in the extraction worker, off the writer's thread), else it
    is computed here from the stored text."""
    row = store.article_row(conn, article_id)
    if row is None:
        raise store.ClusterStoreError(f"no article {article_id} to sign")
    if sig is None:
        sig = signature(row["text"] or "", row["title"])
    store.save_signature(
        conn,
        article_id,
        version=row["version"],
        text_sha1=row["text_sha1"] or text_sha1(row["text"] or ""),
        minhash=sig.to_bytes(),
        shingles=sig.shingles,
        source_link=source_link,
    )
    change = index.add(
        Member(article_id, row["url_key"], row["published"], row["first_seen"], sig, source_link)
    )
    store.update(conn, change.touched, change.clusters)
    return change


def forget(conn: sqlite3.Connection, index: ClusterIndex | None, article_id: int) -> None:
    """Take a withdrawn article out of its cluster and drop its signature, before its row
    is deleted: its cluster gets a new original, splits or dissolves as a rebuild would
    have it. The rest of its cluster is re-clustered from their stored signatures (a
    cluster's members connect to nothing outside it, so that is what a rebuild finds), and
    the index, if the crawl keeps one, forgets it too."""
    if index is not None:
        index.remove(article_id)
    store.forget(conn, article_id, lambda rows: cluster(member_of(r) for r in rows))
