"""The headless demo page: one static document whose JavaScript
(``newsroom/headless.js``) renders an article, its breadcrumbs and the
"Last news" list from the site's own API v2, and sends the view beacon."""

import re

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext, pgettext

ID_RE = re.compile(r"[1-9]\d{0,8}")
SLUG_RE = re.compile(r"[-\w]{1,255}")
CONTENT_TYPE_RE = re.compile(r"\w{1,100}\.\w{1,100}")
TOKEN_RE = re.compile(r"[-\w=:;.]{1,255}")


def _query(request):
    """The validated query (``id``, ``slug``, ``locale`` and a
    wagtail-headless-preview ``content_type`` + ``token``), or an error message."""
    params = {name: request.GET.get(name) for name in ("id", "slug", "locale")}
    params["content_type"] = request.GET.get("content_type")
    params["token"] = request.GET.get("token")
    checks = {"id": ID_RE, "slug": SLUG_RE, "content_type": CONTENT_TYPE_RE, "token": TOKEN_RE}
    for name, pattern in checks.items():
        if params[name] is not None and not pattern.fullmatch(params[name]):
            return None, f"{name}: not a valid value"
    if params["locale"] is not None and params["locale"] not in dict(settings.LANGUAGES):
        return None, "locale: one of " + ", ".join(code for code, _ in settings.LANGUAGES)
    if (params["content_type"] is None) != (params["token"] is None):
        return None, "content_type and token go together"
    return params, None


def headless(request):
    """``/headless/?id=<page id>`` or ``?slug=``, ``&locale=en|ru|tk``; without
    an article, the newest of the language. 400 for malformed parameters."""
    params, error = _query(request)
    if error:
        return HttpResponseBadRequest(error, content_type="text/plain; charset=utf-8")
    language = params["locale"] or settings.LANGUAGE_CODE
    with translation.override(language):
        config = {
            **params,
            "locale": language,
            "localeGiven": params["locale"] is not None,
            "languages": [code for code, _ in settings.LANGUAGES],
            "strings": {
                "published": gettext("Published"),
                "views": pgettext("view count", "Views"),
                "lastNews": gettext("Last news"),
                "home": gettext("Home"),
                "tags": gettext("Tags"),
                "notFound": gettext("Page not found"),
            },
        }
        response = render(request, "newsroom/headless.html", {"config": config})
    response["Content-Language"] = language
    return response
