"""Topics in real crawls: every stored article matched against every topic the corpus
follows, on its text without the site's template, and re-matched from the corpus alone.

The Lowfield Courier (``tests.templated_site``) puts a reader-support paragraph on every
article: a topic that only its words match follows no article once the template is
learned."""

from __future__ import annotations

import re
import sqlite3

import pytest

from crawler.sources import focus_without_topics
from crawler.stories.following import rematch_corpus
from crawler.stories.topics import Topic
from schemas.topics import list_topics, sync_topics
from tests.crawling import run_crawl, scrapy_command
from tests.templated_site import TemplatedSite

pytestmark = pytest.mark.crawl

BEES = '"festival agreed" OR "farmers decided"'


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("topics")
    sources = tmp / "sources.toml"
    with TemplatedSite(14) as site:
        sources.write_text(
            "[[source]]\n"
            f'start_urls = ["{site.base_url}/"]\n'
            "[[topic]]\n"
            'name = "support"\n'
            "query = 'grateful AND \"afford to pay\"'\n"
        )
        result = run_crawl(
            tmp,
            {"sources": str(sources), "topic": BEES, "topic_name": "outdoors"},
            CONCURRENT_REQUESTS=1,
        )
    return result


def _matched(result, name: str) -> set[int]:
    rows = result.rows(
        "SELECT ta.article_id FROM topic_articles ta JOIN topics t ON t.id = ta.topic_id"
        " WHERE t.name = ?",
        name,
    )
    return {r["article_id"] for r in rows}


def test_both_topics_are_stored_with_where_they_came_from(crawled):
    topics = {r["name"]: r for r in crawled.rows("SELECT * FROM topics")}
    assert set(topics) == {"support", "outdoors"}
    assert topics["outdoors"]["query"] == BEES
    assert topics["outdoors"]["origin"] == "command line"
    assert topics["support"]["origin"] == "sources"
    assert crawled.stats["topics/followed"] == 2


def test_articles_match_by_their_own_words_and_versions(crawled):
    rows = crawled.rows("SELECT id, title, description, text, version FROM articles")
    assert len(rows) == 14
    words = re.compile(r"\b(festival agreed|farmers decided)\b", re.IGNORECASE)
    expected = {r["id"] for r in rows if words.search(f"{r['title']} {r['text']}")}
    assert expected and len(expected) < len(rows)  # the test would say nothing otherwise
    assert _matched(crawled, "outdoors") == expected
    versions = crawled.rows("SELECT ta.version, a.version AS current FROM topic_articles ta"
                            " JOIN articles a ON a.id = ta.article_id")  # fmt: skip
    assert all(r["version"] == r["current"] for r in versions)


def test_a_topic_only_the_template_matches_follows_no_article(crawled):
    # every page says "we are grateful" in its reader-support box: template, not text
    assert crawled.stats["extract/template/articles_changed"] == 14
    assert _matched(crawled, "support") == set()


def test_rematch_from_the_corpus_alone_gives_the_same_matches(crawled):
    before = {r["article_id"] for r in crawled.rows("SELECT article_id FROM topic_articles")}
    conn = sqlite3.connect(crawled.db_path)
    try:
        conn.execute("DELETE FROM topic_articles")
        conn.commit()
        done = rematch_corpus(conn)
        conn.commit()
    finally:
        conn.close()
    assert done.articles == 14
    after = {r["article_id"] for r in crawled.rows("SELECT article_id FROM topic_articles")}
    assert after == before


def test_a_changed_query_is_rematched_by_the_command(crawled):
    conn = sqlite3.connect(crawled.db_path)
    try:
        sync_topics(conn, [Topic("outdoors", '"drivers noticed"')], "command line")
        conn.commit()
        assert {t["name"]: t["articles"] for t in list_topics(conn)}["outdoors"] == 0
    finally:
        conn.close()
    res = scrapy_command("topics", "rematch", "-s", f"CORPUS_DB={crawled.db_path}")
    assert res.returncode == 0, res.stderr.decode()[-2000:]
    assert "topics rematch: 14 articles read" in res.stdout.decode()
    rows = crawled.rows("SELECT id, text FROM articles")
    expected = {r["id"] for r in rows if re.search(r"\bdrivers noticed\b", r["text"], re.I)}
    assert 0 < len(expected) < len(rows)
    assert _matched(crawled, "outdoors") == expected
    listed = scrapy_command("topics", "-s", f"CORPUS_DB={crawled.db_path}")
    assert listed.returncode == 0
    assert f"outdoors\t{len(expected)} article" in listed.stdout.decode()
    assert "2 topics" in listed.stdout.decode()


def test_a_bad_topic_query_is_refused_before_the_crawl_with_status_2(tmp_path):
    res = scrapy_command(
        "crawl", "news", "-a", "start_urls=http://127.0.0.1:9/", "-a", "topic=(netflix AND",
        "-s", f"CORPUS_DB={tmp_path / 'c.db'}", "-s", f"WARC_DIR={tmp_path / 'w'}",
    )  # fmt: skip
    assert res.returncode == 2
    said = [x for x in res.stderr.decode().splitlines() if x.startswith("crawl:")]
    assert len(said) == 1 and said[0].startswith("crawl: -a topic:"), res.stderr.decode()[-800:]
    assert not (tmp_path / "c.db").exists()


def test_a_focused_crawl_without_a_topic_is_refused_with_status_2(tmp_path):
    res = scrapy_command(
        "crawl", "news", "-a", "start_urls=http://127.0.0.1:9/", "-s", "TOPIC_FOCUS=True",
        "-s", f"CORPUS_DB={tmp_path / 'c.db'}", "-s", f"WARC_DIR={tmp_path / 'w'}",
    )  # fmt: skip
    assert res.returncode == 2
    said = [x for x in res.stderr.decode().splitlines() if x.startswith("crawl:")]
    assert said == [f"crawl: {focus_without_topics()}"], res.stderr.decode()[-800:]


def test_one_topic_name_with_two_queries_is_refused_before_the_crawl(tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text(
        '[[source]]\nstart_urls = ["http://127.0.0.1:9/"]\n'
        '[[topic]]\nname = "otters"\nquery = "otters"\n'
    )
    res = scrapy_command(
        "crawl", "news", "-a", f"sources={sources}", "-a", 'topic="sea otters"',
        "-a", "topic_name=otters",
        "-s", f"CORPUS_DB={tmp_path / 'c.db'}", "-s", f"WARC_DIR={tmp_path / 'w'}",
    )  # fmt: skip
    assert res.returncode == 2
    said = [x for x in res.stderr.decode().splitlines() if x.startswith("crawl:")]
    assert len(said) == 1 and said[0].startswith("crawl: topics:"), res.stderr.decode()[-800:]
    assert "otters" in said[0]
