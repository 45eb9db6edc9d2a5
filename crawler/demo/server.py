"""Serving the demo site on a local port, in a background thread, for demos and tests.

``DemoSite`` exists so a test or ``make demo`` can run a real crawl with no network:
start it, point the crawler at ``base_url``, then compare what was stored with
``articles`` and what was fetched with ``requests`` (robots.txt obedience, politeness).
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socketserver import TCPServer
from types import TracebackType
from typing import Any

from . import site

__all__ = ["DemoSite", "RequestLog"]

_MAX_REQUEST_BODY = 1 << 20  # form posts only; anything bigger closes the connection


class RequestLog(list[dict[str, Any]]):
    """The requests served, in order; safe to append to from many handler threads.

    A plain list subclass so tests can use ``len()``, indexing and comprehensions; use
    ``snapshot()`` for a consistent copy while a crawl is still running.
    """

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()

    def append(self, item: dict[str, Any]) -> None:
        with self._lock:
            super().append(item)

    def clear(self) -> None:
        with self._lock:
            super().clear()

    def snapshot(self) -> list[dict[str, Any]]:
        """A copy taken under the lock."""
        with self._lock:
            return list(self)

    def paths(self) -> list[str]:
        """The request-targets (path plus query) served so far, in order."""
        return [r["path"] for r in self.snapshot()]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    base_url = ""
    log: RequestLog

    def __init__(self, address: tuple[str, int]) -> None:
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls socket.getfqdn(), a reverse DNS lookup that can
        # stall for seconds on an offline machine; the name is never used here.
        TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def track(self, conn: socket.socket, alive: bool) -> None:
        with self._connections_lock:
            if alive:
                self._connections.add(conn)
            else:
                self._connections.discard(conn)

    def drop_connections(self) -> None:
        """End idle keep-alive connections so nothing is served after close()."""
        with self._connections_lock:
            conns = list(self._connections)
        for conn in conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A crawler that hangs up mid-response is normal here, not worth a traceback.
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)


class _Server6(_Server):
    address_family = socket.AF_INET6


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive; every response carries Content-Length
    server_version = "Apache"  # what most WordPress hosts announce
    timeout = 30  # seconds an idle keep-alive connection is held open
    server: _Server

    def version_string(self) -> str:
        return self.server_version

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.track(self.connection, False)

    def log_message(self, format: str, *args: Any) -> None:
        """Silenced: the stderr access log would drown test and demo output."""

    def _read_body(self) -> None:
        """Consume a request body so the next request on the connection parses cleanly."""
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            self.close_connection = True
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = 0
        if length > _MAX_REQUEST_BODY:
            self.close_connection = True
        elif length > 0:
            self.rfile.read(length)

    def _respond(self) -> None:
        self._read_body()
        headers = dict(self.headers.items())
        resp = site.route(self.command, self.path, headers, self.server.base_url)
        # Logged before the response is written, so a client that has just received it
        # always finds its request in the log.
        self.server.log.append(
            {
                "method": self.command,
                "path": self.path,
                "headers": headers,
                "status": resp.status,
                "time": time.time(),
            }
        )
        self.send_response(resp.status)
        for name, value in resp.headers:
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if resp.body:
            self.wfile.write(resp.body)

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _respond


class DemoSite:
    """The Millbrook Courier on a local port, as a context manager.

    >>> with DemoSite() as demo:            # port 0: the OS picks a free port
    ...     start_url = demo.base_url + "/"
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host = host
        self.port = port
        self.requests = RequestLog()
        self._base_url: str | None = None
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """``http://host:port`` without a trailing slash; known only once started."""
        if self._base_url is None:
            raise RuntimeError("DemoSite is not started: use 'with DemoSite() as demo:'")
        return self._base_url

    @property
    def articles(self) -> list[dict[str, Any]]:
        """The manifest of every article, with absolute URLs on this server."""
        return site.article_manifest(self.base_url)

    def url(self, path: str) -> str:
        """An absolute URL on this server for a site path such as ``/feed/``."""
        return self.base_url + path

    def non_article_urls(self) -> list[str]:
        """Absolute URLs of the crawlable pages that must not be stored as articles."""
        return [self.base_url + p for p in site.non_article_paths()]

    @property
    def running(self) -> bool:
        return self._server is not None

    def start(self) -> DemoSite:
        """Bind, then serve in a daemon thread; returns self."""
        if self._server is not None:
            raise RuntimeError("DemoSite is already running")
        cls = _Server6 if ":" in self.host else _Server
        server = cls((self.host, self.port))
        server.log = self.requests
        bound_host, bound_port = server.server_address[:2]
        self.port = int(bound_port)
        url_host = "127.0.0.1" if bound_host in ("0.0.0.0", "") else str(bound_host)
        if ":" in url_host:
            url_host = f"[{url_host}]"
        self._base_url = server.base_url = f"http://{url_host}:{self.port}"
        thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name=f"demo-site-{self.port}",
            daemon=True,
        )
        thread.start()
        self._server, self._thread = server, thread
        return self

    def close(self) -> None:
        """Stop serving and release the port; safe to call twice."""
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is None:
            return
        server.shutdown()
        server.drop_connections()
        server.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def __enter__(self) -> DemoSite:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
