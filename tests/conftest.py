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


@pytest.fixture
def redis_buffer(settings):
    """Buffered counting against the real Redis server; skips without one."""
    if not redis_available():
        pytest.skip("no Redis server on 127.0.0.1:6379")
    from django_redis import get_redis_connection

    client = get_redis_connection("news_buffer")
    prefix = settings.CACHES["news_buffer"]["KEY_PREFIX"]

    def clear():
        for key in client.scan_iter(f"{prefix}*"):
            client.delete(key)

    clear()
    settings.WAGTAIL_NEWS = {"VIEW_COUNT_BUFFER": "news_buffer"}
    yield client
    clear()


@pytest.fixture
def postgres(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")
