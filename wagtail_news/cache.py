"""The one cache module: generation numbers, cached counts and safe keys.

Lists ("Last news", "Most read") and counting's "may this page be counted"
answers are cached under keys that carry generation numbers; bumping a
number (``bump()``) invalidates every entry built from it in O(1), and stale
entries simply expire. ``cached_count()`` keeps the counts of large listings
the same way. Nothing here imports the app's models.
"""

import hashlib
import re
import time

from django.core.cache import caches
from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet

from .conf import news_settings
from .merging import MergedArticles

KEY_PREFIX = "wagtail_news:lists:1"  # the number changes with the cached data's shape


def list_cache():
    """The cache of lists and counts (``LIST_CACHE``)."""
    return caches[news_settings.LIST_CACHE]


def make_key(*parts):
    return ":".join([KEY_PREFIX, *(str(part) for part in parts)])


def key_safe(value, extra_characters=""):
    """``value`` itself when it is safe in any cache key (letters, digits,
    ``_``, ``-`` and ``extra_characters``, at most 100), else a hash of it."""
    if re.fullmatch(rf"[-\w{re.escape(extra_characters)}]{{1,100}}", value, flags=re.ASCII):
        return value
    return "h" + hashlib.sha256(value.encode()).hexdigest()[:32]


def generations(cache, keys):
    """The current generation numbers, starting missing ones from the clock
    (never reusing a number an evicted generation may have reached)."""
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        start = time.time_ns()
        for key in missing:
            cache.add(key, start, timeout=None)
        found.update(cache.get_many(missing))
    return [found.get(key, 0) for key in keys]


def bump(cache, key):
    """Start the next generation of ``key``."""
    try:
        cache.incr(key)
    except ValueError:  # no generation yet: start one
        cache.set(key, time.time_ns(), timeout=None)


def counts_generation_key():
    return make_key("gen", "counts")


def invalidate_counts():
    bump(list_cache(), counts_generation_key())


def cached_count(queryset):
    """``queryset.count()``, kept in the list cache until a page is next
    published, unpublished, moved, deleted or restricted anywhere: a section
    or the API then counts tens of thousands of articles once, not on every
    request. The key is a hash of the query's SQL and parameters. Anything
    that is not a queryset (search results) is counted as usual; the
    articles of several models (``merging.MergedArticles``) model by model."""
    if isinstance(queryset, list):  # results merged from several models' searches
        return len(queryset)
    if isinstance(queryset, MergedArticles):
        return sum(cached_count(part) for part in queryset.querysets)
    if not isinstance(queryset, QuerySet):
        return queryset.count()
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # a query that can match nothing (an empty search)
        return queryset.count()
    cache = list_cache()
    [generation] = generations(cache, [counts_generation_key()])
    digest = hashlib.sha256(repr((queryset.db, sql, params)).encode()).hexdigest()
    key = make_key("count", generation, digest)
    count = cache.get(key)
    if count is None:
        count = queryset.count()
        cache.set(key, count, news_settings.LIST_CACHE_TIMEOUT)
    return count


def with_cached_count(queryset):
    """A copy of ``queryset`` whose ``count()`` is ``cached_count``, for a
    paginator that counts it (Wagtail's API pagination)."""
    if not isinstance(queryset, QuerySet):
        return queryset
    counted, paginated = queryset.all(), queryset.all()
    paginated.count = lambda: cached_count(counted)
    return paginated
