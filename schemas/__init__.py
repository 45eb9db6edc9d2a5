"""Items and the SQLite corpus schema. No Scrapy here."""
