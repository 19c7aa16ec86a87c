"""Django Ninja schemas of the ``news`` router of Wagtail 8's API v3.

They become the components of the OpenAPI document (``/api/v3/openapi.json``)
that frontends generate their clients from. The nested shapes (category,
image, tags, links, translations, StreamField blocks) are the ``TypedDict``
classes of ``wagtail_news.api.types``, which also type the article fields
of Wagtail's own ``pages`` endpoint: one component each in the document.

Imports Django Ninja: only ``wagtail_news.api.v3`` imports this module.
"""

import datetime
from typing import Literal

from ninja import Field, Schema

from .filtering import INT_MAX, ORDERINGS
from .types import (
    NewsCategory,
    NewsImage,
    NewsPageLink,
    NewsStreamBlock,
    NewsTag,
    NewsTranslation,
)

SLUG_PATTERN = r"^[-\w]+$"

NewsOrder = Literal[tuple(ORDERINGS)]


# -- articles ------------------------------------------------------------------


class NewsArticleMeta(Schema):
    type: str = Field(
        description=(
            "The page type (`app_label.ModelName`) of any article model: "
            "`wagtail_news.NewsArticlePage` or a site's own, e.g. `news.ArticlePage`."
        )
    )
    locale: str
    slug: str
    html_url: str | None = Field(description="The article's full URL on the site.")
    detail_url: str | None = Field(description="The article in the news API.")
    first_published_at: datetime.datetime | None


class NewsArticleItem(Schema):
    """An article in a listing: every field but the body."""

    id: int
    title: str
    meta: NewsArticleMeta
    date: datetime.datetime
    intro: str
    category: NewsCategory | None
    image: NewsImage | None
    tags: list[NewsTag]
    section: NewsPageLink | None
    breadcrumbs: list[NewsPageLink] = Field(
        description="From the site root (or its translation) down to the section."
    )
    translations: dict[str, NewsTranslation] = Field(
        description="The article's live, public translations, by language code."
    )
    view_count: int


class NewsArticle(NewsArticleItem):
    """An article with its StreamField body (rich text as display HTML)."""

    body: list[NewsStreamBlock]


# -- "Last news", "Most read" and the beacon -----------------------------------


class NewsListEntry(Schema):
    id: int
    title: str
    url: str = Field(description="Relative on the request's site, absolute on another.")
    full_url: str
    date: datetime.datetime


class NewsLastNews(Schema):
    title: str
    show_dates: bool
    limit: int
    items: list[NewsListEntry]


class NewsMostReadEntry(NewsListEntry):
    views: int = Field(description="Views over the list's window of days.")


class NewsMostRead(Schema):
    title: str
    days: int
    limit: int
    items: list[NewsMostReadEntry]


class NewsViewCount(Schema):
    """The beacon's answer: whether this request counted, and the total."""

    counted: bool
    views: int


# -- query parameters ----------------------------------------------------------


class NewsFilters(Schema):
    """The filters, search and order of the article listing."""

    section: int | None = Field(None, ge=1, le=INT_MAX, description="A section's page id.")
    category: str | None = Field(
        None, pattern=SLUG_PATTERN, max_length=255, description="A category's slug."
    )
    tag: str | None = Field(None, pattern=SLUG_PATTERN, max_length=255, description="A tag's slug.")
    date_from: datetime.date | None = Field(None, description="Published on or after.")
    date_to: datetime.date | None = Field(None, description="Published on or before.")
    locale: str | None = Field(
        None, description="A content language; by default the request's language."
    )
    search: str | None = None
    search_operator: Literal["and", "or"] | None = None
    order: NewsOrder | None = Field(
        None,
        description=(
            "Default `-date`; with `search`, by relevance. "
            "Only `-date` and `date` combine with `search`."
        ),
    )
