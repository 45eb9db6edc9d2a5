"""A small news site whose template no debris rule can name, for the template tests.

Its template blocks carry hashed class names and ordinary words: a notes box set among
the paragraphs, a reader-support paragraph, a corrections line, and an "archive" rail
whose text changes from page to page among a few items. Every article's own paragraphs
are distinct prose from a seeded word bank. ``TEMPLATE_LINES`` are the lines of the
template blocks that are fixed; ``ARCHIVE_LINES`` those of the rail.
"""

from __future__ import annotations

import random
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SITE = "The Lowfield Courier"

NOTES = "We read every letter that reaches the desk, and we answer most of them within the week."
SUPPORT = (
    "This paper stays open to every reader because the people who can afford to pay for it"
    " choose to, and we are grateful to each of them."
)
CORRECTIONS = "Spotted a mistake? Tell the desk and we will put it right in the next edition."
TEMPLATE_LINES = (NOTES, SUPPORT, CORRECTIONS)
ARCHIVE_LINES = (
    "From the archive: the winter the canal froze solid for six weeks",
    "From the archive: when the old mill caught fire in the summer of the fair",
    "From the archive: how the town voted on the new bridge in the last century",
)

_WORDS = (
    "council residents canal bridge mill harvest market school teachers parents budget road"
    " river orchard library museum station farmers bakery ferry choir hospital nurses"
    " volunteers garden allotment weather storm flood meadow lane chapel square festival"
    " workshop builders planners inspector trustees pupils harbour cattle barley orchard"
    " quarry tenants landlord rent repairs heating winter spring summer autumn evening"
    " morning neighbours shopkeepers drivers cyclists walkers anglers beekeepers"
).split()
_VERBS = "said agreed warned argued explained promised decided reported noticed hoped".split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(7, 12))]
    mid = rng.randint(2, len(words) - 2)
    words.insert(mid, rng.choice(_VERBS))
    return " ".join(words).capitalize() + "."


def paragraphs(i: int, n: int = 6) -> list[str]:
    """Article ``i``'s own paragraphs: distinct prose, the same on every call."""
    rng = random.Random(f"lowfield-{i}")
    return [" ".join(_sentence(rng) for _ in range(3)) for _ in range(n)]


def article_html(i: int, base: str = "https://lowfield.example", *, template: bool = True) -> str:
    """Article ``i`` as the site serves it (``template=False``: without its template)."""
    paras = paragraphs(i)
    body = []
    for k, p in enumerate(paras):
        body.append(f'<p class="q{(i + k) % 7}x2">{p}</p>')
        if template and k == 1:
            body.append(f'<div class="k7f2q9"><p class="n4b8z1">{NOTES}</p></div>')
        if template and k == 3:
            body.append(f'<p class="c5r1t0">{CORRECTIONS}</p>')
    if template:
        body.append(f'<p class="s8p0w3">{SUPPORT}</p>')
    rail = ""
    if template:
        item = ARCHIVE_LINES[i % len(ARCHIVE_LINES)]
        rail = (
            f'<div class="a1r9c7"><p class="a2x7"><a href="{base}/archive/{i % 3}">{item}</a>'
            f"</p></div>"
        )
    title = f"Lowfield story number {i}: {paras[0].split('.')[0][:60]}"
    day = f"2025-03-{1 + i % 28:02d}"
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f'<link rel="canonical" href="{base}/news/story-{i}-lowfield">'
        f'<meta property="og:type" content="article">'
        f'<meta property="article:published_time" content="{day}T09:00:00Z">'
        f'<meta name="author" content="Nell Arkwright"></head><body>'
        f'<div class="h0d3r"><a href="{base}/">{SITE}</a></div>'
        f'<div class="m9a1n2"><h1>{title}</h1>'
        f'<div class="b7y2l"><span>By Nell Arkwright</span> '
        f'<time datetime="{day}">{day}</time></div>'
        f'<div class="t3x8t5">{"".join(body)}</div>{rail}</div>'
        f'<div class="f0o7t"><p>{SITE}, 4 Mill Lane, Lowfield</p></div>'
        "</body></html>"
    )


class TemplatedSite:
    """The site on 127.0.0.1, a free port, from a background thread (a context manager).

    ``pages`` articles, listed in a sitemap in ``order`` ("forward" or "reverse"): two
    crawls with ``CONCURRENT_REQUESTS=1`` then meet them in opposite orders.
    ``template=False`` serves the same articles without their template.
    """

    def __init__(
        self, pages: int = 14, *, order: str = "forward", template: bool = True, port: int = 0
    ):
        self.pages, self.order, self.template, self.port = pages, order, template, port
        self.base_url = ""
        self._server: ThreadingHTTPServer | None = None

    def article_urls(self) -> list[str]:
        return [f"{self.base_url}/news/story-{i}-lowfield" for i in range(self.pages)]

    def _body(self, path: str) -> tuple[int, str, str]:
        if path == "/robots.txt":
            return (
                200,
                "text/plain",
                f"User-agent: *\nAllow: /\nSitemap: {self.base_url}/sitemap.xml\n",
            )
        if path == "/sitemap.xml":
            urls = self.article_urls()
            if self.order == "reverse":
                urls.reverse()
            locs = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
            xml = (
                '<?xml version="1.0" encoding="UTF-8"?>'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'
            )
            return 200, "application/xml", xml
        if path == "/":
            return 200, "text/html; charset=utf-8", f"<html><body><h1>{SITE}</h1></body></html>"
        prefix = "/news/story-"
        if path.startswith(prefix) and path.endswith("-lowfield"):
            number = path[len(prefix) : -len("-lowfield")]
            if number.isdigit() and int(number) < self.pages:
                html = article_html(int(number), self.base_url, template=self.template)
                return 200, "text/html; charset=utf-8", html
        return 404, "text/html; charset=utf-8", "<html><body>Not found</body></html>"

    def __enter__(self) -> TemplatedSite:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args) -> None:  # noqa: A002
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                status, ctype, text = site._body(self.path.split("?")[0])
                body = text.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        server.daemon_threads = True
        server.block_on_close = False
        self._server = server
        self.port = server.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def __exit__(self, *exc) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
