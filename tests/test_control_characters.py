"""Control characters (``\\x0b``, a word processor's soft line break) in the
text that feeds and sitemaps show: rejected by Wagtail's page editor and the
category snippet form, and left out of the XML of text stored before."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from tests import factories
from wagtail_news.models import NewsCategory
from wagtail_news.text import (
    find_control_character,
    reject_control_characters,
    strip_control_characters,
)

pytestmark = pytest.mark.django_db

VT = "\x0b"


def article_data(**fields):
    return nested_form_data(
        {
            "title": "A clean title",
            "slug": "clean",
            "date": "2023-05-16 09:30",
            "intro": "A lead.",
            "tags": "",
            "body": streamfield([("paragraph", rich_text("<p>Body.</p>"))]),
            "action-publish": "publish",
            **fields,
        }
    )


def add_url(section):
    model = factories.article_model()
    return reverse(
        "wagtailadmin_pages:add", args=(model._meta.app_label, model._meta.model_name, section.pk)
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", f"Line one{VT}line two"),
        ("title", "Tab\tin a title"),
        ("intro", f"A lead{VT}with a soft break."),
        ("seo_title", f"SEO{VT}title"),
        ("search_description", f"Search{VT}description"),
    ],
)
def test_the_page_editor_rejects_control_characters(admin_client, section, field, value):
    response = admin_client.post(add_url(section), article_data(**{field: value}))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert "control character" in str(errors[field])
    assert not factories.article_model().objects.exists()


def test_the_page_editor_keeps_line_breaks_and_tabs_in_a_lead(admin_client, section):
    response = admin_client.post(
        add_url(section), article_data(intro="First line.\r\nSecond\tline.")
    )
    assert response.status_code == 302, response.context["form"].errors
    article = factories.article_model().objects.get()
    assert article.intro == "First line.\r\nSecond\tline."


def test_editing_an_article_rejects_a_control_character_in_its_title(admin_client, section):
    article = factories.make_article(section, "Stored title")
    url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    data = article_data(title=f"Edited{VT}title", slug=article.slug)
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["title"]
    article.refresh_from_db()
    assert article.title == article.draft_title == "Stored title"
    assert article.revisions.count() == 1
    # A draft is refused too.
    data = article_data(title=f"Edited{VT}title", slug=article.slug)
    del data["action-publish"]
    response = admin_client.post(url, data)
    assert response.status_code == 200 and "title" in response.context["form"].errors
    assert article.revisions.count() == 1


def test_the_section_editor_rejects_a_control_character_in_its_title(admin_client, home):
    model = factories.section_model()
    url = reverse(
        "wagtailadmin_pages:add", args=(model._meta.app_label, model._meta.model_name, home.pk)
    )
    data = nested_form_data({"title": f"Eco{VT}nomy", "slug": "economy", "intro": rich_text("")})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["title"]
    assert not model.objects.exists()


def test_the_category_form_rejects_a_control_character_in_its_name(admin_client, locales):
    url = reverse("wagtailsnippets_wagtail_news_newscategory:add")
    response = admin_client.post(url, {"name": f"Tra{VT}de", "slug": "trade"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["name"]
    assert not NewsCategory.objects.exists()


def test_the_helpers():
    assert find_control_character("Fine – ünïcode ✓") is None
    assert find_control_character("a\tb") == "\t"
    assert find_control_character("a\tb\r\n", multiline=True) is None
    assert find_control_character("a\x85b", multiline=True) == "\x85"
    assert find_control_character("lone \ud800") == "\ud800"
    with pytest.raises(Exception, match="U\\+000B"):
        reject_control_characters(f"a{VT}b")
    assert strip_control_characters(f"a{VT}b\x00c\td\ne\ud800") == "abc\td\ne"
    assert strip_control_characters(f"a{VT}é".encode()) == "aé".encode()


# -- text stored before: the XML outputs leave the characters out ----------------------------


@pytest.fixture
def stored(section):
    """An article, its category, a tag and its section with control
    characters written straight into the database (as data stored before
    the forms rejected them)."""
    category = factories.make_category("Trade")
    article = factories.make_article(
        section, "Placeholder", date=timezone.now() - timezone.timedelta(hours=1), category=category
    )
    article.tags.add("gas")
    article.save_revision().publish()
    model = factories.article_model()
    model.objects.filter(pk=article.pk).update(
        title=f"Soft{VT}break", draft_title=f"Soft{VT}break", intro=f"Lead{VT}\x1f"
    )
    type(section).objects.filter(pk=section.pk).update(
        title=f"Eco{VT}nomy", search_description=f"About{VT}money"
    )
    NewsCategory.objects.filter(pk=category.pk).update(name=f"Tra{VT}de")
    model.tags.through.tag_model().objects.filter(name="gas").update(name=f"g{VT}as")
    return article


FEEDS = [
    "feed/",
    "atom/",
    "category/trade/feed/",
    "category/trade/atom/",
    "tag/gas/feed/",
    "tag/gas/atom/",
]


@pytest.mark.parametrize("feed", FEEDS)
def test_feeds_of_stored_control_characters_are_well_formed(client, section, stored, feed):
    response = client.get(section.url + feed)
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - the test's own response
    text = "".join(root.itertext())
    assert "Softbreak" in text and "Economy" in text
    assert b"Trade" in response.content
    assert VT.encode() not in response.content


@pytest.mark.urls("tests.sitemap_urls")
@pytest.mark.parametrize(
    "url", ["/sitemap.xml", "/sitemap-articles.xml", "/sitemap-pages.xml", "/sitemap-news.xml"]
)
def test_sitemaps_of_stored_control_characters_are_well_formed(client, stored, url):
    response = client.get(url)
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - the test's own response
    assert VT.encode() not in response.content
    if url == "/sitemap-news.xml":
        ns = {"news": "http://www.google.com/schemas/sitemap-news/0.9"}
        assert [node.text for node in root.iterfind(".//news:title", ns)] == ["Softbreak"]
    if url == "/sitemap-articles.xml":
        assert [node.text for node in root.iter() if node.tag.endswith("loc")] == [
            stored.get_full_url()
        ]
