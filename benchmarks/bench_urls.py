"""The example site's URLs plus the views that ``make bench`` measures
besides the site's own: the bare floors and the "Last news" render."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.template import engines
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from newsroom.urls import urlpatterns as site_urlpatterns
from wagtail.models import Site

from wagtail_news.lists import invalidate_last_news_snippets

LAST_NEWS = engines["django"].from_string("{% load wagtail_news_tags %}{% last_news %}")
# What the "Last news" render returns, recorded by the benchmark once the
# archive is ready; the bare view returns these bytes.
LAST_NEWS_BYTES = {"content": b""}
SITE = {}


@csrf_exempt
def bare_204(request):
    """What any request costs on this stack: middleware, routing, a 204."""
    return HttpResponse(status=204)


def bare_bytes(request):
    """The floor of the "Last news" render: the same bytes, from memory."""
    return HttpResponse(LAST_NEWS_BYTES["content"])


def default_site():
    if "site" not in SITE:
        SITE["site"] = Site.objects.get(is_default_site=True)
    return SITE["site"]


def last_news(request):
    """``{% last_news %}`` on its own, on a request whose site is known, as
    on a page that Wagtail serves (it keeps the site on the request: the
    site lookup is the page's, not the list's). ``?cold=1`` drops the cached
    list first, so that it is built again (one query)."""
    request._wagtail_site = default_site()
    if request.GET.get("cold"):
        invalidate_last_news_snippets([request.LANGUAGE_CODE])
    return HttpResponse(LAST_NEWS.render({}, request))


urlpatterns = [
    *i18n_patterns(
        path("bench/bare/", bare_204),
        path("bench/bare-bytes/", bare_bytes),
        path("bench/last-news/", last_news),
        prefix_default_language=True,
    ),
    *site_urlpatterns,
]
