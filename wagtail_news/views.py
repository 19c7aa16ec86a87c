"""Reader-facing HTTP views: the view-count beacon."""

from django.http import Http404, HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .counting.recording import CountingUnavailable, count_request

#: Seconds a client should wait before sending a beacon again after a 503.
RETRY_AFTER = 5
UNAVAILABLE_MESSAGE = _("Views cannot be counted right now; try again later.")


def beacon_response(result):
    """``{"counted": …, "views": …}``, never cached. Written directly (two
    fields of fixed types): the beacon is the hottest path of a news site."""
    body = b'{"counted": %s, "views": %d}' % (b"true" if result.counted else b"false", result.views)
    response = HttpResponse(body, content_type="application/json")
    response.headers["Cache-Control"] = "no-store, private"
    return response


def beacon_not_found():
    """A JSON 404 that no cache keeps: the page may become countable later."""
    response = JsonResponse({"message": "No such article"}, status=404)
    patch_cache_control(response, no_store=True, private=True)
    return response


def beacon_unavailable():
    """A JSON 503 with ``Retry-After``: the view was not counted because the
    database or Redis failed, and the visitor's retry will count."""
    response = JsonResponse({"message": UNAVAILABLE_MESSAGE}, status=503)
    response.headers["Retry-After"] = str(RETRY_AFTER)
    patch_cache_control(response, no_store=True, private=True)
    return response


@csrf_exempt  # sent from cached pages that carry no CSRF token; it changes nothing but a count
@require_POST
def view_beacon(request, page_id):
    """``POST …/views/<page_id>/``: count one view of a news article.

    404 for anything that is not a live, public article of this site; 405
    for any method but POST; 503 with ``Retry-After`` when the database or
    Redis fails (the retry counts). The body and query string are ignored:
    a request counts one view or none.
    """
    try:
        return beacon_response(count_request(request, page_id))
    except Http404:
        return beacon_not_found()
    except CountingUnavailable:
        return beacon_unavailable()
