"""What an extraction worker process runs: its set-up, and the one job. Pure.

Kept apart from the pipeline so that a worker, which unpickles these functions by their
module, imports extraction and nothing of Scrapy.
"""

from __future__ import annotations

import os
import signal

from archive.reader import read_record
from crawler.extraction import Extraction, ExtractOptions, extract
from crawler.extraction.template import TemplateRules
from crawler.gc_tuning import tune
from crawler.provenance.records import extract_record
from crawler.stories.copies import evidence
from crawler.stories.topics import Topic, matched_ids


def extract_job(
    body: bytes,
    url: str,
    http_charset: str | None,
    options: ExtractOptions,
    template: TemplateRules | None = None,
    observe: bool = False,
    copies: bool = False,
    topics: tuple[tuple[int, Topic], ...] = (),
) -> Extraction:
    """Bytes in, Extraction out (picklable); ``template``: the site's profile rules;
    ``copies``: also the article's clustering evidence (signature, source link);
    ``topics``: the followed topics, (id, topic), to match the article against here,
    off the crawling process's one thread."""
    result = extract(
        body, url, options, http_charset=http_charset, template=template, observe=observe
    )
    article = result.article
    if article is not None:
        if copies:
            result.evidence = evidence(body, url, article.text, article.title)
        if topics:
            found = matched_ids(topics, article.title, article.description, article.text)
            result.topic_ids = tuple(found)
    return result


def extract_stored_job(
    path: str, offset: int, length: int, url: str, options: ExtractOptions, template
) -> Extraction | None:
    """An archived response extracted again (the end of a run's template step): the
    record is read here, in the worker, rather than pickled to it."""
    record = read_record(path, offset, length)
    return extract_record(record, url, options, template)


def warm(gc_threshold: tuple[int, int, int] | None = None, nice: int = 0) -> None:
    """Per worker: leave signals to the crawling process, tune the collector, be nicer.

    Ctrl-C reaches the whole process group, and systemd sends SIGTERM to every process
    of the service: a worker that died of it would lose the pages in flight that a
    graceful stop is meant to finish. The crawling process shuts the pool down itself.
    The worker's garbage collector is tuned like the crawling process's, and it runs
    ``EXTRACT_WORKER_NICE`` nicer, so that the crawling process keeps it fed."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if gc_threshold is not None:
        tune(gc_threshold)
    if nice > 0:
        os.nice(nice)
