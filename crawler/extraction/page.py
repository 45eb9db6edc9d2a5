"""What a page says it is: the declared types, and the ``PageMeta`` the readers fill. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field

ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "askpublicnewsarticle",
    "blogposting",
    "socialmediaposting",
    "liveblogposting",
    "scholarlyarticle",
    "techarticle",
    "report",
    "satiricalarticle",
}
# The article types that say news or a post (not a generic Article, a manual's
# TechArticle or a Report): a page declaring one is a story wherever the site files it.
NEWS_TYPES = ARTICLE_TYPES - {"article", "techarticle", "report", "scholarlyarticle"}
# What a page may embed or report on: a page declaring one of these (and no article) is
# that thing (its text a caption, a show note, a product sheet), unless it says it is a
# dated article (og:type=article with a publication date): then the type describes what
# the story embeds (``verdict.declared_refusal``).
EMBEDDED_TYPES = {
    "videoobject",
    "audioobject",
    "podcastepisode",
    "podcastseries",
    "imagegallery",
    "mediagallery",
    "event",
    "product",
    "recipe",
    "movie",
    "tvepisode",
}
# What a page is when it declares one of these, whatever else it claims: a forum thread,
# a question and its answers, a shop's product family, a job, a course, an app, a service.
PAGE_KIND_TYPES = {
    "discussionforumposting",
    "qapage",
    "productgroup",
    "jobposting",
    "course",
    "softwareapplication",
    "service",
}
NON_ARTICLE_TYPES = EMBEDDED_TYPES | PAGE_KIND_TYPES
# og:type values of pages that are not articles (video.movie, music.song, product.item...).
NON_ARTICLE_OG = ("video", "music", "profile", "product", "ebay-objects", "book")
WEBPAGE_TYPES = {"webpage", "itempage", "medicalwebpage"}
LISTING_TYPES = {
    "collectionpage",
    "searchresultspage",
    "profilepage",
    "aboutpage",
    "contactpage",
    "itemlist",
}


@dataclass
class PageMeta:
    """What a page says about itself, before any text extraction."""

    jsonld_types: set[str] = field(default_factory=set)
    headline: str | None = None
    og_title: str | None = None
    og_type: str | None = None
    h1: str | None = None
    html_title: str | None = None
    authors: list[str] = field(default_factory=list)  # JSON-LD people
    org_authors: list[str] = field(default_factory=list)  # JSON-LD organisations
    byline: str | None = None  # the visible byline
    pictured: str | None = None  # the name beside an author's photo, for a page without a byline
    meta_author: str | None = None
    meta_writer: str | None = None  # twitter:label "Written by" / twitter:data (Yoast, Slack)
    date_candidates: list[tuple[str, str]] = field(default_factory=list)  # (source, raw)
    language: str | None = None
    sitename: str | None = None
    canonical: str | None = None
    amphtml: str | None = None
    is_amp: bool = False
    paywalled: bool = False  # JSON-LD isAccessibleForFree: false
    og_url: str | None = None
    page_date: str | None = None  # datePublished of a JSON-LD WebPage node
    modified: str | None = None  # the declared last-modified date, as written
    description: str | None = None  # the declared summary (JSON-LD, og:, meta description)
