"""The example site's URLs plus the benchmark's floors: a bare Django view, and
the same with one Redis round trip."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from newsroom.urls import urlpatterns as site_urlpatterns


@csrf_exempt
@require_POST
def bare_view(request):
    """What any Django view costs on this stack: middleware, routing, a 204."""
    return HttpResponse(status=204)


@csrf_exempt
@require_POST
def ping_view(request):
    """The bare view plus one Redis round trip (PING) through django-redis, on
    the buffer's server: the least that any view counting in Redis costs."""
    from django_redis import get_redis_connection

    get_redis_connection("views_buffer").ping()
    return HttpResponse(status=204)


urlpatterns = [
    path("bench/bare/", bare_view, name="bench_bare"),
    path("bench/ping/", ping_view, name="bench_ping"),
    *site_urlpatterns,
]
