"""scrapy reextract: build a new CORPUS_DB from WARC_DIR alone, with no network."""

from __future__ import annotations

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.settings import SETTINGS_PRIORITIES

from crawler import settings as project_defaults
from crawler.cli import NewsarchiveCommand, counted, human_bytes
from crawler.exits import Exit
from crawler.options import SettingsError, extract_options
from crawler.provenance.rebuild import SCAN_STAGE, reextract
from crawler.terminal import escape_terminal


def new_corpus_of(settings) -> str:
    """The CORPUS_DB to build, which must have been named for this run.

    Why: reextract builds a new corpus, and the project's default (``corpus.db``, the
    crawl's own) is never that: run without ``-s CORPUS_DB=...`` from a fresh checkout, it
    wrote ``./corpus.db`` into the project. A value given on the command line, or set in
    the settings module to another path than the project's default, is taken."""
    value = settings.get("CORPUS_DB")
    given = settings.getpriority("CORPUS_DB") >= SETTINGS_PRIORITIES["cmdline"]
    if not value or (not given and value == project_defaults.CORPUS_DB):
        raise SettingsError(
            "name the new corpus: pass -s CORPUS_DB=NEW.db (reextract builds a new corpus,"
            f" never the crawl's own {project_defaults.CORPUS_DB})"
        )
    return value


class Command(NewsarchiveCommand, ScrapyCommand):
    def syntax(self) -> str:
        return "[--diff] -s WARC_DIR=DIR -s CORPUS_DB=NEW.db"

    def short_desc(self) -> str:
        return "Rebuild captures and articles from the WARC files into a new corpus"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--diff", action="store_true", help="print a diff per changed article")

    def execute(self, args: list[str], opts) -> Exit:
        if args:
            raise UsageError("reextract takes no arguments")
        corpus_db, warc_dir = new_corpus_of(self.settings), self.warc_dir()
        with self.stages(bytes_stages=(SCAN_STAGE,)) as advance:
            result = reextract(
                warc_dir,
                corpus_db,
                options=extract_options(self.settings),
                want_diffs=opts.diff,
                progress=advance,
            )
        for url, diff in result.diffs:
            print(f"--- {escape_terminal(url)}\n{escape_terminal(diff)}")
        files = counted(result.warc_files, "WARC file")
        print(
            f"reextract: {counted(result.captures, 'capture')} and"
            f" {counted(result.articles, 'article')} from {files}"
            f" ({human_bytes(result.warc_bytes)}) into {corpus_db}: {result.identical:,}"
            f" identical to the archived text, {result.changed:,} changed,"
            f" {result.lost:,} no longer {'an article' if result.lost == 1 else 'articles'},"
            f" {result.withdrawn:,} withdrawn as undated static"
            f" {'page' if result.withdrawn == 1 else 'pages'}"
        )
        return Exit.OK
