"""crawler.extraction.titles: the headline, from the visible h1 and the declared titles."""

from __future__ import annotations

import pytest

from crawler.extraction.titles import choose_title, clean_title
from tests.crawler.extraction.markup import meta_of, news_article, page

# -- title -----------------------------------------------------------------------------------


def test_the_visible_h1_wins_over_the_title_tag_and_its_site_suffix():
    m = meta_of(
        page(
            '<meta property="og:title" content="Council approves budget">',
            "<h1>Harbour council approves 41m flood budget</h1>",
            title="Council approves budget | The Quay Gazette",
        )
    )
    assert choose_title(m) == "Harbour council approves 41m flood budget"


def test_without_an_h1_the_title_tag_loses_its_site_suffix():
    m = meta_of(page(title="Harbour council approves flood budget | The Quay Gazette"))
    assert choose_title(m) == "Harbour council approves flood budget"


def test_a_site_name_h1_from_the_title_suffix_is_skipped():
    body = (
        '<header><h1 class="site-title"><a href="/">The Quay Gazette</a></h1></header>'
        '<article><h1 class="entry-title">Harbour council approves flood budget</h1></article>'
    )
    m = meta_of(page(body=body, title="Harbour council approves flood budget | The Quay Gazette"))
    assert m.h1 == "Harbour council approves flood budget"
    assert choose_title(m) == "Harbour council approves flood budget"


def test_a_site_name_h1_from_og_site_name_is_skipped():
    body = "<h1>Quay Gazette</h1><h1>Sea wall contract goes to local firm</h1>"
    head = '<meta property="og:site_name" content="Quay Gazette">'
    m = meta_of(page(head, body, title="Sea wall contract"))
    assert choose_title(m) == "Sea wall contract goes to local firm"


def test_a_blogs_name_in_the_h1_as_a_link_home_is_not_the_headline():
    # Blogger: the blog's name is the <h1> on every page, prefixing the title tag; the
    # post's title is an <h3>, and og:title says it.
    body = (
        "<h1 class='title'><a href='https://quayfriends.blogspot.com/'>Quay Friends</a></h1>"
        "<h3 class='post-title entry-title'>Harbour fair called off</h3>"
    )
    head = '<meta property="og:title" content="Harbour fair called off">'
    m = meta_of(page(head, body, title="Quay Friends: Harbour fair called off"))
    assert m.h1 is None
    assert choose_title(m) == "Harbour fair called off"


@pytest.mark.parametrize("href", ["/2025/03/14/sea-wall-contract/", "#", ""])
def test_a_headline_h1_that_links_to_its_story_or_nowhere_is_still_the_headline(href):
    body = f"<h1><a href='{href}'>Sea wall contract goes to local firm</a></h1>"
    m = meta_of(page(body=body, title="Sea wall contract goes to local firm | The Quay Gazette"))
    assert m.h1 == "Sea wall contract goes to local firm"


def test_a_line_break_in_the_h1_reads_as_a_space():
    m = meta_of(page(body="<h1>Top MBA Programs (US)<br>Your Guide</h1>", title="Top MBA Programs"))
    assert m.h1 == "Top MBA Programs (US) Your Guide"


def test_of_several_h1s_the_one_agreeing_with_the_title_is_the_headline():
    body = "<h1><a href='../'>Jane Roe</a>'s Folding Notes:</h1><h1>The Fold-and-Cut Problem</h1>"
    m = meta_of(page(body=body, title="The Fold-and-Cut Problem (Jane Roe)"))
    assert choose_title(m) == "The Fold-and-Cut Problem"


def test_a_date_that_the_theme_puts_inside_the_h1_is_not_part_of_the_headline():
    og = '<meta property="og:title" content="Preparing a transition in the harbour office">'
    body = "<h1><time>Dec 18 2025</time> Preparing a transition in the harbour office</h1>"
    m = meta_of(page(og, body, title="Preparing a transition in the harbour office | Blog"))
    assert choose_title(m) == "Preparing a transition in the harbour office"


def test_an_h1_that_lost_characters_to_a_bad_encoding_is_mended_from_og_title():
    og = '<meta property="og:title" content="Flood Planning: A Beginner\u2019s Guide">'
    m = meta_of(page(og, "<h1>Flood Planning? A Beginner? Guide</h1>"))
    assert choose_title(m) == "Flood Planning: A Beginner\u2019s Guide"


def test_an_h1_with_a_real_question_mark_is_kept_as_the_page_shows_it():
    og = '<meta property="og:title" content="Will the sea wall hold? Engineers doubt it">'
    m = meta_of(page(og, "<h1>Will the sea wall hold? Engineers doubt it</h1>"))
    assert choose_title(m) == "Will the sea wall hold? Engineers doubt it"


def test_an_h1_copying_the_title_tag_loses_the_section_and_site_parts():
    title = "How to help babies and toddlers sleep through the night | Patient Education | Quay"
    m = meta_of(page(body=f"<h1>{title}</h1>", title=title))
    assert choose_title(m) == "How to help babies and toddlers sleep through the night"


def test_an_h1_copying_the_title_tag_keeps_a_subtitle_after_a_dash():
    title = "The Language Death Spiral - How Small Languages Die"
    m = meta_of(page(body=f"<h1>{title}</h1>", title=title))
    assert choose_title(m) == title


def test_a_jsonld_headline_cut_at_110_characters_gives_way_to_the_whole_og_title():
    whole = (
        "Fix It Friday: Struggling With How To Arrange Your Living Room? We Help 4 Readers "
        "Find Solutions (Including One Trick That Works)"
    )
    head = (
        news_article(headline=whole[:110]) + f'<meta property="og:title" content="{whole} - Quay">'
    )
    m = meta_of(page(head, title=f"{whole} - Quay"))
    assert choose_title(m) == whole


def test_a_one_word_h1_is_not_a_headline():
    m = meta_of(page(body="<h1>News</h1>", title="Ferry timetable changes for winter - Quay"))
    assert m.h1 is None
    assert choose_title(m) == "Ferry timetable changes for winter"


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        (
            "Aero News :: Ferry timetable changes for winter",
            None,
            "Ferry timetable changes for winter",
        ),
        ("Ferry timetable changes :: Aero News", "Aero News", "Ferry timetable changes"),
        (
            "The Quay Gazette – Ferry timetable changes",
            "The Quay Gazette",
            "Ferry timetable changes",
        ),
        (
            "Ferry timetable changes for the winter » Local",
            None,
            "Ferry timetable changes for the winter",
        ),
        ("Ferry timetable changes", "The Quay Gazette", "Ferry timetable changes"),
        (None, "The Quay Gazette", None),
    ],
)
def test_clean_title_drops_site_names_around_separators(title, site, expected):
    assert clean_title(title, site) == expected


def test_a_domain_name_part_of_the_title_tag_is_the_site():
    assert clean_title("GAME CHANGER | Newegg.com", None) == "GAME CHANGER"
    assert clean_title("Perfect Privacy Review | TheBestVPN.com", None) == "Perfect Privacy Review"


def test_a_domain_name_before_the_title_without_a_separator_is_the_site():
    assert clean_title("davidbau.com Vibe Coding", None) == "Vibe Coding"
    assert clean_title("Vibe Coding on davidbau.com", None) == "Vibe Coding on davidbau.com"
    assert clean_title("Node.js 22 ships a new test runner", None) == (
        "Node.js 22 ships a new test runner"
    )
    assert clean_title("vue.js 4 drops the options API", None) == "vue.js 4 drops the options API"


def test_with_nothing_naming_the_site_the_first_part_of_a_title_is_the_headline():
    assert clean_title("Klatch Coffee | Shopify App Store", None) == "Klatch Coffee"
    # a one-word first part is more likely the site's name than a headline
    assert clean_title("Gazette | Ferry timetable changes for winter", None) == (
        "Ferry timetable changes for winter"
    )


def test_an_h1_in_capitals_gives_way_to_the_declared_title():
    head = '<meta property="og:title" content="GAAP Compliance: Applying Best Practices">'
    m = meta_of(page(head, "<h1>SUPPORTING GAAP COMPLIANCE</h1><p>Text.</p>"))
    assert choose_title(m) == "GAAP Compliance: Applying Best Practices"


def test_an_h1_in_capitals_is_kept_when_nothing_else_titles_the_page():
    html = "<html><head></head><body><h1>WEEKEND CODING AGENT</h1><p>Text.</p></body></html>"
    assert choose_title(meta_of(html)) == "WEEKEND CODING AGENT"


def test_an_og_title_that_is_the_site_name_does_not_overrule_the_h1():
    head = (
        '<meta property="og:title" content="Robomow">'
        '<meta property="og:site_name" content="Robomow">'
    )
    html = page(
        head,
        "<h1>Which robotic lawnmower is suitable for which lawn size?</h1>",
        title="Which robotic lawnmower is suitable for which lawn size? | Robomow",
    )
    assert choose_title(meta_of(html)) == "Which robotic lawnmower is suitable for which lawn size?"


def test_an_h1_sharing_only_a_topic_word_with_og_title_is_not_the_headline():
    head = '<meta property="og:title" content="How to write a (good) newsletter with AI">'
    html = page(head, "<h1>MarTech AI</h1><p>Text.</p>", title="Newsletter with AI")
    assert choose_title(meta_of(html)) == "How to write a (good) newsletter with AI"


def test_an_h1_sharing_only_stopwords_with_og_title_is_not_the_headline():
    head = '<meta property="og:title" content="Defer, Panic, and Recover">'
    html = page(head, "<h1>The Go Blog</h1>", title="Defer, Panic, and Recover")
    assert choose_title(meta_of(html)) == "Defer, Panic, and Recover"


def test_a_short_h1_agreeing_with_og_title_is_the_headline():
    head = '<meta property="og:title" content="Index Funds: How to Invest | Vanguard">'
    html = page(head, "<h1>Index funds explained</h1>", title="Index Funds | Vanguard")
    assert choose_title(meta_of(html)) == "Index funds explained"


def test_the_jsonld_headline_comes_before_og_title_when_there_is_no_h1():
    head = news_article(headline="Harbour council approves flood budget") + (
        '<meta property="og:title" content="Flood budget approved">'
    )
    assert choose_title(meta_of(page(head))) == "Harbour council approves flood budget"
