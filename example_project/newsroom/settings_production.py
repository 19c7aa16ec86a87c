"""Production settings of the example site: the development settings made
safe to serve on the internet (``manage.py check --deploy`` is clean).

    DJANGO_SETTINGS_MODULE=newsroom.settings_production \\
    DJANGO_SECRET_KEY=… DJANGO_ALLOWED_HOSTS=news.example.org \\
    DATABASE_URL=postgres://… REDIS_URL=redis://127.0.0.1:6379 \\
    gunicorn newsroom.wsgi

Required, or the settings refuse to load (ImproperlyConfigured):

- ``DJANGO_SECRET_KEY``: at least 50 characters;
- ``DJANGO_ALLOWED_HOSTS``: the site's host names, comma-separated, without
  empty entries; the first is the site's address (``https://<first>``);
- ``DATABASE_URL``: the database (PostgreSQL); the connections are kept
  (``CONN_MAX_AGE``) and checked before each request reuses them, so that a
  database restart costs no failed request;
- ``REDIS_URL``: Redis (django-redis), the cache that every app server and
  management command shares: visitor keys, cached lists and answers, and the
  view buffer.
"""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .settings import *  # noqa: F403


def required(name, example):
    """The environment variable ``name``, stripped; a clear error without it."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set {name} ({example}).")
    return value


def allowed_hosts(value):
    """``DJANGO_ALLOWED_HOSTS``: comma-separated names, none of them empty,
    the first a host name (the site's address, not a pattern)."""
    hosts = [host.strip() for host in value.split(",")]
    if "" in hosts:
        raise ImproperlyConfigured(
            f"DJANGO_ALLOWED_HOSTS={value!r} has an empty entry: list the site's host "
            "names separated by commas (news.example.org,www.example.org)."
        )
    if hosts[0] == "*" or hosts[0].startswith("."):
        raise ImproperlyConfigured(
            f"The first entry of DJANGO_ALLOWED_HOSTS ({hosts[0]!r}) is the site's address "
            "(https://<first entry>): put a host name first (news.example.org,.example.org)."
        )
    return hosts


DEBUG = False

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY to a random value of 50 characters or more.")

ALLOWED_HOSTS = allowed_hosts(required("DJANGO_ALLOWED_HOSTS", "the site's host names"))
WAGTAILADMIN_BASE_URL = WAGTAILAPI_BASE_URL = f"https://{ALLOWED_HOSTS[0]}"

DATABASES = {
    "default": dj_database_url.parse(
        required("DATABASE_URL", "postgres://user:password@host:5432/name"),
        conn_max_age=600,
        conn_health_checks=True,
    ),
}

# HTTPS only, behind a proxy that terminates TLS and sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views allow their own frame

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}

# Every app server and management command shares these: a memory cache per
# process would keep lists and counting answers that another process has
# invalidated (wagtail-news's check W002).
REDIS_URL = required("REDIS_URL", "redis://host:6379").rstrip("/")
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": f"{REDIS_URL}/0",
        "KEY_PREFIX": "newsroom",
    },
    "views_buffer": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": f"{REDIS_URL}/0",
        "KEY_PREFIX": "newsroom-views",
        "TIMEOUT": None,
    },
}
WAGTAIL_NEWS = {
    # Visitor keys next to the buffer: the beacon is one Redis round trip.
    "VIEW_COUNT_BUFFER": "views_buffer",
    "VIEW_COUNT_VISITOR_CACHE": "views_buffer",
    "VIEW_COUNT_FLUSH_INTERVAL": 10,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
