"""Settings of the view-count beacon benchmark (``benchmarks/beacon.py``).

The example site's settings, made production-like: PostgreSQL from
``DATABASE_URL`` (required), DEBUG off, a shared Redis cache as "default"
(django-redis: the visitor keys are shared by all gunicorn workers, as in
production) and a django-redis alias "views_buffer" for the view buffer.

``BENCH_MODE`` selects how the beacon counts:

- ``direct``: one upsert statement for every counted view (committed
  without waiting for the disk, the default);
- ``direct-sync``: the same with ``VIEW_COUNT_SYNCHRONOUS_COMMIT = True``;
- ``buffered``: ``HINCRBY`` in Redis ("views_buffer", which also keeps the
  visitor keys, so that one script decides and counts), moved into the
  tables by ``manage.py flush_news_views``.

``BENCH_REDIS_URL`` (default ``redis://127.0.0.1:6379``) names the Redis
server; the benchmark uses databases 12 (cache) and 14 (buffer), not the
test suite's 13.
"""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from newsroom.settings import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "benchmarks.urls"

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if not DATABASE_URL.startswith(("postgres://", "postgresql://")):
    raise ImproperlyConfigured(
        "The benchmark runs on PostgreSQL: set DATABASE_URL=postgres://user@host:port/name."
    )
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=600)}

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379").rstrip("/")
CACHE_DB = 12
BUFFER_DB = 14
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": f"{REDIS_URL}/{CACHE_DB}",
        "KEY_PREFIX": "wnbench",
    },
    "views_buffer": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": f"{REDIS_URL}/{BUFFER_DB}",
        "KEY_PREFIX": "wnbench-buffer",
        "TIMEOUT": None,
    },
}

BENCH_MODE = os.environ.get("BENCH_MODE", "direct")
if BENCH_MODE not in ("direct", "direct-sync", "buffered"):
    raise ImproperlyConfigured(
        f"BENCH_MODE must be 'direct', 'direct-sync' or 'buffered', not {BENCH_MODE!r}."
    )

WAGTAIL_NEWS = {
    # Every request of the load generator is a distinct visitor through its
    # X-Forwarded-For header (gunicorn is the "proxy" in front of Django).
    "CLIENT_IP_PROXY_COUNT": 1,
    "VIEW_COUNT_BUFFER": "views_buffer" if BENCH_MODE == "buffered" else None,
}
# django-ipware's setting: the one header gunicorn's "proxy" sets.
IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR",)
if BENCH_MODE == "direct-sync":
    # Each counted view committed to disk before the answer.
    WAGTAIL_NEWS["VIEW_COUNT_SYNCHRONOUS_COMMIT"] = True
if BENCH_MODE == "buffered":
    # Visitor keys next to the buffer: the beacon is one Redis round trip.
    WAGTAIL_NEWS["VIEW_COUNT_VISITOR_CACHE"] = "views_buffer"

# Quiet: only errors, on stderr (gunicorn's log file).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "ERROR"},
}
