"""crawler.extraction.dates: when a page was published, never an invented day."""

from __future__ import annotations

import pytest

from crawler.extraction.dates import choose_published, parse_date
from crawler.extraction.declarations import read_page_meta
from crawler.extraction.html import parse_html
from tests.crawler.extraction.markup import URL, ld, meta_of, news_article, page

# -- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2025-03-14", "2025-03-14"),
        ("2025-03-14T09:12:00Z", "2025-03-14T09:12:00Z"),
        ("2025-03-14T09:12:00+0100", "2025-03-14T09:12:00+01:00"),
        ("2025-03-14T09:12:00.123-05:00", "2025-03-14T09:12:00-05:00"),
        ("2025-03-14 09:12", "2025-03-14T09:12:00"),
        ("Feb 08, 2022", "2022-02-08"),
        ("February 8th, 2022", "2022-02-08"),
        ("8 February 2022", "2022-02-08"),
        ("14th of March 2025", "2025-03-14"),
        ("13/11/2025 09:21:40", "2025-11-13"),
        ("11/13/2025", "2025-11-13"),
        ("16.03.2025", "2025-03-16"),
        ("04/04/2024", "2024-04-04"),
        ("Fri, 14 Mar 2025 09:12:00 GMT", "2025-03-14T09:12:00+00:00"),
    ],
)
def test_parse_date_reads_iso_and_written_dates(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["2024-02-30", "2024-02-30T10:00:00Z", "2025-03-14T25:00", "Dec 32, 2024", "31/02/2024"],
)
def test_parse_date_never_repairs_an_impossible_date(raw):
    assert parse_date(raw) is None


@pytest.mark.parametrize("raw", ["03/04/2024", "11.12.2024"])
def test_parse_date_gives_none_for_a_day_and_month_it_cannot_tell_apart(raw):
    assert parse_date(raw) is None


@pytest.mark.parametrize("raw", [None, "", "   ", "yesterday", "last week"])
def test_parse_date_gives_none_without_a_date(raw):
    assert parse_date(raw) is None


def test_choose_published_prefers_jsonld_over_meta_and_time():
    html = page(
        news_article(datePublished="2025-03-14T09:12:00Z")
        + '<meta property="article:published_time" content="2025-03-10T08:00:00Z">',
        '<article><time datetime="2025-03-01">1 March</time></article>',
    )
    tree = parse_html(html)
    assert choose_published(read_page_meta(tree, URL), tree, URL) == ("2025-03-14T09:12:00Z", True)


def test_choose_published_uses_meta_before_time():
    html = page(
        '<meta property="article:published_time" content="2025-03-10T08:00:00+00:00">',
        '<article><time datetime="2025-03-01">1 March</time></article>',
    )
    tree = parse_html(html)
    published = choose_published(read_page_meta(tree, URL), tree, URL)
    assert published == ("2025-03-10T08:00:00+00:00", True)


def test_choose_published_falls_back_to_a_time_element_in_the_article():
    html = page(
        body='<article><header><time datetime="2025-03-01T10:00:00Z">1 March</time>'
        "</header><p>Text.</p></article>"
    )
    tree = parse_html(html)
    assert choose_published(read_page_meta(tree, URL), tree, URL) == ("2025-03-01T10:00:00Z", True)


def test_a_time_element_outside_the_article_without_a_date_class_is_ignored():
    m = meta_of(page(body='<footer><time datetime="2020-01-01">2020</time></footer>'))
    assert ("time", "2020-01-01") not in m.date_candidates


def test_a_visible_drupal_submitted_line_is_a_declared_date():
    html = page(body='<div class="submitted">Submitted by Jane on Fri, 03/14/2025 - 09:12</div>')
    tree = parse_html(html)
    assert choose_published(read_page_meta(tree, URL), tree, URL) == ("2025-03-14", True)


def visible_dates(body: str) -> list[tuple[str, str]]:
    return meta_of(page(body=body)).date_candidates


def test_an_updated_date_is_not_taken_for_published():
    body = (
        '<div class="article-meta">By Ruth Adeyemi. Reviewed by Ann Lee '
        "Updated on May 27, 2025 09:10AM</div>"
    )
    assert visible_dates(body) == []


def test_a_date_class_after_an_updated_label_is_not_published():
    body = (
        '<div class="byline"><span>Last Updated</span> <span>on</span> '
        '<span class="date">Feb 27, 2026</span></div>'
    )
    assert visible_dates(body) == []


def test_a_published_date_after_an_updated_one_in_the_same_line_is_taken():
    body = '<div class="post-meta">Updated March 2, 2026 \u00b7 Published January 5, 2026</div>'
    assert visible_dates(body) == [("visible", "January 5, 2026")]


def test_a_time_element_classed_updated_is_not_the_published_date():
    body = (
        '<article><time class="updated" datetime="2026-01-12">Jan 12</time>'
        '<time class="entry-date published" datetime="2017-03-16">Mar 16</time></article>'
    )
    assert meta_of(page(body=body)).date_candidates == [("time", "2017-03-16")]


def test_a_time_element_after_an_updated_label_is_not_the_published_date():
    body = "<article><p>Updated <time datetime='2026-01-12'>Jan 12, 2026</time></p></article>"
    assert meta_of(page(body=body)).date_candidates == []


@pytest.mark.parametrize(
    ("after_h1", "expected"),
    [
        ('<div class="text-200">October 3, 2024</div>', "October 3, 2024"),
        ("<p><svg></svg> Dec 12, 2025 </p>", "Dec 12, 2025"),
        ("<p>Posted on 3 May 2025</p>", "3 May 2025"),
        ("<p>Updated</p><p>Feb. 27, 2025</p>", None),
        ("<p>The council met on March 3, 2025 to vote.</p>", None),
    ],
)
def test_a_line_that_is_only_a_date_under_the_headline_is_the_date(after_h1, expected):
    body = f"<header><h1>Harbour council approves budget</h1>{after_h1}</header><p>Text.</p>"
    got = meta_of(page(body=body, title="Harbour council approves budget")).date_candidates
    assert got == ([("visible", expected)] if expected else [])


@pytest.mark.parametrize(
    ("above_h1", "expected"),
    [
        ('<p class="kicker">January 23, 2025</p>', "January 23, 2025"),
        ("<div>Published</div><div>October 14, 2025</div><div>in</div><a>Guides</a>",
         "October 14, 2025"),
        ("<a>Back to blog</a><div><svg></svg> Dec 12, 2025 </div>", "Dec 12, 2025"),
        ("<span>Last updated</span><span>Feb. 27, 2025</span>", None),
    ],
)  # fmt: skip
def test_a_date_line_just_above_the_headline_in_its_header_is_the_date(above_h1, expected):
    body = (
        f"<main><section><div class='hero'>{above_h1}<h1>Harbour council approves budget</h1>"
        "</div></section><p>Text.</p></main>"
    )
    got = meta_of(page(body=body, title="Harbour council approves budget")).date_candidates
    assert got == ([("visible", expected)] if expected else [])


def test_a_date_in_the_site_header_far_above_the_headline_is_not_the_date():
    # One page wrapper holds both the site header and the article: only the three-level
    # limit keeps the header's "today's date" out of the headline's block.
    body = (
        "<div class='page'><div class='topbar'><span>Saturday, November 21, 2026</span></div>"
        "<div><div><div><div><h1>Harbour council approves budget</h1></div></div></div></div>"
        "<p>Text.</p></div>"
    )
    got = meta_of(page(body=body, title="Harbour council approves budget")).date_candidates
    assert got == []


@pytest.mark.parametrize(
    ("shown", "expected"),
    [("Published March 9, 2026", "2026-03-09"), ("Published 3 September 2026", "2026-09-03")],
)
def test_a_numeric_date_that_reads_two_ways_is_settled_by_the_shown_date(shown, expected):
    html = page(
        '<meta name="article:published_time" content="03-09-2026">',
        f"<h1>Harbour council approves budget</h1><p>{shown}</p><p>Text.</p>",
        title="Harbour council approves budget",
    )
    tree = parse_html(html)
    assert choose_published(read_page_meta(tree, URL), tree, URL) == (expected, True)


def test_a_numeric_date_that_reads_two_ways_and_is_not_shown_stays_unread():
    html = page('<meta name="article:published_time" content="03-09-2026">', "<p>Text.</p>")
    tree = parse_html(html)
    assert choose_published(read_page_meta(tree, URL), tree, URL) == (None, True)


def test_the_time_of_a_readers_comment_is_not_the_published_date():
    body = (
        "<article><h1>Harbour council approves budget</h1><p>Text.</p>"
        '<section id="comments"><article class="comment"><footer>'
        '<time datetime="2025-12-18T21:46:01-05:00">December 18, 2025</time></footer>'
        "<p>Great piece.</p></article></section></article>"
    )
    assert ("time", "2025-12-18T21:46:01-05:00") not in meta_of(page(body=body)).date_candidates


@pytest.mark.parametrize(
    "name", ["published", "citation_publication_date", "publish_date", "dcterms.date"]
)
def test_more_meta_names_declare_the_published_date(name):
    m = meta_of(page(f'<meta name="{name}" content="July 17, 2025">'))
    assert choose_published(m) == ("2025-07-17", True)


def test_an_impossible_declared_date_gives_none_without_asking_htmldate():
    html = page(
        news_article(datePublished="2024-02-30T10:00:00Z"),
        "<p>Posted 28 February 2024. The council first discussed the wall on 12 January 2023.</p>",
    )
    tree = parse_html(html)
    url = "https://www.quaygazette.co.uk/2024/02/28/harbour-wall"
    assert choose_published(read_page_meta(tree, url), tree, url) == (None, True)


def test_a_valid_meta_date_is_used_when_the_jsonld_date_is_impossible():
    head = news_article(datePublished="2024-02-30") + (
        '<meta property="article:published_time" content="2024-02-28">'
    )
    tree = parse_html(page(head))
    assert choose_published(read_page_meta(tree, URL), tree, URL) == ("2024-02-28", True)


def test_without_declared_dates_htmldate_is_asked_and_the_answer_is_undeclared():
    url = "https://www.quaygazette.co.uk/2023/05/02/harbour-wall-plans"
    tree = parse_html(page(body="<p>The council published plans for a new harbour wall.</p>"))
    date, declared = choose_published(read_page_meta(tree, url), tree, url)
    assert declared is False
    assert date == "2023-05-02"


def test_a_microdata_date_published_meta_comes_before_a_time_element():
    html = page(
        '<meta itemprop="datePublished" content="2020-12-23T11:48:54-08:00">',
        '<article><time datetime="2025-01-05">5 January</time></article>',
    )
    tree = parse_html(html)
    assert choose_published(read_page_meta(tree, URL), tree, URL) == (
        "2020-12-23T11:48:54-08:00",
        True,
    )


def test_a_time_element_without_a_year_gives_way_to_the_next_one():
    html = page(
        body='<article><time class="dt-published" datetime="Dec 23">Dec 23</time>'
        '<p>Text.</p><time datetime="2020-12-23">23 December 2020</time></article>'
    )
    tree = parse_html(html)
    assert choose_published(read_page_meta(tree, URL), tree, URL) == ("2020-12-23", True)


def test_a_date_without_a_year_is_not_a_declaration_and_htmldate_is_asked():
    url = "https://www.quaygazette.co.uk/2023/05/02/harbour-wall-plans"
    tree = parse_html(page(body='<article><time datetime="May 2">May 2</time></article>'))
    assert choose_published(read_page_meta(tree, url), tree, url) == ("2023-05-02", False)


def test_a_webpage_date_published_is_used_when_no_article_declares_a_date():
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "The Quay Gazette"},
            {"@type": "WebPage", "datePublished": "2024-03-17T19:47:39+00:00"},
        ],
    }
    tree = parse_html(page(ld(graph), "<p>The council met.</p>"))
    assert choose_published(read_page_meta(tree, URL), tree, URL) == (
        "2024-03-17T19:47:39+00:00",
        True,
    )


def test_a_webpage_date_published_comes_after_the_article_dates():
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebPage", "datePublished": "2024-03-17"},
            {"@type": "NewsArticle", "datePublished": "2024-03-18"},
        ],
    }
    tree = parse_html(page(ld(graph)))
    assert choose_published(read_page_meta(tree, URL), tree, URL) == ("2024-03-18", True)


def test_without_a_tree_and_declared_dates_there_is_no_date():
    assert choose_published(meta_of(page()), None) == (None, False)


@pytest.mark.parametrize(
    "line",
    ["March 14, 2025 - 11 minutes", "March 14, 2025 \u00b7 5 min read", "March 14, 2025 | 3 mins"],
)
def test_a_date_line_with_its_reading_time_just_above_the_headline_is_the_date(line):
    html = page(body=f"<header><p>{line}</p><h1>Harbour budget approved</h1></header><p>Text.</p>")
    tree = parse_html(html)
    # True: read from the page's own date line, not guessed by htmldate
    assert choose_published(read_page_meta(tree, URL), tree, URL) == ("2025-03-14", True)


def test_a_date_split_by_comments_reads_as_the_line_it_shows():
    html = page(
        body="<header><p>March 14, 2025<!-- --> - 11 minutes</p><h1>Harbour budget approved</h1>"
        "</header><p>Text.</p>"
    )
    tree = parse_html(html)
    assert choose_published(read_page_meta(tree, URL), tree, URL) == ("2025-03-14", True)
