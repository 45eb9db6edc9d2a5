"""The ``request.meta`` keys by which the project's components pass data along a request.

One module holds them all, so that no component imports another just to spell a key,
and no key is written as a bare string. Pure: plain constants.
"""

from __future__ import annotations

# -- what the spider says about a request (kept with the URL in the frontier) ------------
SOURCE_META = "newsarchive_source"  # the source (sources file entry) it belongs to
KIND_META = "newsarchive_kind"  # one of the kinds below
HOPS_META = "newsarchive_hops"  # link hops from a start page, feed or sitemap
CHAIN_META = "newsarchive_pagination"  # listing pages followed in this pagination chain
DISCOVERY_META = "newsarchive_discovery"  # how the URL was found: {"via": ..., hints}
SITEMAP_DEPTH_META = "newsarchive_sitemap_depth"  # sitemap indexes above this sitemap

#: The spider's keys that describe a URL, not one fetch of it: the frontier stores them.
URL_META = (SOURCE_META, KIND_META, HOPS_META, CHAIN_META, DISCOVERY_META, SITEMAP_DEPTH_META)

# -- what one fetch carries between components ---------------------------------------
FRONTIER_KEY_META = "newsarchive_frontier_key"  # the frontier row this fetch settles
POLICY_META = "newsarchive_policy"  # its recrawl policy
REVISIT_META = "newsarchive_revisit_of"  # the record a conditional request may revisit
CRAWL_DELAY_META = "newsarchive_crawl_delay"  # robots.txt Crawl-delay, paced by the handler
REASON_META = "http_reason"  # the reason phrase the server sent (download handler)
WARC_META = "warc_capture"  # the Capture of the archived response (WARC extension)
# In a cluster: the body was archived in full, but another worker had just archived the
# same body from this URL (crawler.distributed.handoff.Handoff.claim_payload)
SAME_BODY_META = "newsarchive_same_body_as"

# -- kinds of request ---------------------------------------------------------------------
PAGE_KIND = "page"
FEED_KIND = "feed"
SITEMAP_KIND = "sitemap"
ROBOTS_KIND = "robots"
