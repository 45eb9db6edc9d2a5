"""Discovery: where article URLs come from. Feeds, sitemaps and a page's own links,
each parsed by a pure function; the spider (``crawler.spiders.news``) only fetches."""
