"""2,000 concurrent beacons from distinct visitors, each thread on its own
PostgreSQL connection: the count rises by exactly 2,000."""

import threading

import pytest
from django.db import connection
from django.test import Client

from tests import factories
from tests.test_view_counting import BROWSER
from wagtail_news.counting import buffer, get_view_count
from wagtail_news.models import PageViewTotal

REQUESTS = 2000
THREADS = 16

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def fire(page_id, requests=REQUESTS, threads=THREADS):
    """Send ``requests`` beacons from distinct IPs over ``threads`` threads;
    return the responses' status codes and how many said "counted"."""
    statuses, counted, lock = [], [0], threading.Lock()

    def worker(offset):
        client = Client()
        try:
            for n in range(offset, requests, threads):
                ip = f"10.{n // 65536}.{n // 256 % 256}.{n % 256}"
                response = client.post(
                    f"/en/news/views/{page_id}/", REMOTE_ADDR=ip, HTTP_USER_AGENT=BROWSER
                )
                with lock:
                    statuses.append(response.status_code)
                    counted[0] += response.json()["counted"]
        finally:
            connection.close()

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return statuses, counted[0]


@pytest.fixture
def hot_article(postgres, section):
    article = factories.make_article(section, "Election night")
    from wagtail_news.counting.store import add_views, today

    add_views(article.pk, today(), 100)  # a count that was already there
    return article


@pytest.mark.parametrize("synchronous_commit", [True, False])
def test_direct_mode_counts_exactly(hot_article, settings, synchronous_commit):
    settings.WAGTAIL_NEWS = {"VIEW_COUNT_SYNCHRONOUS_COMMIT": synchronous_commit}
    statuses, counted = fire(hot_article.pk)
    assert statuses == [200] * REQUESTS
    assert counted == REQUESTS
    assert PageViewTotal.objects.get(page_id=hot_article.pk).count == 100 + REQUESTS
    assert get_view_count(hot_article.pk) == 100 + REQUESTS


def test_buffered_mode_counts_exactly_after_a_flush(hot_article, redis_buffer):
    statuses, counted = fire(hot_article.pk)
    assert statuses == [200] * REQUESTS
    assert counted == REQUESTS
    assert PageViewTotal.objects.get(page_id=hot_article.pk).count == 100  # still buffered
    assert get_view_count(hot_article.pk) == 100 + REQUESTS
    assert buffer.flush() == REQUESTS
    assert PageViewTotal.objects.get(page_id=hot_article.pk).count == 100 + REQUESTS
    assert get_view_count(hot_article.pk) == 100 + REQUESTS
