"""Debris rules on the DOM: what is on a news page but is not the article. Pure.

trafilatura alone was measured here to keep WordPress comment forms, reader
comments, share boxes, image credits, category labels, newsletter boxes,
"Read also" teasers, "Source link" lines and paragraphs that the template
repeats. These rules remove them, on the DOM before trafilatura runs (which
also makes trafilatura cheaper) and on the text after.

Rules find debris by structure and by vocabulary shared across CMSs
(WordPress, Drupal, tagDiv/Newspaper, Arc, Next.js sites): ARIA roles,
microdata types, and the words that class and id attributes are made of
("td-post-sharing" is made of "td", "post", "sharing"). Every rule has a name,
a stat ``extract/debris/<name>`` counting how often it fired, and can be
switched off by name (``EXTRACT_DEBRIS_DISABLED``).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from lxml import etree

from crawler.extraction.html import remove_element

# -- vocabulary matching on class/id ------------------------------------------

_SPLIT = re.compile(r"[\s_\-:./]+|(?<=[a-z])(?=[A-Z])")


def attr_words(el) -> frozenset[str]:
    """The lowercase words that an element's class and id are made of."""
    return _words_of(el.get("class"), el.get("id"))


@functools.lru_cache(maxsize=8192)
def _words_of(cls: str | None, ident: str | None) -> frozenset[str]:
    # Cached: a page repeats a few hundred class strings over thousands of elements, and
    # every element of every page is asked.
    words: set[str] = set()
    for name, value in (("class", cls), ("id", ident)):
        if value:
            if name == "class" and _MODIFIER.search(value):
                value = _MODIFIER.sub(" ", value)
            for part in _SPLIT.split(value):
                if part:
                    words.add(part.lower())
    return frozenset(words)


# Modifier classes say what a block *has* or *lacks* ("has-rail-right", "with-sidebar",
# "no-comments"): the layout wrapper of an article with a rail is not the rail.
_MODIFIER = re.compile(r"(?<!\S)(?:has|with|without|no)[-_]\S*", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]{2,}")


def attr_tokens(el) -> frozenset[str]:
    """Whole class tokens and the id, lowercased (for multi-word names like sharedaddy)."""
    return _tokens_of(el.get("class"), el.get("id"))


@functools.lru_cache(maxsize=8192)
def _tokens_of(cls: str | None, ident: str | None) -> frozenset[str]:
    tokens = {t.lower() for t in (cls or "").split()}
    if ident:
        tokens.add(ident.lower())
    return frozenset(tokens)


# Compiled XPath runs in C: an element's text, its links' text and its paragraphs' text
# without building a Python object per node. The walk below asks these questions of every
# block it visits, big wrappers first, so building them in Python (``itertext`` and a
# proxy object per descendant) cost more than trafilatura itself on 100 KB pages.
_STRING = etree.XPath("string()", smart_strings=False)
_LINK_TEXT = etree.XPath("descendant-or-self::a//text()", smart_strings=False)
_P_TEXT = etree.XPath("descendant-or-self::p//text()", smart_strings=False)
_HREF_COUNT = etree.XPath("count(.//a[@href])")
_HAS_H1 = etree.XPath("boolean(.//h1)")
_HAS_EMAIL_INPUT = etree.XPath('boolean(.//input[@type="email"])')
_HAS_INPUT_BOX = etree.XPath("boolean(.//textarea|.//form)")


def _text_len(el) -> int:
    """Characters of text in an element, surrounding whitespace excluded."""
    return len(_STRING(el).strip())


def _link_density(el, minus: str = "") -> float:
    """The share of an element's visible characters that sit inside links.

    Whitespace is layout, not text: counted, the indentation inside pretty-printed
    menu links would make prose look linked. ``minus`` (a block's title) is left out.
    """
    linked = len("".join("".join(_LINK_TEXT(el)).split()))
    total = len("".join(_STRING(el).split())) - len("".join(minus.split()))
    return linked / total if total > 0 else 1.0


def _p_text_len(el) -> int:
    return sum(map(len, _P_TEXT(el)))


# Words (parts of class/id values) that mark each family of debris.
COMMENT_WORDS = {
    "comments",
    "comment",
    "commentlist",
    "respond",
    "disqus",
    "discussion",
    "replies",
    "reply",
    "commento",
    "coral",
    "openweb",
    "spotim",
    "viafoura",
}
COMMENT_TOKENS = {
    "comments-area",
    "comment-respond",
    "comment-list",
    "commentlist",
    "comments",
    "respond",
    "disqus_thread",
    "fb-comments",
    "comment-form",
    "td-comments-title-wrap",
    "wpdiscuz",
    "comments-section",
    "article-comments",
}
SHARE_WORDS = {
    "share",
    "shares",
    "sharing",
    "sharebar",
    "sharedaddy",
    "social",
    "socials",
    "addtoany",
    "a2a",
    "shareaholic",
    "sociable",
    "ssba",
    "sharethis",
    "follow",
    "socialmedia",
    "socialshare",
    "shareicons",
    "sharetools",
}
NEWSLETTER_WORDS = {
    "newsletter",
    "newsletters",
    "subscribe",
    "subscription",
    "subscriptions",
    "signup",
    "optin",
    "mailchimp",
    "mc4wp",
    "mailing",
    "klaviyo",
    "convertkit",
    "sendinblue",
}
# Not "widget": page builders (Elementor) wrap the article itself in "widget" blocks.
RELATED_WORDS = {
    "related",
    "relatedposts",
    "recommended",
    "recommendations",
    "recirc",
    "outbrain",
    "taboola",
    "yarpp",
    "mostread",
    "popular",
    "trending",
    "readalso",
    "alsoread",
    "morestories",
    "readmore",
    "readnext",
    "upnext",
    "teaser",
    "teasers",
    "rail",
    "sidebar",
}
# Whole class tokens that name the block holding an article's text, in common themes.
ARTICLE_BODY_TOKENS = {
    "entry-content",
    "post-content",
    "article-body",
    "article-content",
    "articlebody",
    "story-body",
    "post-body",
    "entry-body",
}
RELATED_TOKENS = {
    "jp-relatedposts",
    "td-related",
    "related-posts",
    "ob-widget",
    "trc_related_container",
}
RELATED_PAIRS = {
    ("read", "also"),
    ("also", "read"),
    ("more", "stories"),
    ("most", "read"),
    ("read", "more"),
    ("read", "next"),
    ("you", "may"),
    ("more", "from"),
    ("up", "next"),
    ("also", "like"),
}
CAPTION_WORDS = {
    "caption",
    "captions",
    "figcaption",
    "credit",
    "credits",
    "copyright",
    "photographer",
    "imagecredit",
    "photocredit",
    "wp-caption-text",
}
# Not "label" or "flag" as words: Drupal marks every field "field--label-hidden",
# headlines included. Those count only as whole class tokens.
LABEL_WORDS = {
    "category",
    "categories",
    "cat",
    "kicker",
    "eyebrow",
    "badge",
    "tags",
    "tag",
    "taxonomy",
    "topics",
    "overline",
    "rubric",
}
LABEL_TOKENS = {"label", "section-label", "category-label", "post-label", "flag", "kicker"}
BREADCRUMB_WORDS = {"breadcrumb", "breadcrumbs", "crumbs", "crumb", "trail"}
COMMUNITY_WORDS = {"guidelines", "rules", "policy", "moderation", "community", "etiquette"}
AD_WORDS = {
    "advert",
    "advertisement",
    "ads",
    "ad",
    "adslot",
    "dfp",
    "gpt",
    "sponsored",
    "promo",
    "promotion",
    "paywall",
    "meter",
    "consent",
    "cookie",
    "cookies",
    "gdpr",
    "banner",
    "popup",
    "modal",
    "overlay",
}

_KEEP_TAGS = {"html", "body", "main", "article"}


@dataclass
class _Ctx:
    total_p: int  # characters of paragraph text on the whole page
    also: list = field(default_factory=list)  # elements a rule removes along with its match
    body: object = None
    _disclosed: set[str] | None = None

    def disclosed(self) -> set[str]:
        """Ids that a control on the page opens (``aria-controls``): a collapsed panel
        the reader can expand, not hidden debris."""
        if self._disclosed is None:
            found = _ARIA_CONTROLS(self.body) if self.body is not None else []
            self._disclosed = {i for value in found for i in value.split()}
        return self._disclosed

    def holds_the_article(self, el) -> bool:
        """Never remove what holds most of the page's paragraph text, or what the page
        names as the article's body: a theme's modifier can put a rule's word on it
        ("entry-content-read-more"), and a tall sidebar can outweigh a short story."""
        if el.tag in _KEEP_TAGS or el.get("itemprop") == "articleBody":
            return True
        if attr_tokens(el) & ARTICLE_BODY_TOKENS:
            return True
        if self.total_p <= 0:
            return False
        return _p_text_len(el) > 0.5 * self.total_p


# -- DOM rules ----------------------------------------------------------------
# Each takes (element, words, tokens, ctx) for every element and says whether
# to remove it. One pass over the tree serves all rules.


def _is_comments(el, words, tokens, ctx) -> bool:
    """Unmistakable comment sections: exempt from the size guard (threads can be long)."""
    if tokens & COMMENT_TOKENS:
        return True
    itemtype = (el.get("itemtype") or "").lower()
    if itemtype.endswith(("/comment", "/usercomments")) or el.get("itemprop") == "comment":
        return True
    label = (el.get("aria-label") or "").lower()
    return "comment" in label and el.tag in ("section", "div", "aside", "ol", "ul")


def _is_comment_block(el, words, tokens, ctx) -> bool:
    """Blocks whose class or id words say comments: guarded like every other rule."""
    if words & COMMENT_WORDS and el.tag in ("section", "div", "aside", "ol", "ul", "footer"):
        # "comment" also names counters in bylines ("3 comments"): require some bulk.
        return (
            "comments" in words or "respond" in words or _text_len(el) > 150 or _HAS_INPUT_BOX(el)
        )
    return False


def _is_form(el, words, tokens, ctx) -> bool:
    return el.tag == "form" or (el.tag == "textarea")


def _is_share(el, words, tokens, ctx) -> bool:
    if el.tag in ("p", "span", "a", "li", "h1", "h2", "h3") and _text_len(el) > 80:
        return False
    label = (el.get("aria-label") or "").lower()
    if label.startswith(("share", "follow")):
        return True
    return bool(words & SHARE_WORDS) and _text_len(el) < 400


def _is_newsletter(el, words, tokens, ctx) -> bool:
    if words & NEWSLETTER_WORDS and el.tag not in ("a", "span", "p") and _text_len(el) < 600:
        return True
    return el.tag in ("div", "section", "aside") and _HAS_EMAIL_INPUT(el) and _text_len(el) < 600


def _is_related(el, words, tokens, ctx) -> bool:
    if el.tag == "aside":
        return not _is_callout(el)
    if el.tag in ("p", "span", "a", "li", "h1", "h2", "h3", "h4", "img", "figure"):
        return False
    named = (
        bool(words & RELATED_WORDS)
        or bool(tokens & RELATED_TOKENS)
        or any(a in words and b in words for a, b in RELATED_PAIRS)
    )
    # A rail is made of links; a long block of unlinked prose named "related-articles-text"
    # or inside a "has a sidebar" grid is the article.
    return named and (_text_len(el) <= 500 or _link_density(el) >= 0.25)


_P_CHILDREN = etree.XPath("count(p)")


def _is_callout(aside) -> bool:
    """An aside set among the article's own paragraphs and written as prose ("Don't just
    sit there! Americans spend a lot of time sitting ...") is a box of the article; a
    sidebar stands beside the article's container, and a rail is made of links."""
    parent = aside.getparent()
    if parent is None or _P_CHILDREN(parent) < 2:
        return False
    if _text_len(aside) < 80 or _link_density(aside) >= 0.2:
        return False
    return not _PROMO_WORDS.search(_STRING(aside))


# What a box of the site's own (a newsletter, a download) says, whatever its markup.
_PROMO_WORDS = re.compile(
    r"\b(newsletters?|subscribe|subscription|sign up|signup|inbox|webinars?|download)\b",
    re.IGNORECASE,
)


_AUTHOR_BOX_WORDS = {"bio", "box", "about", "info", "profile", "card", "details", "description"}


def _is_author_box(el, words, tokens, ctx) -> bool:
    """Author bio boxes ("Jane Doe is a freelance journalist based in ...")."""
    if el.tag in ("a", "span", "p", "li", "h1", "h2", "h3", "h4", "html", "body"):
        return False
    itemtype = (el.get("itemtype") or "").lower()
    person = itemtype.endswith("/person") and el.find(".//p") is not None
    marked = ("author" in words or "writer" in words) and bool(words & _AUTHOR_BOX_WORDS)
    return (person or marked) and _text_len(el) < 1500


_RAIL_TITLE = re.compile(
    r"^(more( \w+){0,3}|related( \w+){0,2}|most (read|popular|viewed|shared|commented)"
    r"|recommended( \w+){0,2}|you (may|might) (also )?(like|enjoy)|read next|up next|next up"
    r"|trending( \w+){0,2}|latest( \w+){0,2}|popular( \w+){0,2}|editor'?s picks|top stories"
    r"|don'?t miss|also in \w+( \w+)?|around the web|from (our|the) (network|partners)"
    r"|sponsored( \w+){0,2}|promoted( \w+){0,2}|other news|further reading|keep reading"
    r"|in other news|what to read next|people also read)\W*$",
    re.IGNORECASE,
)


# Box titles that an article can also use as a label of its own text.
_ARTICLE_LABEL = re.compile(r"^(services|useful links|quick links)\W*$", re.IGNORECASE)


def _is_box_title_alone(el, ctx) -> bool:
    """A service-box title on its own ("Classifieds" in a table-layout title row):
    the box is the next sibling of the outermost element holding only the title."""
    title = " ".join("".join(el.itertext()).split())
    if not title or len(title.split()) > 4 or not _BOX_TITLE.match(title):
        return False
    top = el
    while top.getparent() is not None and _text_len(top.getparent()) == len(title):
        top = top.getparent()
    parent = top.getparent()
    if parent is not None and _P_CHILDREN(parent) >= 2 and _ARTICLE_LABEL.match(title):
        # "Services" over a list among the article's own paragraphs (an agency review)
        # is a label of the article, not a box in the page's side column.
        return False
    nxt = top.getnext()
    while nxt is not None and not isinstance(nxt.tag, str):
        nxt = nxt.getnext()  # comments and processing instructions between rows
    if nxt is not None and _text_len(nxt) < 800 and not _HAS_H1(nxt):
        ctx.also.append(nxt)
    if top is not el:
        ctx.also.append(top)
    return True


_BOX_TITLE = re.compile(
    r"^(classifieds?|small ads|advertisements?|sponsored links|weather( today| forecast)?"
    r"|(today'?s )?poll|vote|site search|search( this site)?|follow us|share this|newsletter"
    r"|sign up( for .*)?|subscribe( .*)?|services|useful links|quick links|contact us)\W*$",
    re.IGNORECASE,
)


def _is_titled_rail(el, words, tokens, ctx) -> bool:
    """A block titled "More explainers", "Most read", "Related" and made of links."""
    if el.tag in ("b", "strong", "font", "span", "h3", "h4", "h5") and len(el) == 0:
        return _is_box_title_alone(el, ctx)
    if el.tag not in ("section", "div", "aside", "nav", "ul", "td"):
        return False
    heading = None
    ref = el.get("aria-labelledby")
    if ref:
        found = el.xpath(".//*[@id=$ref]", ref=ref.split()[0])
        heading = found[0] if found else None
    if heading is None:
        for child in el:
            if isinstance(child.tag, str):
                if child.tag in ("h2", "h3", "h4", "h5", "header", "strong", "b", "span"):
                    heading = child
                break
    if heading is None:
        return False
    title = " ".join("".join(heading.itertext()).split())
    if not title or len(title.split()) > 6:
        return False
    if _text_len(el) == len(title):
        return _is_box_title_alone(el, ctx)  # a title row: the box is the row after it
    if _BOX_TITLE.match(title):
        return True  # a service box: its text is not links, but it is not the article either
    if not _RAIL_TITLE.match(title):
        return False
    return _text_len(el) <= len(title) or _link_density(el, title) > 0.5


def _is_caption(el, words, tokens, ctx) -> bool:
    if el.tag == "figcaption":
        return True
    if el.get("itemprop") in ("caption", "copyrightHolder", "creditText"):
        return True
    if words & CAPTION_WORDS and el.tag not in ("p",) and _text_len(el) < 300:
        return True
    return el.tag == "p" and bool(words & CAPTION_WORDS) and _text_len(el) < 200


def _is_media_figure(el, words, tokens, ctx) -> bool:
    if el.tag != "figure":
        return False
    if el.xpath(".//table|.//blockquote|.//pre|.//ol|.//ul"):
        return False
    has_media = bool(el.xpath(".//img|.//picture|.//video|.//iframe|.//svg|.//amp-img"))
    return has_media and _text_len(el) < 400


_INLINE = frozenset(
    {"a", "span", "em", "strong", "b", "i", "u", "small", "mark", "code", "abbr", "cite", "q"}
)


def _inline_root(el):
    """The outermost inline element wrapping ``el`` (a link in a ``<strong>``), and the
    block that holds it."""
    parent = el.getparent()
    while parent is not None and parent.tag in _INLINE:
        el, parent = parent, parent.getparent()
    return el, parent


def _in_sentence(el) -> bool:
    """Words on both sides of it (or of the link or emphasis it sits in): a styled
    term in running text, which no label, tag list or kicker is (they stand alone)."""
    el, parent = _inline_root(el)
    if parent is None or not _WORD.search(el.tail or ""):
        return False
    before = el.getprevious()
    return bool(_WORD.search((before.tail if before is not None else parent.text) or ""))


def _is_label(el, words, tokens, ctx) -> bool:
    if el.tag in ("p", "h1", "h2", "h3", "article", "section", "main"):
        return False
    labelled = (el.get("rel") or "") in ("category tag", "tag", "category") or (
        bool(words & LABEL_WORDS or tokens & LABEL_TOKENS) and _text_len(el) <= 60
    )
    return labelled and not _in_sentence(el)


def _is_breadcrumb(el, words, tokens, ctx) -> bool:
    if words & BREADCRUMB_WORDS:
        return True
    itemtype = (el.get("itemtype") or "").lower()
    if itemtype.endswith("/breadcrumblist"):
        return True
    return "breadcrumb" in (el.get("aria-label") or "").lower()


def _is_navigation(el, words, tokens, ctx) -> bool:
    role = (el.get("role") or "").lower()
    if el.tag in ("nav", "menu") or role in ("navigation", "menubar", "menu", "search"):
        return True
    if role in ("banner", "contentinfo", "complementary"):
        return True
    if el.tag in ("header", "footer") and el.getparent() is not None:
        parent = el.getparent()
        return (
            parent.tag == "body"
            or "site" in words
            or "page" in words
            or parent.get("id") in ("page", "__next", "app", "root")
        )
    return False


def _is_community(el, words, tokens, ctx) -> bool:
    if el.tag in ("p", "span", "a", "li"):
        return False
    return len(words & COMMUNITY_WORDS) >= 1 and (
        "community" in words or "guidelines" in words or "moderation" in words
    )


def _is_ad(el, words, tokens, ctx) -> bool:
    if el.tag in ("p", "span", "a", "h1", "h2", "h3", "li", "article", "main"):
        return False
    return bool(words & AD_WORDS) and _text_len(el) < 500


# Not "cmp": Adobe Experience Manager names every component with it (cmp-text, cmp-container).
_DIALOG_WORDS = {
    "consent",
    "cookie",
    "cookies",
    "gdpr",
    "onetrust",
    "didomi",
    "usercentrics",
}


def _is_dialog(el, words, tokens, ctx) -> bool:
    """Consent layers and modal dialogs: they never hold the article, however much
    text they carry (a consent layer can outweigh a paywalled article's teaser)."""
    if el.tag in ("html", "body", "main", "article") or _HAS_H1(el):
        return False
    role = (el.get("role") or "").lower()
    return role in ("dialog", "alertdialog") or el.get("aria-modal") == "true"


def _is_consent(el, words, tokens, ctx) -> bool:
    """Cookie and consent layers named by their class or id (guarded like other rules)."""
    return bool(words & _DIALOG_WORDS) and el.tag in ("div", "section", "aside", "form")


# React streaming server rendering sends late parts of a page as hidden <div id="S:1">
# segments that a script moves into place: they hold the article, not hidden debris.
_REACT_SEGMENT = re.compile(r"^S:[0-9a-f]+$")


_ARIA_CONTROLS = etree.XPath("//*/@aria-controls", smart_strings=False)


def _is_hidden(el, words, tokens, ctx) -> bool:
    if el.get("hidden") is not None and _REACT_SEGMENT.match(el.get("id") or ""):
        return False
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        hidden = el.tag not in ("svg", "path", "span", "i")
    else:
        style = (el.get("style") or "").replace(" ", "").lower()
        hidden = "display:none" in style or "visibility:hidden" in style
    return hidden and not _is_disclosure_panel(el, ctx) and not _is_hidden_slide(el)


def _is_hidden_slide(el) -> bool:
    """One of a gallery's slides, hidden until the reader pages to it: a run of siblings
    of one class, each with a paragraph of prose, all of them the article."""
    cls = el.get("class")
    parent = el.getparent()
    if not cls or parent is None or not _HAS_PROSE_P(el):
        return False
    alike = sum(1 for sib in parent if sib is not el and sib.get("class") == cls)
    return alike >= 2


def _is_disclosure_panel(el, ctx) -> bool:
    """An accordion or "show more" panel (WAI-ARIA disclosure) of prose: collapsed until
    the reader opens it, so part of what the page says. Menus, search overlays and
    dialogs are opened the same way; they are link lists or a few words, and the panels
    that are not prose stay hidden debris."""
    ident = el.get("id")
    opened = (el.get("role") == "region" and el.get("aria-labelledby")) or (
        bool(ident) and ident in ctx.disclosed()
    )
    if not opened:
        return False
    text = " ".join(_STRING(el).split())
    words = text.count(" ") + 1 if text else 0
    sentence = words >= 8 and text[-1:] in '.!?\u2026"\u201d)'
    return (sentence or words >= 25) and _link_density(el) < 0.5


# An unlinked paragraph of a sentence or more.
_HAS_PROSE_P = etree.XPath("boolean(.//p[not(.//a)][string-length(normalize-space()) >= 60])")


def _is_link_dense(el, words, tokens, ctx) -> bool:
    if el.tag not in ("div", "section", "ul", "ol", "table", "dl"):
        return False
    if _HREF_COUNT(el) < 3:
        return False
    total = _text_len(el)
    if total == 0:
        return True
    # A block that says something in a sentence of its own (a post's section with a
    # list of links under it) is prose with links, not a link bar.
    return total < 2000 and _link_density(el) > 0.7 and not _HAS_PROSE_P(el)


_BUTTON_WORDS = {"btn", "button", "cta"}
_CTA_WORDS = {"cta", "calltoaction"}


def _is_call_to_action(el, words, tokens, ctx) -> bool:
    """A link drawn as a button ("View on Amazon", "Request a quote") standing on its
    own, or a box named a call to action: the site asking, not the article speaking.
    Not ``<button>``: FAQ and accordion questions are buttons."""
    if el.tag == "a":
        # Bootstrap's "btn-link" is a button drawn as a plain link: a list of reading.
        return (
            bool(words & _BUTTON_WORDS)
            and "btn-link" not in tokens
            and _text_len(el) <= 60
            and _stands_alone(el)
        )
    if el.tag in ("div", "section", "aside", "p") and (
        words & _CTA_WORDS or ("call" in words and "action" in words)
    ):
        return _text_len(el) <= 600
    return False


def _stands_alone(el) -> bool:
    """No text beside it in its block: a button, not a link styled inside a sentence."""
    el, parent = _inline_root(el)
    if parent is None:
        return False
    return _text_len(parent) <= _text_len(el) + 3


DomRule = Callable[..., bool]
DOM_RULES: dict[str, DomRule] = {
    "dialogs": _is_dialog,
    "consent": _is_consent,
    "hidden": _is_hidden,
    "comments": _is_comments,
    "comment_blocks": _is_comment_block,
    "forms": _is_form,
    "navigation": _is_navigation,
    "breadcrumbs": _is_breadcrumb,
    "share": _is_share,
    "newsletter": _is_newsletter,
    "community_rules": _is_community,
    "related": _is_related,
    "ads": _is_ad,
    "captions": _is_caption,
    "media_figures": _is_media_figure,
    "author_box": _is_author_box,
    "titled_rails": _is_titled_rail,
    "category_labels": _is_label,
    "link_dense": _is_link_dense,
    "calls_to_action": _is_call_to_action,
}
# What an element must have for each rule to have a chance: its tag, class or id words
# (``w``), or one of its attribute names (``a``). Exact preconditions of the rules above,
# read off their code: the walk asks every element, and most elements (a bare <p>, a
# link) can match none, so a page's few hundred shapes pick their rules once instead of
# every element calling twenty functions. tests/crawler/extraction/test_debris.py proves
# the gated walk removes what the ungated one does.
_Gate = Callable[[str, bool, frozenset], bool]
_GATES: dict[str, _Gate] = {
    "dialogs": lambda t, w, a: bool(a & {"role", "aria-modal"}),
    "consent": lambda t, w, a: w and t in ("div", "section", "aside", "form"),
    "hidden": lambda t, w, a: bool(a & {"hidden", "aria-hidden", "style"}),
    "comments": lambda t, w, a: w or bool(a & {"itemtype", "itemprop", "aria-label"}),
    "comment_blocks": lambda t, w, a: w,
    "forms": lambda t, w, a: t in ("form", "textarea"),
    "navigation": lambda t, w, a: t in ("nav", "menu", "header", "footer") or "role" in a,
    "breadcrumbs": lambda t, w, a: w or bool(a & {"itemtype", "aria-label"}),
    "share": lambda t, w, a: w or "aria-label" in a,
    "newsletter": lambda t, w, a: w or t in ("div", "section", "aside"),
    "community_rules": lambda t, w, a: w,
    "related": lambda t, w, a: w or t == "aside",
    "ads": lambda t, w, a: w,
    "captions": lambda t, w, a: w or t == "figcaption" or "itemprop" in a,
    "media_figures": lambda t, w, a: t == "figure",
    "author_box": lambda t, w, a: w or "itemtype" in a,
    "titled_rails": lambda t, w, a: (
        t
        in ("b", "strong", "font", "span", "h3", "h4", "h5", "section", "div", "aside", "nav")
        + ("ul", "td")
    ),
    "category_labels": lambda t, w, a: w or "rel" in a,
    "link_dense": lambda t, w, a: t in ("div", "section", "ul", "ol", "table", "dl"),
    "calls_to_action": lambda t, w, a: w,
}
_GATED_ATTRS = frozenset(
    {"role", "aria-modal", "hidden", "aria-hidden", "style", "itemtype", "itemprop"}
    | {"aria-label", "rel"}
)

# Rules that may remove even large blocks: comment threads can outweigh the article.
_NO_SIZE_GUARD = {"comments", "dialogs"}

_SKIP_TAGS = {"head", "script", "style", "noscript", "template", "title", "meta", "link"}


def _is_layout(table) -> bool:
    """A table used for page layout rather than data: nested tables, paragraphs in
    cells, long cells, or said so by its role."""
    if (table.get("role") or "").lower() in ("presentation", "none"):
        return True
    if table.find(".//table") is not None:
        return True
    if _is_grid(table):
        return False
    for cell in table.iter("td", "th"):
        if cell.find(".//p") is not None or cell.find(".//div") is not None:
            return True
        if len(cell.findall(".//br")) >= 2 or _text_len(cell) > 400:
            return True
    return False


def _is_grid(table) -> bool:
    """Rows of one width (most of them), three cells or more, short cells: a data table, even when
    its cells wrap their text in <p> or <div> (Bootstrap and page-builder tables do)."""
    rows = [r for r in table.iter("tr") if next(r.iterancestors("table"), None) is table]
    if len(rows) < 3:
        return False
    widths = Counter(sum(1 for c in r if c.tag in ("td", "th")) for r in rows)
    width, count = widths.most_common(1)[0]
    # A heading row spanning the table, or a header with one more cell, still leaves a grid.
    if width < 3 or count < 0.75 * len(rows):
        return False
    cells = [c for r in rows for c in r if c.tag in ("td", "th")]
    return sum(_text_len(c) for c in cells) / len(cells) < 200


def unwrap_layout_tables(body) -> int:
    """Turn layout tables into plain blocks, so that their cells are read as sections
    of a page (and pruned as such) instead of rows of one giant data table."""
    tables = [t for t in body.iter("table") if _is_layout(t)]
    own = []  # each layout table's own rows and cells, not those of tables nested in it
    for table in tables:
        for el in table.iter("tbody", "thead", "tfoot", "tr", "td", "th"):
            if next(el.iterancestors("table"), None) is table:
                own.append(el)
    for el in tables + own:
        el.tag = "div"
        for attr in ("width", "height", "valign", "align", "colspan", "rowspan", "bgcolor"):
            el.attrib.pop(attr, None)
    return len(tables)


def prune_dom(tree, disabled: Iterable[str] = (), *, gated: bool = True) -> Counter[str]:
    """Remove debris from an lxml HTML tree in place; returns how often each rule fired.

    ``gated=False`` asks every rule of every element: the same result, slower (tests).
    """
    off = set(disabled)
    rules = [(name, fn) for name, fn in DOM_RULES.items() if name not in off]
    by_shape: dict[tuple, list] = {}
    fired: Counter[str] = Counter()
    body = tree.find("body")
    if body is None:
        return fired
    if "layout_tables" not in off:
        unwrapped = unwrap_layout_tables(body)
        if unwrapped:
            fired["layout_tables"] += unwrapped
    ctx = _Ctx(total_p=_p_text_len(body), body=body)
    doomed = []
    stack = list(body)
    while stack:
        el = stack.pop()
        if not isinstance(el.tag, str) or el.tag in _SKIP_TAGS:
            continue
        words = attr_words(el)
        tokens = attr_tokens(el) if words else frozenset()
        if gated:
            shape = (el.tag, bool(words), _GATED_ATTRS.intersection(el.keys()))
            chosen = by_shape.get(shape)
            if chosen is None:
                chosen = by_shape[shape] = [r for r in rules if _GATES[r[0]](*shape)]
        else:
            chosen = rules
        hit = None
        for name, fn in chosen:
            try:
                matched = fn(el, words, tokens, ctx)
            except (ValueError, TypeError, AttributeError):
                # A rule that trips on odd markup must not cost the article: count it.
                fired[f"rule_error_{name}"] += 1
                continue
            if matched:
                if name not in _NO_SIZE_GUARD and ctx.holds_the_article(el):
                    continue
                hit = name
                break
        if hit:
            fired[hit] += 1
            doomed.append(el)
            continue  # its children go with it
        stack.extend(el)
    for el in doomed + [el for el in ctx.also if not ctx.holds_the_article(el)]:
        remove_element(el)
    return fired
