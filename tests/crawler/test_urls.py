"""crawler.urls: canonical URLs, URL keys, scope and the shapes of article and listing URLs."""

from __future__ import annotations

import pytest

from crawler import urls
from crawler.urls import (
    canonicalize_url,
    domain_rule,
    in_scope,
    pagination_number,
    url_article_score,
    url_key,
)

SITE = "http://127.0.0.1:8765"

# -- canonicalize_url -----------------------------------------------------------------


def test_canonicalize_url_drops_the_fragment():
    assert canonicalize_url("https://news.example.com/story#comments") == (
        "https://news.example.com/story"
    )


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("/story/#comment-12", "https://news.example.com/story/"),
        ("/story?id=7#c?x=1", "https://news.example.com/story?id=7"),
        ("?id=7#top", "https://news.example.com/section/page?id=7"),
        ("https://news.example.com#x", "https://news.example.com/"),
        ("#comments", "https://news.example.com/section/page"),
        ("#a#b", "https://news.example.com/section/page"),
    ],
)
def test_a_link_with_a_fragment_canonicalises_to_its_page(href, expected):
    assert canonicalize_url(href, "https://news.example.com/section/page") == expected


def test_a_pages_comment_permalinks_are_canonicalised_once():
    # A WordPress post links each of its comments (/post/#comment-123): one cached
    # result serves them all, instead of one full canonicalisation per comment.
    urls._canonicalize.cache_clear()
    base = "https://news.example.com/2025/03/14/story/"
    found = {canonicalize_url(f"/2025/03/14/story/#comment-{n}", base) for n in range(50)}
    assert found == {base}
    assert urls._canonicalize.cache_info().misses == 1


def test_canonicalize_url_drops_tracking_parameters():
    url = "https://news.example.com/a?utm_source=rss&utm_medium=feed&fbclid=x&gclid=y&UTM_Term=z"
    assert canonicalize_url(url) == "https://news.example.com/a"


def test_canonicalize_url_drops_session_ids_in_query_and_path():
    url = "https://news.example.com/a;jsessionid=0A1B2C?PHPSESSID=abc&id=7&sid=9"
    assert canonicalize_url(url) == "https://news.example.com/a?id=7"


def test_canonicalize_url_keeps_other_parameters_in_their_order():
    url = "https://news.example.com/search?z=1&a=2&utm_campaign=x&m=&q=harbor+city"
    assert canonicalize_url(url) == "https://news.example.com/search?z=1&a=2&m=&q=harbor+city"


def test_canonicalize_url_drops_default_ports_and_lowercases_scheme_and_host():
    assert canonicalize_url("HTTP://News.Example.COM:80/A") == "http://news.example.com/A"
    assert canonicalize_url("https://news.example.com:443/a") == "https://news.example.com/a"
    assert canonicalize_url("https://news.example.com:80/a") == "https://news.example.com:80/a"
    assert canonicalize_url("http://news.example.com") == "http://news.example.com/"


def test_canonicalize_url_keeps_a_loopback_port():
    assert canonicalize_url("http://127.0.0.1:8765/x?b=1") == "http://127.0.0.1:8765/x?b=1"


@pytest.mark.parametrize(
    "url",
    [
        "mailto:desk@example.com",
        "javascript:void(0)",
        "ftp://example.com/file",
        "tel:+15555550100",
        "data:text/html,hi",
        "",
        "   ",
        "http://",
        "http://example.com:99999/",
    ],
)
def test_canonicalize_url_refuses_what_is_not_http(url):
    assert canonicalize_url(url) is None


def test_canonicalize_url_joins_relative_urls_with_the_base():
    base = "http://127.0.0.1:8765/news/world/index.html"
    assert canonicalize_url("story-one", base) == "http://127.0.0.1:8765/news/world/story-one"
    assert canonicalize_url("../sport/x?a=1", base) == "http://127.0.0.1:8765/news/sport/x?a=1"
    assert canonicalize_url("/about", base) == "http://127.0.0.1:8765/about"
    assert canonicalize_url("//cdn.example.com/a", base) == "http://cdn.example.com/a"
    assert canonicalize_url("#top", base) == "http://127.0.0.1:8765/news/world/index.html"


def test_canonicalize_url_keeps_escapes_that_change_the_path():
    assert canonicalize_url("http://ex.com/a%2Fb/c") == "http://ex.com/a%2Fb/c"
    assert canonicalize_url("http://ex.com/100%25-sure") == "http://ex.com/100%25-sure"
    assert canonicalize_url("http://ex.com/what%3F") == "http://ex.com/what%3F"


def test_canonicalize_url_normalises_escapes_and_non_ascii_paths():
    assert canonicalize_url("http://ex.com/caf%c3%a9") == "http://ex.com/caf%C3%A9"
    assert canonicalize_url("http://ex.com/café") == "http://ex.com/caf%C3%A9"
    assert canonicalize_url("http://ex.com/%7Euser") == "http://ex.com/~user"
    assert canonicalize_url("http://ex.com/a b") == "http://ex.com/a%20b"


def test_canonicalize_url_is_idempotent():
    samples = [
        "http://ex.com/a%2Fb/caf%c3%a9?z=1&a=%2F#x",
        "https://www.example.com:443/p;jsessionid=1/x/?utm_source=a&id=3",
        "http://127.0.0.1:8765/a b?q=a+b",
    ]
    for url in samples:
        once = canonicalize_url(url)
        assert once is not None
        assert canonicalize_url(once) == once


# -- url_key --------------------------------------------------------------------------


def test_url_key_sorts_the_query():
    assert url_key("https://ex.com/a?b=2&a=1") == url_key("https://ex.com/a?a=1&b=2")
    assert url_key("https://ex.com/a?b=2&a=1") == "https://ex.com/a?a=1&b=2"


@pytest.mark.parametrize(
    "amp",
    [
        "https://ex.com/news/harbor-story?amp=1",
        "https://ex.com/news/harbor-story?outputType=amp",
        "https://ex.com/news/harbor-story/amp/",
        "https://ex.com/news/harbor-story/amp",
        "https://ex.com/news/harbor-story.amp",
    ],
)
def test_url_key_removes_amp_markers(amp):
    assert url_key(amp) == url_key("https://ex.com/news/harbor-story")


def test_url_key_keeps_words_that_merely_contain_amp():
    assert url_key("https://ex.com/news/summer-camp") == "https://ex.com/news/summer-camp"
    assert url_key("https://ex.com/news/x?amp=0") != url_key("https://ex.com/news/x")


def test_url_key_collapses_trailing_slash_scheme_and_www():
    variants = [
        "http://www.ex.com/news/story/",
        "https://ex.com/news/story",
        "https://WWW.EX.COM/news/story/?utm_source=x#top",
        "http://ex.com:80/news/story",
    ]
    assert {url_key(v) for v in variants} == {"https://ex.com/news/story"}
    assert url_key("https://ex.com/") == "https://ex.com/"


def test_url_key_keeps_ports_and_different_articles_apart():
    assert url_key(f"{SITE}/a") != url_key("http://127.0.0.1:8766/a")
    assert url_key(f"{SITE}/a") != url_key(f"{SITE}/b")
    assert url_key(f"{SITE}/a?id=1") != url_key(f"{SITE}/a?id=2")


# -- scope ----------------------------------------------------------------------------


def test_domain_rule_reads_hosts_ports_and_urls():
    assert domain_rule("127.0.0.1:8765") == ("127.0.0.1", 8765)
    assert domain_rule("News.Example.com") == ("news.example.com", None)
    assert domain_rule(".example.com") == ("example.com", None)
    assert domain_rule("https://news.example.com/section/") == ("news.example.com", None)
    assert domain_rule("http://localhost:8080/") == ("localhost", 8080)


def test_in_scope_matches_host_and_port():
    rules = [domain_rule("127.0.0.1:8765")]
    assert in_scope("http://127.0.0.1:8765/a", rules)
    assert in_scope("https://127.0.0.1:8765/a", rules)
    assert not in_scope("http://127.0.0.1:8766/a", rules)
    assert not in_scope("http://127.0.0.1/a", rules)
    assert not in_scope("http://127.0.0.2:8765/a", rules)


def test_in_scope_includes_subdomains_but_not_lookalikes():
    rules = [domain_rule("example.com")]
    assert in_scope("https://example.com/a", rules)
    assert in_scope("https://news.example.com/a", rules)
    assert in_scope("https://a.b.example.com:8443/a", rules)
    assert not in_scope("https://badexample.com/a", rules)
    assert not in_scope("https://example.com.evil.net/a", rules)
    assert not in_scope("mailto:x@example.com", rules)
    assert not in_scope("https://example.org/a", [])


# -- URL shapes -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "number"),
    [
        ("https://ex.com/news/page/3/", 3),
        ("https://ex.com/news/page/12", 12),
        ("https://ex.com/news?page=2", 2),
        ("https://ex.com/news?sort=new&paged=4", 4),
        ("https://ex.com/news/2024/05/17/story", None),
        ("https://ex.com/news/pages-of-history", None),
        # the pages of one item's view: an article's page=1 back-link, its page 2
        ("https://ex.com/article.php?id=48213&page=1", None),
        ("https://ex.com/view.asp?itemid=5521&page=2", None),
        # a category or a thread keeps its pages
        ("https://ex.com/index.php?view=category&catid=5&page=2", 2),
        ("https://ex.com/forum/viewtopic.php?t=5&page=2", 2),
    ],
)
def test_pagination_number_reads_page_paths_and_parameters(url, number):
    assert pagination_number(url) == number


def test_an_article_view_with_a_page_back_link_is_not_a_listing_by_its_url():
    url = "https://www.valeherald.co.uk/article.php?id=48213&page=1"
    assert not urls.is_listing_url(url)
    assert url_article_score(url) > 0


@pytest.mark.parametrize(
    "url",
    [
        "https://ex.com/2024/05/17/council-approves-harbor-budget",
        "https://ex.com/news/council-approves-harbor-budget-1234567.html",
        "https://ex.com/politics/mayor-wins-second-term",
        "https://ex.com/story/harbor-dredging-begins",
    ],
)
def test_url_article_score_is_positive_for_articles(url):
    assert url_article_score(url) > 0


@pytest.mark.parametrize(
    "url",
    [
        "https://ex.com/",
        "https://ex.com/tag/politics",
        "https://ex.com/tags/harbor/",
        "https://ex.com/section/world",
        "https://ex.com/category/sport",
        "https://ex.com/author/jane-doe",
        "https://ex.com/search?q=harbor",
        "https://ex.com/about",
        "https://ex.com/about-us",
        "https://ex.com/contact",
        "https://ex.com/page/2",
        "https://ex.com/news/page/2",
        "https://ex.com/world?page=3",
        "https://ex.com/world",
    ],
)
def test_url_article_score_is_negative_for_listings_and_utility_pages(url):
    assert url_article_score(url) < 0


def test_url_article_score_ranks_dated_slugs_above_bare_slugs():
    dated = url_article_score("https://ex.com/2024/05/17/council-approves-harbor-budget")
    bare = url_article_score("https://ex.com/council-approves-harbor-budget")
    assert dated > bare > 0


@pytest.mark.parametrize(
    ("url", "section"),
    [
        ("https://www.example.com/services/consulting", "service"),
        ("https://www.example.com/us/en/services.html", "service"),
        ("https://www.example.com/features/email/", "service"),
        ("https://www.example.com/c/hiking-boots", "shop"),
        ("https://www.example.com/browse/shoes/mens", "shop"),
        ("https://www.example.com/2025/03/14/council-services-cut", None),
        ("https://www.example.com/news/servicesector-slows", None),
    ],
)
def test_a_url_says_when_it_is_filed_under_what_a_business_offers(url, section):
    assert urls.offer_section(url) == section


@pytest.mark.parametrize(
    ("url", "section"),
    [
        ("https://forums.example.com/t/best-budget-headphones/40024", "forum"),
        ("https://community.example.org/topic/43227/kml-routes", "forum"),
        ("https://www.example.com/forum/viewtopic.php?f=20&t=487157", "forum"),
        ("https://unix.stackexchange.com/questions/780353/join-files", "forum"),
        ("https://discuss.example.org/d/2068-types-of-threads", "forum"),
        ("https://docs.example.com/engine/install/", "documentation"),
        ("https://www.example.org/docs/18/sql-select.html", "documentation"),
        ("https://www.example.com/community/tutorials/workflow-guide", None),
        ("https://developers.example.org/story/25/12/19/236259/grads", None),
        ("https://www.example.com/2025/03/14/docs-strike-ends", None),
    ],
)
def test_a_url_says_when_it_is_a_thread_or_a_manual_page(url, section):
    assert urls.reference_section(url) == section


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.example.com/Atomic-Habits/dp/0735211299", True),
        ("https://shop.example.com/product/4oz-cup/", True),
        ("https://store.example.com/app/730/Counter-Strike_2/", True),
        ("https://www.example.com/lighting/pdp/bread-stone-lamp", True),
        ("https://www.example.com/apps/best-budget-apps", False),
        ("https://www.example.com/2025/03/14/product-recall-widens", False),
    ],
)
def test_a_url_says_when_it_is_a_shops_product_page(url, expected):
    assert urls.is_product_path(url) is expected


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("https://ex.com/2026/11/story/?share=facebook&nb=1", "https://ex.com/2026/11/story/"),
        ("https://ex.com/2026/11/story/?share=x", "https://ex.com/2026/11/story/"),
        ("https://ex.com/2026/11/story/?share=jetpack-whatsapp", "https://ex.com/2026/11/story/"),
        ("https://ex.com/2026/11/story/?replytocom=42", "https://ex.com/2026/11/story/"),
        ("https://ex.com/?p=12&replytocom=7", "https://ex.com/?p=12"),
        ("https://ex.com/s/?like_comment=3&_wpnonce=ab12", "https://ex.com/s/"),
        # a share parameter that is not a button, and nb without share, are kept
        ("https://ex.com/doc?share=abc123", "https://ex.com/doc?share=abc123"),
        ("https://ex.com/list?nb=2", "https://ex.com/list?nb=2"),
    ],
)
def test_share_buttons_and_comment_actions_canonicalise_to_their_page(href, expected):
    assert canonicalize_url(href) == expected


def test_a_relative_link_to_a_bracketed_host_that_is_no_address_is_refused_not_raised():
    assert canonicalize_url("//[x]/y", "http://a.example/p") is None
    assert canonicalize_url("http://[x]/y") is None
