"""Locale-aware output: hreflang links, the language switcher and dates per
language."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation
from wagtail.models import PageViewRestriction

from tests import factories
from wagtail_news import checks
from wagtail_news.conf import news_settings
from wagtail_news.i18n import hreflang_links, language_links, page_translations

DATE = datetime.datetime(2023, 5, 16, 9, 30, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _restore_language():
    """Requests under /ru/ and /tk/ activate their language in this thread
    (LocaleMiddleware); give the next test the default one back."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def render(source, **context):
    template = Template("{% load wagtail_news_tags %}" + source)
    return template.render(Context(context))


def soup_of(html):
    return BeautifulSoup(html, "html.parser")


def alternates(html):
    return [(link["hreflang"], link["href"]) for link in soup_of(html).select("link")]


def switcher(html):
    """``(code, href, current)`` of each link of the switcher."""
    return [
        (a["hreflang"], a["href"], a.get("aria-current") == "true")
        for a in soup_of(html).select("nav.news-language-switcher a")
    ]


def publish_translation(page, locale, title, live=True):
    translated = page.copy_for_translation(locale)
    translated.title = title
    revision = translated.save_revision()
    if live:
        revision.publish()
    return translated.specific


@pytest.fixture
def tree(locales, home, section):
    """An English article with a live Russian translation and a draft
    Turkmen one; the home pages and sections exist in all three languages."""
    article = factories.make_article(section, "Gas deal")
    pages = {"en": article}
    for code, titles in {
        "ru": ("Главная", "Экономика"),
        "tk": ("Baş sahypa", "Ykdysadyýet"),
    }.items():
        publish_translation(home, locales[code], titles[0])
        publish_translation(section, locales[code], titles[1])
    pages["ru"] = publish_translation(article, locales["ru"], "Газовая сделка")
    pages["tk"] = publish_translation(article, locales["tk"], "Gaz ylalaşygy", live=False)
    return pages


# -- hreflang -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_hreflang_lists_live_translations_and_x_default(tree):
    request = factories.site_request(path="/en/economy/gas-deal/")
    html = render("{% news_hreflang page %}", request=request, page=tree["ru"])
    assert alternates(html) == [
        ("en", "http://localhost/en/economy/gas-deal/"),
        ("ru", "http://localhost/ru/economy/gas-deal/"),
        ("x-default", "http://localhost/en/economy/gas-deal/"),
    ]
    # The same set from every member of it.
    assert alternates(render("{% news_hreflang page %}", request=request, page=tree["en"])) == (
        alternates(html)
    )


@pytest.mark.django_db
def test_hreflang_leaves_out_drafts_private_pages_and_lone_pages(tree, locales):
    request = factories.site_request()
    PageViewRestriction.objects.create(page=tree["ru"], restriction_type="login")
    # Only the English article is left: a lone page has no alternates.
    assert render("{% news_hreflang page %}", request=request, page=tree["en"]).strip() == ""
    assert hreflang_links(tree["en"], request) == []
    assert list(page_translations(tree["en"], request)) == ["en"]

    tree["tk"].save_revision().publish()
    assert [code for code, _url in hreflang_links(tree["en"], factories.site_request())] == [
        "en",
        "tk",
        "x-default",
    ]


@pytest.mark.django_db
def test_hreflang_without_the_default_language_has_no_x_default(tree):
    tree["en"].unpublish()
    tree["tk"].save_revision().publish()
    links = hreflang_links(tree["ru"], factories.site_request())
    assert [code for code, _url in links] == ["ru", "tk"]


@pytest.mark.django_db
def test_other_sites_pages_never_show(tree):
    other_site, other_home = factories.make_site(
        hostname="other.example", title="Other", slug="other", default=False
    )
    request = factories.site_request(host="other.example")
    assert hreflang_links(tree["en"], request) == []
    # The other site has no translations: its switcher offers its own home.
    links = language_links(tree["en"], request)
    assert [(link.code, link.url, link.is_translation) for link in links] == [("en", "/en/", False)]


@pytest.mark.django_db
def test_hreflang_and_switcher_cost_one_query_together(tree, django_assert_num_queries):
    request = factories.site_request()
    factories.warm_site_caches(request)
    source = "{% news_hreflang page %}{% news_language_switcher page %}"
    with django_assert_num_queries(1):
        html = render(source, request=request, page=tree["en"])
    assert len(alternates(html)) == 3 and len(switcher(html)) == 3
    # Rendering again in the same request costs nothing.
    with django_assert_num_queries(0):
        render(source, request=request, page=tree["en"])


@pytest.mark.django_db
def test_hreflang_renders_nothing_in_previews(tree):
    request = factories.site_request()
    request.is_preview = True
    assert render("{% news_hreflang page %}", request=request, page=tree["en"]).strip() == ""


# -- the language switcher ---------------------------------------------------------------


@pytest.mark.django_db
def test_switcher_links_translations_or_the_languages_home(tree):
    request = factories.site_request()
    with translation.override("en"):
        html = render("{% news_language_switcher page %}", request=request, page=tree["en"])
    assert switcher(html) == [
        ("en", "/en/economy/gas-deal/", True),
        ("ru", "/ru/economy/gas-deal/", False),
        ("tk", "/tk/", False),  # the Turkmen article is a draft: its home instead
    ]
    nav = soup_of(html).nav
    assert nav["aria-label"] == "Language"
    assert [a["lang"] for a in nav.select("a")] == ["en", "ru", "tk"]
    assert [a["title"] for a in nav.select("a")] == ["English", "Русский", "Türkmençe"]

    with translation.override("ru"):
        html = render("{% news_language_switcher page %}", request=request, page=tree["ru"])
    assert [current for _code, _url, current in switcher(html)] == [False, True, False]
    assert soup_of(html).nav["aria-label"] == "Язык"


@pytest.mark.django_db
def test_switcher_without_a_page_links_the_homes(tree):
    request = factories.site_request()
    links = [(link.code, link.url) for link in language_links(None, request)]
    assert links == [("en", "/en/"), ("ru", "/ru/"), ("tk", "/tk/")]
    html = render("{% news_language_links as links %}{{ links|length }}", request=request)
    assert html == "3"


@pytest.mark.django_db
def test_switcher_leaves_out_a_language_without_any_page(locales, home, section):
    article = factories.make_article(section, "Gas deal")
    request = factories.site_request()
    assert [link.code for link in language_links(article, request)] == ["en"]
    # A switcher with one language has nothing to switch to.
    assert render("{% news_language_switcher page %}", request=request, page=article).strip() == ""


# -- dates per language -----------------------------------------------------------------------


def test_default_date_formats_are_the_reference_ones():
    with translation.override("tk"):
        assert render("{{ d|news_date }} {{ d|news_date:'short' }}", d=DATE) == "16.05.2023 16.05"


@override_settings(
    WAGTAIL_NEWS={
        "DATE_FORMAT": {"en": "n/j/Y", "ru": "d.m.Y", "pt": "d/m/Y"},
        "SHORT_DATE_FORMAT": {"en": "n/j", "tk": "d.m"},
    }
)
def test_date_formats_per_language_with_a_fallback():
    source = "{{ d|news_date }}|{{ d|news_date:'short' }}"
    results = {}
    for language in ("en", "ru", "tk", "pt-br", "de"):
        with translation.override(language):
            results[language] = render(source, d=DATE)
    assert results == {
        "en": "5/16/2023|5/16",
        "ru": "16.05.2023|5/16",  # no Russian short format: LANGUAGE_CODE's (en)
        "tk": "5/16/2023|16.05",  # no Turkmen long format: LANGUAGE_CODE's (en)
        "pt-br": "16/05/2023|5/16",  # the generic language (pt)
        "de": "5/16/2023|5/16",
    }
    assert news_settings.get_date_format("long", "RU") == "d.m.Y"


@override_settings(LANGUAGE_CODE="ru", WAGTAIL_NEWS={"DATE_FORMAT": {"tk": "j.n.Y"}})
def test_a_language_the_dict_does_not_list_gets_the_default_format():
    with translation.override("en"):
        assert render("{{ d|news_date }}", d=DATE) == "16.05.2023"
    with translation.override("tk"):
        assert render("{{ d|news_date }}", d=DATE) == "16.5.2023"


def test_date_format_checks():
    with override_settings(WAGTAIL_NEWS={"DATE_FORMAT": {"en": "N j, Y"}}):
        assert checks.check_settings(None) == []
    with override_settings(WAGTAIL_NEWS={"SHORT_DATE_FORMAT": {"en": 5}}):
        messages = checks.check_settings(None)
    assert [m.id for m in messages] == ["wagtail_news.E003"]
    assert "SHORT_DATE_FORMAT" in messages[0].msg and "'en'" in messages[0].msg
    with override_settings(WAGTAIL_NEWS={"DATE_FORMAT": ["d.m.Y"]}):
        messages = checks.check_settings(None)
    assert [m.id for m in messages] == ["wagtail_news.E003"]
    assert "str or dict" in messages[0].msg


@pytest.mark.django_db
@override_settings(WAGTAIL_NEWS={"DATE_FORMAT": {"en": "n/j/Y", "ru": "d.m.Y"}})
def test_article_pages_use_their_languages_format(client, tree):
    def published(url):
        html = soup_of(client.get(url).content)
        return html.select_one(".news-meta__date time").get_text()

    assert published("/en/economy/gas-deal/") == "5/16/2023"
    assert published("/ru/economy/gas-deal/") == "16.05.2023"
