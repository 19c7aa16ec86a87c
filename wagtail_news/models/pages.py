"""The app's own section and article pages, built on Wagtail's ``Page``.

A site with its own page model (Wagtail 8's ``WAGTAIL_PAGE_MODEL``) builds
its sections and articles on it with the mixins (the README's recipe): these
models cannot, since a model cannot follow a swapped base class. They are
then swapped out themselves (Django's swappable models, named by ``swapper``):
no table, no system check, not a page type. Their settings,
``WAGTAIL_NEWS_NEWSINDEXPAGE_MODEL``, ``WAGTAIL_NEWS_NEWSARTICLEPAGE_MODEL``
and ``WAGTAIL_NEWS_NEWSARTICLEPAGETAG_MODEL``, default to the model itself,
or to ``WAGTAIL_PAGE_MODEL`` when the site swaps the page model; a site may
name its own section, article and tag models there instead.
"""

import swapper
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.models import Page

from ..queries import page_model_swapped
from . import localize
from .articles import NewsArticlePageMixin
from .sections import NewsIndexPageMixin


def swappable(model_name):
    """The setting that can swap out the app's model ``model_name``; it swaps
    it out for the site's page model when the site has one of its own."""
    setting = swapper.swappable_setting("wagtail_news", model_name)
    if page_model_swapped() and not swapper.is_swapped("wagtail_news", model_name):
        setattr(settings, setting, swapper.get_model_name("wagtailcore", "Page"))
    return setting


def parent_link():
    """The link to ``Page``, without the reverse accessor Django would give
    it (``Page.newsindexpage``): a site's own model of the same name keeps
    its own."""
    return models.OneToOneField(
        Page,
        on_delete=models.CASCADE,
        parent_link=True,
        primary_key=True,
        related_name="+",
    )


class NewsIndexPage(NewsIndexPageMixin, Page):
    page_ptr = parent_link()

    content_panels = Page.content_panels + NewsIndexPageMixin.index_content_panels
    override_translatable_fields = NewsIndexPageMixin.index_translatable_fields

    subpage_types = ["wagtail_news.NewsArticlePage"]

    class Meta:
        swappable = swappable("NewsIndexPage")
        verbose_name = _("news section")
        verbose_name_plural = _("news sections")


class NewsArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "wagtail_news.NewsArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        swappable = swappable("NewsArticlePageTag")
        verbose_name = _("news article tag")
        verbose_name_plural = _("news article tags")


class NewsArticlePage(NewsArticlePageMixin, Page):
    page_ptr = parent_link()
    tags = ClusterTaggableManager(
        through=NewsArticlePageTag,
        blank=True,
        # No ``Tag.newsarticlepage_set``: a site's own model of this name keeps it.
        related_name="+",
        verbose_name=_("tags"),
        help_text=_("Keywords; readers can list all articles with a tag."),
    )

    content_panels = Page.content_panels + NewsArticlePageMixin.article_content_panels
    override_translatable_fields = NewsArticlePageMixin.article_translatable_fields + (
        localize.fields(synchronised=["tagged_items"])
    )

    parent_page_types = ["wagtail_news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        swappable = swappable("NewsArticlePage")
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
        indexes = [
            models.Index(fields=["section", "-date"], name="wagtail_news_section_date"),
            models.Index(fields=["news_locale", "-date"], name="wagtail_news_locale_date"),
        ]
