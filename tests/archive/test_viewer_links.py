"""Links inside an archived page, and documents, in the viewer (issue 22, item 4).

A link in an archived page must open the archived copy of what it links to, inside the
viewer; a link to a page the archive does not hold opens the viewer's "not in the
archive" page, with the live address as text; a PDF opens in a tab of its own from the
raw route (or downloads), because a sandboxed frame cannot show it. Checked over HTTP,
and in real headless Chromium by clicking, with screenshots kept under the test's
temporary directory and copied to ``/tmp/issue22-screens/``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from archive.viewer.rewrite import charset_of, rewrite_html
from tests.archive.archiving import T0, build_archive, exchange
from tests.archive.test_viewer import _attrs, running_viewer
from tests.archive.test_viewer_browser import (  # noqa: F401
    DevTools,
    _in_thread,
    chromium,
    devtools_session,
    find_text,
    screenshot,
)
from tests.site.content import _pdf_bytes

SITE = "http://news.example"
FRONT = f"{SITE}/front"
STORY = f"{SITE}/story/balustrade"
PDF_URL = f"{SITE}/files/budget-report.pdf"
MISSING = "http://elsewhere.example/not-archived?x=1&y=2"
PDF = _pdf_bytes()
STORY_WORD = "Quillmoor"
SCREENS = Path("/tmp/issue22-screens")

FRONT_HTML = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Front page</title>
<style>body {{ font: 18px sans-serif; margin: 2rem; }}
a {{ display: block; margin: 1rem 0; }}</style>
</head><body>
<h1>The Harbour Gazette</h1>
<a id="to-story" href="/story/balustrade" target="_blank">Read: the balustrade story</a>
<a id="to-missing" href="{html.escape(MISSING)}">A page the archive never fetched</a>
<a id="to-pdf" href="files/budget-report.pdf">The budget report (PDF)</a>
<a id="to-section" href="#bottom">Down this page</a>
<p id="bottom">End of the front page.</p>
</body></html>""".encode()

STORY_HTML = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>The balustrade</title></head>
<body style="font: 18px sans-serif; margin: 2rem">
<h1>The balustrade of the old pier</h1>
<p>{STORY_WORD}: the council repaired the balustrade on Tuesday.</p>
<a id="back" href="{FRONT}">Back to the front page</a>
</body></html>""".encode()


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("links")
    return build_archive(
        tmp,
        {
            "front": exchange(FRONT, FRONT_HTML, at=T0),
            # The story failed in the front page's own second, and was retried.
            "story-error": exchange(
                STORY,
                b"<p>Service Unavailable</p>",
                status=503,
                reason="Service Unavailable",
                at=T0 + dt.timedelta(milliseconds=500),
            ),
            "story": exchange(STORY, STORY_HTML, at=T0 + dt.timedelta(seconds=2)),
            "moved": exchange(
                f"{SITE}/old-story",
                b"",
                status=301,
                reason="Moved Permanently",
                at=T0,
                headers=[("Location", "/story/balustrade")],
            ),
            "pdf": exchange(
                PDF_URL,
                PDF,
                content_type="application/pdf",
                at=T0 + dt.timedelta(seconds=3),
            ),
        },
    )


@pytest.fixture(scope="module")
def viewer(archive):
    with running_viewer(archive.db_path, archive.warc_dir) as v:
        yield v


def _links(text: str) -> dict[str, dict[str, str]]:
    return {a["id"]: a for a in _attrs(text, "a") if a.get("id")}


# -- over HTTP --------------------------------------------------------------------------


def test_the_framed_view_frames_the_page_with_its_links_rewritten(viewer):
    view = viewer.get(f"/web/2026/{FRONT}")
    assert view.status == 200
    (frame,) = _attrs(view.text, "iframe")
    assert frame["sandbox"] == "allow-top-navigation-by-user-activation"
    assert "allow-scripts" not in frame["sandbox"] and "allow-same-origin" not in frame["sandbox"]
    assert re.fullmatch(rf"/web/\d{{14}}if_/{re.escape(FRONT)}", frame["src"])

    page = viewer.get(frame["src"])
    assert page.status == 200 and page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert csp.startswith("sandbox allow-top-navigation-by-user-activation;")
    assert "default-src 'none'" in csp and "allow-scripts" not in csp
    links = _links(page.text)
    # Relative and absolute links lead into the viewer, at the capture's minute, and open
    # at the top of the viewer (an archived target="_blank" would need pop-ups).
    assert links["to-story"]["href"] == f"/web/202611201000/{STORY}"
    assert links["to-missing"]["href"] == f"/web/202611201000/{MISSING}"
    assert links["to-pdf"]["href"] == f"/web/202611201000/{PDF_URL}"
    assert {links[k]["target"] for k in ("to-story", "to-missing", "to-pdf")} == {"_top"}
    assert links["to-section"]["href"] == "#bottom"  # within the page: left alone
    # Every other byte is the archived one; id_ is still exactly what was captured.
    assert page.body.count(b"<a ") == FRONT_HTML.count(b"<a ")
    assert viewer.get(f"/web/2026id_/{FRONT}").body == FRONT_HTML


def test_a_link_to_an_archived_page_opens_its_archived_copy(viewer):
    page = viewer.get(f"/web/2026if_/{FRONT}")
    target = _links(page.text)["to-story"]["href"]
    view = viewer.get(target)
    assert view.status == 200
    assert "HTTP 200" in view.text and STORY in view.text
    (frame,) = _attrs(view.text, "iframe")
    assert STORY_WORD.encode() in viewer.get(frame["src"]).body


def test_links_and_redirects_ask_for_the_page_not_the_error_of_the_same_second(viewer):
    # The link carries the front page's minute, not its second: the story's 503, made in
    # that second, is not what a reader following the link asked for.
    page = viewer.get(f"/web/2026if_/{FRONT}")
    target = _links(page.text)["to-story"]["href"]
    assert viewer.get(target.replace("/web/202611201000/", "/web/202611201000id_/")).body == (
        STORY_HTML
    )
    moved = viewer.get(f"/web/2026if_/{SITE}/old-story")
    assert moved.status == 302
    assert moved.headers["location"] == f"/web/202611201000if_/{STORY}"
    followed = viewer.get(moved.headers["location"])
    assert followed.status == 200 and STORY_WORD.encode() in followed.body


def test_a_link_to_a_page_not_archived_opens_the_not_in_the_archive_page(viewer):
    page = viewer.get(f"/web/2026if_/{FRONT}")
    view = viewer.get(_links(page.text)["to-missing"]["href"])
    assert view.status == 404
    assert "Not in the archive" in view.text
    # The live address is shown as text, and nothing on the page leads there.
    assert f"<code>{html.escape(MISSING)}</code>" in view.text
    hrefs = [a.get("href", "") for a in _attrs(view.text, "a")]
    assert not [h for h in hrefs if "elsewhere.example" in h]
    assert "http-equiv" not in view.text.lower()


def test_a_pdf_is_offered_in_a_tab_of_its_own_and_as_a_download_not_framed(viewer):
    view = viewer.get(f"/web/2026/{PDF_URL}")
    assert view.status == 200
    assert _attrs(view.text, "iframe") == []  # a sandboxed frame would show Chrome's block
    links = {a.get("class", ""): a for a in _attrs(view.text, "a")}
    opener = links["na-button na-open-document"]
    assert re.fullmatch(rf"/web/\d{{14}}id_/{re.escape(PDF_URL)}", opener["href"])
    assert opener["target"] == "_blank" and "noopener" in opener["rel"]
    raw = viewer.get(opener["href"])
    assert raw.status == 200
    assert raw.headers["content-type"] == "application/pdf"
    assert raw.body == PDF
    download = viewer.get(links["na-button na-download-document"]["href"])
    assert download.status == 200 and download.body == PDF
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["content-disposition"] == 'attachment; filename="budget-report.pdf"'
    assert download.headers["content-security-policy"].startswith("sandbox;")


def test_the_rewriter_keeps_every_byte_but_the_links_and_sources():
    body = (
        b'<html><head><base href="http://site.example/news/">'
        b'<link rel="stylesheet" href="/s.css"><link rel=canonical href="/x"></head><body>'
        b'<a href="story?a=1&amp;b=2" target=_blank>one</a><a href="mailto:x@y">m</a>'
        b'<img src="i.png" srcset="i.png 1x, /big.png 2x" alt="x>y"/>'
        b'<A HREF=https://other.example/p>p</A><area shape=rect href="/map"></body></html>'
    )
    out = rewrite_html(
        body,
        "http://site.example/page",
        charset=charset_of("text/html", body),
        link=lambda u: "/L/" + u,
        resource=lambda u: "/R/" + u,
    )
    assert out == (
        b'<html><head><base href="http://site.example/news/">'
        b'<link rel="stylesheet" href="/R/http://site.example/s.css">'
        b'<link rel=canonical href="/x"></head><body>'
        b'<a href="/L/http://site.example/news/story?a=1&amp;b=2" target="_top">one</a>'
        b'<a href="mailto:x@y">m</a>'
        b'<img src="/R/http://site.example/news/i.png" srcset="/R/http://site.example/news/i.png'
        b' 1x, /R/http://site.example/big.png 2x" alt="x>y"/>'
        b'<A HREF="/L/https://other.example/p" target="_top">p</A>'
        b'<area shape=rect href="/L/http://site.example/map" target="_top"></body></html>'
    )
    assert charset_of(None, b'<meta charset="iso-8859-1">') == "iso-8859-1"
    assert charset_of("text/html; charset=bogus-thing", b"") == "utf-8"


# -- in Chromium ------------------------------------------------------------------------


@dataclass
class Clicked:
    screens: dict[str, Path] = field(default_factory=dict)
    story_url: str = ""
    story_text: str = ""
    missing_url: str = ""
    missing_live_text: str = ""
    missing_hrefs: list[str] = field(default_factory=list)
    pdf_view_url: str = ""
    pdf_tab_url: str = ""
    pdf_viewer_frames: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


async def _navigated(tools: DevTools, mark: int) -> None:
    await tools.wait_for("Page.loadEventFired", mark)
    await asyncio.sleep(0.5)  # let the archived frame paint


def _node_with_id(root: dict[str, Any], wanted: str) -> int | None:
    """The node id of the element whose id is ``wanted``, frames' documents included."""
    stack = [root]
    while stack:
        node = stack.pop()
        attrs = node.get("attributes") or []
        if dict(zip(attrs[::2], attrs[1::2], strict=False)).get("id") == wanted:
            return node["nodeId"]
        stack.extend(node.get("children", []))
        if "contentDocument" in node:
            stack.append(node["contentDocument"])
    return None


async def _frame_link_point(tools: DevTools, link_id: str, timeout: float = 15) -> dict[str, float]:
    """The centre, in the top page's coordinates, of a link inside the archived frame
    (which Chromium may run in a process of its own: it is sandboxed)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        frame = await tools.evaluate(
            """(() => { const f = document.querySelector('iframe.na-frame');
                 if (!f) return null; const r = f.getBoundingClientRect();
                 return {x: r.x + f.clientLeft, y: r.y + f.clientTop}; })()"""
        )
        for session in [None, *tools.sessions]:
            try:
                doc = await tools.send("DOM.getDocument", {"depth": -1, "pierce": True}, session)
                node_id = _node_with_id(doc["root"], link_id)
                if node_id is None:
                    continue
                box = await tools.send("DOM.getBoxModel", {"nodeId": node_id}, session)
            except (RuntimeError, TimeoutError):
                continue
            quad = box["model"]["content"]
            x, y = (quad[0] + quad[4]) / 2, (quad[1] + quad[5]) / 2
            if session is not None and frame:  # an out-of-process frame: its own viewport
                x, y = x + frame["x"], y + frame["y"]
            return {"x": x, "y": y}
        await asyncio.sleep(0.2)
    raise TimeoutError(f"no #{link_id} in the archived frame")


async def _click_in_frame(tools: DevTools, link_id: str) -> None:
    point = await _frame_link_point(tools, link_id)
    mark = len(tools.events)
    await tools.click(point["x"], point["y"])
    await _navigated(tools, mark)


async def _browse(devtools_url: str, base: str, screens: Path) -> Clicked:
    seen = Clicked()
    async with devtools_session(devtools_url, (1100, 800)) as tools:
        # 1. The archived front page, framed in the viewer.
        mark = len(tools.events)
        await tools.send("Page.navigate", {"url": f"{base}/web/2026/{FRONT}"})
        await _navigated(tools, mark)
        await find_text(tools, "The Harbour Gazette")
        seen.screens["front"] = screens / "1-front-page-framed.png"
        await screenshot(tools, seen.screens["front"])

        # 2. A click on a link to an archived page: its archived copy, in the viewer.
        await _click_in_frame(tools, "to-story")
        seen.story_url = await tools.evaluate("location.href")
        seen.story_text = await find_text(tools, STORY_WORD)
        seen.screens["story"] = screens / "2-linked-page-archived-copy.png"
        await screenshot(tools, seen.screens["story"])

        # 3. Back, and a click on a link to a page the archive does not hold.
        mark = len(tools.events)
        await tools.send("Page.navigate", {"url": f"{base}/web/2026/{FRONT}"})
        await _navigated(tools, mark)
        await _click_in_frame(tools, "to-missing")
        seen.missing_url = await tools.evaluate("location.href")
        seen.missing_live_text = await tools.evaluate(
            "document.querySelector('.na-live-url code').textContent"
        )
        seen.missing_hrefs = await tools.evaluate(
            "[...document.querySelectorAll('a')].map(a => a.href)"
        )
        seen.screens["missing"] = screens / "3-not-in-the-archive.png"
        await screenshot(tools, seen.screens["missing"])

        # 4. Back, and a click on the PDF link: the document's page, then its own tab.
        mark = len(tools.events)
        await tools.send("Page.navigate", {"url": f"{base}/web/2026/{FRONT}"})
        await _navigated(tools, mark)
        await _click_in_frame(tools, "to-pdf")
        seen.pdf_view_url = await tools.evaluate("location.href")
        seen.screens["pdf-view"] = screens / "4-pdf-capture-page.png"
        await screenshot(tools, seen.screens["pdf-view"])
        opener = await tools.evaluate(
            """(() => { const a = document.querySelector('a.na-open-document');
                 const r = a.getBoundingClientRect();
                 return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()"""
        )
        await tools.click(opener["x"], opener["y"])
        deadline = time.monotonic() + 20
        tab = None
        while time.monotonic() < deadline:
            infos = (await tools.send("Target.getTargets"))["targetInfos"]
            tab = next((t for t in infos if t["type"] == "page" and "id_/" in t["url"]), None)
            seen.pdf_viewer_frames = [
                t["url"] for t in infos if t["url"].startswith("chrome-extension://")
            ]
            if tab and seen.pdf_viewer_frames:
                break
            await asyncio.sleep(0.2)
        assert tab is not None, "the PDF did not open in a tab of its own"
        seen.pdf_tab_url = tab["url"]
        await asyncio.sleep(2)  # the PDF viewer renders the page
        attached = await tools.send(
            "Target.attachToTarget", {"targetId": tab["targetId"], "flatten": True}
        )
        seen.screens["pdf-tab"] = screens / "5-pdf-in-its-own-tab.png"
        await screenshot(tools, seen.screens["pdf-tab"], attached["sessionId"])
    for event in tools.events:
        params = event.get("params", {})
        if event.get("method") == "Network.requestWillBeSent":
            seen.requests.append(params["request"]["url"])
        if event.get("method") == "Network.loadingFailed" and params.get("blockedReason"):
            seen.blocked.append(f"{params.get('blockedReason')}")
    return seen


def test_a_reader_follows_links_in_an_archived_page_in_chromium(viewer, chromium, tmp_path):  # noqa: F811
    screens = tmp_path / "screens"
    screens.mkdir()
    seen = _in_thread(_browse(chromium, viewer.base_url, screens))
    SCREENS.mkdir(parents=True, exist_ok=True)
    for path in seen.screens.values():
        shutil.copy(path, SCREENS / path.name)
        print(f"screenshot: {path} (copied to {SCREENS / path.name})")

    # The story's archived copy, in the viewer: the framed view of its URL shows its text.
    assert seen.story_url == f"{viewer.base_url}/web/202611201000/{STORY}"
    assert re.fullmatch(
        rf"{re.escape(viewer.base_url)}/web/\d{{14}}if_/{re.escape(STORY)}", seen.story_text
    )
    # The page not archived: the viewer's page, the live address as text, no link to it.
    assert seen.missing_url == f"{viewer.base_url}/web/202611201000/{MISSING}"
    assert seen.missing_live_text == MISSING
    assert not [h for h in seen.missing_hrefs if "elsewhere.example" in h]
    # The PDF: its capture's page, then a tab of its own, from the raw route, shown by
    # Chromium's PDF viewer.
    assert seen.pdf_view_url == f"{viewer.base_url}/web/202611201000/{PDF_URL}"
    assert re.fullmatch(
        rf"{re.escape(viewer.base_url)}/web/\d{{14}}id_/{re.escape(PDF_URL)}", seen.pdf_tab_url
    )
    assert seen.pdf_viewer_frames, "Chromium's PDF viewer did not open"
    raw = viewer.get(seen.pdf_tab_url.removeprefix(viewer.base_url))
    assert raw.headers["content-type"] == "application/pdf" and raw.body == PDF
    # Nothing was blocked, and nothing left the viewer.
    assert not seen.blocked, seen.blocked
    strays = [u for u in seen.requests if not u.startswith((viewer.base_url, "data:", "about:"))]
    assert not strays, strays
    for path in seen.screens.values():
        assert path.stat().st_size > 5000, f"{path} looks blank"
