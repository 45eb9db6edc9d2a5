"""URL rules: canonical form, the key an article is stored under, and the shapes of
article, listing, hub and asset URLs. Pure functions.

URL canonicalisation is written here rather than taken from courlan: courlan's
strict mode drops ordinary query parameters (``?a=1``), its default mode keeps
session ids and fragments, and we need one cheap pass per link because link
handling runs for every anchor of every page.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

_TRACKING = re.compile(
    r"^(utm_\w*|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|yclid|twclid|ttclid|li_fat_id"
    r"|mc_cid|mc_eid|_ga|_gl|_hsenc|_hsmi|__hssc|__hstc|__hsfp|hsctatracking|igshid|mkt_tok"
    r"|oly_anon_id|oly_enc_id|rb_clickid|s_cid|s_kwcid|vero_conv|vero_id|wickedid|ncid|cmpid"
    r"|__twitter_impression|ref|ref_src|ref_url|referrer|spm|at_medium|at_campaign"
    r"|at_custom\d*|at_ptr_name|itm_\w+|ito|intcmp|icid|sr_share|smid|smtyp|mbid"
    r"|ocid|cvid|sharetype|xtor|trk|trkCampaign)$",
    re.IGNORECASE,
)
_SESSION = {
    "phpsessid",
    "jsessionid",
    "sid",
    "sessionid",
    "session_id",
    "session",
    "aspsessionid",
    "cfid",
    "cftoken",
    "zenid",
    "osCsid".lower(),
}
# Links that act on the page rather than lead to another: WordPress's comment-reply and
# comment-like links, and share buttons (Jetpack's ``?share=facebook&nb=1``) that answer
# with a redirect off the site. Without them the link is the page itself, already seen.
_INTERACTION = {"replytocom", "like_comment", "_wpnonce"}
_SHARE_TARGETS = re.compile(
    r"^(jetpack-)?(facebook|twitter|x|linkedin|reddit|tumblr|pinterest|pocket|telegram"
    r"|whatsapp|email|print|mastodon|threads|bluesky|nextdoor|skype|flipboard|xing|vk"
    r"|line|digg|mix|evernote)$",
    re.IGNORECASE,
)
_PATH_SESSION = re.compile(r";(jsessionid|phpsessid|sid|sessionid)=[^/?#]*", re.IGNORECASE)
_AMP_PARAMS = {("amp", "1"), ("amp", "true"), ("amp", ""), ("outputtype", "amp"), ("output", "amp")}
_AMP_PATH = re.compile(r"(/amp/?|\.amp|/amp\.html?)$", re.IGNORECASE)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_PCT_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def _normalize_escape(m: re.Match[str]) -> str:
    """Decode an escaped unreserved character; keep any other escape (``%2F``, ``%25``)."""
    char = chr(int(m.group(1), 16))
    return char if char in _UNRESERVED else "%" + m.group(1).upper()


def _keep_param(name: str) -> bool:
    low = name.lower()
    return not (_TRACKING.match(name) or low in _SESSION)


#: Longer URLs are never requested (browsers and servers give up long before; a page
#: full of 100 KB links must not cost a parse and a key each).
MAX_URL_CHARS = 16_384


def canonicalize_url(url: str, base: str | None = None) -> str | None:
    """The URL to request: absolute, no fragment, no tracking or session parameters.

    Returns None for anything that is not http(s), and for URLs longer than
    ``MAX_URL_CHARS``. Query order is kept, since some servers care; ``url_key``
    sorts it for deduplication.

    A news page links the same few hundred URLs as every other page of its site
    (measured: 98.5% of the links a crawl canonicalised were already scheduled), so
    results are cached; an absolute or root-relative link does not depend on the
    page it is on beyond the page's origin, so those hit the cache across pages.
    """
    url = url.strip()
    cut = url.find("#")
    if cut > 0:
        # The fragment is dropped anyway: cut it first, so that a page's comment
        # permalinks (/post/#comment-123, one per comment) share one cached result.
        url = url[:cut]
    if base and url:
        if url[:8].lower().startswith(("http://", "https://")):
            base = None
        elif url.startswith("/") and not url.startswith("//"):
            base = _origin(base)
    return _canonicalize(url, base)


@lru_cache(maxsize=4096)
def _origin(base: str) -> str:
    try:
        parts = urlsplit(base)
    except ValueError:
        return base
    return f"{parts.scheme}://{parts.netloc}/" if parts.scheme and parts.netloc else base


@lru_cache(maxsize=65536)
def _canonicalize(url: str, base: str | None) -> str | None:
    if not url or len(url) > MAX_URL_CHARS:
        return None
    try:
        if base:
            url = urljoin(base, url)  # raises on a bracketed host that is no address
        parts = urlsplit(url)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower().rstrip(".")
    if not host:
        return None
    try:
        port = parts.port
    except ValueError:
        return None
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _PATH_SESSION.sub("", parts.path) or "/"
    path = quote(_PCT_ESCAPE.sub(_normalize_escape, path), safe="/%:@!$&'()*+,;=-._~")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if _keep_param(k)]
    if query:
        query = _without_interaction(query)
    return urlunsplit((scheme, netloc, path, urlencode(query, doseq=True), ""))


def _without_interaction(query: list[tuple[str, str]]) -> list[tuple[str, str]]:
    shared = any(k.lower() == "share" and _SHARE_TARGETS.match(v) for k, v in query)
    return [
        (k, v)
        for k, v in query
        if k.lower() not in _INTERACTION and not (shared and k.lower() in ("share", "nb"))
    ]


def url_key(url: str) -> str:
    """The deduplication key: canonical URL, sorted query, AMP markers removed."""
    if len(url) > MAX_URL_CHARS:
        return url  # never requested, so never deduplicated against anything
    canon = canonicalize_url(url) or url
    parts = urlsplit(canon)
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if (k.lower(), v.lower()) not in _AMP_PARAMS
    )
    path = _AMP_PATH.sub("", parts.path) or "/"
    if path != "/" and path.endswith("/"):
        path = path[:-1]
    scheme = "https" if parts.scheme in ("http", "https") else parts.scheme
    netloc = parts.netloc
    if netloc.startswith("www."):
        netloc = netloc[4:]
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def is_amp_url(url: str) -> bool:
    parts = urlsplit(url)
    if _AMP_PATH.search(parts.path):
        return True
    return any(
        (k.lower(), v.lower()) in _AMP_PARAMS
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
    )


def host_and_port(url: str) -> tuple[str, int | None]:
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    return (parts.hostname or "").lower(), port


def domain_rule(value: str) -> tuple[str, int | None]:
    """Parse an allowed-domain entry: ``example.com``, ``127.0.0.1:8080`` or a URL."""
    value = value.strip().lower()
    if "//" not in value:
        value = "http://" + value
    host, port = host_and_port(value)
    return host.lstrip("."), port


def in_scope(url: str, rules: list[tuple[str, int | None]]) -> bool:
    """Whether a URL belongs to one of a source's domains (subdomains included)."""
    host, port = host_and_port(url)
    if not host:
        return False
    for dom, dport in rules:
        if (host == dom or host.endswith("." + dom)) and (dport is None or dport == port):
            return True
    return False


_PAGINATION = [
    re.compile(r"/page/(\d+)/?$", re.IGNORECASE),
    # Not "p": WordPress uses ?p=123 for post ids, which are articles.
    re.compile(r"[?&](?:page|pg|paged|pagina|seite)=(\d+)", re.IGNORECASE),
]


# A query naming one item (article.php?id=123, view.asp?itemid=5, ?no=42): a ``page``
# beside it pages through that item (a long story's page 2, or its page=1 back-link).
_ITEM_QUERY = re.compile(
    r"(^|&)(id|p|no|nid|aid|itemid|item|newsid|articleid|article_id|article|story|storyid"
    r"|post|postid)=\d+(&|$)",
    re.IGNORECASE,
)


def pagination_number(url: str) -> int | None:
    """The page number of a pagination URL (``/page/3``, ``?page=3``), or None.

    A "page number" of more than nine digits is no page (and ``int()`` of a
    100,000-digit string raises): it is treated as no pagination at all. Neither is
    the page of one item's view (``article.php?id=123&page=1``): an article, not a list.
    """
    for rx in _PAGINATION:
        m = rx.search(url)
        if m:
            if rx is _PAGINATION[1] and _ITEM_QUERY.search(urlsplit(url).query):
                return None
            digits = m.group(1)
            return int(digits) if len(digits) <= 9 else None
    return None


_DIGITS = re.compile(r"\d+")


def url_template(url: str) -> str:
    """A URL's shape: digits masked, query values dropped (one shape per calendar trap)."""
    parts = urlsplit(url)
    keys = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return _DIGITS.sub("#", parts.path) + ("?" + "&".join(keys) if keys else "")


_NON_ARTICLE_PATH = re.compile(
    r"^/(?:$|(?:tags?|topics?|category|categories|section|sections|author|authors|profile|people"
    r"|search|about(?:-us)?|contact(?:-us)?|privacy(?:-policy)?|terms|legal|imprint|impressum"
    r"|cookies?|login|signin|sign-in|register|subscribe|subscriptions?|newsletters?|account"
    r"|feed|feeds|rss|sitemap[^/]*|calendar|events|jobs|careers|advertise|shop|store"
    r"|wp-admin|wp-login\.php|wp-json|cdn-cgi|members|user|users|page)(?:/|$|\?|\.))",
    re.IGNORECASE,
)
# A date in the path followed by a segment with a letter or a long id: /2024/05/12/slug.
# A path of date parts only (/2024/05/, /2024/05/12/) is a day or month archive.
_DATE_IN_PATH = re.compile(
    r"/(19|20)\d{2}/(0?[1-9]|1[0-2])(/(0?[1-9]|[12]\d|3[01]))?/(?=[^/]*[A-Za-z]|\d{5,})[^/]+"
)
_DATE_ONLY_PATH = re.compile(r"^(/[A-Za-z-]+)?/(19|20)\d{2}(/\d{1,2}){0,2}/?$")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+){2,}", re.IGNORECASE)
_ARTICLE_WORD = re.compile(
    r"/(?:story|stories|article|articles|news|post|posts|blog|opinion|\d{4}/\d{2})/", re.I
)
_ARTICLE_EXT = re.compile(r"\.(s?html?|php|aspx?)$", re.IGNORECASE)
_ID = re.compile(r"\d{5,}")
_ASSET = re.compile(
    r"\.(jpe?g|png|gif|webp|svg|ico|css|js|json|mp[34]|m4a|webm|avi|mov|zip|gz|tgz|rar|7z|exe"
    r"|dmg|woff2?|ttf|eot|xml|rss|atom|txt|csv|xlsx?|docx?|pptx?)$",
    re.IGNORECASE,
)


def is_asset_url(url: str) -> bool:
    return bool(_ASSET.search(urlsplit(url).path))


# Not page_id: WordPress "pages" (about, contact, policies) are not posts.
_POST_ID_QUERY = re.compile(r"(^|&)(p|id|article|story|post)=\d+", re.IGNORECASE)


def has_date_in_path(url: str) -> bool:
    return bool(_DATE_IN_PATH.search(urlsplit(url).path))


def has_day_in_path(url: str) -> bool:
    """A permalink dated to the day (/2012/05/31/<slug>): a post's address. A month alone
    (/2025/04/<slug>) also files events and archives."""
    found = _DATE_IN_PATH.search(urlsplit(url).path)
    return bool(found and found.group(3))


def is_listing_url(url: str, declared_article: bool = False) -> bool:
    """Home, section, tag, author, search, static and paginated pages, by URL alone.

    A listing prefix is not enough when the rest of the path is an article's: NPR
    files stories under /sections/<name>/2022/11/09/<id>/<slug>, review sites under
    /topics/<name>/<long-slug>.
    """
    parts = urlsplit(url)
    path = parts.path or "/"
    if path == "/" and parts.query and _POST_ID_QUERY.search(parts.query):
        return False  # WordPress ?p=123 and friends: a post, not the home page
    if pagination_number(url) is not None or path == "/" or _DATE_ONLY_PATH.match(path):
        return True
    if not _NON_ARTICLE_PATH.match(path):
        return False
    if _DATE_IN_PATH.search(path) or _ID.search(path):
        return False
    last = path.rstrip("/").rsplit("/", 1)[-1]
    words = len(re.findall(r"[A-Za-z0-9]+", last))
    return not (words >= 5 or (declared_article and words >= 3))


# Hubs named by their first path segment (/topics/<name>, /events/<place>): a listing by
# URL alone only as a guess, since sites file guides and entries under the same prefixes.
_HUB_PATH = re.compile(
    r"^/(?:tags?|topics?|category|categories|sections?|feeds?|events|calendar)/[^/?#]+",
    re.IGNORECASE,
)


def is_hub_url(url: str) -> bool:
    """A named hub under a listing prefix, not a front, archive, utility or numbered page."""
    return bool(_HUB_PATH.match(urlsplit(url).path)) and pagination_number(url) is None


# Sections where a business files what it offers rather than what it writes: services,
# products and their features, programmes, a council's departments; and a shop's
# category pages. A page under one that names no author and shows no date is that offer.
_OFFER_SECTIONS = frozenset(
    "services service solutions solution products product features feature pricing plans"
    " programs programmes program departments department use-cases industries tools courses"
    " seminars".split()
)
_SHOP_SECTIONS = frozenset({"c", "browse", "collections", "shop", "store"})


# A shop's product address: /product/slug, Amazon's /dp/ASIN, /pdp/, /item/, an app
# store's /app/<id>.
_PRODUCT_PATH = re.compile(r"/(?:products?|dp|pdp|items?)/|/app/\d+", re.IGNORECASE)


def is_product_path(url: str) -> bool:
    """Whether the URL has the shape of a shop's product page."""
    return bool(_PRODUCT_PATH.search(urlsplit(url).path))


def offer_section(url: str) -> str | None:
    """``service`` or ``shop`` when a path segment names such a section, else None."""
    for segment in urlsplit(url).path.lower().split("/"):
        name = segment.rsplit(".", 1)[0] if "." in segment else segment
        if name in _OFFER_SECTIONS:
            return "service"
        if name in _SHOP_SECTIONS:
            return "shop"
    return None


# Where sites keep threads and reference pages: forum software's thread addresses
# (Discourse /t/slug/123, phpBB viewtopic.php, vBulletin showthread.php, XenForo /threads/,
# Flarum /d/123-slug, Stack Exchange /questions/123/) or a forum's own host; a docs host
# or a documentation section. What is filed there is a thread or a manual page, whatever
# its markup declares (forum software and docs generators say og:type=article).
_FORUM_HOST = re.compile(r"^(?:www\.)?(?:forums?|foren|community|discuss|discussions|bbs|boards)\.")
_FORUM_PATH = re.compile(
    r"^/(?:forums?|foren|boards?)/|/t/[^/]+/\d+|/topics?/\d+|/threads?/|/thread-\d+"
    r"|viewtopic\.php|showthread\.php|showtopic|/questions/\d+/|/discussions?/topic/|/d/\d+-",
    re.IGNORECASE,
)
_DOCS_HOST = re.compile(r"^(?:docs?|devdocs|man7)\.")
_DOCS_SECTIONS = frozenset(
    {"docs", "documentation", "man-pages", "manual", "handbook", "api-reference", "userguide"}
    | {"usersguide"}
)


def reference_section(url: str) -> str | None:
    """``forum`` or ``documentation`` when the URL is a thread's or a manual's, else None."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if _FORUM_HOST.match(host) or _FORUM_PATH.search(parts.path):
        return "forum"
    if _DOCS_HOST.match(host) or _DOCS_SECTIONS.intersection(parts.path.lower().split("/")):
        return "documentation"
    return None


def url_article_score(url: str) -> int:
    """How much a URL's shape suggests an article: <0 listing/utility, 0 unknown, >0 article."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if path == "/" and parts.query and _POST_ID_QUERY.search(parts.query):
        return 1
    if _NON_ARTICLE_PATH.match(path) or pagination_number(url) is not None:
        return -1
    if _DATE_ONLY_PATH.match(path):
        return -1
    score = 0
    if _DATE_IN_PATH.search(path):
        score += 2
    last = path.rstrip("/").rsplit("/", 1)[-1]
    if _SLUG.search(last):
        score += 1
    if _ARTICLE_WORD.search(path) and last:
        score += 1
    if _ID.search(last) or _ARTICLE_EXT.search(last):
        score += 1
    if parts.query and _POST_ID_QUERY.search(parts.query):
        score += 1  # article.php?id=123
    segments = [s for s in path.split("/") if s]
    if len(segments) <= 1 and not _SLUG.search(last) and not _ID.search(last):
        score -= 1
    return score
