"""scrapy clusters rebuild [--resign]: the clusters of copies again, from the corpus alone.

A crawl keeps clusters up to date as it stores articles; this rebuilds them all (after
``reextract``, or when the signature parameters changed: ``--resign`` signs every article
again). The result does not depend on the order articles were stored in."""

from __future__ import annotations

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from archive.runlock import corpus_lock
from crawler.cli import NewsarchiveCommand
from crawler.exits import Exit
from crawler.extensions.summary import counted
from crawler.stories.clusters import rebuild
from schemas.corpus import open_database


class Command(NewsarchiveCommand, ScrapyCommand):
    def syntax(self) -> str:
        return "rebuild [--resign] [-s CORPUS_DB=PATH]"

    def short_desc(self) -> str:
        return "Rebuild the clusters of copies (syndicated, reposted, lightly edited articles)"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--resign", action="store_true", help="sign every article again, not only new texts"
        )

    def execute(self, args: list[str], opts) -> Exit:
        if args != ["rebuild"]:
            raise UsageError("clusters takes: rebuild [--resign]")
        path = self.corpus_path()
        lock = corpus_lock(path).acquire()  # LockedError: a crawl is writing (status 6)
        try:
            db = open_database(path)
            try:
                done = rebuild(db.conn, resign=opts.resign)
            finally:
                db.conn.close()
        finally:
            lock.release()
        print(
            f"clusters rebuild: {counted(done.articles, 'article')} clustered"
            f" ({done.signed:,} signed), {counted(done.clusters, 'cluster')} holding"
            f" {counted(done.copies, 'copy')}, in {done.seconds:.1f} s"
        )
        return Exit.OK
