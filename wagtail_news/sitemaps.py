"""Sitemaps for search engines.

- ``NewsSitemap``: every live, public article of the request's site in
  every language, of every article model (``get_article_models()``), with
  ``lastmod`` and ``hreflang`` alternates (its live, public translations),
  in a constant number of queries per sitemap page, whatever the number of
  article models (one union of their rows).
- ``PagesSitemap``: Wagtail's sitemap of the site's other pages (all its
  languages), so that together they list each page once.
- ``index`` and ``sitemap``: Wagtail's sitemap views with these two
  sections by default and templates that need no ``django.contrib.sitemaps``.
- ``news_sitemap``: a Google News sitemap of the articles (of every article
  model) of the last 48 hours.

The views leave out of their XML the characters it cannot carry (control
characters of text stored before the models rejected them), whatever the
template.

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

from .conf import news_settings
from .merging import NEWEST_FIRST, MergedArticles
from .models import get_article_models
from .queries import on_site_q, page_model, restricted_q, serving_root_paths
from .text import strip_control_characters

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


def get_article_model(model):
    """``model``: a model or ``"app_label.ModelName"``."""
    if isinstance(model, str):
        model = apps.get_model(model)
    return model


def sitemap_article_models(model=None):
    """The article models a sitemap lists: ``model`` (a model or
    ``"app_label.ModelName"``, or a list of them) when given, else every
    article model (``wagtail_news.models.get_article_models()``)."""
    if model is None:
        return get_article_models()
    if isinstance(model, (list, tuple)):
        return [get_article_model(item) for item in model]
    return [get_article_model(model)]


def _on_page_table(querysets):
    """The ``Page`` rows of the articles of ``querysets``: for what all
    pages have (counts, ``lastmod``, translation keys), in one query."""
    Page = page_model()

    return Page.objects.filter(reduce(or_, (Q(pk__in=qs.values("pk")) for qs in querysets)))


class MergedSitemapArticles(MergedArticles):
    """The articles of several article models for a sitemap: ``count()`` in
    one query (a union), a slice in one query (each article built from its
    row: no query per model or per item)."""

    def __init__(self, querysets, fields=_SITEMAP_FIELDS, **kwargs):
        super().__init__(querysets, fields=fields, **kwargs)

    def count(self):
        parts = [qs.order_by().values("pk") for qs in self.querysets]
        return parts[0].union(*parts[1:], all=True).count()

    def pages(self):
        """Their ``Page`` rows (a ``Page`` queryset)."""
        return _on_page_table(self.querysets)

    def translation_keys(self, articles):
        """A subquery of the translation keys of ``articles``, a window of
        this sequence: the articles between its first and last (newest
        first), whatever their number, without one parameter per article."""
        first, last = articles[0], articles[-1]
        within = (Q(date__lt=first.date) | Q(date=first.date, pk__lte=first.pk)) & (
            Q(date__gt=last.date) | Q(date=last.date, pk__gte=last.pk)
        )
        return _on_page_table(qs.filter(within) for qs in self.querysets).values("translation_key")


def attach_translations(pages, root_paths, keys=None):
    """Set ``sitemap_translations`` (``{language code: page}``, in the order
    of ``WAGTAIL_CONTENT_LANGUAGES``) on each of ``pages``: their live,
    public translations below ``root_paths``, in one query.

    ``keys`` may be a subquery of the pages' translation keys, so that a
    large sitemap page does not send one parameter per page."""
    Page = page_model()

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
            self._root_paths = serving_root_paths(request=self.request)
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
    newest first, ``limit`` (50,000) per sitemap page (``?p=2``), of every
    article model (``wagtail_news.models.get_article_models()``).

    Each entry comes from the article's ``get_sitemap_urls()``: its URL,
    ``lastmod`` (when it was last published) and ``alternates``, the
    ``hreflang`` links of its live, public translations. One sitemap page
    costs three queries whatever its size and the number of article models:
    the count, the articles (one union of the models' rows) and their
    translations. Set ``model`` (a model or ``"app_label.Model"``, or a
    list of them) in a subclass to list only those models.
    """

    model = None

    def get_article_models(self):
        """The article models listed: ``model``, by default all of them."""
        return sitemap_article_models(self.model)

    def get_queryset(self, model=None):
        """The articles of ``model`` (by default the first article model)
        listed, before ``only()`` and ordering. Override to narrow them."""
        model = model or self.get_article_models()[0]
        return model.objects.filter(on_site_q(self.get_root_paths())).live().exclude(restricted_q())

    def items(self):
        querysets = [self.get_queryset(model) for model in self.get_article_models()]
        if len(querysets) == 1:
            return querysets[0].only(*_SITEMAP_FIELDS).order_by(*NEWEST_FIRST)
        return MergedSitemapArticles(querysets)

    def get_latest_lastmod(self):
        items = self.items()
        if isinstance(items, MergedSitemapArticles):
            items = items.pages()
        return items.order_by().aggregate(
            latest=Max(Coalesce("last_published_at", "latest_revision_created_at"))
        )["latest"]

    def _urls(self, page, protocol, domain):
        object_list = self.paginator.page(page).object_list
        articles = list(object_list)
        keys = None
        if isinstance(self.paginator.object_list, MergedSitemapArticles):
            if articles:
                keys = self.paginator.object_list.translation_keys(articles)
        elif connection.features.allow_sliced_subqueries_with_in:
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
        """The models that ``NewsSitemap`` lists: ``article_models``, by
        default every article model (``get_article_models()``)."""
        return sitemap_article_models(self.article_models)

    def items(self):
        Page = page_model()

        return (
            Page.objects.filter(on_site_q(self.get_root_paths()))
            .live()
            .exclude(restricted_q())
            .not_exact_type(*self.get_article_models())
            .order_by("path")
            .defer_streamfields()
            .specific()
        )


#: The sections of ``index`` and ``sitemap`` by default.
SITEMAPS = {"pages": PagesSitemap, "articles": NewsSitemap}


def xml_safe_response(response):
    """``response`` (a ``TemplateResponse``), whose rendered XML will be
    left without the characters XML cannot carry."""

    def strip(rendered):
        rendered.content = strip_control_characters(rendered.content)

    response.add_post_render_callback(strip)
    return response


def sitemap(request, sitemaps=None, section=None, template_name=SITEMAP_TEMPLATE, **kwargs):
    """Wagtail's sitemap view: one ``section`` of ``sitemaps`` (``SITEMAPS``
    by default), or all of them; ``?p=N`` for page N (a 404 past the end)."""
    return xml_safe_response(
        wagtail_sitemap_views.sitemap(
            request, sitemaps or SITEMAPS, section=section, template_name=template_name, **kwargs
        )
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
    xml_safe_response(response)
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


_NEWS_SITEMAP_FIELDS = (
    "id",
    "path",
    "depth",
    "url_path",
    "title",
    "date",
    "locale",
    "locale__language_code",
)


def get_news_sitemap_articles(request, site, locale=None, model=None):
    """The live, public articles of ``site`` dated within the last 48 hours
    (and not in the future), newest first, at most 1,000; of one language
    code when ``locale`` is given; of every article model, or of ``model``
    (a model, ``"app_label.Model"`` or a list of them). One query, a union
    of the models' articles when there are several."""
    root_paths = serving_root_paths(request=request)
    now = timezone.now()
    querysets = []
    for article_model in sitemap_article_models(model):
        articles = (
            article_model.objects.filter(
                on_site_q(root_paths), date__gt=now - NEWS_SITEMAP_WINDOW, date__lte=now
            )
            .live()
            .exclude(restricted_q())
        )
        if locale is not None:
            articles = articles.filter(locale__language_code=locale)
        querysets.append(articles)
    if len(querysets) == 1:
        return (
            querysets[0]
            .select_related("locale")
            .only("id", "path", "depth", "url_path", "title", "date", "locale__language_code")
            .order_by(*NEWEST_FIRST)[:NEWS_SITEMAP_LIMIT]
        )
    return MergedSitemapArticles(querysets, _NEWS_SITEMAP_FIELDS)[:NEWS_SITEMAP_LIMIT]


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
    return xml_safe_response(
        TemplateResponse(request, template_name, {"urlset": items}, content_type="application/xml")
    )
