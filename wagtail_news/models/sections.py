"""The section mixin: ``NewsIndexPageMixin``, and its date archives.

Compose it onto your own base page, mixin first (see the README's recipe)::

    class SectionPage(NewsIndexPageMixin, BasePage):
        subpage_types = ["ArticlePage"]
"""

import datetime

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.search import index

from ..api import serializers as api_serializers
from ..cache import cached_count
from ..conf import news_settings
from ..feeds import FeedSource, NewsAtomFeed, NewsRssFeed
from ..merging import merge_newest
from ..queries import live_public
from ..renditions import attach_card_renditions
from . import localize
from .articles import NewsArticlePageMixin
from .base import NewsContextMixin, stored_views
from .snippets import NewsCategory


class NewsIndexPageMixin(NewsContextMixin, RoutablePageMixin, models.Model):
    """A news section ("Economy"): lists its articles newest first, paginated.

    Routes: the section itself, ``category/<slug>/`` and ``tag/<slug>/``;
    the date archives ``YYYY/`` and ``YYYY/MM/``; RSS 2.0 (``feed/``) and
    Atom (``atom/``) feeds of the section and of each category and tag
    (``category/<slug>/feed/``, ``tag/<slug>/atom/`` ...); ``search/?query=``.
    """

    news_template = "wagtail_news/news_index_page.html"

    intro = RichTextField(
        _("intro"),
        blank=True,
        help_text=_("Optional text shown above the list of articles."),
    )

    index_content_panels = [FieldPanel("intro")]

    # wagtail-localize: see ``wagtail_news.models.localize``.
    index_translatable_fields = localize.SECTION_FIELDS

    api_fields = [APIField("intro", serializer=api_serializers.RichTextField())]

    # After the base page's (see ``NewsArticlePageMixin.search_fields``).
    search_fields = [index.SearchField("intro")]

    #: The template of ``search/`` and the longest query it accepts.
    search_template = "wagtail_news/news_index_search.html"
    search_query_max_length = 255

    #: Feed classes (``wagtail_news.feeds``) served at ``.../feed/`` and ``.../atom/``.
    rss_feed_class = NewsRssFeed
    atom_feed_class = NewsAtomFeed

    class Meta:
        abstract = True

    # -- overridable hooks -------------------------------------------------

    def get_article_models(self):
        """The article models this section lists: its allowed child page
        types built on ``NewsArticlePageMixin``. Override to list others."""
        models = [
            model
            for model in self.allowed_subpage_models()
            if issubclass(model, NewsArticlePageMixin)
        ]
        if not models:
            raise LookupError(f"{type(self).__name__} allows no news article child page type.")
        return models

    def get_article_model(self):
        """The first of ``get_article_models()``: the model a new article of
        this section is made of (``import_news``)."""
        return self.get_article_models()[0]

    def get_articles(self):
        """Return the live, public articles of this section, newest first.

        Filters on the article's own ``section`` and ``date`` columns (one
        index) rather than on the page tree, so it stays fast for large
        archives.
        """
        return merge_newest(
            live_public(model.objects.filter(section=self)).order_by("-date", "-pk")
            for model in self.get_article_models()
        )

    def get_listing_queryset(self, queryset):
        """Fetch what an article card shows in bulk: category and image.
        Override to add what your own cards show."""
        return queryset.select_related("category", "image")

    def get_article_queryset(self):
        """The queryset that routing takes a child article from: the article
        with its category, image and tags in two queries."""
        return merge_newest(
            model.objects.child_of(self)
            .select_related("category", "image")
            .prefetch_related("tags")
            .annotate(stored_views=stored_views())
            for model in self.get_article_models()
        )

    def get_page_size(self):
        return news_settings.PAGE_SIZE

    def get_feed_queryset(self, queryset):
        """Fetch what a feed item shows in bulk: category, image, locale and
        tags. Override to add what your own feed items show."""
        return queryset.select_related("category", "image", "locale").prefetch_related("tags")

    def paginate(self, request, queryset):
        """Return the Django ``Page`` of articles for ``?page=N``.

        Like Django's ``ListView``: a missing ``page`` is the first page; a
        value that is not a positive whole number, or past the last page,
        raises ``Http404``.
        """
        paginator = Paginator(queryset, self.get_page_size(), allow_empty_first_page=True)
        paginator.count = cached_count(queryset)  # Paginator.count is a cached_property
        number = request.GET.get("page") or 1
        try:
            return paginator.page(number)
        except (PageNotAnInteger, EmptyPage) as exc:
            raise Http404(str(exc)) from exc

    def get_listing_context(self, request, queryset, **extra):
        articles = self.paginate(request, self.get_listing_queryset(queryset))
        attach_card_renditions(articles.object_list)
        return {
            "articles": articles,
            "paginator": articles.paginator,
            "feed_links": self.get_feed_links(request),
            **extra,
        }

    def get_category(self, slug):
        """The category of this section's language with that slug, or 404."""
        return get_object_or_404(NewsCategory, slug=slug, locale_id=self.locale_id)

    def get_tag(self, slug):
        return get_object_or_404(Tag, slug=slug)

    # -- feeds -----------------------------------------------------------------

    def get_feed_links(self, request, route="feed", args=(), title=None):
        """``{"type", "href", "title"}`` of the RSS and Atom feeds of the
        listing ``route`` (``feed``, ``category_feed`` or ``tag_feed``), for
        ``<link rel="alternate">`` in the page's head."""
        base = self.get_url(request)
        if base is None:
            return []
        return [
            {
                "type": feed_class.feed_type.content_type.split(";")[0],
                "href": base + self.reverse_subpage(route, args=[*args, kind]),
                "title": title or self.title,
            }
            for kind, feed_class in (("feed", self.rss_feed_class), ("atom", self.atom_feed_class))
        ]

    def serve_feed(self, request, kind, queryset, title, listing_route=None, *args):
        """Serve the RSS (``kind="feed"``) or Atom (``"atom"``) feed of
        ``queryset`` (articles of this section) with absolute URLs."""
        base = self.get_full_url(request)
        feed_route = f"{listing_route}_feed" if listing_route else "feed"
        link = base + (self.reverse_subpage(listing_route, args=args) if listing_route else "")
        source = FeedSource(
            section=self,
            articles=queryset,
            title=title,
            link=link,
            feed_url=base + self.reverse_subpage(feed_route, args=[*args, kind]),
            language=self.locale.language_code,
        )
        feed_class = self.atom_feed_class if kind == "atom" else self.rss_feed_class
        return feed_class(source)(request)

    # -- archives ---------------------------------------------------------------

    def get_archive(self, request, year, month=None):
        """The ``NewsArchive`` of ``YYYY/`` or ``YYYY/MM/``; 404 for a year or
        month that does not exist."""
        if not 1 <= year <= 9999 or (month is not None and not 1 <= month <= 12):
            raise Http404("No such archive period.")
        return NewsArchive(self, request, year, month)

    # -- routing -------------------------------------------------------------

    def route(self, request, path_components):
        """Route to a child article in one query, category, image and tags
        included; fall back to Wagtail's routing otherwise."""
        if path_components:
            article = self.get_article_queryset().filter(slug=path_components[0]).first()
            if article is not None:
                article._cached_parent_obj = self
                return article.route(request, path_components[1:])
        return super().route(request, path_components)

    @path("")
    def index_view(self, request):
        context = self.get_listing_context(request, self.get_articles())
        return self.render(request, context_overrides=context)

    @path("category/<str:slug>/", name="category")
    def category_view(self, request, slug):
        category = self.get_category(slug)
        queryset = self.get_articles().filter(category=category)
        context = self.get_listing_context(request, queryset, category=category)
        context["feed_links"] = self.get_feed_links(
            request, "category_feed", [slug], f"{self.title}: {category.name}"
        )
        return self.render(request, context_overrides=context)

    @path("tag/<str:slug>/", name="tag")
    def tag_view(self, request, slug):
        tag = self.get_tag(slug)
        queryset = self.get_articles().filter(tags=tag)
        context = self.get_listing_context(request, queryset, tag=tag)
        context["feed_links"] = self.get_feed_links(
            request, "tag_feed", [slug], f"{self.title}: {tag.name}"
        )
        return self.render(request, context_overrides=context)

    # Four ASCII digits for a year, two for a month: anything else
    # (``99999/``, ``5/``, ``abc/``, other scripts' digits) matches no route
    # and is a 404.
    @re_path(r"^(?P<year>[0-9]{4})/$", name="archive_year")
    def archive_year_view(self, request, year):
        return self.serve_archive(request, self.get_archive(request, int(year)))

    @re_path(r"^(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$", name="archive_month")
    def archive_month_view(self, request, year, month):
        return self.serve_archive(request, self.get_archive(request, int(year), int(month)))

    def serve_archive(self, request, archive):
        """A date archive: the section's listing restricted to the period,
        paginated; an empty period is a 404, as in Django's date-based views."""
        queryset = archive.filter(self.get_articles())
        context = self.get_listing_context(request, queryset, archive=archive)
        if not context["paginator"].count:
            raise Http404("No articles in this period.")
        return self.render(request, context_overrides=context)

    @re_path(r"^(?P<kind>feed|atom)/$", name="feed")
    def feed_view(self, request, kind):
        return self.serve_feed(request, kind, self.get_articles(), self.title)

    @re_path(r"^category/(?P<slug>[^/]+)/(?P<kind>feed|atom)/$", name="category_feed")
    def category_feed_view(self, request, slug, kind):
        category = self.get_category(slug)
        queryset = self.get_articles().filter(category=category)
        title = f"{self.title}: {category.name}"
        return self.serve_feed(request, kind, queryset, title, "category", slug)

    @re_path(r"^tag/(?P<slug>[^/]+)/(?P<kind>feed|atom)/$", name="tag_feed")
    def tag_feed_view(self, request, slug, kind):
        tag = self.get_tag(slug)
        queryset = self.get_articles().filter(tags=tag)
        title = f"{self.title}: {tag.name}"
        return self.serve_feed(request, kind, queryset, title, "tag", slug)

    # -- search ------------------------------------------------------------------

    @path("search/", name="search")
    def search_view(self, request):
        """``search/?query=...``: the section's articles matching the query,
        most relevant first, paginated like the listing. An empty query shows
        the form only; a query that is too long or has null characters is a
        400 with a message."""
        query = request.GET.get("query", "").strip()
        context = {"search_query": query, "search_error": self.check_search_query(query)}
        if query and not context["search_error"]:
            articles = self.paginate(request, self.search_articles(query))
            attach_card_renditions(articles.object_list)
            context.update(articles=articles, paginator=articles.paginator)
        status = 400 if context["search_error"] else 200
        response = self.render(request, context_overrides=context, template=self.search_template)
        response.status_code = status
        return response

    def check_search_query(self, query):
        """An error message for a query that cannot be searched, else ``None``."""
        if "\x00" in query:
            return gettext("Your search contains characters that are not allowed.")
        if len(query) > self.search_query_max_length:
            return gettext("Your search is too long: at most %(max)d characters.") % {
                "max": self.search_query_max_length
            }
        return None

    def search_articles(self, query):
        """Wagtail search over the section's live, public articles (in its
        language), most relevant first. Override to change the search (e.g.
        ``operator="and"``). With several article models, each is searched
        and the results are merged by relevance."""
        # A double quote breaks the SQLite database backend's FTS5 query.
        terms = query.replace('"', " ").strip()
        models = self.get_article_models()
        if not terms:
            return models[0].objects.none()
        results = [
            self.get_listing_queryset(
                model.objects.filter(id__in=articles.order_by().values("pk"))
            ).search(terms)
            for model, articles in zip(models, self.get_articles_by_model(), strict=True)
        ]
        if len(results) == 1:
            return results[0]
        scored = [result.annotate_score("_news_score") for result in results]
        return sorted(
            (article for result in scored for article in result),
            key=lambda article: -(article._news_score or 0),
        )

    def get_articles_by_model(self):
        """``get_articles()`` as one queryset per article model."""
        articles = self.get_articles()
        return getattr(articles, "querysets", [articles])


class NewsArchive:
    """A year (``month=None``) or a month of a section's articles: its bounds
    in the current time zone, its heading and its links."""

    def __init__(self, section, request, year, month=None):
        self.section = section
        self.request = request
        self.year = year
        self.month = month
        self.start = _local_datetime(year, month or 1)
        if month is None:
            self.end = _local_datetime(year + 1, 1)
        else:
            self.end = _local_datetime(year + (month == 12), month % 12 + 1)

    def filter(self, queryset):
        """The articles of ``queryset`` dated within this period."""
        if self.start is not None:
            queryset = queryset.filter(date__gte=self.start)
        if self.end is not None:
            queryset = queryset.filter(date__lt=self.end)
        return queryset

    @cached_property
    def period(self):
        """The period: "May 2023" (a translatable date format) or "2023"."""
        if self.month is None:
            return str(self.year)
        first = datetime.date(self.year, self.month, 1)
        # Translators: a date format (Django's "date" filter): F is the
        # month's name, Y the year.
        return format_date(first, pgettext("news archive heading: year and month", "F Y"))

    @cached_property
    def heading(self):
        return gettext("Archive: %(period)s") % {"period": self.period}

    @cached_property
    def year_url(self):
        return self.url("archive_year", f"{self.year:04d}")

    @cached_property
    def months(self):
        """For a year: its months that have articles, oldest first, as
        ``{"date", "url"}`` (one query). For a month: empty."""
        if self.month is not None:
            return []
        articles = self.filter(self.section.get_articles()).order_by()
        return [
            {"date": value, "url": self.url("archive_month", f"{value:%Y}", f"{value:%m}")}
            for value in articles.datetimes("date", "month")
        ]

    def url(self, route, *args):
        return (self.section.get_url(self.request) or "") + self.section.reverse_subpage(
            route, args=args
        )


def _local_datetime(year, month):
    """Midnight on the first of the month in the current time zone, or
    ``None`` beyond what a datetime holds (no bound is needed there)."""
    try:
        value = timezone.make_aware(datetime.datetime(year, month, 1))
        value.astimezone(datetime.UTC)
    except (ValueError, OverflowError):
        return None
    return value
