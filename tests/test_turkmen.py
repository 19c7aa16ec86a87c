"""Turkmen round trips: titles and slugs with ň, ý, ş, ç, ä, ö, ü and ž
through the admin form, serving, Last news, search and the API.

Unicode slugs stay on (Wagtail's default ``WAGTAIL_ALLOW_UNICODE_SLUGS =
True``): Turkmen readers get readable addresses such as
``/tk/ykdysadyýet/ýaşyl-köçe/``.
"""

import json
from urllib.parse import quote, unquote, urlencode

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from tests import factories
from wagtail_news.models import NewsArticlePage

pytestmark = pytest.mark.django_db

TITLE = "Aşgabatda ýaşyl köçe açyldy: Türkmenistanyň žurnalistleri şäherde"
SLUG = "ýaşyl-köçe-türkmenistanyň-žurnalistleri-şäherde"
LETTERS = "ňýşçäöüž"


@pytest.fixture(autouse=True)
def _restore_language():
    """Requests under /ru/ and /tk/ activate their language in this thread
    (LocaleMiddleware); give the next test the default one back."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def tk_section(locales, home, section):
    for page, title in ((home, "Baş sahypa"), (section, "Ykdysadyýet")):
        translated = page.copy_for_translation(locales["tk"])
        translated.title = title
        if page is section:
            translated.slug = "ykdysadyýet"
        translated.save_revision().publish()
    return Page.objects.get(pk=translated.pk).specific  # with its new url_path


def create_through_admin(client, parent, title, slug, **fields):
    url = reverse("wagtailadmin_pages:add", args=("wagtail_news", "newsarticlepage", parent.pk))
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "date": "2023-05-16 09:30",
            "intro": fields.pop("intro", "Täze köçäniň uzynlygy 3 km."),
            "tags": fields.pop("tags", ""),
            "body": streamfield([("paragraph", rich_text("<p>Köçe ýaşyl agaçlar bilen.</p>"))]),
            "action-publish": "publish",
            **fields,
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:3000]
    return NewsArticlePage.objects.get(title=title)


def test_admin_creates_and_readers_open_a_turkmen_article(admin_client, client, tk_section):
    assert set(LETTERS) <= set(TITLE.lower())
    article = create_through_admin(
        admin_client, tk_section, TITLE, SLUG, tags="ýaşyl şäher, Aşgabat"
    )
    assert (article.title, article.slug, article.live) == (TITLE, SLUG, True)
    assert article.locale.language_code == "tk"
    # Wagtail gives the address percent-encoded (UTF-8), as browsers send it.
    assert unquote(article.url) == f"/tk/ykdysadyýet/{SLUG}/"
    assert article.url == quote(unquote(article.url))

    for url in (article.url, unquote(article.url)):
        page = soup(client.get(url))
        assert page.h1.get_text(strip=True) == TITLE
        assert "Köçe ýaşyl agaçlar bilen." in page.get_text()
    # An address with one letter changed is a 404, not a near match.
    assert client.get(quote(unquote(article.url).replace("ý", "y", 1))).status_code == 404

    listing = soup(client.get(tk_section.url))
    assert [a.get_text(strip=True) for a in listing.select(".news-card__title a")] == [TITLE]
    assert listing.select_one(".news-card__title a")["href"] == article.url

    # The tag keeps its letters in its slug, and its listing resolves.
    assert sorted((t.name, t.slug) for t in article.tags.all()) == [
        ("Aşgabat", "aşgabat"),
        ("ýaşyl şäher", "ýaşyl-şäher"),
    ]
    tagged = soup(client.get(tk_section.url + quote("tag/ýaşyl-şäher/")))
    assert [a.get_text(strip=True) for a in tagged.select(".news-card__title a")] == [TITLE]


def test_a_category_with_a_turkmen_slug(client, tk_section, locales):
    category = factories.make_category("Ykdysadyýet", slug="ykdysadyýet", locale_code="tk")
    factories.make_article(tk_section, TITLE, slug=SLUG, category=category)
    listing = soup(client.get(tk_section.url + quote("category/ykdysadyýet/")))
    assert [a.get_text(strip=True) for a in listing.select(".news-card__title a")] == [TITLE]
    assert listing.select_one(".news-card__category").get_text() == "Ykdysadyýet"


def test_last_news_shows_turkmen_titles(tk_section, section):
    factories.make_article(section, "English news")
    article = factories.make_article(tk_section, TITLE, slug=SLUG)
    request = factories.site_request(path=tk_section.url)
    with translation.override("tk"):
        html = Template("{% load wagtail_news_tags %}{% last_news %}").render(
            Context({"request": request})
        )
    items = BeautifulSoup(html, "html.parser").select(".news-last__item a")
    assert [(a.get_text(), a["href"]) for a in items] == [(TITLE, article.url)]
    assert BeautifulSoup(html, "html.parser").h2.get_text(strip=True) == "Soňky habarlar"


@pytest.mark.parametrize("word", ["ýaşyl", "Türkmenistanyň", "žurnalistleri", "şäherde"])
def test_database_search_finds_turkmen_words(tk_section, section, word):
    factories.make_article(section, "Green street opened in Ashgabat")
    article = factories.make_article(tk_section, TITLE, slug=SLUG)
    found = list(NewsArticlePage.objects.live().search(word))
    assert found == [article]


def test_api_search_returns_turkmen_titles(client, tk_section, section):
    factories.make_article(section, "Green street opened in Ashgabat")
    article = factories.make_article(tk_section, TITLE, slug=SLUG)
    url = reverse("wagtailapi:news:listing") + "?" + urlencode({"search": "ýaşyl", "locale": "tk"})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert TITLE.encode() in response.content  # UTF-8, not \\u escapes
    data = json.loads(response.content)
    assert [(item["id"], item["title"]) for item in data["items"]] == [(article.pk, TITLE)]
    detail = client.get(reverse("wagtailapi:news:detail", args=[article.pk])).json()
    assert detail["meta"]["slug"] == SLUG
    assert unquote(detail["meta"]["html_url"]) == f"http://localhost/tk/ykdysadyýet/{SLUG}/"


@pytest.mark.skipif(not settings.WITH_LOCALIZE, reason="needs wagtail-localize")
def test_wagtail_localize_makes_a_translated_slug_ascii(
    admin_client, tk_section, section, locales, django_capture_on_commit_callbacks
):
    """wagtail-localize passes a translated page slug through Django's
    ``slugify`` without ``allow_unicode``: the letters lose their marks. The
    page is still served; editors who want the Turkmen letters in the
    address set the slug in Wagtail's page editor."""
    from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

    english = factories.make_article(section, "Gas deal")
    source, _ = TranslationSource.get_or_create_from_instance(english)
    for path, value in (("title", "Gaz ylalaşygy"), ("slug", "gaz-ylalaşygy")):
        segment = StringSegment.objects.get(source=source, context__path=path)
        StringTranslation.objects.create(
            translation_of=segment.string, locale=locales["tk"], context=segment.context, data=value
        )
    with django_capture_on_commit_callbacks(execute=True):
        tk, created = source.create_or_update_translation(locales["tk"], fallback=True)
    tk = Page.objects.get(pk=tk.pk)
    assert (tk.title, tk.slug, tk.live) == ("Gaz ylalaşygy", "gaz-ylalasygy", True)
    assert tk.get_parent().pk == tk_section.pk
    assert soup(admin_client.get(tk.url)).h1.get_text(strip=True) == "Gaz ylalaşygy"
