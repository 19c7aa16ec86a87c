from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from wagtail_news import sitemaps

from . import views
from .api import api_router

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    # Sitemaps at the root, so that they may list every language's pages:
    # an index, the pages, the articles with hreflang alternates, Google News.
    path("sitemap.xml", sitemaps.index),
    path("sitemap-news.xml", sitemaps.news_sitemap, name="news_sitemap"),
    path("sitemap-<section>.xml", sitemaps.sitemap, name="django.contrib.sitemaps.views.sitemap"),
    # The headless demo: an article rendered in the browser from the API v2.
    path("headless/", views.headless, name="headless"),
]

if settings.WAGTAIL_API_V3:
    # Wagtail 8's v3 API (Django Ninja); interactive docs at /api/v3/docs/.
    from wagtail.api.v3.urls import api as api_v3

    from wagtail_news.api.v3 import fix_openapi_security, register_news_router

    register_news_router(api_v3)  # /api/v3/news/
    fix_openapi_security(api_v3)  # a valid /api/v3/openapi.json on Wagtail 8.0.x
    urlpatterns += [path("api/v3/", api_v3.urls)]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Pages: /en/..., /ru/..., /tk/...; LocaleMiddleware redirects "/" to the
# visitor's language (English by default).
urlpatterns += i18n_patterns(
    # The view-count beacon, next to the pages so that its 404s stay 404s.
    path("news/", include("wagtail_news.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
