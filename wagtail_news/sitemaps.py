"""Sitemaps for search engines.

- ``NewsSitemap``: every live, public article of the request's site in
  every language, with ``lastmod`` and ``hreflang`` alternates (its live,
  public translations), in a constant number of queries per sitemap page.
- ``PagesSitemap``: Wagtail's sitemap of the site's other pages (all its
  languages), so that together they list each page once.
- ``index`` and ``sitemap``: Wagtail's sitemap views with these two
  sections by default and templates that need no ``django.contrib.sitemaps``.
- ``news_sitemap``: a Google News sitemap of the articles of the last 48
  hours.

A site mounts them at its root, next to its pages (a sitemap may only list
URLs below its own folder)::

    from wagtail_news import sitemaps as news_sitemaps

    urlpatterns = [
        path("sitemap.xml", news_sitemaps.index),
        path("sitemap-news.xml", news_sitemaps.news_sitemap, name="news_sitemap"),
        path(
            "sitemap-<section>.xml",
            news_sitemaps.sitemap,
            name="django.contrib.sitemaps.views.sitemap",
        ),
        ...
    ]
"""

import datetime
from functools import reduce
from operator import or_

from django.apps import apps
from django.contrib.sitemaps.views import SitemapIndexItem
from django.db import connection
from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps import views as wagtail_sitemap_views
from wagtail.coreutils import get_content_languages

from . import i18n
from .conf import news_settings
from .queries import restricted_q

#: Google News lists the articles of the last two days, at most 1,000 per sitemap.
NEWS_SITEMAP_WINDOW = datetime.timedelta(hours=48)
NEWS_SITEMAP_LIMIT = 1000

SITEMAP_TEMPLATE = "wagtail_news/sitemaps/sitemap.xml"
SITEMAP_INDEX_TEMPLATE = "wagtail_news/sitemaps/sitemap_index.xml"
NEWS_SITEMAP_TEMPLATE = "wagtail_news/sitemaps/news_sitemap.xml"

# What a sitemap entry reads from an article (and ``get_full_url`` from a page).
_SITEMAP_FIELDS = (
    "id",
    "path",
    "depth",
    "url_path",
    "translation_key",
    "locale",
    "last_published_at",
    "latest_revision_created_at",
    "date",
)


def on_site_q(root_paths):
    """Pages below one of ``root_paths`` (Wagtail's ``SiteRootPath``
    entries); matches nothing without any."""
    if not root_paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(url_path__startswith=root.root_path) for root in root_paths))


def get_article_model(model=None):
    """``model`` (a model or ``"app_label.ModelName"``), by default the
    concrete ``NewsArticlePage``."""
    if model is None:
        model = "wagtail_news.NewsArticlePage"
    if isinstance(model, str):
        model = apps.get_model(model)
    return model


def alternates_for(translations, request=None):
    """Sitemap ``alternates`` (``{"lang_code", "location"}``) from a page's
    translations ``{language code: page}``, the page itself included:
    one per language and ``x-default`` for the default language's; none
    when the page has no other translation (as its ``hreflang`` links)."""
    if len(translations) < 2:
        return []
    alternates = [
        {"lang_code": code, "location": page.get_full_url(request)}
        for code, page in translations.items()
    ]
    default = translations.get(i18n.default_content_language())
    if default is not None:
        alternates.append({"lang_code": "x-default", "location": default.get_full_url(request)})
    return [alternate for alternate in alternates if alternate["location"]]


def attach_translations(pages, root_paths, keys=None):
    """Set ``sitemap_translations`` (``{language code: page}``, in the order
    of ``WAGTAIL_CONTENT_LANGUAGES``) on each of ``pages``: their live,
    public translations below ``root_paths``, in one query.

    ``keys`` may be a subquery of the pages' translation keys, so that a
    large sitemap page does not send one parameter per page."""
    from wagtail.models import Page

    pages = list(pages)
    if not pages:
        return
    if keys is None:
        keys = {page.translation_key for page in pages}
    candidates = (
        Page.objects.live()
        .filter(on_site_q(root_paths), translation_key__in=keys)
        .exclude(restricted_q())
        .select_related("locale")
        .only("id", "path", "depth", "url_path", "translation_key", "locale__language_code")
    )
    found = {}
    for candidate in candidates:
        found.setdefault(candidate.translation_key, {})[candidate.locale.language_code] = candidate
    languages = list(get_content_languages())
    for page in pages:
        translations = found.get(page.translation_key, {})
        page.sitemap_translations = {
            code: translations[code] for code in languages if code in translations
        }


class SiteSitemapMixin:
    """What both sitemaps share: the request's site in all its languages."""

    def get_root_paths(self):
        """Wagtail's cached root paths of the request's site (one per
        language of its home page)."""
        if self.request is None:
            return []
        if not hasattr(self, "_root_paths"):
            self._root_paths = i18n.site_root_paths(request=self.request)
        return self._root_paths

    def get_latest_lastmod(self):
        """The newest ``lastmod`` of the sitemap, in one query (Django's
        default loads every item)."""
        return (
            self.items()
            .order_by()
            .aggregate(latest=Max(Coalesce("last_published_at", "latest_revision_created_at")))[
                "latest"
            ]
        )


class NewsSitemap(SiteSitemapMixin, Sitemap):
    """The live, public articles of the request's site in every language,
    newest first, ``limit`` (50,000) per sitemap page (``?p=2``).

    Each entry comes from the article's ``get_sitemap_urls()``: its URL,
    ``lastmod`` (when it was last published) and ``alternates``, the
    ``hreflang`` links of its live, public translations. One sitemap page
    costs three queries whatever its size: the count, the articles and
    their translations. Set ``model`` (a model or ``"app_label.Model"``) in
    a subclass to list your own article model.
    """

    model = None

    def get_queryset(self):
        """The articles listed, before ``only()`` and ordering. Override to
        narrow them."""
        model = get_article_model(self.model)
        return model.objects.filter(on_site_q(self.get_root_paths())).live().exclude(restricted_q())

    def items(self):
        return self.get_queryset().only(*_SITEMAP_FIELDS).order_by("-date", "-pk")

    def _urls(self, page, protocol, domain):
        object_list = self.paginator.page(page).object_list
        articles = list(object_list)
        keys = None
        if connection.features.allow_sliced_subqueries_with_in:
            keys = object_list.values("translation_key")
        attach_translations(articles, self.get_root_paths(), keys)
        urls = []
        for article in articles:
            urls.extend(article.get_sitemap_urls(self.request))
        last_mods = {url.get("lastmod") for url in urls}
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


class PagesSitemap(SiteSitemapMixin, Sitemap):
    """Wagtail's sitemap of the request's site without the news articles
    (``NewsSitemap`` lists them), and with the site's home page in every
    language rather than only the default one's tree."""

    article_models = None

    def get_article_models(self):
        """The models that ``NewsSitemap`` lists: by default every concrete
        model built on ``NewsArticlePageMixin``."""
        if self.article_models is not None:
            return [get_article_model(model) for model in self.article_models]
        from .models import NewsArticlePageMixin

        return [
            model
            for model in apps.get_models()
            if issubclass(model, NewsArticlePageMixin) and not model._meta.abstract
        ]

    def items(self):
        from wagtail.models import Page

        return (
            Page.objects.filter(on_site_q(self.get_root_paths()))
            .live()
            .exclude(restricted_q())
            .not_type(*self.get_article_models())
            .order_by("path")
            .defer_streamfields()
            .specific()
        )


#: The sections of ``index`` and ``sitemap`` by default.
SITEMAPS = {"pages": PagesSitemap, "articles": NewsSitemap}


def sitemap(request, sitemaps=None, section=None, template_name=SITEMAP_TEMPLATE, **kwargs):
    """Wagtail's sitemap view: one ``section`` of ``sitemaps`` (``SITEMAPS``
    by default), or all of them; ``?p=N`` for page N (a 404 past the end)."""
    return wagtail_sitemap_views.sitemap(
        request, sitemaps or SITEMAPS, section=section, template_name=template_name, **kwargs
    )


def index(
    request,
    sitemaps=None,
    template_name=SITEMAP_INDEX_TEMPLATE,
    news_sitemap_url_name="news_sitemap",
    **kwargs,
):
    """Wagtail's sitemap index of ``sitemaps`` (``SITEMAPS`` by default),
    each section at the URL named ``sitemap_url_name`` (Django's
    ``"django.contrib.sitemaps.views.sitemap"`` by default), and the Google
    News sitemap when a URL is named ``news_sitemap_url_name``."""
    response = wagtail_sitemap_views.index(
        request, sitemaps or SITEMAPS, template_name=template_name, **kwargs
    )
    try:
        news_url = reverse(news_sitemap_url_name)
    except NoReverseMatch:
        return response
    response.context_data["sitemaps"].append(
        SitemapIndexItem(request.build_absolute_uri(news_url), None)
    )
    return response


# -- Google News -----------------------------------------------------------------


def publication_name(site, language_code):
    """``PUBLICATION_NAME`` for ``language_code`` (a name, or a dict by
    language code), else the site's name, else its hostname."""
    name = news_settings.PUBLICATION_NAME
    if isinstance(name, dict):
        name = name.get(language_code) or name.get(language_code.split("-")[0])
    if name:
        return name
    if site is not None:
        return site.site_name or site.hostname
    return ""


def news_language(language_code):
    """The language code Google News expects: ISO 639 ("en", "pt"), except
    "zh-cn" and "zh-tw" for Chinese."""
    code = language_code.lower()
    if code.startswith("zh"):
        return "zh-tw" if code in ("zh-hant", "zh-tw", "zh-hk", "zh-mo") else "zh-cn"
    return code.split("-")[0]


def get_news_sitemap_articles(request, site, locale=None, model=None):
    """The live, public articles of ``site`` dated within the last 48 hours
    (and not in the future), newest first, at most 1,000; of one language
    code when ``locale`` is given. One query."""
    root_paths = i18n.site_root_paths(request=request)
    now = timezone.now()
    articles = (
        get_article_model(model)
        .objects.filter(on_site_q(root_paths), date__gt=now - NEWS_SITEMAP_WINDOW, date__lte=now)
        .live()
        .exclude(restricted_q())
    )
    if locale is not None:
        articles = articles.filter(locale__language_code=locale)
    return (
        articles.select_related("locale")
        .only("id", "path", "depth", "url_path", "title", "date", "locale__language_code")
        .order_by("-date", "-pk")[:NEWS_SITEMAP_LIMIT]
    )


def news_sitemap(request, model=None, template_name=NEWS_SITEMAP_TEMPLATE):
    """A Google News sitemap of the request's site: its articles of the last
    48 hours in every language, or in one with ``?locale=ru``; an unknown
    language is a 404. One query once Wagtail has cached the site."""
    from wagtail.models import Site

    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site serves this host.")
    locale = request.GET.get("locale") or None
    if locale is not None and locale not in get_content_languages():
        raise Http404("Unknown locale.")
    items = []
    for article in get_news_sitemap_articles(request, site, locale, model):
        code = article.locale.language_code
        location = article.get_full_url(request)
        if location is None:
            continue
        items.append(
            {
                "location": location,
                "publication_name": publication_name(site, code),
                "language": news_language(code),
                "publication_date": article.date,
                "title": article.title,
            }
        )
    return TemplateResponse(
        request, template_name, {"urlset": items}, content_type="application/xml"
    )
