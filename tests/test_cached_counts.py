"""Section pages and the API keep the article count in the list cache
(``wagtail_news.cache.cached_count``): it follows every publish, unpublish,
move, deletion and view restriction, never showing a stale total."""

import pytest
import wagtail
from django.conf import settings
from wagtail.models import PageViewRestriction

from tests import factories
from wagtail_news.cache import cached_count


def total(client, **params):
    response = client.get("/api/v2/news/", params)
    assert response.status_code == 200
    return response.json()["meta"]["total_count"]


def total_v3(client):
    if wagtail.VERSION < (8, 0) or not settings.WAGTAIL_API_V3:  # no API v3 before Wagtail 8
        return None
    response = client.get("/api/v3/news/")
    assert response.status_code == 200
    return response.json()["count"]


def section_pages(client, section):
    response = client.get(section.url)
    assert response.status_code == 200
    return response.context["paginator"].num_pages


@pytest.fixture
def articles(section):
    return factories.make_articles(section, 3)


@pytest.mark.django_db
def test_a_warm_count_costs_no_query(section, articles, django_assert_num_queries):
    queryset = factories.article_model().objects.live()
    assert cached_count(queryset) == 3
    with django_assert_num_queries(0):
        assert cached_count(factories.article_model().objects.live()) == 3
    # Another query is another count.
    with django_assert_num_queries(1):
        assert cached_count(factories.article_model().objects.exclude(pk=articles[0].pk)) == 2


@pytest.mark.django_db
def test_the_api_total_follows_publishing(client, section, articles):
    assert total(client) == 3
    v3 = total_v3(client)
    assert v3 in (None, 3)
    new = factories.make_article(section, "Fresh")
    assert total(client) == 4
    assert total_v3(client) in (None, 4)
    new.unpublish()
    assert total(client) == 3
    articles[0].delete()
    assert total(client) == 2
    PageViewRestriction.objects.create(
        page=articles[1], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert total(client) == 1
    assert total_v3(client) in (None, 1)


@pytest.mark.django_db
def test_the_section_pages_follow_publishing(client, settings, section, articles):
    settings.WAGTAIL_NEWS = {"PAGE_SIZE": 2}
    assert section_pages(client, section) == 2
    extra = factories.make_articles(section, 2, prefix="More")
    assert section_pages(client, section) == 3
    assert client.get(section.url + "?page=3").status_code == 200
    for article in extra:
        article.unpublish()
    assert section_pages(client, section) == 2
    assert client.get(section.url + "?page=3").status_code == 404


@pytest.mark.django_db
def test_a_moved_article_leaves_the_count(client, home, section, articles):
    other = factories.make_section(home, "Politics")
    assert total(client, section=section.pk) == 3
    articles[0].move(other, pos="last-child")
    assert total(client, section=section.pk) == 2
    assert total(client, section=other.pk) == 1
