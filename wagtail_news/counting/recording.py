"""Counting one view: the rules, then the database or the buffer."""

from dataclasses import dataclass

from django.http import Http404
from wagtail.models import Page, Site, get_page_models

from . import buffer
from .reading import get_view_count
from .rules import first_view_in_window, refusal
from .store import add_view, today


@dataclass(frozen=True)
class ViewResult:
    counted: bool
    views: int
    reason: str = ""


def article_models():
    from ..models import NewsArticlePageMixin

    return [m for m in get_page_models() if issubclass(m, NewsArticlePageMixin)]


def is_countable(request, page_id):
    """Whether ``page_id`` is a live, public news article of the request's
    site. Two queries: the site, then the page."""
    from ..lists import in_site
    from ..queries import live_public

    site = Site.find_for_request(request)
    if site is None:
        return False
    queryset = live_public(Page.objects.type(*article_models())).filter(in_site(site))
    return queryset.filter(pk=page_id).exists()


def countable_page_id(request, page_id):
    """``page_id`` if it is a live, public news article of the request's
    site; otherwise ``Http404``.

    The answer is cached per host and page (``LIST_CACHE``) and dropped by
    every publish, unpublish, move, deletion, view-restriction or site
    change (see ``wagtail_news.cache_invalidation``), so a hot article costs
    no query here.
    """
    from .. import lists

    host = f"{request._get_raw_host()}:{request.get_port()}"
    verdict, store = lists.cached_countable(host, page_id)
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


def record_view(request, page_id):
    """Apply the rules to ``request`` and count one view of ``page_id``.

    The caller must have checked the page with ``countable_page_id``.
    """
    reason = refusal(request)
    if reason is None and not first_view_in_window(request, page_id):
        reason = "seen"
    if reason is not None:
        return ViewResult(False, get_view_count(page_id), reason)
    return ViewResult(True, count_view(page_id))
