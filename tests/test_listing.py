import datetime

import pytest
from bs4 import BeautifulSoup
from django.test import override_settings
from wagtail.models import PageViewRestriction

from tests import factories


def card_titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in soup.select(".news-card__title a")]


@pytest.mark.django_db
def test_section_lists_articles_newest_first_by_date_not_tree_order(client, section):
    # Created oldest-last in the tree, but dated so the order must flip.
    factories.make_article(section, "Middle", date=factories.BASE_DATE)
    factories.make_article(section, "Newest", date=factories.BASE_DATE + datetime.timedelta(days=1))
    factories.make_article(section, "Oldest", date=factories.BASE_DATE - datetime.timedelta(days=1))
    assert card_titles(client.get(section.url)) == ["Newest", "Middle", "Oldest"]


@pytest.mark.django_db
def test_drafts_and_private_articles_are_not_listed(client, section):
    factories.make_article(section, "Public")
    factories.make_article(section, "Draft", live=False)
    private = factories.make_article(section, "Private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    assert card_titles(client.get(section.url)) == ["Public"]


@pytest.mark.django_db
def test_other_sections_articles_are_not_listed(client, home, section):
    other = factories.make_section(home, "Politics")
    factories.make_article(section, "Economy news")
    factories.make_article(other, "Politics news")
    assert card_titles(client.get(section.url)) == ["Economy news"]
    assert card_titles(client.get(other.url)) == ["Politics news"]


@pytest.mark.django_db
@override_settings(WAGTAIL_NEWS={"PAGE_SIZE": 3})
def test_pagination_uses_the_page_size_setting(client, section):
    factories.make_articles(section, 7, revision=False)
    assert card_titles(client.get(section.url)) == ["Article 0", "Article 1", "Article 2"]
    assert card_titles(client.get(section.url + "?page=2")) == [
        "Article 3",
        "Article 4",
        "Article 5",
    ]
    assert card_titles(client.get(section.url + "?page=3")) == ["Article 6"]
    soup = BeautifulSoup(client.get(section.url + "?page=2").content, "html.parser")
    assert soup.select_one("a[rel=prev]")["href"] == "?page=1"
    assert soup.select_one("a[rel=next]")["href"] == "?page=3"


@pytest.mark.django_db
@override_settings(WAGTAIL_NEWS={"PAGE_SIZE": 3})
@pytest.mark.parametrize("value", ["abc", "-1", "0", "4", "999999", "1.5", "1e3", "%00"])
def test_bad_page_numbers_give_404_not_500(client, section, value):
    factories.make_articles(section, 7, revision=False)
    response = client.get(section.url, {"page": value})
    assert response.status_code == 404


@pytest.mark.django_db
def test_empty_section_renders_its_first_page(client, section):
    response = client.get(section.url)
    assert response.status_code == 200
    assert b"No articles yet." in response.content
    assert client.get(section.url + "?page=2").status_code == 404


@pytest.mark.django_db
def test_category_listing(client, section):
    trade = factories.make_category("Trade")
    energy = factories.make_category("Energy")
    factories.make_article(section, "About trade", category=trade)
    factories.make_article(section, "About energy", category=energy)
    response = client.get(section.url + "category/trade/")
    assert response.status_code == 200
    assert card_titles(response) == ["About trade"]
    assert "Economy: Trade" in response.content.decode()


@pytest.mark.django_db
def test_category_of_another_language_is_not_found(client, section):
    factories.make_category("Торговля", slug="torgovlya", locale_code="ru")
    assert client.get(section.url + "category/torgovlya/").status_code == 404


@pytest.mark.django_db
def test_tag_listing(client, section):
    tagged = factories.make_article(section, "Tagged")
    tagged.tags.add("gas")
    tagged.save_revision().publish()
    factories.make_article(section, "Untagged")
    response = client.get(section.url + "tag/gas/")
    assert response.status_code == 200
    assert card_titles(response) == ["Tagged"]


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["category/nope/", "tag/nope/", "category/", "tag/"])
def test_unknown_category_or_tag_gives_404(client, section, suffix):
    factories.make_article(section, "Something")
    assert client.get(section.url + suffix).status_code == 404


@pytest.mark.django_db
def test_unknown_category_page_number_is_404(client, section):
    trade = factories.make_category("Trade")
    factories.make_article(section, "About trade", category=trade)
    assert client.get(section.url + "category/trade/?page=abc").status_code == 404
