"""Settings of every benchmark: the example site's, DEBUG off, the database
from ``DATABASE_URL``, the benchmarks' URLs, and per ``BENCHMARK`` (``bench``,
``beacon``, ``loadtest``) its caches; ``BENCH_MODE`` (``direct``,
``direct-sync``, ``buffered``) is how the beacon counts. ``BENCH_REDIS_URL``
names the Redis server (the test suite's database, 13, is never used).
"""

import os

import dj_database_url
from newsroom.settings import *  # noqa: F403
from newsroom.settings import INSTALLED_APPS

BENCHMARK = os.environ.get("BENCHMARK", "bench")
BENCH_MODE = os.environ.get("BENCH_MODE", "direct")
DEBUG = False
ROOT_URLCONF = "benchmarks.urls"
DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=None)}
WAGTAILAPI_LIMIT_MAX = 50
if BENCHMARK == "bench":  # the floor page and the record of how the archive was built
    INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks.floor"]

# (Redis database, key prefix) of the "default" cache (None: in-process, as on
# the example site) and of the view buffer. Behind gunicorn "default" is on
# Redis, so that every worker sees the visitor keys, as in production.
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379").rstrip("/")
CACHE, BUFFER = {
    "bench": (None, (9, os.environ.get("BENCH_REDIS_PREFIX", "wn_bench"))),
    "beacon": ((12, "wnbench"), (14, "wnbench-buffer")),
    "loadtest": ((10, "wnload"), (11, "wnload-buffer")),
}[BENCHMARK]


def redis_cache(database, prefix):
    location = f"{REDIS_URL}/{database}"
    return {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": location, "KEY_PREFIX": prefix}


LOCMEM = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
CACHES = {
    "default": redis_cache(*CACHE) if CACHE else LOCMEM,
    "views_buffer": {**redis_cache(*BUFFER), "TIMEOUT": None},
}


def news_settings(mode):
    """``WAGTAIL_NEWS`` of a counting mode."""
    news = {"VIEW_COUNT_BUFFER": "views_buffer" if mode == "buffered" else None}
    if mode == "buffered":  # the visitor keys next to the buffer: one Redis round trip
        news["VIEW_COUNT_VISITOR_CACHE"] = "views_buffer"
    if mode == "direct-sync":  # each counted view committed to disk before the answer
        news["VIEW_COUNT_SYNCHRONOUS_COMMIT"] = True
    if BENCHMARK != "bench":  # every visitor its own X-Forwarded-For, gunicorn the proxy
        news["CLIENT_IP_PROXY_COUNT"] = 1
    if BENCHMARK == "loadtest" and mode == "buffered":  # a background flush in every worker
        news["VIEW_COUNT_FLUSH_INTERVAL"] = int(os.environ.get("LOADTEST_FLUSH_INTERVAL", "5"))
    return news


WAGTAIL_NEWS = news_settings(BENCH_MODE)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "ERROR"},
}
