"""Search: the section's ``search/`` route and the API's ``search=``, over
title, lead, body, category and tags, per language."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page, PageViewRestriction

from tests import factories

pytestmark = pytest.mark.django_db

TK_TITLE = "Aşgabatda ýaşyl köçe açyldy: Türkmenistanyň žurnalistleri şäherde"
RU_TITLE = "Новый мост открыли в центре города"


@pytest.fixture(autouse=True)
def _restore_language():
    yield
    translation.activate(settings.LANGUAGE_CODE)


def translate(page, locale, title, slug=None):
    translated = page.copy_for_translation(locale)
    translated.title = title
    if slug:
        translated.slug = slug
    translated.save_revision().publish()
    return Page.objects.get(pk=translated.pk).specific


@pytest.fixture
def tk_section(locales, home, section):
    translate(home, locales["tk"], "Baş sahypa")
    return translate(section, locales["tk"], "Ykdysadyýet", "ykdysadyýet")


@pytest.fixture
def ru_section(locales, home, section):
    translate(home, locales["ru"], "Главная")
    return translate(section, locales["ru"], "Экономика", "ekonomika")


def search(client, section, query, **params):
    return client.get(section.url + "search/", {"query": query, **params})


def titles(response):
    assert response.status_code == 200, response.status_code
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in soup.select(".news-card__title a")]


def test_section_page_shows_the_overridable_search_form(client, section):
    soup = BeautifulSoup(client.get(section.url).content, "html.parser")
    form = soup.select_one("form.news-search")
    assert form["action"] == section.url + "search/"
    assert form.select_one("input[name=query]")["maxlength"] == "255"


@pytest.mark.parametrize(
    ("field", "query"),
    [("title", "pipeline"), ("intro", "tariffs"), ("body", "turbines"), ("tags", "shipping")],
)
def test_finds_articles_by_each_field(client, section, field, query):
    factories.make_article(section, "Unrelated story")
    texts = {
        "title": {"title": "New pipeline opens"},
        "intro": {"title": "Lead story", "intro": "Tariffs rise again."},
        "body": {"title": "Body story", "body": [("paragraph", "<p>Wind turbines.</p>")]},
        "tags": {"title": "Tagged story"},
    }[field]
    kwargs = {key: value for key, value in texts.items() if key != "title"}
    article = factories.make_article(section, texts["title"], **kwargs)
    if field == "tags":
        article.tags.add("Shipping")
        article.save_revision().publish()
    assert titles(search(client, section, query)) == [texts["title"]]


def test_finds_articles_by_category_name(client, section):
    category = factories.make_category("Agriculture")
    factories.make_article(section, "Harvest", category=category)
    factories.make_article(section, "Unrelated story")
    assert titles(search(client, section, "agriculture")) == ["Harvest"]


def test_indexed_on_publish_without_update_index(client, section):
    """Wagtail's signal handlers index a page when it is saved."""
    article = factories.make_article(section, "Draft about copper", live=False)
    assert titles(search(client, section, "copper")) == []
    article.save_revision().publish()
    assert titles(search(client, section, "copper")) == ["Draft about copper"]


def test_only_live_public_articles_of_this_section(client, home, section):
    other = factories.make_section(home, "Politics")
    factories.make_article(section, "Oil public")
    factories.make_article(section, "Oil draft", live=False)
    private = factories.make_article(section, "Oil private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    factories.make_article(other, "Oil elsewhere")
    assert titles(search(client, section, "oil")) == ["Oil public"]


def test_other_sites_articles_never_appear(client, section, locales):
    _, other_home = factories.make_site(hostname="other.test", slug="other", default=False)
    other_section = factories.make_section(other_home, "Economy", slug="economy")
    factories.make_article(other_section, "Oil abroad")
    factories.make_article(section, "Oil at home")
    assert titles(search(client, section, "oil")) == ["Oil at home"]


def test_turkmen_query_finds_the_turkmen_article_only(client, section, tk_section):
    factories.make_article(section, "Green street opened in Ashgabat")
    factories.make_article(tk_section, TK_TITLE, slug="ýaşyl-köçe")
    for word in ["ýaşyl", "Türkmenistanyň", "žurnalistleri", "şäherde", "köçe", "açyldy"]:
        assert titles(search(client, tk_section, word)) == [TK_TITLE], word
    assert titles(search(client, section, "ýaşyl")) == []
    response = search(client, tk_section, "ýaşyl")
    assert "ýaşyl".encode() in response.content


def test_russian_query(client, section, ru_section):
    factories.make_article(ru_section, RU_TITLE, slug="most")
    factories.make_article(ru_section, "Цены на хлопок выросли", slug="hlopok")
    factories.make_article(section, "A new bridge")
    assert titles(search(client, ru_section, "мост")) == [RU_TITLE]
    assert titles(search(client, section, "мост")) == []


@override_settings(WAGTAIL_NEWS={"PAGE_SIZE": 2})
def test_results_are_paginated_like_the_listing(client, section):
    factories.make_articles(section, 5, prefix="Cotton", revision=False)
    factories.make_article(section, "Unrelated")
    first, second, third = (titles(search(client, section, "cotton", page=n)) for n in (1, 2, 3))
    assert len(first) == len(second) == 2 and len(third) == 1
    assert len(set(first + second + third)) == 5
    soup = BeautifulSoup(search(client, section, "cotton", page=2).content, "html.parser")
    assert soup.select_one("a[rel=next]")["href"] == "?query=cotton&page=3"
    for bad in ("4", "0", "abc", "-1"):
        assert search(client, section, "cotton", page=bad).status_code == 404


def test_empty_query_shows_the_form_only(client, section):
    factories.make_article(section, "Anything")
    for query in ("", "   "):
        response = search(client, section, query)
        assert titles(response) == []
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.select_one("form.news-search") is not None
        assert soup.select_one(".news-list") is None
    assert client.get(section.url + "search/").status_code == 200


def test_no_match_says_so(client, section):
    factories.make_article(section, "Anything")
    response = search(client, section, "zzzznothing")
    assert titles(response) == []
    assert b"No articles match your search." in response.content


@pytest.mark.parametrize("query", ["x" * 256, "oil\x00", "a" * 5000])
def test_bad_queries_are_400_with_a_message(client, section, query):
    response = search(client, section, query)
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(".news-search__error").get_text()


@pytest.mark.parametrize(
    "query",
    [
        "' OR 1=1 --",
        "%",
        "_",
        '"',
        '"a',
        "()",
        "***",
        "ý*",
        "a:b",
        "^x",
        "-x",
        "NOT",
        "AND OR",
        "NEAR(",
        "{}",
    ],
)
def test_odd_queries_are_text(client, section, query):
    factories.make_article(section, "Oil")
    assert search(client, section, query).status_code == 200


def test_search_page_in_turkmen_is_translated(client, tk_section):
    response = search(client, tk_section, "")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(".news-search__button").get_text() == "Gözle"


def test_api_search_is_per_locale(client, section, tk_section, ru_section):
    en = factories.make_article(section, "Cotton harvest")
    tk = factories.make_article(tk_section, "Pagta ýygymy", slug="pagta")
    ru = factories.make_article(ru_section, "Урожай хлопка", slug="hlopok")
    url = reverse("wagtailapi:news:listing")

    def ids(**params):
        response = client.get(url, params)
        assert response.status_code == 200, response.content
        return [item["id"] for item in response.json()["items"]]

    assert ids(search="cotton", locale="en") == [en.pk]
    assert ids(search="ýygymy", locale="tk") == [tk.pk]
    assert ids(search="хлопка", locale="ru") == [ru.pk]
    assert ids(search="cotton", locale="tk") == []
    assert ids(search="хлопка", locale="en") == []


def test_api_search_bad_input_is_400(client, section):
    url = reverse("wagtailapi:news:listing")
    assert client.get(url, {"search": "oil\x00"}).status_code == 400
    assert client.get(url, {"search": "oil", "locale": "xx"}).status_code == 400
