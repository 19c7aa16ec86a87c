"""What a user adds to a fresh ``wagtail start`` site's ``mysite/urls.py`` for
wagtail-news: tests/newsite/build.sh appends this file to it. ``wagtail
start``'s ``urlpatterns`` ends with Wagtail's catch-all page serving, so these
go in front of it (the README: "next to Wagtail's pages", the site has no
``i18n_patterns``).
"""

from django.conf import settings
from django.urls import include, path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from wagtail_news import sitemaps
from wagtail_news.api.v2 import NewsAPIViewSet

# README "Headless": the news endpoint on the site's API v2 router. The
# router itself is Wagtail's (its docs: "Wagtail API v2 Configuration Guide").
api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("news", NewsAPIViewSet)

news_urlpatterns = [
    # README "Install": the view-count beacon, next to Wagtail's pages.
    path("news/", include("wagtail_news.urls")),
    # README "Install": the sitemaps, at the site's root.
    path("sitemap.xml", sitemaps.index),
    path("sitemap-news.xml", sitemaps.news_sitemap, name="news_sitemap"),
    path("sitemap-<section>.xml", sitemaps.sitemap, name="django.contrib.sitemaps.views.sitemap"),
    path("api/v2/", api_router.urls),
]

if "wagtail.api.v3" in settings.INSTALLED_APPS:
    # README "Headless": the v3 API's news router (Wagtail 8).
    from wagtail.api.v3.urls import api as api_v3

    from wagtail_news.api.v3 import fix_openapi_security, register_news_router

    register_news_router(api_v3)  # /api/v3/news/, before api_v3.urls is read
    fix_openapi_security(api_v3)  # Wagtail 8.0.x: a valid /api/v3/openapi.json
    news_urlpatterns += [path("api/v3/", api_v3.urls)]

urlpatterns = news_urlpatterns + urlpatterns  # noqa: F821 (wagtail start's urlpatterns)
