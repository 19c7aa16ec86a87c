"""Who and what is counted.

One rule set for every counting path (the beacon and server-side counting):
no previews, HEAD, prefetch or prerender requests, no crawlers or link
preview bots, one view per visitor per article per window and, when the
site sets ``VIEW_COUNT_MAX_PER_ADDRESS``, at most that many views per client
address per article per window. A visitor is a keyed hash of client IP and
user agent, an address a keyed hash of the IP, that live only in the cache,
with a key derived from SECRET_KEY that changes every day: no IP address or
user agent is stored, no session or cookie is used.
"""

import hashlib
import hmac
from functools import lru_cache

from crawlerdetect import CrawlerDetect
from django.conf import settings
from django.core.cache import caches
from django.utils.crypto import salted_hmac

from ..conf import news_settings
from .client_ip import client_ip
from .store import today

_crawlers = CrawlerDetect()

PREFETCH_HEADERS = ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ")
PREFETCH_VALUES = ("prefetch", "prerender", "preview")


def is_prefetch(request):
    """A speculative load (prefetch, prerender, link preview), not a read."""
    meta = request.META
    for header in PREFETCH_HEADERS:
        if header in meta:
            value = meta[header].lower()
            if any(word in value for word in PREFETCH_VALUES):
                return True
    return False


def is_crawler(request):
    """Crawlers, link-preview bots and clients that send no user agent."""
    user_agent = request.META.get("HTTP_USER_AGENT", "").strip()
    return not user_agent or _crawlers.is_crawler(user_agent)


def refusal(request):
    """Why this request must not be counted, or ``None`` if it may be."""
    if request.method == "HEAD":
        return "head"
    if getattr(request, "is_preview", False):
        return "preview"
    if is_prefetch(request):
        return "prefetch"
    if is_crawler(request):
        return "crawler"
    return None


@lru_cache(maxsize=4)
def _daily_secret(day, secret_key):
    """The visitor hash key of one day, derived from SECRET_KEY."""
    return salted_hmac("wagtail_news.visitor", day, secret=secret_key).digest()


def _keyed_digest(*parts):
    """A keyed hash of ``parts`` with the day's secret."""
    secret = _daily_secret(today().isoformat(), settings.SECRET_KEY)
    message = "\n".join(parts)
    return hmac.new(secret, message.encode(), hashlib.sha256).hexdigest()


def visitor_key(request, page_id):
    """A cache key for (visitor, article) that reveals neither IP nor user
    agent; its secret changes daily."""
    digest = _keyed_digest(
        client_ip(request), request.META.get("HTTP_USER_AGENT", ""), str(page_id)
    )
    return f"wagtail_news:visitor:{digest}"


def address_key(request, page_id):
    """A cache key for (client address, article), the counter of
    ``VIEW_COUNT_MAX_PER_ADDRESS``; it reveals no IP and its secret changes
    daily."""
    digest = _keyed_digest("address", client_ip(request), str(page_id))
    return f"wagtail_news:address:{digest}"


def first_view_in_window(request, page_id):
    """True the first time a visitor reads an article within the window;
    ``cache.add`` is atomic, so concurrent requests count once."""
    cache = caches[news_settings.VIEW_COUNT_VISITOR_CACHE]
    return cache.add(visitor_key(request, page_id), 1, timeout=news_settings.VIEW_COUNT_WINDOW)


def give_back_window(request, page_id):
    """Undo ``first_view_in_window`` (also the Redis script's taking of the
    same key) when the view could not be stored: the visitor's retry counts."""
    cache = caches[news_settings.VIEW_COUNT_VISITOR_CACHE]
    cache.delete(visitor_key(request, page_id))


def within_address_limit(request, page_id):
    """Take one of the address's ``VIEW_COUNT_MAX_PER_ADDRESS`` views of the
    article in the window; False when none is left (always True without a
    limit). The counter starts with the address's first counted view and
    lives one window; ``cache.add`` and ``cache.incr`` keep it exact under
    concurrent requests."""
    limit = news_settings.VIEW_COUNT_MAX_PER_ADDRESS
    if limit is None:
        return True
    cache = caches[news_settings.VIEW_COUNT_VISITOR_CACHE]
    key = address_key(request, page_id)
    for _attempt in range(3):
        if cache.add(key, 1, timeout=news_settings.VIEW_COUNT_WINDOW):
            return 1 <= limit
        try:
            return cache.incr(key) <= limit
        except ValueError:  # expired between add and incr: start again
            continue
    return False


def window_refusal(request, page_id):
    """Why this view must not be counted once the request itself passed
    (``refusal``): "seen" within the visitor's window, "address-limit" when
    the address used up its views; ``None`` when it counts."""
    if not first_view_in_window(request, page_id):
        return "seen"
    if not within_address_limit(request, page_id):
        return "address-limit"
    return None
