"""Golden pages: hand-written article pages in the styles of real CMSs, and what to keep.

Each page in ``golden/pages`` (beside this file) carries the debris of a CMS family
(comment forms, share boxes, related posts, newsletter boxes, paywalls, duplicated mobile
bodies, captions, category kickers...). ``golden/expectations.toml`` says which sentences
the text must keep, which planted debris it must not contain and what the metadata should be.

The per-page tests say exactly what is wrong on which page. The ratchet test computes the same
checks as corpus-level figures and holds each at or above its floor in ``golden/ratchet.json``,
so that no change can quietly make the golden set worse. Print the current figures with
``.venv/bin/python -m tests.crawler.extraction.test_golden``.
"""

from __future__ import annotations

import html
import json
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from lxml import html as lxml_html

from crawler import urls
from crawler.extraction import Extraction, extract

GOLDEN = Path(__file__).resolve().parent / "golden"
PAGES_DIR = GOLDEN / "pages"
_TOML = tomllib.loads((GOLDEN / "expectations.toml").read_text(encoding="utf-8"))
EXPECTATIONS: list[dict] = _TOML["page"]
BY_FILE = {page["file"]: page for page in EXPECTATIONS}
# Pages that are not articles (a forum thread, a shop's product), and why each is refused.
REFUSED: list[dict] = _TOML.get("refused", [])
RATCHET_PATH = GOLDEN / "ratchet.json"

FIGURES = (
    "articles_extracted",
    "must_contain_kept",
    "must_not_contain_clean",
    "pages_without_repeated_paragraph",
    "title_accuracy",
    "author_accuracy",
    "date_accuracy",
    "language_accuracy",
)


def norm(text: str) -> str:
    """Whitespace collapsed (``&nbsp;`` included): how snippets and titles are compared."""
    return " ".join(text.split())


def page_id(page: dict) -> str:
    return page["file"].removesuffix(".html")


def each_page(pages: list[dict] | None = None):
    return pytest.mark.parametrize("page", pages or EXPECTATIONS, ids=page_id)


@cache
def extraction(file: str) -> Extraction:
    page = BY_FILE[file]
    body = (PAGES_DIR / file).read_bytes()
    return extract(body, page["url"], http_charset=page.get("http_charset"))


def lines(text: str) -> list[str]:
    return [norm(line) for line in text.splitlines() if line.strip()]


@dataclass(frozen=True)
class Score:
    """How one page fares against its expectations."""

    extracted: bool
    reason: str
    lost: tuple[str, ...]
    leaked: tuple[str, ...]
    repeated: tuple[str, ...]
    title_ok: bool
    author_ok: bool
    date_ok: bool
    language_ok: bool


def titles(page: dict) -> list[str]:
    title = page["title"]
    return [norm(t) for t in ([title] if isinstance(title, str) else title)]


def title_ok(page: dict, title: str | None) -> bool:
    return title is not None and norm(title) in titles(page)


def author_ok(page: dict, author: str | None) -> bool:
    return author is not None and norm(author).casefold() == norm(page["author"]).casefold()


def date_ok(page: dict, published: str | None) -> bool:
    if page["published"] == "none":
        return published is None
    return published is not None and published.startswith(page["published"])


def primary_language(tag: str | None) -> str | None:
    return tag.replace("_", "-").split("-")[0].strip().lower() if tag else None


def language_ok(page: dict, language: str | None) -> bool:
    return primary_language(language) == page["language"]


@cache
def score(file: str) -> Score:
    page = BY_FILE[file]
    result = extraction(file)
    article = result.article
    if article is None:
        return Score(
            False, result.reason, tuple(page["must_contain"]), (), (), False, False, False, False
        )
    text = norm(article.text)
    counts = Counter(lines(article.text))
    return Score(
        extracted=True,
        reason=result.reason,
        lost=tuple(s for s in page["must_contain"] if norm(s) not in text),
        leaked=tuple(s for s in page["must_not_contain"] if norm(s) in text),
        repeated=tuple(line for line, n in counts.items() if n > 1)
        if page.get("unique_paragraphs", True)
        else (),
        title_ok=title_ok(page, article.title),
        author_ok=author_ok(page, article.author),
        date_ok=date_ok(page, article.published),
        language_ok=language_ok(page, article.language),
    )


def corpus_figures() -> dict[str, float]:
    """The ratchet figures over the whole golden set.

    A page that yields no article counts as losing all its snippets, as repeated and as wrong
    on every piece of metadata; it leaks nothing, which ``articles_extracted`` makes up for.
    """
    scores = [score(page["file"]) for page in EXPECTATIONS]
    pages = len(scores)
    wanted = sum(len(page["must_contain"]) for page in EXPECTATIONS)
    debris = sum(len(page["must_not_contain"]) for page in EXPECTATIONS)
    return {
        "articles_extracted": sum(s.extracted for s in scores) / pages,
        "must_contain_kept": 1 - sum(len(s.lost) for s in scores) / wanted,
        "must_not_contain_clean": 1 - sum(len(s.leaked) for s in scores) / debris,
        "pages_without_repeated_paragraph": sum(s.extracted and not s.repeated for s in scores)
        / pages,
        "title_accuracy": sum(s.title_ok for s in scores) / pages,
        "author_accuracy": sum(s.author_ok for s in scores) / pages,
        "date_accuracy": sum(s.date_ok for s in scores) / pages,
        "language_accuracy": sum(s.language_ok for s in scores) / pages,
    }


def article_of(page: dict):
    result = extraction(page["file"])
    assert result.article is not None, f"no article: {result.reason}"
    return result.article


def context_of(text: str, snippet: str, width: int = 60) -> str:
    """The line of ``text`` holding ``snippet``, cut to ``width`` characters either side."""
    needle = norm(snippet)
    for line in lines(text):
        at = line.find(needle)
        if at >= 0:
            start, end = max(0, at - width), at + len(needle) + width
            return ("…" if start else "") + line[start:end] + ("…" if end < len(line) else "")
    return "(across lines)"


# The golden set itself


def test_every_page_has_expectations_and_every_expectation_has_a_page():
    on_disk = {path.name for path in PAGES_DIR.glob("*.html")}
    refused = {page["file"] for page in REFUSED}
    assert on_disk == set(BY_FILE) | refused
    assert not refused & set(BY_FILE)
    assert len(EXPECTATIONS) == len(BY_FILE) >= 10


def page_source(page: dict) -> str:
    body = (PAGES_DIR / page["file"]).read_bytes()
    return body.decode(page.get("http_charset") or "utf-8")


def visible_text(page: dict) -> str:
    tree = lxml_html.fromstring(page_source(page))
    for node in tree.xpath("//script | //style | //noscript"):
        node.drop_tree()
    return norm(tree.text_content())


@each_page()
def test_every_body_snippet_is_visible_text_of_the_page(page):
    text = visible_text(page)
    absent = [s for s in page["must_contain"] if norm(s) not in text]
    assert not absent, f"body snippets not on the page: {absent}"


@each_page()
def test_every_debris_snippet_is_really_planted_in_the_page(page):
    """Visible text, or an attribute (an input's value, a meta author) that could leak."""
    text, source = visible_text(page), norm(html.unescape(page_source(page)))
    absent = [s for s in page["must_not_contain"] if norm(s) not in text and norm(s) not in source]
    assert not absent, f"debris snippets not on the page: {absent}"


@each_page()
def test_no_debris_snippet_is_part_of_a_body_snippet(page):
    clashes = [
        (bad, good)
        for bad in page["must_not_contain"]
        for good in page["must_contain"]
        if norm(bad) in norm(good)
    ]
    assert not clashes


@each_page()
def test_every_page_has_full_expectations(page):
    assert page["url"].startswith(("http://", "https://"))
    assert titles(page) and page["author"] and page["published"] and page["language"]
    assert page["published"] == "none" or len(page["published"]) == 10
    assert page.get("unique_paragraphs") is True
    assert len(page["must_contain"]) >= 5 and len(page["must_not_contain"]) >= 10


@each_page([p for p in EXPECTATIONS if p.get("http_charset")])
def test_a_header_charset_page_declares_no_charset_and_is_not_utf8(page):
    body = (PAGES_DIR / page["file"]).read_bytes()
    assert b"charset" not in body.lower()
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")


# What the extractor makes of each page


@each_page()
def test_the_page_is_extracted_as_an_article(page):
    article_of(page)


@each_page()
def test_every_body_snippet_is_kept(page):
    article_of(page)
    lost = score(page["file"]).lost
    assert not lost, "lost from the text:\n" + "\n".join(f"  - {s!r}" for s in lost)


@each_page()
def test_no_planted_debris_leaks_into_the_text(page):
    text = article_of(page).text
    leaked = score(page["file"]).leaked
    assert not leaked, "debris in the text:\n" + "\n".join(
        f"  - {s!r} in {context_of(text, s)!r}" for s in leaked
    )


@each_page()
def test_no_paragraph_appears_twice(page):
    article_of(page)
    repeated = score(page["file"]).repeated
    assert not repeated, "repeated lines:\n" + "\n".join(f"  - {line!r}" for line in repeated)


@each_page()
def test_the_title_is_the_headline(page):
    title = article_of(page).title
    assert title_ok(page, title), f"title {title!r}, expected one of {titles(page)!r}"


@each_page()
def test_the_author_is_the_person_who_wrote_it(page):
    author = article_of(page).author
    assert author_ok(page, author), f"author {author!r}, expected {page['author']!r}"


@each_page()
def test_the_published_date_is_the_one_the_page_gives_or_none(page):
    published = article_of(page).published
    assert date_ok(page, published), f"published {published!r}, expected {page['published']!r}"


@each_page()
def test_the_language_is_the_language_of_the_page(page):
    language = article_of(page).language
    assert language_ok(page, language), f"language {language!r}, expected {page['language']!r}"


@each_page([p for p in EXPECTATIONS if p.get("description")])
def test_the_standfirst_is_the_description_and_not_a_line_of_the_text(page):
    article = article_of(page)
    assert norm(article.description or "") == norm(page["description"])
    assert norm(page["description"]) not in norm(article.text)


@pytest.mark.parametrize("page", REFUSED, ids=page_id)
def test_a_page_that_is_not_an_article_is_refused_for_its_reason(page):
    body = (PAGES_DIR / page["file"]).read_bytes()
    result = extract(body, page["url"])
    assert (result.article, result.reason) == (None, page["reason"]), page["why"]


@each_page([p for p in EXPECTATIONS if p.get("canonical_url")])
def test_the_canonical_url_is_the_one_the_page_declares(page):
    expected = urls.canonicalize_url(page["canonical_url"]) or page["canonical_url"]
    assert article_of(page).canonical_url == expected


# The ratchet


def test_the_ratchet_has_a_floor_for_every_figure_and_says_how_floors_move():
    ratchet = json.loads(RATCHET_PATH.read_text(encoding="utf-8"))
    assert set(ratchet["floors"]) == set(FIGURES)
    assert all(0 <= floor <= 1 for floor in ratchet["floors"].values())
    assert ratchet["comment"]


def test_the_golden_figures_stay_at_or_above_their_ratchet_floors():
    floors = json.loads(RATCHET_PATH.read_text(encoding="utf-8"))["floors"]
    figures = corpus_figures()
    below = {
        name: f"{figures[name]:.4f} < floor {floor}"
        for name, floor in floors.items()
        if figures[name] < floor
    }
    assert not below, f"below the ratchet: {below}; all figures: {figures}"


if __name__ == "__main__":
    print(json.dumps({name: round(value, 4) for name, value in corpus_figures().items()}, indent=2))
