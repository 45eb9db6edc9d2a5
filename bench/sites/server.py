"""A tiny HTTP/1.1 server for generated sites, with a request log. Stdlib only.

A :class:`Site` is a table of routes (path plus query, tracking parameters ignored
the way real servers ignore them), optional dynamic routes, and a :class:`Manifest`
that says which pages are articles. :class:`SiteServer` binds 127.0.0.1 on a free
port first, so that the site can be generated with absolute URLs.
"""

from __future__ import annotations

import gzip
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

# Parameters a typical CMS ignores when routing: they never select different content.
IGNORED_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|_ga|ref|cmpid|itid|phpsessid|sid)$", re.IGNORECASE
)


@dataclass
class Resp:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)
    #: Status codes to answer before this response, one per request (a flaky origin).
    fail_first: list[int] = field(default_factory=list)


Handler = Callable[[re.Match[str], dict[str, str]], "Resp | None"]


@dataclass
class TruthArticle:
    canonical: str  # absolute URL the page declares (or would) as canonical
    variants: list[str] = field(default_factory=list)  # other URLs that show this article
    kind: str = "article"  # article | brief | liveblog | opinion
    title: str = ""
    words: int = 0
    text: str = ""  # the body paragraphs, one per line (not written to manifest.json)
    extra: str = ""  # standfirst, captions: text that may fairly appear beside the body


@dataclass
class Manifest:
    site: str
    base: str
    description: str
    articles: list[TruthArticle] = field(default_factory=list)
    non_articles: list[str] = field(default_factory=list)  # absolute URLs of pages that are not
    disallowed: list[str] = field(default_factory=list)  # robots.txt prefixes (path + query)
    traps: list[str] = field(default_factory=list)  # regexes of trap URLs, for reporting
    #: Regexes (on path + query) of generated non-article pages not listed one by one.
    non_article_patterns: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        data = asdict(self)
        for art in data["articles"]:
            art.pop("text", None)
            art.pop("extra", None)
        return json.dumps(data, indent=1, ensure_ascii=False)


def route_key(target: str, ignored: re.Pattern[str] = IGNORED_PARAMS) -> tuple:
    parts = urlsplit(target)
    query = tuple(
        sorted(
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not ignored.match(k)
        )
    )
    return (parts.path or "/", query)


class Site:
    """Routes, the not-found page and the manifest of one generated site."""

    def __init__(self, name: str, base: str, description: str) -> None:
        self.name = name
        self.base = base.rstrip("/")
        self.routes: dict[tuple, Resp] = {}
        self.dynamic: list[tuple[re.Pattern[str], Handler]] = []
        self.manifest = Manifest(name, self.base, description)
        self.ignored = IGNORED_PARAMS
        self.gzip = False
        self.not_found_html = "<html><head><title>Not found</title></head><body>404</body></html>"
        self.not_found_type = "text/html; charset=utf-8"
        self.hits: dict[tuple, int] = {}
        self._lock = threading.Lock()

    def url(self, path: str) -> str:
        return self.base + path

    # -- adding pages -----------------------------------------------------------
    def add(self, target: str, resp: Resp) -> None:
        self.routes[route_key(target, self.ignored)] = resp

    def page(
        self,
        target: str,
        html: str,
        *,
        encoding: str = "utf-8",
        content_type: str | None = None,
        status: int = 200,
        headers: list[tuple[str, str]] | None = None,
    ) -> None:
        ctype = content_type or f"text/html; charset={encoding}"
        self.add(target, Resp(status, html.encode(encoding), ctype, headers or []))

    def redirect(self, target: str, location: str, status: int = 301) -> None:
        self.add(target, Resp(status, b"", "text/html", [("Location", location)]))

    def raw(self, target: str, body: bytes | str, content_type: str) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.add(target, Resp(200, data, content_type))

    def route(self, pattern: str, handler: Handler) -> None:
        self.dynamic.append((re.compile(pattern), handler))

    # -- answering --------------------------------------------------------------
    def resolve(self, target: str) -> Resp:
        key = route_key(target, self.ignored)
        resp = self.routes.get(key)
        if resp is None:
            parts = urlsplit(target)
            params = dict(key[1])
            for rx, handler in self.dynamic:
                m = rx.fullmatch(parts.path)
                if m:
                    resp = handler(m, params)
                    if resp is not None:
                        break
        if resp is None:
            return Resp(404, self.not_found_html.encode("utf-8"), self.not_found_type)
        if resp.fail_first:
            with self._lock:
                n = self.hits.get(key, 0)
                self.hits[key] = n + 1
            if n < len(resp.fail_first):
                return Resp(resp.fail_first[n], b"Service temporarily unavailable", "text/plain")
        return resp


@dataclass
class LogEntry:
    t: float
    method: str
    target: str
    status: int
    user_agent: str


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "nginx"
    sys_version = ""
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._serve(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._serve(head=True)

    def _serve(self, *, head: bool) -> None:
        target = self.path
        if target.startswith(("http://", "https://")):
            parts = urlsplit(target)
            target = parts.path + ("?" + parts.query if parts.query else "")
        site = self.server.site
        if site is None:
            resp = Resp(503, b"starting", "text/plain")
        else:
            resp = site.resolve(target)
        body = resp.body
        headers = list(resp.headers)
        accepts = self.headers.get("Accept-Encoding", "")
        if (
            site is not None
            and site.gzip
            and "gzip" in accepts
            and body
            and resp.content_type.startswith(("text/", "application/xml", "application/rss"))
        ):
            body = gzip.compress(body, mtime=0)
            headers += [("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")]
        self.send_response(resp.status)
        self.send_header("Content-Type", resp.content_type)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)
        self.server.log_request_entry(
            LogEntry(
                time.time(),
                self.command,
                target,
                resp.status,
                self.headers.get("User-Agent", ""),
            )
        )

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - silence stderr
        return


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.site: Site | None = None
        self.log: list[LogEntry] = []
        self._log_lock = threading.Lock()

    def log_request_entry(self, entry: LogEntry) -> None:
        with self._log_lock:
            self.log.append(entry)


class SiteServer:
    """Serve a site built by ``builder(base_url)`` on 127.0.0.1, on a free port."""

    def __init__(self, builder: Callable[[str], Site]) -> None:
        self._server = _Server()
        host, port = self._server.server_address[:2]
        self.base = f"http://{host}:{port}"
        self.site = builder(self.base)
        self._server.site = self.site
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> SiteServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> SiteServer:
        return self.__enter__()

    def stop(self) -> None:
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()

    @property
    def log(self) -> list[LogEntry]:
        with self._server._log_lock:
            return list(self._server.log)
