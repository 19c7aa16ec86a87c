from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from tests.api import api_router

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("api/v2/", api_router.urls),
]

if settings.WAGTAIL_API_V3:
    from wagtail.api.v3.urls import api as api_v3

    from wagtail_news.api.v3 import fix_openapi_security, register_news_router

    register_news_router(api_v3)
    fix_openapi_security(api_v3)
    urlpatterns.append(path("api/v3/", api_v3.urls))

# Inside i18n_patterns, next to Wagtail's pages, so that a 404 from the beacon
# is not turned into a redirect to a language-prefixed URL by LocaleMiddleware.
urlpatterns += i18n_patterns(
    path("news/", include("wagtail_news.urls")),
    path("", include(wagtail_urls)),
)
