"""``scrapy serve`` in a real browser: headless Chromium driven over the DevTools protocol.

A user searches the corpus, opens an article and sees the archived page beside its
text, and not one request leaves the viewer. The protocol is spoken over
aiohttp's WebSocket client (aiohttp comes with Scrapy). Chromium is Debian's
``/usr/bin/chromium``; CI installs it, so a machine without it fails this test.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import queue
import re
import signal
import subprocess
import threading
import time
import urllib.request
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import aiohttp
import pytest

from tests.crawling import ROOT, VENV_BIN, run_crawl, scrapy_command
from tests.site import TrapSite

CHROMIUM = Path("/usr/bin/chromium")
# Attributes a browser loads without being asked to.
LOADED = {"script": ("src",), "link": ("href",), "img": ("src", "srcset"), "iframe": ("src",)}
WORD = "Oldbarrow"  # occurs in one story's body only: /story/9001, fetched 503 then 200


@dataclass
class Crawl:
    db_path: Path
    warc_dir: Path
    site_base: str
    title: str


@pytest.fixture(scope="module")
def crawled(tmp_path_factory) -> Crawl:
    tmp = tmp_path_factory.mktemp("browser")
    with TrapSite() as site:
        result = run_crawl(tmp, {"start_urls": site.base_url + "/"})
        title = next(a["title"] for a in site.articles if a["unique_word"] == WORD)
    return Crawl(result.db_path, result.warc_dir, site.base_url, title)


@pytest.fixture(scope="module")
def served(crawled) -> Iterator[str]:
    """``scrapy serve --port 0`` as a user runs it; yields the URL it announces."""
    proc = subprocess.Popen(
        [
            str(VENV_BIN / "scrapy"),
            "serve",
            "--port",
            "0",
            "-s",
            f"CORPUS_DB={crawled.db_path}",
            "-s",
            f"WARC_DIR={crawled.warc_dir}",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()
    try:
        try:
            line = lines.get(timeout=30)
        except queue.Empty:
            line = ""
        found = re.search(r"on (http://127\.0\.0\.1:\d+)/", line)
        if not found:
            proc.kill()
            pytest.fail(f"scrapy serve did not start: {line!r} {proc.stderr.read()}")
        yield found.group(1)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_serve_refuses_a_missing_corpus_with_one_line(tmp_path):
    res = scrapy_command(
        "serve", "-s", f"CORPUS_DB={tmp_path / 'none.db'}", "-s", f"WARC_DIR={tmp_path}"
    )
    assert res.returncode == 5  # no usable corpus, as in every command (crawler.exits)
    said = res.stderr.decode().strip()
    assert said.startswith(f"serve: no corpus at {tmp_path / 'none.db'}: pass -s CORPUS_DB=")
    assert "\n" not in said
    assert res.stdout == b""


# -- the browser ---------------------------------------------------------------------


@dataclass
class Browsed:
    search_url: str = ""
    clicked: dict[str, Any] = field(default_factory=dict)
    article_url: str = ""
    archived_document: str = ""  # the URL of the frame document in which WORD was found
    requests: list[str] = field(default_factory=list)
    archive_responses: list[dict[str, Any]] = field(default_factory=list)


class DevTools:
    """Just enough of the Chrome DevTools protocol: commands, events, child frames."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.next_id = 0
        self.pending: dict[int, asyncio.Future] = {}
        self.events: list[dict[str, Any]] = []
        self.sessions: list[str] = []  # out-of-process frames (sandboxed iframes are)
        self.changed = asyncio.Event()

    async def send(self, method: str, params: dict | None = None, session: str | None = None):
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        future = asyncio.get_running_loop().create_future()
        self.pending[self.next_id] = future
        await self.ws.send_str(json.dumps(message))
        return await asyncio.wait_for(future, 15)

    async def watch(self, session: str | None = None) -> None:
        """Record every request of this frame and attach to its child frames, paused."""
        await self.send("Network.enable", session=session)
        await self.send("Page.enable", session=session)
        await self.send(
            "Target.setAutoAttach",
            {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": True},
            session=session,
        )
        if session:
            await self.send("Runtime.runIfWaitingForDebugger", session=session)

    async def read(self) -> None:
        async for msg in self.ws:
            data = json.loads(msg.data)
            if "id" in data:
                future = self.pending.pop(data["id"], None)
                if future is not None and not future.done():
                    if "error" in data:
                        future.set_exception(RuntimeError(f"{data['error']}"))
                    else:
                        future.set_result(data.get("result", {}))
                continue
            self.events.append(data)
            if data.get("method") == "Target.attachedToTarget":
                session = data["params"]["sessionId"]
                self.sessions.append(session)
                asyncio.ensure_future(self.watch(session))
            self.changed.set()

    async def wait_for(self, method: str, since: int, timeout: float = 15) -> dict[str, Any]:
        """The first ``method`` event of the main frame after event number ``since``."""
        deadline = time.monotonic() + timeout
        while True:
            for event in self.events[since:]:
                if event.get("method") == method and "sessionId" not in event:
                    return event
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no {method} within {timeout}s")
            self.changed.clear()
            try:
                await asyncio.wait_for(self.changed.wait(), remaining)
            except TimeoutError:
                pass

    async def evaluate(self, expression: str) -> Any:
        result = await self.send(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True}
        )
        return result["result"].get("value")

    async def click(self, x: float, y: float) -> None:
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            await self.send(
                "Input.dispatchMouseEvent",
                {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1},
            )

    async def press_enter(self) -> None:
        for kind in ("keyDown", "keyUp"):
            params = {"type": kind, "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13}
            if kind == "keyDown":
                params["text"] = "\r"
            await self.send("Input.dispatchKeyEvent", params)


@contextlib.asynccontextmanager
async def devtools_session(
    devtools_url: str, size: tuple[int, int] | None = None
) -> AsyncIterator[DevTools]:
    """A DevTools connection to the page, reading events, watching every frame, with
    ``size`` (width, height) as the window when given; closed on the way out."""
    async with (
        aiohttp.ClientSession() as http,
        http.ws_connect(devtools_url, max_msg_size=0) as ws,
    ):
        tools = DevTools(ws)
        reader = asyncio.ensure_future(tools.read())
        try:
            await tools.watch()
            await tools.send("Runtime.enable")
            if size is not None:
                await tools.send(
                    "Emulation.setDeviceMetricsOverride",
                    {"width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": False},
                )
            yield tools
        finally:
            reader.cancel()


async def screenshot(tools: DevTools, path: Path, session: str | None = None) -> None:
    """The page (or a frame's ``session``) as a PNG at ``path``."""
    shot = await tools.send("Page.captureScreenshot", {"format": "png"}, session)
    path.write_bytes(base64.b64decode(shot["data"]))


def _documents(node: dict[str, Any], url: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """(document URL, node) for every node of a DOM tree, iframes' documents included."""
    if node.get("nodeName") == "#document":
        url = node.get("documentURL", url)
    yield url, node
    for child in node.get("children", []):
        yield from _documents(child, url)
    if "contentDocument" in node:
        yield from _documents(node["contentDocument"], url)


ARCHIVED = r"\d(id|if)_/"  # an archived document: ``id_``, or ``if_`` (links rewritten)


async def find_text(tools: DevTools, word: str, url_pattern: str = "", timeout: float = 15) -> str:
    """The URL of a document whose URL matches ``url_pattern``, in any frame of any
    process, that shows ``word``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for session in [None, *tools.sessions]:
            try:
                doc = await tools.send("DOM.getDocument", {"depth": -1, "pierce": True}, session)
            except (RuntimeError, TimeoutError):
                continue
            for url, node in _documents(doc["root"]):
                if re.search(url_pattern, url) and word in (node.get("nodeValue") or ""):
                    return url
        await asyncio.sleep(0.2)
    raise TimeoutError(f"no frame matching {url_pattern!r} shows {word!r}")


async def _browse(devtools_url: str, base: str, word: str) -> Browsed:
    seen = Browsed()
    async with devtools_session(devtools_url) as tools:
        # The landing page: type the word in the search box, press Enter.
        mark = len(tools.events)
        await tools.send("Page.navigate", {"url": base + "/"})
        await tools.wait_for("Page.loadEventFired", mark)
        await tools.evaluate("document.querySelector('input[name=q]').focus()")
        await tools.send("Input.insertText", {"text": word})
        mark = len(tools.events)
        await tools.press_enter()
        await tools.wait_for("Page.loadEventFired", mark)
        seen.search_url = await tools.evaluate("location.href")

        # The results: click the article's title.
        seen.clicked = await tools.evaluate(
            """(() => {
                const a = document.querySelector('.na-results a.article-link');
                if (!a) return {};
                a.scrollIntoView();
                const r = a.getBoundingClientRect();
                return {x: r.x + r.width / 2, y: r.y + r.height / 2,
                        href: a.getAttribute('href'), text: a.textContent};
            })()"""
        )
        assert seen.clicked, "no article link in the search results"
        mark = len(tools.events)
        await tools.click(seen.clicked["x"], seen.clicked["y"])
        await tools.wait_for("Page.loadEventFired", mark)
        seen.article_url = await tools.evaluate("location.href")

        # The archived page, two sandboxed frames down.
        seen.archived_document = await find_text(tools, word, ARCHIVED)
        await asyncio.sleep(0.3)  # let late subresource requests show up
    for event in tools.events:
        params = event.get("params", {})
        if event.get("method") == "Network.requestWillBeSent":
            seen.requests.append(params["request"]["url"])
        elif event.get("method") == "Network.responseReceived" and re.search(
            r"\d(id|if)_/", params.get("response", {}).get("url", "")
        ):
            response = params["response"]
            headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
            seen.archive_responses.append(
                {"url": response["url"], "status": response["status"], "headers": headers}
            )
    return seen


def _in_thread(coro) -> Any:
    """Run a coroutine on a loop of its own (the test thread's belongs to Twisted)."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = asyncio.run(coro)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test thread
            outcome["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout=90)
    if "error" in outcome:
        raise outcome["error"]
    assert "value" in outcome, "the browser session did not finish"
    return outcome["value"]


@pytest.fixture
def chromium(tmp_path) -> Iterator[str]:
    """Headless Chromium that resolves no name but 127.0.0.1; yields its page's DevTools URL."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium (CI does, in .ci/run)",
            pytrace=False,
        )
    profile = tmp_path / "profile"
    proc = subprocess.Popen(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-quic",
            f"--user-data-dir={profile}",
            "--remote-debugging-port=0",
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        active = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (active.exists() and active.read_text().strip()):
            if proc.poll() is not None:
                pytest.fail(f"chromium exited: {proc.stderr.read().decode()[-2000:]}")
            assert time.monotonic() < deadline, "chromium did not open its DevTools port"
            time.sleep(0.05)
        port = int(active.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as resp:
            targets = json.loads(resp.read())
        yield next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.mark.crawl
def test_a_reader_searches_opens_an_article_and_sees_the_archived_page(served, crawled, chromium):
    seen = _in_thread(_browse(chromium, served, WORD))

    assert "/search?q=" + WORD in seen.search_url
    assert seen.clicked["text"] == crawled.title
    assert urlsplit(seen.article_url).path == seen.clicked["href"]
    assert re.fullmatch(r"/article/\d+", seen.clicked["href"])
    # The archived page is the 200 capture, replayed from the archive, not the live site.
    story = crawled.site_base + "/story/9001"
    assert re.fullmatch(
        rf"{re.escape(served)}/web/\d{{14,20}}if_/{re.escape(story)}", seen.archived_document
    )
    replayed = [r for r in seen.archive_responses if r["url"] == seen.archived_document]
    assert replayed and replayed[0]["status"] == 200
    policy = replayed[0]["headers"]["content-security-policy"]
    assert policy.startswith("sandbox allow-top-navigation-by-user-activation;")
    assert "allow-scripts" not in policy and "default-src 'none'" in policy

    # Not one request left the viewer: not to the web, not to the archived site itself.
    viewer = urlsplit(served)
    assert seen.requests
    strays = [
        url
        for url in seen.requests
        if urlsplit(url).scheme not in ("data", "about", "blob")
        and (urlsplit(url).hostname, urlsplit(url).port) != (viewer.hostname, viewer.port)
    ]
    assert not strays, strays
    assert any(re.search(r"\d(id|if)_/", url) for url in seen.requests)


@pytest.mark.crawl
def test_the_pages_reference_nothing_outside_the_viewer(served, crawled):
    """The HTML itself, whatever a browser would do with it: no external scripts,
    styles, images or frames (Datasette's own assets are served by the viewer)."""

    def refs(html: str) -> list[str]:
        found: list[str] = []

        class Collect(HTMLParser):
            def handle_starttag(self, tag, attrs):
                values = dict(attrs)
                for name in LOADED.get(tag, ()):
                    if values.get(name):
                        found.append(values[name])

        Collect().feed(html)
        return found

    story = crawled.site_base + "/story/9001"
    paths = [
        "/",
        f"/corpus/articles?_search={WORD}",
        f"/search?q={WORD}",
        "/corpus/captures",
        "/corpus",
        f"/web/2099/{story}",
        f"/web/*/{story}",
    ]
    with urllib.request.urlopen(f"{served}/corpus/articles.json?_search={WORD}&_shape=array") as r:
        paths.append(f"/article/{json.loads(r.read())[0]['id']}")
    for path in paths:
        with urllib.request.urlopen(served + quote(path, safe="/:?=&*%")) as resp:
            html = resp.read().decode("utf-8")
        for ref in refs(html):
            assert not re.match(r"(?i)\s*(https?:)?//", ref) or ref.startswith(served + "/"), (
                f"{path} references {ref}"
            )
