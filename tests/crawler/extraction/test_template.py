"""crawler.extraction.template: blocks, observations, learning a profile, pruning with it."""

from __future__ import annotations

from collections import defaultdict

import pytest

from crawler.extraction import extract
from crawler.extraction.html import parse_html
from crawler.extraction.template import (
    SiteCounts,
    TemplateRules,
    TemplateThresholds,
    blocks,
    drop_lines,
    learn,
    norm_text,
    profile_bytes,
    prune,
    read_profile,
    rules_of,
    same_rules,
    text_hash,
)
from tests.templated_site import ARCHIVE_LINES, CORRECTIONS, NOTES, TEMPLATE_LINES, article_html
from tests.templated_site import paragraphs as paragraphs_of

URL = "https://lowfield.example/news/story-{}-lowfield"


def _counts(pages: range) -> SiteCounts:
    """What the corpus would count for these articles (``schemas.templates``), in memory."""
    texts: dict[int, list] = defaultdict(lambda: [0, ""])
    places: dict[int, list] = defaultdict(lambda: [0, set(), ""])
    for i in pages:
        result = extract(article_html(i), URL.format(i), observe=True)
        for h in {o.text_hash for o in result.observations}:
            texts[h][0] += 1
        for o in result.observations:
            texts[o.text_hash][1] = o.text
        for fp in {o.fingerprint for o in result.observations if o.fingerprint}:
            places[fp][0] += 1
        for o in result.observations:
            if o.fingerprint:
                places[o.fingerprint][1].add(o.text_hash)
                places[o.fingerprint][2] = o.text
    return SiteCounts(
        len(pages),
        {h: (n, t) for h, (n, t) in texts.items()},
        {fp: (n, len(v), t) for fp, (n, v, t) in places.items()},
    )


@pytest.fixture(scope="module")
def profile() -> dict:
    learned = learn("lowfield", _counts(range(12)), TemplateThresholds())
    assert learned is not None
    return learned


def test_text_is_folded_for_case_digits_and_spacing():
    assert norm_text("  Updated 3 HOURS\n ago ") == norm_text("updated 17 hours ago")
    assert text_hash("Filed  under Sport") == text_hash("filed under sport")
    assert text_hash("Filed under Sport") != text_hash("Filed under Arts")


def test_a_block_is_an_element_with_text_of_its_own_and_inline_markup_is_part_of_it():
    tree = parse_html(
        "<html><body><div class='wrap'><p>A <b>bold</b> claim.</p>"
        "<div class='css-1x9a'>Notes: <span>read</span> them</div></div></body></html>"
    )
    found = [(path.rsplit("/", 1)[1], text) for _el, path, text in blocks(tree)]
    assert found == [("p", "A bold claim."), ("div.#", "Notes: read them")]


def test_a_hashed_class_name_is_one_place_whatever_its_hash():
    a = parse_html("<html><body><div class='sc-a1b2'><p>One</p></div></body></html>")
    b = parse_html("<html><body><div class='sc-z9y8'><p>Two</p></div></body></html>")
    assert [p for _e, p, _t in blocks(a)] == [p for _e, p, _t in blocks(b)]


def test_the_observations_of_an_article_are_the_blocks_its_text_came_from():
    result = extract(article_html(1), URL.format(1), observe=True)
    observed = {o.text for o in result.observations}
    assert set(paragraphs_of(1)) <= observed
    assert NOTES in observed
    assert all(o.fingerprint for o in result.observations)  # each found in the page
    assert extract(article_html(1), URL.format(1)).observations == ()  # only when asked


def test_the_profile_names_the_recurring_blocks_and_no_article_paragraph(profile):
    named = {t["text"] for t in profile["texts"]}
    assert set(TEMPLATE_LINES) <= named
    assert not named & {p for i in range(12) for p in paragraphs_of(i)}
    assert profile["pages"] == 12 and profile["source"] == "lowfield"


def test_a_place_with_few_texts_is_template_and_a_paragraphs_place_is_not():
    # "Filed under X" with three sections, in the same place on every page.
    counts = SiteCounts(
        40,
        {},
        {11: (40, 3, "Filed under Sport"), 22: (40, 240, "a paragraph"), 33: (4, 1, "rare")},
    )
    learned = learn("s", counts, TemplateThresholds())
    assert learned is not None
    assert [p["fingerprint"] for p in learned["places"]] == [11]


def test_a_site_with_too_few_articles_has_no_profile():
    assert learn("lowfield", _counts(range(6)), TemplateThresholds()) is None


@pytest.mark.parametrize(("pages", "need"), [(10, 5), (12, 5), (20, 6), (100, 30), (10_000, 3000)])
def test_a_block_must_recur_on_five_articles_and_a_third_of_them(pages, need):
    assert TemplateThresholds().needed(pages) == need


def test_extraction_with_the_profile_removes_its_blocks_and_keeps_the_article(profile):
    rules = rules_of(profile, "<urn:uuid:profile>")
    result = extract(article_html(40), URL.format(40), template=rules)
    article = result.article
    assert article is not None
    for para in paragraphs_of(40):
        assert para in article.text
    for line in TEMPLATE_LINES + ARCHIVE_LINES:
        assert line not in article.text
    assert article.template_profile == "<urn:uuid:profile>"
    assert result.stats["template_blocks"] >= len(TEMPLATE_LINES)
    assert article.author == "Nell Arkwright"  # read before the template goes


def test_extraction_without_a_profile_keeps_what_no_rule_names():
    article = extract(article_html(40), URL.format(40)).article
    assert article is not None and NOTES in article.text and CORRECTIONS in article.text
    assert article.template_profile is None


def test_pruning_removes_a_named_block_and_keeps_the_text_after_it():
    tree = parse_html(
        "<html><body><div><p>Keep this.</p><p>Drop me</p>tail text<p>And this.</p></div>"
        "</body></html>"
    )
    rules = TemplateRules("r", frozenset({text_hash("Drop me")}))
    removed = prune(tree, rules)
    assert [o.text for o in removed] == ["Drop me"]
    assert " ".join(tree.find("body").itertext()) == "Keep this. tail text And this."


def test_a_line_joined_to_another_block_is_dropped_by_its_text():
    rules = TemplateRules("r", frozenset({text_hash(NOTES)}))
    text, dropped = drop_lines(f"First.\n{NOTES}\nLast.", rules)
    assert (text, dropped) == ("First.\nLast.", 1)


def test_a_profile_round_trips_as_canonical_json(profile):
    payload = profile_bytes(profile)
    assert profile_bytes(read_profile(payload)) == payload
    assert same_rules(read_profile(payload), profile)
    other = {**profile, "pages": 99}
    assert same_rules(other, profile)  # more articles, the same blocks: no new record
    assert not same_rules({**profile, "texts": profile["texts"][1:]}, profile)
    with pytest.raises(ValueError):
        read_profile(b'{"format": "something else"}')


def test_a_profile_that_removes_nothing_is_no_profile():
    empty = learn("s", SiteCounts(40, {}, {}), TemplateThresholds())
    assert empty is not None and not empty["texts"] and not empty["places"]
    assert same_rules(empty, None)  # no record is written for it
