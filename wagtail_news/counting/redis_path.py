"""The beacon in one Redis round trip.

When the visitor cache (``VIEW_COUNT_VISITOR_CACHE``) is a django-redis
cache, one Lua script reads the cached "may this page be counted" answer,
takes the visitor's window key (``SET NX EX``) and, when the view buffer is
the same cache alias, counts the view in the buffer and returns the page's
buffered views: a hot article's beacon then costs one round trip and no
query. With another visitor cache the same steps run one by one (see
``recording``); the rules and the keys are the same.
"""

import functools
import inspect
import weakref

from django.core.cache import caches

from ..conf import news_settings
from . import buffer, verdicts

# KEYS: 1 generation, 2 answer, 3 visitor, 4 address; with the buffer also
# 5 pending, 6 pending totals, 7 stored totals, 8 claims, 9 claim totals
# prefix. ARGV: 1 window (s), 2 "1" to take the visitor key, 3 page id,
# 4 "id:day", 5 views per address and window (0: no limit).
# Answers {0, generation} when the answer is unknown, {-1} when the page may
# not be counted, else {1, counted} or, with the buffer, {1, counted,
# buffered views, stored total or -1}; counted is 1 (counted), 0 (seen in
# the window) or 2 (the address used up its views).
SCRIPT = (
    buffer.COUNT_VIEW_LUA
    + """
local generation = redis.call('GET', KEYS[1])
if not generation then return {0, ''} end
local answer = redis.call('GET', KEYS[2])
if answer == generation .. '0' then return {-1} end
if answer ~= generation .. '1' then return {0, generation} end
local counted = 0
if ARGV[2] == '1' and redis.call('SET', KEYS[3], '1', 'NX', 'EX', ARGV[1]) then
  counted = 1
  local limit = tonumber(ARGV[5])
  if limit > 0 then
    local n = redis.call('INCR', KEYS[4])
    if n == 1 then redis.call('EXPIRE', KEYS[4], ARGV[1]) end
    if n > limit then counted = 2 end
  end
end
if #KEYS == 4 then return {1, counted} end
local add = counted == 1
local total = count_view(KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9], ARGV[4], ARGV[3], add)
return {1, counted, total[1], total[2]}
"""
)

UNKNOWN, NOT_COUNTABLE = 0, -1
SEEN, COUNTED, OVER_ADDRESS_LIMIT = 0, 1, 2

# One runner per cache object (Django keeps one per thread and alias, and
# builds new ones when the CACHES setting changes).
_runners = weakref.WeakKeyDictionary()


def is_redis_cache(alias):
    try:
        from django_redis.cache import RedisCache
    except ImportError:
        return False
    return isinstance(caches[alias], RedisCache)


def available():
    return is_redis_cache(news_settings.VIEW_COUNT_VISITOR_CACHE)


def limits_addresses(reason):
    """Whether the script keeps the address's count: a limit is set and the
    request may count."""
    return reason is None and news_settings.VIEW_COUNT_MAX_PER_ADDRESS is not None


def counts_in_script():
    """Whether the script also counts: the buffer is the visitor cache."""
    return buffer.enabled() and (
        news_settings.VIEW_COUNT_BUFFER == news_settings.VIEW_COUNT_VISITOR_CACHE
    )


def checkout_function(pool):
    """``pool.get_connection`` as a function of no arguments: redis-py 5.3
    and later take none (and warn about any), older versions want a command
    name."""
    parameter = inspect.signature(pool.get_connection).parameters.get("command_name")
    if parameter is None or parameter.default is not inspect.Parameter.empty:
        return pool.get_connection
    return functools.partial(pool.get_connection, "EVALSHA")


class ScriptRunner:
    """The script on one django-redis cache, ready to send.

    Its constant keys are made once. Each run borrows a connection from the
    cache's connection pool (redis-py's own, shared with the cache and the
    buffer) and gives it back when the answer is read, whatever happens: a
    beacon is one send and one read, the pool never holds more connections
    than beacons run at once (a thread or greenlet per request included),
    and redis-py's pool handles forks and dropped connections.
    """

    def __init__(self, cache, alias, with_buffer):
        from django_redis import get_redis_connection
        from redis import exceptions

        self.no_script = exceptions.NoScriptError
        self.connection_errors = (exceptions.ConnectionError, exceptions.TimeoutError, OSError)
        client = get_redis_connection(alias)
        self.pool = client.connection_pool
        self.script = client.register_script(SCRIPT)
        self.make_key = cache.make_key
        self.verdict_key = functools.lru_cache(maxsize=1024)(self._verdict_key)
        self.generation_key = self.make_key(verdicts.generation_key())
        self.no_address_key = self.make_key("wagtail_news:address:none")  # never written
        self.buffer_keys = ()
        if with_buffer:
            views = buffer.get_buffer()
            self.buffer_keys = (
                views.pending,
                views.pending_totals,
                views.stored,
                views.claims,
                views.claim_totals_prefix,
            )
        self.checkout = checkout_function(self.pool)

    def _verdict_key(self, host, page_id):
        return self.make_key(verdicts.verdict_key(host, page_id))

    def execute(self, *command):
        """Send ``command`` on a pooled connection and read the answer; once
        more on a fresh connection if the connection failed, and after
        loading the script if the server does not know it (a restart)."""
        for attempt in (1, 2):
            connection = self.checkout()
            try:
                connection.send_command(*command)
                return connection.read_response()
            except self.no_script:
                if attempt == 2:
                    raise
                connection.send_command("SCRIPT", "LOAD", SCRIPT)  # on the same connection
                connection.read_response()
            except self.connection_errors:
                connection.disconnect()
                if attempt == 2:
                    raise
            except BaseException:
                connection.disconnect()  # the answer may be half read
                raise
            finally:
                self.pool.release(connection)
        raise AssertionError("unreachable")

    def run(self, host, page_id, visitor_key, address_key, take_visitor, day):
        page_id = int(page_id)
        keys = (
            self.generation_key,
            self.verdict_key(host, page_id),
            self.make_key(visitor_key),
            self.make_key(address_key) if address_key else self.no_address_key,
            *self.buffer_keys,
        )
        return self.execute(
            "EVALSHA",
            self.script.sha,
            len(keys),
            *keys,
            news_settings.VIEW_COUNT_WINDOW,
            "1" if take_visitor else "0",
            page_id,
            f"{page_id}:{day.isoformat()}",
            news_settings.VIEW_COUNT_MAX_PER_ADDRESS or 0,
        )


def runner():
    """The ``ScriptRunner`` of the visitor cache (and buffer) in use."""
    alias = news_settings.VIEW_COUNT_VISITOR_CACHE
    cache = caches[alias]
    with_buffer = counts_in_script()
    found = _runners.get(cache)
    if found is None or found[0] != with_buffer:
        found = _runners[cache] = (with_buffer, ScriptRunner(cache, alias, with_buffer))
    return found[1]


def run(host, page_id, visitor_key, address_key, take_visitor, day):
    """Run the script; see ``SCRIPT`` for its answer. ``address_key`` is
    the address's counter (``rules.address_key``), or "" without a limit."""
    return runner().run(host, page_id, visitor_key, address_key, take_visitor, day)
