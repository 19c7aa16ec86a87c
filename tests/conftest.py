import shutil

import pytest
from django.conf import settings

from tests import factories


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    yield
    shutil.rmtree(tmp_path / "media", ignore_errors=True)


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request to ``/ru/…`` leaves
    Russian active in the test thread (LocaleMiddleware activates it)."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


#: Feature tests that run against both model sets (``factories.MODEL_SETS``):
#: the app's concrete models and the README's recipe on a site's base page.
BOTH_MODEL_SETS = {
    "test_admin",
    "test_api_v2",
    "test_api_v2_queries",
    "test_api_v3",
    "test_archives",
    "test_cached_counts",
    "test_control_characters",
    "test_feeds",
    "test_import_bulk",
    "test_import_news",
    "test_import_safety",
    "test_last_news",
    "test_listing",
    "test_most_read",
    "test_queries",
    "test_related",
    "test_report_permissions",
    "test_search",
    "test_sitemaps",
    "test_view_admin",
    "test_view_counting",
    "test_view_publishing",
}


def pytest_generate_tests(metafunc):
    if "news_models" in metafunc.fixturenames:
        module = metafunc.module.__name__.rpartition(".")[2]
        names = list(factories.MODEL_SETS) if module in BOTH_MODEL_SETS else ["concrete"]
        metafunc.parametrize("news_models", names, indirect=True)


@pytest.fixture(autouse=True)
def news_models(request):
    """The model set (``factories.MODEL_SETS``) that ``section`` and the
    factories build: both sets in the feature tests (``BOTH_MODEL_SETS``)."""
    name = getattr(request, "param", "concrete")
    factories.use_model_set(name)
    yield name
    factories.use_model_set("concrete")


@pytest.fixture
def locales(db):
    return {code: factories.locale(code) for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES}


@pytest.fixture
def site(db, locales):
    from wagtail.models import Page, Site

    # Remove the site and welcome page that Wagtail's migrations create
    # (a transactional test starts with an empty database: add the root).
    Site.objects.all().delete()
    Page.objects.filter(depth__gt=1).delete()
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=locales["en"]))
    site, home = factories.make_site()
    return site


@pytest.fixture
def home(site):
    return site.root_page.specific


@pytest.fixture
def section(home):
    return factories.make_section(home, "Economy")


def redis_available():
    try:
        from django_redis import get_redis_connection

        get_redis_connection("news_buffer").ping()
        return True
    except Exception:  # noqa: BLE001 - any failure means "no server here"
        return False


def _clear_redis_keys(settings):
    """Delete this test run's keys (its ``KEY_PREFIX``) from the Redis server;
    the Redis client, or a skip when no server answers."""
    if not redis_available():
        pytest.skip("no Redis server on 127.0.0.1:6379")
    from django_redis import get_redis_connection

    client = get_redis_connection("news_buffer")
    prefix = settings.CACHES["news_buffer"]["KEY_PREFIX"]
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)
    return client


@pytest.fixture(params=["buffer-only", "visitor-keys-too"])
def redis_buffer(request, settings):
    """Buffered counting against the real Redis server; skips without one.

    Twice: with the visitor keys in the default (local memory) cache, so
    that each step is its own call, and with the buffer as the visitor
    cache too, so that one Redis script decides and counts
    (``wagtail_news.counting.redis_path``).
    """
    client = _clear_redis_keys(settings)
    news = {"VIEW_COUNT_BUFFER": "news_buffer"}
    if request.param == "visitor-keys-too":
        news["VIEW_COUNT_VISITOR_CACHE"] = "news_buffer"
    settings.WAGTAIL_NEWS = news
    yield client
    _clear_redis_keys(settings)


@pytest.fixture
def redis_default_cache(settings):
    """The real Redis server as the default cache (visitor keys, cached
    answers, lists): counting decides in one Redis script and writes to the
    database. Skips without a server."""
    _clear_redis_keys(settings)
    settings.CACHES = {**settings.CACHES, "default": settings.CACHES["news_buffer"]}
    yield
    _clear_redis_keys(settings)


@pytest.fixture
def postgres(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")


@pytest.fixture
def api_settings(settings):
    """Settings of the API tests: pages of up to 50, and no LocaleMiddleware.
    With a catch-all Wagtail route in ``i18n_patterns``, LocaleMiddleware
    turns any 404 outside them into a redirect to "/en/…": without it the
    API's own answers are seen."""
    settings.WAGTAILAPI_LIMIT_MAX = 50
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "LocaleMiddleware" not in m]
    return settings


@pytest.fixture
def newsroom(section, home, locales):
    """The fuzz tests' site: articles, and the pages that must never leak
    (``tests.fuzzing.build_newsroom``)."""
    from tests import fuzzing

    return fuzzing.build_newsroom(section, home, locales)
