"""Settings of the load test (``benchmarks/loadtest.py``).

``benchmarks.settings`` (PostgreSQL from ``DATABASE_URL``, DEBUG off, the
django-redis caches, ``BENCH_MODE``, ``CLIENT_IP_PROXY_COUNT = 1``) with its
own Redis databases, 10 (cache) and 11 (buffer, visitor keys), so that it
never meets the beacon benchmark's keys, and in buffered mode a periodic
in-process flush (``LOADTEST_FLUSH_INTERVAL`` seconds, default 5; 0 turns
it off), as a production site would run it.
"""

import os

from benchmarks.settings import *  # noqa: F403
from benchmarks.settings import BENCH_MODE, REDIS_URL, WAGTAIL_NEWS

CACHE_DB = 10
BUFFER_DB = 11
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": f"{REDIS_URL}/{CACHE_DB}",
        "KEY_PREFIX": "wnload",
    },
    "views_buffer": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": f"{REDIS_URL}/{BUFFER_DB}",
        "KEY_PREFIX": "wnload-buffer",
        "TIMEOUT": None,
    },
}

if BENCH_MODE == "buffered":
    WAGTAIL_NEWS["VIEW_COUNT_FLUSH_INTERVAL"] = int(os.environ.get("LOADTEST_FLUSH_INTERVAL", "5"))
