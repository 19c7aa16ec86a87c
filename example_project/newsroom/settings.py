"""Settings of the wagtail-news example site ("Newsroom").

Development defaults; override with environment variables:

- ``DATABASE_URL``: any URL that ``dj_database_url`` understands
  (default: SQLite at ``example_project/db.sqlite3``);
- ``DJANGO_SECRET_KEY``;
- ``DJANGO_DEBUG=0`` turns debug off;
- ``DJANGO_ALLOWED_HOSTS``: extra host names, comma-separated;
- ``DJANGO_MEDIA_ROOT``: where uploaded and demo pictures go
  (default: ``example_project/media``);
- ``DJANGO_CACHE_DIR``: the cache folder (see ``CACHES``).
"""

import hashlib
import os
import tempfile
from pathlib import Path

import dj_database_url
import wagtail

PROJECT_DIR = Path(__file__).resolve().parent  # example_project/newsroom
BASE_DIR = PROJECT_DIR.parent  # example_project

SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY", "django-insecure-wagtail-news-example-site-not-for-production"
)
DEBUG = os.environ.get("DJANGO_DEBUG", "1") != "0"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"] + [
    host.strip() for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if host.strip()
]

# Wagtail 8 ships a read/write API (v3, built on Django Ninja); Wagtail 7.4 does not.
WAGTAIL_API_V3 = wagtail.VERSION >= (8, 0)

INSTALLED_APPS = [
    "home",
    "wagtail_news",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
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
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "newsroom.middleware.SiteLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "").strip() or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=True,
    ),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers (view counts, editors) wait for SQLite's lock (up to
    # 20 s) instead of failing with "database is locked"; transactions take
    # the write lock when they begin, so two never deadlock upgrading a read lock.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache_dir(database):
    """The cache folder of ``database``: next to an SQLite file
    (``db.sqlite3`` -> ``db-cache/``), else one per database in the temporary
    folder, so that a new database never reads another's cached lists or
    visitor keys."""
    name = str(database.get("NAME") or "")
    if database.get("ENGINE", "").endswith("sqlite3") and name and name != ":memory:":
        path = Path(name)
        return path.with_name(f"{path.stem}-cache")
    digest = hashlib.sha256(repr((database.get("HOST"), name)).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"newsroom-cache-{digest}"


# Files that every process of the site shares: the server, and the shell or
# ``publish_scheduled`` that publishes an article, whose invalidation of
# "Last news" and of the counting answers the server must see (wagtail-news's
# checks W002 and W004). Room for a view a second over the counting window.
# The production settings use Redis.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(os.environ.get("DJANGO_CACHE_DIR") or cache_dir(DATABASES["default"])),
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: every page lives under its language prefix (/en/, /ru/, /tk/).
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en"
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES = [
    ("en", "English"),
    ("ru", "Русский"),
    ("tk", "Türkmençe"),
]
LOCALE_PATHS = [PROJECT_DIR / "locale"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = BASE_DIR / "static_collected"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

# Wagtail
WAGTAIL_SITE_NAME = "Newsroom"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
# Long StreamField bodies post many form fields from the editor.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

TAGGIT_CASE_INSENSITIVE = True

# wagtail-news: every key and its default is listed in the settings table of
# the project's README.md ("Settings"). The defaults suit this site.
WAGTAIL_NEWS = {}

# Keep the demo offline: no update check against wagtail.org, no Gravatar avatars.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
