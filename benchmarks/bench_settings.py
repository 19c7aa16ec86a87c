"""Settings of ``make bench`` (``benchmarks/bench.py``), one worker process each.

The example site's settings (``newsroom.settings``) with DEBUG off, plus:

- the database from ``DATABASE_URL`` (an SQLite file or PostgreSQL);
- ``benchmarks.floor``: the plain Wagtail page that page targets are compared
  with, and the record of how an archive was built;
- ``benchmarks.bench_urls``: the site's URLs plus the benchmark's own views
  (the bare floors and the "Last news" render);
- the "default" cache stays in-process (LocMemCache, as on the example
  site); ``views_buffer`` is django-redis on DB 9 with a key prefix per
  worker (``BENCH_REDIS_PREFIX``), for the buffered beacon.
"""

import os

import dj_database_url
from newsroom.settings import *  # noqa: F403
from newsroom.settings import INSTALLED_APPS

DEBUG = False
ROOT_URLCONF = "benchmarks.bench_urls"
INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks.floor"]

DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=None)}

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379").rstrip("/")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "views_buffer": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": f"{REDIS_URL}/9",
        "KEY_PREFIX": os.environ.get("BENCH_REDIS_PREFIX", "wn_bench"),
        "TIMEOUT": None,
    },
}

# Direct counting; the buffered beacon target overrides these two keys.
WAGTAIL_NEWS = {"VIEW_COUNT_BUFFER": None}
BUFFERED_NEWS_SETTINGS = {
    "VIEW_COUNT_BUFFER": "views_buffer",
    "VIEW_COUNT_VISITOR_CACHE": "views_buffer",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "ERROR"},
}
