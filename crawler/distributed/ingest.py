"""The one corpus writer of a cluster: the workers' rows, from Redis into SQLite.

Workers hand their rows over as entries of one Redis stream (``crawler.distributed.
handoff``), each after the WARC records it points at were fsynced. ``Ingest.step``
writes the next entries into the corpus in one transaction, and in that same
transaction records the id of the last entry written (``cluster_ingest``): an ingest
killed at any point writes nothing twice and skips nothing, since what it committed
says where to go on. Entries are deleted from the stream only after their commit.

What a single crawl's corpus extension does besides storing rows, the ingest does here,
with the same code: the crawl's row in ``crawls`` (one per run of the cluster, in
``cluster_runs``), topics matched on each article, clusters of copies from the workers'
evidence, and, once a run is over, the news-only rule's withdrawal of undated pages and
the crawl row's end. It also closes what a dead worker left open in the shared
``WARC_DIR``: its ``.open`` files, cut back to their last whole record, as that worker's
next run would (``archive.warc.repair_open_files``).
"""

from __future__ import annotations

import base64
import json
import logging
import sqlite3
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archive.runlock import LockedError, RunLock, warc_dir_lock
from archive.warc import RecordLocation, WarcFileInfo, WarcWriter, repair_open_files
from crawler.distributed.cluster import ALIVE, Cluster, worker_warc_prefix
from crawler.distributed.frontier import RedisFrontier
from crawler.distributed.handoff import STREAM, article_from, capture_from
from crawler.extensions.summary import build_summary
from crawler.extraction import ExtractOptions
from crawler.extraction.template import Observation, TemplateThresholds
from crawler.newsonly import DATED_BEFORE_POLICY
from crawler.stories.clusters import forget as forget_copy
from crawler.stories.copies import CopyKeeper, Evidence
from crawler.stories.following import TopicFollower
from crawler.stories.topics import Topic
from crawler.templates import TemplateLearner
from crawler.versions import package_version, project_version
from schemas import templates as template_store
from schemas.corpus import Corpus, utcnow
from schemas.items import Capture
from schemas.topics import record_matches

if TYPE_CHECKING:
    from redis import Redis

logger = logging.getLogger(__name__)

FAILED_STREAM = "rows-failed"  # entries that could not be written, with why


@dataclass
class Progress:
    """What an ingest has written, for its stats line and summary."""

    entries: int = 0
    ops: int = 0
    counts: Counter = field(default_factory=Counter)
    runs_finished: list[int] = field(default_factory=list)
    repaired_files: int = 0


class Ingest:
    """Writes one cluster's stream into one corpus; the only writer of that corpus."""

    def __init__(
        self,
        corpus: Corpus,
        client: Redis,
        cluster: Cluster,
        *,
        warc_dir: str | None = None,
        warc_prefix: str = "newsarchive",
        batch: int = 200,
        topics: bool = True,
        clusters: bool = True,
        news_only: bool = True,
        templates: tuple[TemplateThresholds, ExtractOptions] | None = None,
    ) -> None:
        self.corpus = corpus
        self.client = client
        self.cluster = cluster
        self.name = cluster.prefix.rstrip(":")
        self.stream = cluster.key(STREAM)
        self.warc_dir = warc_dir
        self.warc_prefix = warc_prefix
        self.batch = max(1, batch)
        self.news_only = news_only
        conn = corpus.db.conn
        self.topics = TopicFollower(conn) if topics else None
        if self.topics is not None:
            self.topics.start([], [])
        self.copies: CopyKeeper | None = CopyKeeper(conn) if clusters else None
        if self.copies is not None:
            try:
                self.copies.start()
            except Exception as exc:  # noqa: BLE001 - an ingest never stops for its clusters
                logger.error("clusters not loaded, copies not clustered: %r", exc)
                self.copies = None
        # Site templates (crawler.templates): learned from the workers' blocks once a run
        # is over, as a crawl learns them at its end, and published for the next run.
        self.templates: TemplateLearner | None = None
        if templates is not None and warc_dir:
            self.templates = TemplateLearner(corpus, templates[0], templates[1], warc_dir)
            self.templates.on_replaced = self._text_replaced
            self.publish_templates()
        # to give back the leases of workers that died when no worker is left to
        self.leases = RedisFrontier(
            client, crawl_id=0, schedule=(), worker="ingest", prefix=self.name
        )
        self.progress = Progress()
        row = conn.execute(
            "SELECT last_id FROM cluster_ingest WHERE cluster = ?", (self.name,)
        ).fetchone()
        self.last_id = row[0] if row else "0-0"
        if self.last_id != "0-0":
            self._trim_written()  # entries a killed ingest committed but did not delete
        self._runs: dict[int, int] = {
            int(run): int(crawl_id)
            for run, crawl_id in conn.execute(
                "SELECT run, crawl_id FROM cluster_runs WHERE cluster = ?", (self.name,)
            )
        }

    # -- writing entries ---------------------------------------------------------
    def pending(self) -> int:
        """Entries in the stream not yet written (those written are deleted, or trimmed
        when an ingest starts)."""
        n = int(self.client.xlen(self.stream))
        if n and self.last_id != "0-0":
            first = self.client.xrange(self.stream, "-", "+", count=1)
            if first and _stream_id(_text(first[0][0]) or "0-0") <= _stream_id(self.last_id):
                self._trim_written()  # a deletion that failed after its commit
                n = int(self.client.xlen(self.stream))
        return n

    def _trim_written(self) -> None:
        self.client.xtrim(self.stream, minid=self.last_id, approximate=False)
        self.client.xdel(self.stream, self.last_id)

    def step(self) -> int:
        """Write the next batch of entries in one transaction; returns how many."""
        found = self.client.xrange(self.stream, _after(self.last_id), "+", count=self.batch)
        if not found:
            return 0
        ids = [_text(entry_id) for entry_id, _ in found]
        by_run: dict[int, Counter] = {}
        ops = 0
        failed: list[tuple[str, str, str]] = []
        try:
            with self.corpus.batch() as conn:
                for entry_id, fields_ in found:
                    raw = _text(fields_.get(b"data", fields_.get("data"))) or "{}"
                    entry = Counter()
                    try:
                        # each entry in a savepoint: one that cannot be written is set
                        # aside (``P rows-failed``) and the others go on
                        with self.corpus.transaction():
                            data = json.loads(raw)
                            run, worker = int(data.get("run") or 0), str(data.get("worker"))
                            for op in data.get("ops") or ():
                                self._apply(conn, run, worker, op, entry)
                                ops += 1
                    except sqlite3.OperationalError:
                        raise  # the database itself (full, locked): nothing more is written
                    except Exception as exc:  # noqa: BLE001 - this entry's data
                        if entry["articles"] and self.copies is not None:
                            self.copies.invalidate("an entry holding clustered articles failed")
                        self._reload_runs()  # its savepoint may have taken a run's row
                        failed.append((_text(entry_id) or "", raw, f"{type(exc).__name__}: {exc}"))
                        logger.error("ingest: entry %s not written: %r", _text(entry_id), exc)
                        self.progress.counts["entries_failed"] += 1
                        continue
                    by_run.setdefault(run, Counter()).update(entry)
                for run, counts in by_run.items():
                    self._count(conn, run, counts)
                conn.execute(
                    "INSERT INTO cluster_ingest (cluster, last_id, entries, updated_at)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT(cluster) DO UPDATE SET"
                    " last_id = excluded.last_id, entries = entries + excluded.entries,"
                    " updated_at = excluded.updated_at",
                    (self.name, ids[-1], len(ids), utcnow()),
                )
        except BaseException:
            if self.copies is not None and any(c["articles"] for c in by_run.values()):
                self.copies.invalidate("a batch holding clustered articles was rolled back")
            self._reload_runs()  # the rolled-back batch may have added runs
            raise
        self.last_id = ids[-1]
        for entry_id, raw, why in failed:
            self.client.xadd(
                self.cluster.key(FAILED_STREAM), {"id": entry_id, "data": raw, "error": why}
            )
        self.client.xdel(self.stream, *ids)
        self.progress.entries += len(ids)
        self.progress.ops += ops
        for counts in by_run.values():
            self.progress.counts.update(counts)
        return len(ids)

    def _count(self, conn: sqlite3.Connection, run: int, counts: Counter) -> None:
        """What this batch wrote for a run, added to its crawl row (``stats.ingest``), in
        the batch's transaction: an ingest that restarts keeps counting from there."""
        crawl_id = self._runs.get(run)
        if crawl_id is None or not counts:
            return
        row = conn.execute("SELECT stats FROM crawls WHERE id = ?", (crawl_id,)).fetchone()
        stats = _json(row[0] if row else None, {})
        ingest = Counter(stats.get("ingest") or {})
        ingest.update(counts)
        stats["ingest"] = dict(ingest)
        conn.execute(
            "UPDATE crawls SET stats = ? WHERE id = ?",
            (json.dumps(stats, sort_keys=True, default=str), crawl_id),
        )

    def _reload_runs(self) -> None:
        self._runs = {
            int(run): int(crawl_id)
            for run, crawl_id in self.corpus.db.conn.execute(
                "SELECT run, crawl_id FROM cluster_runs WHERE cluster = ?", (self.name,)
            )
        }

    def _crawl_id(self, conn: sqlite3.Connection, run: int, op: dict[str, Any]) -> int:
        crawl_id = self._runs.get(run)
        if crawl_id is not None:
            return crawl_id
        settings = dict(op.get("settings") or {})
        settings["cluster"] = {"name": self.name, "run": run}
        crawl_id = self.corpus.start_crawl(
            str(op.get("spider") or "?"), dict(op.get("args") or {}), settings
        )
        conn.execute(
            "INSERT INTO cluster_runs (cluster, run, crawl_id, finished) VALUES (?, ?, ?, 0)",
            (self.name, run, crawl_id),
        )
        self._runs[run] = crawl_id
        return crawl_id

    def _apply(
        self, conn: sqlite3.Connection, run: int, worker: str, op: dict[str, Any], counts: Counter
    ) -> None:
        kind = op.get("op")
        crawl_id = self._crawl_id(conn, run, op)
        if kind == "capture":
            self.corpus.add_capture(capture_from(op["capture"]), crawl_id, op.get("outcome"))
            counts["captures_written"] += 1
        elif kind == "captures_if_missing":
            items = [(capture_from(c), outcome) for c, outcome in op.get("items") or ()]
            counts["captures_written"] += self.corpus.add_captures_if_missing(items, crawl_id)
        elif kind == "article":
            self._article(run, crawl_id, op, counts)
        elif kind == "worker_started":
            self._worker_started(op)
            counts["workers_started"] += 1
        elif kind == "worker_finished":
            self._worker_finished(conn, crawl_id, worker, op)
            counts["workers_finished"] += 1
        else:
            counts["unknown_ops"] += 1
            logger.warning("ingest: unknown op %r from worker %s, skipped", kind, worker)

    def _article(self, run: int, crawl_id: int, op: dict[str, Any], counts: Counter) -> None:
        article = article_from(op["article"])
        topic_ids = None
        if self.topics is not None and self.topics.active:
            topic_ids = self.topics.match(article.title, article.description, article.text)
        after: Callable[[sqlite3.Connection, int], None] | None = None
        if self.copies is not None and self.copies.active:
            copies, found = self.copies, _evidence(op.get("evidence"))

            def after(conn: sqlite3.Connection, article_id: int) -> None:
                counts[f"clusters/{copies.stored(conn, article_id, found)}"] += 1

        news = op.get("news")
        blocks = op.get("blocks")
        result = self.corpus.store_article(
            capture_from(op["capture"]),
            article,
            url_key=op["url_key"],
            crawl_id=crawl_id,
            discovery=op.get("discovery") or {},
            conversion_record_id=op.get("conversion_record_id"),
            news=(news[0], news[1]) if news else None,
            topic_ids=topic_ids,
            after=after,
            blocks=(
                (blocks[0], [Observation(int(f), int(h), str(t)) for f, h, t in blocks[1]])
                if blocks and self.templates is not None
                else None
            ),
        )
        counts["articles"] += 1
        counts[f"articles_{result.action}"] += 1
        counts["captures_written"] += 1
        if topic_ids and result.action in ("inserted", "updated"):
            counts["topic_articles"] += 1

    def _worker_started(self, op: dict[str, Any]) -> None:
        """A worker's topics (its sources file, ``-a topic``) are stored as a crawl's are."""
        groups = op.get("topics")
        if not groups or self.topics is None:
            return
        from_sources = [Topic(t[0], t[1]) for t in groups.get("sources") or ()]
        from_args = [Topic(t[0], t[1]) for t in groups.get("args") or ()]
        self.topics.start(from_sources, from_args)

    def _worker_finished(
        self, conn: sqlite3.Connection, crawl_id: int, worker: str, op: dict[str, Any]
    ) -> None:
        """A worker's stats and WARC files join its run's row in the ledger."""
        row = conn.execute(
            "SELECT stats, warc_files FROM crawls WHERE id = ?", (crawl_id,)
        ).fetchone()
        stats = _json(row[0] if row else None, {})
        files = _json(row[1] if row else None, [])
        workers = stats.setdefault("workers", {})
        workers[worker] = {
            "status": op.get("status"),
            "finish_reason": op.get("finish_reason"),
            "stats": op.get("stats") or {},
        }
        for name in op.get("warc_files") or ():
            if name not in files:
                files.append(name)
        conn.execute(
            "UPDATE crawls SET stats = ?, warc_files = ? WHERE id = ?",
            (json.dumps(stats, sort_keys=True, default=str), json.dumps(files), crawl_id),
        )

    # -- the end of a run ---------------------------------------------------------
    def finish_runs(self) -> list[int]:
        """Close the ledger rows of the runs that are over and fully written: the runs
        before the current one, and the current one once no worker is alive in it and
        nothing is queued or leased. Returns the runs finished now."""
        state = self.cluster.state()
        if self.pending():
            return []
        conn = self.corpus.db.conn
        open_runs = [
            int(r)
            for (r,) in conn.execute(
                "SELECT run FROM cluster_runs WHERE cluster = ? AND finished = 0 ORDER BY run",
                (self.name,),
            )
        ]
        ending = [r for r in open_runs if r != state.run or state.over]
        if ending:
            # the dead workers' files closed first: the template step reads their records
            self.repair_dead_workers()
        for run in ending:
            self._finish_run(run)
        if ending:
            # workers of earlier runs that left or died: their names are spent (HOST-PID)
            self.cluster.forget_left(before_run=state.run)
        done = ending
        self.progress.runs_finished += done
        return done

    def _finish_run(self, run: int) -> None:
        crawl_id = self._runs[run]
        learned = self._learn_templates(crawl_id)
        withdrawn: list[str] = []
        if self.news_only:
            withdrawn = self.corpus.withdraw_static_pages(
                DATED_BEFORE_POLICY,
                before_delete=(self.copies.forget if self.copies is not None else _forget_copy),
            )
            for url in withdrawn:
                logger.info("withdrawn as an undated static page: %s", url)
        conn = self.corpus.db.conn
        row = conn.execute(
            "SELECT stats, warc_files FROM crawls WHERE id = ?", (crawl_id,)
        ).fetchone()
        stats = _json(row[0] if row else None, {})
        files = _json(row[1] if row else None, [])
        workers = stats.get("workers") or {}
        # the workers' counters added up; what the corpus took, as the ingest counted it
        merged: Counter = Counter()
        for info in workers.values():
            for key, value in (info.get("stats") or {}).items():
                if isinstance(value, int | float) and not isinstance(value, bool):
                    merged[key] += value
        # the ingest's running counts become the row's corpus/* stats (kept once)
        for key, value in (stats.pop("ingest", None) or {}).items():
            merged[f"corpus/{key}"] = value
        merged["corpus/news_only/withdrawn"] = len(withdrawn)
        for name, value in learned.items():
            merged[f"extract/template/{name}"] = value
        lost = sorted(
            w.name for w in self.cluster.workers() if w.run == run and w.name not in workers
        )
        finished = [n for n, info in workers.items() if info.get("status") == "finished"]
        drained = any((i.get("stats") or {}).get("cluster/drained") for i in workers.values())
        if drained:
            status, reason = "interrupted", "drained"
        elif finished:
            status, reason = "finished", "finished"
        else:
            reasons = sorted({str(i.get("finish_reason")) for i in workers.values()} - {"None"})
            status, reason = "interrupted", ",".join(reasons) or "workers_lost"
        summary = build_summary(dict(merged), files, self.corpus.path, reason)
        summary["workers"] = sorted(workers)
        summary["workers_lost"] = lost
        stats.update(merged)
        stats["workers_lost"] = lost
        with self.corpus.transaction() as tx:  # the row's end and its mark, together
            self.corpus.finish_crawl(
                crawl_id,
                status=status,
                finish_reason=reason,
                stats=stats,
                warc_files=files,
                summary=summary,
            )
            tx.execute(
                "UPDATE cluster_runs SET finished = 1 WHERE cluster = ? AND run = ?",
                (self.name, run),
            )

    def _learn_templates(self, crawl_id: int) -> dict[str, int]:
        """The end-of-run template step of a crawl (``crawler.templates``), over the sites
        whose articles this run stored; the new profiles and the texts they change go
        into the ingest's own WARC files, as a crawl writes them into its own."""
        if self.templates is None or not self.warc_dir:
            return {}
        sources = [
            s
            for (s,) in self.corpus.db.conn.execute(
                "SELECT DISTINCT tb.source FROM template_blocks tb"
                " JOIN articles a ON a.url_key = tb.url_key WHERE a.crawl_id = ?",
                (crawl_id,),
            )
        ]
        if not sources:
            return {}
        archive = IngestArchive(self.warc_dir, worker_warc_prefix(self.warc_prefix, "ingest"))
        try:
            done = self.templates.finish(archive, crawl_id, sources)
            archive.sync()
        except (sqlite3.Error, OSError) as exc:
            logger.error("site templates not learned: %r", exc)
            return {"errors": 1}
        finally:
            archive.close()
        self.publish_templates()
        return {
            "profiles_written": done.profiles,
            "blocks_learned": done.blocks_learned,
            "articles_reextracted": done.reextracted,
            "articles_changed": done.changed,
            "blocks_removed": done.blocks_removed,
        }

    def _text_replaced(
        self, conn: sqlite3.Connection, article_id: int, version: int, article
    ) -> None:
        """A text its site's template changed is matched and signed again (as a crawl's)."""
        if self.topics is not None and self.topics.active:
            ids = self.topics.match(article.title, article.description, article.text)
            record_matches(conn, article_id, version, ids)
        if self.copies is not None and self.copies.active:
            self.copies.replaced(conn, article_id)

    def publish_templates(self) -> int:
        """Each site's latest profile, for the workers to extract its pages with."""
        profiles = template_store.latest_profiles(self.corpus.db.conn)
        if profiles:
            self.client.hset(
                self.cluster.key("templates"),
                mapping={
                    source: json.dumps({"profile": p.profile, "record_id": p.record_id})
                    for source, p in profiles.items()
                },
            )
        return len(profiles)

    def repair_dead_workers(self) -> int:
        """Close the ``.open`` WARC files of workers that are no longer alive (killed, or
        stopped before closing), in the shared ``WARC_DIR``: cut back to their last whole
        record, as that worker's own next start would. A worker's files are touched only
        while its lock can be taken (a live worker holds it)."""
        if not self.warc_dir or not Path(self.warc_dir).is_dir():
            return 0
        repaired = 0
        for worker in self.cluster.workers():
            if worker.state == ALIVE:
                continue
            prefix = worker_warc_prefix(self.warc_prefix, worker.name)
            try:
                lock = warc_dir_lock(self.warc_dir, owner=prefix).acquire()
            except LockedError:
                continue
            try:
                for report in repair_open_files(self.warc_dir, prefix=prefix):
                    logger.warning(
                        "closed %s left open by worker %s: kept %d record(s), dropped %d byte(s)",
                        report.path,
                        worker.name,
                        report.records_kept,
                        report.bytes_dropped,
                    )
                    repaired += 1
            finally:
                lock.release()
        self.progress.repaired_files += repaired
        return repaired

    def until_idle(
        self,
        *,
        poll: float = 0.5,
        on_step: Callable[[Progress], None] | None = None,
        should_stop: Callable[[], bool] = lambda: False,
        wait_for_run: float = 60.0,
    ) -> Progress:
        """Write entries until the crawl is done: nothing queued or leased, no worker
        alive, nothing left to write, and its run closed in the ledger.

        An ingest started when no run is under way (none yet, or the last one written
        and closed) waits up to ``wait_for_run`` seconds for a worker to begin the next:
        a timer starting workers and the ingest together must not see the last run's
        end and exit before the new run's first worker has joined."""
        started = time.monotonic()
        first = self.cluster.state()
        stale = first.over and self._closed(first.run)
        told = 0.0
        while not should_stop():
            wrote = self.step()
            if on_step is not None and wrote:
                on_step(self.progress)
            if wrote:
                continue
            reclaimed = self.leases.reclaim_expired()
            if reclaimed:
                self.progress.counts["leases_reclaimed"] += reclaimed
                logger.info("%d URL(s) of workers that died are back in the queue", reclaimed)
            self.finish_runs()
            state = self.cluster.state()
            if not state.over and time.monotonic() - told >= 60:
                told = time.monotonic()
                self._say_why_waiting()
            if state.over and not self.pending() and self._closed(state.run):
                new = not (stale and state.run == first.run)
                if new or time.monotonic() - started >= wait_for_run:
                    break
            time.sleep(poll)
        return self.progress

    def _say_why_waiting(self) -> None:
        """An ingest waiting on a run no worker is left to finish says so, once a minute."""
        alive = [w for w in self.cluster.workers() if w.state == ALIVE]
        queued = self.leases.queued_count()
        if not alive and queued:
            logger.warning(
                "no worker is alive and %d URL(s) wait in the queue: start a worker to finish"
                " the run, or `scrapy cluster drain` to end it here",
                queued,
            )

    def _closed(self, run: int) -> bool:
        """Whether a run's ledger row is closed (no run at all counts as closed)."""
        if run == 0:
            return True
        row = self.corpus.db.conn.execute(
            "SELECT finished FROM cluster_runs WHERE cluster = ? AND run = ?", (self.name, run)
        ).fetchone()
        return bool(row and row[0])


class IngestArchive:
    """The WARC files the ingest itself writes (site template profiles, and the texts
    they change), named ``WARC_PREFIX-ingest-...`` in the shared ``WARC_DIR``."""

    def __init__(self, directory: str, prefix: str) -> None:
        self.lock: RunLock = warc_dir_lock(directory, prefix).acquire()
        repair_open_files(directory, prefix=prefix)
        self.writer = WarcWriter(
            directory,
            info=WarcFileInfo(
                software=f"newsarchive/{project_version()} (ingest, warcio"
                f" {package_version('warcio')})"
            ),
            prefix=prefix,
            sync_each=False,
        )

    def write_metadata(self, uri: str, payload: bytes, headers: dict[str, str]) -> RecordLocation:
        return self.writer.write_resource("metadata", uri, payload, "application/json", headers)

    def write_conversion(self, capture: Capture, text: str, headers: dict[str, str]) -> str | None:
        location = self.writer.write_resource(
            "conversion", capture.url, text.encode("utf-8"), "text/plain; charset=utf-8", headers
        )
        return location.record_id

    def sync(self) -> None:
        self.writer.sync()

    def close(self) -> None:
        try:
            self.writer.close()
        finally:
            self.lock.release()


def _forget_copy(conn: sqlite3.Connection, article_id: int) -> None:
    forget_copy(conn, None, article_id)


def _evidence(data: dict[str, Any] | None) -> Evidence | None:
    if not data:
        return None
    try:
        return Evidence(
            base64.b64decode(data["minhash"]), int(data["shingles"]), data.get("source_link")
        )
    except (KeyError, ValueError, TypeError):
        return None


def _stream_id(entry_id: str) -> tuple[int, int]:
    ms, _, seq = entry_id.partition("-")
    return int(ms), int(seq or 0)


def _after(entry_id: str) -> str:
    """XRANGE's exclusive start ("(" needs Redis 6.2)."""
    return "(" + entry_id if entry_id != "0-0" else "-"


def _json(raw: str | None, default: Any) -> Any:
    try:
        value = json.loads(raw) if raw else default
    except ValueError:
        return default
    return value if isinstance(value, type(default)) else default


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value.decode() if isinstance(value, bytes) else str(value)
