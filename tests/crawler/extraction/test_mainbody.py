"""crawler.extraction.mainbody: the page's main block, the prose trafilatura left out of it,
and the teaser runs that make a listing."""

from __future__ import annotations

from crawler.extraction import mainbody
from crawler.extraction.debris.dom import prune_dom
from crawler.extraction.html import parse_html
from tests.crawler.extraction.harbour import (
    P1,
    P2,
    P3,
    page,
)

# -- main block: completion, listings, fallback ----------------------------------------------

MISSING = (
    "Harbour users will be able to comment on the plans at a public meeting in the old "
    "customs house on the first Monday of March."
)


def article_tree(extra: str = ""):
    return parse_html(
        f"<html><body><nav><a href='/'>Home</a></nav><div class='entry'><p>{P1}</p>"
        f"<div class='module'><p>{MISSING}</p></div><p>{P2}</p><p>{P3}</p>{extra}</div>"
        "</body></html>"
    )


def test_complete_puts_back_a_missing_prose_paragraph_in_document_order():
    text, added = mainbody.complete(f"{P1}\n{P2}\n{P3}", article_tree())
    assert added == 1
    assert text.splitlines() == [P1, MISSING, P2, P3]


def test_a_block_without_letters_or_digits_does_not_move_where_paragraphs_go_back():
    tree = parse_html(
        f"<html><body><div class='entry'><p>{P1}</p><p>* * *</p><p>{MISSING}</p><p>{P2}</p>"
        f"<p>{P3}</p></div></body></html>"
    )
    text, added = mainbody.complete(f"{P1}\n{P2}\n{P3}", tree)
    assert added == 1
    assert text.splitlines() == [P1, MISSING, P2, P3]


def test_complete_does_not_add_a_code_block():
    # Squashed into one line its layout is lost, and code is not the prose it puts back.
    code = (
        "<pre>import subprocess\nimport time\nfor step in ('flood', 'gates'):\n"
        "    subprocess.run(['check', step], check=True)\n    time.sleep(1)</pre>"
    )
    text, added = mainbody.complete(f"{P1}\n{MISSING}\n{P2}\n{P3}", article_tree(code))
    assert added == 0
    assert "subprocess" not in text


def test_complete_leaves_text_alone_when_it_is_not_from_the_main_block():
    other = "A completely different text about lifeboats that trafilatura chose instead."
    text, added = mainbody.complete(other, article_tree())
    assert (text, added) == (other, 0)


def test_complete_does_not_add_link_lists_or_short_lines():
    extra = (
        '<ul><li><a href="/a">Lifeboat crew honoured for a winter rescue off the point.</a></li>'
        "</ul><p>Tags: harbour</p>"
    )
    text, added = mainbody.complete(f"{P1}\n{MISSING}\n{P2}\n{P3}", article_tree(extra))
    assert added == 0
    assert "Lifeboat crew" not in text
    assert "Tags" not in text


def test_complete_does_not_add_back_a_paragraph_trafilatura_kept_in_another_layout():
    # The block reads "1Look..." (a numbered step) or runs a code block's lines together;
    # trafilatura has the same words on separate lines: nothing is missing.
    steps = (
        "<p><span>1</span>Compare the council's flood maps with the insurer's before you "
        "renew a policy on any property along the eastern quay.</p>"
    )
    theirs = (
        "1\nCompare the council's flood maps with the insurer's before you renew a policy "
        "on any property along the eastern quay."
    )
    text, added = mainbody.complete(f"{P1}\n{MISSING}\n{P2}\n{theirs}\n{P3}", article_tree(steps))
    assert added == 0
    assert text.count("flood maps") == 1


SECTION = [
    f"The council's {topic} plan was debated for three hours on Tuesday, and members heard "
    f"from residents, engineers and the harbour master before the vote on the {topic} budget."
    for topic in ("sea wall", "ferry", "drainage", "parking", "lighting", "footpath")
]


def sectioned_tree(section_wrapper: str, outside: bool = False):
    section = "".join(f"<p>{p}</p>" for p in SECTION)
    block = f"<div class='{section_wrapper}'>{section}</div>"
    article = f"<p>{P1}</p><p>{P2}</p>{'' if outside else block}<p>{P3}</p>"
    return parse_html(
        f"<html><body><nav><a href='/'>Home</a></nav><div class='entry'>{article}</div>"
        f"{block if outside else ''}<footer><p>Contact the newsroom.</p></footer></body></html>"
    )


def test_complete_puts_back_a_section_trafilatura_skipped_inside_the_article():
    # trafilatura kept none of the block that holds most paragraph text (a section styled
    # as a table); it sits among the paragraphs trafilatura did keep, so it is the article.
    text, added = mainbody.complete(f"{P1}\n{P2}\n{P3}", sectioned_tree("responsive-table"))
    assert added == len(SECTION)
    assert text.splitlines() == [P1, P2, *SECTION, P3]


def test_complete_leaves_text_alone_when_the_skipped_block_is_outside_the_article():
    text, added = mainbody.complete(f"{P1}\n{P2}\n{P3}", sectioned_tree("sidebar", True))
    assert (text, added) == (f"{P1}\n{P2}\n{P3}", 0)


def test_complete_puts_back_prose_trafilatura_skipped_beside_the_main_block():
    # The body is the main block; the sidebar-styled box beside it is inside the
    # article element that trafilatura's text came from, so it is the article too.
    body = "".join(f"<p>{p}</p>" for p in SECTION)
    tree = parse_html(
        f"<html><body><nav><a href='/'>Home</a></nav><article><div class='intro'><p>{P1}</p>"
        f"<p>{P2}</p></div><div class='body'>{body}</div><div class='box'><p>{MISSING}</p>"
        f"</div><div class='more'><p>{P3}</p></div></article></body></html>"
    )
    text, added = mainbody.complete("\n".join([P1, P2, *SECTION, P3]), tree)
    assert added == 1
    assert text.splitlines() == [P1, P2, *SECTION, MISSING, P3]


def test_complete_does_not_add_a_teaser_card_wrapped_in_a_link():
    card = (
        "<a href='/2025/03/ferry-terminal-reopens'><h4>Ferry terminal reopens</h4>"
        "<div><p>The terminal closed twice last winter after storm damage, and it reopens "
        "on Monday with a new timetable for the island crossings.</p></div></a>"
    )
    text, added = mainbody.complete(f"{P1}\n{MISSING}\n{P2}\n{P3}", article_tree(card))
    assert added == 0
    assert "timetable" not in text


def test_complete_reads_a_block_without_its_style_rules():
    styled = (
        "<h2><style>.green{color:green!important;font-size:24px!important}</style>"
        "Who pays for the wall?</h2><p>The council pays two thirds of the cost of the wall, "
        "and the harbour trust pays the rest from its reserves over ten years.</p>"
    )
    text, added = mainbody.complete(f"{P1}\n{MISSING}\n{P2}\n{P3}", article_tree(styled))
    assert added == 2
    assert text.splitlines()[-2:] == [
        "Who pays for the wall?",
        "The council pays two thirds of the cost of the wall, and the harbour trust pays "
        "the rest from its reserves over ten years.",
    ]
    assert "color" not in text


def test_fallback_text_reads_the_main_block_prose():
    text = mainbody.fallback_text(article_tree())
    assert text.splitlines() == [P1, MISSING, P2, P3]
    assert "Home" not in text


def test_fallback_text_of_a_page_without_paragraphs_is_empty():
    assert mainbody.fallback_text(parse_html("<html><body><div>Hi</div></body></html>")) == ""


def listing_tree(n: int = 6):
    teasers = "".join(
        f'<article class="teaser"><h2><a href="/2024/11/0{i}/story-{i}">Harbour story number '
        f"{i} makes the news</a></h2><p>A short summary of story {i}.</p></article>"
        for i in range(1, n + 1)
    )
    return parse_html(f"<html><body><main>{teasers}</main></body></html>")


def test_a_run_of_linked_teasers_looks_like_a_listing():
    assert mainbody.looks_like_listing(listing_tree())


def test_four_teasers_are_not_enough_for_a_listing():
    assert not mainbody.looks_like_listing(listing_tree(4))


def test_an_article_with_a_few_links_does_not_look_like_a_listing():
    assert not mainbody.looks_like_listing(parse_html(page("")))
    assert not mainbody.looks_like_listing(parse_html("<html><body></body></html>"))


def test_a_comment_between_a_title_row_and_its_box_is_stepped_over():
    html = (
        "<html><body><table><tr><td><p>" + "Ferry news paragraph. " * 40 + "</p></td>"
        "<td><table><tr><td><b>Classifieds</b></td></tr><!-- ad slot -->"
        "<tr><td>For sale: rowing boat, needs paint.</td></tr></table></td></tr></table>"
        "</body></html>"
    )
    tree = parse_html(html)
    fired = prune_dom(tree)
    text = tree.text_content()
    assert "rowing boat" not in text and "Ferry news paragraph." in text
    assert fired["titled_rails"] >= 1
