"""crawler.extraction.article: from the bytes of a page to an article, or why there is none."""

from __future__ import annotations

import codecs
import json
import signal
import time

import pytest
import trafilatura

import crawler.extract
import crawler.extraction.article as extract_module
from crawler.extraction import (
    ALL_RULES,
    DEFAULT_OPTIONS,
    EXTRACTOR_VERSION,
    ExtractOptions,
    extract,
    extract_article,
)
from crawler.extraction.limits import Budget, ExtractionTimeout

URL = "https://www.quaygazette.co.uk/2025/03/14/harbour-council-approves-flood-budget"
TITLE = "Harbour council approves flood budget"
PARAS = [
    "The Harbour Council voted seven to two on Tuesday night to approve a 41 million pound "
    "budget that doubles spending on flood defences along the eastern quay.",
    "Councillors who opposed the plan said the money would be better spent on the ageing ferry "
    "terminal, which closed twice last winter after storm damage to its pontoons.",
    "Work on the first section of the new sea wall is due to begin in April and should take "
    "about eighteen months, according to the council's chief engineer, Ruth Adeyemi.",
    "Residents of the eastern quay will be consulted on the route of the wall at a public "
    "meeting in the old customs house on the first Monday of March.",
]
PS = "".join(f"<p>{p}</p>" for p in PARAS)
MORE_PARAS = [
    "The harbour trust will pay a third of the cost from its reserves over ten years, and "
    "the rest comes from the council's capital budget and a grant from the flood agency.",
    "Fishing crews asked for the slipway to stay open during the works; the chief engineer "
    "said it would close for no more than six weeks, outside the mackerel season.",
]
PS_MORE = "".join(f"<p>{p}</p>" for p in MORE_PARAS)
# Stats that are not debris rules but say what extraction did.
EXTRA_STATS = {"completed_paragraphs", "recall_pass", "main_block_fallback"}


def ld(obj: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


NEWS_ARTICLE = ld(
    {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": TITLE,
        "datePublished": "2025-03-14T09:12:00Z",
        "author": {"@type": "Person", "name": "Ruth Adeyemi"},
        "publisher": {"@type": "NewsMediaOrganization", "name": "The Quay Gazette"},
    }
)


def article_page(head: str = NEWS_ARTICLE, body: str = PS, extra: str = "", lang="en") -> str:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{TITLE} | The Quay Gazette</title>{head}</head><body>"
        '<nav class="main-nav"><a href="/">Home</a> <a href="/news/">News</a></nav>'
        f"<article><h1>{TITLE}</h1>{body}</article>{extra}</body></html>"
    )


def lines(text: str) -> list[str]:
    return text.splitlines()


# -- a plain article -------------------------------------------------------------------------


def test_a_news_article_page_gives_its_text_and_metadata():
    article = extract_article(article_page(), URL)
    assert article is not None
    assert lines(article.text) == PARAS
    assert article.title == TITLE
    assert article.author == "Ruth Adeyemi"
    assert article.published == "2025-03-14T09:12:00Z"
    assert article.language == "en"
    assert article.sitename == "The Quay Gazette"
    assert article.url == URL
    assert article.canonical_url == URL


def test_the_extractor_signature_is_recorded_on_the_article():
    article = extract_article(article_page(), URL)
    assert article.extractor == DEFAULT_OPTIONS.signature()
    assert article.extractor.startswith(f"newsarchive/{EXTRACTOR_VERSION} ")
    assert f"trafilatura/{trafilatura.__version__}" in article.extractor
    assert f"favor_precision={DEFAULT_OPTIONS.favor_precision}" in article.extractor


def test_options_that_change_the_text_change_the_signature():
    opts = ExtractOptions(
        disabled_rules=frozenset({"share", "ads"}), complete_from_main_block=False
    )
    article = extract_article(article_page(), URL, opts)
    assert article.extractor.endswith(" complete=False debris_off=ads,share")
    assert article.extractor != DEFAULT_OPTIONS.signature()


def test_extract_reports_which_debris_rules_fired():
    extra = (
        '<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3>'
        '<a href="https://twitter.com/share">Twitter</a></div>'
        '<div id="comments" class="comments-area"><h2>One thought</h2><ol class="comment-list">'
        "<li><p>Finally some action on the quay after twenty years of talk.</p></li></ol></div>"
    )
    body = PS + "<p>Source link</p>"
    result = extract(article_page(body=body, extra=extra), URL)
    assert result.reason == "article"
    assert {"navigation", "share", "comments", "title_line", "leftover_lines"} <= set(result.stats)
    assert set(result.stats) <= set(ALL_RULES) | EXTRA_STATS
    assert all(isinstance(n, int) and n > 0 for n in result.stats.values())
    assert lines(result.article.text) == PARAS
    assert result.declared and result.dated and result.bylined


def test_a_debris_rule_switched_off_in_the_options_keeps_its_debris():
    body = PS + "<p>Source link</p>"
    opts = ExtractOptions(disabled_rules=frozenset({"leftover_lines"}))
    assert "Source link" not in extract_article(article_page(body=body), URL).text
    kept = extract(article_page(body=body), URL, opts)
    assert "Source link" in lines(kept.article.text)
    assert "leftover_lines" not in kept.stats


def test_extraction_is_deterministic():
    html = article_page(
        extra='<aside><h2>Most read</h2><a href="/a">Lifeboat crew honoured</a></aside>'
    )
    first = extract(html.encode("utf-8"), URL, http_charset="utf-8")
    second = extract(html.encode("utf-8"), URL, http_charset="utf-8")
    assert first == second
    assert first.article is not None
    assert first.stats == second.stats


# -- repeated paragraphs ---------------------------------------------------------------------


def test_a_body_repeated_for_desktop_and_mobile_appears_once():
    body = (
        f'<div class="article-body d-none d-md-block">{PS}</div>'
        f'<div class="article-body-mobile d-md-none">{PS}</div>'
    )
    result = extract(article_page(body=body), URL)
    assert result.reason == "article"
    for p in PARAS:
        assert result.article.text.count(p) == 1
    assert lines(result.article.text) == PARAS


def test_a_copy_of_the_body_outside_the_article_element_appears_once():
    article = extract_article(article_page(extra=f'<div class="amp-body">{PS}</div>'), URL)
    assert lines(article.text) == PARAS


def test_an_article_after_a_stray_closing_html_tag_is_extracted():
    # A theme closed the document after its header; browsers show the rest in the body.
    header = '<header class="site-header"><a href="/">The Quay Gazette</a></header>'
    html = article_page(body="").replace("</body></html>", f"{header}</body></html>", 1)
    html += f'\n<div class="post"><div id="blog-content">{PS}</div></div></body></html>'
    result = extract(html, URL)
    assert result.reason == "article"
    assert lines(result.article.text) == PARAS


# -- encodings -------------------------------------------------------------------------------

LATIN = [
    "Über die Brücke kamen am Montag mehr als zweihundert Radfahrer, um gegen die geplante "
    "Schließung des alten Cafés am Hafen zu protestieren.",
    "Der Besitzer des Hafencafé Møller sagte, die Miete habe sich in drei Jahren verdoppelt und er "
    "sehe keine Zukunft mehr für das Geschäft.",
    "Die Stadtverwaltung will im Frühjahr über einen Zuschuss für kleine Läden in der Altstadt "
    "entscheiden, teilte eine Sprecherin mit.",
]
LATIN_URL = "https://www.hafenblatt.dk/2006/10/14/protest-gegen-schliessung-des-hafencafes.html"


def latin_page(head: str = "") -> str:
    ps = "".join(f"<p>{p}</p>" for p in LATIN)
    return (
        f'<html lang="de"><head>{head}<title>Protest am Hafen</title>'
        '<meta property="og:type" content="article"></head><body><table width="100%"><tr><td>'
        f"<h1>Protest gegen Schließung des Hafencafés</h1>{ps}</td></tr></table></body></html>"
    )


def test_a_latin1_page_with_its_charset_only_in_the_http_header_keeps_its_letters():
    result = extract(latin_page().encode("latin-1"), LATIN_URL, http_charset="iso-8859-1")
    assert result.reason == "article"
    assert "über" in result.article.text
    assert "café" in result.article.text
    assert lines(result.article.text) == LATIN
    assert result.article.title == "Protest gegen Schließung des Hafencafés"
    assert result.encoding_source == "http"


def test_a_latin1_page_with_no_charset_anywhere_is_not_read_as_cp775():
    result = extract(latin_page().encode("latin-1"), LATIN_URL)
    assert result.encoding != "cp775"
    assert "über" in result.article.text
    assert "Über die Brücke" in result.article.text
    assert "\ufffd" not in result.article.text


def test_a_utf8_page_labelled_iso_8859_1_by_the_server_decodes_as_utf8():
    body = latin_page('<meta charset="utf-8">').encode("utf-8")
    result = extract(body, LATIN_URL, http_charset="ISO-8859-1")
    assert result.encoding == "utf-8"
    assert "über" in result.article.text
    assert "Ã¼" not in result.article.text
    assert lines(result.article.text) == LATIN


def test_a_utf8_page_with_a_bom_decodes_without_the_bom():
    body = codecs.BOM_UTF8 + latin_page().encode("utf-8")
    result = extract(body, LATIN_URL, http_charset="windows-1252")
    assert (result.encoding, result.encoding_source) == ("utf-8", "bom")
    assert lines(result.article.text) == LATIN
    assert "\ufeff" not in result.article.text
    assert "\ufeff" not in (result.article.title or "")


# -- pages that are not articles -------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>", b"\x89PNG\r\n\x1a\n\x00\x00"],
    ids=["pdf", "png"],
)
def test_a_binary_body_is_not_html(body):
    result = extract(body, URL)
    assert result.article is None
    assert result.reason == "not_html"
    assert extract_article(body, URL) is None


def test_a_json_body_is_not_html_and_an_empty_body_is_empty():
    assert extract(b'{"headline": "Harbour budget"}', URL).reason == "not_html"
    assert extract(b"  \n ", URL).reason == "empty"


def teaser_front() -> str:
    teasers = "".join(
        f'<article class="teaser"><h2><a href="/2025/03/{10 + i}/harbour-story-{i}">Harbour story '
        f"number {i} makes the news today</a></h2><p>A short summary of story {i} for the front "
        "page of the Gazette, with a few words more.</p></article>"
        for i in range(10)
    )
    return (
        "<html><head><title>The Quay Gazette</title></head><body>"
        f'<nav><a href="/">Home</a></nav><main>{teasers}</main></body></html>'
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://www.quaygazette.co.uk/",
        "https://www.quaygazette.co.uk/category/news/page/2/",
        "https://www.quaygazette.co.uk/2025/03/",
    ],
)
def test_a_home_page_a_numbered_page_and_an_archive_are_not_articles_by_url(url):
    result = extract(teaser_front(), url)
    assert result.article is None
    assert result.reason == "non_article_url"


def test_an_article_view_with_a_page_back_link_in_its_query_is_an_article():
    # A legacy CMS's view script: the item id names the story; page=1 is its first page.
    url = "https://www.valeherald.co.uk/article.php?id=48213&page=1"
    assert extract(article_page(), url).reason == "article"


def test_a_privacy_page_is_not_an_article_however_long():
    url = "https://www.quaygazette.co.uk/privacy-policy/"
    result = extract(article_page(head="", body=PS + PS_MORE), url)
    assert result.article is None
    assert result.reason == "non_article_url"


@pytest.mark.parametrize("path", ["/tag/flooding/", "/topics/harbour/", "/events/quay/"])
def test_a_named_hub_of_teasers_is_a_listing(path):
    result = extract(teaser_front(), "https://www.quaygazette.co.uk" + path)
    assert result.article is None
    assert result.reason == "listing_page"


def _must_not_run(*args, **kwargs):
    raise AssertionError("ran on a page already refused")


@pytest.mark.parametrize("path", ["/tag/flooding/", "/topics/harbour/"])
def test_a_hub_of_teasers_is_refused_before_the_debris_rules_and_trafilatura(path, monkeypatch):
    # A crawl fetches many tag and section fronts: judging them costs little when their
    # teasers are seen before the page is pruned and extracted.
    monkeypatch.setattr(extract_module, "_article_text", _must_not_run)
    monkeypatch.setattr(extract_module, "read_visible_meta", _must_not_run)
    result = extract(teaser_front(), "https://www.quaygazette.co.uk" + path)
    assert result.reason == "listing_page"


def test_a_page_refused_by_its_url_is_refused_before_its_visible_metadata_is_read(monkeypatch):
    monkeypatch.setattr(extract_module, "read_visible_meta", _must_not_run)
    monkeypatch.setattr(extract_module, "_article_text", _must_not_run)
    result = extract(teaser_front(), "https://www.quaygazette.co.uk/category/news/page/2/")
    assert result.reason == "non_article_url"


def test_a_jsonld_article_under_a_hub_prefix_is_not_refused_for_its_teasers():
    # Related-story teasers under a declared article: JSON-LD is believed.
    head = ld({"@type": "NewsArticle", "headline": TITLE})
    teasers = teaser_front().split("<main>")[1].split("</main>")[0]
    html = article_page(head=head, body=PS + PS_MORE + teasers)
    result = extract(html, "https://www.quaygazette.co.uk/topics/harbour/flood-defences")
    assert result.reason == "article"


def test_a_guide_filed_under_a_hub_prefix_is_judged_by_its_text():
    url = "https://www.quaygazette.co.uk/topics/harbour/flood-defences"
    result = extract(article_page(head="", body=PS + PS_MORE), url)
    assert result.reason == "article"
    assert lines(result.article.text) == PARAS + MORE_PARAS


def test_a_declared_article_under_a_hub_prefix_needs_only_an_articles_words():
    # og:type=article and a three-word slug: an article's URL, not the hub's, so its
    # four paragraphs (about 115 words) are enough; a hub front would need 150.
    head = '<meta property="og:type" content="article">'
    url = "https://www.quaygazette.co.uk/topics/harbour/flood-wall-plans"
    result = extract(article_page(head=head, body=PS), url)
    assert result.reason == "article"
    assert lines(result.article.text) == PARAS


def test_a_run_of_teasers_at_an_article_like_url_is_a_listing():
    result = extract(teaser_front(), "https://www.quaygazette.co.uk/flooding-news-from-the-quay")
    assert result.article is None
    assert result.reason == "listing_page"


def test_a_jsonld_video_object_page_is_not_an_article():
    head = ld(
        {
            "@context": "https://schema.org",
            "@type": "VideoObject",
            "name": "Watch: the harbour council vote",
            "uploadDate": "2025-03-14",
        }
    )
    result = extract(article_page(head=head), URL)
    assert result.article is None
    assert result.reason == "not_an_article_type"


def test_a_jsonld_collection_page_is_a_listing():
    head = ld({"@type": "CollectionPage", "name": "Flooding"})
    result = extract(article_page(head=head), "https://www.quaygazette.co.uk/flooding-coverage")
    assert result.article is None
    assert result.reason == "listing_page"


def test_an_undeclared_page_with_too_little_text_is_too_short():
    html = "<html><body><p>The ferry runs on Sundays again.</p></body></html>"
    result = extract(html, "https://www.quaygazette.co.uk/ferry-sundays")
    assert result.article is None
    assert result.reason == "too_short"


def test_a_short_undeclared_post_at_a_dated_address_is_an_article():
    # A blog brief of some fifty words: its address is dated (/2012/05/31/slug), which a
    # product, a forum thread or a service page never is; at an undated address it is not.
    body = (
        "<p>The harbour committee met on Thursday evening and agreed to open the eastern "
        "quay to small fishing boats from June. Residents asked for a second meeting about "
        "parking near the ferry terminal, and the chair promised one before the summer "
        "timetable starts. Minutes will be posted on the noticeboard by the library.</p>"
    )
    html = f"<html><head><title>Quay opens</title></head><body>{body}</body></html>"
    dated = "https://blog.quaygazette.co.uk/2012/05/31/quay-opens-to-small-boats/"
    article = extract_article(html, dated)
    assert article is not None
    assert "eastern quay" in article.text
    undated = extract(html, "https://blog.quaygazette.co.uk/quay-opens-to-small-boats/")
    assert undated.reason == "too_short"
    # Dated to the month only, as events are filed (/whats-on/2025/04/<slug>), the page
    # must declare its date to count as a post: Blogger's <abbr itemprop=datePublished>.
    month = "https://blog.quaygazette.co.uk/2012/05/quay-opens-to-small-boats.html"
    assert extract(html, month).reason == "too_short"
    stamp = '<abbr itemprop="datePublished" title="2012-05-31T18:42:00+01:00">18:42</abbr>'
    declared = html.replace("</body>", f"<p>Posted at {stamp}</p></body>")
    article = extract_article(declared, month)
    assert article is not None and article.published.startswith("2012-05-31")


def test_a_paywalled_article_with_a_short_teaser_is_still_an_article():
    head = ld({"@type": "NewsArticle", "headline": TITLE, "isAccessibleForFree": False})
    article = extract_article(article_page(head=head, body=f"<p>{PARAS[0]}</p>"), URL)
    assert article is not None
    assert lines(article.text) == [PARAS[0]]


# -- dates -----------------------------------------------------------------------------------


def test_an_impossible_jsonld_date_gives_no_published_date():
    head = ld({"@type": "NewsArticle", "headline": TITLE, "datePublished": "2025-02-30T09:12:00Z"})
    # The URL carries a date: htmldate would find it, but an impossible declared date is final.
    result = extract(article_page(head=head), URL)
    assert result.reason == "article"
    assert result.article.published is None
    assert lines(result.article.text) == PARAS


def test_a_page_without_declared_dates_gets_htmldates_answer():
    head = ld({"@type": "NewsArticle", "headline": TITLE})
    article = extract_article(article_page(head=head), URL)
    assert article.published == "2025-03-14"


def test_a_section_front_that_claims_og_type_article_is_still_a_listing():
    teasers = "".join(
        f"<article class='teaser'><h2>"
        f"<a href='/world/2025/03/{i:02d}/story-number-{i}-about-the-port'>"
        f"Port authority story number {i} about the harbour works</a></h2>"
        f"<p>A short summary of story {i}: the council met and discussed item {i}.</p></article>"
        for i in range(12)
    )
    html = (
        "<!doctype html><html lang='en'><head><title>World | Port Gazette</title>"
        "<meta property='og:type' content='article'></head><body><h1>World</h1>"
        f"<main>{teasers}</main></body></html>"
    )
    result = extract(html, "https://portgazette.example/world/")
    assert result.article is None
    assert result.reason == "listing_page"


def test_nul_and_control_characters_never_reach_the_corpus_and_text_is_nfc():
    body = "".join(
        f"<p>Caf\u0065\u0301 owners on the island met again\x00 on day {i}\x07 to discuss the"
        f" ferry timetable and the winter season, said the chairwoman of the association.</p>"
        for i in range(8)
    )
    html = (
        "<!doctype html><html lang='en'><head><title>Caf\u0065\u0301s\x01 brace for winter</title>"
        "<meta property='og:type' content='article'></head>"
        f"<body><article><h1>Caf\u0065\u0301s brace for winter</h1>{body}</article></body></html>"
    )
    art = extract_article(html, "https://example.org/news/2024/10/cafes-brace-for-winter")
    assert art is not None
    for value in (art.text, art.title):
        assert "\x00" not in value and "\x07" not in value and "\x01" not in value
        assert "Caf\u00e9" in value and "e\u0301" not in value


# -- the per-document time budget ---------------------------------------------------------------


def test_a_budget_that_runs_out_inside_a_library_catching_exception_still_stops_the_page():
    # htmldate wraps its search in ``except Exception``: an ExtractionTimeout that was an
    # Exception died there, and a 1 s budget let a hostile page run for 25 s.
    started = time.monotonic()
    with pytest.raises(ExtractionTimeout), Budget(0.2):
        while time.monotonic() - started < 5:
            try:
                sum(range(1000))
            except Exception:  # noqa: BLE001, S110 - what the library does
                pass
    assert time.monotonic() - started < 2


def test_a_budget_raise_lost_once_is_raised_again():
    # A C callback (lxml's element lookup) can lose an exception raised inside it.
    started = time.monotonic()
    lost = 0
    with pytest.raises(ExtractionTimeout), Budget(0.2):
        while time.monotonic() - started < 0.6:
            # The loop's own test inside the try too: the first raise (at 0.2 s) cannot
            # land outside it and escape uncounted, as one did in a CI run.
            try:
                while time.monotonic() - started < 0.6:
                    sum(range(1000))
            except ExtractionTimeout:
                lost += 1
        while time.monotonic() - started < 5:
            sum(range(1000))
    assert lost >= 1
    assert time.monotonic() - started < 2


def test_a_budget_raise_landing_while_the_budget_closes_still_stops_the_timer(monkeypatch):
    # The timer repeats every 0.1 s; one raise can land in __exit__ before the timer is
    # stopped. Simulated here by the stopping call raising once, as the signal would.
    real = signal.setitimer
    raised = []

    def setitimer(which, seconds, interval=0.0):
        if seconds == 0 and not raised:
            raised.append(1)
            raise ExtractionTimeout
        return real(which, seconds, interval)

    monkeypatch.setattr(signal, "setitimer", setitimer)
    before = signal.getsignal(signal.SIGALRM)
    with Budget(30):
        pass
    assert raised == [1]
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is before


def test_the_contract_import_path_is_the_extractor_itself():
    # Outside checks call crawler.extract.extract_article(html, url): it must be the same
    # function the crawl runs, not a copy that could drift.
    assert crawler.extract.extract_article is extract_article
    article = crawler.extract.extract_article(article_page(), URL)
    assert article is not None and article.title == TITLE


# -- what a page declares, and what it embeds ------------------------------------------------

DATED_OG_ARTICLE = (
    '<meta property="og:type" content="article">'
    '<meta property="article:published_time" content="2025-03-14T09:12:00Z">'
)


@pytest.mark.parametrize("embedded", ["VideoObject", "Event", "Product", "Recipe"])
def test_a_dated_og_article_whose_jsonld_describes_only_what_it_embeds_is_an_article(embedded):
    # News plugins describe the video a story embeds, the event it reports, the product a
    # review reviews, without declaring the story itself.
    head = DATED_OG_ARTICLE + ld({"@context": "https://schema.org", "@type": embedded, "name": "x"})
    result = extract(article_page(head=head), "https://www.quaygazette.co.uk/news/harbour-vote")
    assert result.reason == "article"
    assert result.article is not None and result.article.published.startswith("2025-03-14")


@pytest.mark.parametrize(
    "head",
    [
        '<meta property="og:type" content="product">' + ld({"@type": "Product", "name": "Kettle"}),
        # og:type article alone is not enough: many themes put it on every page
        '<meta property="og:type" content="article">' + ld({"@type": "Product", "name": "Kettle"}),
    ],
)
def test_a_product_page_that_declares_no_publication_is_not_an_article(head):
    result = extract(article_page(head=head), "https://www.quaygazette.co.uk/shop/kettle")
    assert result.article is None
    assert result.reason == "not_an_article_type"


def test_an_xhtml_page_with_an_xml_declaration_is_extracted():
    html = '<?xml version="1.0" encoding="UTF-8"?>\n' + article_page()
    result = extract(html.encode("utf-8"), URL)
    assert result.article is not None and result.article.title == TITLE


def test_the_words_after_a_comment_inside_a_paragraph_are_kept():
    # Server-rendered React writes <!-- --> between text it rendered in pieces.
    body = PS.replace("on Tuesday night", "on <!-- -->Tuesday<!-- --> night", 1)
    article = extract_article(article_page(body=body), URL)
    assert article is not None
    assert PARAS[0] in article.text.splitlines()


def test_a_guides_table_of_contents_does_not_make_it_a_listing():
    sections = [
        ("cost", "What the new sea wall will cost"),
        ("route", "Where the wall will run along the quay"),
        ("works", "When the works start and how long they take"),
        ("ferry", "What happens to the ferry terminal meanwhile"),
        ("consult", "How residents of the quay can have their say"),
    ]
    toc = (
        "<nav class='toc'><ul>"
        + "".join(f"<li><a href='#{key}'>{title}</a></li>" for key, title in sections)
        + "</ul></nav>"
    )
    body = toc + "".join(
        f"<h2 id='{key}'>{title}</h2><p>{PARAS[i % len(PARAS)]}</p><p>{MORE_PARAS[i % 2]}</p>"
        for i, (key, title) in enumerate(sections)
    )
    result = extract(
        article_page(head="", body=body), "https://www.quaygazette.co.uk/guide-sea-wall"
    )
    assert result.reason == "article"
    for _key, title in sections:
        assert title in result.article.text


def test_a_list_of_links_after_the_story_does_not_make_it_a_listing():
    # "More on the award" links after the body: a listing's teasers start at its top.
    links = [
        ("/award", "Information and criteria of the harbour design award"),
        ("/finance", "Information about the council's finance committee"),
        ("/ferry", "Information about the ferry company and its timetable"),
        ("/logo", "The award's logo and press pictures to download"),
        ("/jury", "Who sits on the jury of the harbour design award"),
        ("/winners", "The winners of the harbour design award since 2010"),
        ("/quay", "A history of the eastern quay and its warehouses"),
        ("/wall", "How the sea wall will be built, section by section"),
    ]
    more = "".join(f"<p><a href='{h}'>{t}</a></p>" for h, t in links)
    body = PS + "".join(f"<p>{p}</p>" for p in MORE_PARAS) + more
    url = "https://www.quaygazette.co.uk/harbour-design-award-goes-to-the-quay"
    result = extract(article_page(head="", body=body), url)
    assert result.reason == "article"
    assert PARAS[0] in result.article.text
    # The same links over short excerpts from the top of the page are a front's teasers.
    front = "".join(
        f"<h2><a href='{h}'>{t}</a></h2><p>{PARAS[i % len(PARAS)]}</p>"
        for i, (h, t) in enumerate(links)
    )
    assert extract(article_page(head="", body=front), url).reason == "listing_page"


# -- pages built as something else ------------------------------------------------------------


def _plain_page(body: str, head: str = "") -> str:
    return (
        f"<html><head><title>Kettle Island</title>{head}</head><body>"
        f"<h1>Kettle Island</h1>{body}</body></html>"
    )


DOCS_BODY = "".join(
    f"<h2>Step {i}</h2><p>{PARAS[i % 4]}</p><pre><code>harbour --step {i}</code></pre>"
    for i in range(12)
)


def test_a_page_of_code_that_shows_no_date_or_author_is_documentation():
    # Not under a docs host or section: the code alone says what it is.
    result = extract(_plain_page(DOCS_BODY), "https://www.quaygazette.co.uk/cli/harbour-steps")
    assert result.article is None
    assert result.reason == "documentation_page"


@pytest.mark.parametrize(
    ("url", "head"),
    [
        ("https://www.quaygazette.co.uk/2025/03/14/harbour-steps", ""),  # a dated post
        ("https://www.quaygazette.co.uk/harbour-steps", '<meta name="author" content="Ruth Ade">'),
        (
            "https://www.quaygazette.co.uk/harbour-steps",
            '<meta property="article:published_time" content="2025-03-14">',
        ),
    ],
)
def test_a_post_with_code_that_says_when_or_by_whom_is_an_article(url, head):
    assert extract(_plain_page(DOCS_BODY, head), url).reason == "article"


SHOP_BODY = (
    "".join(f"<p>{p}</p>" for p in PARAS)
    + "".join(
        f"<div class='product-card'><span class='price'>\u00a3{12 + i}.99</span>"
        f"<button class='add-to-cart'>Add to cart</button></div>"
        for i in range(5)
    )
    + "<p>In stock. Free delivery over \u00a350.</p>"
)


def test_a_page_of_prices_and_cart_buttons_is_a_product_page():
    result = extract(_plain_page(SHOP_BODY), "https://shop.quaygazette.co.uk/kettles")
    assert result.reason == "product_page"


def test_a_signed_story_with_a_shop_rail_is_still_an_article():
    head = '<meta name="author" content="Ruth Adeyemi">'
    url = "https://www.quaygazette.co.uk/2025/03/14/kettles"
    assert extract(_plain_page(SHOP_BODY, head), url).reason == "article"


def _thread(posts: int) -> str:
    return "".join(
        f"<div class='post'><span class='user'>user{i}</span> Joined: 2019 "
        f"<time datetime='2025-03-{10 + i:02d}'>March {10 + i}</time><p>{PARAS[i % 4]}</p>"
        f"<a href='#r{i}'>Reply</a> <a href='#q{i}'>Quote</a></div>"
        for i in range(posts)
    )


def test_a_thread_of_timestamped_posts_with_replies_is_a_forum_page():
    result = extract(_plain_page(_thread(6)), "https://www.quaygazette.co.uk/ferry-times-chat")
    assert result.reason == "forum_page"


def test_a_declared_article_with_a_comment_thread_is_still_an_article():
    head = NEWS_ARTICLE
    assert extract(article_page(head=head, extra=_thread(6)), URL).reason == "article"


@pytest.mark.parametrize(
    "head",
    [
        ld({"@type": "QAPage", "name": "When does the ferry run?"}),
        ld({"@type": "DiscussionForumPosting", "headline": "Ferry times"}),
        ld({"@type": "ProductGroup", "name": "Kettles"}),
        ld({"@type": "Service", "name": "Harbour tours"}),
    ],
)
def test_a_page_that_declares_a_forum_thread_a_question_a_product_family_or_a_service(head):
    # What the page is, whatever else it claims: a dated og:article does not rescue it.
    result = extract(article_page(head=DATED_OG_ARTICLE + head), URL)
    assert result.reason == "not_an_article_type"


@pytest.mark.parametrize("kind", ["TechArticle", "APIReference"])
def test_a_page_that_declares_only_a_manuals_article_type_is_documentation(kind):
    head = ld({"@type": kind, "headline": "Configure the harbour gate controller"})
    result = extract(article_page(head=head), URL)
    assert result.reason == "documentation_page"
    # A story that says so too (og:type=article, or a BlogPosting beside it) is kept.
    og = '<meta property="og:type" content="article">'
    assert extract(article_page(head=head + og), URL).reason == "article"
    blog = ld({"@type": "BlogPosting", "headline": "How we built the gate controller"})
    assert extract(article_page(head=head + blog), URL).reason == "article"


@pytest.mark.parametrize("og_type", ["product.item", "book"])
def test_a_page_whose_og_type_is_a_product_or_a_book_is_not_an_article(og_type):
    # og:type=book: a book's page, or a chapter of a manual written as a book (mdBook).
    head = f'<meta property="og:type" content="{og_type}">'
    assert extract(article_page(head=head), URL).reason == "not_an_article_type"


def test_an_undeclared_story_with_a_timestamped_comment_thread_is_an_article():
    # WordPress without an SEO plugin declares nothing; its comments are timestamped posts
    # with Reply links too, but they sit in the comment section, not the page.
    comments = f"<div id='comments'><ol class='comment-list'>{_thread(6)}</ol></div>"
    body = "".join(f"<p>{p}</p>" for p in PARAS + MORE_PARAS) + comments
    url = "https://www.quaygazette.co.uk/harbour-budget-approved/"
    assert extract(_plain_page(body), url).reason == "article"


# -- pages filed where a site keeps threads, manuals and what it sells -------------------------

STORY_BODY = "".join(f"<p>{p}</p>" for p in PARAS + MORE_PARAS)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://forum.quaygazette.co.uk/t/ferry-timetable-changes/4412", "forum_page"),
        ("https://www.quaygazette.co.uk/viewtopic.php?f=4&t=167", "forum_page"),
        ("https://www.quaygazette.co.uk/threads/ferry-timetable.230143/", "forum_page"),
        ("https://sailing.stackexchange.com/questions/10376/when-does-the-ferry-run", "forum_page"),
        ("https://docs.quaygazette.co.uk/cli/harbour-steps", "documentation_page"),
        ("https://www.quaygazette.co.uk/docs/handbook/harbour-steps", "documentation_page"),
    ],
)
def test_a_thread_or_a_manual_page_is_refused_by_where_it_is_filed(url, reason):
    # Forum software and docs generators declare og:type=article on every page.
    head = '<meta property="og:type" content="article">'
    result = extract(_plain_page(STORY_BODY, head), url)
    assert (result.article, result.reason) == (None, reason)


def test_a_news_story_filed_under_a_forum_section_is_still_an_article():
    # A page that declares a news article or a blog post is one, wherever it is filed.
    head = ld({"@type": "NewsArticle", "headline": "Kettle Island", "datePublished": "2025-03-14"})
    url = "https://www.quaygazette.co.uk/forum/ferry-timetable-changes"
    assert extract(_plain_page(STORY_BODY, head), url).reason == "article"


@pytest.mark.parametrize(
    "url",
    [
        "https://www.quaygazette.co.uk/services/harbour-tours",
        "https://www.quaygazette.co.uk/en/solutions/berth-booking/",
        "https://www.quaygazette.co.uk/departments/building-control",
        "https://www.quaygazette.co.uk/services.html",
    ],
)
def test_an_unsigned_undated_page_filed_under_services_is_a_service_page(url):
    result = extract(_plain_page(STORY_BODY), url)
    assert (result.article, result.reason) == (None, "service_page")


@pytest.mark.parametrize(
    "head",
    [
        '<meta name="author" content="Ruth Adeyemi">',
        '<meta property="article:published_time" content="2025-03-14">',
    ],
)
def test_a_signed_or_dated_feature_under_such_a_section_is_an_article(head):
    # "/features/" is a newspaper's section too: a story there names its writer or its day.
    url = "https://www.quaygazette.co.uk/features/harbour-tours-return"
    assert extract(_plain_page(STORY_BODY, head), url).reason == "article"


def test_a_shop_category_with_prices_is_a_listing_and_a_shop_story_is_not():
    prices = "".join(f"<p>Kettle {i}: \u00a3{20 + i}.99</p>" for i in range(3))
    url = "https://www.quaygazette.co.uk/c/kettles"
    assert extract(_plain_page(STORY_BODY + prices), url).reason == "listing_page"
    assert extract(_plain_page(STORY_BODY), url).reason == "article"


CART_BODY = STORY_BODY + "".join(
    f"<div class='buy-box'><span class='price'>\u00a3{19 + i}.99</span>"
    f"<button class='add-to-cart'>Add to cart</button></div>"
    for i in range(6)
)


def test_a_product_address_with_a_cart_is_a_product_page_whatever_it_declares():
    # A shop declares og:article; the book's author and release date are the product's.
    head = (
        '<meta property="og:type" content="article"><meta name="author" content="James Clear">'
        '<meta property="article:published_time" content="2018-10-16">'
    )
    url = "https://www.quaygazette.co.uk/Atomic-Habits/dp/0735211299"
    assert extract(_plain_page(CART_BODY, head), url).reason == "product_page"


def test_a_review_under_a_product_address_without_a_cart_is_an_article():
    head = '<meta name="author" content="Ruth Adeyemi">'
    url = "https://www.quaygazette.co.uk/reviews/product/kettle-k2"
    assert extract(_plain_page(STORY_BODY, head), url).reason == "article"


# -- consent walls ------------------------------------------------------------------------

CONSENT_NOTICE = (
    "<h1>We value your privacy</h1>"
    "<p>We and our 842 partners store and/or access information on a device, such as cookies,"
    " and process personal data, such as unique identifiers and standard information sent by"
    " a device for personalised advertising and content, advertising and content measurement,"
    " audience research and services development.</p>"
    "<p>With your permission we and our partners may use precise geolocation data and"
    " identification through device scanning. You may click to consent to our and our 842"
    " partners' processing as described above. Alternatively you may click to refuse to"
    " consent or access more detailed information and change your preferences before"
    " consenting.</p>"
    "<p>Please note that some processing of your personal data may not require your consent,"
    " but you have a right to object to such processing on the basis of legitimate"
    " interest. Your preferences will apply to this website only. You can change your"
    " preferences or withdraw your consent at any time by returning to this site and"
    " clicking the Privacy settings link at the bottom of the page.</p>"
    "<p>Some vendors may process your data without asking for your consent. Read our privacy"
    " policy and cookie policy to learn more about how your data is used.</p>"
    "<form><button>Accept all</button> <button>Reject all</button>"
    " <button>Manage options</button></form>"
)


def test_a_consent_wall_in_place_of_the_article_is_refused_whatever_the_head_declares():
    got = extract(article_page(body=CONSENT_NOTICE), URL)
    assert got.article is None and got.reason == "consent_wall"


def test_an_article_about_cookie_consent_rules_is_still_an_article():
    body = (
        PS
        + (
            "<p>The regulator said banners must offer a reject all button as prominent as"
            " accept all, and that cookies for personalised advertising need consent.</p>"
            "<p>Publishers told the council the rule would cost them a fifth of their"
            " advertising revenue, and asked for a year to adapt their privacy policy.</p>"
        )
        + PS_MORE
    )
    got = extract(article_page(body=body), URL)
    assert got.article is not None, got.reason
    assert "reject all button" in got.article.text
