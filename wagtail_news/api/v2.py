"""The ``news`` endpoint of Wagtail's API v2.

Register it next to Wagtail's own endpoints::

    from wagtail_news.api.v2 import NewsAPIViewSet

    api_router.register_endpoint("news", NewsAPIViewSet)

Routes (under the endpoint's prefix)::

    ""              live, public articles of the request's site, newest first
    "<id>/"         one article (404 for drafts, private and other sites' pages)
    "find/"         Wagtail's ``?id=`` / ``?html_path=`` redirect to the detail
    "last/"         the "Last news" list (``wagtail_news.lists.last_news_for``)
    "most-read/"    the most read articles (``wagtail_news.lists.most_read_for``)
    "<id>/views/"   POST: the view beacon
"""

import datetime
import re

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from rest_framework import status
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.filters import BaseFilterBackend
from rest_framework.response import Response
from rest_framework.serializers import ListSerializer
from wagtail.api.v2.utils import (
    BadRequestError,
    get_object_detail_url,
    parse_fields_parameter,
)
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.models import Site

from .. import lists
from ..cache import with_cached_count
from ..counting.recording import CountingUnavailable, count_request
from ..models import NewsArticlePageMixin, get_article_models
from ..models.last_news import LIST_LIMIT_MAX
from ..views import beacon_response, beacon_unavailable
from . import filtering
from .prefetch import prepare_articles


class MixedListSerializer(ListSerializer):
    """A page of results of several article models: each article through
    the serializer of its own model (its own ``api_fields``)."""

    def __init__(self, *args, children, **kwargs):
        self.children = children
        super().__init__(*args, child=next(iter(children.values())), **kwargs)
        for child in children.values():
            if child is not self.child:
                child.bind(field_name="", parent=self)

    def to_representation(self, data):
        return [self.children[type(item)].to_representation(item) for item in data]


SLUG_RE = re.compile(r"[-\w]{1,255}")
LIST_CACHE_CONTROL = filtering.LIST_CACHE_CONTROL


# -- parameters ---------------------------------------------------------------


def _param(request, name):
    value = request.GET.get(name)
    if value is not None and "\x00" in value:
        raise BadRequestError(f"{name}: null characters are not allowed")
    return value


def positive_int(request, name, default=None, highest=None):
    value = _param(request, name)
    if value is None:
        return default
    if not re.fullmatch(r"\d{1,9}", value) or int(value) < 1:
        raise BadRequestError(f"{name} must be a positive integer")
    if highest is not None and int(value) > highest:
        raise BadRequestError(f"{name} cannot be higher than {highest}")
    return int(value)


def pagination_param(request, name):
    """Refuse a ``limit`` or ``offset`` beyond what the database takes.

    Wagtail's pagination reads them with ``int()`` and no upper bound, and
    gives its own message for what ``int()`` refuses."""
    value = _param(request, name)
    try:
        number = int(value)
    except (TypeError, ValueError):
        return
    if number > filtering.INT_MAX:
        raise BadRequestError(f"{name} cannot be higher than {filtering.INT_MAX}")


def slug_param(request, name):
    value = _param(request, name)
    if value is not None and not SLUG_RE.fullmatch(value):
        raise BadRequestError(f"{name} must be a slug")
    return value


def date_param(request, name):
    value = _param(request, name)
    if value is None:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise BadRequestError(f"{name} must be a date (YYYY-MM-DD)") from exc


def language_param(request):
    """The requested content language (``?locale=``), by default the active
    one; 400 for a language that is not a content language."""
    try:
        return filtering.known_language(_param(request, "locale"))
    except filtering.InvalidQuery as exc:
        raise BadRequestError(exc.message) from exc


# -- filter backends -------------------------------------------------------------


class NewsFilter(BaseFilterBackend):
    """``section``, ``category``, ``tag``, ``date_from``, ``date_to`` and
    ``locale`` (default: the active language)."""

    def filter_queryset(self, request, queryset, view):
        try:
            return filtering.filter_articles(
                queryset,
                language=language_param(request),
                section=positive_int(request, "section"),
                category=slug_param(request, "category"),
                tag=slug_param(request, "tag"),
                date_from=date_param(request, "date_from"),
                date_to=date_param(request, "date_to"),
            )
        except filtering.InvalidQuery as exc:
            raise BadRequestError(exc.message) from exc


class NewsOrderingFilter(BaseFilterBackend):
    """``order``: one of ``filtering.ORDERINGS`` (default ``-date``)."""

    def filter_queryset(self, request, queryset, view):
        order = _param(request, "order") or "-date"
        try:
            return filtering.order_articles(queryset, order, searching="search" in request.GET)
        except filtering.InvalidQuery as exc:
            raise BadRequestError(exc.message) from exc


class NewsSearchFilter(BaseFilterBackend):
    """Wagtail's search (``search``, ``search_operator``), ordered by
    relevance unless ``order`` is given; 400 when the site turns search off
    (``WAGTAILAPI_SEARCH_ENABLED``), as Wagtail's own ``SearchFilter``."""

    def filter_queryset(self, request, queryset, view):
        query = _param(request, "search")
        if query is None:
            return queryset
        if not getattr(settings, "WAGTAILAPI_SEARCH_ENABLED", True):
            raise BadRequestError("search is disabled")
        try:
            return filtering.search_articles(
                queryset,
                query,
                operator=_param(request, "search_operator"),
                by_relevance="order" not in request.GET,
            )
        except filtering.InvalidQuery as exc:
            raise BadRequestError(exc.message) from exc


# -- the endpoint ------------------------------------------------------------------


class NewsAPIViewSet(PagesAPIViewSet):
    """Live, public news articles of the request's site."""

    name = "news"
    # Every article model (``get_article_models()``): the router sends their
    # ``find/`` redirects here.
    model = NewsArticlePageMixin
    # Public and read-only: no session, so the beacon needs no CSRF token.
    authentication_classes = []
    filter_backends = [NewsFilter, NewsOrderingFilter, NewsSearchFilter]
    known_query_parameters = BaseAPIViewSet.known_query_parameters.union(
        ["section", "category", "tag", "date_from", "date_to", "locale"]
    )
    listing_default_fields = PagesAPIViewSet.listing_default_fields + [
        "date",
        "category",
        "intro",
        "image",
        "tags",
        "section",
        "view_count",
    ]
    last_query_parameters = frozenset(["limit", "exclude", "locale", "format", "_"])
    most_read_query_parameters = frozenset(["days", "limit", "locale", "format", "_"])
    list_actions = frozenset(["listing_view", "last_view", "most_read_view"])

    # -- querysets ---------------------------------------------------------

    def get_article_models(self):
        return get_article_models()

    def get_site(self):
        return Site.find_for_request(self.request)

    def get_base_queryset(self):
        """Live, public articles of the request's site (none without a site),
        of every article model: a queryset, or a ``MergedArticles`` for
        several models."""
        return filtering.visible_articles(self.get_site(), self.get_article_models())

    def get_queryset(self):
        """The base queryset with what the fields show fetched in bulk."""
        return filtering.with_listed_data(self.get_base_queryset())

    def check_query_parameters(self, queryset):
        """Only the endpoint's own parameters (no field filters)."""
        self.check_parameters(self.known_query_parameters)

    def check_parameters(self, allowed):
        unknown = set(self.request.GET.keys()) - set(allowed)
        if unknown:
            names = ", ".join(sorted(unknown))
            raise BadRequestError(
                f"query parameter is not an operation or a recognised field: {names}"
            )

    def paginate_queryset(self, queryset):
        pagination_param(self.request, "limit")
        pagination_param(self.request, "offset")
        page = super().paginate_queryset(with_cached_count(queryset))
        page = filtering.specific_articles(page)  # a search over several models
        prepare_articles(page, self.request)
        return page

    def get_serializer(self, *args, **kwargs):
        """Articles of several models: each through its own model's serializer."""
        if self.action != "listing_view" or not kwargs.get("many"):
            return super().get_serializer(*args, **kwargs)
        context = {**self.get_serializer_context(), **kwargs.pop("context", {})}
        kwargs.pop("many")
        models = list(dict.fromkeys(type(article) for article in args[0]))
        models = models or self.get_article_models()[:1]
        children = {model: self.serializer_class_for(model)(context=context) for model in models}
        return MixedListSerializer(*args, children=children, context=context, **kwargs)

    def get_serializer_class(self):
        if self.action == "listing_view":
            return self.serializer_class_for(self.get_article_models()[0])
        return self.serializer_class_for(type(self.get_object()))

    def serializer_class_for(self, model):
        """The serializer of ``model`` for this request (Wagtail's, from its
        ``api_fields`` and ``?fields=``)."""
        if "fields" in self.request.GET:
            try:
                fields_config = parse_fields_parameter(self.request.GET["fields"])
            except ValueError as exc:
                raise BadRequestError(f"fields error: {exc}") from exc
        else:
            fields_config = []
        return self._get_serializer_class(
            self.request.wagtailapi_router,
            model,
            fields_config,
            show_details=self.action != "listing_view",
        )

    def get_object(self):
        if not hasattr(self, "_cached_object"):
            pk = self.kwargs["pk"]
            if int(pk) > filtering.INT_MAX:
                raise Http404("No such article")
            article = filtering.find_article(self.get_queryset(), pk)
            if article is None:
                raise Http404("No such article")
            prepare_articles([article], self.request)
            self._cached_object = article
        return self._cached_object

    def find_view(self, request):
        """Wagtail's ``find/`` redirect (``model`` is the article mixin: no
        ``DoesNotExist`` to catch, ``find_object`` raises ``Http404``)."""
        article = self.find_object(None, request)
        url = get_object_detail_url(self.request.wagtailapi_router, request, self.model, article.pk)
        query = request.GET.copy()
        for name in self.find_query_parameters:
            query.pop(name, None)
        return redirect(f"{url}?{query.urlencode()}")

    def find_object(self, queryset, request):
        # Wagtail passes ``?id=`` to the database as it comes (a 500 for "x").
        pk = positive_int(request, "id")
        _param(request, "html_path")
        base = self.get_base_queryset()
        found = None
        site = self.get_site()
        if "html_path" in request.GET:
            path = [part for part in request.GET["html_path"].split("/") if part]
            try:
                page = site.root_page.specific.route(request, path)[0] if site else None
            except Http404:
                page = None
            if page is None:
                raise Http404("not found")
            found = filtering.find_article(base, page.pk)
        if found is None and pk is not None:
            found = filtering.find_article(base, pk)
        if found is None:
            raise Http404("not found")
        return found

    # -- extra routes --------------------------------------------------------

    def last_view(self, request):
        self.check_parameters(self.last_query_parameters)
        data = lists.last_news_for(
            request=request._request,
            language_code=language_param(request),
            limit=positive_int(request, "limit", highest=LIST_LIMIT_MAX),
            exclude=positive_int(request, "exclude"),
        )
        return Response(data)

    def most_read_view(self, request):
        self.check_parameters(self.most_read_query_parameters)
        data = lists.most_read_for(
            request=request._request,
            language_code=language_param(request),
            days=positive_int(request, "days", default=7, highest=lists.MOST_READ_DAYS_MAX),
            limit=positive_int(request, "limit", default=5, highest=LIST_LIMIT_MAX),
        )
        return Response(data)

    def views_view(self, request, pk):
        """The view beacon: count one view of a live, public article of this
        site (404 otherwise; 503 with ``Retry-After`` when the database or
        Redis fails); ``Cache-Control: no-store``."""
        try:
            return beacon_response(count_request(request._request, pk))
        except CountingUnavailable:
            return beacon_unavailable()

    # -- responses -------------------------------------------------------------

    def handle_exception(self, exc):
        if isinstance(exc, MethodNotAllowed):
            response = Response(
                {"message": str(exc.detail)}, status=status.HTTP_405_METHOD_NOT_ALLOWED
            )
            response["Allow"] = ", ".join(self.allowed_methods)
            return response
        if isinstance(exc, Http404) and not str(exc):
            # Django REST framework's 404 for an unknown ``?format=`` says nothing.
            exc = Http404("Not found")
        response = super().handle_exception(exc)
        if self.action == "views_view":
            patch_cache_control(response, no_store=True, private=True)
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.action in self.list_actions and response.status_code == 200:
            patch_cache_control(response, **LIST_CACHE_CONTROL)
        return response

    @classmethod
    def get_urlpatterns(cls):
        return super().get_urlpatterns() + [
            path("last/", cls.as_view({"get": "last_view"}), name="last"),
            path("most-read/", cls.as_view({"get": "most_read_view"}), name="most_read"),
            path(
                "<int:pk>/views/",
                csrf_exempt(cls.as_view({"post": "views_view"})),
                name="views",
            ),
        ]
