"""The composition the README documents for headless previews: a site's own
article page built from ``NewsArticlePageMixin`` with wagtail-headless-preview's
``HeadlessPreviewMixin`` in front."""

from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.models import Page
from wagtail_headless_preview.models import HeadlessPreviewMixin

from wagtail_news.models import NewsArticlePageMixin


class HeadlessArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "wagtail_news_headless_test.HeadlessArticlePage",
        on_delete=models.CASCADE,
        related_name="tagged_items",
    )


class HeadlessArticlePage(HeadlessPreviewMixin, NewsArticlePageMixin, Page):
    tags = ClusterTaggableManager(through=HeadlessArticlePageTag, blank=True)

    content_panels = Page.content_panels + NewsArticlePageMixin.article_content_panels
    search_fields = Page.search_fields + NewsArticlePageMixin.search_fields
    template = "wagtail_news/news_article_page.html"

    parent_page_types = ["wagtail_news.NewsIndexPage"]
    subpage_types = []
