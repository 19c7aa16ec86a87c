from django.apps import apps
from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from wagtail_news.models import NewsArticlePageMixin, NewsIndexPageMixin


class HomePage(Page):
    """A site's home page; news sections live under it."""


class PlainPage(Page):
    """A plain Wagtail page with a title and a body: the floor that the
    query-count tests compare news pages with."""

    body = RichTextField(blank=True)


# A site's own models named like wagtail-news's: they must not clash with the
# app's (reverse accessors on Page). They also make a second article model
# next to the recipe's ``ArticlePage``, in a section that lists both.
class NewsIndexPage(NewsIndexPageMixin, Page):
    """A section listing the recipe's articles and this app's video articles."""

    content_panels = Page.content_panels + NewsIndexPageMixin.index_content_panels
    subpage_types = ["wagtail_news_test.NewsArticlePage"]

    def get_article_models(self):
        # The recipe's articles live under its own sections; this one lists
        # them too (the hook a site overrides to list other models).
        return [apps.get_model("recipe", "ArticlePage"), NewsArticlePage]


class NewsArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "wagtail_news_test.NewsArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsArticlePage(NewsArticlePageMixin, Page):
    """A second article model: a video article."""

    video_url = models.URLField(blank=True)
    tags = ClusterTaggableManager(through=NewsArticlePageTag, blank=True)

    content_panels = (
        Page.content_panels
        + [FieldPanel("video_url")]
        + NewsArticlePageMixin.article_content_panels
    )
    parent_page_types = ["wagtail_news_test.NewsIndexPage", "recipe.SectionPage"]
    subpage_types = []
