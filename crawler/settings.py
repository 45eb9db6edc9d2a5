"""Defaults for crawling news sites politely and archiving everything fetched.

Every project component reads its own ``PREFIX_*`` settings and can be
switched off with ``PREFIX_ENABLED = False``. Override any of them with
``-s NAME=value`` or in a ``settings.py`` of your own.
"""

BOT_NAME = "newsarchive"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
COMMANDS_MODULE = "crawler.commands"

# -- identity and politeness --------------------------------------------------
NEWSARCHIVE_CONTACT_URL = "https://github.com/newsarchive/newsarchive"
# USER_AGENT is built from BOT_NAME, version and NEWSARCHIVE_CONTACT_URL at start
# unless set explicitly (see crawler.spiders.news.NewsSpider.update_settings).
USER_AGENT = None
ROBOTSTXT_OBEY = True
ROBOTSTXT_USER_AGENT = "newsarchive"
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# Items processed at once per response. Scrapy's default (100) starts 100 asyncio tasks
# for every response; a page yields one item and its links, so that was 6.5% of the crawl
# process's CPU (bench/crawl.py --profile) for nothing.
CONCURRENT_ITEMS = 8
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 60
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
REDIRECT_MAX_TIMES = 10
METAREFRESH_MAXDELAY = 100
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_AFTER_ENABLED = True  # honour Retry-After on 429 and 503, per host
RETRY_AFTER_MAX = 300.0  # seconds: a longer ask is capped, not obeyed
RETRY_AFTER_HTTP_CODES = [429, 503]
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# Scrapy 2.19 starts a remote-control HTTP server unless told not to.
REMOTE_CONTROL_ENABLED = False
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
DEPTH_LIMIT = 0  # the news spider bounds depth itself (NEWS_MAX_DEPTH)
DUPEFILTER_DEBUG = False
LOG_LEVEL = "INFO"
LOGSTATS_INTERVAL = 30.0
FEED_EXPORT_ENCODING = "utf-8"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

DOWNLOAD_HANDLERS = {
    "http": "crawler.handlers.ReasonPhraseDownloadHandler",
    "https": "crawler.handlers.ReasonPhraseDownloadHandler",
    "file": None,
    "data": None,
    "ftp": None,
    "s3": None,
}

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.outcomes.FetchOutcomeMiddleware": 30,
    "crawler.middlewares.security.SecurityMiddleware": 40,
    "crawler.middlewares.robots.RobotsTxtMiddleware": 100,
    # after RetryMiddleware (550) on the way in, before it on the way out
    "crawler.middlewares.politeness.RetryAfterMiddleware": 560,
    "crawler.middlewares.decoding.ContentDecodingMiddleware": 595,
    "crawler.middlewares.security.RedirectGuardMiddleware": 650,
}

# -- hostile inputs (crawler.middlewares.security, crawler.network) -------------
SECURITY_ENABLED = True  # http(s) only; no private, loopback, link-local or metadata address
# Networks allowed despite that, e.g. ["127.0.0.1/32"] for tests, or an intranet range.
SECURITY_ALLOWED_NETWORKS: list[str] = []
SECURITY_ALLOWED_SCHEMES = ["http", "https"]
SECURITY_MAX_URL_LENGTH = 8192
# Sitemaps fetched per host per run (index children come newest first, by lastmod): a
# generated index that nests without end stops here; 50 days of daily sitemaps fit.
SECURITY_MAX_SITEMAPS_PER_HOST = 50
TWISTED_DNS_RESOLVER = "crawler.network.SafeResolver"  # checks the address of each connection
DECODE_ENABLED = True  # every Content-Encoding layer bounded by DOWNLOAD_MAXSIZE
FETCH_OUTCOME_ENABLED = True  # failed downloads: one warning + fetch/failed/<reason>
FETCH_HOST_MAX_FAILURES = 5  # consecutive connection failures before a host is given up
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"  # a page that fails after retries is not an ERROR
ROBOTSTXT_MAX_BYTES = 512_000  # RFC 9309 2.5
ROBOTSTXT_CRAWL_DELAY = True  # honour robots.txt Crawl-delay per host...
ROBOTSTXT_CRAWL_DELAY_MAX = 300.0  # ...up to this many seconds
RETRY_AFTER_BACKOFF_BASE = 1.0  # 5xx without Retry-After: 1, 2, 4 ... s per host, capped
RETRY_AFTER_BAN_HOLD = 60.0  # a captcha / access-denied page holds the host this long

# The crawl frontier lives in CORPUS_DB (crawler.scheduler): a killed run resumes,
# and a scheduled run fetches only what is new, due again, or a discovery page.
SCHEDULER = "crawler.scheduler.FrontierScheduler"
SPIDER_MIDDLEWARES = {
    "crawler.scheduler.FrontierMiddleware": 1000,
}

EXTENSIONS = {
    "crawler.extensions.cluster.ClusterWorker": 90,
    "crawler.extensions.corpus.CorpusExtension": 100,
    "crawler.extensions.warc.WarcExtension": 110,
    "crawler.extensions.status.StatusLine": 120,
    "crawler.extensions.gc.GcTuning": 130,
}
# Garbage-collector thresholds for the crawling process and the extraction workers
# (crawler/gc_tuning.py); Python's default is 700,10,10.
GC_TUNING_ENABLED = True
GC_THRESHOLD = "10000,10,10"

ITEM_PIPELINES = {
    "crawler.pipelines.ExtractPipeline": 300,
    "crawler.pipelines.CorpusPipeline": 400,
}

# -- where things go ----------------------------------------------------------
CORPUS_ENABLED = True
CORPUS_DB = "corpus.db"
# Rows are committed in batches (one WAL sync, one WARC fsync per batch, records always
# synced before the rows that point at them). 1: commit every row on its own.
CORPUS_BATCH_SIZE = 32
CORPUS_BATCH_DELAY = 0.25  # seconds a row waits for its batch at most
# SQLite's WAL sync: FULL syncs the log at every commit, NORMAL only at checkpoints. A
# killed crawl loses nothing either way; after a power cut NORMAL can take back the last
# commits (their pages are fetched again: the frontier rolls back with them), never
# corrupt the database, and WARC records are always fsynced before their rows. Measured
# with bench/crawl.py, NORMAL was no faster here (commits are batched): FULL stays.
CORPUS_SYNCHRONOUS = "FULL"

WARC_ENABLED = True
WARC_DIR = "warcs"
WARC_PREFIX = "newsarchive"
WARC_MAX_BYTES = 1_000_000_000
WARC_COMPRESSOR = "isal"  # ISA-L deflate (levels 0-3), or "zlib" (levels 1-9)
WARC_GZIP_LEVEL = 1
WARC_FSYNC = True
WARC_OPERATOR = ""
WARC_DEDUPE = True  # a body already archived from another URL becomes a revisit record
WARC_DEDUPE_MIN_BYTES = 1024
WARC_CONVERSION_RECORDS = True  # each article's text also goes into the WARC (conversion)

# -- the frontier and recrawls -------------------------------------------------
FRONTIER_ENABLED = True
# Articles are fetched again this long after they were first seen, then no more.
# Feeds, sitemaps, start pages and section pages are fetched again on every run.
FRONTIER_RECRAWL_AFTER = ["1h", "6h", "24h", "7d"]
FRONTIER_CONDITIONAL_REQUESTS = True  # If-None-Match / If-Modified-Since on refetches
FRONTIER_MAX_ATTEMPTS = 3  # runs in which a failing URL is tried before it is given up
FRONTIER_BATCH = 64  # rows taken from the queue at a time
FRONTIER_FLUSH_INTERVAL = 1.0  # seconds between commits of newly found URLs
# Crawling on several machines (docs/distributed.md): "redis" makes this crawl one worker of
# a cluster sharing a frontier, per-host politeness and robots.txt through REDIS_URL; its
# rows go to Redis, and `scrapy ingest` writes them into CORPUS_DB.
FRONTIER_BACKEND = "sqlite"
REDIS_URL = "redis://127.0.0.1:6379/0"
CLUSTER_NAME = "na"  # key prefix: one Redis database may hold several clusters
WORKER_NAME = ""  # unique in the cluster; empty: HOST-PID
FRONTIER_LEASE_TIMEOUT = 60.0  # seconds a dead worker's URLs (and its liveness) last
FRONTIER_LEASE_BATCH = 16  # URLs a worker holds at most waiting for their fetch

# -- extraction ---------------------------------------------------------------
EXTRACT_ENABLED = True
EXTRACT_WORKERS = 2  # processes; 0 runs extraction in a thread instead
EXTRACT_MAX_INFLIGHT = 8
# Workers run this much nicer than the crawling process: the reactor always gets a core
# when it has pages to hand out, and the workers take the rest (bench/crawl.py: 87 pages/s
# against 83 at the same priority, three alternating runs each). 0: same priority.
EXTRACT_WORKER_NICE = 5
EXTRACT_TIME_BUDGET = 30.0  # seconds of extraction per document, enforced in the worker
EXTRACT_MAX_ELEMENTS = 100_000  # larger DOMs are cut (counted extract/limits/...)
EXTRACT_DEBRIS_DISABLED: list[str] = []  # names from crawler.extraction.ALL_RULES
# trafilatura's precision mode: less boilerplate, more lost article text (bench/extraction.py)
EXTRACT_FAVOR_PRECISION = False
# On a site that dates its articles, a page found by links that neither declares itself
# an article nor carries a date or byline is a static page (about, policies), not news.
# Off: trust extraction alone.
EXTRACT_NEWS_ONLY = True

# -- site templates (crawler/templates.py, docs/extraction.md) --------------------
# Blocks that recur across a site's articles are its template: learned at the end of a
# run from all its stored articles, archived as a WARC metadata record, and removed from
# the next pages before extraction (this run's pages are extracted again with it).
TEMPLATE_ENABLED = True
TEMPLATE_MIN_SITE_PAGES = 10  # articles of a site before anything is learned from it
TEMPLATE_MIN_PAGES = 5  # a block recurs on at least this many of them...
TEMPLATE_MIN_SHARE = 0.3  # ...and on at least this share of them
TEMPLATE_MAX_VARIETY = 0.1  # a place is template when its texts are this few per article

# Stories (docs/stories.md): every stored article is matched against every topic the
# corpus follows ([[topic]] in the sources file, -a topic=QUERY).
TOPICS_ENABLED = True
# A focused crawl: articles on none of the run's topics are archived but not stored
# (outcome off_topic), and feed and sitemap entries whose title is on a topic come first.
TOPIC_FOCUS = False  # a source's topic_focus = true|false overrides it
TOPIC_PREFILTER = False  # also skip entries whose title is off-topic (headlines omit words)
# Clusters of copies (syndicated, reposted, lightly edited): every stored article gets a
# MinHash signature and joins its cluster when it is stored (crawler/stories/clusters.py).
CLUSTERS_ENABLED = True

# -- the news spider ----------------------------------------------------------
NEWS_MAX_DEPTH = 4  # link hops from a start page, feed or sitemap
NEWS_MAX_PAGINATION = 10  # listing pages followed per pagination chain
NEWS_MAX_PAGES_PER_SOURCE = 5000
NEWS_MAX_PER_TEMPLATE = 200  # URLs sharing one path shape (calendar traps)
NEWS_FOLLOW_LINKS = True
NEWS_GUESS_SITEMAP = True  # try /sitemap.xml when robots.txt lists none
NEWS_SITEMAP_MAX_DEPTH = 3  # sitemap indexes nested in one another (robots.txt's: 0)

STATUS_ENABLED = True
STATUS_INTERVAL = 60.0
