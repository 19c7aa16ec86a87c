import datetime

import pytest
from wagtail.models import PageViewRestriction

from tests import factories
from wagtail_news.counting import add_view, get_view_count, most_read, views_in_last_days
from wagtail_news.counting.store import add_views, today
from wagtail_news.models import PageViewDay, PageViewTotal


@pytest.mark.django_db
def test_add_view_increments_total_and_day(section):
    article = factories.make_article(section, "Counted")
    assert get_view_count(article.pk) == 0
    assert add_view(article.pk) == 1
    assert add_view(article.pk) == 2
    assert PageViewTotal.objects.get(page_id=article.pk).count == 2
    assert PageViewDay.objects.get(page_id=article.pk, day=today()).count == 2
    assert get_view_count(article.pk) == 2


@pytest.mark.django_db
def test_days_window_and_most_read(locales, home, section):
    a, b, c = (factories.make_article(section, t) for t in ("A", "B", "C"))
    old = today() - datetime.timedelta(days=10)
    add_views(a.pk, old, 100)  # outside a 7-day window
    add_views(a.pk, today(), 1)
    add_views(b.pk, today() - datetime.timedelta(days=6), 5)
    add_views(c.pk, today(), 3)
    assert views_in_last_days(a.pk, 7) == 1
    assert views_in_last_days(a.pk, 30) == 101
    assert [(p.title, p.window_views) for p in most_read(locales["en"], days=7)] == [
        ("B", 5),
        ("C", 3),
        ("A", 1),
    ]
    assert [p.title for p in most_read(locales["en"], days=30, limit=1)] == ["A"]
    assert most_read(locales["ru"], days=7) == []
    PageViewRestriction.objects.create(page=b, restriction_type="login")
    c.unpublish()
    assert [p.title for p in most_read(locales["en"], days=7)] == ["A"]


@pytest.mark.django_db
def test_most_read_is_one_query(django_assert_num_queries, locales, section):
    for n, article in enumerate(factories.make_articles(section, 5, revision=False)):
        add_views(article.pk, today(), n + 1)
    with django_assert_num_queries(1):
        assert len(most_read(locales["en"], days=7)) == 5


def upsert_one_view(article):
    """The PostgreSQL counting statement's row for one view of ``article``."""
    from django.db import connection

    from wagtail_news.counting.store import _postgresql_upsert

    with connection.cursor() as cursor:
        return tuple(_postgresql_upsert(cursor, [article.pk, today(), 1, article.pk, 1]))


def show_synchronous_commit():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_asynchronous_commit_applies_to_the_counting_statement_only(postgres, section, settings):
    """By default the upsert runs with synchronous_commit off (it says so in
    its row); the connection, and any transaction of the site's, keep
    theirs. ``VIEW_COUNT_SYNCHRONOUS_COMMIT = True`` waits for the disk."""
    from django.db import transaction

    article = factories.make_article(section, "Counted without waiting for the disk")
    settings.WAGTAIL_NEWS = {}

    assert upsert_one_view(article) == (1, "off")
    assert show_synchronous_commit() == "on"
    assert add_view(article.pk) == 2
    with transaction.atomic():  # ATOMIC_REQUESTS: the site's transaction is left alone
        assert add_view(article.pk) == 3
        assert show_synchronous_commit() == "on"
    assert show_synchronous_commit() == "on"
    assert PageViewTotal.objects.get(page_id=article.pk).count == 3
    assert PageViewDay.objects.get(page_id=article.pk, day=today()).count == 3
    settings.WAGTAIL_NEWS = {"VIEW_COUNT_SYNCHRONOUS_COMMIT": True}
    assert upsert_one_view(article) == (4,)


@pytest.mark.django_db(transaction=True)
def test_asynchronous_commit_with_server_side_binding(postgres, section):
    """psycopg's server-side binding sends one statement per query: the
    SET LOCAL and the upsert then go in a transaction of their own."""
    from django.db import connection

    article = factories.make_article(section, "Counted through prepared statements")
    options = connection.settings_dict.setdefault("OPTIONS", {})
    connection.close()
    options["server_side_binding"] = True
    try:
        with connection.cursor() as cursor:
            assert type(cursor.cursor).__name__ == "ServerBindingCursor"
        assert upsert_one_view(article) == (1, "off")
        assert show_synchronous_commit() == "on"
        assert add_view(article.pk) == 2
    finally:
        connection.close()
        options.pop("server_side_binding")
    assert PageViewTotal.objects.get(page_id=article.pk).count == 2
