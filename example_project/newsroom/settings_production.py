"""Production settings of the example site: the development settings made
safe to serve on the internet (``manage.py check --deploy`` is clean).

    DJANGO_SETTINGS_MODULE=newsroom.settings_production \\
    DJANGO_SECRET_KEY=… DJANGO_ALLOWED_HOSTS=news.example.org \\
    DATABASE_URL=postgres://… REDIS_URL=redis://127.0.0.1:6379 \\
    gunicorn newsroom.wsgi

Required: ``DJANGO_SECRET_KEY`` (at least 50 characters), ``DJANGO_ALLOWED_HOSTS``.
With ``REDIS_URL`` set, Redis (django-redis) is the shared cache of every
app server: visitor keys, cached lists and answers, and the view buffer.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .settings import *  # noqa: F403

DEBUG = False

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY to a random value of 50 characters or more.")

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set DJANGO_ALLOWED_HOSTS to the site's host names.")
WAGTAILADMIN_BASE_URL = WAGTAILAPI_BASE_URL = f"https://{ALLOWED_HOSTS[0]}"

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

REDIS_URL = os.environ.get("REDIS_URL", "").rstrip("/")
if REDIS_URL:
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
