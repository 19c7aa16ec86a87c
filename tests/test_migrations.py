"""wagtail-news's migrations run backwards and forwards on the test database
(SQLite, or PostgreSQL with DATABASE_URL).

Each test ends with every app fully migrated again, so that the tests after
it find the schema they expect.
"""

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def news_tables():
    """The database tables of wagtail-news's models."""
    return {model._meta.db_table for model in apps.get_app_config("wagtail_news").get_models()}


def existing_tables():
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def applied(app_label):
    executor = MigrationExecutor(connection)
    return sorted(name for app, name in executor.loader.applied_migrations if app == app_label)


def latest(app_label):
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes(app_label)
    assert len(leaves) == 1, leaves
    return leaves[0][1]


def migrate(app_label=None, target=None):
    args = [app_label, target] if app_label else []
    call_command("migrate", *args, verbosity=0, interactive=False)


@pytest.fixture
def fully_migrated_after():
    """Migrate every app forward again, whatever the test left behind."""
    yield
    migrate()


def dependent_apps():
    """The apps (other than wagtail-news) with migrations that depend on
    wagtail-news's; they go back to zero with it."""
    graph = MigrationExecutor(connection).loader.graph
    labels = set()
    for node in graph.leaf_nodes():
        for app_label, _name in graph.forwards_plan(node):
            if app_label == "wagtail_news":
                labels.add(node[0])
    labels.discard("wagtail_news")
    return labels


def test_backwards_to_zero_and_forwards_again(fully_migrated_after):
    tables = news_tables()
    assert tables and tables <= existing_tables()
    assert applied("wagtail_news")[-1] == latest("wagtail_news")
    dependants = dependent_apps()
    if settings.WITH_HEADLESS_PREVIEW:
        assert "wagtail_news_headless_test" in dependants
    dependant_tables = {
        model._meta.db_table
        for label in dependants
        for model in apps.get_app_config(label).get_models()
        if not model._meta.proxy
    }

    # Roll the apps that depend on wagtail-news back first, then wagtail-news.
    for label in sorted(dependants):
        migrate(label, "zero")
    migrate("wagtail_news", "zero")

    assert applied("wagtail_news") == []
    assert not tables & existing_tables()
    assert not dependant_tables & existing_tables()

    migrate()

    assert applied("wagtail_news")[-1] == latest("wagtail_news")
    assert tables <= existing_tables()
    assert dependant_tables <= existing_tables()


def test_step_back_and_forward_of_0004_keeps_articles(site, fully_migrated_after):
    from wagtail_news.models import ImportedArticle, NewsArticlePage

    section = factories.make_section(site.root_page, "Economy")
    article = factories.make_article(section, "Grain harvest")
    ImportedArticle.objects.create(
        source="wire", external_id="1", checksum="0" * 64, locale=article.locale, page=article
    )
    imported_table = ImportedArticle._meta.db_table
    assert imported_table in existing_tables()

    migrate("wagtail_news", "0003")

    assert "0004_imported_articles" not in applied("wagtail_news")
    assert imported_table not in existing_tables()
    assert NewsArticlePage.objects.get(pk=article.pk).title == "Grain harvest"

    migrate("wagtail_news", "0004")

    assert imported_table in existing_tables()
    assert not ImportedArticle.objects.exists()
    assert NewsArticlePage.objects.get(pk=article.pk).title == "Grain harvest"
    # The table is usable again.
    ImportedArticle.objects.create(
        source="wire", external_id="1", checksum="1" * 64, locale=article.locale, page=article
    )
    assert ImportedArticle.objects.get(page=article).checksum == "1" * 64
