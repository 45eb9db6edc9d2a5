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
# Pages that say they are something other than an article: their text is a caption,
# a show note or a listing, whatever og:type claims.
NON_ARTICLE_TYPES = {
    "videoobject",
    "audioobject",
    "podcastepisode",
    "podcastseries",
    "imagegallery",
    "mediagallery",
    "event",
    "product",
    "recipe",
    "jobposting",
    "course",
    "softwareapplication",
    "movie",
    "tvepisode",
}
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
