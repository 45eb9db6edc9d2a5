"""The project's own Scrapy signals: how components tell each other what happened,
without importing each other. Pure: Scrapy signals are plain objects.

Receivers are connected with ``crawler.signals.connect(bound_method, signal=...)``;
Scrapy holds them by weak reference, so a bound method of a live component, never a
lambda.
"""

from __future__ import annotations

#: A response was archived. Sent by the WARC extension with ``capture`` (its Capture),
#: ``request`` and ``response``; the corpus extension writes (or holds) its row.
capture_archived = object()

#: A fetch ended for a reason its capture row should say (a redirect not followed, a body
#: that could not be decoded). Sent with ``request`` and ``outcome`` by the middlewares.
fetch_outcome = object()

#: robots.txt of a host is in, whatever its status. Sent once per host with ``response``
#: and ``allowed``, so the spider reads ``Sitemap:`` lines without fetching the file twice.
robots_fetched = object()
