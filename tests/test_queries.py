"""The article and section pages cost a fixed, small number of SQL queries,
however many articles a section holds.

The floor is a plain Wagtail page with a title and a rich-text body
(``tests.testapp.PlainPage``) at the same depth as an article
(home / parent / page): Wagtail serves it in 9 queries (site, locale, one
or two per path segment, the view-restriction check). An article adds one:
its category and image come with the routing query, its tags take one query
and its breadcrumbs one, and the routing query replaces Wagtail's two
(generic page, then specific page).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories

PLAIN_PAGE_QUERIES = 9
# ... plus "Related news": one query for the related articles (category and
# image included) and one for their card renditions; with several article
# models installed (as in these tests), one more for the window of them.
ARTICLE_PAGE_QUERIES = PLAIN_PAGE_QUERIES + 1 + 2 + 1
# Site, locale, home, section (generic and specific), the section's own view
# restrictions (2), one page of articles with category and image, their
# renditions, breadcrumbs. The article count comes from the list cache after
# the first request (``cache.cached_count``).
SECTION_PAGE_QUERIES = 10


def count_queries(client, url):
    # The first request creates image renditions and fills Wagtail's caches.
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def fill_section(section, count):
    category = factories.make_category("Trade")
    image = factories.make_image()
    articles = factories.make_articles(
        section, count, revision=False, category=category, image=image
    )
    for article in articles[:5]:
        article.tags.add("gas", "trade")
        article.save()
    return articles


@pytest.mark.django_db
def test_plain_page_floor(client, home):
    parent = factories.make_plain_page(home, "Parent")
    plain = factories.make_plain_page(parent)
    assert count_queries(client, plain.url) == PLAIN_PAGE_QUERIES


@pytest.mark.django_db
@pytest.mark.parametrize("size", [5, 500])
def test_article_page_queries_do_not_grow_with_the_section(client, section, size):
    articles = fill_section(section, size)
    assert count_queries(client, articles[0].url) == ARTICLE_PAGE_QUERIES
    assert count_queries(client, articles[-1].url) == ARTICLE_PAGE_QUERIES


@pytest.mark.django_db
def test_article_page_queries_with_one_article_model(client, section, settings):
    settings.WAGTAIL_NEWS = {"ARTICLE_MODELS": [factories.article_model()._meta.label]}
    articles = fill_section(section, 5)
    assert count_queries(client, articles[0].url) == ARTICLE_PAGE_QUERIES - 1


@pytest.mark.django_db
@pytest.mark.parametrize("size", [5, 500])
def test_section_page_queries_do_not_grow_with_the_section(client, section, size):
    fill_section(section, size)
    assert count_queries(client, section.url) == SECTION_PAGE_QUERIES
    if size > 10:
        assert count_queries(client, section.url + "?page=2") == SECTION_PAGE_QUERIES
