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

from django.core.cache import caches

from ..cache import bump, generations, key_safe
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
    return f"{KEY_PREFIX}:{key_safe(host, extra_characters='.:[]')}:{int(page_id)}"


def encode(generation, countable):
    return int(generation) * 10 + int(bool(countable))


def decode(value, generation):
    """The stored answer if it belongs to ``generation``, else ``None``."""
    if value is None or generation is None or int(value) // 10 != int(generation):
        return None
    return bool(int(value) % 10)


def start_generation(cache):
    """The current generation, starting one if there is none."""
    [generation] = generations(cache, [generation_key()])
    return generation


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
        cache.set(key, encode(generation, countable), news_settings.VIEW_COUNT_VERDICT_TIMEOUT)

    return store


def invalidate():
    """Drop every cached answer."""
    bump(verdict_cache(), generation_key())
