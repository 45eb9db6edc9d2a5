"""Links that act on a page rather than lead to another (share buttons, comment replies)
are never requested: a real crawl of a generated WordPress site with both."""

from __future__ import annotations

import re

import pytest

from bench.sites import SiteServer, wordpress
from tests.crawling import run_crawl

pytestmark = pytest.mark.crawl

_ACTIONS = re.compile(r"[?&](share|replytocom|like_comment)=")


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    with SiteServer(wordpress.build) as server:
        tmp = tmp_path_factory.mktemp("hygiene")
        result = run_crawl(tmp, {"start_urls": server.base + "/"})
        result.log = server.log
    return result


def test_the_archived_pages_hold_share_buttons_and_comment_replies(crawl):
    """Without this the test below would pass on a site that has no such links."""
    pages = b"".join(r["payload"] for r in crawl.records() if r["type"] == "response")
    assert b"share=facebook" in pages
    assert b"replytocom=" in pages


def test_share_and_reply_links_are_never_requested(crawl):
    acted = [e.target for e in crawl.log if _ACTIONS.search(e.target)]
    assert acted == []


def test_the_articles_are_still_all_stored(crawl):
    stored = {r["url"] for r in crawl.rows("SELECT url FROM articles")}
    assert len(stored) >= 30
    assert not any(_ACTIONS.search(u) for u in stored)
