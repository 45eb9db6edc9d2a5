"""Focused crawls on the trap site's feed: off-topic articles archived and not stored,
on-topic entries fetched first, and with TOPIC_PREFILTER off-topic headlines skipped."""

from __future__ import annotations

import pytest

from crawler.stories.topics import Topic, match
from tests.crawling import run_crawl
from tests.site import TrapSite
from tests.site.articles import ARTICLES
from tests.site.content import FEED_ARTICLES

pytestmark = pytest.mark.crawl

QUERY = "flood* OR ferry OR dredging"
TOPIC = Topic("harbour-works", QUERY)
ON_TOPIC = {a.path for a in FEED_ARTICLES if match(TOPIC, a.title, a.dek, " ".join(a.paragraphs))}
TITLED = {a.path for a in FEED_ARTICLES if match(TOPIC, a.title, None, None)}
FEED = {a.path for a in FEED_ARTICLES}
# every article of the site (robots.txt's sitemaps bring some beyond the feed)
ALL = {a.path: a for a in ARTICLES}


def _on_topic(path: str) -> bool:
    a = ALL[path]
    return match(TOPIC, a.title, a.dek, " ".join(a.paragraphs))


def _crawl(tmp_path_factory, site, name: str, **settings):
    tmp = tmp_path_factory.mktemp(name)
    sources = tmp / "sources.toml"
    sources.write_text(
        "[[source]]\n"
        'name = "harbor"\n'
        f'feeds = ["{site.base_url}/rss.xml"]\n'
        f'allowed_domains = ["127.0.0.1:{site.port}"]\n'
        "topic_focus = true\n"
    )
    before = len(site.requests)
    result = run_crawl(
        tmp,
        {"sources": str(sources), "topic": QUERY, "topic_name": TOPIC.name},
        NEWS_FOLLOW_LINKS=False,
        CONCURRENT_REQUESTS=1,
        CONCURRENT_REQUESTS_PER_DOMAIN=1,
        **settings,
    )
    result.paths = [r["path"] for r in site.requests[before:]]
    return result


@pytest.fixture(scope="module")
def site():
    with TrapSite() as s:
        yield s


@pytest.fixture(scope="module")
def focused(site, tmp_path_factory):
    return _crawl(tmp_path_factory, site, "focused")


def _stored(result) -> set[str]:
    return {"/" + r["url"].split("/", 3)[3] for r in result.rows("SELECT url FROM articles")}


def test_the_case_is_worth_testing():
    # some articles are on the topic only in their text, some not at all
    assert TITLED < ON_TOPIC < FEED


def test_only_on_topic_articles_are_stored_and_every_article_is_archived(focused):
    fetched = {p for p in focused.paths if p in ALL}
    assert fetched >= FEED
    on_topic = {p for p in fetched if _on_topic(p)}
    assert _stored(focused) == on_topic
    outcomes = {
        "/" + r["url"].split("/", 3)[3]: r["outcome"]
        for r in focused.rows("SELECT url, outcome FROM captures")
    }
    for path in fetched - on_topic:
        assert outcomes[path] == "off_topic"
    responses = [r["uri"] for r in focused.records() if r["type"] == "response"]
    assert fetched <= {"/" + uri.split("/", 3)[3] for uri in responses}
    assert focused.stats["topics/off_topic"] == len(fetched - on_topic)
    assert not focused.rows(
        "SELECT * FROM captures c JOIN articles a ON a.capture_id = c.id"
        " WHERE c.outcome = 'off_topic'"
    )


def test_entries_whose_title_is_on_topic_are_fetched_first(focused):
    order = list(dict.fromkeys(p for p in focused.paths if p in FEED))
    assert set(order) == FEED  # without the prefilter every entry is fetched
    assert set(order[: len(TITLED)]) == TITLED, order
    assert focused.stats["news/topics/entries_on_topic"] >= len(TITLED)


@pytest.fixture(scope="module")
def prefiltered(site, tmp_path_factory):
    return _crawl(tmp_path_factory, site, "prefilter", TOPIC_PREFILTER=True)


def test_the_prefilter_skips_entries_whose_title_is_off_topic(prefiltered):
    result = prefiltered
    fetched = {p for p in result.paths if p in FEED}
    assert fetched == TITLED  # the headline-only test loses the text-only matches
    assert _stored(result) <= ON_TOPIC | {p for p in ALL if _on_topic(p)}
    assert _stored(result) >= TITLED
    assert result.stats["news/skipped/off_topic_entry"] >= len(FEED - TITLED)
