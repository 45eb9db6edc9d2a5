"""``TrapSite``: the Harbor City Ledger served on 127.0.0.1 from a background thread.

Crawl tests run a real Scrapy crawl against it and then check ``requests``
(what the crawler actually asked for) and ``articles`` (what it should have
stored). All page content comes from ``content.route``; this module only owns
sockets, threads and the request log.
"""

from __future__ import annotations

import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from . import content


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # Crawlers keep idle keep-alive connections open; joining their threads on
    # close would hang the test until the client gives up.
    block_on_close = False
    site: TrapSite

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet about clients that hang up mid-response; report real bugs."""
        exc = sys.exc_info()[1]
        if isinstance(exc, ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "HarborEdge/2.4"
    sys_version = ""
    timeout = 30  # idle keep-alive connections are dropped after this many seconds
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Silence the access log; ``TrapSite.requests`` is the log tests read."""

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def _other(self) -> None:
        self._discard_body()
        self._serve(send_body=True)

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _other

    def _discard_body(self) -> None:
        """Read a request body we will not use, so the keep-alive stream stays in sync."""
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = 0
        if length > 0:
            self.rfile.read(length)

    def _serve(self, *, send_body: bool) -> None:
        site = self.server.site
        request_headers = dict(self.headers.items())
        response = content.route(
            self.command, self.path, request_headers, site._state, site.base_url
        )
        # Log before writing, so a client that has its response also sees the record.
        site._record(
            {
                "method": self.command,
                "path": self.path,
                "status": response.status,
                "headers": request_headers,
            }
        )
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(response.body)
        self.wfile.flush()


class TrapSite:
    """A local news site full of crawler traps, as a context manager.

    ``with TrapSite() as site:`` binds 127.0.0.1 on a free port, serves from a
    daemon thread, and shuts down on exit. ``requests`` records every request
    served (method, raw path+query, status, request headers); ``articles`` is
    the manifest of stories with absolute URLs on this server.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host = host
        self.port = port
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._state = content.SiteState()
        self._lock = threading.Lock()
        self._requests: list[dict[str, Any]] = []
        self._base_url: str | None = None

    # -- lifecycle ---------------------------------------------------------------

    def start(self) -> TrapSite:
        """Bind and start serving; the port is known only after this (port=0)."""
        if self._server is not None:
            return self
        server = _Server((self.host, self.port), _Handler)
        server.site = self
        bound_host, bound_port = server.server_address[:2]
        self.port = int(bound_port)
        self._base_url = f"http://{bound_host}:{self.port}"
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"TrapSite:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop serving and release the port; safe to call twice."""
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> TrapSite:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- what tests read -----------------------------------------------------------

    @property
    def base_url(self) -> str:
        """Like ``http://127.0.0.1:54321`` (no trailing slash)."""
        if self._base_url is None:
            raise RuntimeError("TrapSite is not started; use it as a context manager")
        return self._base_url

    @property
    def requests(self) -> list[dict[str, Any]]:
        """A snapshot of every request served so far, in arrival order."""
        with self._lock:
            return [dict(r) for r in self._requests]

    @property
    def articles(self) -> list[dict[str, str]]:
        """The manifest: url, title, author, published, unique_word, via per story."""
        return content.build_manifest(self.base_url)

    def paths_requested(self) -> list[str]:
        """Raw request targets (path plus query), in arrival order, repeats kept."""
        with self._lock:
            return [r["path"] for r in self._requests]

    def url(self, path: str) -> str:
        """Absolute URL on this server for a site path such as ``/rss.xml``."""
        return self.base_url + path

    def _record(self, entry: dict[str, Any]) -> None:
        with self._lock:
            self._requests.append(entry)
