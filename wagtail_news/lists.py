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

from django.db.models import Exists, Q, Subquery
from django.utils import translation
from django.utils.translation import gettext
from wagtail.coreutils import get_content_languages
from wagtail.models import Site

from . import cache as news_cache
from .cache import bump, generations, key_safe, list_cache, make_key
from .conf import news_settings
from .counting import verdicts
from .counting.reading import most_read_rows
from .counting.store import today
from .merging import merged_rows
from .models import LastNews, NewsCategory, get_article_models
from .models.last_news import DEFAULT_SLUG, LIST_LIMIT_MAX
from .queries import content_language, in_site, live_public, locale_id, page_model

MOST_READ_DAYS_MAX = 366
ITEM_FIELDS = ("pk", "title", "date", "url_path")


# -- languages ---------------------------------------------------------------


def _languages(language_code):
    """The content language and the language to build URLs and default
    titles in: the active one when it is a variant of the content language
    (``en-gb`` for ``en``), else the content language itself."""
    language = content_language(language_code)
    active = translation.get_language()
    if active and content_language(active) == language:
        return language, active
    return language, language


# -- invalidation --------------------------------------------------------------


def _site_generation_key(site_id, language_code):
    return make_key("gen", "site", site_id, language_code)


def _snippet_generation_key(language_code):
    return make_key("gen", "snippets", language_code)


def _all_languages(language_codes):
    return list(get_content_languages()) if language_codes is None else language_codes


def invalidate_site_lists(site_ids, language_codes=None):
    """Drop the cached lists of these sites in these languages (default:
    all content languages), and every cached "may this page be counted"
    answer."""
    verdicts.invalidate()
    news_cache.invalidate_counts()
    cache = list_cache()
    for site_id in site_ids:
        for language_code in _all_languages(language_codes):
            bump(cache, _site_generation_key(site_id, language_code))


def invalidate_last_news_snippets(language_codes=None):
    """Drop the cached ``LastNews`` snippets in these languages (default: all),
    and with them the "Last news" lists of every site built from them."""
    cache = list_cache()
    for language_code in _all_languages(language_codes):
        bump(cache, _snippet_generation_key(language_code))


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
    page = page_model()(pk=row["pk"], title=row["title"], url_path=row["url_path"])
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
    language_locale = locale_id(language_code)
    snippet = LastNews.objects.filter(slug=slug, locale__language_code=language_code)

    def snippet_value(field):
        return Subquery(snippet.values(field)[:1])

    section_id = (
        page_model()
        .objects.filter(
            translation_key=snippet_value("section__translation_key"), locale=language_locale
        )
        .values("pk")[:1]
    )
    categories = NewsCategory.objects.filter(
        translation_key=snippet_value("category__translation_key")
    ).values("pk")
    return [
        live_public(model.objects.filter(news_locale=language_locale))
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
    site_generation, snippet_generation = generations(
        cache, [_site_generation_key(site.pk, language), _snippet_generation_key(language)]
    )
    variant = (site.pk, language, url_language, key_safe(slug), limit)
    list_key = make_key("last", site_generation, snippet_generation, *variant)
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
    site = _site(site, request)
    language, url_language = _languages(language_code)
    days = _clamp(days, news_settings.MOST_READ_DAYS, MOST_READ_DAYS_MAX)
    limit = _clamp(limit, news_settings.MOST_READ_LIMIT, LIST_LIMIT_MAX)
    with translation.override(url_language):
        title = gettext("Most read")
    if site is None:
        return {"title": title, "days": days, "limit": limit, "items": []}
    cache = list_cache()
    [generation] = generations(cache, [_site_generation_key(site.pk, language)])
    key = make_key(
        "read", generation, site.pk, language, url_language, days, limit, today().isoformat()
    )
    entry = cache.get(key)
    if entry is None:
        rows = most_read_rows(
            locale=locale_id(language), days=days, limit=limit + 1, site=site, fields=ITEM_FIELDS
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
