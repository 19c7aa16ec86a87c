from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.models import Page

from . import localize
from .mixins import NewsArticlePageMixin, NewsIndexPageMixin


class NewsIndexPage(NewsIndexPageMixin, Page):
    content_panels = Page.content_panels + NewsIndexPageMixin.index_content_panels
    search_fields = Page.search_fields + NewsIndexPageMixin.search_fields
    override_translatable_fields = NewsIndexPageMixin.index_translatable_fields

    subpage_types = ["wagtail_news.NewsArticlePage"]

    class Meta:
        verbose_name = _("news section")
        verbose_name_plural = _("news sections")


class NewsArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "wagtail_news.NewsArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("news article tag")
        verbose_name_plural = _("news article tags")


class NewsArticlePage(NewsArticlePageMixin, Page):
    tags = ClusterTaggableManager(
        through=NewsArticlePageTag,
        blank=True,
        verbose_name=_("tags"),
        help_text=_("Keywords; readers can list all articles with a tag."),
    )

    content_panels = Page.content_panels + NewsArticlePageMixin.article_content_panels
    search_fields = Page.search_fields + NewsArticlePageMixin.search_fields
    override_translatable_fields = NewsArticlePageMixin.article_translatable_fields + (
        localize.fields(synchronised=["tagged_items"])
    )

    parent_page_types = ["wagtail_news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
        indexes = [
            models.Index(fields=["section", "-date"], name="wagtail_news_section_date"),
            models.Index(fields=["news_locale", "-date"], name="wagtail_news_locale_date"),
        ]
