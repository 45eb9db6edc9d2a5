"""Which capture the viewer and ``scrapy replay`` show: the nearest successful one.

A crawl retries a 503 at once, so an error capture and the page a second later sit side
by side in time. Both readers of the archive must show the page, and the error only when
its moment is named (an exact timestamp) or asked for (``--any-status``). The archive is
written by the project's own WARC writer and indexed in a real corpus.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
import sqlite_utils

from archive.replay import choose_capture, names_a_moment, url_twins
from archive.viewer.captures import capture_stamp, web_timestamp
from crawler.provenance.replay import NotArchived, parse_timestamp, replay
from schemas.corpus import CorpusError, find_captures
from tests.archive.archiving import T0, build_archive, exchange
from tests.archive.test_viewer import running_viewer
from tests.crawling import scrapy_command

URL = "http://news.example/story/flaky"
PAGE = b"<html><body><p>The retried story: Quillmoor.</p></body></html>"
ERROR = b"<html><body>Service temporarily unavailable</body></html>"
ONLY_404 = "http://news.example/gone"
SECURE = "https://secure.example/story"  # archived as http:// only, asked for as https://


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("choice")
    return build_archive(
        tmp,
        {
            "error": exchange(URL, ERROR, status=503, reason="Service Unavailable", at=T0),
            "page": exchange(URL, PAGE, at=T0 + dt.timedelta(seconds=1)),
            "gone": exchange(ONLY_404, b"not here", status=404, reason="Not Found", at=T0),
            "plain": exchange("http://secure.example/story", b"<p>over plain http</p>", at=T0),
        },
    )


@pytest.fixture(scope="module")
def viewer(archive):
    with running_viewer(archive.db_path, archive.warc_dir) as v:
        yield v


def _stamp(moment: dt.datetime, digits: int = 14) -> str:
    text = moment.astimezone(dt.UTC).strftime("%Y%m%d%H%M%S") + f"{moment.microsecond:06d}"
    return text[:digits]


# Timestamps near the 503 that do not name it: a day, a minute, seconds before it.
NEIGHBOURHOOD = [
    _stamp(T0, 8),
    _stamp(T0, 12),
    _stamp(T0 - dt.timedelta(seconds=5)),
    _stamp(T0 - dt.timedelta(days=30)),
    "2026",
]


@pytest.mark.parametrize("stamp", NEIGHBOURHOOD)
def test_the_viewer_serves_the_200_near_the_503(viewer, stamp):
    reply = viewer.get(f"/web/{stamp}id_/{URL}")
    assert reply.status == 200
    assert reply.body == PAGE


@pytest.mark.parametrize("digits", [14, 20])
def test_the_viewer_serves_the_503_when_its_timestamp_is_named(viewer, digits):
    reply = viewer.get(f"/web/{_stamp(T0, digits)}id_/{URL}")
    assert reply.status == 503
    assert reply.body == ERROR


def test_the_framed_view_shows_the_200_and_its_timeline_links_reach_the_503(viewer, archive):
    reply = viewer.get(f"/web/{_stamp(T0, 8)}/{URL}")
    assert reply.status == 200
    assert "HTTP 200" in reply.text and "HTTP 503" not in reply.text
    # The list of captures addresses each exactly: the 503 stays reachable on request.
    listing = viewer.get(f"/web/*/{URL}")
    error_link = f"/web/{_stamp(T0)}id_/{URL}"
    assert f'href="{error_link}"' in listing.text
    assert viewer.get(error_link).status == 503


def _replay_cli(archive, *args: str):
    return scrapy_command(
        "replay",
        *args,
        "-s",
        f"CORPUS_DB={archive.db_path}",
        "-s",
        f"WARC_DIR={archive.warc_dir}",
    )


@pytest.mark.parametrize("stamp", NEIGHBOURHOOD)
def test_scrapy_replay_serves_the_200_near_the_503(archive, stamp):
    db = sqlite_utils.Database(archive.db_path)
    at = parse_timestamp(stamp)
    assert replay(db, archive.warc_dir, URL, at, exact=names_a_moment(stamp)).body == PAGE
    res = _replay_cli(archive, URL, "--at", stamp)
    assert res.returncode == 0, res.stderr
    assert res.stdout == PAGE


def test_scrapy_replay_serves_the_503_when_its_moment_is_named(archive):
    for when in (_stamp(T0), _stamp(T0, 20), T0.isoformat()):
        res = _replay_cli(archive, URL, "--at", when, "--headers")
        assert res.returncode == 0, res.stderr
        assert res.stdout.startswith(b"HTTP/1.1 503 Service Unavailable"), when


def test_scrapy_replay_any_status_takes_the_nearest_capture_whatever_it_was(archive):
    before = _stamp(T0 - dt.timedelta(seconds=5))
    res = _replay_cli(archive, URL, "--at", before, "--any-status")
    assert res.returncode == 0, res.stderr
    assert res.stdout == ERROR
    # Without --at, the latest capture: the 200.
    assert _replay_cli(archive, URL).stdout == PAGE


def test_a_url_with_only_an_error_capture_still_replays_it(archive, viewer):
    res = _replay_cli(archive, ONLY_404, "--headers")
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith(b"HTTP/1.1 404")
    assert viewer.get(f"/web/2026id_/{ONLY_404}").status == 404


def test_scrapy_replay_finds_the_http_capture_of_an_https_url(archive, viewer):
    res = _replay_cli(archive, SECURE)
    assert res.returncode == 0, res.stderr
    assert res.stdout == b"<p>over plain http</p>"
    # And the other way round, in the viewer too.
    assert viewer.get(f"/web/2026id_/{SECURE}").body == b"<p>over plain http</p>"
    assert _replay_cli(archive, "https://secure.example/nothing").returncode == 1


def test_replay_of_a_missing_or_foreign_corpus_exits_5_with_one_line(tmp_path, archive):
    missing = scrapy_command(
        "replay", URL, "-s", f"CORPUS_DB={tmp_path / 'none.db'}", "-s", f"WARC_DIR={tmp_path}"
    )
    assert missing.returncode == 5
    said = missing.stderr.decode().strip()
    assert said.startswith(f"replay: no corpus at {tmp_path / 'none.db'}") and "\n" not in said
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE notes (x)")
    res = scrapy_command(
        "replay", URL, "-s", f"CORPUS_DB={foreign}", "-s", f"WARC_DIR={archive.warc_dir}"
    )
    assert res.returncode == 5, res.stderr
    lines = res.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"replay: {foreign}")
    assert "not a newsarchive corpus" in lines[0]
    with pytest.raises(CorpusError):
        replay(sqlite_utils.Database(foreign), archive.warc_dir, URL)
    with pytest.raises(NotArchived):
        replay(
            sqlite_utils.Database(archive.db_path), archive.warc_dir, "http://elsewhere.example/"
        )


# -- the choice itself ------------------------------------------------------------------


def _row(i: int, status: int, seconds: float) -> dict:
    return {
        "id": i,
        "status": status,
        "fetched_at": (T0 + dt.timedelta(seconds=seconds)).isoformat(),
    }


def test_choose_capture_prefers_success_and_keeps_errors_for_when_they_are_named():
    rows = [_row(1, 503, 0), _row(2, 200, 1), _row(3, 301, 3600), _row(4, 500, 7200)]
    assert choose_capture(rows, T0)["id"] == 2  # near the 503: the 200
    assert choose_capture(rows, T0, exact=True)["id"] == 1  # the 503's own second
    assert choose_capture(rows, T0, any_status=True)["id"] == 1
    assert choose_capture(rows, T0 + dt.timedelta(seconds=3500))["id"] == 3  # a redirect counts
    assert choose_capture(rows, T0 + dt.timedelta(seconds=7200))["id"] == 3  # not the 500
    assert choose_capture(rows)["id"] == 3  # the latest successful capture
    assert choose_capture(rows, any_status=True)["id"] == 4
    assert choose_capture([_row(9, 404, 0)], T0)["id"] == 9  # nothing better: the error
    assert choose_capture([], T0) is None


def test_an_exact_second_shared_by_an_error_and_a_page_gives_the_page():
    rows = [_row(1, 503, 0), _row(2, 200, 0.5)]
    second = T0.replace(microsecond=0)
    assert choose_capture(rows, second, exact=True)["id"] == 2
    # So the 503's link needs 20 digits, and they lead to it.
    stamp = capture_stamp(rows[0], rows)
    assert stamp == web_timestamp(rows[0], precise=True)
    assert capture_stamp(rows[1], rows) == web_timestamp(rows[1])


def test_which_timestamps_name_a_moment():
    assert names_a_moment("20261120100000") and names_a_moment("20261120100000250000")
    assert names_a_moment("2026-11-20T10:00:00Z")
    assert not names_a_moment("202611201000") and not names_a_moment("2026-11-20")
    assert url_twins("https://a.example/x") == ["http://a.example/x"]
    assert url_twins("HTTP://a.example/") == ["https://a.example/"]
    assert url_twins("ftp://a.example/") == []


def test_the_archive_holds_what_the_tests_think(archive):
    rows = find_captures(sqlite_utils.Database(archive.db_path), URL)
    assert [r["status"] for r in rows] == [503, 200]
