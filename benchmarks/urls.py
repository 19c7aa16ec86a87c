"""The example site's URLs plus the benchmarks' own views: the floors (a bare
204, the same with one Redis PING, the "Last news" bytes from memory) and
``{% last_news %}`` rendered alone."""

import functools

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.template import engines
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from newsroom.urls import urlpatterns as site_urlpatterns
from wagtail.models import Site

from wagtail_news.lists import invalidate_last_news_snippets

LAST_NEWS = engines["django"].from_string("{% load wagtail_news_tags %}{% last_news %}")
# What the "Last news" render returns, recorded by make bench once the archive
# is ready: bare_bytes returns these bytes.
LAST_NEWS_BYTES = {"content": b""}


@csrf_exempt
@require_POST
def bare_204(request):
    """What any request costs on this stack: middleware, routing, a 204."""
    return HttpResponse(status=204)


@csrf_exempt
@require_POST
def ping(request):
    """The bare view plus one Redis round trip (PING) through django-redis, on
    the buffer's server: the least that any view counting in Redis costs."""
    from django_redis import get_redis_connection

    get_redis_connection("views_buffer").ping()
    return HttpResponse(status=204)


def bare_bytes(request):
    """The floor of the "Last news" render: the same bytes, from memory."""
    return HttpResponse(LAST_NEWS_BYTES["content"])


@functools.cache
def default_site():
    return Site.objects.get(is_default_site=True)


def last_news(request):
    """``{% last_news %}`` alone, on a request whose site is known, as on a page
    that Wagtail serves (the site lookup is the page's cost, not the list's).
    ``?cold=1`` drops the cached list first, so that it is built again."""
    request._wagtail_site = default_site()
    if request.GET.get("cold"):
        invalidate_last_news_snippets([request.LANGUAGE_CODE])
    return HttpResponse(LAST_NEWS.render({}, request))


urlpatterns = [
    path("bench/bare/", bare_204),  # beacon.py's floors
    path("bench/ping/", ping),
    *i18n_patterns(  # make bench's
        path("bench/bare/", bare_204),
        path("bench/bare-bytes/", bare_bytes),
        path("bench/last-news/", last_news),
        prefix_default_language=True,
    ),
    *site_urlpatterns,
]
