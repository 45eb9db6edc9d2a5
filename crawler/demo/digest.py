"""The demo's second outlet: the Mill Valley Digest, an aggregator beside the Courier.

It gives ``make demo`` a story covered by two outlets (the otters of the River Mill: the
Courier's report and the Digest's own, different text) and a syndicated copy (the
Courier's AI X-ray article reposted, lightly edited, ending in "Source link" to the
Courier's page), so that ``scrapy coverage`` has originals, copies and two outlets to
show. Served by its own loopback server; the Courier's address is given at start.
"""

from __future__ import annotations

import html
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socketserver import TCPServer
from typing import Any

from . import content, site

NAME = "Mill Valley Digest"


def _courier(slug: str) -> content.Article:
    return next(a for a in content.ARTICLES if a.slug == slug)


def _repost_paragraphs() -> list[str]:
    """The Courier's X-ray article as an aggregator reposts it: a line of its own on top,
    two words changed, the quote kept."""
    paragraphs = _courier("hospital-ai-chest-xrays").paragraphs
    edited = [p.replace("Millbrook General Hospital", "Millbrook General") for p in paragraphs]
    edited[0] = edited[0].replace("in the region", "in the north")
    return edited


POSTS: list[dict[str, Any]] = [
    {
        "slug": "millbrook-hospital-ai-xray-trial",
        "title": "Millbrook General trials AI software to read chest X-rays",
        "published": "2026-10-25T15:05:00+00:00",
        "author": "Digest staff",
        "paragraphs": _repost_paragraphs(),
        "source": "hospital-ai-chest-xrays",
    },
    {
        "slug": "otters-back-in-millbrook",
        "title": "Otters are back in Millbrook, and anglers are delighted",
        "published": "2026-11-15T09:10:00+00:00",
        "author": "Tom Whitfield",
        "paragraphs": [
            "Anglers on the River Mill say they are not surprised that otters have come back"
            " to the town: they have been finding half-eaten eels on the banks below the weir"
            " since the spring.",
            "The Millbrook Angling Association, which leases three miles of the river, told"
            " the Digest that its members had photographed tracks in the mud near the old"
            " dye works twice this summer, and one had watched an otter cross the footbridge at"
            " dawn.",
            'Club secretary Brian Oduya said the fishing had never been better. "People worry'
            " that otters empty a river of fish. What they actually do is tell you the river"
            ' has fish worth eating, and that the water is clean enough for them to live in."',
            "The association now plans to fence two ponds it stocks with carp, and has offered"
            " the university its members' records of sightings going back to 2019.",
            "Walkers on the riverside path were asked to keep dogs on leads between the weir"
            " and the railway bridge until the end of the breeding season.",
        ],
        "source": None,
    },
    {
        "slug": "valley-bus-fares-spring",
        "title": "Valley bus fares to rise by ten pence in the spring",
        "published": "2026-11-10T12:00:00+00:00",
        "author": "Digest staff",
        "paragraphs": [
            "Single fares on the Mill Valley bus network will rise by ten pence from April,"
            " the operator confirmed on Monday, the first increase in three years.",
            "Day tickets will stay at their current price, and the free travel scheme for"
            " pupils under sixteen will continue for at least another year, the company said.",
            "The operator blamed the rise on fuel and wage costs, and said it would use part of"
            " the extra income to restore the late service from Fenwick on Friday nights.",
            "Passenger groups said they would accept the rise if the timetable promised in the"
            " summer was finally delivered, and asked the council to publish the subsidy it"
            " pays for the evening routes.",
        ],
        "source": None,
    },
]


def _page(base: str, courier_base: str, post: dict[str, Any]) -> str:
    url = f"{base}/posts/{post['slug']}/"
    body = "".join(f"<p>{html.escape(p)}</p>" for p in post["paragraphs"])
    if post["source"]:
        original = courier_base + site.article_path(_courier(post["source"]))
        body += f'<p class="source"><a href="{html.escape(original)}">Source link</a></p>'
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": post["title"],
        "datePublished": post["published"],
        "author": {"@type": "Person", "name": post["author"]},
        "publisher": {"@type": "Organization", "name": NAME},
        "mainEntityOfPage": url,
    }
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(post['title'])} | {NAME}</title>"
        f'<link rel="canonical" href="{url}">'
        '<meta property="og:type" content="article">'
        f'<meta property="og:site_name" content="{NAME}">'
        f'<script type="application/ld+json">{json.dumps(ld)}</script></head><body>'
        f'<header><a href="{base}/">{NAME}</a> <nav><a href="{base}/">Latest</a></nav></header>'
        f"<main><article><h1>{html.escape(post['title'])}</h1>"
        f'<p class="byline">By {html.escape(post["author"])},'
        f' <time datetime="{post["published"]}">{post["published"][:10]}</time></p>'
        f"{body}</article></main><footer>{NAME}: the valley's news in one place</footer>"
        "</body></html>"
    )


def _front(base: str) -> str:
    items = "".join(
        f'<li><a href="{base}/posts/{p["slug"]}/">{html.escape(p["title"])}</a></li>'
        for p in sorted(POSTS, key=lambda p: p["published"], reverse=True)
    )
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{NAME}</title>'
        f'<link rel="alternate" type="application/rss+xml" href="{base}/feed.xml"></head>'
        f"<body><h1>{NAME}</h1><ul>{items}</ul></body></html>"
    )


def _feed(base: str) -> str:
    items = "".join(
        f"<item><title>{html.escape(p['title'])}</title>"
        f"<link>{base}/posts/{p['slug']}/</link></item>"
        for p in POSTS
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{NAME}</title><link>{base}/</link>{items}</channel></rss>"
    )


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        base, path = self.server.base_url, self.path.split("?", 1)[0]
        body, ctype, status = b"not found", "text/plain", 404
        if path == "/":
            body, ctype, status = _front(base).encode(), "text/html; charset=utf-8", 200
        elif path == "/robots.txt":
            body, ctype, status = b"User-agent: *\nAllow: /\n", "text/plain", 200
        elif path == "/feed.xml":
            body, ctype, status = _feed(base).encode(), "application/rss+xml", 200
        else:
            post = next((p for p in POSTS if path == f"/posts/{p['slug']}/"), None)
            if post is not None:
                page = _page(base, self.server.courier_base, post)
                body, ctype, status = page.encode(), "text/html; charset=utf-8", 200
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    base_url = ""
    courier_base = ""

    def server_bind(self) -> None:
        TCPServer.server_bind(self)  # no reverse DNS lookup (offline machines stall on it)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)


class DigestSite:
    """The Digest on 127.0.0.1 (a free port), linking to the Courier at ``courier_base``."""

    def __init__(self, courier_base: str, port: int = 0) -> None:
        self._server = _Server(("127.0.0.1", port), _Handler)
        host, bound = self._server.server_address[:2]
        self.base_url = f"http://{host}:{bound}"
        self._server.base_url = self.base_url
        self._server.courier_base = courier_base.rstrip("/")
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> DigestSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
