"""scrapy serve [--host H] [--port N]: the corpus and its archive in a browser."""

from __future__ import annotations

import sys

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from archive.viewer import DEFAULT_HOST, DEFAULT_PORT, CorpusUnavailable, ListenError, serve

EXIT_CANNOT_LISTEN = 1
EXIT_NO_CORPUS = 3


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

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

    def _fail(self, code: int, message: str) -> None:
        print(f"serve: {message}", file=sys.stderr)
        self.exitcode = code

    def run(self, args: list[str], opts) -> None:
        if args:
            raise UsageError("serve takes no arguments")
        if not 0 <= opts.port <= 65535:
            raise UsageError(f"--port: {opts.port} is not a port number")
        assert self.settings is not None
        corpus_db, warc_dir = self.settings.get("CORPUS_DB"), self.settings.get("WARC_DIR")

        def announce(url: str) -> None:
            print(f"serving {corpus_db} and {warc_dir} on {url} (Ctrl-C to stop)", flush=True)

        try:
            serve(corpus_db, warc_dir, opts.host, opts.port, announce=announce)
        except CorpusUnavailable as exc:
            return self._fail(EXIT_NO_CORPUS, str(exc))
        except ListenError as exc:
            return self._fail(EXIT_CANNOT_LISTEN, str(exc))
        except KeyboardInterrupt:
            pass
