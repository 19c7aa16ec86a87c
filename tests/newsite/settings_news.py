"""What a user adds to a fresh ``wagtail start`` site's settings for
wagtail-news: tests/newsite/build.sh appends this file to
``mysite/settings/base.py``, where ``INSTALLED_APPS`` is ``wagtail start``'s
list (it already has "wagtail.embeds", Wagtail's own apps, "modelcluster" and
"taggit").

README "Install into an existing Wagtail site" (the app and the apps it
needs) and "Your own page models" (the site's ``news`` app).
"""

import wagtail

INSTALLED_APPS = [
    "news",
    "wagtail_news",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    *INSTALLED_APPS,  # noqa: F821
]
WAGTAIL_NEWS = {}

# README "Install": a cache that every process of the site shares (the
# server, and the shell or publish_scheduled that publishes an article),
# with room for a counting window (manage.py check: wagtail_news.W002, W004).
# A fresh site has Django's per-process memory cache; files in the project's
# folder are shared on one machine (Redis or Memcached across machines).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": BASE_DIR / "cache",  # noqa: F821
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
}

# README "Headless": Wagtail's API v2, the news endpoint registered on its
# router (urls_news.py). The README assumes a site that already serves the
# API; these two apps are Wagtail's own instructions for it.
INSTALLED_APPS += ["wagtail.api.v2", "rest_framework"]
# README "Headless": on Wagtail 8, the v3 API (Django Ninja).
if wagtail.VERSION >= (8, 0):
    INSTALLED_APPS += ["wagtail.api.v3", "ninja"]
