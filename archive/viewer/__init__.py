"""The viewer behind ``scrapy serve``: Datasette over the corpus, plus web-archive replay.

Datasette gives search and facets over ``CORPUS_DB``; the plugin in
``archive.viewer.plugin`` adds a landing page, an article view (clean text beside
the archived page, with the capture's provenance and whether it verifies) and
replay routes in the web-archive convention:

- ``/web/<timestamp>id_/<url>``: the archived body of the capture nearest to the
  timestamp, decoded from its Content-Encoding and otherwise byte for byte, with
  its original Content-Type, under a Content-Security-Policy that runs no script
  and loads nothing from the live web;
- ``/web/<timestamp>/<url>``: the same inside the viewer (a banner, and the page in
  a sandboxed iframe);
- ``/web/*/<url>``: every capture of a URL.

Archived bytes are only ever read through ``archive.replay``/``archive.reader``,
from files named in the ``captures`` table and confined to ``WARC_DIR`` by
``archive.reader.resolve_path``. No Scrapy here.
"""

from archive.viewer.app import (
    DEFAULT_HOST,
    DEFAULT_PORT,
    CorpusUnavailable,
    ListenError,
    ViewerError,
    build_datasette,
    check_sources,
    listen,
    serve,
)

__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "CorpusUnavailable",
    "ListenError",
    "ViewerError",
    "build_datasette",
    "check_sources",
    "listen",
    "serve",
]
