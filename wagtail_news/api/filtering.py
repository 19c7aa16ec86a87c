"""What the news endpoints of API v2 and v3 share: the articles a request
may see, the filters, the orders and search.

Parameters arrive here already parsed (ints, dates, slugs); each API
version reads and validates them its own way and reports ``InvalidQuery``
in its own error format.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.coreutils import get_content_languages
from wagtail.search.backends import get_search_backend

from ..cache import cached_count
from ..counting.reading import window_start
from ..merging import MergedArticles
from ..models import PageViewDay, get_article_models
from ..models.mixins import stored_views
from ..queries import content_language, in_site, live_public, locale_id, page_model

# ``order`` value -> ``order_by()`` arguments. Ties broken newest first.
ORDERINGS = {
    "-date": ("-date", "-pk"),
    "date": ("date", "pk"),
    "-views": ("-stored_views", "-date", "-pk"),
    "-views_7d": ("-views_7d", "-date", "-pk"),
}
# Orderings a search can use (fields indexed as ``FilterField``).
SEARCH_ORDERINGS = {"-date", "date"}
# The largest page id (a 32-bit integer column): larger numbers never reach
# the database, which may not take them.
INT_MAX = 2**31 - 1
# Lists (articles, "Last news", "Most read") are public and change slowly:
# CDNs may keep them for a minute.
LIST_CACHE_CONTROL = {"public": True, "max_age": 60}


class InvalidQuery(ValueError):
    """A query parameter the news endpoints refuse; ``name`` is the parameter."""

    def __init__(self, name, message):
        super().__init__(message)
        self.name = name
        self.message = message


# -- the articles a request may see --------------------------------------------


def visible_articles(site, models=None):
    """Live, public articles of ``site`` (none without a site), of every
    article model (``get_article_models()``, or ``models``): the queryset
    of the model when there is one, else a ``MergedArticles``."""
    querysets = []
    for model in get_article_models() if models is None else models:
        queryset = model.objects.all()
        if site is None:
            queryset = queryset.none()
        else:
            queryset = live_public(queryset).filter(in_site(site))
        querysets.append(queryset)
    return querysets[0] if len(querysets) == 1 else merge_articles(querysets)


def find_article(queryset, pk):
    """The article ``pk`` among ``queryset`` (or ``MergedArticles``), or
    ``None``. Several models: one query for the page's type, then one in
    its model's queryset (as Wagtail's ``Page`` + ``.specific``)."""
    if not isinstance(queryset, MergedArticles):
        return queryset.filter(pk=pk).first()
    content_type_id = (
        page_model().objects.filter(pk=pk).values_list("content_type_id", flat=True).first()
    )
    if content_type_id is None:
        return None
    for part in queryset.querysets:
        if ContentType.objects.get_for_model(part.model).pk == content_type_id:
            return part.filter(pk=pk).first()
    return None


def specific_articles(pages):
    """``pages`` (the ``Page`` objects of a search over several article
    models) as their specific articles, in the same order: one query per
    model present."""
    Page = page_model()
    pages = list(pages)
    if not pages or all(type(page) is not Page for page in pages):
        return pages
    found = {page.pk: page for page in Page.objects.filter(pk__in=[p.pk for p in pages]).specific()}
    return [found[page.pk] for page in pages if page.pk in found]


def with_listed_data(queryset):
    """``queryset`` with what the API fields show fetched along (see
    ``prefetch.prepare_articles`` for the rest)."""
    return (
        queryset.select_related("locale", "category", "image")
        .prefetch_related("tags", "image__renditions")
        .annotate(stored_views=stored_views())
    )


# -- filters -------------------------------------------------------------------


def known_language(value):
    """``value`` if it is a content language, the active one when it is
    ``None``; ``InvalidQuery`` otherwise."""
    if value is None:
        return content_language()
    if value not in dict(get_content_languages()):
        raise InvalidQuery("locale", f"unknown locale: {value[:20]!r}")
    return value


def day_start(day):
    """Midnight at the start of ``day`` in the current time zone; ``None``
    when that instant is beyond what a datetime holds in UTC (around the
    years 1 and 9999), where a date filter has nothing to exclude."""
    try:
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        start.astimezone(datetime.UTC)
    except OverflowError:
        return None
    return start


def next_day(day):
    try:
        return day + datetime.timedelta(days=1)
    except OverflowError:  # 9999-12-31
        return None


def filter_articles(
    queryset,
    *,
    language,
    section=None,
    category=None,
    tag=None,
    date_from=None,
    date_to=None,
):
    """Articles in ``language`` (a content language), of one section
    (a page id), category (slug) and tag (slug), published from
    ``date_from`` to ``date_to`` inclusive (dates)."""
    if date_from and date_to and date_from > date_to:
        raise InvalidQuery("date_from", "date_from is after date_to")
    queryset = queryset.filter(news_locale=locale_id(language))
    if section is not None:
        queryset = queryset.filter(section_id=section)
    if category is not None:
        queryset = queryset.filter(category__slug=category)
    if tag is not None:
        queryset = queryset.filter(tags__slug=tag)
    start = day_start(date_from) if date_from is not None else None
    if start is not None:
        queryset = queryset.filter(date__gte=start)
    end = next_day(date_to) if date_to is not None else None
    end = day_start(end) if end is not None else None
    if end is not None:
        queryset = queryset.filter(date__lt=end)
    return queryset


# -- order and search ----------------------------------------------------------


def views_in_window(days):
    """An article's views over the last ``days`` days, as a subquery."""
    views = (
        PageViewDay.objects.filter(page_id=OuterRef("pk"), day__gte=window_start(days))
        .order_by()
        .values("page_id")
        .annotate(total=Sum("count"))
        .values("total")[:1]
    )
    return Coalesce(Subquery(views, output_field=IntegerField()), 0)


def order_articles(queryset, order, *, searching=False):
    """``queryset`` in the ``order`` of ``ORDERINGS``; while searching, only
    the orders of ``SEARCH_ORDERINGS`` (fields the search index holds)."""
    if order not in ORDERINGS:
        raise InvalidQuery("order", "order must be one of: " + ", ".join(ORDERINGS))
    if searching and order not in SEARCH_ORDERINGS:
        raise InvalidQuery("order", f"cannot order by '{order}' while searching")
    if searching:
        return queryset.order_by(order)
    if order == "-views_7d":
        queryset = queryset.annotate(views_7d=views_in_window(7))
    return queryset.order_by(*ORDERINGS[order])


def search_articles(queryset, query, *, operator=None, by_relevance=True):
    """Wagtail's search over the articles ``queryset`` selects, in its order
    or by relevance. Search backends only filter on indexed fields: the
    search runs over the articles whose ids the filtered queryset selects."""
    if "\x00" in query:
        raise InvalidQuery("search", "search: null characters are not allowed")
    if operator not in (None, "and", "or"):
        raise InvalidQuery("search_operator", "search_operator must be 'and' or 'or'")
    # Double quotes mean nothing in a plain-text query, and Wagtail's SQLite
    # search backend fails on them (it puts each word between double quotes
    # unescaped); it also fails on a blank query, where others find nothing.
    query = query.replace('"', " ").strip()
    if isinstance(queryset, MergedArticles):
        return _search_merged(queryset, query, operator, by_relevance)
    ordering = () if by_relevance else queryset.query.order_by
    ids = queryset.order_by().values("pk")
    articles = queryset.model.objects.filter(id__in=ids).order_by(*ordering)
    return get_search_backend().search(
        query, articles, operator=operator, order_by_relevance=by_relevance
    )


def _search_merged(merged, query, operator, by_relevance):
    """Search over several article models: one search over their pages
    (``Page`` objects, made specific once paginated, see
    ``specific_articles``) by relevance; in an order, the articles the search
    finds, as ``MergedArticles`` in that order."""
    selected = Q(pk__in=[])
    for part in merged.querysets:
        selected |= Q(pk__in=part.order_by().values("pk"))
    pages = page_model().objects.filter(selected)
    backend = get_search_backend()
    if by_relevance:
        return backend.search(query, pages, operator=operator, order_by_relevance=True)
    found = backend.search(query, pages.order_by("id"), operator=operator, order_by_relevance=False)
    ids = [page.pk for page in found]
    return merged.filter(pk__in=ids)


# -- several article models ----------------------------------------------------

#: Annotations an order may use, by name: rebuilt in the window query.
ORDER_ANNOTATIONS = {
    "stored_views": lambda model: stored_views(),
    "views_7d": lambda model: views_in_window(7),
}


def merge_articles(querysets):
    """The articles of several article models as one listing that the API's
    orders (``ORDERINGS``) apply to, its counts cached."""
    return MergedArticles(querysets, annotations=ORDER_ANNOTATIONS, count_part=cached_count)
