"""Buffered counting with the buffer's Redis unreachable: pages, the news
APIs and "Most read" fall back to the stored counts (with a warning in the
log), they never answer 500.

The buffer is a real django-redis cache on a local port where nothing
listens: every connection attempt is refused, as with a stopped server.
"""

import logging
import socket

import pytest
from django.conf import settings as django_settings

from tests import factories
from wagtail_news.counting import buffer, get_view_count, views_in_last_days
from wagtail_news.counting.store import add_views, today

pytest.importorskip("django_redis")

NEWS_V2 = "/api/v2/news/"
NEWS_V3 = "/api/v3/news/"


def closed_port():
    """A local TCP port with nothing listening on it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def buffer_down(api_settings, monkeypatch):
    settings = api_settings
    settings.CACHES = {
        **settings.CACHES,
        "unreachable": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        },
    }
    settings.WAGTAIL_NEWS = {"VIEW_COUNT_BUFFER": "unreachable"}
    monkeypatch.setattr(buffer, "_buffers", {})  # no Buffer of another test's server
    return settings


@pytest.fixture
def article(section):
    article = factories.make_article(section, "Stored only")
    add_views(article.pk, today(), 7)
    return article


def warned(caplog):
    return [r for r in caplog.records if "view-count buffer" in r.getMessage()]


@pytest.mark.django_db
def test_article_page_shows_the_stored_count(client, buffer_down, article, caplog):
    caplog.set_level(logging.WARNING, logger="wagtail_news.counting.buffer")
    response = client.get(article.url)
    assert response.status_code == 200
    assert f'data-news-views="{article.pk}">7<'.encode() in response.content
    assert warned(caplog) and warned(caplog)[0].levelno == logging.WARNING


@pytest.mark.django_db
def test_readers_fall_back_to_the_stored_counts(buffer_down, article):
    assert get_view_count(article.pk) == 7
    assert views_in_last_days(article.pk, 7) == 7


@pytest.mark.parametrize(
    "base",
    [
        NEWS_V2,
        pytest.param(
            NEWS_V3,
            marks=pytest.mark.skipif(
                not django_settings.WAGTAIL_API_V3, reason="needs Wagtail's API v3"
            ),
        ),
    ],
    ids=["v2", "v3"],
)
@pytest.mark.django_db
def test_news_api_list_detail_and_most_read(client, buffer_down, article, base):
    listing = client.get(base)
    assert listing.status_code == 200
    assert [item["view_count"] for item in listing.json()["items"]] == [7]
    detail = client.get(f"{base}{article.pk}/")
    assert detail.status_code == 200
    assert detail.json()["view_count"] == 7
    most_read = client.get(f"{base}most-read/")
    assert most_read.status_code == 200
    assert [item["id"] for item in most_read.json()["items"]] == [article.pk]


@pytest.mark.django_db
def test_most_read_block_renders(client, buffer_down, article, section):
    from django.template import Context, Template

    html = Template("{% load wagtail_news_tags %}{% most_read show_views=True %}").render(
        Context({"request": client.get(section.url).wsgi_request, "page": section})
    )
    assert "Stored only" in html


@pytest.mark.django_db
def test_article_page_with_server_side_counting(client, buffer_down, article):
    """Counting in ``serve()`` cannot count without the buffer; the page is
    still served, with the stored count."""
    buffer_down.WAGTAIL_NEWS = {"VIEW_COUNT_BUFFER": "unreachable", "VIEW_COUNT_ON_SERVE": True}
    response = client.get(article.url, REMOTE_ADDR="192.0.2.1", HTTP_USER_AGENT="Mozilla/5.0")
    assert response.status_code == 200
    assert f'data-news-views="{article.pk}">7<'.encode() in response.content
