"""Story coverage cores (topics, and what ties one story's articles together); no Scrapy."""
