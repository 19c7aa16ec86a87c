"""A second article model of the site: tests/newsite/build.sh appends this
file to ``news/models.py`` (the README's recipe, tests/recipe/models.py), so
``BasePage`` is that file's. Built as the README's "Which models" says a site
with ``ArticlePage`` and ``VideoArticlePage`` would: its own tags through
model, under the recipe's sections."""

from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel

from wagtail_news.models import NewsArticlePageMixin


class VideoArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "VideoArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class VideoArticlePage(NewsArticlePageMixin, BasePage):  # noqa: F821 (news/models.py's)
    video_url = models.URLField(blank=True)
    tags = ClusterTaggableManager(through=VideoArticlePageTag, blank=True)

    content_panels = (
        BasePage.content_panels  # noqa: F821
        + [FieldPanel("video_url")]
        + NewsArticlePageMixin.article_content_panels
    )
    override_translatable_fields = NewsArticlePageMixin.article_translatable_fields
    parent_page_types = ["SectionPage"]
    subpage_types = []
