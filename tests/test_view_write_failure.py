"""A storage failure while counting: the beacon answers a JSON 503 with
``Retry-After`` and gives the visitor's window back, so that the retry
counts; server-side counting serves the page anyway.

The database fails for real: a view-count table is renamed away for the
failing request (the daily counts, written first, for a failing write; the
totals for a failing read) (a transactional test, so that the failed statement aborts
no surrounding transaction). Redis fails for real too: a cache alias on a
port where no server listens.
"""

import logging
import socket
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client

from tests import factories
from tests.test_view_counting import BROWSER, beacon
from wagtail_news.counting import get_view_count
from wagtail_news.models import PageViewDay, PageViewTotal

pytestmark = pytest.mark.django_db(transaction=True)

LOGGER = "wagtail_news.counting.recording"
VISITOR = {"REMOTE_ADDR": "198.51.100.7", "HTTP_USER_AGENT": BROWSER}


@pytest.fixture(autouse=True, params=["cache", "redis-script"])
def counting_cache(request):
    """Visitor keys in Django's local-memory cache, and in Redis (one script
    takes the key; see ``wagtail_news.counting.redis_path``)."""
    if request.param == "redis-script":
        request.getfixturevalue("redis_default_cache")
    return request.param


@pytest.fixture
def client():
    """Django's test client answering a view's exception with the 500 a
    reader would get, not re-raising it."""
    return Client(raise_request_exception=False)


@pytest.fixture
def article(section):
    return factories.make_article(section, "Counted")


@contextmanager
def table_missing(model):
    """``model``'s table is gone while the block runs: every write to it fails
    with the database's own error."""
    table = connection.ops.quote_name(model._meta.db_table)
    hidden = connection.ops.quote_name(model._meta.db_table + "_away")
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} RENAME TO {hidden}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {hidden} RENAME TO {table}")


def dead_redis_port():
    """A local port where no server listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def dead_redis(settings):
    """A django-redis cache alias whose server is down."""
    settings.CACHES = {
        **settings.CACHES,
        "dead_redis": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{dead_redis_port()}/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        },
    }
    return "dead_redis"


def assert_unavailable(response):
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"message": "Views cannot be counted right now; try again later."}
    assert int(response["Retry-After"]) > 0
    assert "no-store" in response["Cache-Control"]


def test_failed_write_answers_503_and_the_retry_counts(client, article, caplog):
    beacon(client, article.pk, ip="198.51.100.1")  # the page's answer is cached now
    with caplog.at_level(logging.WARNING, logger=LOGGER), table_missing(PageViewDay):
        response = beacon(client, article.pk)
    assert_unavailable(response)
    assert [r.levelno for r in caplog.records if r.name == LOGGER] == [logging.WARNING]
    assert f"view of page {article.pk} not counted" in caplog.text
    assert get_view_count(article.pk) == 1  # nothing half-written

    # The same visitor's retry counts, once.
    assert beacon(client, article.pk).json() == {"counted": True, "views": 2}
    assert beacon(client, article.pk).json() == {"counted": False, "views": 2}
    assert PageViewTotal.objects.get(page_id=article.pk).count == 2


def test_failed_first_beacon_of_an_article_answers_503(client, article):
    """Also when the article's answer is not cached yet (the path that asks
    the database whether the page may be counted)."""
    with table_missing(PageViewDay):
        assert_unavailable(beacon(client, article.pk))
    assert beacon(client, article.pk).json() == {"counted": True, "views": 1}


def test_failed_read_of_a_refused_view_answers_503(client, article):
    """A view the rules refuse still reads the total: a failing read is a 503
    too, and the visitor's window (taken by the first view) stays taken."""
    assert beacon(client, article.pk).json()["counted"] is True
    with table_missing(PageViewTotal):
        assert_unavailable(beacon(client, article.pk))
    assert beacon(client, article.pk).json() == {"counted": False, "views": 1}


def test_server_side_counting_serves_the_page_when_the_count_fails(
    client, article, settings, caplog
):
    settings.WAGTAIL_NEWS = {"VIEW_COUNT_ON_SERVE": True}
    url = article.get_url()
    with caplog.at_level(logging.WARNING, logger=LOGGER), table_missing(PageViewDay):
        response = client.get(url, REMOTE_ADDR="198.51.100.7", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200
    assert article.title in response.text
    assert f"view of page {article.pk} not counted" in caplog.text
    # The failed count took no window: the reader's next visit counts.
    assert client.get(url, REMOTE_ADDR="198.51.100.7", HTTP_USER_AGENT=BROWSER).status_code == 200
    assert get_view_count(article.pk) == 1


def test_buffer_on_a_dead_redis_answers_503_and_gives_the_window_back(
    client, article, settings, dead_redis, counting_cache, caplog
):
    news = {"VIEW_COUNT_BUFFER": dead_redis}
    settings.WAGTAIL_NEWS = news
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert_unavailable(beacon(client, article.pk))
    assert f"view of page {article.pk} not counted" in caplog.text
    settings.WAGTAIL_NEWS = {}  # the buffer is back (here: counting goes direct)
    assert beacon(client, article.pk).json() == {"counted": True, "views": 1}


def test_visitor_cache_on_a_dead_redis_answers_503(client, article, settings, dead_redis):
    settings.WAGTAIL_NEWS = {"VIEW_COUNT_VISITOR_CACHE": dead_redis}
    assert_unavailable(beacon(client, article.pk))
    assert get_view_count(article.pk) == 0


def test_api_beacons_answer_503_and_the_retry_counts(client, article, api_settings):
    """The beacons of the news API: v2 answers as the beacon view, v3 with
    Wagtail's problem answer; both with ``Retry-After``."""
    with table_missing(PageViewDay):
        assert_unavailable(client.post(f"/api/v2/news/{article.pk}/views/", **VISITOR))
    assert client.post(f"/api/v2/news/{article.pk}/views/", **VISITOR).json() == {
        "counted": True,
        "views": 1,
    }
    if not api_settings.WAGTAIL_API_V3:
        return
    other = {**VISITOR, "REMOTE_ADDR": "198.51.100.9"}
    with table_missing(PageViewDay):
        response = client.post(f"/api/v3/news/{article.pk}/views/", **other)
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 503
    assert int(response["Retry-After"]) > 0
    assert "no-store" in response["Cache-Control"]
    response = client.post(f"/api/v3/news/{article.pk}/views/", **other)
    assert response.json() == {"counted": True, "views": 2}


def test_server_side_counting_in_the_sites_transaction(client, article, settings, monkeypatch):
    """With ``ATOMIC_REQUESTS`` the page renders in one transaction: a failed
    count must not leave it broken (PostgreSQL refuses every later query
    of an aborted transaction)."""
    monkeypatch.setitem(connection.settings_dict, "ATOMIC_REQUESTS", True)
    settings.WAGTAIL_NEWS = {"VIEW_COUNT_ON_SERVE": True}
    with table_missing(PageViewDay):
        response = client.get(article.get_url(), **VISITOR)
    assert response.status_code == 200
    assert article.title in response.text
    assert client.get(article.get_url(), **VISITOR).status_code == 200
    assert get_view_count(article.pk) == 1
