"""News through Wagtail's API v2: the fields on the stock pages endpoint and
the ``news`` endpoint (filters, routes, errors, visibility, caching)."""

import datetime

import pytest
from wagtail.models import PageViewRestriction

from tests import factories
from wagtail_news.counting.store import add_view

NEWS = "/api/v2/news/"
PAGES = "/api/v2/pages/"


pytestmark = pytest.mark.usefixtures("api_settings")


@pytest.fixture
def article(section, home):
    category = factories.make_category("Trade")
    image = factories.make_image(width=960, height=540)
    linked = factories.make_plain_page(home, "Linked")
    body = [
        ("paragraph", f'<p>See <a linktype="page" id="{linked.pk}">this</a>.</p>'),
        ("heading", "A heading"),
        ("image", {"image": image, "caption": "Cap"}),
    ]
    article = factories.make_article(
        section, "Gas deal", category=category, image=image, body=body, intro="The lead."
    )
    article.tags.add("gas", "trade")
    article.save_revision().publish()
    add_view(article.pk)
    add_view(article.pk)
    return article


def items(response):
    assert response.status_code == 200, response.content
    return response.json()["items"]


def ids(response):
    return [item["id"] for item in items(response)]


# -- fields ------------------------------------------------------------------


@pytest.mark.django_db
def test_all_fields_on_the_stock_pages_endpoint(client, article, section, home):
    response = client.get(PAGES, {"type": factories.article_model()._meta.label, "fields": "*"})
    [item] = items(response)
    assert item["id"] == article.pk
    assert item["date"].startswith("2023-05-16T09:30:00")
    assert item["category"] == {"id": article.category_id, "name": "Trade", "slug": "trade"}
    assert item["intro"] == "The lead."
    assert item["tags"] == [{"name": "gas", "slug": "gas"}, {"name": "trade", "slug": "trade"}]
    assert item["breadcrumbs"] == [
        {"id": home.pk, "title": "Home", "url": "/en/"},
        {"id": section.pk, "title": "Economy", "url": "/en/economy/"},
    ]
    assert item["view_count"] == 2
    assert item["section"] == {"id": section.pk, "title": "Economy", "url": "/en/economy/"}
    image = item["image"]
    assert image["id"] == article.image_id
    assert image["title"] == "Lead"
    assert set(image["thumbnail"]) == {"url", "width", "height"}
    assert image["alt"] == "Lead"
    assert image["thumbnail"]["width"] == 480 and image["thumbnail"]["height"] == 270
    assert "fill-480x270" in image["thumbnail"]["url"]
    assert image["large"]["width"] == 960  # width-1200 never upscales
    assert "width-1200" in image["large"]["url"]


@pytest.mark.django_db
def test_body_resolves_internal_links(client, article):
    response = client.get(f"{PAGES}{article.pk}/")
    assert response.status_code == 200
    body = response.json()["body"]
    assert [block["type"] for block in body] == ["paragraph", "heading", "image"]
    assert body[0]["value"] == '<p>See <a href="/en/linked/">this</a>.</p>'
    assert "linktype" not in body[0]["value"]
    assert body[1]["value"] == "A heading"
    assert body[2]["value"] == {"image": article.image_id, "caption": "Cap"}
    assert response.json()["view_count"] == 2


@pytest.mark.django_db
def test_embedded_images_in_rich_text_resolve(client, section):
    image = factories.make_image("Inline")
    embed = f'<embed embedtype="image" id="{image.pk}" format="fullwidth" alt="Pic"/>'
    article = factories.make_article(section, "Pic", body=[("paragraph", embed)])
    body = client.get(f"{NEWS}{article.pk}/").json()["body"]
    assert "<img" in body[0]["value"] and 'alt="Pic"' in body[0]["value"]
    assert "embedtype" not in body[0]["value"]


@pytest.mark.django_db
def test_index_page_intro(client, home):
    section = factories.make_section(
        home, "Sport", intro='<p>All <a id="1" linktype="page">x</a></p>'
    )
    section.save_revision().publish()
    response = client.get(f"{PAGES}{section.pk}/")
    assert response.status_code == 200
    assert response.json()["intro"].startswith("<p>All <a")
    assert "linktype" not in response.json()["intro"]


@pytest.mark.django_db
def test_article_without_image_category_or_tags(client, section):
    article = factories.make_article(section, "Bare")
    item = client.get(f"{NEWS}{article.pk}/").json()
    assert item["image"] is None
    assert item["category"] is None
    assert item["tags"] == []
    assert item["view_count"] == 0


@pytest.mark.django_db
def test_news_listing_default_fields(client, article):
    [item] = items(client.get(NEWS))
    for name in ("id", "title", "date", "category", "intro", "image", "tags", "section"):
        assert name in item
    assert "body" not in item
    assert item["meta"]["type"] == article._meta.label
    [item] = items(client.get(NEWS, {"fields": "*"}))
    assert item["breadcrumbs"][-1]["title"] == "Economy"
    assert item["body"][0]["type"] == "paragraph"


# -- visibility ----------------------------------------------------------------


@pytest.fixture
def hidden(section, home, locales):
    draft = factories.make_article(section, "Draft", live=False)
    private = factories.make_article(section, "Private")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    private_section = factories.make_section(home, "Closed")
    in_private_section = factories.make_article(private_section, "Closed one")
    PageViewRestriction.objects.create(page=private_section, restriction_type="login")
    _, other_home = factories.make_site("other.test", "Other", "other", default=False)
    other = factories.make_article(factories.make_section(other_home, "Else"), "Elsewhere")
    return [draft, private, in_private_section, other]


@pytest.mark.django_db
def test_drafts_private_and_other_sites_are_hidden(client, article, hidden):
    assert ids(client.get(NEWS)) == [article.pk]
    assert ids(client.get(PAGES, {"type": factories.article_model()._meta.label})) == [article.pk]
    for page in hidden:
        response = client.get(f"{NEWS}{page.pk}/")
        assert response.status_code == 404
        assert "message" in response.json()
        assert client.post(f"{NEWS}{page.pk}/views/").status_code == 404


@pytest.mark.django_db
def test_other_site_lists_its_own(client, article, hidden):
    other = hidden[-1]
    assert ids(client.get(NEWS, HTTP_HOST="other.test")) == [other.pk]
    assert client.get(f"{NEWS}{article.pk}/", HTTP_HOST="other.test").status_code == 404


# -- filters and order ------------------------------------------------------------


@pytest.fixture
def archive(section, home, locales):
    sport = factories.make_section(home, "Sport")
    trade = factories.make_category("Trade")
    day = datetime.timedelta(days=1)
    base = factories.BASE_DATE
    a = factories.make_article(section, "Oil", date=base, category=trade)
    b = factories.make_article(section, "Gas", date=base - day, intro="Pipeline news")
    c = factories.make_article(sport, "Match", date=base - 2 * day)
    b.tags.add("energy")
    b.save_revision().publish()
    for _ in range(3):
        add_view(c.pk)
    add_view(b.pk)
    return {"a": a, "b": b, "c": c, "sport": sport}


@pytest.mark.django_db
def test_filters(client, archive, section):
    a, b, c = archive["a"], archive["b"], archive["c"]
    assert ids(client.get(NEWS)) == [a.pk, b.pk, c.pk]
    assert client.get(NEWS).json()["meta"]["total_count"] == 3
    assert ids(client.get(NEWS, {"section": section.pk})) == [a.pk, b.pk]
    assert ids(client.get(NEWS, {"section": archive["sport"].pk})) == [c.pk]
    assert ids(client.get(NEWS, {"category": "trade"})) == [a.pk]
    assert ids(client.get(NEWS, {"category": "nothing"})) == []
    assert ids(client.get(NEWS, {"tag": "energy"})) == [b.pk]
    assert ids(client.get(NEWS, {"date_from": "2023-05-15"})) == [a.pk, b.pk]
    assert ids(client.get(NEWS, {"date_to": "2023-05-15"})) == [b.pk, c.pk]
    assert ids(client.get(NEWS, {"date_from": "2023-05-15", "date_to": "2023-05-15"})) == [b.pk]
    assert ids(client.get(NEWS, {"search": "pipeline"})) == [b.pk]
    assert ids(client.get(NEWS, {"search": "pipeline", "order": "date"})) == [b.pk]
    assert ids(client.get(NEWS, {"limit": 1, "offset": 1})) == [b.pk]


@pytest.mark.django_db
def test_orders(client, archive):
    a, b, c = archive["a"], archive["b"], archive["c"]
    assert ids(client.get(NEWS, {"order": "-date"})) == [a.pk, b.pk, c.pk]
    assert ids(client.get(NEWS, {"order": "date"})) == [c.pk, b.pk, a.pk]
    assert ids(client.get(NEWS, {"order": "-views"})) == [c.pk, b.pk, a.pk]
    assert ids(client.get(NEWS, {"order": "-views_7d"})) == [c.pk, b.pk, a.pk]
    assert [item["view_count"] for item in items(client.get(NEWS, {"order": "-views"}))] == [
        3,
        1,
        0,
    ]


@pytest.mark.django_db
def test_locale(client, archive, section, locales):
    assert ids(client.get(NEWS, {"locale": "ru"})) == []
    assert len(ids(client.get(NEWS, {"locale": "en"}))) == 3
    assert ids(client.get(NEWS, {"locale": "tk"})) == []


# -- errors --------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"nonsense": "1"},
        {"title": "Oil"},
        {"limit": "ten"},
        {"limit": "-1"},
        {"offset": "-5"},
        {"offset": "x"},
        {"limit": "51"},
        {"date_from": "2023-13-01"},
        {"date_to": "yesterday"},
        {"date_from": "2023-05-16", "date_to": "2023-05-01"},
        {"locale": "xx"},
        {"locale": "en'; DROP TABLE wagtailcore_page;--"},
        {"order": "title"},
        {"order": "-date,title"},
        {"order": "-views", "search": "oil"},
        {"section": "1 OR 1=1"},
        {"section": "-3"},
        {"category": "' OR '1'='1"},
        {"tag": "a b"},
        {"search": "oil\x00"},
        {"fields": "nope"},
    ],
)
def test_bad_input_is_a_400(client, archive, params):
    response = client.get(NEWS, params)
    assert response.status_code == 400, response.content
    assert isinstance(response.json()["message"], str)


@pytest.mark.django_db
def test_sql_in_search_is_only_text(client, archive):
    assert ids(client.get(NEWS, {"search": "' OR 1=1 --"})) == []


@pytest.mark.django_db
def test_stock_endpoint_limits(client, archive):
    assert client.get(PAGES, {"limit": "51"}).status_code == 400
    assert client.get(PAGES, {"limit": "-1"}).status_code == 400


# -- routes -----------------------------------------------------------------------


@pytest.mark.django_db
def test_last(client, archive):
    response = client.get(f"{NEWS}last/", {"limit": 2})
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60" or set(
        response["Cache-Control"].split(", ")
    ) == {"public", "max-age=60"}
    data = response.json()
    assert data["title"] == "Last news"
    assert [item["id"] for item in data["items"]] == [archive["a"].pk, archive["b"].pk]
    assert data["items"][0]["url"] == "/en/economy/oil/"
    assert client.get(f"{NEWS}last/", {"locale": "ru"}).json()["items"] == []
    # The article being read is left out, and the list keeps its length.
    without_a = client.get(f"{NEWS}last/", {"limit": 2, "exclude": archive["a"].pk}).json()
    assert [item["id"] for item in without_a["items"]][0] == archive["b"].pk
    assert len(without_a["items"]) == len(data["items"])
    for params in ({"limit": 0}, {"limit": 51}, {"locale": "zz"}, {"page": 1}, {"exclude": "x"}):
        response = client.get(f"{NEWS}last/", params)
        assert response.status_code == 400
        assert "message" in response.json()


@pytest.mark.django_db
def test_most_read(client, archive):
    from wagtail_news.counting.store import add_view as add

    response = client.get(f"{NEWS}most-read/", {"days": 7, "limit": 5})
    assert response.status_code == 200
    data = response.json()
    assert data["days"] == 7 and data["limit"] == 5
    assert [(item["id"], item["views"]) for item in data["items"]] == [
        (archive["c"].pk, 3),
        (archive["b"].pk, 1),
    ]
    add(archive["a"].pk)
    assert client.get(f"{NEWS}most-read/", {"limit": 1}).json()["limit"] == 1
    for params in ({"days": "x"}, {"days": 0}, {"days": 400}, {"limit": 99}, {"x": 1}):
        assert client.get(f"{NEWS}most-read/", params).status_code == 400


@pytest.mark.django_db
def test_beacon(client, archive):
    a = archive["a"]
    url = f"{NEWS}{a.pk}/views/"
    response = client.post(url, REMOTE_ADDR="10.0.0.1", HTTP_USER_AGENT="Mozilla/5.0")
    assert response.status_code == 200
    assert response.json() == {"counted": True, "views": 1}
    assert "no-store" in response["Cache-Control"]
    again = client.post(url, REMOTE_ADDR="10.0.0.1", HTTP_USER_AGENT="Mozilla/5.0")
    assert again.json()["counted"] is False
    response = client.get(url)
    assert response.status_code == 405
    assert "message" in response.json()
    assert client.post(f"{NEWS}999999/views/").status_code == 404
    assert "no-store" in client.post(f"{NEWS}999999/views/")["Cache-Control"]


@pytest.mark.django_db
def test_beacon_needs_no_csrf_token(archive):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(f"{NEWS}{archive['a'].pk}/views/", HTTP_USER_AGENT="Mozilla/5.0")
    assert response.status_code == 200


@pytest.mark.django_db
def test_list_cache_headers(client, archive):
    for url in (NEWS, f"{NEWS}last/", f"{NEWS}most-read/"):
        header = client.get(url)["Cache-Control"]
        assert set(header.split(", ")) == {"public", "max-age=60"}, url
    assert "max-age" not in client.get(NEWS, {"order": "x"}).get("Cache-Control", "")


@pytest.mark.django_db
def test_detail_and_find(client, archive):
    a = archive["a"]
    response = client.get(f"{NEWS}{a.pk}/")
    assert response.status_code == 200
    assert response.json()["title"] == "Oil"
    assert response.json()["body"][0]["value"] == "<p>Body of Oil.</p>"
    response = client.get(f"{NEWS}find/", {"html_path": "/economy/oil/"})
    assert response.status_code == 302
    assert client.get(f"{NEWS}find/", {"id": 999999}).status_code == 404


@pytest.mark.django_db
def test_items_carry_their_live_public_translations(client, locales, home, section):
    from wagtail.models import PageViewRestriction

    article = factories.make_article(section, "Gas deal")
    for page in (home, section):
        page.copy_for_translation(locales["ru"]).save_revision().publish()
        page.copy_for_translation(locales["tk"]).save_revision().publish()
    ru = article.copy_for_translation(locales["ru"])
    ru.save_revision().publish()
    tk = article.copy_for_translation(locales["tk"])  # a draft: never exposed
    tk.save_revision()
    data = client.get(f"/api/v2/news/{article.pk}/").json()
    assert data["translations"] == {"ru": {"id": ru.pk, "url": ru.url}}
    assert data["meta"]["locale"] == "en"
    PageViewRestriction.objects.create(page=ru, restriction_type="login")
    assert client.get(f"/api/v2/news/{article.pk}/").json()["translations"] == {}
    listing = client.get(
        "/api/v2/pages/",
        {"type": factories.article_model()._meta.label, "fields": "translations", "locale": "en"},
    ).json()
    assert listing["items"][0]["translations"] == {}


@pytest.mark.django_db
def test_an_id_beyond_any_page_is_a_404(client, archive):
    assert client.get(f"{NEWS}99999999999999999999/").status_code == 404


@pytest.mark.django_db
def test_a_lead_image_whose_file_is_gone_is_an_error_entry_not_a_500(client, section):
    image = factories.make_image("Lost")
    article = factories.make_article(section, "Without its picture", image=image)
    image.file.storage.delete(image.file.name)  # no rendition exists yet: one must be made
    response = client.get(f"/api/v2/news/{article.pk}/")
    assert response.status_code == 200
    assert response.json()["image"]["thumbnail"] == {"error": "SourceImageIOError"}
    assert response.json()["image"]["large"] == {"error": "SourceImageIOError"}


# -- a site with two article models --------------------------------------------


@pytest.fixture
def mixed(home):
    models = (factories.recipe_article_model(), factories.video_article_model())
    section = factories.make_mixed_section(home)
    return factories.make_mixed_articles(section, [f"Mixed {n}" for n in range(6)], models)


@pytest.mark.django_db
def test_two_article_models_list_in_date_order(client, mixed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert {type(article) for article in mixed} == {type(mixed[0]), type(mixed[1])}
    assert ids(client.get(NEWS)) == [article.pk for article in mixed]
    assert client.get(NEWS).json()["meta"]["total_count"] == 6
    assert ids(client.get(NEWS, {"order": "date"})) == [article.pk for article in mixed[::-1]]
    assert ids(client.get(NEWS, {"limit": 2, "offset": 3})) == [mixed[3].pk, mixed[4].pk]
    add_view(mixed[4].pk)
    assert ids(client.get(NEWS, {"order": "-views"}))[0] == mixed[4].pk
    assert ids(client.get(NEWS, {"order": "-views_7d"}))[0] == mixed[4].pk
    assert ids(client.get(NEWS, {"search": "mixed", "order": "-date"})) == [a.pk for a in mixed]
    assert set(ids(client.get(NEWS, {"search": "mixed"}))) == {a.pk for a in mixed}
    listed = items(client.get(NEWS, {"fields": "*"}))
    assert [item["meta"]["type"] for item in listed] == [a._meta.label for a in mixed]
    for article in mixed[:2]:
        response = client.get(f"{NEWS}{article.pk}/")
        assert response.status_code == 200, response.content
        assert response.json()["meta"]["type"] == article._meta.label
        assert response.json()["body"][0]["value"] == f"<p>Body of {article.title}.</p>"
    counts = []
    for limit in (2, 6):
        assert client.get(NEWS, {"limit": limit}).status_code == 200
        with CaptureQueriesContext(connection) as ctx:
            assert len(ids(client.get(NEWS, {"limit": limit}))) == limit
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
