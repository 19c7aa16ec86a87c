"""Wagtail's publishing and translation machinery never changes a count."""

import pytest
from django.conf import settings
from wagtail.models import Revision

from tests import factories
from wagtail_news.counting import get_view_count
from wagtail_news.counting.reading import translations_view_count
from wagtail_news.counting.store import add_views, today


@pytest.fixture
def counted(section):
    article = factories.make_article(section, "Counted")
    add_views(article.pk, today(), 40)
    return article


@pytest.mark.django_db
def test_publishing_a_new_revision_keeps_the_count(counted):
    counted.title = "Counted, updated"
    counted.save_revision().publish()
    assert get_view_count(counted.pk) == 40


@pytest.mark.django_db
def test_reverting_to_an_old_revision_keeps_the_count(counted):
    first = counted.latest_revision.pk
    counted.title = "Second version"
    counted.save_revision().publish()
    add_views(counted.pk, today(), 2)
    Revision.objects.get(pk=first).publish()
    assert get_view_count(counted.pk) == 42


@pytest.mark.django_db
def test_unpublish_and_republish_keep_the_count(counted):
    counted.unpublish()
    counted.save_revision().publish()
    assert get_view_count(counted.pk) == 40


@pytest.mark.django_db
def test_a_copy_starts_at_zero_and_the_original_keeps_its_count(counted, section):
    copy = counted.copy(update_attrs={"slug": "counted-copy", "title": "Copy"})
    assert get_view_count(copy.pk) == 0
    assert get_view_count(counted.pk) == 40


@pytest.mark.django_db
def test_an_alias_starts_at_zero(counted, home):
    other = factories.make_section(home, "Mirror")
    alias = counted.create_alias(parent=other, update_slug="counted-alias")
    assert get_view_count(alias.pk) == 0
    counted.title = "Changed at the source"
    counted.save_revision().publish()  # updates the alias too
    assert get_view_count(alias.pk) == 0
    assert get_view_count(counted.pk) == 40


@pytest.mark.django_db
def test_total_across_translations(locales, home, counted, section):
    home.copy_for_translation(locales["ru"]).save_revision().publish()
    section.copy_for_translation(locales["ru"]).save_revision().publish()
    ru = counted.copy_for_translation(locales["ru"])
    ru.save_revision().publish()
    add_views(ru.pk, today(), 2)
    assert get_view_count(ru.pk) == 2
    assert translations_view_count(counted) == 42
    assert translations_view_count(ru) == 42


@pytest.mark.django_db
@pytest.mark.skipif(not settings.WITH_LOCALIZE, reason="needs wagtail-localize")
def test_wagtail_localize_sync_keeps_counts(locales, home, section, counted):
    from wagtail_localize.models import TranslationSource

    for page in (home, section):
        source, _ = TranslationSource.get_or_create_from_instance(page)
        source.create_or_update_translation(locales["ru"], fallback=True)
    source, _ = TranslationSource.get_or_create_from_instance(counted)
    ru, _ = source.create_or_update_translation(locales["ru"], fallback=True)
    ru.save_revision().publish()
    add_views(ru.pk, today(), 7)

    counted.title = "Changed in English"
    counted.save_revision().publish()
    source.update_from_db()
    source.create_or_update_translation(locales["ru"], fallback=True)
    ru.refresh_from_db()
    ru.save_revision().publish()

    assert get_view_count(counted.pk) == 40
    assert get_view_count(ru.pk) == 7
