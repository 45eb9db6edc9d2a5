"""The versions a crawl records about itself: in the User-Agent, the warcinfo record and
the crawl row. Pure (package metadata only)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


def package_version(name: str, default: str = "?") -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return default


def project_version() -> str:
    """newsarchive's own version (``0+unknown`` when run from a tree that is not installed)."""
    return package_version("newsarchive", "0+unknown")
