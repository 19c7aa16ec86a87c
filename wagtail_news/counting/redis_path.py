"""The beacon in one Redis round trip.

When the visitor cache (``VIEW_COUNT_VISITOR_CACHE``) is a django-redis
cache, one Lua script reads the cached "may this page be counted" answer,
takes the visitor's window key (``SET NX EX``) and, when the view buffer is
the same cache alias, counts the view in the buffer and returns the page's
buffered views: a hot article's beacon then costs one round trip and no
query. With another visitor cache the same steps run one by one (see
``recording``); the rules and the keys are the same.
"""

from django.core.cache import caches

from ..conf import news_settings
from . import buffer, verdicts

# KEYS: 1 generation, 2 answer, 3 visitor; with the buffer also 4 pending,
# 5 pending totals, 6 stored totals, 7 claims, 8 claim totals prefix.
# ARGV: 1 window (s), 2 "1" to take the visitor key, 3 page id, 4 "id:day".
# Answers {0, generation} when the answer is unknown, {-1} when the page may
# not be counted, else {1, counted} or, with the buffer, {1, counted,
# buffered views, stored total or -1}.
SCRIPT = """
local generation = redis.call('GET', KEYS[1])
if not generation then return {0, ''} end
local answer = redis.call('GET', KEYS[2])
if answer == generation .. '0' then return {-1} end
if answer ~= generation .. '1' then return {0, generation} end
local counted = 0
if ARGV[2] == '1' and redis.call('SET', KEYS[3], '1', 'NX', 'EX', ARGV[1]) then counted = 1 end
if #KEYS == 3 then return {1, counted} end
local n
if counted == 1 then
  redis.call('HINCRBY', KEYS[4], ARGV[4], 1)
  n = redis.call('HINCRBY', KEYS[5], ARGV[3], 1)
else
  n = tonumber(redis.call('HGET', KEYS[5], ARGV[3]) or '0')
end
for _, claim in ipairs(redis.call('SMEMBERS', KEYS[7])) do
  n = n + tonumber(redis.call('HGET', KEYS[8] .. claim, ARGV[3]) or '0')
end
local stored = redis.call('HGET', KEYS[6], ARGV[3])
if stored then return {1, counted, n, tonumber(stored)} end
return {1, counted, n, -1}
"""

UNKNOWN, NOT_COUNTABLE = 0, -1

_scripts = {}


def is_redis_cache(alias):
    try:
        from django_redis.cache import RedisCache
    except ImportError:
        return False
    return isinstance(caches[alias], RedisCache)


def available():
    return is_redis_cache(news_settings.VIEW_COUNT_VISITOR_CACHE)


def counts_in_script():
    """Whether the script also counts: the buffer is the visitor cache."""
    return buffer.enabled() and (
        news_settings.VIEW_COUNT_BUFFER == news_settings.VIEW_COUNT_VISITOR_CACHE
    )


def _script(alias):
    if alias not in _scripts:
        from django_redis import get_redis_connection

        _scripts[alias] = get_redis_connection(alias).register_script(SCRIPT)
    return _scripts[alias]


def run(host, page_id, visitor_key, take_visitor, day):
    """Run the script; see ``SCRIPT`` for its answer."""
    alias = news_settings.VIEW_COUNT_VISITOR_CACHE
    make_key = caches[alias].make_key
    keys = [
        make_key(verdicts.generation_key()),
        make_key(verdicts.verdict_key(host, page_id)),
        make_key(visitor_key),
    ]
    if counts_in_script():
        views = buffer.get_buffer()
        keys += [
            views.pending,
            views.pending_totals,
            views.stored,
            views.claims,
            views.claim_totals_prefix,
        ]
    args = [
        news_settings.VIEW_COUNT_WINDOW,
        "1" if take_visitor else "0",
        int(page_id),
        f"{int(page_id)}:{day.isoformat()}",
    ]
    return _script(alias)(keys=keys, args=args)
