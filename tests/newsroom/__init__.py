"""``Newsroom``: a generated local news site that changes between runs.

Unlike ``tests.site`` (a fixed site full of traps), this one is for scheduled
crawls: every page has an ETag and a Last-Modified and answers conditional
requests with 304, articles can be edited and new ones published while the
server runs, and it has a few hundred pages so that a crawl can be killed
half-way. Served on 127.0.0.1 from a background thread.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import html
import json
import random
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

SECTIONS = ("politics", "business", "science", "culture", "sport")
PER_LISTING = 20
PER_SITEMAP = 100
FEED_SIZE = 40
HOME_SIZE = 30
HTML = "text/html; charset=utf-8"

_WORDS = (
    "council harbour budget ferry minister report water school inquiry mayor station bridge"
    " election court market energy housing rail museum hospital farmers weather drought"
    " festival library union strike police tunnel airport coast island river forest clinic"
    " tariff export vote senate committee survey study researchers students teachers nurses"
    " villagers engineers pilots inspectors auditors residents workers volunteers officials"
).split()
_VERBS = (
    "approved rejected delayed announced questioned funded reopened expanded reviewed"
    " postponed criticised defended measured reported promised"
).split()


@dataclass
class Story:
    number: int
    section: str
    published: dt.datetime
    title: str
    author: str
    paragraphs: list[str]
    modified: dt.datetime
    edits: int = 0

    @property
    def path(self) -> str:
        d = self.published
        return f"/{self.section}/{d:%Y/%m/%d}/story-{self.number}"

    @property
    def unique_word(self) -> str:
        return f"zq{self.number:05d}x"


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(5, 9))]
    words.insert(2, rng.choice(_VERBS))
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _story(number: int, rng: random.Random, base: dt.datetime) -> Story:
    published = base - dt.timedelta(hours=number * 3, minutes=rng.randint(0, 59))
    paragraphs = [
        " ".join(_sentence(rng) for _ in range(rng.randint(3, 5))) for _ in range(rng.randint(4, 7))
    ]
    paragraphs[0] = f"{paragraphs[0]} Reference {number:05d}: zq{number:05d}x."
    return Story(
        number=number,
        section=SECTIONS[number % len(SECTIONS)],
        published=published,
        title=f"{rng.choice(_WORDS).title()} {rng.choice(_VERBS)} as {rng.choice(_WORDS)}"
        f" {rng.choice(_WORDS)} story {number}",
        author=f"{rng.choice(['Ana', 'Ben', 'Chloe', 'Dev', 'Ewa'])}"
        f" {rng.choice(['Ortiz', 'Kim', 'Novak', 'Osei', 'Berg'])}",
        paragraphs=paragraphs,
        modified=published,
    )


@dataclass
class Newsroom:
    """The site's content and state; ``serve()`` puts it on 127.0.0.1."""

    stories: int = 120
    seed: int = 7
    private_links: bool = True
    print_links: bool = False  # each article links a /print copy with the very same bytes
    _stories: list[Story] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    log: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._base_time = dt.datetime(2026, 11, 20, 18, 0, tzinfo=dt.UTC)
        self._stories = [_story(n, self._rng, self._base_time) for n in range(1, self.stories + 1)]
        self._deleted: set[str] = set()

    # -- changing the site ------------------------------------------------------
    def edit(self, number: int, paragraph: str) -> Story:
        """Correct a story: a new paragraph, a new Last-Modified, a new ETag."""
        with self._lock:
            story = self._by_number(number)
            story.paragraphs.append(paragraph)
            story.edits += 1
            story.modified = story.modified + dt.timedelta(hours=1)
            return story

    def publish(self, count: int) -> list[Story]:
        """New stories, newest first on the home page, in the feed and the sitemap."""
        with self._lock:
            newest = max(s.published for s in self._stories)
            start = max(s.number for s in self._stories) + 1
            new = []
            for i, n in enumerate(range(start, start + count)):
                story = _story(n, self._rng, newest)
                story.published = newest + dt.timedelta(minutes=10 * (i + 1))
                story.modified = story.published
                new.append(story)
            self._stories.extend(new)
            return new

    def delete(self, number: int) -> Story:
        """Take a story down: its URL answers 410 Gone from now on."""
        with self._lock:
            story = self._by_number(number)
            self._deleted.add(story.path)
            return story

    def story(self, number: int) -> Story:
        with self._lock:
            return self._by_number(number)

    def _by_number(self, number: int) -> Story:
        for s in self._stories:
            if s.number == number:
                return s
        raise KeyError(number)

    @property
    def all_stories(self) -> list[Story]:
        with self._lock:
            return list(self._stories)

    def requests_for(self, path: str) -> list[dict[str, Any]]:
        with self._lock:
            return [r for r in self.log if r["path"] == path]

    def clear_log(self) -> None:
        with self._lock:
            self.log.clear()

    # -- pages -----------------------------------------------------------------------
    def _newest(self) -> list[Story]:
        return sorted(self._stories, key=lambda s: s.published, reverse=True)

    def route(self, path: str, query: dict[str, list[str]], base: str):
        """(status, content type, body, last modified) for one GET."""
        stories = {s.path: s for s in self._stories}
        if path in self._deleted:
            return 410, HTML, b"<h1>This story has been removed</h1>", None
        if path.startswith("/print/") and path[6:] in stories:
            s = stories[path[6:]]  # a print copy: byte for byte the article page
            return 200, HTML, self._article(s, base), s.modified
        if path in stories:
            s = stories[path]
            return 200, "text/html; charset=utf-8", self._article(s, base), s.modified
        if path == "/":
            return (
                200,
                "text/html; charset=utf-8",
                self._listing("Front page", self._newest()[:HOME_SIZE], base, None),
                None,
            )
        if path.startswith("/section/") and path[9:] in SECTIONS:
            name = path[9:]
            page = int((query.get("page") or ["1"])[0] or 1)
            items = [s for s in self._newest() if s.section == name]
            chunk = items[(page - 1) * PER_LISTING : page * PER_LISTING]
            if not chunk and page > 1:
                return 404, "text/html; charset=utf-8", b"<h1>Not found</h1>", None
            more = len(items) > page * PER_LISTING
            nxt = f"/section/{name}?page={page + 1}" if more else None
            return (
                200,
                "text/html; charset=utf-8",
                self._listing(name.title(), chunk, base, nxt),
                None,
            )
        if path == "/robots.txt":
            body = f"User-agent: *\nDisallow: /private/\nSitemap: {base}/sitemap.xml\n".encode()
            return 200, "text/plain; charset=utf-8", body, None
        if path == "/sitemap.xml":
            n = (len(self._stories) + PER_SITEMAP - 1) // PER_SITEMAP
            locs = "".join(
                f"<sitemap><loc>{base}/sitemap-{i}.xml</loc></sitemap>" for i in range(1, n + 1)
            )
            body = (
                '<?xml version="1.0" encoding="UTF-8"?>'
                f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}'
                "</sitemapindex>"
            ).encode()
            return 200, "application/xml", body, None
        if path.startswith("/sitemap-") and path.endswith(".xml"):
            try:
                i = int(path[9:-4])
            except ValueError:
                i = 0
            ordered = sorted(self._stories, key=lambda s: s.number)
            chunk = ordered[(i - 1) * PER_SITEMAP : i * PER_SITEMAP] if i >= 1 else []
            if not chunk:
                return 404, "text/html; charset=utf-8", b"<h1>Not found</h1>", None
            urls = "".join(
                f"<url><loc>{base}{s.path}</loc><lastmod>{s.modified.isoformat()}</lastmod></url>"
                for s in chunk
            )
            body = (
                '<?xml version="1.0" encoding="UTF-8"?>'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
            ).encode()
            return 200, "application/xml", body, None
        if path == "/feed.xml":
            items = "".join(
                f"<item><title>{html.escape(s.title)}</title><link>{base}{s.path}</link>"
                f"<pubDate>{email.utils.format_datetime(s.published)}</pubDate></item>"
                for s in self._newest()[:FEED_SIZE]
            )
            body = (
                '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
                f"<title>The Newsroom</title><link>{base}/</link>{items}</channel></rss>"
            ).encode()
            return 200, "application/rss+xml", body, None
        if path.startswith("/private/"):
            return 200, "text/html; charset=utf-8", b"<h1>Private: never crawl this</h1>", None
        return 404, "text/html; charset=utf-8", b"<h1>Not found</h1>", None

    def _chrome(self, base: str) -> tuple[str, str]:
        nav = " ".join(f'<a href="/section/{s}">{s.title()}</a>' for s in SECTIONS)
        private = '<a href="/private/drafts">Drafts</a>' if self.private_links else ""
        header = (
            f'<header><a href="/">The Newsroom</a><nav>{nav}</nav>{private}'
            f'<link rel="alternate" type="application/rss+xml" href="{base}/feed.xml"></header>'
        )
        footer = '<footer><a href="/about">About</a> &copy; The Newsroom</footer>'
        return header, footer

    def _listing(self, title: str, stories: list[Story], base: str, nxt: str | None) -> bytes:
        header, footer = self._chrome(base)
        items = "".join(f'<li><a href="{s.path}">{html.escape(s.title)}</a></li>' for s in stories)
        more = f'<a rel="next" href="{nxt}">Older stories</a>' if nxt else ""
        page = (
            f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}'
            ' | The Newsroom</title><meta property="og:type" content="website"></head>'
            f"<body>{header}<main><h1>{title}</h1><ul>{items}</ul>{more}</main>{footer}"
            "</body></html>"
        )
        return page.encode()

    def _article(self, s: Story, base: str) -> bytes:
        header, footer = self._chrome(base)
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": s.title,
            "datePublished": s.published.isoformat(),
            "dateModified": s.modified.isoformat(),
            "author": {"@type": "Person", "name": s.author},
        }
        body = "".join(f"<p>{html.escape(p)}</p>" for p in s.paragraphs)
        related = [o for o in self._stories if o.section == s.section and o is not s][:3]
        rail = "".join(f'<li><a href="{o.path}">{html.escape(o.title)}</a></li>' for o in related)
        if self.print_links:
            rail += f'<li><a href="/print{s.path}">Print this story</a></li>'
        page = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{html.escape(s.title)} | The Newsroom</title>"
            f'<link rel="canonical" href="{base}{s.path}">'
            '<meta property="og:type" content="article">'
            f'<script type="application/ld+json">{json.dumps(ld)}</script></head>'
            f"<body>{header}<main><article><h1>{html.escape(s.title)}</h1>"
            f'<p class="byline">By {s.author}</p>'
            f'<time datetime="{s.published.isoformat()}">{s.published:%d %B %Y}</time>'
            f"{body}</article><aside><h2>Related</h2><ul>{rail}</ul></aside></main>"
            f"{footer}</body></html>"
        )
        return page.encode()

    # -- serving ---------------------------------------------------------------------
    def serve(self) -> NewsroomServer:
        return NewsroomServer(self).start()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    newsroom: Newsroom
    base_url: str

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Crawls that are killed hang up mid-response: not an error of the site."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Silence: ``Newsroom.log`` is the log tests read."""

    def do_GET(self) -> None:
        room = self.server.newsroom
        parts = urlsplit(self.path)
        with room._lock:
            status, ctype, body, modified = room.route(
                parts.path, parse_qs(parts.query), self.server.base_url
            )
            entry = {
                "path": self.path,
                "status": status,
                "at": time.monotonic(),  # when it arrived: the spacing politeness keeps
                "if_none_match": self.headers.get("If-None-Match"),
                "if_modified_since": self.headers.get("If-Modified-Since"),
            }
            room.log.append(entry)
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        last_modified = email.utils.format_datetime(modified, usegmt=True) if modified else None
        not_modified = status == 200 and (
            self.headers.get("If-None-Match") == etag
            or (
                last_modified is not None
                and self.headers.get("If-None-Match") is None
                and self.headers.get("If-Modified-Since") == last_modified
            )
        )
        if not_modified:
            with room._lock:
                # This request's entry: the server is threaded, so log[-1] may be another's.
                entry["status"] = 304
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if status == 200:
            self.send_header("ETag", etag)
            if last_modified:
                self.send_header("Last-Modified", last_modified)
        self.end_headers()
        self.wfile.write(body)


class NewsroomServer:
    """``with Newsroom().serve() as server:`` binds 127.0.0.1 on a free port."""

    def __init__(self, room: Newsroom) -> None:
        self.room = room
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> NewsroomServer:
        server = _Server(("127.0.0.1", 0), _Handler)
        server.newsroom = self.room
        server.base_url = f"http://127.0.0.1:{server.server_address[1]}"
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    @property
    def base_url(self) -> str:
        assert self._server is not None
        return self._server.base_url

    def url(self, path: str) -> str:
        return self.base_url + path

    def close(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()

    def __enter__(self) -> NewsroomServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
