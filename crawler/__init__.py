"""The Scrapy project. Modules that Scrapy-free code imports (extract, discovery,
encoding, metadata) must not import Scrapy themselves."""
