"""newsarchive: the Scrapy project, its adapters, and the Scrapy-free cores they wire.

The cores (``extraction``, ``urls``, ``discovery``, ``provenance`` and the modules they
use) never import Scrapy; the adapters (``spiders``, ``middlewares``, ``extensions``,
``pipelines``, ``scheduler``, ``commands``) do. ``docs/architecture.md`` has the map.
"""
