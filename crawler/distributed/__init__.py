"""Crawling on several machines: the cores they share through Redis (no Scrapy)."""
