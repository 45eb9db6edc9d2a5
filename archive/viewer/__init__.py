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

from __future__ import annotations

import datetime as dt
import os
import socket
import sqlite3
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from archive.reader import check_capture
from archive.replay import parse_web_timestamp
from schemas.corpus import nearest_capture

__all__ = [
    "CorpusUnavailable",
    "ListenError",
    "ViewerError",
    "build_datasette",
    "capture_stamp",
    "listen",
    "parse_web_timestamp",
    "serve",
    "verify_capture",
    "web_timestamp",
]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8001
DATABASE_NAME = "corpus"  # the corpus is always /corpus in the viewer, whatever its file name

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
METADATA = HERE / "metadata.json"


class ViewerError(RuntimeError):
    """The viewer cannot start."""


class CorpusUnavailable(ViewerError):
    """CORPUS_DB or WARC_DIR is missing or not usable."""


class ListenError(ViewerError):
    """The host and port cannot be listened on."""


# -- timestamps -------------------------------------------------------------------


def _fetched(row: Mapping[str, Any]) -> dt.datetime | None:
    try:
        stamp = dt.datetime.fromisoformat(str(row["fetched_at"]).replace("Z", "+00:00"))
    except (KeyError, TypeError, ValueError):
        return None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.UTC)
    return stamp.astimezone(dt.UTC)


def web_timestamp(row: Mapping[str, Any], *, precise: bool = False) -> str:
    """A capture's 14-digit UTC timestamp (20 digits with microseconds if ``precise``)."""
    stamp = _fetched(row)
    if stamp is None:
        return "19700101000000"
    text = stamp.strftime("%Y%m%d%H%M%S")
    return text + f"{stamp.microsecond:06d}" if precise else text


def capture_stamp(row: Mapping[str, Any], siblings: list[dict[str, Any]]) -> str:
    """The timestamp that addresses exactly this capture among ``siblings`` (same URL).

    14 digits when they lead back to it; 20 when another capture is nearer to
    that second (a 503 retried at once, say), so the link cannot land on the other.
    """
    short = web_timestamp(row)
    nearest = nearest_capture(siblings, parse_web_timestamp(short)) if siblings else None
    if nearest is None or nearest.get("id") == row.get("id"):
        return short
    return web_timestamp(row, precise=True)


# -- provenance -------------------------------------------------------------------


def verify_capture(
    warc_dir: str | os.PathLike[str], capture: Mapping[str, Any]
) -> tuple[bool, str]:
    """Whether a capture row still points at its untouched record, and why not
    (the same check as ``scrapy verify``, plus the record's own block digest)."""
    try:
        check = check_capture(warc_dir, capture)
    except KeyError:
        return False, "the row has no usable WARC pointer"
    if check.ok and check.record is not None and check.record.digest_ok is False:
        return False, "the record's block digest does not match"
    return check.ok, check.detail


# -- the app ----------------------------------------------------------------------


def check_sources(corpus_db: str | os.PathLike[str], warc_dir: str | os.PathLike[str]) -> None:
    """Refuse, with one line, a corpus or WARC directory the viewer cannot use."""
    db_path = Path(corpus_db)
    if not db_path.is_file():
        raise CorpusUnavailable(f"no corpus at {db_path}")
    if not Path(warc_dir).is_dir():
        raise CorpusUnavailable(f"no WARC directory at {warc_dir}")
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
