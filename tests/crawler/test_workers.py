"""What the extraction workers hand back besides the article: its topics, matched there,
off the crawling process's one thread."""

from __future__ import annotations

from crawler.extraction import DEFAULT_OPTIONS
from crawler.stories.topics import Topic
from crawler.workers import extract_job
from tests.crawler.extraction.test_article import URL, article_page


def test_the_worker_matches_the_article_against_the_followed_topics():
    topics = ((7, Topic("flood", "flood* AND budget")), (9, Topic("rail", "railway")))
    page = article_page().encode()
    result = extract_job(page, URL, None, DEFAULT_OPTIONS, topics=topics)
    assert result.article is not None
    assert result.topic_ids == (7,)
    assert extract_job(page, URL, None, DEFAULT_OPTIONS).topic_ids is None  # none given
