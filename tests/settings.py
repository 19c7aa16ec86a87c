"""Settings for wagtail-news's test suite.

DATABASE_URL selects the database (SQLite in memory by default);
WAGTAIL_NEWS_TEST_LOCALIZE=0 runs the suite without wagtail-localize.
"""

import importlib.util
import os

import dj_database_url
import wagtail

BASE_DIR = os.path.dirname(os.path.abspath(__file__))

SECRET_KEY = "wagtail-news-tests-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]

WITH_LOCALIZE = (
    os.environ.get("WAGTAIL_NEWS_TEST_LOCALIZE", "1") != "0"
    and importlib.util.find_spec("wagtail_localize") is not None
)
# The ``headless-preview`` extra: a site's own article page with wagtail-headless-preview.
WITH_HEADLESS_PREVIEW = importlib.util.find_spec("wagtail_headless_preview") is not None

# Wagtail 8's API v3 (Django Ninja), mounted at /api/v3/ by tests/urls.py;
# WAGTAIL_NEWS_TEST_API_V3=0 leaves it out, as on Wagtail 7.4.
WAGTAIL_API_V3 = (
    wagtail.VERSION >= (8, 0) and os.environ.get("WAGTAIL_NEWS_TEST_API_V3", "1") != "0"
)

INSTALLED_APPS = [
    "wagtail_news",
    "tests.testapp",
    "tests.recipe",
    *(["wagtail_localize", "wagtail_localize.locales"] if WITH_LOCALIZE else ["wagtail.locales"]),
    *(["wagtail_headless_preview", "tests.headlessapp"] if WITH_HEADLESS_PREVIEW else []),
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.contrib.settings",
    "wagtail.api.v2",
    *(["wagtail.api.v3", "ninja"] if WAGTAIL_API_V3 else []),
    "rest_framework",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "tests.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [os.path.join(BASE_DIR, "templates")],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(default="sqlite://:memory:", conn_max_age=0),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers wait for SQLite's lock (up to 20 s) instead of
    # failing with "database is locked"; transactions take the write lock
    # when they begin, so two of them never deadlock upgrading a read lock.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("WAGTAIL_NEWS_TEST_REDIS", "redis://127.0.0.1:6379/13")

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Used only by the tests marked ``redis``, which skip when no server answers.
    "news_buffer": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": f"wagtail-news-tests-{os.getpid()}",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 5},
    },
}

# The suite runs each test database in one process: its per-process memory
# cache is what wagtail-news's cache checks warn about on a deployed site.
SILENCED_SYSTEM_CHECKS = ["wagtail_news.W002", "wagtail_news.W004"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

USE_TZ = True
TIME_ZONE = "UTC"
USE_I18N = True
LANGUAGE_CODE = "en"
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES = [
    ("en", "English"),
    ("ru", "Русский"),
    ("tk", "Türkmençe"),
]

STATIC_URL = "/static/"
STATIC_ROOT = os.path.join(BASE_DIR, "test-static")
MEDIA_URL = "/media/"
MEDIA_ROOT = os.path.join(BASE_DIR, "test-media")

WAGTAIL_SITE_NAME = "wagtail-news tests"
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

WAGTAIL_NEWS = {}
