"""System checks of the caches that wagtail-news needs shared between
processes (``wagtail_news.E006``, ``E007``, ``W002``, ``W003``, ``W004``)."""

import io

import pytest
from django.core import checks as django_checks
from django.core.management import call_command
from django.test import override_settings

from wagtail_news import checks

LOCMEM = "django.core.cache.backends.locmem.LocMemCache"
DUMMY = "django.core.cache.backends.dummy.DummyCache"
FILES = "django.core.cache.backends.filebased.FileBasedCache"
DATABASE = "django.core.cache.backends.db.DatabaseCache"
REDIS = "django_redis.cache.RedisCache"


def ids(messages):
    return sorted(m.id for m in messages)


def run(caches, news=None):
    with override_settings(CACHES=caches, WAGTAIL_NEWS=news or {}):
        return checks.check_caches(None)


def shared(tmp_path, **options):
    """A file-based cache: one folder that every process on the machine reads."""
    return {"BACKEND": FILES, "LOCATION": str(tmp_path / "cache"), "OPTIONS": options}


def test_the_default_local_memory_cache_warns_for_lists_and_visitor_keys():
    # Django's default CACHES: one LocMemCache of 300 entries, per process.
    messages = run({"default": {"BACKEND": LOCMEM}})
    assert ids(messages) == ["wagtail_news.W002", "wagtail_news.W002", "wagtail_news.W004"]
    per_process = [m for m in messages if m.id == "wagtail_news.W002"]
    assert "WAGTAIL_NEWS['LIST_CACHE']" in per_process[0].msg
    assert "'Last news'" in per_process[0].msg
    assert "WAGTAIL_NEWS['VIEW_COUNT_VISITOR_CACHE']" in per_process[1].msg
    assert all(isinstance(m, django_checks.Warning) for m in messages)
    [too_small] = [m for m in messages if m.id == "wagtail_news.W004"]
    assert "at most 300 entries" in too_small.msg
    assert "1800 or more" in too_small.hint


def test_the_test_settings_local_memory_cache_warns():
    """The test suite runs in one process per database, with the default
    LocMemCache: the check says so (it would in a deployed site)."""
    assert "wagtail_news.W002" in ids(checks.check_caches(None))


def test_a_shared_cache_of_a_window_of_keys_passes(tmp_path):
    assert run({"default": shared(tmp_path, MAX_ENTRIES=1800)}) == []
    database = {"BACKEND": DATABASE, "LOCATION": "news_cache", "OPTIONS": {"MAX_ENTRIES": 1800}}
    assert run({"default": database}) == []
    assert run({"default": {"BACKEND": REDIS, "LOCATION": "redis://127.0.0.1:6379/13"}}) == []


def test_a_culling_cache_must_hold_one_key_per_second_of_the_window(tmp_path):
    caches = {"default": shared(tmp_path, MAX_ENTRIES=1799)}
    assert ids(run(caches)) == ["wagtail_news.W004"]
    assert run(caches, {"VIEW_COUNT_WINDOW": 600}) == []
    database = {"default": {"BACKEND": DATABASE, "LOCATION": "news_cache"}}
    assert ids(run(database)) == ["wagtail_news.W004"]  # MAX_ENTRIES: 300 by default
    database["default"]["OPTIONS"] = {"MAX_ENTRIES": 5000}
    assert run(database) == []


def test_a_large_local_memory_cache_is_still_per_process():
    caches = {"default": {"BACKEND": LOCMEM, "OPTIONS": {"MAX_ENTRIES": 100_000}}}
    assert ids(run(caches)) == ["wagtail_news.W002", "wagtail_news.W002"]


def test_only_the_caches_that_wagtail_news_uses_are_checked(tmp_path):
    caches = {
        "default": {"BACKEND": LOCMEM},
        "news": shared(tmp_path, MAX_ENTRIES=5000),
    }
    news = {"LIST_CACHE": "news", "VIEW_COUNT_VISITOR_CACHE": "news"}
    assert run(caches, news) == []
    messages = run(caches, {"VIEW_COUNT_VISITOR_CACHE": "news"})
    assert ids(messages) == ["wagtail_news.W002"]
    assert "WAGTAIL_NEWS['LIST_CACHE'] uses the cache 'default'" in messages[0].msg


def test_a_dummy_visitor_cache_counts_every_view(tmp_path):
    caches = {"default": shared(tmp_path, MAX_ENTRIES=5000), "none": {"BACKEND": DUMMY}}
    messages = run(caches, {"VIEW_COUNT_VISITOR_CACHE": "none"})
    assert ids(messages) == ["wagtail_news.W003"]
    assert "every view of an article is counted" in messages[0].msg
    # Lists without a cache are built on every request: slower, never stale.
    assert run(caches, {"LIST_CACHE": "none"}) == []


def test_an_unknown_cache_alias_is_an_error(tmp_path):
    caches = {"default": shared(tmp_path, MAX_ENTRIES=5000)}
    for key in ("LIST_CACHE", "VIEW_COUNT_VISITOR_CACHE", "VIEW_COUNT_BUFFER"):
        messages = run(caches, {key: "nowhere"})
        assert ids(messages) == ["wagtail_news.E006"]
        assert f"WAGTAIL_NEWS['{key}'] names the cache 'nowhere'" in messages[0].msg
        assert isinstance(messages[0], django_checks.Error)


def test_the_view_buffer_must_be_django_redis(tmp_path):
    caches = {
        "default": shared(tmp_path, MAX_ENTRIES=5000),
        "memory": {"BACKEND": LOCMEM},
        "redis": {"BACKEND": REDIS, "LOCATION": "redis://127.0.0.1:6379/13"},
    }
    messages = run(caches, {"VIEW_COUNT_BUFFER": "memory"})
    assert ids(messages) == ["wagtail_news.E007"]
    assert "a LocMemCache: the view buffer needs a django-redis cache" in messages[0].msg
    assert run(caches, {"VIEW_COUNT_BUFFER": "redis"}) == []
    assert run(caches, {"VIEW_COUNT_BUFFER": "redis", "VIEW_COUNT_VISITOR_CACHE": "redis"}) == []


def test_a_wrong_type_is_left_to_the_settings_check(tmp_path):
    caches = {"default": shared(tmp_path, MAX_ENTRIES=5000)}
    assert run(caches, {"LIST_CACHE": 3, "VIEW_COUNT_WINDOW": "long"}) == []
    assert run(caches, {"NOT_A_SETTING": 1}) == []


@pytest.mark.parametrize("silenced", [[], ["wagtail_news.W002"]])
def test_the_warnings_are_registered_and_silenced_the_django_way(silenced):
    caches = {"default": {"BACKEND": LOCMEM, "OPTIONS": {"MAX_ENTRIES": 5000}}}
    out, err = io.StringIO(), io.StringIO()
    with override_settings(CACHES=caches, WAGTAIL_NEWS={}, SILENCED_SYSTEM_CHECKS=silenced):
        call_command("check", "--tag", "caches", stdout=out, stderr=err)
    output = out.getvalue() + err.getvalue()
    assert output.count("wagtail_news.W002") == (0 if silenced else 2)
