from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from tests.api import api_router

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("api/v2/", api_router.urls),
]
# Inside i18n_patterns, next to Wagtail's pages, so that a 404 from the beacon
# is not turned into a redirect to a language-prefixed URL by LocaleMiddleware.
urlpatterns += i18n_patterns(
    path("news/", include("wagtail_news.urls")),
    path("", include(wagtail_urls)),
)
