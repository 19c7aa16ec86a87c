"""Cached lists of articles shown outside their section: "Last news" and
"Most read".

``last_news_for()`` and ``most_read_for()`` return plain data (a dict with
a title and a list of ``{"id", "title", "url", "full_url", "date"}`` items,
plus ``"views"`` for "Most read") that templates, StreamField blocks and the
news API share. Only live, public articles of one language on one site are
listed.

Cost: with a warm cache a list costs no query, only two cache reads; with a
cold one, one query, the ``LastNews`` snippet's settings included (as
subqueries of the list query). Every cache entry carries a generation number per site and
language, and one per language for the snippets; the signal receivers in
``cache_invalidation`` bump those numbers, so invalidating is O(1) and stale
entries simply expire (``LIST_CACHE_TIMEOUT``).
"""

import hashlib
import re
import time

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import EmptyResultSet
from django.db.models import Exists, Q, QuerySet, Subquery
from django.utils import translation
from django.utils.translation import gettext
from wagtail.coreutils import get_content_languages, get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from .conf import news_settings
from .models import LastNews, NewsCategory, get_article_models
from .models.lists import DEFAULT_SLUG, LIST_LIMIT_MAX
from .queries import MergedArticles, live_public, merged_rows

KEY_PREFIX = "wagtail_news:lists:1"  # the number changes with the cached data's shape
MOST_READ_DAYS_MAX = 366
ITEM_FIELDS = ("pk", "title", "date", "url_path")


# -- sites -------------------------------------------------------------------


def site_root_paths(site):
    """The ``url_path`` of the site's root page and of its translations
    (from Wagtail's cached site root paths: no query once cached)."""
    return [srp.root_path for srp in Site.get_site_root_paths() if srp.site_id == site.pk]


def in_site(site):
    """A filter for pages under the site's root or one of its translations."""
    q = Q(pk__in=[])
    for root_path in site_root_paths(site):
        q |= Q(url_path__startswith=root_path)
    return q


def sites_of(*url_paths):
    """The ids of the sites that serve pages at these ``url_path`` values."""
    return {
        srp.site_id
        for srp in Site.get_site_root_paths()
        for url_path in url_paths
        if url_path and url_path.startswith(srp.root_path)
    }


# -- languages ---------------------------------------------------------------


def content_language(language_code=None):
    """The content language (``WAGTAIL_CONTENT_LANGUAGES``) for
    ``language_code``, by default the active language; the default
    language when it is not a content language."""
    try:
        return get_supported_content_language_variant(language_code or translation.get_language())
    except LookupError:
        return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def _languages(language_code):
    """The content language and the language to build URLs and default
    titles in: the active one when it is a variant of the content language
    (``en-gb`` for ``en``), else the content language itself."""
    language = content_language(language_code)
    active = translation.get_language()
    if active and content_language(active) == language:
        return language, active
    return language, language


def _locale_id(language_code):
    """The locale's id as a subquery, so that it costs no query of its own."""
    return Subquery(Locale.objects.filter(language_code=language_code).values("pk")[:1])


# -- the cache ---------------------------------------------------------------


def list_cache():
    return caches[news_settings.LIST_CACHE]


def _key(*parts):
    return ":".join([KEY_PREFIX, *(str(part) for part in parts)])


def _key_safe(value):
    """``value`` itself when it is safe in any cache key, else a hash of it."""
    if re.fullmatch(r"[-\w]{1,100}", value, flags=re.ASCII):
        return value
    return "h" + hashlib.sha256(value.encode()).hexdigest()[:32]


def _site_generation_key(site_id, language_code):
    return _key("gen", "site", site_id, language_code)


def _snippet_generation_key(language_code):
    return _key("gen", "snippets", language_code)


def _generations(cache, keys):
    """The current generation numbers, starting missing ones from the clock
    (never reusing a number an evicted generation may have reached)."""
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        start = time.time_ns()
        for key in missing:
            cache.add(key, start, timeout=None)
        found.update(cache.get_many(missing))
    return [found.get(key, 0) for key in keys]


def _bump(cache, key):
    try:
        cache.incr(key)
    except ValueError:  # no generation yet: start one
        cache.set(key, time.time_ns(), timeout=None)


def _all_languages(language_codes):
    return list(get_content_languages()) if language_codes is None else language_codes


def invalidate_site_lists(site_ids, language_codes=None):
    """Drop the cached lists of these sites in these languages (default:
    all content languages), and every cached "may this page be counted"
    answer."""
    from .counting import verdicts

    verdicts.invalidate()
    cache = list_cache()
    _bump(cache, _counts_generation_key())
    for site_id in site_ids:
        for language_code in _all_languages(language_codes):
            _bump(cache, _site_generation_key(site_id, language_code))


def _counts_generation_key():
    return _key("gen", "counts")


def cached_count(queryset):
    """``queryset.count()``, kept in the list cache until a page is next
    published, unpublished, moved, deleted or restricted anywhere: a section
    or the API then counts tens of thousands of articles once, not on every
    request. The key is a hash of the query's SQL and parameters. Anything
    that is not a queryset (search results) is counted as usual; the
    articles of several models (``queries.MergedArticles``) model by model."""
    if isinstance(queryset, list):  # results merged from several models' searches
        return len(queryset)
    if isinstance(queryset, MergedArticles):
        return sum(cached_count(part) for part in queryset.querysets)
    if not isinstance(queryset, QuerySet):
        return queryset.count()
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # a query that can match nothing (an empty search)
        return queryset.count()
    cache = list_cache()
    [generation] = _generations(cache, [_counts_generation_key()])
    digest = hashlib.sha256(repr((queryset.db, sql, params)).encode()).hexdigest()
    key = _key("count", generation, digest)
    count = cache.get(key)
    if count is None:
        count = queryset.count()
        cache.set(key, count, news_settings.LIST_CACHE_TIMEOUT)
    return count


def with_cached_count(queryset):
    """A copy of ``queryset`` whose ``count()`` is ``cached_count``, for a
    paginator that counts it (Wagtail's API pagination)."""
    if not isinstance(queryset, QuerySet):
        return queryset
    counted, paginated = queryset.all(), queryset.all()
    paginated.count = lambda: cached_count(counted)
    return paginated


def invalidate_last_news_snippets(language_codes=None):
    """Drop the cached ``LastNews`` snippets in these languages (default: all),
    and with them the "Last news" lists of every site built from them."""
    cache = list_cache()
    for language_code in _all_languages(language_codes):
        _bump(cache, _snippet_generation_key(language_code))


# -- items -------------------------------------------------------------------


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _clamp(value, default, highest):
    """``value`` as a whole number from 1 to ``highest``; ``default`` when it
    is missing or not a number."""
    value = _as_int(value)
    return max(1, min(default if value is None else value, highest))


def _item(row, site, request=None):
    """The plain data a list shows for one article (a row of ``ITEM_FIELDS``),
    or ``None`` when the article has no URL."""
    page = Page(pk=row["pk"], title=row["title"], url_path=row["url_path"])
    parts = page.get_url_parts(request=request)
    if parts is None or parts[2] is None:
        return None
    site_id, root_url, path = parts
    return {
        "id": row["pk"],
        "title": row["title"],
        "url": path if site_id == site.pk else root_url + path,
        "full_url": root_url + path,
        "date": row["date"],
    }


def _items(rows, site, request=None):
    return [item for item in (_item(row, site, request) for row in rows) if item]


def _finish(entry, limit, exclude):
    """The cached entry with ``exclude`` left out and at most ``limit`` items."""
    exclude = _as_int(exclude)
    items = [item for item in entry["items"] if item["id"] != exclude]
    return {**entry, "items": items[:limit]}


def _site(site, request):
    if site is None and request is not None:
        site = Site.find_for_request(request)
    return site


# -- "Last news" ---------------------------------------------------------------


def _default_config():
    return {
        "title": None,
        "limit": _clamp(news_settings.LAST_NEWS_LIMIT, 10, LIST_LIMIT_MAX),
        "show_dates": True,
    }


def snippet_last_news_querysets(language_code, slug):
    """Per article model: its live, public articles in ``language_code``,
    newest first, as the ``LastNews`` snippet ``slug`` of that language
    restricts them (section, category), each row carrying the snippet's
    ``title``, ``limit`` and ``show_dates`` as ``snippet_*``: the snippet
    costs no query of its own.

    Ordered on the ``(news_locale, -date)`` index; the snippet's filters are
    subqueries evaluated once.
    """
    locale_id = _locale_id(language_code)
    snippet = LastNews.objects.filter(slug=slug, locale__language_code=language_code)

    def snippet_value(field):
        return Subquery(snippet.values(field)[:1])

    section_id = Page.objects.filter(
        translation_key=snippet_value("section__translation_key"), locale=locale_id
    ).values("pk")[:1]
    categories = NewsCategory.objects.filter(
        translation_key=snippet_value("category__translation_key")
    ).values("pk")
    return [
        live_public(model.objects.filter(news_locale=locale_id))
        .filter(
            ~Exists(snippet.filter(section__isnull=False)) | Q(section=Subquery(section_id)),
            ~Exists(snippet.filter(category__isnull=False)) | Q(category__in=categories),
        )
        .annotate(
            snippet_title=snippet_value("title"),
            snippet_limit=snippet_value("limit"),
            snippet_show_dates=snippet_value("show_dates"),
        )
        .order_by("-date", "-pk")
        for model in get_article_models()
    ]


def last_news_for(
    *, site=None, request=None, language_code=None, slug=None, limit=None, exclude=None
):
    """The "Last news" list of ``site`` (default: the request's) in
    ``language_code`` (default: the active language), as set up by the
    ``LastNews`` snippet ``slug`` (default ``"default"``) of that language,
    or the defaults when there is none.

    ``limit`` overrides the snippet's number of articles; ``exclude`` is the
    id of an article to leave out (the one being read). Returns
    ``{"title", "show_dates", "limit", "items"}``; ``items`` is empty
    without a site.
    """
    slug = slug or DEFAULT_SLUG
    limit = None if _as_int(limit) is None else _clamp(limit, 1, LIST_LIMIT_MAX)
    site = _site(site, request)
    language, url_language = _languages(language_code)
    if site is None:
        return {"title": _default_title(url_language), "show_dates": True, "limit": 0, "items": []}
    cache = list_cache()
    site_generation, snippet_generation = _generations(
        cache, [_site_generation_key(site.pk, language), _snippet_generation_key(language)]
    )
    variant = (site.pk, language, url_language, _key_safe(slug), limit)
    list_key = _key("last", site_generation, snippet_generation, *variant)
    entry = cache.get(list_key)
    if entry is None:
        entry = _build_last_news(site, request, language, url_language, slug, limit)
        cache.set(list_key, entry, news_settings.LIST_CACHE_TIMEOUT)
    return _finish(entry, entry["limit"], exclude)


def _default_title(language_code):
    with translation.override(language_code):
        return gettext("Last news")


def _build_last_news(site, request, language, url_language, slug, limit):
    """One query: up to the largest list (plus the article left out) of
    newest articles, with the snippet's settings on each row."""
    querysets = [qs.filter(in_site(site)) for qs in snippet_last_news_querysets(language, slug)]
    snippet_fields = ("snippet_title", "snippet_limit", "snippet_show_dates")
    pages = merged_rows(querysets, ITEM_FIELDS + snippet_fields, LIST_LIMIT_MAX + 1)
    config = _default_config()
    if pages and pages[0]["snippet_limit"] is not None:
        first = pages[0]
        config = {
            "title": first["snippet_title"],
            "limit": first["snippet_limit"],
            "show_dates": first["snippet_show_dates"],
        }
    limit = config["limit"] if limit is None else limit
    # One more than shown, so that leaving out the current article still
    # leaves ``limit`` of them.
    with translation.override(url_language):
        items = _items(pages[: limit + 1], site, request)
    return {
        "title": config["title"] or _default_title(url_language),
        "show_dates": config["show_dates"],
        "limit": limit,
        "items": items,
    }


# -- "Most read" ---------------------------------------------------------------


def most_read_for(
    *, site=None, request=None, language_code=None, days=None, limit=None, exclude=None
):
    """The most read live, public articles of ``site`` (default: the
    request's) in ``language_code`` (default: the active language) over the
    last ``days`` days (default ``MOST_READ_DAYS``), most read first.

    Returns ``{"title", "days", "limit", "items"}``; each item also has
    ``views`` (in the window). Counts change all the time: the list is
    recomputed when the cache entry expires (``LIST_CACHE_TIMEOUT``), when
    an article changes and at midnight (UTC).
    """
    from .counting.reading import most_read_rows
    from .counting.store import today

    site = _site(site, request)
    language, url_language = _languages(language_code)
    days = _clamp(days, news_settings.MOST_READ_DAYS, MOST_READ_DAYS_MAX)
    limit = _clamp(limit, news_settings.MOST_READ_LIMIT, LIST_LIMIT_MAX)
    with translation.override(url_language):
        title = gettext("Most read")
    if site is None:
        return {"title": title, "days": days, "limit": limit, "items": []}
    cache = list_cache()
    [generation] = _generations(cache, [_site_generation_key(site.pk, language)])
    key = _key(
        "read", generation, site.pk, language, url_language, days, limit, today().isoformat()
    )
    entry = cache.get(key)
    if entry is None:
        rows = most_read_rows(
            locale=_locale_id(language), days=days, limit=limit + 1, site=site, fields=ITEM_FIELDS
        )
        with translation.override(url_language):
            items = [
                {**item, "views": row["window_views"]}
                for row in rows
                if (item := _item(row, site, request))
            ]
        entry = {"title": title, "days": days, "limit": limit, "items": items}
        cache.set(key, entry, news_settings.LIST_CACHE_TIMEOUT)
    return _finish(entry, limit, exclude)
