from django.conf import settings
from django.middleware.locale import LocaleMiddleware


class SiteLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that a 404 from a URL outside the
    language prefixes (the API, documents) stays a 404.

    With Wagtail's catch-all route inside ``i18n_patterns``, Django would
    redirect any unknown ``/api/v2/pages/999/`` to ``/en/api/v2/pages/999/``.
    """

    unprefixed = ("/api/", "/documents/", "/admin/", "/django-admin/")

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(self.unprefixed):
            response.headers.setdefault("Content-Language", settings.LANGUAGE_CODE)
            return response
        return super().process_response(request, response)
