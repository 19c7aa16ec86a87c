import json

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Site

from tests import factories
from wagtail_news.breadcrumbs import get_breadcrumbs


def crumbs_in(response):
    soup = BeautifulSoup(response.content, "html.parser")
    nav = soup.select_one("nav.news-breadcrumbs")
    items = nav.select("li")
    linked = [(li.a.get_text(), li.a["href"]) for li in items[:-1]]
    current = items[-1]
    assert current.a is None and current["aria-current"] == "page"
    json_ld = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    return linked, current.get_text(), json_ld


@pytest.mark.django_db
def test_article_breadcrumbs_from_site_root_to_parent(client, home, section):
    article = factories.make_article(section, "Trade fair opens")
    linked, current, json_ld = crumbs_in(client.get(article.url))
    assert linked == [("Home", "/en/"), ("Economy", "/en/economy/")]
    assert current == "Trade fair opens"
    assert [i["name"] for i in json_ld["itemListElement"]] == [
        "Home",
        "Economy",
        "Trade fair opens",
    ]
    assert json_ld["@type"] == "BreadcrumbList"
    assert [i["item"] for i in json_ld["itemListElement"]] == [
        "http://localhost/en/",
        "http://localhost/en/economy/",
        "http://localhost/en/economy/trade-fair-opens/",
    ]
    assert [i["position"] for i in json_ld["itemListElement"]] == [1, 2, 3]


@pytest.mark.django_db
def test_breadcrumbs_never_include_the_tree_root(section):
    article = factories.make_article(section, "A")
    assert [p.depth for p in article.breadcrumbs] == [2, 3]
    assert [p.title for p in article.breadcrumbs] == ["Home", "Economy"]


@pytest.mark.django_db
def test_section_breadcrumbs(client, section):
    response = client.get(section.url)
    assert b'<nav class="news-breadcrumbs" aria-label="breadcrumb">' in response.content
    linked, current, _ = crumbs_in(response)
    assert linked == [("Home", "/en/")]
    assert current == "Economy"


@pytest.mark.django_db
def test_translated_tree_gives_translated_crumbs(client, locales, home, section):
    article = factories.make_article(section, "Gas deal")
    ru_home = home.copy_for_translation(locales["ru"])
    ru_home.title = "Главная"
    ru_home.save_revision().publish()
    ru_section = section.copy_for_translation(locales["ru"])
    ru_section.title = "Экономика"
    ru_section.save_revision().publish()
    ru_article = article.copy_for_translation(locales["ru"])
    ru_article.title = "Газовая сделка"
    ru_article.save_revision().publish()

    response = client.get(ru_article.url)
    assert ru_article.url.startswith("/ru/")
    assert 'aria-label="навигационная цепочка"' in response.content.decode()
    linked, current, json_ld = crumbs_in(response)
    assert linked == [("Главная", "/ru/"), ("Экономика", ru_section.url)]
    assert current == "Газовая сделка"
    assert json_ld["itemListElement"][0]["item"] == "http://localhost/ru/"
    with translation.override("ru"):
        assert [p.title for p in ru_article.specific.breadcrumbs] == ["Главная", "Экономика"]


@pytest.mark.django_db
def test_two_sites_keep_their_own_roots(client, site, section):
    other_site, other_home = factories.make_site(
        hostname="other.example", title="Other home", slug="other", default=False
    )
    other_section = factories.make_section(other_home, "Sport")
    other_article = factories.make_article(other_section, "Match report")
    response = client.get("/en/sport/match-report/", HTTP_HOST="other.example")
    assert response.status_code == 200
    linked, current, json_ld = crumbs_in(response)
    assert linked == [("Other home", "/en/"), ("Sport", "/en/sport/")]
    assert json_ld["itemListElement"][0]["item"] == "http://other.example/en/"
    # The first site's tree never appears in the other site's trail.
    assert "Home" not in [name for name, _ in linked]
    assert [p.title for p in other_article.breadcrumbs] == ["Other home", "Sport"]
    # And the other site's article is not reachable through the first site.
    assert client.get("/en/sport/match-report/").status_code == 404


@pytest.mark.django_db
def test_breadcrumbs_cost_one_query(django_assert_num_queries, section):
    article = factories.make_article(section, "A")
    request = RequestFactory().get(article.url)
    Site.find_for_request(request)
    Site.get_site_root_paths()  # cached by Wagtail from here on
    with django_assert_num_queries(1):
        crumbs = get_breadcrumbs(article, request)
    assert [c.title for c in crumbs] == ["Home", "Economy"]


@pytest.mark.django_db
def test_page_outside_any_site_has_no_breadcrumbs(home, section):
    from wagtail.models import Page

    from wagtail_news.models import NewsArticlePage, NewsIndexPage

    orphan_home = Page.get_first_root_node().add_child(
        instance=factories.HomePage(title="Orphan", slug="orphan")
    )
    orphan_section = orphan_home.add_child(instance=NewsIndexPage(title="S", slug="s"))
    article = orphan_section.add_child(instance=NewsArticlePage(title="Lost", slug="lost"))
    assert article.breadcrumbs == []
