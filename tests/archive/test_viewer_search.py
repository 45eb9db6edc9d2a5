"""The viewer's search page: relevance first, dates on request, snippets, prefixes.

The page runs ``schemas.search`` (what ``scrapy search`` runs) over a real corpus; the
archive is written by the project's own writers (``tests.archive.archiving``).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from urllib.parse import quote

import pytest

from tests.archive.archiving import T0, build_archive, exchange
from tests.archive.test_viewer import _attrs, running_viewer

FILLER = "The tide came in over the shingle and the gulls argued on the roofs. "
STORIES = {
    # name: (title, text, days after T0 it was published and fetched)
    "old-best": (
        "The balustrade of the pier",
        "Balustrade, balustrade: the balustrade. " + FILLER,
        0,
    ),
    "deep": ("Council minutes", FILLER * 12 + "A balustrade was mentioned once. " + FILLER * 6, 2),
    "newest": ("Pier news", FILLER * 30 + "The balustrade was painted.", 3),
    "other": ("Weather", FILLER * 3, 1),
    "hostile": (
        "<script>alert('xss')</script> Quayside",
        "The quayside <img src=x onerror=alert(2)> was closed.",
        1,
    ),
}


@pytest.fixture(scope="module")
def viewer(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("search")
    exchanges, articles = {}, {}
    for name, (title, text, days) in STORIES.items():
        url = f"http://news.example/{name}"
        body = f"<html><body><h1>{title}</h1><p>{text}</p></body></html>".encode()
        exchanges[name] = exchange(url, body, at=T0 + dt.timedelta(days=days))
        articles[name] = (title, text)
    archive = build_archive(tmp, exchanges, articles)
    with running_viewer(archive.db_path, archive.warc_dir) as v:
        yield v


def _results(text: str) -> list[str]:
    return [
        html.unescape(a_text) for a_text in re.findall(r'class="article-link"[^>]*>([^<]*)<', text)
    ]


def test_the_landing_page_searches_by_relevance(viewer):
    forms = _attrs(viewer.get("/").text, "form")
    assert any(f.get("action") == "/search" for f in forms)
    page = viewer.get("/search?q=balustrade")
    assert page.status == 200
    titles = _results(page.text)
    assert titles[0] == "The balustrade of the pier"  # the best match, though the oldest
    assert set(titles) == {"The balustrade of the pier", "Council minutes", "Pier news"}
    assert "most relevant first" in page.text


def test_date_order_is_an_option(viewer):
    newest = _results(viewer.get("/search?q=balustrade&order=newest").text)
    assert newest == ["Pier news", "Council minutes", "The balustrade of the pier"]
    oldest = _results(viewer.get("/search?q=balustrade&order=oldest").text)
    assert oldest == list(reversed(newest))
    # An unknown order is relevance, not an error (or an injection).
    odd = viewer.get("/search?q=balustrade&order=" + quote("title; DROP TABLE articles"))
    assert odd.status == 200 and _results(odd.text)[0] == "The balustrade of the pier"


def test_each_result_shows_a_snippet_around_the_match(viewer):
    page = viewer.get("/search?q=balustrade").text
    snippets = re.findall(r'<p class="na-snippet">(.*?)</p>', page, re.S)
    assert len(snippets) == 3
    assert all("<mark>" in s for s in snippets)
    assert any("<mark>balustrade</mark> was mentioned once" in s for s in snippets)
    assert not any(s.startswith("The tide came in") for s in snippets if "mentioned" in s)


def test_prefix_search_finds_the_whole_word(viewer):
    page = viewer.get("/search?q=" + quote("balustr*"))
    assert page.status == 200
    assert len(_results(page.text)) == 3
    assert "<mark>balustrade</mark>" in page.text or "<mark>Balustrade</mark>" in page.text


def test_a_bad_query_is_answered_with_one_clear_line(viewer):
    page = viewer.get("/search?q=" + quote("a*"))
    assert page.status == 400
    assert "a prefix needs at least 3 characters" in page.text
    assert viewer.get("/search?q=" + quote("zzzzqqq")).status == 200
    assert "No article" in viewer.get("/search?q=zzzzqqq").text
    assert viewer.get("/search?q=" + "x" * 2000).status == 400  # scrapy search's own cap


def test_titles_and_snippets_are_escaped(viewer):
    page = viewer.get("/search?q=quayside")
    assert page.status == 200
    assert b"<script>alert('xss')" not in page.body
    assert b"<img src=x" not in page.body
    assert b"&lt;script&gt;" in page.body and b"&lt;img src=x" in page.body
