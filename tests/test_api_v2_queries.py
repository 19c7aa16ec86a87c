"""The API costs the same number of SQL queries for 10 and for 50 articles:
category, image, renditions, tags, view counts and breadcrumbs of a whole
page of results are fetched in bulk."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from wagtail_news.counting.store import add_view

# Site, the window of the page (one UNION ALL over the article models' first
# rows: several article models are installed), the page of articles (locale,
# category, image and stored views joined in), tags, renditions, the images of all bodies, ancestors
# (breadcrumbs and section), translations. The article count comes from the
# list cache after the first request (``cache.cached_count``).
NEWS_LISTING_QUERIES = 8
# Wagtail's own queries, whatever the limit (view restrictions, site, site
# root and its translations, count, articles, the first article's locale),
# plus one each for the whole page of results: locales, categories, images,
# tags, renditions, the images of all bodies, view totals, ancestors,
# translations.
PAGES_LISTING_QUERIES = 19


@pytest.fixture(autouse=True)
def _api_settings(settings):
    settings.WAGTAILAPI_LIMIT_MAX = 50


def count_queries(client, url, params):
    # The first request creates image renditions and fills Wagtail's caches.
    assert client.get(url, params).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200, response.content
    assert len(response.json()["items"]) == params["limit"]
    return len(ctx.captured_queries)


@pytest.fixture
def many(section):
    categories = [factories.make_category(f"Cat {n}", slug=f"cat-{n}") for n in range(3)]
    images = [factories.make_image(f"Img {n}", width=8, height=8) for n in range(3)]
    articles = factories.make_articles(section, 50, revision=False)
    for n, article in enumerate(articles):
        article.category = categories[n % 3]
        article.image = images[n % 3]
        article.body = [
            ("paragraph", f"<p>Body of {article.title}.</p>"),
            ("image", {"image": images[(n + 1) % 3], "caption": "In the body"}),
        ]
        article.tags.add(f"tag-{n % 4}", "common")
        article.save()
        add_view(article.pk)
    return articles


@pytest.mark.django_db
@pytest.mark.parametrize("limit", [10, 50])
def test_news_listing_queries(client, many, limit):
    params = {"limit": limit, "fields": "*"}
    assert count_queries(client, "/api/v2/news/", params) == NEWS_LISTING_QUERIES


@pytest.mark.django_db
@pytest.mark.parametrize("limit", [10, 50])
def test_news_listing_queries_with_one_article_model(client, many, limit, settings):
    """A site with one article model (``ARTICLE_MODELS``) needs no window query."""
    settings.WAGTAIL_NEWS = {"ARTICLE_MODELS": [factories.article_model()._meta.label]}
    params = {"limit": limit, "fields": "*"}
    assert count_queries(client, "/api/v2/news/", params) == NEWS_LISTING_QUERIES - 1


@pytest.mark.django_db
@pytest.mark.parametrize("limit", [10, 50])
def test_stock_pages_listing_queries(client, many, limit):
    params = {"type": factories.article_model()._meta.label, "fields": "*", "limit": limit}
    assert count_queries(client, "/api/v2/pages/", params) == PAGES_LISTING_QUERIES


@pytest.mark.django_db
def test_listing_fields_are_complete(client, many):
    from wagtail.images import get_image_model

    image_ids = set(get_image_model().objects.values_list("pk", flat=True))
    response = client.get("/api/v2/news/", {"limit": 50, "fields": "*"})
    for item in response.json()["items"]:
        assert item["category"]["slug"].startswith("cat-")
        assert item["image"]["thumbnail"]["url"]
        assert {"name": "common", "slug": "common"} in item["tags"]
        assert item["view_count"] == 1
        assert [crumb["title"] for crumb in item["breadcrumbs"]] == ["Home", "Economy"]
        assert item["section"]["title"] == "Economy"
        assert item["body"][1]["value"]["image"] in image_ids
