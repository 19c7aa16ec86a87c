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

    # Remove the site and welcome page that Wagtail's migrations create.
    Site.objects.all().delete()
    Page.objects.filter(depth__gt=1).delete()
    site, home = factories.make_site()
    return site


@pytest.fixture
def home(site):
    return site.root_page.specific


@pytest.fixture
def section(home):
    return factories.make_section(home, "Economy")
