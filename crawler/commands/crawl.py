"""scrapy crawl, with exit statuses that say how the crawl ended.

Scrapy's own command exits 0 whatever the finish reason; a cron job needs
to know when the archive stopped a crawl or a run was interrupted.
"""

from __future__ import annotations

import os
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from archive.runlock import LockedError, corpus_lock, warc_dir_lock
from crawler.sources import SourcesError, load_sources, sources_from_start_urls
from schemas.corpus import CorpusError, open_database

EXIT_OK = 0
EXIT_FAILED = 1  # Scrapy's own: the crawl could not start
EXIT_USAGE = 2  # Scrapy's own: bad command line
EXIT_ARCHIVE = 3  # a WARC write failed; the crawl was stopped
EXIT_INTERRUPTED = 4  # stopped by a signal before it finished
EXIT_CORPUS = 5  # the corpus database cannot be used
EXIT_LOCKED = 6  # another run holds this corpus or WARC directory
EXIT_DISK_FULL = 7  # no space left for the archive or the corpus; nothing dangles

FINISH_EXIT = {
    "finished": EXIT_OK,
    "warc_write_failed": EXIT_ARCHIVE,
    "shutdown": EXIT_INTERRUPTED,
    "cancelled": EXIT_INTERRUPTED,
    "forced_shutdown": EXIT_INTERRUPTED,
    "disk_full": EXIT_DISK_FULL,  # a second signal: stopped at once, files closed
}


class Command(ScrapyCrawlCommand):
    def _precheck(self, opts) -> int | None:
        """Refuse bad input with one readable line before Scrapy starts."""
        args = opts.spargs
        try:
            if args.get("sources"):
                load_sources(args["sources"])
            elif args.get("start_urls"):
                sources_from_start_urls(args["start_urls"])
        except SourcesError as exc:
            print(f"crawl: {exc}", file=sys.stderr)
            return EXIT_USAGE
        assert self.settings is not None
        locks = []
        if self.settings.getbool("CORPUS_ENABLED"):
            locks.append(corpus_lock(self.settings.get("CORPUS_DB")))
        warc_dir = self.settings.get("WARC_DIR")
        if self.settings.getbool("WARC_ENABLED") and os.path.isdir(warc_dir):
            locks.append(warc_dir_lock(warc_dir))
        for lock in locks:
            try:
                lock.acquire().release()
            except LockedError as exc:
                print(f"crawl: {exc}", file=sys.stderr)
                return EXIT_LOCKED
        if self.settings.getbool("CORPUS_ENABLED"):
            try:
                open_database(self.settings.get("CORPUS_DB")).conn.close()
            except CorpusError as exc:
                print(f"crawl: {exc}", file=sys.stderr)
                return EXIT_CORPUS
        return None

    def run(self, args: list[str], opts) -> None:
        code = self._precheck(opts)
        if code is not None:
            self.exitcode = code
            return
        if len(args) != 1:
            super().run(args, opts)
            return
        assert self.crawler_process
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = EXIT_FAILED
            return
        reason = crawler.stats.get_value("finish_reason") if crawler.stats else None
        if reason is None:
            self.exitcode = EXIT_FAILED
        elif reason.startswith("closespider_"):
            self.exitcode = EXIT_OK
        else:
            self.exitcode = FINISH_EXIT.get(reason, EXIT_FAILED)
