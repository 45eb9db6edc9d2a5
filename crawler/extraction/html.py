"""Parsing a page once, and the tree reads that title, byline and date searches share. Pure."""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

# An XHTML page's XML declaration: the text is already decoded, and lxml refuses a str
# that still names an encoding ("Unicode strings with encoding declaration are not
# supported"), which lost 7 of trafilatura's 990 evaluation pages whole.
_XML_DECLARATION = re.compile(r"\A\s*<\?xml\b[^>]*\?>")


def parse_html(html: str):
    """Parse once; every later step reads this tree.

    Comments go, their tails stay: server-rendered React writes ``<!-- -->`` inside
    paragraphs, and trafilatura, handed a tree rather than a string (which it cleans
    itself), ended the paragraph at the comment and lost the words after it."""
    tree = lxml_html.document_fromstring(_XML_DECLARATION.sub("", html, count=1))
    _drop_comments(tree)
    _adopt_trailing_content(tree)
    return tree


def _drop_comments(tree) -> None:
    """Remove comments, joining the text around each into one text node: "by: <!-- -->Jane
    Doe" must read as the one line it shows (``etree.strip_tags`` leaves the pieces as
    separate nodes, which the byline and date scans read one by one)."""
    for comment in list(tree.iter(etree.Comment)):
        parent = comment.getparent()
        if parent is None:
            continue
        tail, comment.tail = comment.tail or "", None
        previous = comment.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail or None
        else:
            parent.text = (parent.text or "") + tail or None
        parent.remove(comment)


def _adopt_trailing_content(root) -> None:
    """Put what follows a stray ``</body></html>`` into the body, as browsers do.

    libxml2 starts a second top-level ``<html>`` for it instead, which nothing that
    reads ``root.find("body")`` (trafilatura, the debris rules, the main block) sees:
    on 12 of the 711 dev pages such a sibling exists, and on one it held the whole
    article. The HTML standard's "after body" modes reprocess such content in the body.
    """
    trailing = []
    sibling = root.getnext()
    while sibling is not None:
        trailing.append(sibling)
        sibling = sibling.getnext()
    trailing = [el for el in trailing if isinstance(el.tag, str)]
    if not trailing:
        return
    body = root.find("body")
    if body is None:
        body = etree.SubElement(root, "body")
    for el in trailing:
        if el.tag != "html":
            body.append(el)
            continue
        for part in list(el):
            if part.tag in ("head", "body"):
                _append_text(body, part.text)
                for child in list(part):
                    body.append(child)
            else:
                body.append(part)


def _append_text(parent, text: str | None) -> None:
    if not text or not text.strip():
        return
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def text_of(el) -> str:
    return " ".join("".join(el.itertext()).split())


BYLINE_WORDS = {
    "author",
    "authors",
    "byline",
    "writer",
    "contributor",
    "contributors",
    "submitted",
}
DATE_WORDS = {"date", "time", "published", "posted", "submitted", "dateline", "pubdate", "meta"}
_SPLIT_WORDS = re.compile(r"[\s_\-:./]+|(?<=[a-z])(?=[A-Z])")


# next/font puts "__className_d44908" on any text it styles: it says "name" to the
# word split and nothing about the element.
_FONT_CLASS = re.compile(r"__(?:className|variable)_[0-9a-f]+")


def class_words(el) -> set[str]:
    out: set[str] = set()
    for name in ("class", "id", "data-testid"):
        value = el.get(name)
        if value:
            if name == "class" and "__" in value:
                value = _FONT_CLASS.sub(" ", value)
            out.update(p.lower() for p in _SPLIT_WORDS.split(value) if p)
    return out


def spaced_text(el) -> str:
    """Text with a space between elements: "By<a>Jane</a>" reads "By Jane", not "ByJane"."""
    return " ".join(" ".join(t for t in el.itertext()).split()).replace(" ,", ",")


def short_text(el, limit: int) -> str | None:
    """``spaced_text`` of an element, or None as soon as it passes ``limit`` characters:
    a byline is short, and an author class on a wrapper must not cost its whole text."""
    parts: list[str] = []
    size = 0
    for t in el.itertext():
        size += len(t)
        if size > 4 * limit:  # whitespace counts here; the test below is on words
            return None
        parts.append(t)
    text = " ".join(" ".join(parts).split()).replace(" ,", ",")
    return text if len(text) <= limit else None


def attrs_containing(attrs: tuple[str, ...], parts: tuple[str, ...]) -> str:
    return " | ".join(
        f".//@{a}[" + " or ".join(f"contains(., '{p}')" for p in parts) + "]/.." for a in attrs
    )


MARKED = ("class", "id", "data-testid")


# Where "author" names someone other than the article's writer: a commenter, a
# testimonial, a comment form's "Name *" field, a menu link to the staff pages, the
# expert who reviewed the piece.
_ELSEWHERE_WORDS = {
    "comment", "comments", "commentlist", "respond", "reply", "replies", "discussion",
    "testimonial", "testimonials", "menu", "nav", "navbar", "dropdown",
}  # fmt: skip
_ELSEWHERE_TAGS = {"nav", "form", "input", "textarea", "select"}
# Only on the element or its parent: a "reviewed-by" block often holds the author too.
_REVIEWER_WORDS = {"reviewer", "reviewers", "reviewed", "factchecker"}


_MENU_WORDS = {"menu", "nav", "navbar", "dropdown"}


# What a comment credits instead of a byline: "Comment by X", "Reply by X", "Answered by".
_COMMENT_CREDIT = re.compile(
    r"\b(?:comments?|commented|replies|reply|replied|responses?|answer(?:ed)?)\s*(?:by)?\s*:?\s*$",
    re.I,
)
# The heading over a comment section: "3 Comments", "Leave a Reply", "Responses".
_COMMENTS_HEADING = re.compile(
    r"^\W*\d*\s*(?:comments?|responses?|replies|reactions|discussion|leave a (?:reply|comment)"
    r"|kommentare?|commentaires?|comentarios?|commenti)\b",
    re.I,
)
_HEADINGS = {"h2", "h3", "h4", "h5"}


def elsewhere(el) -> bool:
    """Inside comments, a form, a menu or a reviewer credit: not the article's byline.

    Comments are found by their markup, by a credit that says so ("Comment by"), or by
    the heading over them ("3 Comments"), whatever their classes: comments are never a
    byline. The climb stops at ``<article>`` or ``<main>``: a menu does not hold them, so
    a layout class there ("offset-nav") says nothing; a comment may be an article."""
    if _credits_a_comment(el):
        return True
    node = el
    for depth in range(8):
        if node is None or node.tag in ("body", "html"):
            return False
        words = class_words(node)
        if node.tag in ("article", "main"):
            return bool(words & (_ELSEWHERE_WORDS - _MENU_WORDS))
        if node.tag in _ELSEWHERE_TAGS or words & _ELSEWHERE_WORDS:
            return True
        if depth < 2 and words & _REVIEWER_WORDS:
            return True
        if depth < 3 and _under_comments_heading(node):
            return True
        node = node.getparent()
    return False


def _credits_a_comment(el) -> bool:
    """The words just before an element (or before "by" in its own text) credit a
    comment: "Comment by <a>X</a>", "<b>Reply</b> by X"."""
    before = ""
    previous = el.getprevious()
    if previous is not None:
        before = (text_of(previous) + " " + (previous.tail or "")).strip()
    elif el.getparent() is not None:
        before = (el.getparent().text or "").strip()
    own = text_of(el)
    # "Comment by X" in the element's own text, or a label element ("<b>Comment</b>") whose
    # tail is the " by X".
    own = own.split(" by ", 1)[0] if " by " in own else own if len(own.split()) <= 3 else ""
    return bool(_COMMENT_CREDIT.search(before[-40:]) or _COMMENT_CREDIT.search(own[-40:]))


def _under_comments_heading(node) -> bool:
    """A heading saying "Comments" among the few elements just before ``node``."""
    for i, sibling in enumerate(node.itersiblings(preceding=True)):
        if i >= 3:
            break
        if sibling.tag in _HEADINGS and _COMMENTS_HEADING.match(text_of(sibling)):
            return True
    return False


def heading_text(h) -> str:
    """A heading's text with a space for each ``<br>``: "Top MBA Programs (US)<br>Your
    Guide" is two phrases, not "(US)Your"."""
    parts: list[str] = [h.text or ""]
    for child in h:
        if isinstance(child.tag, str):
            parts.append(" " if child.tag == "br" else heading_text(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def remove_element(el) -> None:
    """Drop an element but keep the text that follows it (lxml stores it as its tail):
    the debris rules and the site template both take blocks out of running text."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail and tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)
