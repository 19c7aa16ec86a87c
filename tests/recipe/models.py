from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from wagtail_news.models import NewsArticlePageMixin, NewsIndexPageMixin


class BasePage(Page):
    """Stands for your site's own base page: the fields all its pages have."""

    subtitle = models.CharField(max_length=255, blank=True)

    content_panels = Page.content_panels + [FieldPanel("subtitle")]

    class Meta:
        abstract = True


class SectionPage(NewsIndexPageMixin, BasePage):
    content_panels = BasePage.content_panels + NewsIndexPageMixin.index_content_panels
    override_translatable_fields = NewsIndexPageMixin.index_translatable_fields
    subpage_types = ["ArticlePage"]


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ArticlePage(NewsArticlePageMixin, BasePage):
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True)

    content_panels = BasePage.content_panels + NewsArticlePageMixin.article_content_panels
    override_translatable_fields = NewsArticlePageMixin.article_translatable_fields
    parent_page_types = ["SectionPage"]
    subpage_types = []
