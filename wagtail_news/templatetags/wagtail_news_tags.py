import json

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.safestring import mark_safe

from ..breadcrumbs import page_breadcrumbs
from ..conf import news_settings

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


@register.filter
def news_date(value, kind="long"):
    """``{{ page.date|news_date }}`` (``DATE_FORMAT``, 16.05.2023) or
    ``{{ page.date|news_date:"short" }}`` (``SHORT_DATE_FORMAT``, 16.05)."""
    fmt = news_settings.SHORT_DATE_FORMAT if kind == "short" else news_settings.DATE_FORMAT
    return date_filter(value, fmt)


@register.inclusion_tag("wagtail_news/includes/last_news.html", takes_context=True)
def last_news(context, limit=10):
    """``{% last_news %}``: the newest live, public articles of the active
    locale on the request's site, leaving out the article being shown."""
    from ..lists import get_last_news

    request = context.get("request")
    page = context.get("page")
    exclude = page.pk if page is not None else None
    return {
        "request": request,
        "articles": get_last_news(request, limit=limit, exclude=exclude),
    }
