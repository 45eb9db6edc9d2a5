"""The news-only rule: on a site that dates its news, an undated page is not news. Pure.

News articles carry a date or a byline, or declare themselves articles; static pages
(about, policies, "submit a tip") do none of that. On a site that has shown
``DATED_BEFORE_POLICY`` such articles, a page found by links that shows none of these
signs is refused as ``undated_page``. Pages a feed or sitemap listed are trusted: the
site itself called them news.

So that a crawl's corpus does not depend on the order pages arrive in, a page judged
before its site has shown enough evidence is stored as *doubtful* (mark 0) and withdrawn
at the end of the run once the corpus holds enough evidence (``Corpus.withdraw_static_pages``;
at the start of the next run too, after a kill). Every stored article carries its mark in
the corpus (``news_marks``) and in its WARC conversion record (``MARK_HEADER``), so that
``reextract`` withdraws the same pages without judging again.

The judge lives here; the pipeline asks it (``crawler.pipelines``), the corpus extension
and ``reextract`` run the withdrawal, ``schemas.corpus`` keeps the marks.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

#: Dated, signed or declared articles a site must show before undated pages are refused.
DATED_BEFORE_POLICY = 3
#: The WARC header of a conversion record that carries the rule's mark.
MARK_HEADER = "X-Newsarchive-News-Mark"

EVIDENCE = 1  # a dated, signed or declared article
DOUBTFUL = 0  # stored for now; withdrawn if its site turns out to date its news
REFUSED = "undated_page"  # the outcome of a page refused as an undated static page

_TRUSTED_VIA = ("feed", "sitemap")


@dataclass(frozen=True)
class Signs:
    """What extraction saw of a page that is an article, for the rule."""

    source: str | None  # the crawl source it belongs to
    via: str | None  # how it was found ("feed", "sitemap", "link", ...)
    url_key: str
    declared: bool
    dated: bool
    bylined: bool


class NewsOnlyRule:
    """The rule's judge for one run.

    ``stored`` counts a source's evidence articles in the corpus (up to ``enough``):
    asked once per source, so a scheduled run that meets a new static page before three
    new dated articles still knows the site dates its news. ``enabled`` off: every page is
    kept, but evidence is still marked (the corpus counts it for later runs)."""

    def __init__(
        self,
        stored: Callable[[str], int],
        *,
        enabled: bool = True,
        enough: int = DATED_BEFORE_POLICY,
    ) -> None:
        self.stored = stored
        self.enabled = enabled
        self.enough = enough
        self._dated: defaultdict[str | None, set[str]] = defaultdict(set)
        self._known: Counter[str | None] = Counter()  # what the corpus held at first ask
        self._asked: set[str | None] = set()

    def judge(self, signs: Signs) -> int | str | None:
        """``EVIDENCE``, ``DOUBTFUL`` (both marks to store), ``REFUSED``, or None: the rule
        has nothing to say of this page (no mark)."""
        if signs.declared or signs.dated or signs.bylined:
            self._dated[signs.source].add(signs.url_key)
            return EVIDENCE
        if not self._judges(signs):
            return None
        # Only on a site that does date its articles: where nothing is dated, an undated
        # page says nothing, and refusing it would lose every article.
        if self._count(signs.source) < self.enough and signs.source not in self._asked:
            self._asked.add(signs.source)
            self._known[signs.source] = self.stored(signs.source) if signs.source else 0
        return REFUSED if self._count(signs.source) >= self.enough else DOUBTFUL

    def _judges(self, signs: Signs) -> bool:
        """Whether the rule judges a page with no date, byline or declaration at all: it
        is on, the page's source is known, and no feed or sitemap vouched for it."""
        return self.enabled and signs.source is not None and signs.via not in _TRUSTED_VIA

    def _count(self, source: str | None) -> int:
        # Never more than the corpus will count at the end (``withdraw_static_pages``),
        # so a page refused now is one the end of the run would withdraw anyway.
        return max(len(self._dated[source]), self._known[source])


def mark_header(source: str | None, evidence: int | None) -> dict[str, str]:
    """The conversion record's header carrying a stored article's mark (none without one)."""
    if source is None or evidence is None:
        return {}
    return {MARK_HEADER: json.dumps({"source": source, "evidence": evidence}, sort_keys=True)}


def read_mark(value: str | None) -> tuple[str, int] | None:
    """The mark a conversion record carries, or None (records written before the rule, or
    with it off): ``reextract`` does not judge again."""
    if not value:
        return None
    try:
        mark = json.loads(value)
        return str(mark["source"]), int(mark["evidence"])
    except (ValueError, KeyError, TypeError):
        return None
