"""The article mixin: ``NewsArticlePageMixin``.

Compose it onto your own base page, mixin first (see the README's recipe)::

    class ArticlePage(NewsArticlePageMixin, BasePage):
        tags = ClusterTaggableManager(through=ArticlePageTag, blank=True)
"""

from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images import get_image_model_string
from wagtail.search import index

from ..api import serializers as api_serializers
from ..blocks import NewsBodyBlock
from ..breadcrumbs import get_breadcrumbs, page_breadcrumbs
from ..conf import news_settings
from ..queries import PAGE_MODEL
from . import localize
from .base import NewsContextMixin, check_article_model, listing_indexes
from .snippets import NewsCategory


class NewsArticlePageMixin(NewsContextMixin, models.Model):
    """A news article: publication date, category, lead, lead image and body.

    The concrete model must declare ``tags`` (a ``ClusterTaggableManager``
    with its own through model), as ``NewsArticlePage`` does; the system
    check ``wagtail_news.E011`` says so otherwise.
    """

    news_template = "wagtail_news/news_article_page.html"

    date = models.DateTimeField(
        _("Published"),
        default=timezone.now,
        help_text=_("Publication date and time shown to readers; articles are ordered by it."),
    )
    category = models.ForeignKey(
        NewsCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional. Readers can list all articles of a category."),
    )
    intro = models.TextField(
        _("lead"),
        blank=True,
        help_text=_("One or two sentences that sum up the article; shown in lists and feeds."),
    )
    image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional. Shown at the top of the article and on its card in lists."),
    )
    body = StreamField(NewsBodyBlock(), verbose_name=_("body"), blank=True)

    # Copies of the parent page and of the locale, so that listings filter and
    # order on one index of this table (an index cannot span the inherited
    # page table). Kept up to date on save() and when the page moves.
    section = models.ForeignKey(
        PAGE_MODEL,
        verbose_name=_("section"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    news_locale = models.ForeignKey(
        "wagtailcore.Locale",
        verbose_name=_("locale"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    article_content_panels = [
        FieldPanel("date"),
        FieldPanel("category"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]

    # wagtail-localize: see ``wagtail_news.models.localize``.
    article_translatable_fields = localize.ARTICLE_FIELDS

    # Wagtail's API v2 (``/api/v2/pages/``, ``wagtail_news.api.v2``).
    api_fields = [
        APIField("date"),
        APIField("category", serializer=api_serializers.CategoryField()),
        APIField("intro"),
        APIField("body", serializer=api_serializers.StreamField()),
        APIField("image", serializer=api_serializers.ImageField()),
        APIField("tags", serializer=api_serializers.TagsField()),
        APIField("breadcrumbs", serializer=api_serializers.BreadcrumbsField()),
        APIField("view_count", serializer=api_serializers.ViewCountField()),
        APIField("section", serializer=api_serializers.SectionField()),
        APIField("translations", serializer=api_serializers.TranslationsField()),
    ]

    # A model built on the mixin gets its base page's search fields, then these
    # (``composed_search_fields``); a model that declares its own adds these to
    # its base page's: ``BasePage.search_fields + NewsArticlePageMixin.search_fields``.
    search_fields = [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.RelatedFields("category", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("date"),
        index.FilterField("category"),
        index.FilterField("section"),
    ]

    class Meta:
        abstract = True
        indexes = listing_indexes()

    def save(self, *args, **kwargs):
        if self.path and self.depth and self.depth > 1:
            self.section_id = self.get_parent().pk
        if self.locale_id is None:
            self.locale = self.get_default_locale()
        self.news_locale_id = self.locale_id
        return super().save(*args, **kwargs)

    @classmethod
    def check(cls, **kwargs):
        errors = super().check(**kwargs)
        if not cls._meta.abstract:
            errors.extend(check_article_model(cls))
        return errors

    def serve(self, request, *args, **kwargs):
        if news_settings.VIEW_COUNT_ON_SERVE and request.method == "GET":
            self.count_served_view(request)
        return super().serve(request, *args, **kwargs)

    def count_served_view(self, request):
        """Server-side counting (``VIEW_COUNT_ON_SERVE``), same rules as the
        beacon: only a live, public article of the request's site."""
        from ..counting.recording import count_served_view

        views = count_served_view(request, self.pk)
        if views is not None:
            self.__dict__["view_count"] = views

    @cached_property
    def view_count(self):
        """All-time views, including views still in the cache buffer. Free
        when the page came through its section's routing query."""
        from ..counting.reading import view_counts

        return view_counts([self])[self.pk]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["view_count"] = self.view_count
        context["breadcrumbs"] = page_breadcrumbs(self, request)
        context["section"] = self.get_section()
        context["lead_rendition"] = self.get_lead_rendition()
        section = context["section"]
        if hasattr(section, "get_feed_links"):  # a news section
            context["feed_links"] = section.get_feed_links(request)
        return context

    def get_section(self):
        """The section (the parent page), specific. Free after Wagtail's
        routing, which caches the parent on the page."""
        parent = self.get_parent()
        if parent is None or type(parent) is parent.specific_class:
            return parent
        return parent.specific

    def get_lead_rendition(self):
        """The rendition of the lead image shown on the article, or ``None``.
        Override to use another filter per article."""
        if not self.image_id:
            return None
        return self.image.get_rendition(news_settings.ARTICLE_IMAGE_FILTER)

    def get_related_articles(self, limit=None, request=None):
        """Up to ``limit`` (``RELATED_LIMIT``) live, public articles of this
        site and language that share this article's category or tags, the
        closest first (see ``wagtail_news.related``); one query, plus one
        for the tags unless prefetched. Override to relate articles
        otherwise."""
        from ..related import related_articles

        limit = news_settings.RELATED_LIMIT if limit is None else limit
        return related_articles(self, limit, request)

    def get_sitemap_urls(self, request=None):
        """Wagtail's sitemap entry with ``alternates``: the ``hreflang``
        links of the article's live, public translations (see
        ``wagtail_news.sitemaps``)."""
        urls = super().get_sitemap_urls(request)
        alternates = self.get_sitemap_alternates(request)
        for url in urls:
            url.setdefault("alternates", alternates)
        return urls

    def get_sitemap_alternates(self, request=None):
        """``[{"lang_code", "location"}]`` of this article's translations:
        the ones ``NewsSitemap`` fetched for the whole sitemap page, or else
        one query."""
        from .. import i18n

        translations = getattr(self, "sitemap_translations", None)
        if translations is None:
            translations = i18n.page_translations(self, request)
        return i18n.alternates_for(translations, request)

    @cached_property
    def breadcrumbs(self):
        """The pages from the site root (or its translation) down to this
        article's parent, in one query. Never includes the tree root. In a
        request, ``{% news_breadcrumbs %}`` and the page context compute it
        for the request's site instead."""
        return get_breadcrumbs(self)
