"""The example site's URLs plus the benchmark's floor: a bare Django view."""

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


urlpatterns = [
    path("bench/bare/", bare_view, name="bench_bare"),
    *site_urlpatterns,
]
