"""scrapy topics [rematch [--topic NAME] | remove NAME]: the stories the corpus follows.

Topics are given to a crawl (``[[topic]]`` in the sources file, ``-a topic=QUERY``); this
lists them with how many articles each matches, matches the whole corpus again from the
corpus alone (after a query changed, or articles were stored with topics off), or
removes one."""

from __future__ import annotations

import time

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from archive.runlock import corpus_lock
from crawler.cli import NewsarchiveCommand
from crawler.exits import Exit
from crawler.extensions.summary import counted
from crawler.stories.following import rematch_corpus
from crawler.terminal import escape_terminal, one_line
from schemas.corpus import open_database, require_tables
from schemas.topics import list_topics, remove_topic


class Command(NewsarchiveCommand, ScrapyCommand):
    def syntax(self) -> str:
        return "[rematch [--topic NAME ...] | remove NAME] [-s CORPUS_DB=PATH]"

    def short_desc(self) -> str:
        return "List the topics the corpus follows; match the corpus again; remove a topic"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--topic", action="append", metavar="NAME", help="rematch only this topic"
        )

    def execute(self, args: list[str], opts) -> Exit:
        action = args[0] if args else "list"
        if action == "list" and len(args) <= 1:
            return self._list()
        if action == "rematch" and len(args) == 1:
            return self._rematch(opts.topic)
        if action == "remove" and len(args) == 2:
            return self._remove(args[1])
        raise UsageError("topics takes: (nothing), rematch [--topic NAME], or remove NAME")

    def _list(self) -> Exit:
        db = self.corpus()
        require_tables(db, "topics", "topic_articles")
        rows = list_topics(db.conn)
        for row in rows:
            stale = f", {row['stale']} matched on an older version" if row["stale"] else ""
            print(
                f"{one_line(row['name'])}\t{counted(row['articles'], 'article')}{stale}"
                f"\t{one_line(row['query'])}"
            )
        print(f"{counted(len(rows), 'topic')}")
        return Exit.OK if rows else Exit.NEGATIVE

    def _writable(self):
        path = self.corpus_path()
        lock = corpus_lock(path).acquire()  # LockedError: a crawl is writing (status 6)
        return lock, open_database(path)

    def _rematch(self, names: list[str] | None) -> Exit:
        lock, db = self._writable()
        try:
            total = db.execute("SELECT count(*) FROM articles").fetchone()[0]
            started = time.monotonic()
            with self.progress("matching articles", total=total) as advance:
                seen = [0]

                def progress(done: int, _total: int) -> None:
                    advance(done - seen[0])
                    seen[0] = done

                done = rematch_corpus(db.conn, names, progress=progress)
        finally:
            db.conn.close()
            lock.release()
        print(
            f"topics rematch: {counted(done.articles, 'article')} read,"
            f" {counted(done.matched, 'article')} matching; {counted(done.added, 'match')} added,"
            f" {done.removed:,} removed, {done.kept:,} kept in {time.monotonic() - started:.1f} s"
        )
        return Exit.OK

    def _remove(self, name: str) -> Exit:
        lock, db = self._writable()
        try:
            removed = remove_topic(db.conn, name)
        finally:
            db.conn.close()
            lock.release()
        if not removed:
            print(f"no topic named {escape_terminal(name)!r}")
            return Exit.NEGATIVE
        print(f"topic {escape_terminal(name)!r} removed, with its matches")
        return Exit.OK
