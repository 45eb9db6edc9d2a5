"""A site's template, learned at the end of a run; its articles extracted again with it.

No Scrapy: the corpus extension runs this after its last batch and before the WARC files
close. Why at the end: a profile learned from the pages that happened to come first
would make the corpus depend on the order pages arrived in. During a run every page is
extracted with the profile its site had when the run started (none on a first crawl);
at the end each site's profile is learned again from the blocks of all its stored
articles (``schemas.templates``: counts over a set, so order-free). When it removes
other blocks than before, it is archived as a new WARC metadata record
(``crawler.provenance.templates``), and this run's articles holding one of the blocks
that changed are extracted again with it, from their archived responses: a new
conversion record naming the profile, and the row's text replaced (the same capture,
so the same version). An article whose text does not change keeps its record.

A run killed before its end leaves its articles as extracted with the profile of its
start; the next run's end does not revisit them (they are that run's, not this one's).
"""

from __future__ import annotations

import concurrent.futures
import json
import logging
import multiprocessing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from archive.warc import OPEN_SUFFIX, RecordLocation
from crawler.extraction import ExtractOptions
from crawler.extraction.template import (
    SiteCounts,
    TemplateRules,
    TemplateThresholds,
    learn,
    profile_bytes,
    rules_of,
    same_rules,
)
from crawler.provenance.conversion import conversion_headers
from crawler.provenance.templates import payload_sha1, profile_headers, profile_uri
from crawler.workers import extract_stored_job
from schemas import templates
from schemas.corpus import Corpus, text_sha1, utcnow
from schemas.items import Capture

logger = logging.getLogger(__name__)

# Fewer articles to extract again than this are done in the crawling process.
_POOL_FROM = 40


class Archive(Protocol):
    """What of the WARC extension the end-of-run step writes with."""

    def write_metadata(
        self, uri: str, payload: bytes, headers: dict[str, str]
    ) -> RecordLocation: ...

    def write_conversion(
        self, capture: Capture, text: str, headers: dict[str, str]
    ) -> str | None: ...

    def sync(self) -> None: ...


@dataclass
class Finish:
    """What the end-of-run step did, for stats and the summary."""

    profiles: int = 0  # new profile records
    blocks_learned: int = 0  # texts and places in them
    reextracted: int = 0
    changed: int = 0
    blocks_removed: int = 0  # from the texts of the articles changed
    failed: int = 0
    sources: list[str] = field(default_factory=list)


def _located(warc_dir: Path, filename: str) -> Path:
    path = warc_dir / filename
    if not path.exists() and (warc_dir / (filename + OPEN_SUFFIX)).exists():
        return warc_dir / (filename + OPEN_SUFFIX)  # written this run: not closed yet
    return path


class TemplateLearner:
    """Learns each site's profile and brings this run's articles up to it."""

    def __init__(
        self,
        corpus: Corpus,
        thresholds: TemplateThresholds,
        options: ExtractOptions,
        warc_dir: str,
        *,
        workers: int = 0,
    ) -> None:
        self.corpus = corpus
        self.thresholds = thresholds
        self.options = options
        self.warc_dir = Path(warc_dir)
        self.workers = workers
        self._profiles = templates.latest_profiles(corpus.db.conn)
        # Called in the transaction that replaces a text (conn, article id, version,
        # article): what is derived from the text (its topics) follows it.
        self.on_replaced: Callable[[Any, int, int, Any], None] | None = None

    def rules_for(self, source: str | None) -> TemplateRules | None:
        """The rules a site's pages are extracted with during this run."""
        stored = self._profiles.get(source or "")
        return rules_of(stored.profile, stored.record_id) if stored else None

    def finish(
        self,
        archive: Archive,
        crawl_id: int,
        sources: list[str],
        progress: Callable[[str], None] | None = None,
    ) -> Finish:
        done = Finish()
        for source in sorted(s for s in set(sources) if s):
            self._finish_source(archive, crawl_id, source, done)
            if progress:
                progress(source)
        return done

    def _finish_source(self, archive: Archive, crawl_id: int, source: str, done: Finish) -> None:
        conn = self.corpus.db.conn
        pages, texts, places = templates.site_counts(conn, source, self.thresholds.needed)
        profile = learn(source, SiteCounts(pages, texts, places), self.thresholds)
        current = self._profiles.get(source)
        if profile is None or same_rules(profile, current.profile if current else None):
            return
        payload = profile_bytes(profile)
        where = archive.write_metadata(profile_uri(source), payload, profile_headers(profile))
        archive.sync()  # the record is durable before a row points at it
        stored = templates.StoredProfile(
            source, where.record_id, payload_sha1(payload), profile,
            where.filename, where.offset, where.length,
        )  # fmt: skip
        with self.corpus.transaction() as tx:
            templates.add_profile(tx, stored, crawl_id, utcnow())
        self._profiles[source] = stored
        new = rules_of(profile, where.record_id)
        old = rules_of(current.profile, current.record_id) if current else TemplateRules(None)
        done.profiles += 1
        done.blocks_learned += len(new.text_hashes) + len(new.fingerprints)
        done.sources.append(source)
        logger.info(
            "template profile for %s: %d texts and %d places, learned from %d articles",
            source, len(new.text_hashes), len(new.fingerprints), pages,
        )  # fmt: skip
        rows = templates.articles_touched(
            conn,
            source,
            crawl_id,
            new.text_hashes ^ old.text_hashes,
            new.fingerprints ^ old.fingerprints,
        )
        rows = [r for r in rows if r["template_profile"] != new.record_id]
        for row, extraction in self._extract_again(rows, new):
            done.reextracted += 1
            article = extraction.article if extraction is not None else None
            if article is None:
                done.failed += 1  # not an article with the profile: the row stays as it was
                continue
            if text_sha1(article.text) == row["text_sha1"]:
                continue
            self._replace(archive, row, article)
            done.changed += 1
            done.blocks_removed += extraction.stats.get("template_blocks", 0)

    def _extract_again(self, rows: list[dict[str, Any]], rules: TemplateRules):
        jobs = [
            (
                str(_located(self.warc_dir, r["warc_filename"])),
                r["warc_offset"],
                r["warc_length"],
                r["url"],
                self.options,
                rules,
            )
            for r in rows
        ]
        if len(jobs) < _POOL_FROM or self.workers <= 0:
            for row, job in zip(rows, jobs, strict=True):
                yield row, extract_stored_job(*job)
            return
        ctx = multiprocessing.get_context("spawn")
        with concurrent.futures.ProcessPoolExecutor(self.workers, mp_context=ctx) as pool:
            results = pool.map(extract_stored_job, *zip(*jobs, strict=True), chunksize=8)
            yield from zip(rows, results, strict=True)

    def _replace(self, archive: Archive, row: dict[str, Any], article) -> None:
        capture = Capture(
            url=row["url"], status=200, fetched_at=row["fetched_at"],
            warc_filename=row["warc_filename"], warc_offset=row["warc_offset"],
            warc_length=row["warc_length"], warc_record_id=row["warc_record_id"],
        )  # fmt: skip
        # The news-only rule's mark goes with every conversion record of the article.
        mark = self.corpus.db.conn.execute(
            "SELECT source, evidence FROM news_marks WHERE url_key = ?", (row["url_key"],)
        ).fetchone()
        news = (mark[0], int(mark[1])) if mark else None
        headers = conversion_headers(capture, article, json.loads(row["discovery"] or "{}"), news)
        record_id = archive.write_conversion(capture, article.text, headers)
        archive.sync()
        with self.corpus.transaction() as tx:
            templates.replace_text(
                tx,
                row["id"],
                row["version"],
                {
                    "text": article.text,
                    "text_sha1": text_sha1(article.text),
                    "word_count": article.word_count,
                    "template_profile": article.template_profile,
                    "conversion_record_id": record_id,
                },
            )
            if self.on_replaced is not None:
                self.on_replaced(tx, int(row["id"]), int(row["version"]), article)
