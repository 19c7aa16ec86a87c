"""The site's page model: Wagtail's ``Page``, or on Wagtail 8 the model of
``WAGTAIL_PAGE_MODEL``. The app's foreign keys to pages follow it, its own
concrete page models step aside when a site swaps it, and a composed model
keeps its base page's search fields.

A whole site with a swapped page model is built and served by
``NEWSITE_PAGE_MODEL=basepage bash tests/newsite/run.sh`` (.ci/run).
"""

import pytest
import swapper
import wagtail
from django.apps import apps
from django.db import models
from django.test import override_settings
from wagtail.models import Page
from wagtail.search import index

from wagtail_news import queries
from wagtail_news.models import (
    NewsArticlePage,
    NewsArticlePageMixin,
    NewsArticlePageTag,
    NewsIndexPage,
    NewsIndexPageMixin,
)
from wagtail_news.models.base import NewsContextMixin
from wagtail_news.models.pages import swappable

WAGTAIL_8 = wagtail.VERSION >= (8, 0)


def page_links():
    """Every foreign key of the app's models (and of the mixins' fields on
    the composed models) that points at pages, parent links and the tags'
    links to their own article model left out."""
    found = []
    for model in apps.get_models():
        if model._meta.app_label not in {"wagtail_news", "recipe"}:
            continue
        for field in model._meta.get_fields():
            if not isinstance(field, models.ForeignKey) or field.auto_created:
                continue
            if field.remote_field.parent_link:
                continue
            target = field.related_model
            if issubclass(target, queries.AnyPage) and not issubclass(target, NewsContextMixin):
                found.append(field)
    return found


def test_page_model_is_wagtails_page_here():
    assert queries.page_model() is Page
    assert queries.PAGE_MODEL == "wagtailcore.Page"
    assert not queries.page_model_swapped()
    assert issubclass(Page, queries.AnyPage)


def test_foreign_keys_to_pages_follow_the_page_model():
    names = {f"{field.model._meta.label}.{field.name}" for field in page_links()}
    assert {
        "wagtail_news.PageViewTotal.page",
        "wagtail_news.PageViewDay.page",
        "wagtail_news.LastNews.section",
        "wagtail_news.ImportedArticle.page",
        "wagtail_news.NewsArticlePage.section",
        "recipe.ArticlePage.section",
    } <= names
    for field in page_links():
        assert field.related_model is Page, field
        if WAGTAIL_8:
            # Stored in migrations as the setting, as Wagtail's own are.
            assert field.swappable_setting == "WAGTAIL_PAGE_MODEL", field


@pytest.mark.parametrize(
    ("model", "setting"),
    [
        (NewsIndexPage, "WAGTAIL_NEWS_NEWSINDEXPAGE_MODEL"),
        (NewsArticlePage, "WAGTAIL_NEWS_NEWSARTICLEPAGE_MODEL"),
        (NewsArticlePageTag, "WAGTAIL_NEWS_NEWSARTICLEPAGETAG_MODEL"),
    ],
)
def test_the_apps_own_models_are_swappable_and_in_place_here(model, setting):
    assert model._meta.swappable == setting
    assert model._meta.swapped is None
    assert model in apps.get_models()


@pytest.mark.parametrize("model_name", ["NewsIndexPage", "NewsArticlePage", "NewsArticlePageTag"])
def test_a_swapped_page_model_swaps_the_apps_own_models_out(settings, model_name):
    setting = swappable(model_name)
    assert getattr(settings, setting) == f"wagtail_news.{model_name}"
    # Swapped for the site's page model, unless the site names its own.
    settings.WAGTAIL_PAGE_MODEL = "basepage.BasePage"
    assert swappable(model_name) == setting
    assert getattr(settings, setting) == "basepage.BasePage"
    with override_settings(**{setting: "news.ArticlePage"}):
        swappable(model_name)
        assert swapper.get_model_name("wagtail_news", model_name) == "news.ArticlePage"


class SiteBasePage(Page):
    """A site's base page with a search field of its own."""

    subtitle = models.CharField(max_length=255, blank=True)
    search_fields = [*Page.search_fields, index.SearchField("subtitle")]

    class Meta:
        abstract = True
        app_label = "recipe"


class ComposedArticle(NewsArticlePageMixin, SiteBasePage):
    class Meta:
        abstract = True
        app_label = "recipe"


class ComposedSection(NewsIndexPageMixin, SiteBasePage):
    class Meta:
        abstract = True
        app_label = "recipe"


class OwnSearchFields(NewsArticlePageMixin, SiteBasePage):
    search_fields = [index.SearchField("title")]

    class Meta:
        abstract = True
        app_label = "recipe"


class VideoOfComposed(ComposedArticle):
    class Meta:
        abstract = True
        app_label = "recipe"


@pytest.mark.parametrize(
    ("model", "mixin"),
    [(ComposedArticle, NewsArticlePageMixin), (ComposedSection, NewsIndexPageMixin)],
)
def test_a_composed_model_keeps_its_base_pages_search_fields(model, mixin):
    assert model.search_fields == [*SiteBasePage.search_fields, *mixin.search_fields]
    assert SiteBasePage.search_fields[-1] in model.search_fields  # subtitle
    assert VideoOfComposed.search_fields == ComposedArticle.search_fields


def test_declared_search_fields_are_the_models_own():
    assert OwnSearchFields.search_fields == OwnSearchFields.__dict__["search_fields"]
    assert len(OwnSearchFields.search_fields) == 1


def test_the_recipes_models_search_pages_fields_then_the_mixins():
    recipe_article = apps.get_model("recipe", "ArticlePage")
    assert recipe_article.search_fields == [
        *Page.search_fields,
        *NewsArticlePageMixin.search_fields,
    ]
    assert NewsArticlePage.search_fields == recipe_article.search_fields
