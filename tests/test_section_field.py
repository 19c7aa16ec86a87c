"""The article's ``section`` and ``news_locale`` columns follow the tree."""

import pytest
from wagtail.models import Page

from tests import factories
from wagtail_news.models import NewsArticlePage


@pytest.mark.django_db
def test_section_and_locale_are_set_on_create(locales, section):
    article = factories.make_article(section, "A")
    stored = NewsArticlePage.objects.get(pk=article.pk)
    assert stored.section_id == section.pk
    assert stored.news_locale_id == locales["en"].pk


@pytest.mark.django_db
def test_section_follows_a_move(client, home, section):
    other = factories.make_section(home, "Politics")
    article = factories.make_article(section, "Moving")
    page = Page.objects.get(pk=article.pk)
    from wagtail.actions.move_page import MovePageAction

    MovePageAction(page, other, pos="last-child").execute()
    assert NewsArticlePage.objects.get(pk=article.pk).section_id == other.pk
    response = client.get(other.url)
    assert b"Moving" in response.content
    assert b"Moving" not in client.get(section.url).content


@pytest.mark.django_db
def test_copy_to_another_section_gets_that_section(home, section):
    other = factories.make_section(home, "Politics")
    article = factories.make_article(section, "Copied")
    copy = article.copy(to=other, update_attrs={"slug": "copied-2"})
    assert NewsArticlePage.objects.get(pk=copy.pk).section_id == other.pk


@pytest.mark.django_db
def test_translation_gets_the_translated_section_and_locale(locales, home, section):
    article = factories.make_article(section, "Source")
    home.copy_for_translation(locales["tk"]).save_revision().publish()
    tk_section = section.copy_for_translation(locales["tk"])
    tk_section.save_revision().publish()
    tk_article = article.copy_for_translation(locales["tk"])
    stored = NewsArticlePage.objects.get(pk=tk_article.pk)
    assert stored.section_id == tk_section.pk
    assert stored.news_locale_id == locales["tk"].pk


@pytest.mark.django_db
def test_publishing_an_old_revision_keeps_the_current_section(home, section):
    article = factories.make_article(section, "Revised")
    old_revision_id = article.latest_revision.pk
    other = factories.make_section(home, "Politics")
    from wagtail.actions.move_page import MovePageAction

    MovePageAction(Page.objects.get(pk=article.pk), other, pos="last-child").execute()
    from wagtail.models import Revision

    Revision.objects.get(pk=old_revision_id).publish()
    assert NewsArticlePage.objects.get(pk=article.pk).section_id == other.pk
