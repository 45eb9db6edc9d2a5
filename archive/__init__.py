"""WARC writing, reading and repair, on warcio. No Scrapy here."""
