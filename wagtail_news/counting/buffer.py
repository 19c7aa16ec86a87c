"""The cache buffer for hot sites (``WAGTAIL_NEWS["VIEW_COUNT_BUFFER"]``).

Views are counted with atomic ``HINCRBY`` in Redis (django-redis) and moved
into the database by ``flush()``. A flush claims the pending counts with an
atomic rename, applies them in one transaction that also records the batch
id, and only then deletes the claim. If it dies half-way the claim stays in
Redis and the next flush applies it, unless the database says that batch
was already applied: nothing is lost and nothing is counted twice.

Readers see database totals plus pending and claimed-but-unapplied counts.
"""

import logging
import threading
import time
import uuid
from contextlib import contextmanager

from django.core.cache import caches
from django.db import connection, transaction

from ..conf import news_settings
from ..models import PageViewTotal, ViewFlush
from ..queries import page_model
from .store import add_views

logger = logging.getLogger(__name__)

CLAIM_SCRIPT = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('RENAME', KEYS[1], KEYS[3])
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('RENAME', KEYS[2], KEYS[4]) end
redis.call('SADD', KEYS[5], ARGV[1])
return 1
"""

# The one counting function of the buffer's scripts (this module's ADD_SCRIPT
# and the beacon's one-round-trip script in ``redis_path``): count one view
# when ``add`` (in the page's day bucket and its running total), and answer
# the page's buffered views (claimed batches not yet flushed included) and,
# when known, its stored total (-1 when not).
COUNT_VIEW_LUA = """
local function count_view(pending, totals, stored, claims, claim_prefix, day_key, page_id, add)
  local n
  if add then
    redis.call('HINCRBY', pending, day_key, 1)
    n = redis.call('HINCRBY', totals, page_id, 1)
  else
    n = tonumber(redis.call('HGET', totals, page_id) or '0')
  end
  for _, claim in ipairs(redis.call('SMEMBERS', claims)) do
    n = n + tonumber(redis.call('HGET', claim_prefix .. claim, page_id) or '0')
  end
  local known = redis.call('HGET', stored, page_id)
  if known then return {n, tonumber(known)} end
  return {n, -1}
end
"""

# Count one view: one round trip.
ADD_SCRIPT = (
    COUNT_VIEW_LUA
    + "return count_view(KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], ARGV[1], ARGV[2], true)\n"
)

PENDING_SCRIPT = """
local totals = {}
local claims = redis.call('SMEMBERS', KEYS[2])
for i, page_id in ipairs(ARGV) do
  local n = tonumber(redis.call('HGET', KEYS[1], page_id) or '0')
  for _, claim in ipairs(claims) do
    n = n + tonumber(redis.call('HGET', KEYS[3] .. claim, page_id) or '0')
  end
  totals[i] = n
end
return totals
"""


def enabled():
    return news_settings.VIEW_COUNT_BUFFER is not None


class Buffer:
    """Redis keys and scripts of one buffer cache alias."""

    def __init__(self, alias):
        from django_redis import get_redis_connection

        self.cache = caches[alias]
        self.client = get_redis_connection(alias)  # pooled by django-redis
        key = self.cache.make_key
        self.pending = key("wagtail_news:views:pending")
        self.pending_totals = key("wagtail_news:views:pending-totals")
        # Database totals as of the last flush that touched each page.
        self.stored = key("wagtail_news:views:stored")
        self.claims = key("wagtail_news:views:claims")
        self.claim_prefix = key("wagtail_news:views:claim:")
        self.claim_totals_prefix = key("wagtail_news:views:claim-totals:")
        self.lock_key = key("wagtail_news:views:flush-lock")
        self._add = self.client.register_script(ADD_SCRIPT)
        self._claim = self.client.register_script(CLAIM_SCRIPT)
        self._pending = self.client.register_script(PENDING_SCRIPT)

    def add(self, page_id, day):
        """Buffer one view; return the page's total views (stored and
        buffered), reading the database only when Redis does not know the
        stored total yet."""
        keys = [
            self.pending,
            self.pending_totals,
            self.stored,
            self.claims,
            self.claim_totals_prefix,
        ]
        buffered, stored = self._add(keys=keys, args=[f"{page_id}:{day.isoformat()}", page_id])
        if stored < 0:
            stored = self.remember_stored(page_id)
        return buffered + stored

    def remember_stored(self, page_id):
        """Read a page's stored total from the database and keep it in Redis
        unless a flush has meanwhile written a newer one."""
        stored = (
            PageViewTotal.objects.filter(page_id=page_id).values_list("count", flat=True).first()
            or 0
        )
        self.client.hsetnx(self.stored, page_id, stored)
        return int(self.client.hget(self.stored, page_id))

    def pending_for(self, page_ids):
        """``{page_id: views not yet in the database}`` in one round trip."""
        page_ids = [str(p) for p in page_ids]
        if not page_ids:
            return {}
        values = self._pending(
            keys=[self.pending_totals, self.claims, self.claim_totals_prefix], args=page_ids
        )
        return {int(p): int(n) for p, n in zip(page_ids, values, strict=True) if int(n)}

    def claim(self):
        """Atomically take the pending counts as a new batch; its id or None."""
        batch = uuid.uuid4().hex
        keys = [
            self.pending,
            self.pending_totals,
            self.claim_prefix + batch,
            self.claim_totals_prefix + batch,
            self.claims,
        ]
        return batch if self._claim(keys=keys, args=[batch]) else None

    def claimed_batches(self):
        return sorted(b.decode() for b in self.client.smembers(self.claims))

    def read_batch(self, batch):
        """``{(page_id, day_iso): count}`` of a claimed batch."""
        raw = self.client.hgetall(self.claim_prefix + batch)
        counts = {}
        for field, value in raw.items():
            page_id, day = field.decode().split(":", 1)
            counts[(int(page_id), day)] = int(value)
        return counts

    def forget_batch(self, batch, totals=None):
        """Drop an applied batch and record the new stored totals, in one
        MULTI: readers see either the claim or the new totals, never both."""
        pipe = self.client.pipeline(transaction=True)
        if totals:
            pipe.hset(self.stored, mapping=totals)
        pipe.delete(self.claim_prefix + batch, self.claim_totals_prefix + batch)
        pipe.srem(self.claims, batch)
        pipe.execute()

    def lock(self):
        """The flush lock: it lives ``FLUSH_LOCK_TIMEOUT`` seconds unless its
        holder renews it (``renewed``), and a flush waits for it up to
        ``FLUSH_LOCK_WAIT`` seconds. Not thread-local: a helper thread
        renews it."""
        return self.client.lock(
            self.lock_key,
            timeout=FLUSH_LOCK_TIMEOUT,
            blocking_timeout=FLUSH_LOCK_WAIT,
            thread_local=False,
        )


# A flush renews its lock every third of this many seconds: a flush whose
# process died (killed, out of memory) holds it no longer than this.
FLUSH_LOCK_TIMEOUT = 10
FLUSH_LOCK_WAIT = 600


@contextmanager
def renewed(lock):
    """Keep ``lock`` alive, from a helper thread, while the block runs."""
    stop = threading.Event()

    def renew():
        while not stop.wait(FLUSH_LOCK_TIMEOUT / 3):
            try:
                lock.reacquire()
            except Exception:
                logger.exception("wagtail-news: renewing the flush lock failed")
                return

    thread = threading.Thread(target=renew, name="wagtail-news-flush-lock", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


_buffers = {}


def get_buffer():
    """The ``Buffer`` of the configured alias, built once per process (its
    Redis client is pooled and thread-safe)."""
    alias = news_settings.VIEW_COUNT_BUFFER
    if alias not in _buffers:
        _buffers[alias] = Buffer(alias)
    return _buffers[alias]


def unreachable_errors():
    """The errors of a Redis server that cannot be reached (down, network
    cut, restarting), through redis-py or django-redis's cache: readers
    then show the stored counts."""
    from django_redis.exceptions import ConnectionInterrupted
    from redis.exceptions import ConnectionError, TimeoutError

    return (ConnectionError, TimeoutError, OSError, ConnectionInterrupted)


def _warn_unreachable(error):
    logger.warning(
        "wagtail-news: the view-count buffer '%s' is unreachable (%s); showing stored counts",
        news_settings.VIEW_COUNT_BUFFER,
        error,
    )


def pending_totals(page_ids):
    """Views of these pages still in the buffer (``{}`` without a buffer,
    and when the buffer cannot be reached: pages then show their stored
    counts)."""
    if not enabled():
        return {}
    try:
        return get_buffer().pending_for(page_ids)
    except unreachable_errors() as error:
        _warn_unreachable(error)
        return {}


def pending_since(page_id, first_day):
    """Buffered views of one page on or after ``first_day`` (0 when the
    buffer cannot be reached)."""
    if not enabled():
        return 0
    try:
        return _pending_since(get_buffer(), page_id, first_day)
    except unreachable_errors() as error:
        _warn_unreachable(error)
        return 0


def _pending_since(buffer, page_id, first_day):
    total = 0
    hashes = [buffer.pending] + [buffer.claim_prefix + b for b in buffer.claimed_batches()]
    for key in hashes:
        for field, value in buffer.client.hgetall(key).items():
            field_page, day = field.decode().split(":", 1)
            if int(field_page) == page_id and day >= first_day.isoformat():
                total += int(value)
    return total


def apply_batch(buffer, batch, on_row=None):
    """Move one claimed batch into the tables, exactly once. Returns the
    number of views applied (0 if this batch had already been applied)."""
    counts = buffer.read_batch(batch)
    applied = 0
    totals = {}
    with transaction.atomic():
        if not ViewFlush.objects.filter(batch=batch).exists():
            existing = set(
                page_model()
                .objects.filter(pk__in={p for p, _ in counts})
                .values_list("pk", flat=True)
            )
            for (page_id, day), amount in sorted(counts.items()):
                if page_id in existing:  # a page deleted meanwhile takes its views along
                    totals[page_id] = add_views(page_id, day, amount)
                    applied += amount
                if on_row:
                    on_row()
            ViewFlush.objects.create(batch=batch, views=applied)
        else:  # applied before, but the claim outlived it: refresh the totals
            totals = dict(
                PageViewTotal.objects.filter(page_id__in={p for p, _ in counts}).values_list(
                    "page_id", "count"
                )
            )
    buffer.forget_batch(batch, totals)
    return applied


def flush(on_batch=None, on_row=None, wait=True):
    """Apply every claimed batch left by an earlier flush, then claim and
    apply what is pending. Returns the number of views written.

    Flushes take a Redis lock, so several processes or servers never flush
    at once; with ``wait=False`` a flush that finds the lock taken returns 0.
    The lock is renewed while the flush runs and expires soon after its
    process dies, so a killed flush delays the next one by seconds.
    """
    buffer = get_buffer()
    written = 0
    lock = buffer.lock()
    if not lock.acquire(blocking=wait):
        return 0
    try:
        with renewed(lock):
            batches = buffer.claimed_batches()
            new_batch = buffer.claim()
            if new_batch:
                batches.append(new_batch)
            for batch in batches:
                written += apply_batch(buffer, batch, on_row=on_row)
                if on_batch:
                    on_batch(batch)
    finally:
        lock.release()
    return written


_flusher = None
_flusher_lock = threading.Lock()


def ensure_periodic_flush():
    """Start this process's background flush (``VIEW_COUNT_FLUSH_INTERVAL``
    seconds apart) if it is configured and not running yet. It stops by
    itself when the setting is turned off."""
    global _flusher
    if news_settings.VIEW_COUNT_FLUSH_INTERVAL <= 0:
        return
    with _flusher_lock:
        if _flusher is None or not _flusher.is_alive():
            _flusher = threading.Thread(
                target=_flush_forever, name="wagtail-news-flush", daemon=True
            )
            _flusher.start()


def _periodic_flush_on():
    return enabled() and news_settings.VIEW_COUNT_FLUSH_INTERVAL > 0


def _flush_forever():
    while _periodic_flush_on():
        time.sleep(news_settings.VIEW_COUNT_FLUSH_INTERVAL)
        if not _periodic_flush_on():
            return
        try:
            flush(wait=False)
        except Exception:
            logger.exception("wagtail-news: flushing buffered view counts failed")
        finally:
            connection.close()
