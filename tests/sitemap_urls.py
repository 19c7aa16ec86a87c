"""The test site's URLs with wagtail-news's sitemaps at its root, as the
README shows, next to Wagtail's stock sitemap view."""

from django.urls import path
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from tests.urls import urlpatterns as site_urlpatterns
from wagtail_news import sitemaps


class SmallNewsSitemap(sitemaps.NewsSitemap):
    limit = 2


urlpatterns = [
    path("sitemap.xml", sitemaps.index),
    path("sitemap-news.xml", sitemaps.news_sitemap, name="news_sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemaps.sitemap,
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path(
        "small-sitemap.xml",
        sitemaps.sitemap,
        {"sitemaps": {"articles": SmallNewsSitemap}},
    ),
    path(
        "wagtail-sitemap.xml",
        wagtail_sitemap,
        {"template_name": sitemaps.SITEMAP_TEMPLATE},
    ),
    *site_urlpatterns,
]
