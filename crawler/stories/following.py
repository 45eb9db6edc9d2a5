"""A run's topics kept in step with the corpus: stored at the start, matched against
every article as it is stored. Pure (no Scrapy): the corpus extension holds one.

Every stored article is matched against every topic the corpus knows, not only this
run's: a topic given once on the command line keeps following its story in later runs,
until it is removed. A topic that is new, or whose query changed, is matched against the
articles stored before it at the start of the run (``schemas.topics.rematch`` of that
topic only), so ``topic_articles`` is true whichever run added the topic.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable

from crawler.stories.topics import Topic, topic_matcher
from schemas import topics as store

logger = logging.getLogger(__name__)


class TopicFollower:
    """The corpus's topics and the matcher over them, for one run."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._matcher: Callable[[str | None, str | None, str | None], list[int]] | None = None
        self.count = 0
        # (id, topic) of every stored topic: what the extraction workers match articles
        # against, off the crawling process's thread (picklable).
        self.stored: tuple[tuple[int, Topic], ...] = ()
        self.run_ids: set[int] = set()  # this run's topics: what a focused crawl keeps

    def start(
        self,
        from_sources: Iterable[Topic],
        from_command_line: Iterable[Topic],
    ) -> dict[str, int]:
        """Store this run's topics, match the new and changed ones against the corpus,
        and build the matcher over every stored topic. Returns counts for stats."""
        counts = {"added": 0, "changed": 0, "rematched": 0}
        changed: list[int] = []
        self.run_ids = set()
        for group, origin in ((from_sources, "sources"), (from_command_line, "command line")):
            group = list(group)
            if not group:
                continue
            report = store.sync_topics(self.conn, group, origin)
            counts["added"] += len(report["added"])
            counts["changed"] += len(report["changed"])
            changed += report["added"] + report["changed"]
            self.run_ids |= set(report["ids"].values())
        stored = {
            int(row["id"]): Topic(row["name"], row["query"]) for row in store.list_topics(self.conn)
        }
        self.count = len(stored)
        self.stored = tuple(stored.items())
        self._matcher = topic_matcher(stored) if stored else None
        if changed and self._matcher is not None:
            done = store.rematch(self.conn, topic_matcher({i: stored[i] for i in changed}),
                                 topic_ids=changed)  # fmt: skip
            counts["rematched"] = done.matched
            logger.info(
                "topics: %d new or changed, matched against %d stored articles (%d matches)",
                len(changed),
                done.articles,
                done.matched,
            )
        return counts

    def match(self, title: str | None, description: str | None, text: str | None) -> list[int]:
        """The ids of the stored topics one article matches (none when there are none)."""
        if self._matcher is None:
            return []
        return self._matcher(title, description, text)

    @property
    def active(self) -> bool:
        return self._matcher is not None


def rematch_corpus(
    conn: sqlite3.Connection,
    names: Iterable[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> store.RematchSummary:
    """``scrapy topics rematch``: every article of the corpus matched again against the
    stored topics (or the named ones), from the corpus alone."""
    stored = {int(r["id"]): Topic(r["name"], r["query"]) for r in store.list_topics(conn)}
    wanted = None
    if names is not None:
        by_name = {t.name: i for i, t in stored.items()}
        unknown = [n for n in names if n not in by_name]
        if unknown:
            raise store.TopicStoreError(f"no topic named {', '.join(map(repr, unknown))}")
        wanted = [by_name[n] for n in names]
        stored = {i: stored[i] for i in wanted}
    return store.rematch(conn, topic_matcher(stored), topic_ids=wanted, progress=progress)
