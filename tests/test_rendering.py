import datetime

import pytest
from bs4 import BeautifulSoup
from django.test import override_settings

from tests import factories


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.django_db
def test_article_page_has_the_reference_shape(client, section):
    category = factories.make_category("Trade")
    article = factories.make_article(
        section,
        "Prospects for cooperation",
        date=datetime.datetime(2023, 5, 16, 9, 30, tzinfo=datetime.UTC),
        category=category,
        image=factories.make_image("Harbour"),
        intro="Two neighbours sign a transit deal.",
        body=[
            ("heading", "A long friendship"),
            ("paragraph", "<p>First paragraph.</p>"),
            ("quote", {"text": "We agreed.", "attribution": "A minister"}),
            ("image", {"image": factories.make_image("Quay"), "caption": "The new quay"}),
        ],
    )
    article.tags.add("transit")
    article.save_revision().publish()
    soup = soup_of(client.get(article.url))
    assert soup.title.get_text() == "Prospects for cooperation"
    assert soup.select_one(".news-article__section a").get_text() == "Economy"
    assert soup.select_one("h1.news-article__title").get_text() == "Prospects for cooperation"
    meta = soup.select_one(".news-meta__date")
    assert " ".join(meta.get_text().split()) == "Published 16.05.2023"
    assert meta.time["datetime"] == "2023-05-16T09:30:00+00:00"
    assert (
        soup.select_one(".news-article__intro").get_text() == "Two neighbours sign a transit deal."
    )
    body = soup.select_one(".news-article__body")
    assert body.select_one("h2").get_text() == "A long friendship"
    assert "First paragraph." in body.get_text()
    assert body.select_one("blockquote footer").get_text() == "A minister"
    assert body.select_one("figure figcaption").get_text() == "The new quay"
    assert body.select_one("figure img")["alt"] == "The new quay"
    image = soup.select_one(".news-article__image img")
    assert "harbour" in image["src"] and image["alt"] == "Harbour"
    assert soup.select_one(".news-tags a")["href"] == "/en/economy/tag/transit/"


@pytest.mark.django_db
@override_settings(WAGTAIL_NEWS={"DATE_FORMAT": "Y-m-d"})
def test_date_format_setting(client, section):
    article = factories.make_article(section, "Dated")
    meta = soup_of(client.get(article.url)).select_one(".news-meta__date time")
    assert meta.get_text() == "2023-05-16"


@pytest.mark.django_db
@override_settings(WAGTAIL_NEWS={"BASE_TEMPLATE": "alternative_base.html"})
def test_base_template_setting(client, section):
    article = factories.make_article(section, "Elsewhere")
    response = client.get(article.url)
    assert b'data-base="alternative"' in response.content
    assert b'data-base="alternative"' in client.get(section.url).content


@pytest.mark.django_db
def test_templates_can_be_overridden_by_the_site(client, section, settings):
    templates = dict(settings.TEMPLATES[0])
    templates["DIRS"] = [str(settings_dir() / "override_templates"), *templates["DIRS"]]
    settings.TEMPLATES = [templates]
    article = factories.make_article(section, "Overridden")
    response = client.get(article.url)
    assert b"site-specific meta line" in response.content


def settings_dir():
    import pathlib

    return pathlib.Path(__file__).parent


@pytest.mark.django_db
def test_section_card_shows_date_category_title_intro_and_image(client, section):
    factories.make_article(
        section,
        "Card",
        category=factories.make_category("Energy"),
        image=factories.make_image("Plant"),
        intro="A lead.",
    )
    card = soup_of(client.get(section.url)).select_one(".news-card")
    assert card.select_one(".news-card__date").get_text() == "16.05.2023"
    assert card.select_one(".news-card__category").get_text() == "Energy"
    assert card.select_one(".news-card__title a")["href"] == "/en/economy/card/"
    assert card.select_one(".news-card__intro").get_text() == "A lead."
    assert "fill-480x270" in card.select_one("img")["src"]


@pytest.mark.django_db
def test_app_templates_are_fragments_not_documents():
    import pathlib

    import wagtail_news

    root = pathlib.Path(wagtail_news.__file__).parent / "templates"
    for template in root.rglob("*.html"):
        text = template.read_text().lower()
        assert "<html" not in text and "<!doctype" not in text, template


@pytest.mark.django_db
def test_preview_of_a_draft_renders(admin_client, section):
    draft = factories.make_article(section, "Draft preview", live=False)
    response = admin_client.get(f"/admin/pages/{draft.pk}/view_draft/")
    assert response.status_code == 200
    assert b"Draft preview" in response.content
    # A draft is never served to readers.
    from django.test import Client

    assert Client().get("/en/economy/draft-preview/").status_code == 404


@pytest.mark.django_db
def test_article_under_a_non_standard_url_gets_404_for_extra_path(client, section):
    article = factories.make_article(section, "Leaf")
    assert client.get(article.url + "extra/").status_code == 404
