import json

from django import template
from django.template.defaultfilters import date as date_filter
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe

from .. import i18n
from ..breadcrumbs import page_breadcrumbs
from ..conf import news_settings
from ..lists import last_news_for, most_read_for
from ..metadata import article_metadata, news_article_json_ld
from ..renditions import attach_card_renditions

register = template.Library()

_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data):
    """Serialise ``data`` for a ``<script type="application/ld+json">`` element."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES))  # noqa: S308


@register.inclusion_tag("wagtail_news/includes/breadcrumbs.html", takes_context=True)
def news_breadcrumbs(context, page):
    """``{% news_breadcrumbs page %}``: a breadcrumb ``<nav>`` and its
    schema.org ``BreadcrumbList`` JSON-LD, ending with ``page`` (unlinked)."""
    request = context.get("request")
    crumbs = page_breadcrumbs(page, request)
    items = [(crumb.title, crumb.get_full_url(request)) for crumb in crumbs]
    items.append((page.title, page.get_full_url(request)))
    structured = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(items, start=1)
        ],
    }
    return {
        "request": request,
        "crumbs": crumbs,
        "page": page,
        "breadcrumb_json_ld": json_ld(structured),
    }


@register.filter(expects_localtime=True)
def news_date(value, kind="long"):
    """``{{ page.date|news_date }}`` (``DATE_FORMAT``, 16.05.2023) or
    ``{{ page.date|news_date:"short" }}`` (``SHORT_DATE_FORMAT``, 16.05), in
    the active language's format when the setting is a dict per language."""
    return date_filter(value, news_settings.get_date_format(kind))


@register.inclusion_tag("wagtail_news/includes/view_beacon.html", takes_context=True)
def news_view_beacon(context, page):
    """``{% news_view_beacon page %}``: a tiny script that counts one view
    of ``page`` when a reader opens it (also from a full-page cache or a
    CDN) and updates the displayed count. Renders nothing in previews or
    when ``wagtail_news.urls`` is not included."""
    request = context.get("request")
    if request is None or getattr(request, "is_preview", False) or not page.pk:
        return {"beacon_url": None}
    try:
        url = reverse("wagtail_news:view_beacon", args=[page.pk])
    except NoReverseMatch:
        return {"beacon_url": None}
    return {"beacon_url": url, "page_id": page.pk}


def _list_heading_id(request, prefix):
    """``<prefix>-title``, numbered from the second list of a kind on a page
    so that ids stay unique."""
    count = getattr(request, "_wagtail_news_list_ids", {})
    count[prefix] = count.get(prefix, 0) + 1
    if request is not None:
        request._wagtail_news_list_ids = count
    return f"{prefix}-title" if count[prefix] == 1 else f"{prefix}-title-{count[prefix]}"


def _current_page_id(context):
    page = context.get("page")
    return getattr(page, "pk", None)


def _list_context(request, news_list, heading_prefix, **extra):
    """What the list includes render: the list, its title and items, and a
    heading id unique on the page."""
    return {
        "request": request,
        "news_list": news_list,
        "title": news_list["title"],
        "items": news_list["items"],
        "heading_id": _list_heading_id(request, heading_prefix),
        **extra,
    }


@register.inclusion_tag("wagtail_news/includes/last_news.html", takes_context=True)
def last_news(context, name=None, limit=None):
    """``{% last_news %}``: the newest live, public articles of the active
    language on the request's site, as set up by the ``LastNews`` snippet
    "default" of that language (or by defaults), leaving out the article
    being shown.

    ``{% last_news "economy" %}`` uses the snippet with that slug (or pass a
    ``LastNews`` instance); ``limit=5`` overrides its number of articles.
    Renders ``wagtail_news/includes/last_news.html`` with ``title``,
    ``items`` (``id``, ``title``, ``url``, ``full_url``, ``date``) and
    ``show_dates``. Cached: see ``wagtail_news.lists``.
    """
    request = context.get("request")
    slug = getattr(name, "slug", name)
    news_list = last_news_for(
        request=request, slug=slug, limit=limit, exclude=_current_page_id(context)
    )
    return _list_context(request, news_list, "news-last", show_dates=news_list["show_dates"])


@register.inclusion_tag("wagtail_news/includes/most_read.html", takes_context=True)
def most_read(context, days=None, limit=None, show_views=False, show_dates=True):
    """``{% most_read days=7 limit=5 %}``: the most read live, public articles
    of the active language on the request's site over the last ``days`` days
    (``MOST_READ_DAYS``, ``MOST_READ_LIMIT`` by default), leaving out the
    article being shown; ``show_views=True`` also shows each one's views.

    Renders ``wagtail_news/includes/most_read.html`` with ``title``,
    ``items`` (as for ``last_news``, plus ``views``), ``days``,
    ``show_views`` and ``show_dates``. Cached: see ``wagtail_news.lists``.
    """
    request = context.get("request")
    news_list = most_read_for(
        request=request, days=days, limit=limit, exclude=_current_page_id(context)
    )
    return _list_context(
        request,
        news_list,
        "news-most-read",
        days=news_list["days"],
        show_views=show_views,
        show_dates=show_dates,
    )


# -- languages -------------------------------------------------------------------------


@register.inclusion_tag("wagtail_news/includes/hreflang.html", takes_context=True)
def news_hreflang(context, page=None):
    """``{% news_hreflang page %}`` in ``<head>``: a ``<link rel="alternate"
    hreflang="…" href="…">`` with the absolute URL of each live, public
    translation of ``page`` on the request's site (``page`` itself
    included), and ``x-default`` for the default language's. Nothing when
    the page has no other translation. One query, shared with
    ``{% news_language_switcher %}``."""
    request = context.get("request")
    page = page if page is not None else context.get("page")
    if request is None or page is None or getattr(request, "is_preview", False):
        return {"links": []}
    return {"links": i18n.hreflang_links(page, request)}


@register.simple_tag(takes_context=True)
def news_language_links(context, page=None):
    """``{% news_language_links page as links %}``: one link per content
    language (``code``, ``name``, ``url``, ``active``, ``is_translation``)
    to the translation of ``page`` in that language or else to that
    language's home page, for a switcher of your own markup."""
    page = page if page is not None else context.get("page")
    return i18n.language_links(page, context.get("request"))


@register.inclusion_tag("wagtail_news/includes/language_switcher.html", takes_context=True)
def news_language_switcher(context, page=None):
    """``{% news_language_switcher page %}``: a ``<nav>`` with a link per
    content language, see ``news_language_links``; the active language is
    marked with ``aria-current``. Renders nothing with fewer than two
    languages to offer."""
    return {"links": news_language_links(context, page)}


# -- search engines and related articles --------------------------------------------


@register.inclusion_tag("wagtail_news/includes/meta.html", takes_context=True)
def news_meta(context, page=None):
    """``{% news_meta page %}`` in ``<head>``: the article's meta
    description, canonical link, Open Graph and Twitter card tags and its
    schema.org ``NewsArticle`` JSON-LD (``wagtail_news.metadata``). Uses
    the page context's lead rendition and section: at most one query (the
    article's locale) on a served article."""
    request = context.get("request")
    page = page if page is not None else context.get("page")
    same_page = page is context.get("page")
    meta = article_metadata(
        page,
        request,
        rendition=context.get("lead_rendition") if same_page else None,
        section=context.get("section") if same_page else None,
    )
    return {"meta": meta, "news_article_json_ld": json_ld(news_article_json_ld(meta))}


@register.inclusion_tag("wagtail_news/includes/related_articles.html", takes_context=True)
def news_related_articles(context, page=None, limit=None):
    """``{% news_related_articles page %}``: the "Related news" cards of
    ``page`` (``get_related_articles()``, ``RELATED_LIMIT`` or ``limit``),
    their images in one query. Renders nothing without related articles."""

    request = context.get("request")
    page = page if page is not None else context.get("page")
    articles = page.get_related_articles(limit=limit, request=request)
    attach_card_renditions(articles)
    return {"request": request, "page": page, "articles": articles}


@register.simple_tag
def news_page_range(page, on_each_side=2, on_ends=1):
    """``{% news_page_range articles as numbers %}``: the page numbers to link
    around a Django ``Page``, with ``Paginator.ELLIPSIS`` in the gaps; as
    many numbers for a section of 10 pages as for one of 10,000."""
    return page.paginator.get_elided_page_range(
        page.number, on_each_side=on_each_side, on_ends=on_ends
    )
