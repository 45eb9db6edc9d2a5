"""scrapy ingest [--until-idle]: write a cluster's rows into CORPUS_DB (crawler.distributed).

The workers of a cluster (``FRONTIER_BACKEND=redis``) hand their rows to Redis; this is
the one process that writes them into the corpus, in batches, each with the mark of how
far it got, so a killed ingest started again goes on where its last commit ended. Without
``--until-idle`` it writes what is waiting and exits; with it, it exits 0 once the crawl is
done: nothing queued or leased, no worker alive, nothing left to write.
"""

from __future__ import annotations

import signal
import time

from scrapy.commands import ScrapyCommand
from scrapy.utils.log import configure_logging

from archive.runlock import corpus_lock
from crawler.cli import NewsarchiveCommand, counted
from crawler.distributed.cluster import Cluster
from crawler.distributed.ingest import Ingest, Progress
from crawler.exits import Exit
from crawler.extensions.cluster import connect
from crawler.options import extract_options, template_thresholds
from schemas.corpus import Corpus


class Command(NewsarchiveCommand, ScrapyCommand):
    # a long-running service: what it does (runs ended, dead workers' files closed,
    # entries set aside) goes to the log, as a crawl's does
    default_settings = {"LOG_ENABLED": True, "LOG_LEVEL": "INFO"}

    def syntax(self) -> str:
        return "[--until-idle] -s CORPUS_DB=PATH -s WARC_DIR=DIR -s REDIS_URL=redis://HOST:PORT/DB"

    def short_desc(self) -> str:
        return "Write the rows of a cluster's workers into the corpus (one writer)"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--until-idle",
            action="store_true",
            help="keep writing until the crawl is done (nothing queued, leased or left to"
            " write, no worker alive), then exit 0",
        )
        parser.add_argument(
            "--batch", type=int, default=200, help="stream entries per transaction (200)"
        )
        parser.add_argument(
            "--wait",
            type=float,
            default=60.0,
            metavar="SECONDS",
            help="with --until-idle and no run under way: how long to wait for a worker to"
            " begin one (60)",
        )

    def execute(self, args: list[str], opts) -> Exit:
        settings = self.settings
        configure_logging(settings)  # no crawler process configures it for this command
        client = connect(settings.get("REDIS_URL"))  # ClusterError: status 8
        cluster = Cluster(
            client,
            prefix=settings.get("CLUSTER_NAME") or "na",
            timeout=settings.getfloat("FRONTIER_LEASE_TIMEOUT"),
        )
        path = settings.get("CORPUS_DB")
        lock = corpus_lock(path).acquire()  # LockedError: status 6
        stop = []

        def stop_soon(signum, frame) -> None:
            stop.append(signum)

        previous = {s: signal.signal(s, stop_soon) for s in (signal.SIGINT, signal.SIGTERM)}
        started = time.monotonic()
        try:
            corpus = Corpus(path, synchronous=settings.get("CORPUS_SYNCHRONOUS", "FULL"))
            try:
                ingest = Ingest(
                    corpus,
                    client,
                    cluster,
                    warc_dir=settings.get("WARC_DIR"),
                    warc_prefix=settings.get("WARC_PREFIX") or "newsarchive",
                    batch=opts.batch,
                    topics=settings.getbool("TOPICS_ENABLED"),
                    clusters=settings.getbool("CLUSTERS_ENABLED"),
                    news_only=settings.getbool("EXTRACT_ENABLED")
                    and settings.getbool("EXTRACT_NEWS_ONLY"),
                    templates=(
                        (template_thresholds(settings), extract_options(settings))
                        if settings.getbool("TEMPLATE_ENABLED")
                        and settings.getbool("EXTRACT_ENABLED")
                        and settings.getbool("WARC_CONVERSION_RECORDS")
                        else None
                    ),
                )
                with self.stages() as advance:
                    seen = [0]

                    def stepped(progress: Progress) -> None:
                        # the total so far: written, and waiting in the stream now
                        total = progress.entries + ingest.pending()
                        advance("batches of rows written", progress.entries - seen[0], total)
                        seen[0] = progress.entries

                    if opts.until_idle:
                        done = ingest.until_idle(
                            on_step=stepped, should_stop=lambda: bool(stop), wait_for_run=opts.wait
                        )
                    else:
                        while not stop and ingest.step():
                            stepped(ingest.progress)
                        ingest.finish_runs()
                        done = ingest.progress
            finally:
                corpus.close()
        finally:
            lock.release()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        print(summary_line(done, time.monotonic() - started))
        if stop:
            self.say("stopped by a signal; run it again to go on where it stopped")
            return Exit.INTERRUPTED
        return Exit.OK


def summary_line(done: Progress, seconds: float) -> str:
    c = done.counts
    parts = [
        f"{counted(done.entries, 'batch')} of rows ({done.ops:,} writes) in {seconds:.1f} s",
        f"{counted(c['captures_written'], 'capture')}",
        f"{c['articles_inserted']:,} articles new, {c['articles_updated']:,} updated,"
        f" {c['articles_unchanged']:,} unchanged",
    ]
    if done.runs_finished:
        runs = ", ".join(str(r) for r in done.runs_finished)
        parts.append(
            f"run {runs} finished" if len(done.runs_finished) == 1 else f"runs {runs} finished"
        )
    if done.repaired_files:
        parts.append(f"{counted(done.repaired_files, 'WARC file')} of dead workers closed")
    return "ingest: " + "; ".join(parts)
