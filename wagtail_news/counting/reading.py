"""Reading view counts: totals, time windows and "most read"."""

import datetime
from types import SimpleNamespace

from django.db.models import Sum

from ..merging import merged_rows, page_from_row
from ..models import PageViewDay, PageViewTotal, get_article_models
from ..queries import in_site, live_public
from . import buffer
from .store import today


def view_counts(pages):
    """``{page.pk: all-time views}`` of ``pages``: the stored count (from a
    ``stored_views`` annotation where the page has one, else one query for
    the others) plus the views still waiting in the cache buffer. The one
    reader of "stored plus pending" views."""
    totals, missing = {}, []
    for page in pages:
        stored = getattr(page, "stored_views", None)
        if stored is None:
            missing.append(page.pk)
            stored = 0
        totals[page.pk] = stored
    if missing:
        totals.update(
            PageViewTotal.objects.filter(page_id__in=missing).values_list("page_id", "count")
        )
    for page_id, pending in buffer.pending_totals(list(totals)).items():
        totals[page_id] += pending
    return totals


def get_view_counts(page_ids):
    """``{page_id: total}`` for the given pages in one query, including
    views still waiting in the cache buffer."""
    return view_counts(SimpleNamespace(pk=page_id) for page_id in page_ids)


def get_view_count(page_id):
    """All-time views of one page, including buffered ones."""
    return get_view_counts([page_id])[page_id]


def translations_view_count(page):
    """All-time views of a page and all its translations together."""
    ids = list(
        type(page).objects.filter(translation_key=page.translation_key).values_list("pk", flat=True)
    )
    return sum(get_view_counts(ids).values())


def window_start(days):
    """The first day (UTC) of a window of ``days`` days ending today."""
    return today() - datetime.timedelta(days=days - 1)


def views_in_last_days(page_id, days):
    """Views of one page over the last ``days`` days (today included)."""
    stored = (
        PageViewDay.objects.filter(page_id=page_id, day__gte=window_start(days)).aggregate(
            n=Sum("count")
        )["n"]
        or 0
    )
    return stored + buffer.pending_since(page_id, window_start(days))


def most_read_rows(locale=None, days=7, limit=10, section=None, site=None, fields=("pk",)):
    """The most read live, public articles of every article model over the
    last ``days`` days, most read first, as dicts of ``fields`` plus
    ``date``, ``content_type`` and ``window_views``; one query.

    ``locale`` is a ``Locale`` (or its id), ``section`` a section page,
    ``site`` a ``Site``.
    """
    querysets = []
    for model in get_article_models():
        queryset = live_public(model.objects.all()).filter(
            news_view_days__day__gte=window_start(days)
        )
        if locale is not None:
            queryset = queryset.filter(news_locale=locale)
        if section is not None:
            queryset = queryset.filter(section=section)
        if site is not None:
            queryset = queryset.filter(in_site(site))
        querysets.append(queryset.annotate(window_views=Sum("news_view_days__count")))
    fields = tuple(dict.fromkeys((*fields, "pk", "date", "content_type", "window_views")))
    return merged_rows(querysets, fields, limit, order=("-window_views", "-date", "-pk"))


def most_read(locale=None, days=7, limit=10, section=None, site=None):
    """``most_read_rows()`` as pages of their own models (title, URL path and
    date loaded, the rest deferred), each carrying ``window_views``; one
    query."""
    fields = ("pk", "title", "url_path", "date")
    rows = most_read_rows(locale, days, limit, section, site, fields=fields)
    pages = []
    for row in rows:
        page = page_from_row(row, fields)
        page.window_views = row["window_views"]
        pages.append(page)
    return pages
