"""Downloader middlewares: what happens to every request and response on its way.

``security`` (schemes, addresses, URL length, sitemap budget, redirects), ``robots``
(robots.txt for every request, Crawl-delay), ``politeness`` (Retry-After and back-off),
``decoding`` (Content-Encoding with one size bound), ``outcomes`` (a failed download as
one counted reason). Each reads its own settings, can be switched off, and counts what it
refuses; the decisions themselves are plain functions in Scrapy-free modules.
"""
