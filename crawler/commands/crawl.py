"""scrapy crawl, with exit statuses that say how the crawl ended (``crawler.exits``).

Scrapy's own command exits 0 whatever the finish reason; a cron job needs to know when
the archive stopped a crawl or a run was interrupted. Bad input (a sources file, a
setting) and a corpus in use or unusable are refused with one line before Scrapy starts.
"""

from __future__ import annotations

import os
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from archive.runlock import RunLock, corpus_lock, warc_dir_lock
from crawler.distributed.cluster import worker_warc_prefix
from crawler.exits import Exit, finish_status, status_of
from crawler.extensions.cluster import cluster_mode, connect, worker_name
from crawler.options import check_settings
from crawler.sources import (
    SourcesError,
    focus_without_topics,
    load_sources,
    sources_from_start_urls,
    topics_of_run,
)
from crawler.terminal import escape_terminal
from schemas.corpus import open_database


class Command(ScrapyCrawlCommand):
    def _precheck(self, opts) -> list[RunLock]:
        """Raise, before Scrapy starts, what would stop the crawl at once; return the
        run's locks, held until it ends (taken before the corpus is opened)."""
        assert self.settings is not None
        args = opts.spargs
        from_file, from_args = topics_of_run(
            args.get("sources"), args.get("topic"), args.get("topic_name")
        )
        topics = [*from_file, *from_args]
        sources = []
        if args.get("sources"):
            sources = load_sources(args["sources"])
        elif args.get("start_urls"):
            sources = sources_from_start_urls(args["start_urls"])
        focus = self.settings.getbool("TOPIC_FOCUS")
        if not topics and any(focus if s.topic_focus is None else s.topic_focus for s in sources):
            raise SourcesError(focus_without_topics())
        check_settings(self.settings)
        # A worker of a cluster writes no corpus (the ingest does) and only its own
        # WARC files, which it alone locks in a WARC_DIR that workers may share.
        worker = cluster_mode(self.settings)
        owner = None
        if worker:
            owner = worker_warc_prefix(self.settings.get("WARC_PREFIX"), worker_name(self.settings))
            connect(self.settings.get("REDIS_URL")).close()  # ClusterError: status 8
        corpus = self.settings.getbool("CORPUS_ENABLED") and not worker
        locks: list[RunLock] = []
        try:
            if corpus and self.settings.get("CORPUS_DB"):
                locks.append(corpus_lock(self.settings.get("CORPUS_DB")).acquire())
            warc_dir = self.settings.get("WARC_DIR")
            # A WARC_DIR not made yet is made by the archive (and a refused run makes
            # none); one that is a file is the archive's to refuse (status 3).
            if self.settings.getbool("WARC_ENABLED") and warc_dir and os.path.isdir(warc_dir):
                locks.append(warc_dir_lock(warc_dir, owner).acquire())
            if corpus:
                open_database(self.settings.get("CORPUS_DB")).conn.close()
        except BaseException:
            for lock in reversed(locks):
                lock.release()
            raise
        return locks

    def run(self, args: list[str], opts) -> None:
        try:
            locks = self._precheck(opts)
        except Exception as exc:
            status = status_of(exc)
            if status is None:
                raise
            print(f"crawl: {escape_terminal(str(exc))}", file=sys.stderr)
            self.exitcode = int(status)
            return
        try:
            self._run(args, opts)
        finally:
            for lock in reversed(locks):
                lock.release()

    def _run(self, args: list[str], opts) -> None:
        if len(args) != 1:
            super().run(args, opts)
            return
        assert self.crawler_process
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = int(Exit.FAILED)
            return
        reason = crawler.stats.get_value("finish_reason") if crawler.stats else None
        self.exitcode = int(finish_status(reason))
