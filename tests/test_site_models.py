"""A site's own page models: two article models in one site, models named
like the app's, the resolver's setting, and the system checks of a composed
model."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.test.utils import isolate_apps
from wagtail.models import Page

from tests import factories
from wagtail_news.counting import get_view_count
from wagtail_news.counting.store import add_views, today
from wagtail_news.lists import last_news_for, most_read_for
from wagtail_news.models import (
    NewsArticlePage,
    NewsArticlePageMixin,
    NewsIndexPageMixin,
    get_article_models,
    get_section_models,
)

BASE = factories.BASE_DATE
README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.fixture
def mixed(home):
    """A section of the site's own ``NewsIndexPage`` that lists two article
    models, with articles of each, interleaved by date (``NEWEST_FIRST``)."""
    section = factories.make_mixed_section(home)
    models = (factories.video_article_model(), factories.recipe_article_model())
    factories.make_mixed_articles(section, NEWEST_FIRST, models)
    return section


NEWEST_FIRST = ["Video 0", "Text 0", "Video 1", "Text 1", "Video 2", "Text 2"]


def card_titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in soup.select(".news-card__title a")]


@pytest.mark.django_db
def test_every_model_built_on_the_mixins_is_found():
    labels = {model._meta.label for model in get_article_models()}
    assert {"wagtail_news.NewsArticlePage", "recipe.ArticlePage"} <= labels
    assert "wagtail_news_test.NewsArticlePage" in labels
    sections = {model._meta.label for model in get_section_models()}
    assert {"wagtail_news.NewsIndexPage", "recipe.SectionPage"} <= sections


def test_the_setting_narrows_the_models(settings):
    settings.WAGTAIL_NEWS = {"ARTICLE_MODELS": ["recipe.ArticlePage"]}
    assert [model._meta.label for model in get_article_models()] == ["recipe.ArticlePage"]
    settings.WAGTAIL_NEWS = {"ARTICLE_MODELS": ["recipe.SectionPage"]}
    with pytest.raises(ImproperlyConfigured, match="not a page model built on"):
        get_article_models()
    settings.WAGTAIL_NEWS = {"ARTICLE_MODELS": ["recipe.Nothing"]}
    with pytest.raises(ImproperlyConfigured, match="not an installed model"):
        get_article_models()


@pytest.mark.django_db
def test_a_section_lists_both_models_newest_first_and_paginates(client, mixed, settings):
    assert card_titles(client.get(mixed.url)) == NEWEST_FIRST
    settings.WAGTAIL_NEWS = {"PAGE_SIZE": 4}
    assert card_titles(client.get(mixed.url)) == NEWEST_FIRST[:4]
    assert card_titles(client.get(mixed.url + "?page=2")) == NEWEST_FIRST[4:]
    assert client.get(mixed.url + "?page=3").status_code == 404


@pytest.mark.django_db
def test_a_two_model_listing_costs_the_same_for_2_and_6_articles(
    client, home, mixed, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(mixed.url)  # warm Wagtail's and the list caches
    with CaptureQueriesContext(connection) as six:
        client.get(mixed.url)
    for article in Page.objects.child_of(mixed).filter(title__regex=r" [12]$"):
        article.delete()
    client.get(mixed.url)
    with CaptureQueriesContext(connection) as two:
        assert card_titles(client.get(mixed.url)) == ["Video 0", "Text 0"]
    assert len(two) == len(six)


@pytest.mark.django_db
def test_feeds_archives_and_search_show_both_models(client, mixed):
    feed = client.get(mixed.url + "feed/").content.decode()
    assert re.findall(r"<title>((?:Video|Text) \d)</title>", feed) == NEWEST_FIRST
    assert card_titles(client.get(mixed.url + f"{BASE:%Y}/{BASE:%m}/")) == NEWEST_FIRST
    found = card_titles(client.get(mixed.url + "search/?query=Body"))
    assert sorted(found) == sorted(NEWEST_FIRST)


@pytest.mark.django_db
def test_last_news_and_most_read_show_both_models(site, mixed):
    assert [item["title"] for item in last_news_for(site=site)["items"]] == NEWEST_FIRST
    for views, title in enumerate(reversed(NEWEST_FIRST), start=1):
        add_views(Page.objects.get(title=title).pk, today(), views)
    items = most_read_for(site=site, limit=6)["items"]
    assert [(item["title"], item["views"]) for item in items] == [
        (title, 6 - n) for n, title in enumerate(NEWEST_FIRST)
    ]


@pytest.mark.django_db
def test_the_beacon_counts_every_article_model(client, mixed):
    for title in ("Video 0", "Text 0"):
        page = Page.objects.get(title=title)
        response = client.post(
            f"/en/news/views/{page.pk}/", REMOTE_ADDR="198.51.100.7", HTTP_USER_AGENT="Mozilla/5.0"
        )
        assert response.json()["counted"] is True
        assert get_view_count(page.pk) == 1


@pytest.mark.django_db
def test_models_named_like_the_apps_own_do_not_clash():
    site_model = apps.get_model("wagtail_news_test", "NewsArticlePage")
    assert site_model.__name__ == NewsArticlePage.__name__
    assert not [
        error
        for error in checks.run_checks()
        if error.id.startswith(("fields.", "wagtailsearch.", "wagtail_news."))
        and not error.is_silenced()
    ]


@isolate_apps("tests.recipe")
def test_a_mixin_after_the_page_class_is_an_error():
    class WrongOrderSection(Page, NewsIndexPageMixin):
        class Meta:
            app_label = "recipe"

    assert "wagtail_news.E010" in [error.id for error in WrongOrderSection.check()]


@isolate_apps("tests.recipe")
def test_an_article_without_tags_or_indexes_is_reported():
    class BareArticle(NewsArticlePageMixin, Page):
        class Meta(NewsArticlePageMixin.Meta):
            app_label = "recipe"

    ids = [error.id for error in BareArticle.check()]
    assert "wagtail_news.E011" in ids
    assert "wagtail_news.W010" not in ids  # Meta inherited: the indexes are there

    class OwnMetaArticle(NewsArticlePageMixin, Page):
        tags = models.CharField(max_length=10)  # not a tag manager

        class Meta:
            app_label = "recipe"
            verbose_name = "article"

    ids = [error.id for error in OwnMetaArticle.check()]
    assert ids.count("wagtail_news.W010") == 2 and "wagtail_news.E011" in ids


def test_the_readme_recipe_is_the_test_apps_models():
    """tests/recipe/models.py is the README's "Your own page models" snippet."""
    text = README.read_text()
    section = text[text.index("### Your own page models") :]
    snippet = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    models_py = Path(__file__).resolve().parent / "recipe" / "models.py"
    assert snippet == models_py.read_text()


@pytest.mark.django_db
def test_related_news_come_from_every_article_model(site, mixed):
    category = factories.make_category("Trade")
    for title in ("Video 0", "Text 0", "Text 1"):
        page = Page.objects.get(title=title).specific
        page.category = category
        page.save_revision().publish()
    video = Page.objects.get(title="Video 0").specific
    related = video.get_related_articles(request=factories.site_request())
    assert [page.title for page in related] == ["Text 0", "Text 1"]
    assert {type(page) for page in related} == {factories.recipe_article_model()}
