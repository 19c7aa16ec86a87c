"""Counting one view: the rules, then the database or the buffer."""

import functools
import logging
from contextlib import nullcontext
from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction
from django.http import Http404
from wagtail.models import Site

from ..models import get_article_models
from ..queries import in_site, live_public, page_model
from . import buffer, redis_path, verdicts
from .reading import get_view_count
from .rules import (
    address_key,
    give_back_window,
    refusal,
    visitor_key,
    window_refusal,
)
from .store import add_view, today

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ViewResult:
    counted: bool
    views: int
    reason: str = ""


class CountingUnavailable(Exception):
    """The view could not be counted: the database or Redis failed. A window
    the visitor took for it was given back, so a retry counts."""


@functools.cache
def storage_errors():
    """What a failing database or Redis server raises: ``DatabaseError``,
    and with django-redis installed redis-py's connection errors and
    timeouts (and django-redis's wrapper of them)."""
    try:
        from django_redis.exceptions import ConnectionInterrupted
        from redis.exceptions import ConnectionError, TimeoutError
    except ImportError:
        return (DatabaseError,)
    return (DatabaseError, ConnectionError, TimeoutError, ConnectionInterrupted)


def unavailable_on_storage_failure(function):
    """``function(request, page_id)`` that logs a storage failure and raises
    ``CountingUnavailable`` instead."""

    @functools.wraps(function)
    def wrapper(request, page_id):
        try:
            return function(request, page_id)
        except storage_errors() as exc:
            logger.warning("wagtail-news: view of page %s not counted: %r", page_id, exc)
            raise CountingUnavailable(str(exc)) from exc

    return wrapper


def count_taken_view(request, page_id):
    """``count_view`` for a visitor who took the window: if storing fails,
    the window is given back before the error goes on."""
    try:
        return count_view(page_id)
    except storage_errors():
        try:
            give_back_window(request, page_id)
        except storage_errors() as exc:
            logger.warning("wagtail-news: visitor window of page %s kept: %r", page_id, exc)
        raise


def is_countable(request, page_id):
    """Whether ``page_id`` is a live, public news article of the request's
    site. Two queries: the site, then the page."""
    site = Site.find_for_request(request)
    if site is None:
        return False
    queryset = live_public(page_model().objects.type(*get_article_models())).filter(in_site(site))
    return queryset.filter(pk=page_id).exists()


def countable_page_id(request, page_id):
    """``page_id`` if it is a live, public news article of the request's
    site; otherwise ``Http404``. The answer is cached (see ``verdicts``), so
    a hot article costs no query here."""
    verdict, store = verdicts.cached(verdicts.host_of(request), page_id)
    if verdict is None:
        verdict = is_countable(request, page_id)
        store(verdict)
    if not verdict:
        raise Http404("No such article")
    return page_id


def count_view(page_id):
    """Add one view (buffered or direct) and return the new total."""
    if buffer.enabled():
        total = buffer.get_buffer().add(page_id, today())
        buffer.ensure_periodic_flush()
        return total
    return add_view(page_id)


@unavailable_on_storage_failure
def count_request(request, page_id):
    """Count at most one view of ``page_id`` for ``request``: the entry point
    of every counting path (the beacon views and server-side counting).

    ``Http404`` unless the page is a live, public article of the request's
    site; otherwise the rules decide (``rules.refusal``, one view per
    visitor per window) and the answer carries the page's current total.
    ``CountingUnavailable`` (logged) when the database or Redis fails; the
    visitor's window is then given back if this request had taken it.
    """
    reason = refusal(request)
    if redis_path.available():
        return _count_in_one_round_trip(request, page_id, reason)
    countable_page_id(request, page_id)
    if reason is None:
        reason = window_refusal(request, page_id)
    if reason is not None:
        return ViewResult(False, get_view_count(page_id), reason)
    return ViewResult(True, count_taken_view(request, page_id))


def _count_in_one_round_trip(request, page_id, reason):
    """``count_request`` with the Redis script: one round trip for a hot
    article, one more (and two queries) when its answer is not cached."""
    host = verdicts.host_of(request)
    key = visitor_key(request, page_id) if reason is None else ""
    address = address_key(request, page_id) if redis_path.limits_addresses(reason) else ""
    for _attempt in range(3):
        answer = redis_path.run(host, page_id, key, address, reason is None, today())
        if answer[0] != redis_path.UNKNOWN:
            break
        cache = verdicts.verdict_cache()
        generation = answer[1] or verdicts.start_generation(cache)
        countable = is_countable(request, page_id)
        verdicts.store_function(cache, verdicts.verdict_key(host, page_id), generation)(countable)
        if not countable:
            raise Http404("No such article")
    else:  # the answers keep changing under us: take the slow path once
        countable_page_id(request, page_id)
        reason = reason or window_refusal(request, page_id)
        answer = [1, int(reason is None)]
    if answer[0] == redis_path.NOT_COUNTABLE:
        raise Http404("No such article")
    counted = answer[1] == redis_path.COUNTED
    if answer[1] == redis_path.OVER_ADDRESS_LIMIT:
        reason = "address-limit"
    if len(answer) == 4:  # counted in the script, in the buffer
        buffered, stored = answer[2], answer[3]
        if stored < 0:
            stored = buffer.get_buffer().remember_stored(page_id)
        if counted:
            buffer.ensure_periodic_flush()
        views = buffered + stored
    else:
        views = count_taken_view(request, page_id) if counted else get_view_count(page_id)
    return ViewResult(counted, views, "" if counted else reason or "seen")


def count_served_view(request, page_id):
    """Server-side counting (``VIEW_COUNT_ON_SERVE``): the article's new
    total when the request counts, ``None`` when the rules refuse it or the
    page may not be counted here (same rules as the beacon), or when
    storing it failed or the counting cache cannot be reached (logged): a
    failed count never fails the page. In the site's transaction
    (``ATOMIC_REQUESTS``) counting runs in a savepoint, so that a failed
    write leaves that transaction usable."""
    if refusal(request) is not None:
        return None
    try:
        with transaction.atomic() if connection.in_atomic_block else nullcontext():
            return count_request(request, page_id).views
    except (Http404, CountingUnavailable):
        return None
    except buffer.unreachable_errors() as error:
        logger.warning(
            "wagtail-news: a served view was not counted: Redis is unreachable (%s)", error
        )
        return None
