"""Test-suite wide: the ``crawl`` marker, and a check that it is on every test that crawls.

``pytest -m "not crawl"`` is the fast run (extraction, URL rules, storage, archive and
the architecture checks); the crawl tests run real crawls against servers on 127.0.0.1.
A test that starts a crawl without the marker fails, so the fast run stays fast.
"""

from __future__ import annotations

import pytest

from tests import crawling


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    # Before any fixture of the test is set up: module-scoped crawl fixtures check it too.
    crawling.CRAWL_ALLOWED = item.get_closest_marker("crawl") is not None
