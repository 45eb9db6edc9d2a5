"""kill -9 at random moments, a dozen times, then resume: nothing lost, nothing redone."""

from __future__ import annotations

import pytest

from tests.killing import kill_and_resume, reference_articles, summary
from tests.newsroom import Newsroom

pytestmark = pytest.mark.crawl  # every test here crawls, or reads a crawl's output

KILLS = 12


@pytest.fixture(scope="module")
def killed_and_resumed(tmp_path_factory):
    room = Newsroom(stories=400, seed=11)
    data = tmp_path_factory.mktemp("killed")
    with room.serve() as server:
        report = kill_and_resume(room, server, data, kills=KILLS, seed=5)
        reference = reference_articles(room, server, tmp_path_factory.mktemp("reference"))
    print(summary(report))
    return room, report, reference, data


def test_the_crawl_was_really_killed_again_and_again(killed_and_resumed):
    _room, report, _reference, _data = killed_and_resumed
    assert report.kills == KILLS
    assert report.checks == report.runs
    # killed mid-crawl, not before it began: the corpus grew across several kills
    assert len(set(report.articles_after_run[:-1])) >= 3


def test_every_kill_left_the_database_and_the_warcs_whole(killed_and_resumed):
    _room, report, _reference, _data = killed_and_resumed
    assert report.problems == []


def test_the_resumed_crawl_stored_the_same_articles_as_an_uninterrupted_one(killed_and_resumed):
    from tests.killing import committed

    _room, _report, reference, data = killed_and_resumed
    articles, _captures = committed(data / "corpus.db")
    assert len(reference) >= 400
    assert articles == reference


def test_no_article_marked_done_was_fetched_again(killed_and_resumed):
    _room, report, _reference, _data = killed_and_resumed
    assert report.refetched == []


def test_disallowed_paths_were_never_fetched_across_resumes(killed_and_resumed):
    room, report, _reference, _data = killed_and_resumed
    assert report.disallowed_fetches == 0
    assert any(r["path"] == "/robots.txt" for r in room.log)
