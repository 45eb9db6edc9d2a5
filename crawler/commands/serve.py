"""scrapy serve [--host H] [--port N]: the corpus and its archive in a browser."""

from __future__ import annotations

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from archive.viewer import DEFAULT_HOST, DEFAULT_PORT, serve
from crawler.cli import NewsarchiveCommand
from crawler.exits import Exit


class Command(NewsarchiveCommand, ScrapyCommand):
    def syntax(self) -> str:
        return "[--host HOST] [--port PORT] [-s CORPUS_DB=PATH] [-s WARC_DIR=DIR]"

    def short_desc(self) -> str:
        return "Search the corpus and replay archived pages in a browser (Datasette)"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})"
        )
        parser.add_argument(
            "--port",
            type=int,
            default=DEFAULT_PORT,
            help=f"port to listen on (default {DEFAULT_PORT}; 0 picks a free one)",
        )

    def execute(self, args: list[str], opts) -> Exit:
        if args:
            raise UsageError("serve takes no arguments")
        if not 0 <= opts.port <= 65535:
            raise UsageError(f"--port: {opts.port} is not a port number")
        corpus_db, warc_dir = self.corpus_path(), self.settings.get("WARC_DIR")

        def announce(url: str) -> None:
            print(f"serving {corpus_db} and {warc_dir} on {url} (Ctrl-C to stop)", flush=True)

        try:
            serve(corpus_db, warc_dir, opts.host, opts.port, announce=announce)
        except KeyboardInterrupt:
            pass
        return Exit.OK
