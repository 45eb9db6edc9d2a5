"""crawler.metadata: title, author, dates and language from what a page declares."""

from __future__ import annotations

import json

import pytest

from crawler.metadata import (
    choose_author,
    choose_published,
    choose_title,
    clean_byline,
    clean_title,
    name_like,
    parse_date,
    parse_html,
    read_page_meta,
)

URL = "https://www.quaygazette.co.uk/news/harbour-council-approves-flood-budget"


def ld(obj: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def page(head: str = "", body: str = "", *, title: str = "Harbour budget | The Quay Gazette"):
    return f"<html><head><title>{title}</title>{head}</head><body>{body}</body></html>"


def meta_of(html: str, url: str = URL):
    return read_page_meta(parse_html(html), url)


def news_article(**fields) -> str:
    return ld({"@context": "https://schema.org", "@type": "NewsArticle", **fields})


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


# -- author ----------------------------------------------------------------------------------


def test_a_jsonld_person_wins_over_a_cms_account_in_meta_author():
    head = news_article(author={"@type": "Person", "name": "Ruth Adeyemi"}) + (
        '<meta name="author" content="radeyemi2">'
    )
    assert choose_author(meta_of(page(head))) == "Ruth Adeyemi"


def test_a_visible_byline_wins_over_a_cms_account_in_meta_author():
    html = page(
        '<meta name="author" content="andrew.keaveney">',
        '<div class="byline">By <a href="/author/ruth-adeyemi/">Ruth Adeyemi</a></div>',
    )
    assert choose_author(meta_of(html)) == "Ruth Adeyemi"


def test_a_visible_byline_wins_over_a_jsonld_person_that_is_a_cms_account():
    html = page(
        news_article(author={"@type": "Person", "name": "RuthA"}),
        '<div class="byline">By <a href="/author/ruth-adeyemi/">Ruth Adeyemi</a></div>',
    )
    assert choose_author(meta_of(html)) == "Ruth Adeyemi"


@pytest.mark.parametrize("person", ["Ruth Adeyemi", "Marna van der Merwe", "Dr. Ruth A. Adeyemi"])
def test_a_desk_byline_gives_way_to_the_person_named_in_meta_author(person):
    html = page(
        f'<meta name="author" content="{person}">',
        '<div class="byline">By Quay Gazette Staff</div>',
    )
    assert choose_author(meta_of(html)) == person


@pytest.mark.parametrize(
    "byline",
    ["Quaynotes", "Harbour Media Group &amp; Partners", "Quay Gazette Tax &amp; Accounting"],
)
def test_a_byline_that_names_no_person_gives_way_to_a_full_name_in_meta_author(byline):
    html = page(
        '<meta name="author" content="Ruth Adeyemi">',
        f'<div class="byline">By <a href="/author/x/">{byline}</a></div>',
    )
    assert choose_author(meta_of(html)) == "Ruth Adeyemi"


@pytest.mark.parametrize("byline", ["Sam Okafor", "Marna van der Merwe", "Dr. Stacy Ogbeide"])
def test_a_persons_byline_stands_against_another_name_in_meta_author(byline):
    html = page(
        '<meta name="author" content="Ruth Adeyemi">',
        f'<div class="byline">By <a href="/author/x/">{byline}</a></div>',
    )
    assert choose_author(meta_of(html)) == byline


@pytest.mark.parametrize("declared", ["radeyemi2", "Gazette Editorial Team", "news@quay.example"])
def test_a_desk_byline_stands_when_meta_author_names_no_person(declared):
    html = page(
        f'<meta name="author" content="{declared}">',
        '<div class="byline">By Quay Gazette Staff</div>',
    )
    assert choose_author(meta_of(html)) == "Quay Gazette Staff"


@pytest.mark.parametrize(
    "byline",
    [
        '<div class="byline">By Ruth Adeyemi | March 14, 2025</div>',
        '<span class="author-name">By Ruth Adeyemi on March 14, 2025</span>',
        '<p class="article-byline">By <a href="/people/ruth">Ruth Adeyemi</a> - Updated 14 Mar 2025'
        "</p>",
        '<div class="post-author">Written by Ruth Adeyemi, Friday 14/03/2025</div>',
        '<span itemprop="author" itemscope itemtype="https://schema.org/Person">'
        '<span itemprop="name">Ruth Adeyemi</span></span>',
    ],
)
def test_the_visible_byline_loses_its_by_and_its_trailing_date(byline):
    m = meta_of(page(body=byline + "<p>The council voted on Tuesday.</p>"))
    assert m.byline == "Ruth Adeyemi"
    assert choose_author(m) == "Ruth Adeyemi"


def test_an_organisation_author_is_only_a_last_resort():
    org = news_article(author={"@type": "Organization", "name": "The Quay Gazette"})
    assert choose_author(meta_of(page(org))) == "The Quay Gazette"
    with_meta = org + '<meta name="author" content="Ruth Adeyemi">'
    assert choose_author(meta_of(page(with_meta))) == "Ruth Adeyemi"
    with_byline = page(org, '<div class="byline">By Sam Okafor</div>')
    assert choose_author(meta_of(with_byline)) == "Sam Okafor"


def test_a_person_named_like_the_publisher_is_not_the_author():
    head = news_article(
        author={"@type": "Person", "name": "The Quay Gazette"},
        publisher={"@type": "NewsMediaOrganization", "name": "The Quay Gazette"},
    )
    m = meta_of(page(head, '<div class="byline">By Sam Okafor</div>'))
    assert choose_author(m) == "Sam Okafor"


def test_a_credential_in_the_byline_is_kept_when_jsonld_gives_the_bare_name():
    head = news_article(author={"@type": "Person", "name": "Jane Doe"})
    m = meta_of(page(head, '<div class="byline">By Jane Doe, MD</div>'))
    assert choose_author(m) == "Jane Doe, MD"


def test_a_job_title_in_the_byline_does_not_replace_the_jsonld_name():
    head = news_article(author={"@type": "Person", "name": "Jane Doe"})
    m = meta_of(page(head, '<div class="byline">By Jane Doe Staff Writer</div>'))
    assert choose_author(m) == "Jane Doe"


def test_several_jsonld_people_are_joined():
    head = news_article(
        author=[{"@type": "Person", "name": "Jane Doe"}, {"@type": "Person", "name": "Sam Okafor"}]
    )
    assert choose_author(meta_of(page(head))) == "Jane Doe, Sam Okafor"


def test_a_plain_text_by_line_in_a_font_tag_is_the_byline():
    body = (
        '<table width="100%"><tr><td><font size="4"><b>Fishermen protest quota cuts</b></font>'
        '<br><font face="Verdana" size="1">By Lars Mikkelsen</font>'
        "<p>Around forty boats blocked the harbour mouth at Marstal on Monday morning.</p>"
        "</td></tr></table>"
    )
    m = meta_of(page(body=body))
    assert m.byline == "Lars Mikkelsen"
    assert choose_author(m) == "Lars Mikkelsen"


@pytest.mark.parametrize(
    "label",
    [
        '<div class="author-links"><a href="/people/">Our People</a></div>',
        '<div class="author-login"><a href="/login">Member Login</a></div>',
        '<a class="author" href="/authors/">All authors</a>',
    ],
)
def test_interface_labels_marked_author_are_not_bylines(label):
    m = meta_of(page(body=label + "<p>The council voted on Tuesday.</p>"))
    assert m.byline is None
    assert choose_author(m) is None


def test_a_commenter_marked_author_is_not_the_byline():
    body = (
        '<div class="comments"><span class="comment-author">Whowho</span></div>'
        '<article><p>Text.</p><p class="wp-block-post-author__name">Sir Nuno</p></article>'
    )
    assert meta_of(page(body=body)).byline == "Sir Nuno"


def test_a_comment_form_name_field_is_not_a_byline():
    body = (
        '<form id="commentform"><p class="comment-form-author"><label>Name *</label>'
        '<input id="author"></p></form>'
    )
    assert meta_of(page(body=body)).byline is None


def test_an_author_link_in_the_site_menu_is_not_the_byline():
    body = (
        '<nav><ul class="menu"><li class="menu-item"><a href="/people/">Cube Special Features'
        '</a></li></ul></nav><article><a href="/author/vgayton/">Victoria Gayton</a></article>'
    )
    assert meta_of(page(body=body)).byline == "Victoria Gayton"


def test_the_reviewer_credit_is_not_the_byline():
    body = (
        '<ul class="entry-meta"><li class="entry__reviewed-by"><a class="reviewer-link" '
        'href="/author/kkatt/">Kristina Katt, CPA</a></li></ul>'
        '<div class="author-box"><a href="/author/lisa/">Lisa Greene-Lewis</a></div>'
    )
    assert meta_of(page(body=body)).byline == "Lisa Greene-Lewis"


def test_an_upper_case_filter_label_after_by_is_not_a_plain_byline():
    body = "<div><b>By COMPANY TYPE</b></div><p>By Preetam Jinka</p>"
    assert meta_of(page(body=body)).byline == "Preetam Jinka"


def test_a_ui_label_before_the_real_byline_is_skipped():
    body = (
        '<div class="header-author"><a href="/people/">Our People</a></div>'
        '<span class="byline">By Ruth Adeyemi</span>'
    )
    assert meta_of(page(body=body)).byline == "Ruth Adeyemi"


@pytest.mark.parametrize(
    ("byline", "expected"),
    [("By Yu Sun", "Yu Sun"), ("By Sun Yu | March 2, 2025", "Sun Yu")],
)
def test_a_name_containing_a_weekday_abbreviation_is_kept_whole(byline, expected):
    # "Sun", "Mon" and "Sat" are surnames and given names as well as weekdays.
    assert clean_byline(byline) == expected
    m = meta_of(page(body=f'<div class="byline">{byline}</div><p>The council voted.</p>'))
    assert choose_author(m) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("By Ruth Adeyemi", "Ruth Adeyemi"),
        ("Von Anna Schmidt", "Anna Schmidt"),
        ("Author: Ruth Adeyemi", "Ruth Adeyemi"),
        ("Ruth Adeyemi \u2022 5 min read", "Ruth Adeyemi"),
        ("jdoe2", None),
        ("andrew.keaveney", None),
        ("https://www.quaygazette.co.uk/author/ruth", None),
        ("ruth@quaygazette.co.uk", None),
        ("About the author", None),
    ],
)
def test_clean_byline(raw, expected):
    assert clean_byline(raw) == expected


def test_posted_by_name_on_a_weekday_and_date_keeps_only_the_name():
    assert clean_byline("Posted by BeauHD on Friday December 19, 2025 @08:00PM") == "BeauHD"
    assert clean_byline("By Ruth Adeyemi on March 3, 2025") == "Ruth Adeyemi"


def test_a_camel_case_cms_account_is_not_a_name():
    assert clean_byline("TurboTaxLisa") is None
    assert clean_byline("McCarthy") == "McCarthy"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Jessica Elliott, Contributor", "Jessica Elliott"),
        ("By Shannon Williams, Journalist", "Shannon Williams"),
        ("Charles Patterson, WCI Columnist", "Charles Patterson"),
        ("Harry Rabinowitz Tech Reporter", "Harry Rabinowitz"),
        ("Jane Doe Senior Staff Writer", "Jane Doe"),
        ("Jane Doe, MD", "Jane Doe, MD"),
        ("Jo Roe, Home and Digital Security Expert", "Jo Roe, Home and Digital Security Expert"),
    ],
)
def test_a_newsroom_role_after_the_name_is_dropped_but_credentials_stay(raw, expected):
    assert clean_byline(raw) == expected


def test_name_like_accepts_names_and_rejects_ui_labels():
    assert name_like("Ruth Adeyemi")
    assert name_like("Jane Doe, MD")
    assert not name_like("Our People")
    assert not name_like("Member Login")
    assert not name_like("lowercase words only")


@pytest.mark.parametrize(
    "body",
    [
        '<div class="xq1"><span class="zz9">By</span><span>Ruth Adeyemi</span></div>',
        "<div><p>Written by</p><p>Ruth Adeyemi</p></div>",
        '<div class="item"><h3>Author</h3><p> Ruth Adeyemi</p></div>',
        "<div><strong>Contributors:</strong> Ruth Adeyemi</div>",
        '<div class="xq1"><i class="icon-user"></i> By <a href="/x">Ruth Adeyemi</a></div>',
    ],
)
def test_a_byline_label_followed_by_the_name_is_a_byline(body):
    m = meta_of(page(body=body + "<p>The council voted on Tuesday.</p>"))
    assert m.byline == "Ruth Adeyemi"


def test_a_column_head_saying_author_is_not_a_byline_label():
    body = "<table><tr><th>Author</th><th>Date</th></tr><tr><td>Ann Lee</td></tr></table>"
    assert meta_of(page(body=body)).byline is None


def test_a_credit_with_by_inside_a_paragraph_is_not_the_byline():
    body = (
        "<p>The parser reuses the libraries <a href='/a'>astring</a> and <a href='/b'>uutf</a> by "
        "<span>Ruth Adeyemi</span>, which handle strings and Unicode, and which have been in "
        "use for a decade in many other projects.</p>"
    )
    assert meta_of(page(body=body)).byline is None


def test_by_followed_by_a_colon_is_a_plain_byline():
    body = '<p class="text-xl">by: <!-- -->Ziyi Chen<!-- -->, <!-- -->Dec 17, 2025</p>'
    assert meta_of(page(body=body)).byline == "Ziyi Chen"


def test_a_written_by_heading_is_a_plain_byline():
    body = "<h3>Written by Cassidy Holt</h3><p>Cassidy is a finance writer.</p>"
    assert meta_of(page(body=body)).byline == "Cassidy Holt"


def test_a_by_line_after_the_date_element_is_a_byline():
    body = (
        '<div class="node__meta"><time datetime="2017-03-01">03/01/2017</time> '
        "by Agatha Moreno, Candidate Representative</div>"
    )
    assert meta_of(page(body=body)).byline == "Agatha Moreno, Candidate Representative"


def test_a_contributor_link_is_an_author_link():
    body = (
        '<p>By <a href="/magazine/contributor/a_j_neal">A. J. Neal</a> '
        '<a href="/digital" class="btn">View In Digital Edition</a></p>'
    )
    assert meta_of(page(body=body)).byline == "A. J. Neal"


def test_the_name_in_an_author_box_is_read_when_nothing_else_names_the_writer():
    body = (
        '<div class="elementor-author-box"><div class="elementor-author-box__text">'
        '<h4 class="elementor-author-box__name">Liz Kenny</h4>'
        '<div class="elementor-author-box__bio">Former consultant</div></div></div>'
    )
    assert meta_of(page(body=body)).byline == "Liz Kenny"


def test_the_byline_at_the_top_wins_over_the_name_in_the_author_bio():
    body = (
        '<div class="author-by-line"><p>By Scott Pletcher</p></div>'
        "<p>Article text.</p>"
        '<div class="author-bio"><div class="author-bio-name">Scott P.</div></div>'
    )
    assert meta_of(page(body=body)).byline == "Scott Pletcher"


def test_an_author_block_whose_first_line_is_the_name_and_the_rest_a_bio():
    bio = "Lauren Vetter is a marketing professional who writes about healthcare technology " * 2
    body = (
        '<div class="blog_author-wrapper"><div class="blog_author-text">'
        f'<div class="text-size-small">Lauren Vetter</div><div>{bio}</div></div></div>'
    )
    assert meta_of(page(body=body)).byline == "Lauren Vetter"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            '<span class="PostsAuthors-authorName"><a href="/users/jsteinhardt">jsteinhardt</a>'
            "</span>",
            "jsteinhardt",
        ),
        (
            '<a href="/author/crazylennys/"><h4 class="elementor-author-box__name">crazy lennys'
            "</h4></a>",
            "crazy lennys",
        ),
        ('<span class="author-name">h.szeyee</span>', "h.szeyee"),
        ('<div class="post-date"><p><time>12/19 2025</time></p><p>by   ibby</p></div>', "ibby"),
    ],
)
def test_an_account_name_the_page_shows_as_its_author_is_the_byline(body, expected):
    assert meta_of(page(body=body + "<p>The council voted.</p>")).byline == expected


def test_a_real_name_in_a_later_author_element_wins_over_an_account():
    body = (
        '<span class="author-name">TurboTaxLisa</span><p>Text.</p>'
        '<div class="author-box"><span class="author-box__name">Lisa Greene-Lewis</span></div>'
    )
    assert meta_of(page(body=body)).byline == "Lisa Greene-Lewis"


@pytest.mark.parametrize(
    "body",
    [
        '<span class="author-name">Read more</span>',
        "<p>by admin</p>",  # not in a meta line: no byline or date class on it or its parent
        '<div class="post-meta"><p>by</p></div>',
    ],
)
def test_labels_and_unmarked_lowercase_lines_are_not_account_bylines(body):
    assert meta_of(page(body=body)).byline is None


@pytest.mark.parametrize(
    "body",
    [
        "<p>The council voted.</p>"
        "<div><button><span>All articles by Elliot Raba</span></button></div>",
        "<p>The council voted.</p><a href='/x'>View all posts by Elliot Raba \u00bb</a>",
        "<p>The council voted.</p><h3>About the Author:</h3><img alt=''>"
        "<p>Elliot Raba is a reporter who has covered the harbour since 2019.</p>",
    ],
)
def test_a_page_without_a_byline_names_its_author_in_more_by_links_or_the_author_bio(body):
    assert meta_of(page(body=body)).byline == "Elliot Raba"


@pytest.mark.parametrize(
    "body",
    [
        "<p>The council voted.</p><a href='/politics'>More stories from Politics</a>",
        "<p>The council voted.</p><h3>About the author</h3><p>The author is a reporter.</p>",
        "<p>The council voted.</p><p>Elliot Raba is a reporter who covered the vote.</p>",
    ],
)
def test_a_section_link_or_a_bio_without_its_heading_names_no_author(body):
    assert meta_of(page(body=body)).byline is None


def test_a_byline_wins_over_a_more_articles_by_link():
    body = (
        '<div class="byline">By Sam Okafor</div><p>The council voted.</p>'
        "<a href='/x'>More articles by Elliot Raba</a>"
    )
    assert meta_of(page(body=body)).byline == "Sam Okafor"


def test_a_byline_naming_the_site_gives_way_to_a_person_named_after_it():
    head = '<meta property="og:site_name" content="Corti">'
    body = (
        '<div class="post_author-name">Corti</div><div class="post_author-name">Joakim Berg</div>'
    )
    assert meta_of(page(head, body)).byline == "Joakim Berg"


def test_a_byline_naming_the_site_stands_when_no_person_is_named():
    head = '<meta property="og:site_name" content="EcoFlow">'
    body = '<span class="entry-author-name">EcoFlow</span>'
    assert meta_of(page(head, body)).byline == "EcoFlow"


def test_a_section_label_in_a_byline_block_is_not_a_name():
    body = (
        '<div class="blog-post__byline"><span class="byline__tag">Personal finance</span>'
        '<span class="byline__date">January 27, 2025</span></div>'
    )
    assert meta_of(page(body=body)).byline is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Dec. 19, 2025 \u00b7 Niko Brandt on behalf of the Docs team", "Niko Brandt"),
        ("CM Craig McCarthy Last updated Dec 5", "Craig McCarthy"),
        ("Supermove Last update: 2025", "Supermove"),
        ("Jennifer Huber 1, 2", "Jennifer Huber"),
        ("AP News", "AP News"),
        ("Dec 17, 2025 Julian K. Arni", "Julian K. Arni"),
        ("This post was written by Danielle Padula", "Danielle Padula"),
        ("This article was reviewed by Ann Lee", "This article was reviewed by Ann Lee"),
    ],
)
def test_dates_avatar_initials_update_notes_and_footnote_marks_leave_the_byline(raw, expected):
    assert clean_byline(raw) == expected


def test_a_font_class_does_not_make_the_date_the_name_part_of_a_byline():
    body = (
        '<div class="styles_dateAndAuthorContainer__JAvHP">'
        '<span class="styles_all__Vis5Y __className_d44908">Dec 17, 2025</span>'
        '<span class="styles_all__Vis5Y __className_d44908">Julian K. Arni</span></div>'
        "<h1>Attested builds</h1><p>Text.</p>"
    )
    assert meta_of(page(body=body)).byline == "Julian K. Arni"


def test_name_like_wants_the_name_part_mostly_capitalised():
    assert not name_like("Personal finance")
    assert not name_like("I review different modules, games or supplements")
    assert name_like("Marna van der Merwe")
    assert name_like("The Currency editors")
    assert name_like("Jane Doe, senior editor")


def test_a_layout_class_on_main_does_not_put_the_byline_in_a_menu():
    body = (
        '<main class="z-0 offset-nav"><div><article><div class="meta">'
        "<p>Written by</p><p>Edzel Tabor</p></div><p>Text.</p></article></div></main>"
    )
    assert meta_of(page(body=body)).byline == "Edzel Tabor"


def test_a_comment_that_is_an_article_element_is_still_elsewhere():
    body = '<article class="comment"><p class="byline">By Whowho Smith</p></article>'
    assert meta_of(page(body=body)).byline is None


def test_the_written_by_twitter_label_names_the_author_when_nothing_else_does():
    head = (
        '<meta name="twitter:label1" content="Written by">'
        '<meta name="twitter:data1" content="Nawaz Dhandala">'
        '<meta name="twitter:label2" content="Est. reading time">'
        '<meta name="twitter:data2" content="13 minutes">'
    )
    m = meta_of(page(head))
    assert m.meta_writer == "Nawaz Dhandala"
    assert choose_author(m) == "Nawaz Dhandala"


def test_meta_author_comes_before_the_twitter_label():
    head = (
        '<meta name="author" content="Ruth Adeyemi">'
        '<meta name="twitter:label1" content="Written by">'
        '<meta name="twitter:data1" content="Quay Staff">'
    )
    assert choose_author(meta_of(page(head))) == "Ruth Adeyemi"


def test_a_numeric_meta_author_is_a_profile_id_not_a_name():
    assert choose_author(meta_of(page('<meta name="author" content="262588213843476">'))) is None


def test_the_visible_byline_wins_when_jsonld_adds_the_outlet_after_a_comma():
    head = news_article(author={"@type": "Person", "name": "Manoj Jain, The Commercial Appeal"})
    m = meta_of(page(head, '<div class="byline">By Manoj Jain</div>'))
    assert choose_author(m) == "Manoj Jain"


def test_every_author_link_in_the_byline_is_an_author():
    body = (
        '<div class="post-authors">By <a href="/author/ruth/">Ruth Adeyemi</a><span>, </span>'
        '<a href="/author/sam/">Sam Okafor</a> and <a href="/author/ann/">Ann Lee</a></div>'
    )
    assert meta_of(page(body=body)).byline == "Ruth Adeyemi, Sam Okafor, Ann Lee"


def test_a_fact_checker_linked_after_the_author_is_not_a_co_author():
    body = (
        '<div class="meta">By <a href="/author/2420/">Scott Levine</a> \u2013 Updated Sep 9, '
        '2025 | Fact-checked by <a href="/author/20449/">Frank Bass</a></div>'
    )
    assert meta_of(page(body=body)).byline == "Scott Levine"


def test_a_desk_byline_with_staff_is_a_name():
    body = '<div class="author-info"><p class="authorName">Podium Staff</p></div>'
    assert meta_of(page(body=body)).byline == "Podium Staff"


def test_an_authors_label_over_a_list_names_each_item():
    body = (
        "<div><h6>Author(s)</h6><ul><li><a href='/lib?a=1'>John A. Alic</a></li>"
        "<li><a href='/lib?a=2'>Edward S. Rubin</a></li></ul></div>"
    )
    assert meta_of(page(body=body)).byline == "John A. Alic, Edward S. Rubin"


def test_a_capitalised_name_after_by_in_a_meta_line_is_a_byline():
    body = (
        '<div class="m-article__meta"> by <span>ALLIN ONE</span> on <span>Jan 22, 2025</span></div>'
    )
    assert meta_of(page(body=body)).byline == "ALLIN ONE"


def test_a_posted_by_line_loses_the_time_after_at():
    body = (
        "<p>The council voted on Tuesday.</p>"
        '<span class="posted">Posted by David at December 16, 2025 11:15 AM</span>'
    )
    assert meta_of(page(body=body)).byline == "David"
    assert clean_byline("Jane Doe at 9:30 am") == "Jane Doe"
    assert clean_byline("Kate at Large") == "Kate at Large"  # no time after "at"


def test_a_sentence_naming_the_writer_gives_the_linked_name_without_the_description():
    body = (
        '<p><em>This post was written by <a href="/providers/2838">Vanessa Mendez, MD</a>, '
        "gastroenterologist, Parkview Health.</em></p><p>Diet is one of the pillars.</p>"
    )
    m = meta_of(page(body=body))
    assert m.byline == "Vanessa Mendez, MD"
    assert choose_author(m) == "Vanessa Mendez, MD"
    unlinked = "<p>This article was written by Jane Doe.</p><p>Diet is one of the pillars.</p>"
    assert meta_of(page(body=unlinked)).byline == "Jane Doe"


def test_a_linked_byline_followed_by_more_names_keeps_them_all():
    body = '<p>By <a href="/x">Jane Doe</a>, Sam Roe and Ann Lee</p><p>Text.</p>'
    assert meta_of(page(body=body)).byline == "Jane Doe, Sam Roe and Ann Lee"


def test_a_date_line_ending_with_by_names_the_author():
    body = (
        "<h1>The fold-and-cut problem</h1><p>Any pattern of straight cuts can be made.</p>"
        '<div class="purplebox"><i>Last updated March 3, 2025 by '
        '<a href="http://example.org/">Erik Demaine</a>.</i> &mdash; <a>Accessibility</a></div>'
    )
    assert meta_of(page(body=body)).byline == "Erik Demaine"
    one_text = "<p>Text.</p><p>Posted on 2025-12-16 by Jane Doe</p>"
    assert meta_of(page(body=one_text)).byline == "Jane Doe"


def test_a_date_line_by_a_commenter_is_not_the_byline():
    body = '<p>Text.</p><div class="comments"><p>Posted on 2025-12-16 by Whowho Smith</p></div>'
    assert meta_of(page(body=body)).byline is None


def test_the_name_beside_a_gravatar_is_the_author_when_nothing_else_names_one():
    body = (
        "<header><h1>Project management pricing</h1><p>Dec 26, 2025 &bull; "
        "<img src='https://2.gravatar.com/avatar/e5f6?s=96' class='avatar avatar-xs'/> "
        "Mahua Das in <a href='/blog/pm'>Project Management</a></p></header>"
        "<main><p>Did you know that most teams overpay?</p></main>"
    )
    m = meta_of(page(body=body))
    assert m.byline is None
    assert m.pictured == "Mahua Das"
    assert choose_author(m) == "Mahua Das"


def test_an_author_card_photo_names_the_author_by_the_heading_beside_it():
    body = (
        "<p>Espresso machines under $500 have improved.</p><div class='grid'><div class='col'>"
        "<img alt='Photo of author' src='data:,' class='photo' width='50' height='50'></div>"
        "<div class='col'><p class='headline'>Asser Christensen</p>"
        "<div>Licensed Q Arabica Grader</div></div></div>"
    )
    assert choose_author(meta_of(page(body=body))) == "Asser Christensen"


def test_a_round_photo_counts_only_when_its_alt_is_the_name_shown_beside_it():
    same = (
        '<div class="meta"><span>2025-12-17</span> <a title="Trond Teigen">'
        '<img src="/icon.png" alt="Trond Teigen" class="hx:h-4 hx:rounded-full">'
        "<div>Trond Teigen</div></a></div><p>The pilot has landed.</p>"
    )
    assert meta_of(page(body=same)).pictured == "Trond Teigen"
    other = same.replace('alt="Trond Teigen"', 'alt="Pilot logo"')
    assert meta_of(page(body=other)).pictured is None


@pytest.mark.parametrize(
    "body",
    [
        # Bootstrap's rounded corners on a figure: the caption names the picture.
        '<figure><img alt="Pi-Hole Statistics Page" class="img-fluid rounded" src="/s.webp">'
        "<figcaption>Pi-Hole Statistics Page</figcaption></figure><p>Text.</p>",
        # A product shot with rounded corners over the product's name.
        '<div><img alt="Fellow Clara" class="img-fluid rounded" src="/c.webp">'
        "<h3>Fellow Clara</h3></div><p>Text.</p>",
        # A commenter's avatar.
        '<p>Text.</p><ol class="commentlist"><li><img class="avatar" src="/g.png">'
        "<cite>Whowho Smith</cite> says:</li></ol>",
        # An avatar beside a sentence, not a name.
        '<div><img class="avatar" src="/a.png"><p>Hi, I am the editor of this site.</p></div>',
    ],
)
def test_pictures_that_are_no_author_photo_name_no_one(body):
    m = meta_of(page(body=body))
    assert m.pictured is None
    assert choose_author(m) is None


def test_a_byline_or_a_jsonld_person_wins_over_a_pictured_name():
    photo = "<img class='avatar' src='/a.png'> Sam Okafor"
    m = meta_of(page(body=photo + '<div class="byline">By Ruth Adeyemi</div>'))
    assert choose_author(m) == "Ruth Adeyemi"
    ld_person = news_article(author={"@type": "Person", "name": "Jane Doe"})
    assert choose_author(meta_of(page(ld_person, photo))) == "Jane Doe"


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


def test_content_after_a_stray_closing_html_tag_is_put_in_the_body():
    tree = parse_html(
        "<html><head><title>T</title></head><body><p>one</p></body></html>\n"
        "<p>two</p> tail<div>three</div></body></html><html><body>four<p>five</p></body></html>"
    )
    body = tree.find("body")
    assert [el.tag for el in body] == ["p", "p", "div", "p"]
    words = ["one", "two", "tail", "three", "four", "five"]
    assert [t.strip() for t in body.itertext() if t.strip()] == words
    # nothing is left outside the document's root element
    root = tree.getroottree().getroot()
    assert [t.strip() for t in root.itertext() if t.strip()] == ["T", *words]


def test_a_document_without_trailing_content_is_parsed_as_it_was():
    tree = parse_html("<html><body><p>one</p></body></html>")
    assert tree.getnext() is None
    assert [el.tag for el in tree.find("body")] == ["p"]


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


# -- language --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<html lang="en-GB"><head></head><body></body></html>', "en"),
        ('<html lang="pt_BR"><body></body></html>', "pt"),
        (
            '<html><head><meta http-equiv="Content-Language" content="da"></head><body></body>'
            "</html>",
            "da",
        ),
        ('<html><head><meta property="og:locale" content="fr_FR"></head></html>', "fr"),
        ("<html><body><p>No language said.</p></body></html>", None),
    ],
)
def test_language_from_html_lang_or_meta_tags(html, expected):
    assert meta_of(html).language == expected


def test_jsonld_in_language_comes_before_html_lang():
    html = f'<html lang="de"><head>{news_article(inLanguage="fr-FR")}</head></html>'
    assert meta_of(html).language == "fr"


# -- other declarations ----------------------------------------------------------------------


def test_canonical_sitename_and_paywall_are_read():
    head = (
        news_article(isAccessibleForFree=False, publisher={"name": "The Quay Gazette"})
        + '<link rel="canonical" href="/news/harbour-budget">'
    )
    m = meta_of(page(head))
    assert m.canonical == "https://www.quaygazette.co.uk/news/harbour-budget"
    assert m.sitename == "The Quay Gazette"
    assert m.paywalled is True
    assert "newsarticle" in m.jsonld_types


def test_jsonld_in_a_graph_with_control_characters_is_read():
    raw = (
        '{"@graph": [{"@type": "WebSite", "name": "Quay"}, {"@type": "NewsArticle",'
        ' "headline": "Harbour\tbudget\napproved", "datePublished": "2025-03-14"}]}'
    )
    m = meta_of(page(f'<script type="application/ld+json">{raw}</script>'))
    assert m.headline == "Harbour budget approved"
    assert ("jsonld", "2025-03-14") in m.date_candidates
