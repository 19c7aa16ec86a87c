"""``VIEW_COUNT_MAX_PER_ADDRESS``: one client address cannot raise an
article's count without limit by changing its user agent; the address is
kept only as a keyed hash. Every test on each counting path: the Django
cache (one call per step), the Redis script writing to the database, and
the Redis script counting in the buffer."""

import time

import pytest
from django.core.cache import caches
from django.core.management import call_command

from tests import factories
from tests.test_view_counting import BROWSER, beacon
from wagtail_news.counting import get_view_count
from wagtail_news.models import PageViewTotal

IP = "203.0.113.77"


def agent(n):
    return BROWSER.replace("Chrome/126.0", f"Chrome/126.{n}")


@pytest.fixture(params=["cache", "redis-script", "redis-script-buffer"])
def counting_path(request, settings):
    """Sets ``WAGTAIL_NEWS`` for one path; call it with the extra settings."""
    if request.param != "cache":  # Redis as the default cache too; skips without a server
        request.getfixturevalue("redis_default_cache")
    base = {}
    if request.param == "redis-script-buffer":
        base = {"VIEW_COUNT_BUFFER": "news_buffer", "VIEW_COUNT_VISITOR_CACHE": "news_buffer"}

    def use(**news):
        settings.WAGTAIL_NEWS = {**base, **news}

    use.name = request.param
    return use


@pytest.fixture
def article(section):
    return factories.make_article(section, "Capped")


@pytest.mark.django_db
def test_an_address_counts_at_most_the_limit_per_article(client, counting_path, article, section):
    counting_path(VIEW_COUNT_MAX_PER_ADDRESS=3)
    answers = [beacon(client, article.pk, ip=IP, ua=agent(n)).json() for n in range(6)]
    assert [a["counted"] for a in answers] == [True, True, True, False, False, False]
    assert [a["views"] for a in answers] == [1, 2, 3, 3, 3, 3]
    # A seen visitor does not use up the address's views.
    assert beacon(client, article.pk, ip=IP, ua=agent(0)).json() == {"counted": False, "views": 3}
    # Other addresses, and other articles from the same address, still count.
    assert beacon(client, article.pk, ip="203.0.113.78").json() == {"counted": True, "views": 4}
    other = factories.make_article(section, "Other")
    assert beacon(client, other.pk, ip=IP, ua=agent(9)).json() == {"counted": True, "views": 1}
    assert get_view_count(article.pk) == 4
    if counting_path.name == "redis-script-buffer":
        call_command("flush_news_views", verbosity=0)
    assert PageViewTotal.objects.get(page_id=article.pk).count == 4


@pytest.mark.django_db
def test_without_a_limit_every_user_agent_counts(client, counting_path, article):
    counting_path()
    answers = [beacon(client, article.pk, ip=IP, ua=agent(n)).json() for n in range(8)]
    assert [a["counted"] for a in answers] == [True] * 8
    assert get_view_count(article.pk) == 8


@pytest.mark.django_db
def test_the_limit_starts_again_after_the_window(client, counting_path, article):
    counting_path(VIEW_COUNT_MAX_PER_ADDRESS=1, VIEW_COUNT_WINDOW=1)
    assert beacon(client, article.pk, ip=IP, ua=agent(1)).json()["counted"] is True
    assert beacon(client, article.pk, ip=IP, ua=agent(2)).json()["counted"] is False
    time.sleep(1.1)
    assert beacon(client, article.pk, ip=IP, ua=agent(3)).json() == {"counted": True, "views": 2}


@pytest.mark.django_db
def test_the_address_is_kept_only_as_a_keyed_hash(client, counting_path, article, settings):
    counting_path(VIEW_COUNT_MAX_PER_ADDRESS=2)
    for n in range(3):
        beacon(client, article.pk, ip=IP, ua=agent(n))
    if counting_path.name == "cache":
        keys = [str(k) for k in caches["default"]._cache]
    else:
        from django_redis import get_redis_connection

        prefix = settings.CACHES["news_buffer"]["KEY_PREFIX"]
        keys = [k.decode() for k in get_redis_connection("news_buffer").scan_iter(f"{prefix}*")]
    address_keys = [k for k in keys if "wagtail_news:address:" in k]
    assert len(address_keys) == 1
    for key in keys:
        assert IP not in key and "203.0.113" not in key and "Chrome" not in key


def test_the_setting_must_be_positive_or_none(settings):
    from wagtail_news.checks import check_settings

    settings.WAGTAIL_NEWS = {"VIEW_COUNT_MAX_PER_ADDRESS": 0}
    assert [e.id for e in check_settings(None)] == ["wagtail_news.E004"]
    settings.WAGTAIL_NEWS = {"VIEW_COUNT_MAX_PER_ADDRESS": "5"}
    assert [e.id for e in check_settings(None)] == ["wagtail_news.E003"]
    settings.WAGTAIL_NEWS = {"VIEW_COUNT_MAX_PER_ADDRESS": None}
    assert check_settings(None) == []
