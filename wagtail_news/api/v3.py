"""The ``news`` router of Wagtail 8's API v3 (Django Ninja), and a fix for
the OpenAPI document that Wagtail 8.0.x serves.

Add the router to Wagtail's API before ``api.urls`` is read, in the site's
``urls.py``::

    from wagtail.api.v3.urls import api
    from wagtail_news.api.v3 import fix_openapi_security, register_news_router

    register_news_router(api)   # /api/v3/news/...
    fix_openapi_security(api)   # Wagtail 8.0.x: a valid /api/v3/openapi.json
    urlpatterns += [path("api/v3/", api.urls)]

Routes (under ``/news/``), the same as the v2 endpoint's::

    GET  ""              live, public articles of the request's site, newest first
    GET  "last/"         the "Last news" list (``wagtail_news.lists.last_news_for``)
    GET  "most-read/"    the most read articles (``wagtail_news.lists.most_read_for``)
    GET  "<id>/"         one article (404 for drafts, private and other sites' pages)
    POST "<id>/views/"   the view beacon

Errors are Wagtail v3's RFC 7807 ``application/problem+json`` answers: 422
for a parameter that fails validation (its ``errors`` name the parameter:
a malformed number, date or slug, an order that is not offered, an unknown
locale or parameter, ``date_from`` after ``date_to``), 400 for a ``limit``
above ``WAGTAILAPI_LIMIT_MAX``, 404 for an article that is not a live,
public article of the request's site, 503 with ``Retry-After`` when the
beacon cannot store a view (the database or Redis fails).

This is the only module of wagtail-news that imports Django Ninja or
``wagtail.api.v3``; Wagtail 7.4 sites never import it.
"""

from functools import wraps
from http import HTTPStatus
from typing import Any

import wagtail

if wagtail.VERSION < (8, 0):  # pragma: no cover - depends on the installed Wagtail
    raise ImportError("wagtail_news.api.v3 needs Wagtail 8 or later (Wagtail's API v3).")

from django.http import Http404, HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_cache_control
from ninja import Field, Path, Query, Router
from ninja.decorators import decorate_view
from ninja.pagination import paginate
from rest_framework import serializers as drf_serializers
from wagtail.api.rich_text import RichTextOutputFormat
from wagtail.api.utils import get_full_url
from wagtail.api.v3.errors import (
    PROBLEM_JSON,
    ProblemDetail,
    as_validation_error,
    problem_response,
)
from wagtail.api.v3.pagination import WagtailLimitOffsetPagination
from wagtail.models import Site

from .. import lists
from ..cache import cached_count
from ..counting.recording import CountingUnavailable, count_request
from ..models.last_news import LIST_LIMIT_MAX
from ..views import RETRY_AFTER, UNAVAILABLE_MESSAGE
from . import filtering, prefetch, serializers
from .filtering import INT_MAX
from .schemas import (
    NewsArticle,
    NewsArticleItem,
    NewsFilters,
    NewsLastNews,
    NewsMostRead,
    NewsViewCount,
)

router = Router(tags=["news"], auth=None)

URL_NAMESPACE = "wagtailapi_v3"

# The serializer fields of the article's ``api_fields`` that the schemas show.
ARTICLE_FIELDS = {
    "category": serializers.CategoryField,
    "image": serializers.ImageField,
    "tags": serializers.TagsField,
    "section": serializers.SectionField,
    "breadcrumbs": serializers.BreadcrumbsField,
    "translations": serializers.TranslationsField,
    "view_count": serializers.ViewCountField,
}

LIST_PARAMETERS = frozenset(NewsFilters.model_fields) | {"limit", "offset"}
DETAIL_PARAMETERS = frozenset(["rich_text_format"])
LAST_PARAMETERS = frozenset(["limit", "exclude", "locale"])
MOST_READ_PARAMETERS = frozenset(["days", "limit", "locale"])


# -- wiring --------------------------------------------------------------------


def register_news_router(api, prefix="/news/"):
    """Add the ``news`` router to ``api`` (Wagtail's ``wagtail.api.v3.urls.api``).

    Call it before ``api.urls`` is read (Django Ninja refuses routers added
    later), e.g. in the ``urls.py`` that mounts the API. Calling it again
    does nothing.
    """
    # ``_routers``: Django Ninja's list of (prefix, router) already added.
    if any(added is router for _prefix, added in getattr(api, "_routers", ())):
        return
    api.add_router(prefix, router)


def fix_openapi_security(api):
    """Make the OpenAPI document that ``api`` serves valid, for Wagtail 8.0.x.

    Wagtail 8.0.x marks its public operations with an ``AllowAnonymous``
    security scheme of ``{"type": "http"}`` and no ``scheme``, which
    OpenAPI requires, so validators and client generators reject
    ``/api/v3/openapi.json``. OpenAPI says "anonymous access allowed" with an
    empty security requirement (``{}``): ``with_optional_security`` rewrites
    the document that way. It changes nothing in a document without such a
    scheme, so it can stay in place after an upgrade. Calling it again does
    nothing.
    """
    original = api.get_openapi_schema
    if getattr(original, "wagtail_news_fixed", False):
        return

    @wraps(original)
    def get_openapi_schema(*args, **kwargs):
        return with_optional_security(original(*args, **kwargs))

    get_openapi_schema.wagtail_news_fixed = True
    api.get_openapi_schema = get_openapi_schema


def with_optional_security(document):
    """``document`` with every HTTP security scheme that has no ``scheme``
    replaced by the empty security requirement ``{}`` (anonymous access)."""
    schemes = document.get("components", {}).get("securitySchemes", {})
    anonymous = {
        name
        for name, scheme in schemes.items()
        if scheme.get("type") == "http" and not scheme.get("scheme")
    }
    if not anonymous:
        return document
    for name in anonymous:
        del schemes[name]
    if not schemes:
        del document["components"]["securitySchemes"]
    for path_item in document.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict) or not operation.get("security"):
                continue
            requirements = []
            for requirement in operation["security"]:
                requirement = {k: v for k, v in requirement.items() if k not in anonymous}
                if requirement not in requirements:
                    requirements.append(requirement)
            operation["security"] = requirements
    return document


# -- helpers -------------------------------------------------------------------


def problems(*statuses):
    """OpenAPI ``responses`` for Wagtail's problem answers (``openapi_extra``)."""
    schema = ProblemDetail.model_json_schema()
    return {
        "responses": {
            status: {
                "description": HTTPStatus(status).phrase,
                "content": {PROBLEM_JSON: {"schema": schema}},
            }
            for status in statuses
        }
    }


def invalid(name, message):
    """A 422 problem answer naming the query parameter ``name``, the way
    Wagtail's API v3 reports a parameter that fails validation."""
    return as_validation_error(ValueError(message), message, loc=("query", name))


def reject_unknown(request, allowed):
    unknown = sorted(set(request.GET) - allowed)
    if unknown:
        raise invalid(unknown[0], "unknown query parameter: " + ", ".join(unknown)[:200])


def known_language(value):
    try:
        return filtering.known_language(value)
    except filtering.InvalidQuery as exc:
        raise invalid(exc.name, exc.message) from exc


def public_list(view):
    """``Cache-Control: public, max-age=60`` on a successful list, for CDNs."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            patch_cache_control(response, **filtering.LIST_CACHE_CONTROL)
        return response

    return wrapper


def no_store(view):
    """``Cache-Control: no-store`` on every answer, errors included."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_cache_control(response, no_store=True, private=True)
        return response

    return wrapper


# -- articles ------------------------------------------------------------------


def visible_articles(request):
    """Live, public articles of the request's site, of every article model
    (``get_article_models()``), with what the fields show."""
    site = Site.find_for_request(request)
    return filtering.with_listed_data(filtering.visible_articles(site))


def bound_fields(request, field_classes=ARTICLE_FIELDS):
    """The serializer fields of ``field_classes``, bound to the request."""
    parent = drf_serializers.Serializer(context={"request": request})
    fields = {}
    for name, field_class in field_classes.items():
        fields[name] = field_class()
        fields[name].bind(field_name=name, parent=parent)
    return fields


def detail_url(request, page_id):
    try:
        path = reverse(f"{URL_NAMESPACE}:news_detail", kwargs={"article_id": page_id})
    except NoReverseMatch:
        return None
    return get_full_url(request, path)


def article_data(article, request, fields) -> dict[str, Any]:
    """An article (``prepare_articles`` done) as the schemas' data."""
    return {
        "id": article.pk,
        "title": article.title,
        "meta": {
            "type": article._meta.label,
            "locale": article.locale.language_code,
            "slug": article.slug,
            "html_url": article.get_full_url(request),
            "detail_url": detail_url(request, article.pk),
            "first_published_at": article.first_published_at,
        },
        "date": article.date,
        "intro": article.intro,
        **{name: field.to_representation(article) for name, field in fields.items()},
    }


class NewsPagination(WagtailLimitOffsetPagination):
    """Wagtail's limit/offset pagination (``{"count", "items"}``, 400 above
    ``WAGTAILAPI_LIMIT_MAX``) that fetches the fields of a whole page of
    articles in bulk."""

    class NewsPaginationInput(WagtailLimitOffsetPagination.Input):
        # Bounded, so that no number reaches the database as an overflow.
        limit: int = Field(default=20, ge=1, le=INT_MAX)
        offset: int = Field(default=0, ge=0, le=INT_MAX)

    Input = NewsPaginationInput

    def _items_count(self, queryset):
        return cached_count(queryset)

    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        articles = filtering.specific_articles(page["items"])
        prefetch.prepare_articles(articles, request)
        fields = bound_fields(request)
        page["items"] = [article_data(article, request, fields) for article in articles]
        return page


# -- operations ----------------------------------------------------------------


@decorate_view(public_list)
@router.get(
    "/",
    response=list[NewsArticleItem],
    url_name="news_list",
    operation_id="news_list",
    summary="List news articles",
    openapi_extra=problems(400, 422),
)
@paginate(NewsPagination)
def list_articles(request: HttpRequest, filters: NewsFilters = Query(...), **kwargs):  # noqa: B008
    """Live, public articles of the request's site in one language, newest
    first, filtered, searched and ordered."""
    reject_unknown(request, LIST_PARAMETERS)
    searching = filters.search is not None
    try:
        queryset = filtering.filter_articles(
            visible_articles(request),
            language=filtering.known_language(filters.locale),
            section=filters.section,
            category=filters.category,
            tag=filters.tag,
            date_from=filters.date_from,
            date_to=filters.date_to,
        )
        queryset = filtering.order_articles(queryset, filters.order or "-date", searching=searching)
        if searching:
            queryset = filtering.search_articles(
                queryset,
                filters.search,
                operator=filters.search_operator,
                by_relevance=filters.order is None,
            )
    except filtering.InvalidQuery as exc:
        raise invalid(exc.name, exc.message) from exc
    return queryset


@decorate_view(public_list)
@router.get(
    "/last/",
    response=NewsLastNews,
    url_name="news_last",
    operation_id="news_last",
    summary="Last news",
    openapi_extra=problems(422),
)
def last_news(
    request: HttpRequest,
    limit: int | None = Query(None, ge=1, le=LIST_LIMIT_MAX),  # noqa: B008
    exclude: int | None = Query(None, ge=1, le=INT_MAX),  # noqa: B008
    locale: str | None = None,
):
    """The "Last news" list of the request's site, as its ``LastNews``
    snippet sets it up; ``exclude`` leaves out one article (the one being read)."""
    reject_unknown(request, LAST_PARAMETERS)
    return lists.last_news_for(
        request=request, language_code=known_language(locale), limit=limit, exclude=exclude
    )


@decorate_view(public_list)
@router.get(
    "/most-read/",
    response=NewsMostRead,
    url_name="news_most_read",
    operation_id="news_most_read",
    summary="Most read news",
    openapi_extra=problems(422),
)
def most_read(
    request: HttpRequest,
    days: int = Query(7, ge=1, le=lists.MOST_READ_DAYS_MAX),  # noqa: B008
    limit: int = Query(5, ge=1, le=LIST_LIMIT_MAX),  # noqa: B008
    locale: str | None = None,
):
    """The most read articles of the request's site over the last ``days``."""
    reject_unknown(request, MOST_READ_PARAMETERS)
    return lists.most_read_for(
        request=request, language_code=known_language(locale), days=days, limit=limit
    )


@router.get(
    # No ``int:`` converter (as Wagtail's own routers): a malformed id is
    # Ninja's 422 problem answer rather than Django's HTML 404.
    "/{article_id}/",
    response=NewsArticle,
    url_name="news_detail",
    operation_id="news_detail",
    summary="News article",
    openapi_extra=problems(404, 422),
)
def get_article(
    request: HttpRequest,
    article_id: int = Path(..., ge=1, le=INT_MAX),  # noqa: B008
    rich_text_format: RichTextOutputFormat | None = Query(None),  # noqa: B008
):
    """A live, public article of the request's site, in any language."""
    reject_unknown(request, DETAIL_PARAMETERS)
    article = filtering.find_article(visible_articles(request), article_id)
    if article is None:
        raise Http404("No such article")
    prefetch.prepare_articles([article], request)
    body = bound_fields(request, {"body": serializers.StreamField})["body"]
    return {
        **article_data(article, request, bound_fields(request)),
        "body": body.to_representation(article.body),
    }


@decorate_view(no_store)
@router.post(
    "/{article_id}/views/",
    response=NewsViewCount,
    url_name="news_views",
    operation_id="news_views",
    summary="Count a view",
    openapi_extra=problems(404, 422, 503),
)
def count_article_view(
    request: HttpRequest,
    article_id: int = Path(..., ge=1, le=INT_MAX),  # noqa: B008
):
    """The view beacon: count one view of a live, public article of this
    site (404 otherwise). Previews, prefetches, crawlers and a visitor's
    repeated views within the window count nothing; the answer carries the
    total either way. ``Cache-Control: no-store``. 503 with ``Retry-After``
    when the database or Redis fails: the view was not counted, a retry
    counts."""
    try:
        result = count_request(request, article_id)
    except CountingUnavailable:
        response = problem_response(status=503, detail=str(UNAVAILABLE_MESSAGE))
        response.headers["Retry-After"] = str(RETRY_AFTER)
        return response
    return {"counted": result.counted, "views": result.views}
