"""Scrapy extensions: the corpus (ledger and every row), the WARC archive, the status
line and the garbage-collector tuning. Thin: each owns one resource and hands the work to
``schemas.corpus``, ``archive.warc`` and the other Scrapy-free cores."""
