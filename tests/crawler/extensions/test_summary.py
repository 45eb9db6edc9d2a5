"""The run summary reads as sentences, with sizes in units: "1 WARC file", "28.0 MB"."""

from __future__ import annotations

from crawler.extensions.summary import build_summary, counted, format_summary, human_bytes

STATS = {
    "downloader/response_count": 1234,
    "warc/records_written": 2469,
    "warc/bytes_written": 27_957_760,
    "corpus/articles_inserted": 16,
    "extract/not_article/listing_page": 3,
    "extract/not_article/too_short": 1,
    "robotstxt/forbidden": 1,
    "warc/revisit_records/not_modified": 1,
    "frontier/conditional_requests": 2,
    "extract/template/profiles_written": 1,
    "extract/template/blocks_removed": 1,
}


def test_counts_and_sizes_read_as_words():
    assert counted(1, "WARC file") == "1 WARC file"
    assert counted(2, "WARC file") == "2 WARC files"
    assert counted(12345, "capture") == "12,345 captures"
    assert counted(0, "article version") == "0 article versions"
    assert human_bytes(27_957_760) == "28.0 MB"
    assert human_bytes(1) == "1 byte" and human_bytes(999) == "999 bytes"
    assert human_bytes(1_500) == "1.5 kB"


def test_the_crawl_summary_is_sentences_with_sizes_in_units():
    summary = build_summary(STATS, ["a.warc.gz"], "corpus.db", "finished")
    assert summary["warc_bytes"] == 27_957_760
    lines = format_summary(summary)
    assert lines[0] == "newsarchive summary (finished):"
    assert "  pages fetched     1,234" in lines
    assert "  records archived  2,469 records (28.0 MB) in 1 WARC file" in lines
    assert "  articles stored   16 new, 0 updated, 0 unchanged" in lines
    assert "  not articles      listing page 3, too short 1" in lines
    assert (
        "  revisits          1 record for unchanged pages; 2 conditional requests,"
        " 0 URLs resumed, 0 due again"
    ) in lines
    assert "  robots.txt        1 request not made" in lines
    assert (
        "  site templates    1 template block removed; 1 profile learned,"
        " 0 articles extracted again with one"
    ) in lines
    text = "\n".join(lines)
    assert "(s)" not in text and "_" not in text.replace("corpus.db", "")


def test_a_summary_kept_by_an_older_run_still_reads():
    old = build_summary(STATS, ["a.warc.gz", "b.warc.gz"], "corpus.db", "finished")
    del old["warc_bytes"]
    assert "  records archived  2,469 records in 2 WARC files" in format_summary(old)
