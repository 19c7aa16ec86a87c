"""Cached answers to "may this page be counted on this host?".

A beacon must 404 for anything but a live, public article of the request's
site; on a hot article that answer comes from the cache, not the database.
Answers live in the visitor cache (``VIEW_COUNT_VISITOR_CACHE``), next to
the visitor keys, so that on Redis one script can read both (see
``redis_path``). Each answer is stored with the generation it was computed
in; every publish, unpublish, move, deletion, view-restriction or site
change bumps the generation (``wagtail_news.cache_invalidation``), so stale
answers are never used and simply expire.

An answer is stored as one integer, the generation followed by one digit
(1: countable, 0: not), which django-redis keeps as plain digits that a Lua
script can compare as strings.
"""

import hashlib
import re
import time

from django.core.cache import caches

from ..conf import news_settings

KEY_PREFIX = "wagtail_news:countable:1"


def verdict_cache():
    return caches[news_settings.VIEW_COUNT_VISITOR_CACHE]


def host_of(request):
    """The host and port a request was made to: answers are per host."""
    return f"{request._get_raw_host()}:{request.get_port()}"


def generation_key():
    return f"{KEY_PREFIX}:generation"


def verdict_key(host, page_id):
    if not re.fullmatch(r"[-.:\w\[\]]{1,100}", host, flags=re.ASCII):
        host = "h" + hashlib.sha256(host.encode()).hexdigest()[:32]
    return f"{KEY_PREFIX}:{host}:{int(page_id)}"


def encode(generation, countable):
    return int(generation) * 10 + int(bool(countable))


def decode(value, generation):
    """The stored answer if it belongs to ``generation``, else ``None``."""
    if value is None or generation is None or int(value) // 10 != int(generation):
        return None
    return bool(int(value) % 10)


def start_generation(cache):
    """The current generation, starting one from the clock if there is none
    (never reusing a number an evicted generation may have reached)."""
    cache.add(generation_key(), time.time_ns(), timeout=None)
    return cache.get(generation_key())


def cached(host, page_id):
    """The cached answer (``None`` when unknown) and a function that stores a
    fresh one; one cache read."""
    cache = verdict_cache()
    key = verdict_key(host, page_id)
    found = cache.get_many([generation_key(), key])
    generation = found.get(generation_key())
    if generation is None:
        generation = start_generation(cache)
    return decode(found.get(key), generation), store_function(cache, key, generation)


def store_function(cache, key, generation):
    def store(countable):
        cache.set(key, encode(generation, countable), news_settings.LIST_CACHE_TIMEOUT)

    return store


def invalidate():
    """Drop every cached answer."""
    cache = verdict_cache()
    try:
        cache.incr(generation_key())
    except ValueError:  # no generation yet: start one
        cache.set(generation_key(), time.time_ns(), timeout=None)
