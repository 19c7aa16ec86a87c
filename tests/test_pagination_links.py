"""The section's page links: the first and last pages and two on each side
of the current one, with an ellipsis in the gaps, however many pages."""

import pytest
from bs4 import BeautifulSoup

from tests import factories


def links(client, url):
    response = client.get(url)
    assert response.status_code == 200
    nav = BeautifulSoup(response.content, "html.parser").select_one("nav.news-pagination")
    return [item.get_text(strip=True) for item in nav.select("li")]


@pytest.mark.django_db
def test_many_pages_are_elided(client, settings, section):
    settings.WAGTAIL_NEWS = {"PAGE_SIZE": 1}
    factories.make_articles(section, 30, revision=False)
    assert links(client, section.url) == ["1", "2", "3", "…", "30", "Older"]
    assert links(client, section.url + "?page=15") == [
        "Newer", "1", "…", "13", "14", "15", "16", "17", "…", "30", "Older",
    ]  # fmt: skip
    assert links(client, section.url + "?page=30") == ["Newer", "1", "…", "28", "29", "30"]


@pytest.mark.django_db
def test_a_few_pages_are_all_linked(client, settings, section):
    settings.WAGTAIL_NEWS = {"PAGE_SIZE": 1}
    factories.make_articles(section, 4, revision=False)
    assert links(client, section.url + "?page=2") == ["Newer", "1", "2", "3", "4", "Older"]
