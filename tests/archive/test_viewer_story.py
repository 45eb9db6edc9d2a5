"""The story page in a real browser: from search to a followed story, its chart, the
original with its copy folded under it, and a copy's archived page. Headless Chromium
over the DevTools protocol, as in ``test_viewer_browser``; the corpus is a real crawl of
the demo's two outlets with a topic."""

from __future__ import annotations

import asyncio
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from crawler.demo.digest import DigestSite
from crawler.demo.server import DemoSite
from tests.archive.test_viewer import running_viewer
from tests.archive.test_viewer_browser import (  # noqa: F401
    _in_thread,
    chromium,
    devtools_session,
    screenshot,
)
from tests.crawling import run_crawl

pytestmark = pytest.mark.crawl

TOPIC = '(AI OR "artificial intelligence") AND (x-ray* OR radiolog*)'
SCREENS = Path("/tmp/issue23-screens")


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("story")
    with DemoSite() as courier, DigestSite(courier.base_url) as digest:
        result = run_crawl(
            tmp,
            {
                "start_urls": f"{courier.base_url}/,{digest.base_url}/",
                "topic": TOPIC,
                "topic_name": "ai-xrays",
            },
        )
        result.courier, result.digest = courier.base_url, digest.base_url
    return result


async def _story_visit(devtools_url: str, base: str, shots: Path) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    async with devtools_session(devtools_url, (1200, 1400)) as tools:
        mark = len(tools.events)
        await tools.send("Page.navigate", {"url": base + "/search?q=radiologists"})
        await tools.wait_for("Page.loadEventFired", mark)
        link = await tools.evaluate(
            """(() => { const a = document.querySelector('.na-stories-links a');
                if (!a) return null; const r = a.getBoundingClientRect();
                return {x: r.x + r.width / 2, y: r.y + r.height / 2,
                        text: a.textContent}; })()"""
        )
        assert link, "the search page links no story"
        seen["search_link"] = link["text"]
        mark = len(tools.events)
        await tools.click(link["x"], link["y"])
        await tools.wait_for("Page.loadEventFired", mark)
        seen["story_url"] = await tools.evaluate("location.href")
        seen["page"] = await tools.evaluate(
            """(() => {
                const img = document.querySelector('.na-chart img');
                const originals = [...document.querySelectorAll('.na-original')].map(li => ({
                    title: li.querySelector(':scope > a.article-link').textContent,
                    outlet: li.querySelector(':scope > .na-outlet').textContent,
                    copies: [...li.querySelectorAll('.na-copy')].map(c => ({
                        outlet: c.querySelector('.na-outlet').textContent,
                        meta: c.querySelector('.na-meta').textContent,
                        web: c.querySelector('a.na-archived').getAttribute('href')})),
                }));
                return {chart: img && img.complete ? img.naturalWidth : 0,
                        summary: document.querySelector('.na-story-summary').textContent,
                        originals};
            })()"""
        )
        await screenshot(tools, shots / "1-story-page.png")
        copy = seen["page"]["originals"][0]["copies"][0]
        mark = len(tools.events)
        await tools.send("Page.navigate", {"url": base + copy["web"]})
        await tools.wait_for("Page.loadEventFired", mark)
        await asyncio.sleep(0.5)
        seen["copy_page"] = await tools.evaluate("document.body.innerText")
        seen["copy_url"] = await tools.evaluate("location.href")
        await screenshot(tools, shots / "2-copy-archived.png")
    return seen


def test_a_reader_goes_from_search_to_the_story_and_a_copys_archived_page(
    crawled,
    chromium,  # noqa: F811
    tmp_path,
):
    shots = tmp_path / "screens"
    shots.mkdir()
    with running_viewer(crawled.db_path, crawled.warc_dir) as viewer:
        seen = _in_thread(_story_visit(chromium, viewer.base_url, shots))
        base = viewer.base_url
    SCREENS.mkdir(exist_ok=True)
    for shot in shots.iterdir():
        shutil.copy(shot, SCREENS / shot.name)
    assert seen["search_link"] == "ai-xrays"
    assert seen["story_url"] == f"{base}/story/ai-xrays"
    page = seen["page"]
    assert page["chart"] == 1000  # the PNG loaded
    assert "2 articles by 2 outlets" in " ".join(page["summary"].split())
    (original,) = page["originals"]  # the copy is folded under its original
    assert original["outlet"] == "The Millbrook Courier"
    assert "chest X-rays" in original["title"]
    (copy,) = original["copies"]
    assert copy["outlet"] == "Mill Valley Digest"
    assert "its source link names the original" in copy["meta"]
    assert re.fullmatch(r"/web/\d{12}/" + re.escape(crawled.digest) + r"/posts/[^/]+/", copy["web"])
    assert seen["copy_url"].startswith(f"{base}/web/")
    assert "ARCHIVED" in seen["copy_page"].upper()


def test_a_story_whose_name_holds_a_slash_has_a_page_and_a_chart(crawled):
    import sqlite3
    from urllib.parse import quote

    from crawler.stories.following import rematch_corpus
    from crawler.stories.topics import Topic
    from schemas.topics import sync_topics

    conn = sqlite3.connect(crawled.db_path, isolation_level=None)
    try:
        sync_topics(conn, [Topic("x-rays/AI?", TOPIC), Topic("x.png", "otter*")], "command line")
        rematch_corpus(conn)
    finally:
        conn.close()
    with running_viewer(crawled.db_path, crawled.warc_dir) as viewer:
        listed = viewer.get("/stories").body.decode()
        href = "/story/" + quote("x-rays/AI?", safe="")
        assert f'href="{href}"' in listed
        page = viewer.get(href)
        assert page.status == 200 and "2 articles by 2 outlets" in " ".join(
            page.body.decode().split()
        )
        chart = viewer.get(href + "/chart.png")
        assert chart.status == 200 and chart.body[:4] == b"\x89PNG"
        assert viewer.get("/story/x.png").status == 200  # a name, not a chart
