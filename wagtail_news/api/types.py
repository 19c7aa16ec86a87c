"""The shapes of the news fields in Wagtail's APIs, as ``TypedDict`` classes.

The serializer fields of ``wagtail_news.api.serializers`` declare them as
the return type of ``to_representation()``: Wagtail 8's API v3 reads that
annotation to type each field in ``/api/v3/schema/<type>/`` and in its
OpenAPI document, and the ``news`` router of ``wagtail_news.api.v3`` nests
the same classes in its schemas (one OpenAPI component each). This module
imports neither Django Ninja nor pydantic, so Wagtail 7.4 sites load it too.
"""

from typing import Any

try:  # pydantic, with Wagtail 8, needs typing_extensions' TypedDict on Python < 3.12
    from typing_extensions import TypedDict
except ImportError:  # pragma: no cover - Wagtail 7.4 without typing_extensions
    from typing import TypedDict


class NewsCategory(TypedDict):
    id: int
    name: str
    slug: str


class NewsTag(TypedDict):
    name: str
    slug: str


class NewsPageLink(TypedDict):
    """A page in breadcrumbs or an article's section; ``url`` is relative on
    the request's site, absolute on another one."""

    id: int
    title: str
    url: str | None


class NewsRendition(TypedDict):
    url: str
    width: int
    height: int


class NewsRenditionError(TypedDict):
    """A rendition that could not be made (the source file is missing)."""

    error: str


class NewsImage(TypedDict):
    id: int
    title: str
    alt: str
    thumbnail: NewsRendition | NewsRenditionError
    large: NewsRendition | NewsRenditionError


class NewsTranslation(TypedDict):
    id: int
    url: str | None


class NewsStreamBlock(TypedDict):
    """One block of a StreamField: its value is the block's own API
    representation (rich text as display HTML)."""

    type: str
    value: Any
    id: str | None
