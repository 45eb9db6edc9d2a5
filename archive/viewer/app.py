"""The viewer app: Datasette over the corpus with the plugin, served by uvicorn. No Scrapy."""

from __future__ import annotations

import os
import socket
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from archive.reader import require_warc_dir
from archive.viewer.captures import DATABASE_NAME, METADATA, TEMPLATES
from schemas.corpus import CorpusError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8001


class ViewerError(RuntimeError):
    """The viewer cannot start."""


class CorpusUnavailable(ViewerError, CorpusError):
    """CORPUS_DB is missing or not a usable corpus."""


class ListenError(ViewerError):
    """The host and port cannot be listened on."""


def check_sources(corpus_db: str | os.PathLike[str], warc_dir: str | os.PathLike[str]) -> None:
    """Refuse, with one line, a corpus or WARC directory the viewer cannot use."""
    db_path = Path(corpus_db)
    if not db_path.is_file():
        raise CorpusUnavailable(f"no corpus at {db_path}")
    require_warc_dir(warc_dir)
    try:
        conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
        try:
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise CorpusUnavailable(f"{db_path}: not a usable SQLite corpus ({exc})") from exc
    missing = {"articles", "captures", "articles_fts"} - names
    if missing:
        raise CorpusUnavailable(
            f"{db_path}: not a newsarchive corpus (no {', '.join(sorted(missing))})"
        )


def _metadata() -> dict[str, Any]:
    import json

    return json.loads(METADATA.read_text(encoding="utf-8"))


def build_datasette(corpus_db: str | os.PathLike[str], warc_dir: str | os.PathLike[str]):
    """A Datasette instance over the corpus, with the viewer plugin configured for WARC_DIR."""
    check_sources(corpus_db, warc_dir)
    from datasette.app import Datasette
    from datasette.plugins import pm

    from archive.viewer import plugin

    if not pm.is_registered(plugin):
        pm.register(plugin, name=plugin.PLUGIN_NAME)
    ds = Datasette(
        [str(Path(corpus_db).resolve())],
        metadata=_metadata(),
        template_dir=str(TEMPLATES),
        settings={
            "allow_download": False,  # the viewer serves archived records, not files
            "truncate_cells_html": 180,
            "default_page_size": 50,
            "suggest_facets": False,
            "sql_time_limit_ms": 3000,
            "facet_time_limit_ms": 1000,
            "default_cache_ttl": 0,
        },
        version_note="newsarchive",
    )
    # Always /corpus, so the metadata (facets, sorting) applies whatever the file is called.
    (name, db), *_rest = [(n, d) for n, d in ds.databases.items() if not d.is_memory]
    if name != DATABASE_NAME:
        ds.remove_database(name)
        ds.add_database(db, name=DATABASE_NAME)
    plugin.configure(ds, warc_dir=Path(warc_dir).resolve())
    return ds


def listen(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> socket.socket:
    """A listening TCP socket on host:port (port 0: any free port)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ListenError(f"cannot listen on {host}:{port}: {exc.strerror}") from exc
    family, kind, proto, _name, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise ListenError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    sock.set_inheritable(True)
    return sock


def socket_url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/"


def serve(
    corpus_db: str | os.PathLike[str],
    warc_dir: str | os.PathLike[str],
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    announce: Callable[[str], None] | None = None,
) -> None:
    """Build the viewer and serve it with uvicorn until interrupted.

    ``announce`` is called with the URL once the socket listens (port 0 picks a
    free port, so this is how a caller learns it).
    """
    import uvicorn

    ds = build_datasette(corpus_db, warc_dir)
    sock = listen(host, port)
    config = uvicorn.Config(
        ds.app(), log_level="warning", access_log=False, lifespan="on", workers=1
    )
    server = uvicorn.Server(config)
    if announce is not None:
        announce(socket_url(sock))
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
