"""The Datasette plugin behind ``scrapy serve``: pages, replay routes and the sandbox.

Registered programmatically by ``archive.viewer.build_datasette`` (never through
an entry point), and inert in any Datasette instance it did not configure.

Archived pages are hostile content. What the viewer serves from the archive
(``/web/<ts>id_/<url>``) carries a Content-Security-Policy with ``sandbox`` and
``default-src 'none'``: no script runs, no form submits, nothing loads from the
live web, and the page gets an opaque origin, so it cannot read the viewer.
It is only ever framed by ``<iframe sandbox>`` (no allow-scripts, no
allow-same-origin). Every other response gets a policy that confines the viewer's
own pages to the viewer's origin.

The framed view shows an archived HTML page as ``/web/<ts>if_/<url>``: the same bytes
with its links pointing into the viewer (``archive.viewer.rewrite``), under the same
policy plus ``allow-top-navigation-by-user-activation``, so that a reader's click on
a link (never a script: none runs) moves the whole viewer to the linked page's
archived copy. A PDF or other document is not framed (a sandboxed frame cannot show
it): the view offers it in a tab of its own from ``id_``, or as a download (``dl_``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import json
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit

import sqlite_utils
from datasette import hookimpl
from datasette.facets import Facet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args
from datasette.utils.asgi import Response
from markupsafe import Markup

from archive.replay import (
    ReplayError,
    choose_capture,
    names_a_moment,
    parse_web_timestamp,
    replay_capture,
    url_twins,
)
from archive.viewer.captures import (
    DATABASE_NAME,
    TEMPLATES,
    capture_stamp,
    describe_type,
    display_kind,
    download_name,
    is_html,
    verify_capture,
    web_timestamp,
)
from archive.viewer.chart import png
from archive.viewer.rewrite import charset_of, rewrite_html
from schemas.corpus import find_captures
from schemas.coverage import Coverage, Piece, followed
from schemas.search import ORDERS, RANK_CANDIDATES, SearchError, search, snippet_parts
from schemas.topics import list_topics

PLUGIN_NAME = "newsarchive-viewer"
_CONFIG_ATTR = "_newsarchive_viewer"

# What archived bytes are served under: no script, nothing from the live web.
ARCHIVE_CSP = (
    "sandbox; default-src 'none'; img-src 'self' data:; "
    "style-src 'self' 'unsafe-inline'; font-src 'self' data:; "
    "base-uri 'none'; form-action 'none'"
)
ARCHIVE_HEADERS = {
    "Content-Security-Policy": ARCHIVE_CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
# An archived HTML page in the framed view, its links rewritten into the viewer: the same
# policy, except that a click on a link (a user's, no script runs) may move the top page.
FRAME_SANDBOX = "allow-top-navigation-by-user-activation"
FRAME_CSP = ARCHIVE_CSP.replace("sandbox;", f"sandbox {FRAME_SANDBOX};", 1)
# Modes of /web/<ts><mode>/<url>: as captured, rewritten for the frame, as a download.
RAW, FRAMED, DOWNLOAD = "id_", "if_", "dl_"
# What the viewer's own pages (and Datasette's) are served under.
VIEWER_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
    "connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'self'"
)
VIEWER_HEADERS = {
    b"content-security-policy": VIEWER_CSP.encode("ascii"),
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"same-origin",
}

# Reserved characters stay as they are (the URL keeps its meaning); the rest is escaped.
_URL_SAFE = "!$&'()*+,/:;=?@[]~%"
_STAMPED = re.compile(r"(?P<ts>\d{4,20})(?P<mod>[a-z]{2}_)?/(?P<url>.*)\Z", re.S)
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.I)
_MERGED_SLASHES = re.compile(r"^(https?):/+(?=[^/])", re.I)
_HEADER_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class ViewerConfig:
    warc_dir: Path


def configure(datasette: Any, *, warc_dir: Path) -> None:
    setattr(datasette, _CONFIG_ATTR, ViewerConfig(warc_dir=warc_dir))


def _config(datasette: Any) -> ViewerConfig | None:
    return getattr(datasette, _CONFIG_ATTR, None)


# -- helpers ----------------------------------------------------------------------


def web_path(stamp: str, url: str, mod: str = "") -> str:
    """``/web/<stamp><mod>/<url>``, the URL escaped only where it must be."""
    return f"/web/{stamp}{mod}/{quote(url, safe=_URL_SAFE)}"


def link_stamp(capture: dict[str, Any]) -> str:
    """The timestamp the links of an archived page carry: its capture's minute.

    Not its second: 14 digits name a moment, and would show an error capture made in
    it; a link asks for the page it names as it was then, so the nearest successful
    capture (``archive.replay.choose_capture``).
    """
    return web_timestamp(capture)[:12]


def captures_path(url: str) -> str:
    return f"/web/*/{quote(url, safe=_URL_SAFE)}"


def candidate_urls(target: str) -> list[str]:
    """The URL as asked, then forms a client may have mangled it into."""
    seen: list[str] = []

    def add(url: str) -> None:
        if url and url not in seen:
            seen.append(url)

    add(target)
    add(_MERGED_SLASHES.sub(r"\1://", target))  # proxies merge the slashes of http://
    for url in list(seen):
        if "%" in url:
            add(unquote(url))  # http%3A%2F%2Fexample.org%2F as one escaped segment
    for url in list(seen):
        if not _SCHEME.match(url):
            add("http://" + url)
            add("https://" + url)
    for url in list(seen):
        for twin in url_twins(url):  # the page under the other scheme, as scrapy replay does
            add(twin)
    return seen


def _header_value(value: str | None) -> str | None:
    if value is None:
        return None
    value = _HEADER_UNSAFE.sub(" ", value).strip()
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        return None
    return value or None


def _fetched(row: dict[str, Any]) -> dt.datetime | None:
    try:
        stamp = dt.datetime.fromisoformat(str(row["fetched_at"]))
    except (KeyError, ValueError):
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)


def _display_time(row: dict[str, Any]) -> str:
    stamp = _fetched(row)
    if stamp is None:
        return str(row.get("fetched_at") or "")
    return stamp.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


async def _in_thread(fn, *args):
    return await asyncio.get_running_loop().run_in_executor(None, fn, *args)


def _corpus(datasette: Any):
    return datasette.get_database(DATABASE_NAME)


async def _lookup(datasette: Any, target: str) -> tuple[str | None, list[dict[str, Any]]]:
    """The captures (oldest first) of the first candidate form of ``target`` that has any."""
    candidates = candidate_urls(target)

    def find(conn: sqlite3.Connection) -> tuple[str | None, list[dict[str, Any]]]:
        db = sqlite_utils.Database(conn)
        for url in candidates:
            rows = find_captures(db, url)
            if rows:
                return url, rows
        return None, []

    return await _corpus(datasette).execute_fn(find)


async def _article_for(datasette: Any, capture: dict[str, Any]) -> dict[str, Any] | None:
    """The article extracted from this capture, else the article stored for its URL."""
    db = _corpus(datasette)
    rows = await db.execute(
        "SELECT id, title FROM articles WHERE capture_id = ? LIMIT 1", [capture["id"]]
    )
    if not rows.rows:
        rows = await db.execute(
            "SELECT id, title FROM articles WHERE url = ? OR canonical_url = ? ORDER BY id LIMIT 1",
            [capture["url"], capture["url"]],
        )
    return dict(rows.rows[0]) if rows.rows else None


def _timeline(rows: list[dict[str, Any]], current: dict[str, Any] | None) -> list[dict[str, Any]]:
    return [
        {
            "id": row["id"],
            "time": _display_time(row),
            "status": row.get("status"),
            "outcome": row.get("outcome"),
            "href": web_path(capture_stamp(row, rows), row["url"]),
            "raw_href": web_path(capture_stamp(row, rows), row["url"], RAW),
            "current": current is not None and row["id"] == current["id"],
        }
        for row in rows
    ]


async def _page(
    datasette: Any,
    request: Any,
    template: str,
    context: dict[str, Any],
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    html = await datasette.render_template(
        template, context, request=request, view_name=f"newsarchive-{template.split('.')[0]}"
    )
    return Response.html(html, status=status, headers=headers)


async def _not_found(
    datasette: Any, request: Any, message: str, *, url: str | None = None, status: int = 404
) -> Response:
    return await _page(
        datasette,
        request,
        "missing.html",
        {"message": message, "url": url, "status": status},
        status=status,
        headers={"Cache-Control": "no-store"},
    )


# -- routes -----------------------------------------------------------------------


async def landing(request: Any, datasette: Any) -> Response:
    db = _corpus(datasette)

    async def scalar(sql: str) -> Any:
        return (await db.execute(sql)).first()[0]

    counts = {
        "articles": await scalar("SELECT count(*) FROM articles"),
        "captures": await scalar("SELECT count(*) FROM captures"),
        "warc_files": await scalar("SELECT count(DISTINCT warc_filename) FROM captures"),
        "crawls": await scalar("SELECT count(*) FROM crawls"),
    }
    sites = (
        await db.execute(
            "SELECT sitename AS value, count(*) AS n FROM articles WHERE sitename IS NOT NULL"
            " GROUP BY sitename ORDER BY n DESC, value LIMIT 12"
        )
    ).rows
    languages = (
        await db.execute(
            "SELECT language AS value, count(*) AS n FROM articles WHERE language IS NOT NULL"
            " GROUP BY language ORDER BY n DESC, value LIMIT 12"
        )
    ).rows
    months = (
        await db.execute(
            "SELECT substr(published, 1, 7) AS value, count(*) AS n FROM articles"
            " WHERE published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*'"
            " GROUP BY value ORDER BY value DESC LIMIT 12"
        )
    ).rows
    latest = (
        await db.execute(
            "SELECT id, title, published, sitename, author FROM articles"
            " ORDER BY published DESC, id DESC LIMIT 10"
        )
    ).rows
    last_crawl = (
        await db.execute(
            "SELECT id, spider, started_at, finished_at, status FROM crawls"
            " ORDER BY id DESC LIMIT 1"
        )
    ).rows
    return await _page(
        datasette,
        request,
        "landing.html",
        {
            "counts": counts,
            "sites": sites,
            "languages": languages,
            "months": months,
            "latest": latest,
            "last_crawl": last_crawl[0] if last_crawl else None,
            "topics": await _topics(datasette),
        },
    )


SEARCH_LIMIT = 50
ORDER_LABELS = {"rank": "Relevance", "newest": "Newest first", "oldest": "Oldest first"}


async def search_page(request: Any, datasette: Any) -> Response:
    """``/search?q=WORDS[&order=rank|newest|oldest]``: the articles that have every word,
    by relevance (bm25 among the newest matches) unless a date order is asked for, each
    with a snippet around the match. The same library call as ``scrapy search``
    (``schemas.search``): the same quoting, prefixes (``balustr*``), limits and budget."""
    query = (request.args.get("q") or "").strip()
    order = request.args.get("order") or "rank"
    if order not in ORDERS:
        order = "rank"
    context: dict[str, Any] = {
        "q": query,
        "order": order,
        "orders": ORDER_LABELS,
        "hits": [],
        "error": None,
        "candidates": RANK_CANDIDATES,
        "limit": SEARCH_LIMIT,
        "topics": await _topics(datasette),
    }
    status = 200
    if query:

        def run(conn: sqlite3.Connection) -> list[Any]:
            return search(sqlite_utils.Database(conn), query, limit=SEARCH_LIMIT, order=order)

        try:
            hits = await _corpus(datasette).execute_fn(run)
        except SearchError as exc:
            context["error"], status = str(exc), 400
        else:
            context["hits"] = [
                {
                    "id": hit.id,
                    "title": hit.title,
                    "url": hit.url,
                    "published": hit.published,
                    "sitename": hit.sitename,
                    "parts": snippet_parts(hit.snippet),
                }
                for hit in hits
            ]
    headers = {"Cache-Control": "no-store"}
    return await _page(datasette, request, "search.html", context, status=status, headers=headers)


def story_href(name: str) -> str:
    """A story page's path: its name escaped whole (a name may hold "/", "?" or "#")."""
    return "/story/" + quote(name, safe="")


async def _topics(datasette: Any) -> list[dict[str, Any]]:
    """The stories the corpus follows (none in a corpus from before topics), each with
    the path of its page (``href``)."""

    def run(conn: sqlite3.Connection) -> list[dict[str, Any]]:
        try:
            return list_topics(conn)
        except sqlite3.OperationalError:
            return []

    topics = await _corpus(datasette).execute_fn(run)
    return [{**t, "href": story_href(t["name"])} for t in topics]


async def stories_page(request: Any, datasette: Any) -> Response:
    """``/stories``: the topics the corpus follows, each with its article count."""
    topics = await _topics(datasette)
    return await _page(datasette, request, "stories.html", {"topics": topics})


async def _story(datasette: Any, name: str) -> Coverage | None:
    def run(conn: sqlite3.Connection) -> Coverage | None:
        try:
            return followed(conn, name)
        except sqlite3.OperationalError:
            return None

    return await _corpus(datasette).execute_fn(run)


def _piece_web(piece: Piece) -> str:
    """The archived page of an article, as it was when the crawl first stored it (its
    minute: the nearest successful capture, ``link_stamp``)."""
    stamp = re.sub(r"\D", "", piece.first_seen or "")[:12]
    return web_path(stamp or "2", piece.url)


async def story_page(request: Any, datasette: Any) -> Response:
    """``/story/NAME``: a followed story: its timeline, the articles grouped by cluster
    (originals first, copies folded under them), each linked to its archived page, and
    the chart ``scrapy coverage --plot`` draws."""
    name = unquote(request.url_vars["name"])
    story = await _story(datasette, name)
    if story is None:
        return await _not_found(datasette, request, f"No story named {name!r} is followed.")
    days = [d for d, c in story.by_day().items() if c]
    outlets = [
        {"name": o, "count": n, "first": min(p.when for p in story.pieces if p.outlet == o)[:10]}
        for o, n in story.outlets.most_common()
    ]
    items = [
        {
            "original": original,
            "original_web": _piece_web(original),
            "copies": [{"piece": c, "web": _piece_web(c)} for c in copies],
        }
        for original, copies in story.stories()
    ]
    context = {
        "story": story,
        "chart_href": story_href(story.name) + "/chart.png",
        "outlets": outlets,
        "stories": items,
        "first": story.first_mover,
        "first_day": days[0] if days else None,
        "last_day": days[-1] if days else None,
    }
    return await _page(datasette, request, "story.html", context)


async def story_chart(request: Any, datasette: Any) -> Response:
    """``/story/NAME.png``: the story's articles a day by outlet."""
    story = await _story(datasette, unquote(request.url_vars["name"]))
    if story is None:
        return Response.text("no such story", status=404)
    data = await _in_thread(png, story)
    return Response(data, content_type="image/png", headers={"Cache-Control": "no-store"})


async def article(request: Any, datasette: Any) -> Response:
    config = _config(datasette)
    db = _corpus(datasette)
    article_id = int(request.url_vars["article_id"])
    rows = (await db.execute("SELECT * FROM articles WHERE id = ?", [article_id])).rows
    if not rows:
        return await _not_found(datasette, request, f"There is no article {article_id}.")
    art = dict(rows[0])
    cap_rows = (await db.execute("SELECT * FROM captures WHERE id = ?", [art["capture_id"]])).rows
    capture = dict(cap_rows[0]) if cap_rows else None
    context: dict[str, Any] = {
        "article": art,
        "paragraphs": [p.strip() for p in (art.get("text") or "").split("\n") if p.strip()],
        "capture": capture,
        "fetched": None,
        "frame_src": None,
        "raw_src": None,
        "timeline": [],
        "captures_href": None,
        "template": await _template_blocks(db, art),
    }
    if capture is not None:
        _url, siblings = await _lookup(datasette, capture["url"])
        siblings = siblings or [capture]
        stamp = capture_stamp(capture, siblings)
        ok, why = await _in_thread(verify_capture, config.warc_dir, capture)
        context.update(
            {
                "fetched": _display_time(capture),
                "frame_src": web_path(stamp, capture["url"]),
                "raw_src": web_path(stamp, capture["url"], RAW),
                "verified": ok,
                "why": why,
                "timeline": _timeline(siblings, capture),
                "captures_href": captures_path(capture["url"]),
            }
        )
    else:
        context.update({"verified": False, "why": "the article's capture row is missing"})
    return await _page(datasette, request, "article.html", context)


async def _template_blocks(db: Any, art: dict[str, Any]) -> dict[str, Any] | None:
    """The site template profile the article's text was extracted with, and the blocks
    of its page that the profile names (what the crawl saw of the page, by text or by
    place: ``template_blocks``), for the list under the text."""
    record_id = art.get("template_profile")
    if not record_id:
        return None
    rows = (
        await db.execute(
            "SELECT record_id, source, pages, profile, warc_filename, warc_offset"
            " FROM template_profiles WHERE record_id = ?",
            [record_id],
        )
    ).rows
    if not rows:
        return {"record_id": record_id, "missing": True, "blocks": []}
    row = dict(rows[0])
    profile = json.loads(row["profile"])
    texts = {int(t["hash"]): t.get("text", "") for t in profile.get("texts", [])}
    places = {int(p["fingerprint"]): p.get("text", "") for p in profile.get("places", [])}
    seen = (
        await db.execute(
            "SELECT b.fingerprint, b.text_hash, t.text FROM template_blocks b"
            " LEFT JOIN template_texts t ON t.text_hash = b.text_hash WHERE b.url_key = ?",
            [art["url_key"]],
        )
    ).rows
    blocks = []
    for fingerprint, text_hash, text in seen:
        if text_hash in texts or fingerprint in places:
            how = "text" if text_hash in texts else "place"
            shown = text or texts.get(text_hash) or places.get(fingerprint) or ""
            blocks.append({"text": shown, "how": how})
    blocks = list({b["text"]: b for b in blocks}.values())
    return {**row, "missing": False, "blocks": blocks}


async def web(request: Any, datasette: Any) -> Response:
    """``/web/<ts>id_/<url>``, ``/web/<ts>/<url>``, ``/web/*/<url>`` and ``/web/<url>``."""
    if request.method not in ("GET", "HEAD"):
        return Response.text("method not allowed", status=405, headers={"Allow": "GET, HEAD"})
    rest = request.url_vars["rest"]
    listing = rest.startswith("*/")
    stamp = mod = None
    if listing:
        url = rest[2:]
    else:
        match = _STAMPED.match(rest)
        if match:
            stamp, mod, url = match["ts"], match["mod"], match["url"]
        else:
            url = rest
    if request.query_string:
        url += "?" + request.query_string
    if not url:
        return await _not_found(datasette, request, "Give a URL after /web/<timestamp>/.")
    try:
        at = parse_web_timestamp(stamp) if stamp else None
    except ValueError:
        return await _not_found(datasette, request, f"{stamp} is not a timestamp.", status=400)
    found, rows = await _lookup(datasette, url)
    if not rows:
        if mod:
            return _raw_missing(f"{url} is not in the archive.")
        return await _not_found(datasette, request, "This URL is not in the archive.", url=url)
    if listing:
        return await _page(
            datasette,
            request,
            "captures.html",
            {"url": found, "timeline": _timeline(rows, None)},
        )
    # The nearest successful capture; an error capture only when its moment is named.
    capture = choose_capture(rows, at, exact=bool(stamp and names_a_moment(stamp)))
    assert capture is not None
    if mod:
        return await _serve_raw(datasette, capture, mod)
    return await _framed(datasette, request, capture, rows, at)


def _raw_missing(message: str, status: int = 404) -> Response:
    """An error from the id_ route: plain text, under the archive's sandbox too."""
    return Response.text(message + "\n", status=status, headers=dict(ARCHIVE_HEADERS))


async def _serve_raw(datasette: Any, capture: dict[str, Any], mod: str = RAW) -> Response:
    """The archived response of ``capture``: as captured (``id_``, and any mode the
    viewer does not know, as other web archives do), rewritten for the framed view
    (``if_``, HTML only), or as an attachment (``dl_``)."""
    config = _config(datasette)
    try:
        replayed = await _in_thread(replay_capture, config.warc_dir, capture)
    except (ReplayError, KeyError, TypeError, ValueError):
        # Never say more: the reason can name paths, and nothing else is served.
        return _raw_missing(
            f"the archived record of this capture (#{capture.get('id')}) cannot be read"
        )
    record = replayed.record
    headers = dict(ARCHIVE_HEADERS)
    fetched = _fetched(capture)
    if fetched is not None:
        headers["Memento-Datetime"] = email.utils.format_datetime(
            fetched.astimezone(dt.UTC), usegmt=True
        )
    original = _header_value(capture["url"])
    if original:
        headers["Link"] = f'<{quote(original, safe=_URL_SAFE)}>; rel="original"'
    status = record.status or 200
    content_type = _header_value(record.header("Content-Type")) or "application/octet-stream"
    location = _header_value(record.header("Location"))
    if 300 <= status < 400 and location:
        # Follow the redirect inside the archive, never out to the live web.
        target = urljoin(capture["url"], location)
        if urlsplit(target).scheme in ("http", "https"):
            follow = mod if mod in (FRAMED, DOWNLOAD) else RAW
            # The redirect's minute, like a link: the target's nearest successful capture.
            headers["Location"] = web_path(link_stamp(capture), target, follow)
            return Response(replayed.body, status=302, headers=headers, content_type=content_type)
    if status < 200 or status > 599 or status in (204, 205, 304):
        status = 200  # statuses that cannot carry the archived body
    body = replayed.body
    if mod == DOWNLOAD:
        name = download_name(capture["url"], content_type)
        headers["Content-Disposition"] = f'attachment; filename="{name}"'
    elif mod == FRAMED and is_html(content_type):
        stamp = link_stamp(capture)
        body = await _in_thread(
            lambda: rewrite_html(
                replayed.body,
                capture["url"],
                charset=charset_of(content_type, replayed.body),
                link=lambda url: web_path(stamp, url),
                resource=lambda url: web_path(web_timestamp(capture), url, RAW),
            )
        )
        headers["Content-Security-Policy"] = FRAME_CSP
    return Response(body, status=status, headers=headers, content_type=content_type)


async def _framed(
    datasette: Any,
    request: Any,
    capture: dict[str, Any],
    rows: list[dict[str, Any]],
    at: dt.datetime | None,
) -> Response:
    stamp = capture_stamp(capture, rows)
    location = _header_value(capture.get("location"))
    redirect = None
    status = capture.get("status")
    if location and isinstance(status, int) and 300 <= status < 400:
        target = urljoin(capture["url"], location)
        if urlsplit(target).scheme in ("http", "https"):
            redirect = {"url": target, "href": web_path(link_stamp(capture), target)}
    kind = display_kind(capture.get("content_type"), status)
    context = {
        "capture": capture,
        "fetched": _display_time(capture),
        "requested": at.strftime("%Y-%m-%d %H:%M:%S UTC") if at else None,
        "raw_src": web_path(stamp, capture["url"], RAW),
        # HTML through the link rewriter; other text and images as captured; documents
        # (PDF...) not framed at all: a sandboxed frame cannot show them.
        "kind": kind,
        "frame_src": web_path(stamp, capture["url"], FRAMED if kind == "page" else RAW),
        "frame_sandbox": FRAME_SANDBOX if kind == "page" else "",
        "download_src": web_path(stamp, capture["url"], DOWNLOAD),
        "type_name": describe_type(capture.get("content_type")),
        "article": await _article_for(datasette, capture),
        "timeline": _timeline(rows, capture),
        "captures_href": captures_path(capture["url"]),
        "redirect": redirect,
        # Framed by the article view: a one-line banner, not the whole viewer again.
        "embedded": request.headers.get("sec-fetch-dest") == "iframe",
    }
    return await _page(
        datasette, request, "replay.html", context, headers={"Vary": "Sec-Fetch-Dest"}
    )


async def stylesheet() -> Response:
    return Response(
        (TEMPLATES / "newsarchive.css").read_text(encoding="utf-8"),
        headers={"Cache-Control": "max-age=3600"},
        content_type="text/css; charset=utf-8",
    )


# -- a facet by month ----------------------------------------------------------------


class MonthFacet(Facet):
    """``{"month": "published"}``: ISO dates grouped by their YYYY-MM prefix."""

    type = "month"

    async def facet_results(self):
        results, timed_out = [], []
        args = dict(self.get_querystring_pairs())
        size = self.get_facet_size()
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            sql = (
                f"SELECT substr({escape_sqlite(column)}, 1, 7) AS value, count(*) AS count"
                f" FROM ({self.sql}) WHERE {escape_sqlite(column)}"
                " GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*'"
                f" GROUP BY value ORDER BY value DESC LIMIT {size + 1}"
            )
            try:
                found = await self.ds.execute(
                    self.database,
                    sql,
                    self.params,
                    truncate=False,
                    custom_time_limit=self.ds.setting("facet_time_limit_ms"),
                )
            except Exception:  # noqa: BLE001 - a facet that times out is reported, not fatal
                timed_out.append(column)
                continue
            key = f"{column}__startswith"
            values = []
            for row in found.rows[:size]:
                selected = args.get(key) == row["value"]
                toggle = (
                    path_with_removed_args(self.request, {key: row["value"]})
                    if selected
                    else path_with_added_args(self.request, {key: row["value"]})
                )
                values.append(
                    {
                        "value": row["value"],
                        "label": row["value"],
                        "count": row["count"],
                        "toggle_url": self.ds.absolute_url(self.request, toggle),
                        "selected": selected,
                    }
                )
            results.append(
                {
                    "name": column,
                    "type": self.type,
                    "results": values,
                    "hideable": source_and_config["source"] != "metadata",
                    "toggle_url": path_with_removed_args(self.request, {"_facet_month": column}),
                    "truncated": len(found.rows) > size,
                }
            )
        return results, timed_out


# -- hooks ------------------------------------------------------------------------


@hookimpl
def register_routes(datasette):
    if _config(datasette) is None:
        return []
    return [
        (r"^/$", landing),
        (r"^/article/(?P<article_id>[0-9]{1,18})$", article),
        (r"^/search$", search_page),
        (r"^/stories$", stories_page),
        (r"^/story/(?P<name>[^/]{1,4000})/chart\.png$", story_chart),
        (r"^/story/(?P<name>[^/]{1,4000})$", story_page),
        (r"^/web/(?P<rest>.*)$", web),
        (r"^/-/newsarchive\.css$", stylesheet),
    ]


@hookimpl
def register_facet_classes():
    return [MonthFacet]


@hookimpl
def extra_css_urls(datasette):
    if _config(datasette) is None:
        return []
    return ["/-/newsarchive.css"]


@hookimpl
def menu_links(datasette):
    if _config(datasette) is None:
        return []
    return [
        {"href": "/", "label": "Search the corpus"},
        {"href": "/search", "label": "Search by relevance"},
        {"href": f"/{DATABASE_NAME}/articles", "label": "Articles"},
        {"href": f"/{DATABASE_NAME}/captures", "label": "Captures"},
        {"href": f"/{DATABASE_NAME}/crawls", "label": "Crawls"},
    ]


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """Article titles open the article view; capture URLs open their replay."""
    if _config(datasette) is None or database != DATABASE_NAME or value is None:
        return None
    try:
        if table == "articles" and column == "title":
            return Markup('<a class="article-link" href="/article/{}">{}</a>').format(
                int(row["id"]), value
            )
        if table == "articles" and column == "url":
            return Markup('<a href="{}">{}</a>').format(captures_path(str(value)), value)
        if table == "captures" and column == "url":
            columns = row.keys()
            if "fetched_at" in columns:
                # To the microsecond: two captures of a URL can share a second.
                stamp = web_timestamp({"fetched_at": row["fetched_at"]}, precise=True)
                href = web_path(stamp, str(value))
            else:
                href = captures_path(str(value))
            return Markup('<a href="{}">{}</a>').format(href, value)
    except (IndexError, KeyError, TypeError, ValueError):
        return None
    return None


_SORT_PARAMS = {"_sort", "_sort_desc", "_sort_by_desc"}
_COLUMN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}\Z")
MAX_SEARCH_CHARS = 1000


_DOT_SEGMENT = re.compile(r"(^|[/\\])(\.|%2e|~2e){2}($|[/\\])", re.IGNORECASE)


def _refused_path(scope: dict[str, Any]) -> str | None:
    """Why a request path is refused outright: a ``..`` segment in any spelling.

    No stored WARC name or canonical URL contains one, so it can only be a
    traversal attempt (and Datasette's own 404 page crashed on some of them).
    """
    raw = scope.get("raw_path") or scope.get("path", "").encode("utf-8", "replace")
    text = unquote(unquote(raw.decode("latin-1")))
    if _DOT_SEGMENT.search(text) or "\x00" in text:
        return "no such path"
    return None


def _refused_query(query_string: bytes) -> str | None:
    """Why a query string is refused before Datasette sees it, or None.

    Sort options must be plain column names (Datasette refuses others too, but with
    a 500 page); a full-text query is capped in length, so a 10 KB ``a* b* c*``
    cannot tie up the database.
    """
    from urllib.parse import parse_qsl

    for key, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        if key in _SORT_PARAMS and value and not _COLUMN_NAME.match(value):
            return f"{key} must name a column"
        if key.startswith("_search") and len(value) > MAX_SEARCH_CHARS:
            return f"search queries are limited to {MAX_SEARCH_CHARS} characters"
    return None


@hookimpl
def asgi_wrapper(datasette):
    """Give every response that has no policy of its own the viewer's policy."""
    if _config(datasette) is None:
        return lambda app: app

    def wrap(app):
        async def with_headers(scope, receive, send):
            if scope.get("type") != "http":
                return await app(scope, receive, send)
            refused = _refused_path(scope) or _refused_query(scope.get("query_string") or b"")
            if refused is not None:
                status = 404 if refused == "no such path" else 400
                response = Response.text(refused + "\n", status=status)
                response.headers.update({k.decode(): v.decode() for k, v in VIEWER_HEADERS.items()})
                return await response.asgi_send(send)

            async def send_with_headers(message):
                if message.get("type") == "http.response.start":
                    headers = list(message.get("headers") or [])
                    present = {bytes(k).lower() for k, _v in headers}
                    for name, value in VIEWER_HEADERS.items():
                        if name not in present:
                            headers.append((name, value))
                    message = dict(message, headers=headers)
                await send(message)

            return await app(scope, receive, send_with_headers)

        return with_headers

    return wrap
