"""``HostileSite``: one route per checklist case, served on 127.0.0.1 (and 127.0.0.2).

Several servers run at once, because robots.txt is per authority and some
cases are about robots.txt itself:

- ``main``: most cases, a normal robots.txt with ``Disallow: /b60-private/``;
- ``raw``: a raw-socket server for what an HTTP library will not send (a reset
  mid-body, chunking without its terminator, a non-hex chunk size, a body
  longer than its Content-Length, one byte per second);
- ``robots503``, ``robots404``, ``robots_redirect``, ``robots_big``,
  ``crawl_delay``: one robots.txt case each;
- ``blocked``: on 127.0.0.2, which tests leave out of the allow-list; it must
  never see a request.

Standard library only, except the compressors the bomb cases need. Every
server records what it was asked (path and arrival time) in ``requests``.
"""

from __future__ import annotations

import gzip
import json
import socket
import socketserver
import struct
import sys
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import brotli

ARTICLE_DATE = "2024-05-01T10:00:00+00:00"
FILLER = (
    "The harbour authority met on Tuesday evening to debate the dredging budget, and"
    " councillors from both wards asked why the ferry timetable had changed again without"
    " any notice to the families who depend on it for school and work every single day."
)


def article_html(
    title: str,
    unique: str,
    *,
    paragraphs: int = 5,
    head: str = "",
    body_top: str = "",
    jsonld: dict[str, Any] | None = None,
    charset: str | None = "utf-8",
    text: str | None = None,
) -> str:
    """A plain news article that the extractor stores: declared, dated, long enough."""
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "datePublished": ARTICLE_DATE,
        "author": {"@type": "Person", "name": "Mara Quill"},
    }
    ld.update(jsonld or {})
    paras = text or "\n".join(
        f"<p>{FILLER} Paragraph {i} mentions {unique} once more for the record.</p>"
        for i in range(paragraphs)
    )
    meta = f'<meta charset="{charset}">' if charset else ""
    shown = escape(title, quote=False)
    ld_json = json.dumps(ld).replace("</", "<\\/")
    return (
        f"<!doctype html><html lang='en'><head>{meta}<title>{shown}</title>"
        f'<script type="application/ld+json">{ld_json}</script>{head}</head>'
        f"<body>{body_top}<article><h1>{shown}</h1><p class='byline'>By Mara Quill</p>"
        f"{paras}</article></body></html>"
    )


@dataclass
class Reply:
    status: int = 200
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    close: bool = False  # no Content-Length: the body ends when the connection closes


HTML = ("Content-Type", "text/html; charset=utf-8")


def html(text: str, status: int = 200, *extra: tuple[str, str]) -> Reply:
    return Reply(status, [HTML, *extra], text.encode("utf-8"))


def redirect(location: str, status: int = 302) -> Reply:
    return Reply(status, [("Location", location), HTML], b"<p>moved</p>")


def _bomb(size: int) -> bytes:
    return b"<html><body>" + b" " * size


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def _deflate(data: bytes) -> bytes:
    return zlib.compress(data, 9)


def _zstd(data: bytes) -> bytes | None:
    try:
        from backports import zstd
    except ImportError:
        try:
            from compression import zstd  # type: ignore[no-redef]
        except ImportError:
            return None
    return zstd.compress(data)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    routes: Callable[[str, _Server], Reply | None]
    log: list[tuple[str, float]]
    counts: dict[str, int]
    lock: threading.Lock

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, ConnectionError | TimeoutError | OSError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "Hostile/1.0"
    sys_version = ""
    timeout = 30
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Quiet: ``requests`` is the log."""

    def do_GET(self) -> None:
        with self.server.lock:
            self.server.log.append((self.path, time.monotonic()))
            self.server.counts[self.path] = self.server.counts.get(self.path, 0) + 1
        reply = self.server.routes(self.path, self.server) or Reply(
            404, [HTML], b"<html><body><h1>Not here</h1></body></html>"
        )
        self.send_response(reply.status)
        for name, value in reply.headers:
            self.send_header(name, value)
        if reply.close:
            self.send_header("Connection", "close")
            self.close_connection = True
        else:
            self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        try:
            self.wfile.write(reply.body)
            self.wfile.flush()
        except OSError:
            self.close_connection = True


# -- the raw-socket server ------------------------------------------------------------


class _RawHandler(socketserver.StreamRequestHandler):
    """Reads one request line and its headers, then misbehaves as the path says."""

    server: _RawServer

    def handle(self) -> None:
        self.connection.settimeout(30)
        try:
            line = self.rfile.readline(65536).decode("latin-1")
            while self.rfile.readline(65536) not in (b"\r\n", b"\n", b""):
                pass
        except OSError:
            return
        parts = line.split()
        path = parts[1] if len(parts) > 1 else "/"
        with self.server.lock:
            self.server.log.append((path, time.monotonic()))
        sock = self.connection
        try:
            raw_reply(path, sock)
        except OSError:
            pass


class _RawServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    log: list[tuple[str, float]]
    lock: threading.Lock


RAW_ARTICLE = article_html("Longer than it says", "overlength").encode()


def raw_reply(path: str, sock: socket.socket) -> None:
    """The broken responses (B01-B05) and a 404 for everything else."""
    head = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
    if path == "/b01-reset":
        sock.sendall((head + "Content-Length: 100000\r\n\r\n").encode() + b"<html>" * 50)
        time.sleep(0.05)
        # SO_LINGER 0: close() sends a RST instead of a FIN
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
    elif path == "/b02-no-terminator":
        chunk = b"<html><body><p>half a story</p>"
        sock.sendall(
            (head + "Transfer-Encoding: chunked\r\n\r\n").encode()
            + f"{len(chunk):x}\r\n".encode()
            + chunk
            + b"\r\n"
        )
        time.sleep(0.05)
        sock.close()
    elif path == "/b03-bad-chunk":
        sock.sendall(
            (head + "Transfer-Encoding: chunked\r\n\r\n").encode() + b"zz\r\n<html>\r\n0\r\n\r\n"
        )
        time.sleep(0.2)
        sock.close()
    elif path == "/news/2024/05/01/b04-overlong.html":
        sock.sendall(
            (head + f"Content-Length: {len(RAW_ARTICLE)}\r\n\r\n").encode()
            + RAW_ARTICLE
            + b"<p>TRAILING GARBAGE the server should not have sent</p>" * 20
        )
        time.sleep(0.2)
        sock.close()
    elif path == "/b05-slow":
        sock.sendall((head + "Content-Length: 1000\r\n\r\n").encode())
        for _ in range(60):
            sock.sendall(b"x")
            time.sleep(1)
        sock.close()
    else:
        sock.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        sock.close()


# -- routes ---------------------------------------------------------------------------------

MAIN_ROBOTS = "User-agent: *\nDisallow: /b60-private/\n"


class HostileSite:
    """All servers, started and stopped together (a context manager)."""

    def __init__(self) -> None:
        self.servers: dict[str, Any] = {}
        self.threads: list[threading.Thread] = []
        self.max_size = 6 * 1024 * 1024  # the DOWNLOAD_MAXSIZE the crawl test uses
        self.big_page_bytes = 3 * 1024 * 1024

    # -- lifecycle --------------------------------------------------------------------
    def _start_http(self, name: str, host: str, routes: Callable[[str, _Server], Reply | None]):
        server = _Server((host, 0), _Handler)
        server.routes = routes
        server.log = []
        server.counts = {}
        server.lock = threading.Lock()
        self._serve(name, server)

    def _serve(self, name: str, server: Any) -> None:
        self.servers[name] = server
        t = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        t.start()
        self.threads.append(t)

    def start(self) -> HostileSite:
        self._start_http("main", "127.0.0.1", self.main_routes)
        raw = _RawServer(("127.0.0.1", 0), _RawHandler)
        raw.log = []
        raw.lock = threading.Lock()
        self._serve("raw", raw)
        self._start_http("robots503", "127.0.0.1", self.robots_503_routes)
        self._start_http("robots404", "127.0.0.1", self.robots_404_routes)
        self._start_http("robots_redirect", "127.0.0.1", self.robots_redirect_routes)
        self._start_http("robots_big", "127.0.0.1", self.robots_big_routes)
        self._start_http("crawl_delay", "127.0.0.1", self.crawl_delay_routes)
        self._start_http("blocked", "127.0.0.2", self.blocked_routes)
        # a port nobody listens on (B06)
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        self.closed_port = s.getsockname()[1]
        s.close()
        return self

    def close(self) -> None:
        for server in self.servers.values():
            server.shutdown()
            server.server_close()

    def __enter__(self) -> HostileSite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- what tests read --------------------------------------------------------------
    def url(self, path: str, server: str = "main") -> str:
        host, port = self.servers[server].server_address[:2]
        return f"http://{host}:{port}{path}"

    def requests(self, server: str = "main") -> list[tuple[str, float]]:
        s = self.servers[server]
        with s.lock:
            return list(s.log)

    def paths(self, server: str = "main") -> list[str]:
        return [p for p, _ in self.requests(server)]

    # -- the main host ------------------------------------------------------------------
    def main_routes(self, path: str, server: _Server) -> Reply | None:  # noqa: C901, PLR0911, PLR0912
        base = self.url("")
        if path == "/robots.txt":
            return Reply(
                200,
                [("Content-Type", "text/plain")],
                (
                    MAIN_ROBOTS
                    + f"Sitemap: {base}/b67-xxe-sitemap.xml\n"
                    + f"Sitemap: {base}/b68-sitemap.xml.gz\n"
                    + f"Sitemap: {base}/b68-encoded-sitemap.xml\n"
                    + f"Sitemap: {base}/b68-bomb-sitemap.xml.gz\n"
                    + f"Sitemap: {base}/b69-index-a.xml\n"
                    + f"Sitemap: {base}/b70-offhost-sitemap.xml\n"
                ).encode(),
            )
        route = ROUTES.get(path.split("?", 1)[0].split(";", 1)[0])
        if route is not None:
            return route(self, path, server)
        if path.startswith("/b14/hop/"):
            n = int(path.rsplit("/", 1)[1])
            return redirect(f"/b14/hop/{n + 1}")
        if path.startswith("/b51/archive/"):
            y, m, d = (int(x) for x in path.split("/")[3:6])
            nxt = time.strftime(
                "%Y/%m/%d", time.gmtime(time.mktime((y, m, d + 1, 12, 0, 0, 0, 0, 0)))
            )
            return html(
                f"<html><body><h2>Archive {y}-{m}-{d}</h2>"
                f"<a href='/b51/archive/{nxt}/'>next day</a></body></html>"
            )
        if path.startswith("/b69-gen-"):
            # An endless generated index: each lists three new indexes one level deeper
            # (b69-gen-1 -> b69-gen-1-1, -1-2, -1-3 -> ...), so its name shows its depth.
            name = path[len("/b69-gen-") :].split(".")[0]
            children = "".join(
                f"<sitemap><loc>{base}/b69-gen-{name}-{k}.xml</loc></sitemap>" for k in (1, 2, 3)
            )
            return Reply(
                200,
                [("Content-Type", "application/xml")],
                (
                    '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
                    f'sitemap/0.9">{children}</sitemapindex>'
                ).encode(),
            )
        if path.startswith("/b55/"):
            return html(article_html("A page with spaces in its address", "spacious"))
        return None

    def robots_503_routes(self, path: str, server: _Server) -> Reply | None:
        if path == "/robots.txt":
            return Reply(503, [HTML], b"busy")
        return html(article_html("Never fetched", "robotsfivezerothree"))

    def robots_404_routes(self, path: str, server: _Server) -> Reply | None:
        if path == "/news/2024/05/01/b62-allowed.html":
            return html(article_html("Allowed without robots", "robotsfourohfour"))
        return None

    def robots_redirect_routes(self, path: str, server: _Server) -> Reply | None:
        if path == "/robots.txt":
            return redirect("/r/1", 301)
        if path.startswith("/r/"):
            n = int(path[3:])
            if n < 4:
                return redirect(f"/r/{n + 1}", 301)
            return redirect("/robots-final.txt", 301)
        if path == "/robots-final.txt":
            return Reply(
                200, [("Content-Type", "text/plain")], b"User-agent: *\nDisallow: /b63-secret\n"
            )
        if path.startswith("/news/"):
            return html(article_html("Through five redirects", "robotsredirected"))
        if path.startswith("/b63-secret"):
            return html(article_html("Secret", "robotssecret"))
        return None

    def robots_big_routes(self, path: str, server: _Server) -> Reply | None:
        if path == "/robots.txt":
            padding = b"# " + b"x" * 98 + b"\n"
            body = (
                b"User-agent: *\nDisallow: /b64-early\n"
                + padding * (5 * 1024 * 1024 // len(padding))
                + b"Disallow: /news/\n"
            )
            return Reply(200, [("Content-Type", "text/plain")], body)
        if path.startswith("/news/"):
            return html(article_html("Past the robots.txt limit", "robotsbig"))
        if path.startswith("/b64-early"):
            return html(article_html("Early", "robotsearly"))
        return None

    def crawl_delay_routes(self, path: str, server: _Server) -> Reply | None:
        if path == "/robots.txt":
            return Reply(200, [("Content-Type", "text/plain")], b"User-agent: *\nCrawl-delay: 1\n")
        if path.startswith("/news/"):
            return html(article_html("Paced " + path[-7:], "crawldelay" + path[-7:-5]))
        return None

    def blocked_routes(self, path: str, server: _Server) -> Reply | None:
        return html(article_html("Internal admin page", "internaladmin"))


# Each route: (site, raw path, server) -> Reply. Paths of article-shaped URLs look like
# /news/2024/05/01/<case>-<slug>.html so the spider treats them as articles.
Route = Callable[[HostileSite, str, _Server], Reply]
ROUTES: dict[str, Route] = {}


def route(path: str) -> Callable[[Route], Route]:
    def register(fn: Route) -> Route:
        ROUTES[path] = fn
        return fn

    return register


def _art(title: str, unique: str, **kw: Any) -> Route:
    return lambda site, path, server: html(article_html(title, unique, **kw))


A = "/news/2024/05/01/"

ROUTES[A + "b08-flaky.html"] = lambda site, path, server: (
    Reply(503, [HTML], b"<h1>busy</h1>")
    if server.counts[path] <= 2
    else html(article_html("Back after two 503s", "flakyharbour"))
)
ROUTES[A + "b10-captcha.html"] = lambda site, path, server: html(
    "<html><head><title>Access denied</title></head><body><h1>Access denied</h1>"
    "<p>Please complete the CAPTCHA below to prove you are not a robot.</p>"
    "<p>Reference #18.2f3c.</p></body></html>"
)
ROUTES[A + "b12-soft404.html"] = lambda site, path, server: html(
    "<html><head><title>Page not found | Ledger</title></head><body><h1>Page not found</h1>"
    "<p>Sorry, the page you were looking for does not exist. It may have been moved.</p>"
    "<p>Try the search box or go back to the home page.</p></body></html>"
)
ROUTES["/b13/loop"] = lambda site, path, server: redirect("/b13/loop")
ROUTES["/b15-offsite"] = lambda site, path, server: redirect(
    site.url("/consent").replace("127.0.0.1", "localhost")
)
ROUTES["/b16/file"] = lambda site, path, server: redirect("file:///etc/passwd")
ROUTES["/b16/ftp"] = lambda site, path, server: redirect("ftp://127.0.0.1/pub/secret.txt")
ROUTES["/b16/data"] = lambda site, path, server: redirect("data:text/html,<h1>hi</h1>")
ROUTES["/b17/redirect"] = lambda site, path, server: redirect(
    site.url("/news/2024/05/01/b17-internal.html", "blocked")
)
ROUTES[A + "b18-refresh0.html"] = lambda site, path, server: html(
    f'<html><head><meta http-equiv="refresh" content="0;url={A}b18-target.html"></head>'
    "<body>Moved</body></html>"
)
ROUTES[A + "b18-target.html"] = _art("Where the zero refresh leads", "refreshtarget")
ROUTES["/b18/refresh300"] = lambda site, path, server: html(
    f'<html><head><meta http-equiv="refresh" content="300;url={A}b18-never.html"></head>'
    "<body><p>This page refreshes in five minutes.</p></body></html>"
)
ROUTES[A + "b18-never.html"] = _art("Never", "refreshnever")
ROUTES["/b19-declared-too-large"] = lambda site, path, server: html(
    "<html>" + "x" * (site.max_size + 1024)
)
ROUTES["/b20-streamed-too-large"] = lambda site, path, server: Reply(
    200, [HTML], b"<html>" + b"x" * (site.max_size + 1024), close=True
)


@route(A + "b21-big-page.html")
def _big_page(site: HostileSite, path: str, server: _Server) -> Reply:
    """Most of a very large page is inline state; the article follows it."""
    blob = "<script>window.__STATE__=" + json.dumps("x" * site.big_page_bytes) + "</script>"
    return html(article_html("A very large page", "hugepage", head=blob))


def _encoded(body: bytes, encoding: str, ctype: str = "text/html; charset=utf-8") -> Route:
    return lambda site, path, server: Reply(
        200, [("Content-Type", ctype), ("Content-Encoding", encoding)], body
    )


BOMB = 64 * 1024 * 1024
ROUTES["/b22-gzip-bomb"] = _encoded(_gzip(_bomb(BOMB)), "gzip")
ROUTES["/b23-brotli-bomb"] = _encoded(brotli.compress(_bomb(BOMB), quality=5), "br")
ROUTES["/b24-deflate-bomb"] = _encoded(_deflate(_bomb(BOMB)), "deflate")
_ZSTD = _zstd(_bomb(BOMB))
if _ZSTD is not None:
    ROUTES["/b24-zstd-bomb"] = _encoded(_ZSTD, "zstd")
ROUTES["/b24-gzip-gzip-bomb"] = _encoded(_gzip(_gzip(_bomb(BOMB))), "gzip, gzip")
ROUTES[A + "b24-gzip-gzip.html"] = _encoded(
    _gzip(_gzip(article_html("Compressed twice on purpose", "stackedgzip").encode())), "gzip, gzip"
)
ROUTES[A + "b25-double.html"] = _encoded(
    _gzip(_gzip(article_html("Double", "doublegzip").encode())), "gzip"
)
ROUTES[A + "b26-not-gzip.html"] = _encoded(
    article_html("Not gzip at all", "notgzip").encode(), "gzip"
)
ROUTES[A + "b27-xz.html"] = _encoded(b"\xfd7zXZ\x00\x00" + b"\x01" * 300, "xz")
_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + b"0" * 2000 + b"\n%%EOF\n"
ROUTES[A + "b28-report.pdf"] = lambda site, path, server: Reply(
    200, [("Content-Type", "application/pdf")], _PDF
)
_PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 500
ROUTES[A + "b29-photo.html"] = lambda site, path, server: Reply(
    200, [("Content-Type", "image/png")], _PNG
)
# Not B28's bytes: the same body at a second URL would be archived as a revisit (B52).
ROUTES[A + "b30-pdf-as-html.html"] = lambda site, path, server: Reply(
    200, [HTML], _PDF + b"% labelled text/html\n"
)
ROUTES[A + "b31-empty.html"] = lambda site, path, server: Reply(200, [HTML], b"")
ROUTES[A + "b32-latin1.html"] = lambda site, path, server: Reply(
    200,
    [("Content-Type", "text/html")],
    article_html("Die Br\u00fccke \u00fcber den Hafen", "latin", charset=None)
    .replace("Paragraph", "\u00dcber die Br\u00fccke, Paragraph")
    .encode("cp1252"),
)
ROUTES[A + "b33-utf8-labelled-latin1.html"] = lambda site, path, server: Reply(
    200,
    [("Content-Type", "text/html; charset=ISO-8859-1")],
    article_html("Caf\u00e9 \u00fcber alles \u2014 a test", "mislabel")
    .replace("Paragraph", "\u00fcber \u2014 Paragraph")
    .encode("utf-8"),
)
ROUTES[A + "b34-utf9.html"] = lambda site, path, server: Reply(
    200,
    [("Content-Type", "text/html; charset=utf-9")],
    article_html("An impossible label \u00fcber", "utfnine").encode("utf-8"),
)
ROUTES[A + "b35-utf8-bom.html"] = lambda site, path, server: Reply(
    200,
    [("Content-Type", "text/html; charset=iso-8859-1")],
    b"\xef\xbb\xbf" + article_html("BOM first \u00fcber", "bomeight", charset=None).encode("utf-8"),
)
ROUTES[A + "b35-utf16-bom.html"] = lambda site, path, server: Reply(
    200,
    [("Content-Type", "text/html")],
    article_html("Sixteen bits \u00fcber", "bomsixteen", charset=None).encode("utf-16"),
)
ROUTES[A + "b36-mixed.html"] = lambda site, path, server: Reply(
    200,
    [("Content-Type", "text/html; charset=utf-8")],
    article_html("Mixed \u00fcber encodings", "mixedbytes")
    .encode("utf-8")
    .replace(b"Paragraph 2", b"Paragraph 2 \xfcber cp1252 bytes"),
)
ROUTES[A + "b37-controls.html"] = lambda site, path, server: html(
    article_html("Nul\x00 and bell\x07 in the title", "controlchars").replace(
        "Paragraph 1", "Paragraph\x00 1 with\x1b[31m escapes"
    )
)
ROUTES[A + "b38-rtl.html"] = _art(
    "\u202eevil.exe \u0627\u0644\u0633\u064a\u0627\u0633\u0629 title",
    "\u0627\u0644\u0627\u0646\u062a\u062e\u0627\u0628\u0627\u062a",
)
_CJK = "".join(
    f"<p>政治改革的讨论在本周继续进行，议会成员就港口疏浚预算展开了辩论，第{i}段。"
    "市民对于渡轮时刻表的变化表示关注，希望政府能够提前通知所有受影响的家庭。</p>"
    for i in range(12)
)
ROUTES[A + "b39-cjk.html"] = lambda site, path, server: html(
    article_html("政治新闻：港口预算", "cjk", text=_CJK).replace("lang='en'", "lang='zh'")
)
ROUTES[A + "b40-nfd.html"] = _art("Decomposed u\u0308ber forms", "nfdform")


@route(A + "b40-nfd-text.html")
def _nfd(site: HostileSite, path: str, server: _Server) -> Reply:
    page = article_html("Decomposed forms", "decomposedword").replace(
        "Paragraph 1", "Paragraph 1 u\u0308berbru\u0308cke"
    )
    return html(page)


ROUTES[A + "b41-js-only.html"] = lambda site, path, server: html(
    "<!doctype html><html><head><title>Loading</title>"
    '<script src="/static/app.bundle.js"></script></head>'
    '<body><div id="root"></div><noscript>Enable JavaScript</noscript></body></html>'
)
ROUTES[A + "b42-deep.html"] = lambda site, path, server: html(
    "<html><body>"
    + "<div>" * 5000
    + "<p>"
    + FILLER * 3
    + "</p>"
    + "</div>" * 5000
    + "</body></html>"
)
ROUTES[A + "b42-deeper.html"] = lambda site, path, server: html(
    "<html><body>" + "<div>" * 100_000 + "<p>" + FILLER * 3 + "</p></body></html>"
)
ROUTES[A + "b43-many-elements.html"] = lambda site, path, server: html(
    "<html><body><article>" + "<span>w</span>" * 300_000 + "</article></body></html>"
)
ROUTES[A + "b44-malformed.html"] = lambda site, path, server: html(
    "<html><html><head><title>Broken markup</title><body><div><p>"
    + "<p>".join(f"{FILLER} malformedmarkup {i}" for i in range(6))
    + "<div><span><b><i>unclosed"
)
ROUTES[A + "b45-paywall.html"] = _art(
    "Behind the paywall",
    "paywalled",
    paragraphs=1,
    jsonld={"isAccessibleForFree": False},
)
_CONSENT = (
    "<html><head><title>Before you continue</title></head><body>"
    "<div id='cookie-consent' class='consent-banner'><h2>We value your privacy</h2>"
    "<p>We and our partners use cookies to store and access information on your device.</p>"
    "<button>Accept all</button><button>Manage options</button></div></body></html>"
)
ROUTES[A + "b46-consent-1.html"] = lambda site, path, server: html(_CONSENT)
ROUTES[A + "b46-consent-2.html"] = lambda site, path, server: html(_CONSENT)
# A full consent manager's notice served at article addresses, under the article's own
# head (its title and NewsArticle JSON-LD), as some CMPs do server-side.
_CONSENT_NOTICE = (
    "<div class='cmp-wall'><h1>We value your privacy</h1>"
    "<p>We and our 842 partners store and/or access information on a device, such as"
    " cookies, and process personal data, such as unique identifiers and standard"
    " information sent by a device for personalised advertising and content, advertising"
    " and content measurement, audience research and services development.</p>"
    "<p>With your permission we and our partners may use precise geolocation data and"
    " identification through device scanning. You may click to consent to our and our"
    " partners' processing as described above. Alternatively you may click to refuse to"
    " consent or access more detailed information and change your preferences before"
    " consenting.</p><p>Please note that some processing of your personal data may not"
    " require your consent, but you have a right to object to such processing on the basis"
    " of legitimate interest. Your preferences will apply to this website only. You can"
    " change your preferences or withdraw your consent at any time by returning to this"
    " site and clicking the Privacy settings link at the bottom of the page.</p>"
    "<form><button>Accept all</button><button>Reject all</button>"
    "<button>Manage options</button></form></div>"
)


def _consent_at(n: int):
    return lambda site, path, server: html(
        "<html><head><title>Harbour ferry fares rise</title>"
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Harbour'
        f' ferry fares rise", "datePublished": "2024-05-0{n}T08:00:00Z"}}</script>'
        f"</head><body>{_CONSENT_NOTICE}</body></html>"
    )


for _n in (3, 4, 5):
    ROUTES[A + f"b46-consent-{_n}.html"] = _consent_at(_n)
ROUTES[A + "b47-canon-same.html"] = lambda site, path, server: html(
    article_html(
        "Canonical on the same site",
        "canonsame",
        head=f"<link rel='canonical' href='{site.url(A + 'b47-canon-clean.html')}'>",
    )
)
ROUTES[A + "b47-canon-clean.html"] = lambda site, path, server: html(
    article_html(
        "Canonical on the same site",
        "canonsame",
        head=f"<link rel='canonical' href='{site.url(A + 'b47-canon-clean.html')}'>",
    )
)
ROUTES[A + "b47-canon-syndicated.html"] = _art(
    "Syndicated from elsewhere",
    "canonsyndicated",
    head="<link rel='canonical' href='https://wire.example.org/2024/05/01/original-story'>",
)
ROUTES[A + "b47-canon-home.html"] = lambda site, path, server: html(
    article_html(
        "Canonical points home",
        "canonhome",
        head=f"<link rel='canonical' href='{site.url('/')}'>",
    )
)
ROUTES[A + "b47-canon-home-2.html"] = lambda site, path, server: html(
    article_html(
        "A second story whose canonical points home",
        "canonhometwo",
        head=f"<link rel='canonical' href='{site.url('/')}'>",
    )
)
ROUTES["/b49-hub"] = lambda site, path, server: html(
    "<html><body><h2>Links</h2>"
    f"<a href='{A}b49-tracked.html?utm_source=x&utm_medium=y'>one</a>"
    f"<a href='{A}b49-tracked.html?fbclid=abc123'>two</a>"
    f"<a href='{A}b49-tracked.html?gclid=zzz'>three</a>"
    f"<a href='{A}b50-session.html;jsessionid=ABCDEF0123'>four</a>"
    f"<a href='{A}b50-session.html?PHPSESSID=deadbeef'>five</a>"
    f"<a href='{A}b50-session.html?sid=42'>six</a>"
    f"<a href='/b55/a%20page%20with%20spaces'>spaces</a>"
    f"<a href='/b55/{'x' * 9000}'>long</a>"
    "<a href='/b60-private/secret.html'>private</a>"
    "<a href='file:///etc/passwd'>file</a><a href='ftp://127.0.0.1/x'>ftp</a>"
    "<a href='data:text/html,hi'>data</a><a href='javascript:alert(1)'>js</a>"
    "</body></html>"
)
ROUTES[A + "b49-tracked.html"] = _art("Tracked links lead here", "trackedlink")
ROUTES[A + "b50-session.html"] = _art("Session ids lead here", "sessionlink")
ROUTES["/b60-private/secret.html"] = _art("Private", "privatepage")
ROUTES[A + "b56-bad-dates.html"] = _art(
    "Impossible dates",
    "baddates",
    jsonld={"datePublished": "2024-02-30"},
    head="<meta property='article:published_time' content='2024-13-45T99:99'>",
)
ROUTES[A + "b57-future.html"] = _art(
    "From the future", "futuredate", jsonld={"datePublished": "2099-01-01T00:00:00"}
)
ROUTES[A + "b58-conflict.html"] = _art(
    "Conflicting dates",
    "conflictdates",
    jsonld={"datePublished": "2024-03-05T08:00:00+00:00"},
    head="<meta property='article:published_time' content='2023-01-01T00:00:00+00:00'>",
)
ROUTES[A + "b59-hostile-meta.html"] = _art(
    "T" * 1_000_000,
    "hostilemeta",
    jsonld={
        "author": [{"@type": "Person", "name": f"Author {i}"} for i in range(10_000)],
        'title"; DROP TABLE articles;--': "x",
    },
)
ROUTES[A + "s12-injection.html"] = _art("'); DROP TABLE articles;-- \" OR 1=1 --", "sqlinject")
ROUTES["/b66-feed.xml"] = lambda site, path, server: Reply(
    200,
    [("Content-Type", "application/rss+xml")],
    (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
        "<title>Ledger & Co <b>news</b></title>"
        f"<item><title>Bad & <i>bold</i></title><link>{site.url(A + 'b66-from-feed.html')}"
        "</link><pubDate>Someday, 99 Foo 2024</pubDate></item>"
        "<item><title>Second</title><link>broken link & more</link></item>"
        "</channel>"
    ).encode()
    + "caf\u00e9".encode("latin-1"),
)
ROUTES[A + "b66-from-feed.html"] = _art("Found through a broken feed", "brokenfeed")
ROUTES["/b67-xxe-sitemap.xml"] = lambda site, path, server: Reply(
    200,
    [("Content-Type", "application/xml")],
    (
        '<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY secret SYSTEM "file:///etc/passwd">'
        f'<!ENTITY remote SYSTEM "{site.url("/b67-secret")}">'
        '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{site.url(A + 'b67-listed.html')}</loc></url>"
        f"<url><loc>{site.url(A)}&secret;&remote;&c;</loc></url></urlset>"
    ).encode(),
)
ROUTES[A + "b67-listed.html"] = _art("Listed in an entity-laden sitemap", "xxelisted")
ROUTES["/b67-secret"] = lambda site, path, server: html("secret")
_SITEMAP = (
    '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    "<url><loc>{}</loc></url></urlset>"
)
ROUTES["/b68-sitemap.xml.gz"] = lambda site, path, server: Reply(
    200,
    [("Content-Type", "application/x-gzip")],
    _gzip(_SITEMAP.format(site.url(A + "b68-from-gz.html")).encode()),
)
ROUTES["/b68-encoded-sitemap.xml"] = lambda site, path, server: Reply(
    200,
    [("Content-Type", "application/xml"), ("Content-Encoding", "gzip")],
    _gzip(_SITEMAP.format(site.url(A + "b68-from-encoded.html")).encode()),
)
ROUTES["/b68-bomb-sitemap.xml.gz"] = lambda site, path, server: Reply(
    200, [("Content-Type", "application/x-gzip")], _gzip(b"<urlset>" + b" " * BOMB)
)
ROUTES[A + "b68-from-gz.html"] = _art("From a gzipped sitemap", "gzsitemap")
ROUTES[A + "b68-from-encoded.html"] = _art("From an encoded sitemap", "encodedsitemap")
_INDEX = (
    '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    "{}</sitemapindex>"
)
ROUTES["/b69-index-a.xml"] = lambda site, path, server: Reply(
    200,
    [("Content-Type", "application/xml")],
    _INDEX.format(
        f"<sitemap><loc>{site.url('/b69-index-b.xml')}</loc></sitemap>"
        f"<sitemap><loc>{site.url('/b69-index-a.xml')}</loc></sitemap>"
        f"<sitemap><loc>{site.url('/b69-gen-1.xml')}</loc></sitemap>"
    ).encode(),
)
ROUTES["/b69-index-b.xml"] = lambda site, path, server: Reply(
    200,
    [("Content-Type", "application/xml")],
    _INDEX.format(f"<sitemap><loc>{site.url('/b69-index-a.xml')}</loc></sitemap>").encode(),
)
ROUTES["/b70-offhost-sitemap.xml"] = lambda site, path, server: Reply(
    200,
    [("Content-Type", "application/xml")],
    (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{site.url(A + 'b70-onhost.html')}</loc></url>"
        "<url><loc>http://offhost.invalid/news/2024/05/01/elsewhere.html</loc></url>"
        "<url><loc>http://localhost:1/news/2024/05/01/elsewhere.html</loc></url>"
        "</urlset>"
    ).encode(),
)
ROUTES[A + "b70-onhost.html"] = _art("On the sitemap's own host", "onhostsitemap")
ROUTES[A + "b44-control.html"] = _art("An ordinary article", "ordinaryarticle")

# -- security cases whose archived content later meets the viewer and the CLI -------------

XSS_TITLE = "<script>alert('xss')</script>\"><img src=x onerror=alert(2)> \u2028 title"
ROUTES[A + "s09-xss-title.html"] = _art(XSS_TITLE, "xsstitle")
ROUTES["/s06-headers"] = lambda site, path, server: Reply(
    200,
    [
        HTML,
        ("Set-Cookie", "session=stolen; Path=/"),
        ("Content-Security-Policy", "script-src *"),
        ("Strict-Transport-Security", "max-age=31536000"),
        ("Location", "http://evil.example/"),
        ("Refresh", "0;url=http://evil.example/"),
        ("Link", "<http://evil.example/x.css>; rel=preload"),
        ("Service-Worker-Allowed", "/"),
        ("Access-Control-Allow-Origin", "*"),
        ("Content-Disposition", "attachment; filename=../../.bashrc"),
    ],
    b"<html><body><p>headers</p></body></html>",
)
ROUTES["/s07-meta"] = lambda site, path, server: html(
    "<html><head><meta http-equiv='Content-Security-Policy' content='script-src *'>"
    "<meta http-equiv='Set-Cookie' content='a=b'>"
    "<meta http-equiv='refresh' content='0;url=http://evil.example/'>"
    "<base href='http://evil.example/'></head><body><img src='http://evil.example/x'>"
    "<script>fetch('/api/admin')</script></body></html>"
)
ROUTES["/s08-svg"] = lambda site, path, server: Reply(
    200,
    [("Content-Type", "image/svg+xml")],
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>',
)
ROUTES["/s08-html-as-png"] = lambda site, path, server: Reply(
    200, [("Content-Type", "image/png")], b"<html><script>alert(1)</script></html>"
)
