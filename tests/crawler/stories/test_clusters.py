"""crawler.stories.clusters: signatures, "Source link" evidence, clusters of copies."""

from __future__ import annotations

import itertools
import random
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.extract import extract_article
from crawler.stories.clusters import (
    NUM_PERM,
    THRESHOLD,
    Cluster,
    ClusterIndex,
    Member,
    Signature,
    SignatureError,
    cluster,
    signature,
    source_link,
    words,
)

ROOT = Path(__file__).resolve().parents[3]
AGGREGATOR_PAGE = ROOT / "tests/crawler/extraction/golden/pages/aggregator-webb-water-vapour.html"
AGGREGATOR_URL = (
    "https://newsbreakhub.net/science/"
    "astronomers-detect-water-vapour-in-the-planet-forming-disc-of-a-young-star/"
)
ORIGINAL_URL = "https://www.skyandsciencedaily.com/2024/07/01/webb-finds-water-in-rocky-planet-zone-of-young-star/"
ORIGINAL_KEY = (
    "https://skyandsciencedaily.com/2024/07/01/webb-finds-water-in-rocky-planet-zone-of-young-star"
)

WIRE = (
    "LONDON (Wire) - Britain's rail regulator on Tuesday ordered three train operators to"
    " refund passengers for cancellations during last winter's strikes, saying the companies"
    " had failed to tell travellers about their rights to compensation in time.\n"
    "The Office of Rail and Road said the operators, which together run services for more than"
    " a million passengers a day, must contact affected season-ticket holders within eight"
    " weeks and pay refunds automatically where they hold contact details.\n"
    '"Passengers were left out of pocket because they were not told what they were owed," the'
    " regulator's chief executive said in a statement. \"That is not acceptable, and we expect"
    ' the money to be paid quickly."\n'
    "The operators said they would comply. One of them said it had already paid more than four"
    " million pounds in compensation and was reviewing how it communicated with customers"
    " during disruption.\n"
    "Consumer groups welcomed the decision but said the compensation scheme remained too"
    " complicated, with different rules for different tickets and different operators.\n"
    "The regulator said it would publish guidance for all operators by the end of the year and"
    " could impose fines of up to ten percent of turnover on companies that did not follow it.\n"
    "Unions are due to meet employers next week in a further attempt to settle the long-running"
    " dispute over pay and working conditions, which has led to dozens of days of strikes since"
    " last summer."
)

# Two different articles on one story: the same names, the same event, the same quote.
QUOTE = (
    '"This is the very first GenAI final footage to appear on screen in a Netflix original'
    ' series or film," Sarandos said.'
)
STORY_TECH = (
    "Netflix has used generative AI to create a visual effects shot in one of its original"
    " series for the first time, co-chief executive Ted Sarandos told investors on Thursday."
    " The streaming company's Argentine science fiction series The Eternaut, known in Spanish"
    " as El Eternauta, featured a sequence of a building collapsing in Buenos Aires that was"
    f" produced with the new tools. {QUOTE} He said the team completed the scene about ten"
    " times faster than it could have with traditional visual effects tools and workflows,"
    " and that the cost would not have been feasible for a show with that budget. The company"
    " reported quarterly revenue of eleven billion dollars, up sixteen percent from a year"
    " earlier, and raised its forecast for the full year on the strength of advertising and"
    " subscription price increases. Shares rose in extended trading after the results."
)
STORY_FILM = (
    "Visual effects artists reacted with alarm after Netflix revealed that a scene in The"
    " Eternaut was made with generative AI. Speaking on the earnings call, Ted Sarandos"
    " described the collapse of a building in Buenos Aires as a milestone for the industry."
    f" {QUOTE} The Argentine series, adapted from the comic by Hector German Oesterheld, has"
    " been one of the platform's most watched non-English titles this year. Several artists"
    " who worked on earlier seasons of other shows said on social media that the"
    " announcement confirmed their fears that studios would replace skilled crews with"
    " software. A union representing animation workers said it would seek protections in its"
    " next contract, while producers argued that the technology lets smaller productions"
    " attempt spectacle they could never afford before."
)


def member(
    article_id: int,
    text: str,
    url_key: str,
    published: str | None,
    *,
    first_seen: str = "2024-07-03T00:00:00.000000+00:00",
    link: str | None = None,
    title: str | None = None,
) -> Member:
    return Member(article_id, url_key, published, first_seen, signature(text, title), link)


def edited(text: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def aggregator_text() -> str:
    article = extract_article(AGGREGATOR_PAGE.read_bytes(), AGGREGATOR_URL)
    assert article is not None
    return article.text


def original_text() -> str:
    """The outlet's original, of which the aggregator's text is a lightly edited copy."""
    return (
        edited(
            aggregator_text(),
            ("according to a new study", "according to a study published on Monday"),
            ("only a few million years old", "just a few million years old"),
            ("the team said", "the researchers said"),
        )
        + "\nThe findings were published in the journal Nature Astronomy."
    )


def wire_copies() -> list[Member]:
    outlet_a = member(
        11, WIRE, "https://daily-a.example/business/rail-refunds", "2024-05-14T09:02:00Z"
    )
    outlet_b = member(
        12,
        edited(
            WIRE.rsplit("\n", 1)[0],
            ("on Tuesday ordered", "ordered"),
            ("more than four million pounds", "over 4 million pounds"),
            ("Consumer groups welcomed", "Passenger groups welcomed"),
        ),
        "https://gazette-b.example/news/2024/05/14/regulator-orders-rail-refunds",
        "2024-05-14T10:30:00+01:00",
        title="Rail firms told to refund strike-hit passengers",
    )
    outlet_c = member(
        13,
        edited(WIRE, ("ten percent", "10 per cent"), ("travellers", "travelers"))
        + "\nEditor's note: this story has been updated with the operators' response.",
        "https://post-c.example/uk/rail-regulator-refunds",
        "2024-05-14T11:15:00+00:00",
    )
    return [outlet_a, outlet_b, outlet_c]


def story_pair() -> list[Member]:
    return [
        member(
            21,
            STORY_TECH,
            "https://tech.example/netflix-generative-ai-eternaut",
            "2024-07-18T21:00:00Z",
        ),
        member(
            22, STORY_FILM, "https://film.example/vfx-artists-eternaut-ai", "2024-07-19T08:00:00Z"
        ),
    ]


def aggregator_pair() -> list[Member]:
    return [
        member(
            1,
            aggregator_text(),
            "https://newsbreakhub.net/science/astronomers-detect-water-vapour-in-the-planet-forming-disc-of-a-young-star",
            "2024-07-02T06:14:09+00:00",
            link=source_link(AGGREGATOR_PAGE.read_bytes(), AGGREGATOR_URL),
            first_seen="2024-07-02T07:00:00.000000+00:00",
        ),
        member(
            2,
            original_text(),
            ORIGINAL_KEY,
            "2024-07-01",
            first_seen="2024-07-02T08:00:00.000000+00:00",
        ),
    ]


def translated_copy() -> Member:
    return member(
        3,
        "Los astrónomos han detectado grandes cantidades de vapor de agua en la parte interior"
        " de un disco de gas y polvo alrededor de una estrella joven en la constelación de Tauro,"
        " en la zona donde se cree que se forman planetas rocosos similares a la Tierra, según un"
        " nuevo estudio. El equipo utilizó el instrumento de infrarrojo medio del telescopio"
        " espacial James Webb para estudiar el disco.",
        "https://noticias-agregadas.example/ciencia/vapor-de-agua-disco-estrella-joven",
        "2024-07-02T12:00:00+00:00",
        link=ORIGINAL_URL,
    )


def everything() -> list[Member]:
    return [*aggregator_pair(), translated_copy(), *wire_copies(), *story_pair()]


def shape(clusters: list[Cluster]) -> list[tuple[int, list[int]]]:
    return [(c.original_article_id, sorted(c.article_ids)) for c in clusters]


# -- signatures ------------------------------------------------------------------------------


def test_a_signature_is_the_same_bytes_in_another_process():
    here = signature(WIRE, "Rail firms told to refund passengers").to_bytes()
    code = (
        "import sys; from crawler.stories.clusters import signature;"
        "sys.stdout.write(signature(sys.stdin.read(), 'Rail firms told to refund passengers')"
        ".to_bytes().hex())"
    )
    there = subprocess.run(
        [sys.executable, "-c", code], input=WIRE, capture_output=True, text=True, cwd=ROOT
    )
    assert there.returncode == 0, there.stderr
    assert bytes.fromhex(there.stdout) == here


def test_a_signature_survives_its_bytes():
    sig = signature(WIRE)
    data = sig.to_bytes()
    assert len(data) == NUM_PERM * 8
    assert Signature.from_bytes(data, sig.shingles) == sig
    assert Signature.from_bytes(data, sig.shingles).jaccard(sig) == 1.0


def test_bytes_of_another_length_are_refused_as_a_signature():
    with pytest.raises(SignatureError):
        Signature.from_bytes(signature(WIRE).to_bytes()[:-8], 10)


def test_case_accents_quotes_and_spacing_do_not_change_a_signature():
    plain = "Le president a dit que l'ecole ouvrira en septembre, selon le maire de la ville."
    styled = "Le  Président a dit que l’école\nouvrira en Septembre — selon le MAIRE de la ville !"
    assert words(plain) == words(styled)
    assert signature(plain).to_bytes() == signature(styled).to_bytes()


def test_an_empty_text_is_like_nothing_not_like_every_other_empty_text():
    assert signature("").shingles == 0
    assert signature("").jaccard(signature("  ")) == 0.0


def test_unspaced_scripts_are_shingled_by_characters():
    text = "日本銀行は金融政策決定会合で短期金利の誘導目標を据え置くことを決めた"
    assert signature(text).shingles == len(text) - 4


# -- the "Source link" evidence --------------------------------------------------------------


def test_an_aggregators_source_link_names_the_original():
    assert source_link(AGGREGATOR_PAGE.read_bytes(), AGGREGATOR_URL) == ORIGINAL_URL


@pytest.mark.parametrize(
    "body",
    [
        '<p>Originally published at <a href="https://orig.example/2024/a-story">Orig News</a>.</p>',
        "<p>This article is republished from <a href='https://theconv.example/'>The Conv</a>"
        " under a Creative Commons license. Read the"
        ' <a href="https://theconv.example/a-story-123">original article</a>.</p>',
        '<p>This story first appeared on <a href="//orig.example/2024/a-story">Orig News</a>.</p>',
        '<p><a href="https://orig.example/2024/a-story?utm_source=agg">Read the full story at'
        " Orig News</a></p>",
    ],
)
def test_a_repost_says_where_it_was_first_published_in_several_ways(body):
    html = f"<html><body><article><p>Some text of the story.</p>{body}</article></body></html>"
    found = source_link(html, "https://agg.example/news/a-story/")
    assert found in {"https://orig.example/2024/a-story", "https://theconv.example/a-story-123"}


@pytest.mark.parametrize(
    "body",
    [
        # a link on the page's own site: navigation, not an original
        '<p><a href="https://agg.example/category/science/">Source link</a></p>',
        # a front page: where an outlet is, not what was copied
        '<p>Originally published at <a href="https://orig.example/">Orig News</a></p>',
        # a chart's or a figure's source, as blogs credit them
        '<p>Source: <a href="https://stats.example/report-2024">Stats Office</a></p>',
        '<p>At $100 an hour (<a href="https://moz.example/blog/seo-pricing">source</a>), you'
        " get a few hours of work.</p>",
        # two sites: sources cited, not the original of a copy
        '<p>Originally published on <a href="https://stats.example/report-2024">Stats</a> and'
        ' <a href="https://bank.example/review/2024">the central bank</a></p>',
        # prose that mentions where something was first published is not a source line
        "<p>Originally published in 1931, "
        + "the novel was reissued again and again and the minister said that " * 4
        + '<a href="https://gov.example/budget/2024">the budget</a></p>',
        # a sidebar's "source" belongs to the site, not to the article
        '<aside><a href="https://orig.example/2024/other">Source link</a></aside>',
        # a photo's credit
        '<figure><img src="x.jpg"><figcaption>Image: <a href="https://commons.example/wiki/'
        'File:Dam.jpg">Source link</a></figcaption></figure>',
    ],
)
def test_links_that_do_not_say_the_article_is_a_copy_are_not_evidence(body):
    html = f"<html><body><article><p>Some text of the story.</p>{body}</article></body></html>"
    assert source_link(html, "https://agg.example/news/a-story/") is None


def test_a_site_footers_links_are_the_sites_but_an_entry_footers_are_the_articles():
    footer = '<footer><a href="https://network.example/about/us">Source link</a></footer>'
    entry = (
        '<footer class="entry-meta"><a href="https://orig.example/2024/a">Source link</a></footer>'
    )
    page = "<html><body><main><article><p>The story.</p>{}</article></main>{}</body></html>"
    assert source_link(page.format("", footer), "https://agg.example/a") is None
    found = source_link(page.format(entry, footer), "https://agg.example/a")
    assert found == "https://orig.example/2024/a"


def test_a_republished_articles_read_the_original_names_its_original():
    html = (
        "<html><body><article><p>The story.</p><p>This article is republished from"
        ' <a href="https://theconversation.com/">The Conversation</a> under a Creative Commons'
        ' license. Read the <a href="https://theconversation.com/heres-how-236555">original'
        " article</a>.</p></article></body></html>"
    )
    found = source_link(html, "https://news.clemson.edu/heres-how/")
    assert found == "https://theconversation.com/heres-how-236555"


# Credits that say "Source" but copy nothing, in the shapes the development pages show
# them (bench/source_links.py counts what the rules find on every development page).
CREDITS = {
    "under a chart": '<figure><img src="/c.png"><figcaption>Source: <a href="https://www.'
    'digitalguider.com/stats/smartphones">www.digitalguider.com</a></figcaption></figure>',
    "under a statistic": '<p>73% of people watch explainer videos. Source: <a href="https://'
    'wyzowl.com/video-marketing-statistics/">wyzowl.com</a></p>',
    "a bare label": '<p>Source: <a href="https://www.g2.com/articles/software-stats">G2</a></p>',
    "an etching's caption": '<figure><img src="/e.jpg"><figcaption>An etching of the harbour'
    ' in 1850. <a href="https://commons.example.org/wiki/File:Harbour.jpg">Source</a>.'
    "</figcaption></figure>",
    "a figure in prose": '<p>The rate doubled in a decade (<a href="https://stats.example.org/'
    'rates/2024">Source</a>), and the council took note.</p>',
}


@pytest.mark.parametrize("credit", sorted(CREDITS))
def test_credits_of_figures_are_not_taken_for_copies(credit):
    page = (
        "<html><body><article><h1>Phones and us</h1><p>"
        + "Our reporter looked at how people use their phones. " * 8
        + f"</p>{CREDITS[credit]}<p>"
        + "The figures suggest a change in habits. " * 6
        + "</p></article></body></html>"
    )
    assert source_link(page, "https://news.example.com/2024/05/phones") is None


def test_a_source_line_in_the_text_counts_when_there_is_no_page():
    text = "The story.\nOriginally published at https://orig.example/2024/a-story."
    assert source_link(None, "https://agg.example/a", text) == "https://orig.example/2024/a-story"


# -- clusters ------------------------------------------------------------------------------


def test_an_aggregators_repost_clusters_with_the_original_it_links_to():
    copy, original = aggregator_pair()
    assert copy.signature.jaccard(original.signature) >= THRESHOLD
    (found,) = cluster([copy, original])
    assert found.original_article_id == original.article_id
    assert found.evidence == "source_link"
    roles = {m.article_id: (m.role, m.evidence) for m in found.members}
    assert roles == {1: ("copy", "source_link"), 2: ("original", "source_link")}
    assert found.members[1].similarity == copy.signature.jaccard(original.signature)


def test_the_linked_original_wins_even_when_its_copy_is_dated_earlier():
    copy, original = aggregator_pair()
    original = Member(
        original.article_id,
        original.url_key,
        "2024-07-05T00:00:00Z",
        original.first_seen,
        original.signature,
    )
    (found,) = cluster([copy, original])
    assert found.original_article_id == original.article_id


def test_a_machine_translated_repost_joins_its_original_by_its_source_link_alone():
    translated = translated_copy()
    copy, original = aggregator_pair()
    assert translated.signature.jaccard(original.signature) < 0.1
    (found,) = cluster([copy, original, translated])
    assert found.original_article_id == original.article_id
    assert sorted(found.article_ids) == [1, 2, 3]


def test_a_wire_story_on_three_outlets_with_small_edits_is_one_cluster_under_the_earliest():
    (found,) = cluster(wire_copies())
    assert sorted(found.article_ids) == [11, 12, 13]
    assert found.original_article_id == 11  # 09:02Z, before 09:30Z (10:30+01:00) and 11:15Z
    assert found.evidence == "earliest"
    assert all(m.similarity >= THRESHOLD for m in found.members)
    assert {m.evidence for m in found.members} == {"near_duplicate"}


def test_two_different_articles_on_one_story_do_not_cluster():
    tech, film = story_pair()
    assert tech.signature.jaccard(film.signature) < 0.1
    assert cluster([tech, film]) == []


def test_ties_on_the_published_date_go_to_the_first_stored_then_the_smallest_address():
    text = WIRE
    same_day = "2024-05-14"
    a = member(31, text, "https://b.example/x", same_day, first_seen="2024-05-14T10:00:00+00:00")
    b = member(32, text, "https://a.example/x", same_day, first_seen="2024-05-14T10:00:00+00:00")
    c = member(33, text, "https://c.example/x", same_day, first_seen="2024-05-14T09:00:00+00:00")
    assert cluster([a, b, c])[0].original_article_id == 33
    assert cluster([a, b])[0].original_article_id == 32


def test_an_undated_copy_is_never_the_original_of_a_dated_one():
    undated = member(41, WIRE, "https://a.example/x", None, first_seen="2024-01-01T00:00:00+00:00")
    dated = member(
        42, WIRE, "https://b.example/x", "2024-05-14", first_seen="2024-06-01T00:00:00+00:00"
    )
    assert cluster([undated, dated])[0].original_article_id == 42


def test_clusters_do_not_depend_on_the_order_of_the_articles():
    members = everything()
    expected = cluster(members)
    assert shape(expected) == [(2, [1, 2, 3]), (11, [11, 12, 13])]
    for order in itertools.permutations(members[:6]):
        assert cluster(list(order)) == cluster(members[:6])
    rng = random.Random(23)
    for _ in range(50):
        shuffled = members[:]
        rng.shuffle(shuffled)
        assert cluster(shuffled) == expected


def test_an_index_built_in_any_order_holds_what_a_rebuild_finds():
    members = everything()
    expected = cluster(members)
    rng = random.Random(7)
    for _ in range(20):
        shuffled = members[:]
        rng.shuffle(shuffled)
        index = ClusterIndex()
        for m in shuffled:
            index.add(m)
        assert index.clusters() == expected


def test_adding_an_article_says_which_cluster_it_joined():
    copy, original = aggregator_pair()
    index = ClusterIndex()
    first = index.add(copy)
    assert first.clusters == () and index.cluster_of(copy.article_id) is None
    second = index.add(original)
    assert second.touched == {1, 2}
    assert second.cluster_of(1) == index.cluster_of(1) == cluster([copy, original])[0]


def test_an_index_that_merges_its_bands_often_holds_what_a_rebuild_finds():
    members = everything()
    rng = random.Random(13)
    for merge_every in (1, 2, 3):
        index = ClusterIndex(rng.sample(members, len(members)), merge_every=merge_every)
        assert index.clusters() == cluster(members)
        for gone in rng.sample(members, 3):
            index.remove(gone.article_id)
            index.add(gone)
            assert index.clusters() == cluster(members)
        for gone in members[::2]:
            index.remove(gone.article_id)
        assert index.clusters() == cluster(members[1::2])


def test_hundreds_of_articles_with_copies_of_copies_cluster_alike_in_an_index_and_a_rebuild():
    rng = random.Random(29)
    vocabulary = [f"w{i}" for i in range(2000)]
    texts: list[str] = []
    for n in range(240):
        if n >= 40 and rng.random() < 0.3:
            tokens = rng.choice(texts).split()  # a copy, maybe of a copy
            for _ in range(8):
                tokens[rng.randrange(len(tokens))] = rng.choice(vocabulary)
            texts.append(" ".join(tokens))
        else:
            texts.append(" ".join(rng.choices(vocabulary, k=rng.randint(30, 300))))
    members = [
        member(n, t, f"https://s{n % 7}.example/{n}", f"2024-01-{1 + n % 28:02d}")
        for n, t in enumerate(texts, start=1)
    ]
    expected = cluster(members)
    assert len(expected) > 10
    index = ClusterIndex(rng.sample(members, len(members)), merge_every=16)
    assert index.clusters() == expected
    gone = rng.sample(members, 40)
    for m in gone:
        index.remove(m.article_id)
    assert index.clusters() == cluster([m for m in members if m not in gone])


def test_a_link_to_an_address_held_by_two_articles_joins_both_in_an_index_as_in_a_rebuild():
    a = member(61, STORY_TECH, "https://orig.example/2024/a", "2024-07-18")
    b = member(62, WIRE, "https://orig.example/2024/a", "2024-07-19")
    c = member(
        63, STORY_FILM, "https://agg.example/a", "2024-07-20", link="https://orig.example/2024/a"
    )
    for order in itertools.permutations([a, b, c]):
        index = ClusterIndex(order)
        assert shape(index.clusters()) == shape(cluster([a, b, c])) == [(61, [61, 62, 63])]
        index.remove(61)
        assert index.clusters() == cluster([b, c])


def test_removing_an_article_leaves_what_a_rebuild_without_it_finds():
    members = everything()
    rng = random.Random(11)
    for gone in members:
        index = ClusterIndex(rng.sample(members, len(members)))
        change = index.remove(gone.article_id)
        rest = [m for m in members if m is not gone]
        assert index.clusters() == cluster(rest)
        assert all(gone.article_id not in c.article_ids for c in change.clusters)


def test_a_new_version_of_an_article_moves_it_to_another_cluster_as_a_rebuild_would():
    members = everything()
    index = ClusterIndex(members)
    rewritten = member(12, STORY_FILM + " Correction appended.", members[4].url_key, "2024-05-14")
    change = index.add(rewritten)
    assert change.touched >= {11, 12, 13}
    updated = [rewritten if m.article_id == 12 else m for m in members]
    assert index.clusters() == cluster(updated)
    # 12 left the wire story's cluster and is now a copy of 22, which it predates.
    assert shape(index.clusters()) == [(2, [1, 2, 3]), (11, [11, 13]), (12, [12, 22])]


def test_a_member_joined_through_a_copy_is_compared_with_the_original_not_the_copy():
    rng = random.Random(5)
    vocabulary = [f"word{i}" for i in range(3000)]
    parts = [" ".join(rng.choice(vocabulary) for _ in range(60)) for _ in range(6)]
    a = member(51, " ".join(parts[0:4]), "https://a.example/1", "2024-01-01")
    b = member(52, " ".join(parts[1:5]), "https://b.example/1", "2024-01-02")
    c = member(53, " ".join(parts[2:6]), "https://c.example/1", "2024-01-03")
    assert a.signature.jaccard(c.signature) < THRESHOLD
    (found,) = cluster([a, b, c])
    similarity = {m.article_id: m.similarity for m in found.members}
    assert similarity[53] == a.signature.jaccard(c.signature)
    assert cluster([a, c]) == []
