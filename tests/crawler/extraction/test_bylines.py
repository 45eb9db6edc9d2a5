"""crawler.extraction.bylines: who wrote a page: JSON-LD, bylines, and what signs a page
without one."""

from __future__ import annotations

import pytest

from crawler.extraction.bylines import choose_author, clean_byline, name_like
from tests.crawler.extraction.markup import meta_of, news_article, page

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


def test_a_byline_rendered_in_pieces_between_comments_is_read_whole():
    html = page(
        body="<h1>Harbour budget approved</h1>"
        '<p class="text-xl">by: <!-- -->Ruth Adeyemi<!-- -->,<!-- --> <!-- -->Mar 14, 2025</p>'
        "<p>The council met.</p>"
    )
    assert choose_author(meta_of(html)) == "Ruth Adeyemi"


@pytest.mark.parametrize(
    "comment",
    [
        "<p>Comment by John Smith</p>",
        '<div><b>Comment</b> by <a href="/u/john">John Smith</a></div>',
        '<div class="entry">Comment by <a href="/author/john">John Smith</a> on March 3</div>',
        "<div>Reply by <a href='/users/john'>John Smith</a></div>",
        "<h3>3 Comments</h3><div><p>By John Smith</p><p>Great piece, thank you!</p></div>",
    ],
)
def test_a_commenter_is_never_the_byline_however_the_comment_is_marked(comment):
    html = page(
        '<meta name="author" content="Ruth Adeyemi">',
        "<h1>Harbour budget approved</h1><p>The council met on Tuesday.</p>" + comment,
    )
    assert choose_author(meta_of(html)) == "Ruth Adeyemi"
