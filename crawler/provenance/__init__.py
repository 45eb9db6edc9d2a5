"""Provenance: every stored text checked against, and rebuilt from, the WARC files. No Scrapy.

``verify`` answers "is every sentence still traceable to untouched bytes?"; ``rebuild``
(``scrapy reextract``) answers "can the corpus be rebuilt from the archive alone?";
``export`` packages the archive with its list of articles. They read WARC_DIR and
CORPUS_DB only, never the network, and re-extract with the same pure function the crawl
ran (``crawler.extraction``). ``conversion`` holds both sides of the conversion record
that carries each article's text in the archive.
"""
