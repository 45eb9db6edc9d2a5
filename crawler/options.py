"""Settings become options here, and only here. Pure.

Each function reads one component's ``PREFIX_*`` settings and returns what its core
takes, or raises ``SettingsError`` with a sentence a user can act on. ``settings`` is
anything with Scrapy's ``get``/``getbool``/``getint``/``getfloat``/``getlist``: a crawl's
settings, a command's, or a test's ``Settings()``; nothing here imports Scrapy.
"""

from __future__ import annotations

from typing import Any

from crawler.addresses import AddressPolicy
from crawler.extraction import ALL_RULES, ExtractOptions
from crawler.extraction.template import TemplateThresholds
from crawler.gc_tuning import parse_threshold


class SettingsError(ValueError):
    """A setting whose value cannot be used."""


def _read(settings, kind: str, name: str, default: Any = None) -> Any:
    """``settings.get<kind>(name)``, or ``SettingsError`` naming the setting (Scrapy's own
    message says only "could not convert string to float: 'abc'")."""
    getter = getattr(settings, f"get{kind}")
    try:
        return getter(name) if default is None else getter(name, default)
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"{name}: {exc}") from None


def extract_options(settings) -> ExtractOptions:
    """The extractor's options from ``EXTRACT_*`` (recorded on every article row)."""
    disabled = frozenset(_read(settings, "list", "EXTRACT_DEBRIS_DISABLED"))
    unknown = disabled - set(ALL_RULES)
    if unknown:
        raise SettingsError(f"EXTRACT_DEBRIS_DISABLED names unknown rules: {sorted(unknown)}")
    return ExtractOptions(
        favor_precision=_read(settings, "bool", "EXTRACT_FAVOR_PRECISION", False),
        disabled_rules=disabled,
        time_budget=_read(settings, "float", "EXTRACT_TIME_BUDGET", 30.0),
        max_elements=_read(settings, "int", "EXTRACT_MAX_ELEMENTS", 100_000),
    )


def template_thresholds(settings) -> TemplateThresholds:
    """When a block is a site's template, from ``TEMPLATE_*``."""
    thresholds = TemplateThresholds(
        min_site_pages=_read(settings, "int", "TEMPLATE_MIN_SITE_PAGES", 10),
        min_pages=_read(settings, "int", "TEMPLATE_MIN_PAGES", 5),
        min_share=_read(settings, "float", "TEMPLATE_MIN_SHARE", 0.3),
        max_variety=_read(settings, "float", "TEMPLATE_MAX_VARIETY", 0.1),
    )
    if thresholds.min_pages < 2 or not 0 < thresholds.min_share <= 1:
        raise SettingsError(
            "TEMPLATE_MIN_PAGES must be 2 or more and TEMPLATE_MIN_SHARE in (0, 1]:"
            " a block on one article is that article's"
        )
    return thresholds


def address_policy(settings) -> AddressPolicy | None:
    """The addresses a crawl may connect to, or None when ``SECURITY_ENABLED`` is off."""
    # An absent setting means off, so that crawls run with other settings modules (an
    # in-process CrawlerRunner of a test, say) keep reaching 127.0.0.1.
    if not _read(settings, "bool", "SECURITY_ENABLED", False):
        return None
    try:
        return AddressPolicy(_read(settings, "list", "SECURITY_ALLOWED_NETWORKS"))
    except ValueError as exc:
        raise SettingsError(f"SECURITY_ALLOWED_NETWORKS: {exc}") from None


def parse_duration(value: Any) -> float:
    """``90``, ``"90s"``, ``"15m"``, ``"6h"``, ``"7d"`` as seconds."""
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().lower()
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
    try:
        if text and text[-1] in units:
            return float(text[:-1]) * units[text[-1]]
        return float(text)
    except ValueError:
        raise SettingsError(f"not a duration: {value!r} (use 90, 90s, 15m, 6h or 7d)") from None


def recrawl_schedule(settings) -> list[float]:
    """``FRONTIER_RECRAWL_AFTER`` as seconds after an article was first seen. ``[]``: never
    again; ``["0"]``: every run; a zero among other steps is refused, since it reads
    both ways."""
    try:
        steps = [parse_duration(v) for v in _read(settings, "list", "FRONTIER_RECRAWL_AFTER")]
    except SettingsError as exc:
        raise SettingsError(f"FRONTIER_RECRAWL_AFTER: {exc}") from None
    if any(step < 0 for step in steps):
        raise SettingsError("FRONTIER_RECRAWL_AFTER: a step cannot be negative")
    if 0 in steps and any(steps):
        raise SettingsError(
            "FRONTIER_RECRAWL_AFTER: 0 among other steps; use 0 alone to revisit every"
            " article at every run, or leave it out"
        )
    return steps


def gc_threshold(settings) -> tuple[int, int, int] | None:
    """``GC_THRESHOLD`` as three integers, or None when ``GC_TUNING_ENABLED`` is off."""
    if not _read(settings, "bool", "GC_TUNING_ENABLED"):
        return None
    try:
        return parse_threshold(settings.get("GC_THRESHOLD"))
    except ValueError as exc:
        raise SettingsError(str(exc)) from None


#: Recorded on every crawl row: the settings that change what is fetched or stored.
LEDGER_SETTINGS = (
    "USER_AGENT",
    "ROBOTSTXT_OBEY",
    "CONCURRENT_REQUESTS",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "DOWNLOAD_DELAY",
    "AUTOTHROTTLE_ENABLED",
    "DOWNLOAD_TIMEOUT",
    "DOWNLOAD_MAXSIZE",
    "REDIRECT_MAX_TIMES",
    "CORPUS_DB",
    "WARC_DIR",
    "WARC_PREFIX",
    "WARC_MAX_BYTES",
    "WARC_GZIP_LEVEL",
    "WARC_COMPRESSOR",
    "EXTRACT_WORKERS",
    "NEWS_MAX_DEPTH",
    "NEWS_MAX_PAGINATION",
    "NEWS_MAX_PAGES_PER_SOURCE",
    "NEWS_MAX_PER_TEMPLATE",
    "NEWS_FOLLOW_LINKS",
)


def ledger_settings(settings) -> dict[str, Any]:
    """What the crawl row records of the settings (``LEDGER_SETTINGS``)."""
    return {name: settings.get(name) for name in LEDGER_SETTINGS}


def check_settings(settings) -> None:
    """Build every option once, so that a bad value stops a crawl before it starts, with
    the setting's name, rather than in the middle of a component's start-up."""
    extract_options(settings)
    template_thresholds(settings)
    address_policy(settings)
    recrawl_schedule(settings)
    gc_threshold(settings)
