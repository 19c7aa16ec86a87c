"""News through Wagtail 8's API v3: the article fields' types in Wagtail's
schema discovery and OpenAPI document, the ``news`` router (filters, routes,
errors, visibility, caching, query counts) and the OpenAPI fix."""

import datetime

import pytest
import wagtail
from django.conf import settings

if wagtail.VERSION < (8, 0) or not settings.WAGTAIL_API_V3:  # pragma: no cover
    pytest.skip("Wagtail's API v3 needs Wagtail 8 (tests/settings.py)", allow_module_level=True)

import json
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests import factories
from wagtail_news.counting.store import add_view
from wagtail_news.models import get_article_models

NEWS = "/api/v3/news/"
PROBLEM_JSON = "application/problem+json"
BROWSER = {"REMOTE_ADDR": "10.0.0.1", "HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64)"}


pytestmark = pytest.mark.usefixtures("api_settings")


@pytest.fixture
def article(section, home):
    category = factories.make_category("Trade")
    image = factories.make_image(width=960, height=540)
    linked = factories.make_plain_page(home, "Linked")
    body = [
        ("paragraph", f'<p>See <a linktype="page" id="{linked.pk}">this</a>.</p>'),
        ("heading", "A heading"),
    ]
    article = factories.make_article(
        section, "Gas deal", category=category, image=image, body=body, intro="The lead."
    )
    article.tags.add("gas", "trade")
    article.save_revision().publish()
    add_view(article.pk)
    add_view(article.pk)
    return article


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


def items(response):
    assert response.status_code == 200, response.content
    return response.json()["items"]


def ids(response):
    return [item["id"] for item in items(response)]


def problem(response, status):
    """The RFC 7807 body of a Wagtail v3 error answer."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM_JSON
    body = response.json()
    assert body["status"] == status and body["title"] and body["type"]
    return body


# -- the article fields' types in Wagtail's own schemas ------------------------


def resolve(schema, definitions):
    """``schema`` with a nullable ``anyOf`` and a ``$ref`` resolved."""
    options = [s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"]
    [schema] = options if len(options) == 1 else [{"anyOf": options}]
    if "$ref" in schema:
        return definitions[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def assert_article_field_types(properties, definitions):
    def field(name):
        return resolve(properties[name], definitions)

    def ref(schema):
        return resolve(schema, definitions)

    assert field("date") == {**field("date"), "type": "string", "format": "date-time"}
    assert field("intro")["type"] == "string"
    category = field("category")
    assert category["title"] == "NewsCategory"
    assert {k: v["type"] for k, v in category["properties"].items()} == {
        "id": "integer",
        "name": "string",
        "slug": "string",
    }
    image = field("image")
    assert image["title"] == "NewsImage"
    assert set(image["required"]) == {"id", "title", "alt", "thumbnail", "large"}
    rendition, error = (ref(option) for option in image["properties"]["thumbnail"]["anyOf"])
    assert {k: v["type"] for k, v in rendition["properties"].items()} == {
        "url": "string",
        "width": "integer",
        "height": "integer",
    }
    assert error["properties"]["error"]["type"] == "string"
    tags = field("tags")
    assert tags["type"] == "array"
    assert set(ref(tags["items"])["properties"]) == {"name", "slug"}
    breadcrumbs = field("breadcrumbs")
    assert breadcrumbs["type"] == "array"
    link = ref(breadcrumbs["items"])
    assert link["title"] == "NewsPageLink"
    assert link["properties"]["id"]["type"] == "integer"
    assert field("section") == link
    assert field("view_count")["type"] == "integer"
    translations = field("translations")
    assert translations["type"] == "object"
    translation = ref(translations["additionalProperties"])
    assert set(translation["properties"]) == {"id", "url"}
    body = field("body")
    assert body["type"] == "array"
    assert set(ref(body["items"])["properties"]) == {"type", "value", "id"}


@pytest.fixture
def token_client(client, django_user_model):
    from wagtail.models import APIToken

    user = django_user_model.objects.create_user(username="frontend", password="x")
    _token, plaintext = APIToken.create_token(user=user, name="frontend build")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {plaintext}"
    return client


@pytest.mark.django_db
def test_schema_discovery_types_every_article_field(token_client):
    response = token_client.get("/api/v3/schema/wagtail_news.NewsArticlePage/")
    assert response.status_code == 200, response.content
    read = response.json()["read"]
    assert_article_field_types(read["properties"], read["$defs"])


@pytest.mark.django_db
def test_schema_discovery_needs_a_token(client):
    problem(client.get("/api/v3/schema/wagtail_news.NewsArticlePage/"), 401)


def openapi(client):
    response = client.get("/api/v3/openapi.json")
    assert response.status_code == 200
    return response.json()


@pytest.mark.django_db
def test_openapi_document_types_article_fields_and_news_schemas(client):
    document = openapi(client)
    schemas = document["components"]["schemas"]
    # One schema per article model (two models named ``NewsArticlePage``
    # share the name: Django Ninja numbers them).
    article_schemas = [
        name for name in schemas if re.fullmatch(r"(abc__)?\w*ArticlePageSchema(__\d+)?", name)
    ]
    assert len(article_schemas) == len(get_article_models())
    for name in article_schemas:
        assert_article_field_types(schemas[name]["properties"], schemas)
    # The news router's own schemas share the same components.
    assert_article_field_types(schemas["NewsArticle"]["properties"], schemas)
    assert "body" not in schemas["NewsArticleItem"]["properties"]
    meta = schemas["NewsArticleMeta"]["properties"]
    assert meta["locale"]["type"] == "string"
    assert schemas["NewsViewCount"]["properties"] == {
        "counted": {"title": "Counted", "type": "boolean"},
        "views": {"title": "Views", "type": "integer"},
    }
    assert schemas["NewsMostReadEntry"]["properties"]["views"]["type"] == "integer"
    assert schemas["NewsLastNews"]["properties"]["show_dates"]["type"] == "boolean"
    entry = resolve(schemas["NewsLastNews"]["properties"]["items"]["items"], schemas)
    assert entry["properties"]["date"]["format"] == "date-time"


@pytest.mark.django_db
def test_openapi_document_lists_the_news_operations(client):
    paths = openapi(client)["paths"]
    operations = {
        (path, method): operation["operationId"]
        for path, item in paths.items()
        if path.startswith(NEWS)
        for method, operation in item.items()
    }
    assert operations == {
        (NEWS, "get"): "news_list",
        (f"{NEWS}last/", "get"): "news_last",
        (f"{NEWS}most-read/", "get"): "news_most_read",
        (f"{NEWS}{{article_id}}/", "get"): "news_detail",
        (f"{NEWS}{{article_id}}/views/", "post"): "news_views",
    }
    listing = paths[NEWS]["get"]
    parameters = {p["name"]: resolve(p["schema"], {}) for p in listing["parameters"]}
    assert set(parameters) == {
        "section",
        "category",
        "tag",
        "date_from",
        "date_to",
        "locale",
        "search",
        "search_operator",
        "order",
        "limit",
        "offset",
    }
    assert parameters["section"]["type"] == "integer"
    assert parameters["date_from"]["format"] == "date"
    assert parameters["order"]["enum"] == ["-date", "date", "-views", "-views_7d"]
    page = listing["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert page.endswith("/PagedNewsArticleItem")
    assert PROBLEM_JSON in listing["responses"]["422"]["content"]
    assert PROBLEM_JSON in paths[f"{NEWS}{{article_id}}/"]["get"]["responses"]["404"]["content"]


@pytest.mark.django_db
def test_openapi_document_validates(client):
    from openapi_spec_validator import validate

    validate(openapi(client))


def test_wagtail_8_0_document_does_not_validate_without_the_fix():
    """The fix is needed (Wagtail 8.0.x), and is what makes the document valid."""
    from ninja.responses import NinjaJSONEncoder
    from openapi_spec_validator import validate
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
    from wagtail.api.v3.urls import api

    from wagtail_news.api.v3 import with_optional_security

    raw = json.loads(
        json.dumps(api.get_openapi_schema.__wrapped__(path_prefix="/api/v3/"), cls=NinjaJSONEncoder)
    )
    if wagtail.VERSION[:2] == (8, 0):
        assert raw["components"]["securitySchemes"]["AllowAnonymous"] == {"type": "http"}
        with pytest.raises(OpenAPIValidationError):
            validate(raw)
    fixed = with_optional_security(raw)
    validate(fixed)
    assert set(fixed["components"]["securitySchemes"]) == {"BearerTokenAuth"}
    # Public operations: a token, or nothing at all.
    assert fixed["paths"]["/api/v3/pages/"]["get"]["security"] == [{"BearerTokenAuth": []}, {}]
    # Operations that need a token keep needing one.
    assert fixed["paths"]["/api/v3/schema/"]["get"]["security"] == [{"BearerTokenAuth": []}]
    assert with_optional_security(json.loads(json.dumps(fixed))) == fixed


def test_wiring_twice_changes_nothing():
    from wagtail.api.v3.urls import api

    from wagtail_news.api.v3 import fix_openapi_security, register_news_router, router

    fixed = api.get_openapi_schema
    routers = list(api._routers)
    # ``api.urls`` has been read: adding a router now would raise.
    register_news_router(api)
    fix_openapi_security(api)
    assert api._routers == routers
    assert [added for _prefix, added in routers].count(router) == 1
    assert api.get_openapi_schema is fixed


# -- the news router: fields and visibility ------------------------------------


@pytest.mark.django_db
def test_detail_has_every_field(client, article, section, home):
    response = client.get(f"{NEWS}{article.pk}/")
    assert response.status_code == 200, response.content
    item = response.json()
    assert item["id"] == article.pk and item["title"] == "Gas deal"
    assert item["meta"] == {
        "type": article._meta.label,
        "locale": "en",
        "slug": "gas-deal",
        "html_url": "http://localhost/en/economy/gas-deal/",
        "detail_url": f"http://localhost{NEWS}{article.pk}/",
        "first_published_at": item["meta"]["first_published_at"],
    }
    assert item["meta"]["first_published_at"]
    assert item["date"].startswith("2023-05-16T09:30:00")
    assert item["intro"] == "The lead."
    assert item["category"] == {"id": article.category_id, "name": "Trade", "slug": "trade"}
    assert item["tags"] == [{"name": "gas", "slug": "gas"}, {"name": "trade", "slug": "trade"}]
    assert item["breadcrumbs"] == [
        {"id": home.pk, "title": "Home", "url": "/en/"},
        {"id": section.pk, "title": "Economy", "url": "/en/economy/"},
    ]
    assert item["section"] == {"id": section.pk, "title": "Economy", "url": "/en/economy/"}
    assert item["view_count"] == 2
    assert item["translations"] == {}
    image = item["image"]
    assert (image["id"], image["title"], image["alt"]) == (article.image_id, "Lead", "Lead")
    assert set(image["thumbnail"]) == {"url", "width", "height"}
    assert (image["thumbnail"]["width"], image["thumbnail"]["height"]) == (480, 270)
    assert image["large"]["width"] == 960
    body = item["body"]
    assert [block["type"] for block in body] == ["paragraph", "heading"]
    assert body[0]["value"] == '<p>See <a href="/en/linked/">this</a>.</p>'
    assert body[1]["value"] == "A heading"
    assert "Cache-Control" not in response


@pytest.mark.django_db
def test_detail_rich_text_format(client, article):
    response = client.get(f"{NEWS}{article.pk}/", {"rich_text_format": "db_html"})
    assert response.status_code == 200, response.content
    assert 'linktype="page"' in response.json()["body"][0]["value"]
    problem(client.get(f"{NEWS}{article.pk}/", {"rich_text_format": "pdf"}), 422)


@pytest.mark.django_db
def test_listing_items_carry_every_field_but_the_body(client, article):
    response = client.get(NEWS)
    data = response.json()
    assert data["count"] == 1
    [item] = items(response)
    assert "body" not in item
    assert item["view_count"] == 2
    assert item["breadcrumbs"][-1]["title"] == "Economy"
    assert item["category"]["slug"] == "trade"
    assert item["image"]["thumbnail"]["width"] == 480


@pytest.mark.django_db
def test_drafts_private_and_other_sites_are_hidden(client, article, hidden):
    assert ids(client.get(NEWS)) == [article.pk]
    for page in hidden:
        problem(client.get(f"{NEWS}{page.pk}/"), 404)
        problem(client.post(f"{NEWS}{page.pk}/views/", **BROWSER), 404)
    problem(client.get(f"{NEWS}999999/"), 404)
    # Beyond any page id: refused before the database sees it.
    problem(client.get(f"{NEWS}99999999999999999999/"), 422)
    problem(client.post(f"{NEWS}99999999999999999999/views/", **BROWSER), 422)


@pytest.mark.django_db
def test_other_site_lists_its_own(client, article, hidden):
    other = hidden[-1]
    assert ids(client.get(NEWS, HTTP_HOST="other.test")) == [other.pk]
    problem(client.get(f"{NEWS}{article.pk}/", HTTP_HOST="other.test"), 404)
    assert client.get(f"{NEWS}{other.pk}/", HTTP_HOST="other.test").status_code == 200


# -- filters, search and order -------------------------------------------------


@pytest.mark.django_db
def test_filters(client, archive, section):
    a, b, c = archive["a"], archive["b"], archive["c"]
    assert ids(client.get(NEWS)) == [a.pk, b.pk, c.pk]
    assert client.get(NEWS).json()["count"] == 3
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
    assert ids(client.get(NEWS, {"search": "' OR 1=1 --"})) == []
    response = client.get(NEWS, {"limit": 1, "offset": 1})
    assert ids(response) == [b.pk]
    assert response.json()["count"] == 3


@pytest.mark.django_db
def test_orders(client, archive):
    a, b, c = archive["a"], archive["b"], archive["c"]
    assert ids(client.get(NEWS, {"order": "-date"})) == [a.pk, b.pk, c.pk]
    assert ids(client.get(NEWS, {"order": "date"})) == [c.pk, b.pk, a.pk]
    assert ids(client.get(NEWS, {"order": "-views"})) == [c.pk, b.pk, a.pk]
    assert ids(client.get(NEWS, {"order": "-views_7d"})) == [c.pk, b.pk, a.pk]
    views = [item["view_count"] for item in items(client.get(NEWS, {"order": "-views"}))]
    assert views == [3, 1, 0]


@pytest.mark.django_db
def test_locale(client, archive, section, locales, home):
    assert ids(client.get(NEWS, {"locale": "ru"})) == []
    assert len(ids(client.get(NEWS, {"locale": "en"}))) == 3
    for page in (home, section):
        page.copy_for_translation(locales["ru"]).save_revision().publish()
    ru = archive["a"].copy_for_translation(locales["ru"])
    ru.save_revision().publish()
    [item] = items(client.get(NEWS, {"locale": "ru"}))
    assert item["id"] == ru.pk
    assert item["meta"]["locale"] == "ru"
    assert item["translations"] == {"en": {"id": archive["a"].pk, "url": "/en/economy/oil/"}}
    assert item["breadcrumbs"][-1]["url"] == "/ru/economy/"
    english = client.get(f"{NEWS}{archive['a'].pk}/").json()
    assert english["translations"] == {"ru": {"id": ru.pk, "url": ru.url}}
    # The request's language is the default.
    assert ids(client.get(NEWS, HTTP_ACCEPT_LANGUAGE="ru")) == ids(client.get(NEWS))


# -- errors --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"nonsense": "1"}, "nonsense"),
        ({"title": "Oil"}, "title"),
        ({"fields": "*"}, "fields"),
        ({"limit": "ten"}, "limit"),
        ({"limit": "-1"}, "limit"),
        ({"limit": "0"}, "limit"),
        ({"offset": "-5"}, "offset"),
        ({"offset": "x"}, "offset"),
        ({"offset": "99999999999999999999"}, "offset"),
        ({"date_from": "2023-13-01"}, "date_from"),
        ({"date_to": "yesterday"}, "date_to"),
        ({"date_from": "2023-05-16", "date_to": "2023-05-01"}, "date_from"),
        ({"locale": "xx"}, "locale"),
        ({"locale": "en'; DROP TABLE wagtailcore_page;--"}, "locale"),
        ({"order": "title"}, "order"),
        ({"order": "-date,title"}, "order"),
        ({"order": "-views", "search": "oil"}, "order"),
        ({"section": "1 OR 1=1"}, "section"),
        ({"section": "-3"}, "section"),
        ({"section": "99999999999999999999"}, "section"),
        ({"category": "' OR '1'='1"}, "category"),
        ({"tag": "a b"}, "tag"),
        ({"category": "x" * 256}, "category"),
        ({"search": "oil\x00"}, "search"),
        ({"search_operator": "xor", "search": "oil"}, "search_operator"),
    ],
)
def test_bad_input_is_a_422_naming_the_parameter(client, archive, params, parameter):
    response = client.get(NEWS, params)
    body = problem(response, 422)
    assert [error["loc"][-1] for error in body["errors"]] == [parameter]
    assert all(isinstance(error["msg"], str) for error in body["errors"])
    assert "max-age" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_limit_above_the_maximum_is_a_400(client, archive):
    body = problem(client.get(NEWS, {"limit": "51"}), 400)
    assert body["detail"] == "limit cannot be higher than 50"


@pytest.mark.django_db
def test_unknown_detail_parameters(client, archive):
    problem(client.get(f"{NEWS}{archive['a'].pk}/", {"fields": "*"}), 422)


# -- "Last news" and "Most read" -----------------------------------------------


@pytest.mark.django_db
def test_last(client, archive):
    response = client.get(f"{NEWS}last/", {"limit": 2})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["title"] == "Last news" and data["show_dates"] is True and data["limit"] == 2
    assert [item["id"] for item in data["items"]] == [archive["a"].pk, archive["b"].pk]
    assert data["items"][0]["url"] == "/en/economy/oil/"
    assert data["items"][0]["full_url"] == "http://localhost/en/economy/oil/"
    assert client.get(f"{NEWS}last/", {"locale": "ru"}).json()["items"] == []
    for params in ({"limit": 0}, {"limit": 51}, {"limit": "x"}, {"locale": "zz"}, {"page": 1}):
        problem(client.get(f"{NEWS}last/", params), 422)


@pytest.mark.django_db
def test_most_read(client, archive):
    response = client.get(f"{NEWS}most-read/", {"days": 7, "limit": 5})
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["title"], data["days"], data["limit"]) == ("Most read", 7, 5)
    assert [(item["id"], item["views"]) for item in data["items"]] == [
        (archive["c"].pk, 3),
        (archive["b"].pk, 1),
    ]
    assert client.get(f"{NEWS}most-read/", {"limit": 1}).json()["limit"] == 1
    for params in ({"days": "x"}, {"days": 0}, {"days": 400}, {"limit": 99}, {"x": 1}):
        problem(client.get(f"{NEWS}most-read/", params), 422)


@pytest.mark.django_db
def test_list_cache_headers(client, archive):
    for url in (NEWS, f"{NEWS}last/", f"{NEWS}most-read/"):
        response = client.get(url)
        assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=60"}, url
    for url in (NEWS, f"{NEWS}last/", f"{NEWS}most-read/"):
        assert "Cache-Control" not in client.get(url, {"locale": "zz"})


# -- the beacon ----------------------------------------------------------------


@pytest.mark.django_db
def test_beacon_counts_once_per_visitor(client, archive):
    a = archive["a"]
    url = f"{NEWS}{a.pk}/views/"
    response = client.post(url, **BROWSER)
    assert response.status_code == 200, response.content
    assert response.json() == {"counted": True, "views": 1}
    assert set(response["Cache-Control"].split(", ")) == {"no-store", "private"}
    again = client.post(url, **BROWSER)
    assert again.json() == {"counted": False, "views": 1}
    other = client.post(url, REMOTE_ADDR="10.0.0.2", HTTP_USER_AGENT=BROWSER["HTTP_USER_AGENT"])
    assert other.json() == {"counted": True, "views": 2}
    assert client.get(f"{NEWS}{a.pk}/").json()["view_count"] == 2


@pytest.mark.django_db
def test_beacon_errors(client, archive):
    url = f"{NEWS}{archive['a'].pk}/views/"
    response = client.get(url)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    missing = client.post(f"{NEWS}999999/views/", **BROWSER)
    problem(missing, 404)
    assert "no-store" in missing["Cache-Control"]
    assert client.post(url, **BROWSER).json()["views"] == 1  # nothing counted before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_USER_AGENT": "Googlebot/2.1 (+http://www.google.com/bot.html)"},
        {"HTTP_USER_AGENT": ""},
        {**BROWSER, "HTTP_SEC_PURPOSE": "prefetch;prerender"},
        {**BROWSER, "HTTP_PURPOSE": "preview"},
    ],
    ids=["crawler", "no user agent", "prerender", "preview"],
)
def test_beacon_ignores_crawlers_prefetches_and_previews(client, archive, headers):
    response = client.post(f"{NEWS}{archive['a'].pk}/views/", **headers)
    assert response.json() == {"counted": False, "views": 0}


@pytest.mark.django_db
def test_beacon_needs_no_csrf_token_and_ignores_sessions(archive, admin_user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = client.post(f"{NEWS}{archive['a'].pk}/views/", **BROWSER)
    assert response.status_code == 200
    assert response.json()["counted"] is True
    assert "Set-Cookie" not in response or "csrftoken" not in response["Set-Cookie"]


# -- query counts --------------------------------------------------------------

# Site, the window of the page (one UNION ALL over the article models' first
# rows: several article models are installed), the page of articles (locale,
# category, image and stored views joined in), tags, renditions, ancestors
# (breadcrumbs and section), translations: the same as the v2 endpoint. The
# article count comes from the list cache after the first request
# (``cache.cached_count``).
NEWS_LISTING_QUERIES = 7


@pytest.fixture
def many(section):
    categories = [factories.make_category(f"Cat {n}", slug=f"cat-{n}") for n in range(3)]
    images = [factories.make_image(f"Img {n}", width=8, height=8) for n in range(3)]
    articles = factories.make_articles(section, 50, revision=False)
    for n, article in enumerate(articles):
        article.category = categories[n % 3]
        article.image = images[n % 3]
        article.tags.add(f"tag-{n % 4}", "common")
        article.save()
        add_view(article.pk)
    return articles


@pytest.mark.django_db
@pytest.mark.parametrize("limit", [10, 50])
def test_listing_queries_do_not_grow_with_the_page(client, many, limit, django_assert_num_queries):
    # The first request creates image renditions and fills Wagtail's caches.
    assert client.get(NEWS, {"limit": limit}).status_code == 200
    with django_assert_num_queries(NEWS_LISTING_QUERIES):
        response = client.get(NEWS, {"limit": limit})
    found = items(response)
    assert len(found) == limit
    for item in found:
        assert item["category"]["slug"].startswith("cat-")
        assert item["image"]["thumbnail"]["url"]
        assert {"name": "common", "slug": "common"} in item["tags"]
        assert item["view_count"] == 1
        assert [crumb["title"] for crumb in item["breadcrumbs"]] == ["Home", "Economy"]


# The site, the article's page type (several article models are installed:
# which model's table holds it), the article (locale, category, image and
# stored views joined in),
# tags, renditions, ancestors, translations; then the page the body links to
# (its type, the page, and the locale its URL is built in).
NEWS_DETAIL_QUERIES = 10


@pytest.mark.django_db
def test_detail_queries(client, article, django_assert_num_queries):
    assert client.get(f"{NEWS}{article.pk}/").status_code == 200
    with django_assert_num_queries(NEWS_DETAIL_QUERIES):
        assert client.get(f"{NEWS}{article.pk}/").status_code == 200


@pytest.mark.django_db
def test_one_article_model_needs_no_window_or_type_query(
    client, many, article, settings, django_assert_num_queries
):
    """A site with one article model (``ARTICLE_MODELS``): a listing needs
    no window query and a detail no page-type query."""
    settings.WAGTAIL_NEWS = {"ARTICLE_MODELS": [factories.article_model()._meta.label]}
    assert client.get(NEWS, {"limit": 10}).status_code == 200
    with django_assert_num_queries(NEWS_LISTING_QUERIES - 1):
        assert client.get(NEWS, {"limit": 10}).status_code == 200
    assert client.get(f"{NEWS}{article.pk}/").status_code == 200
    with django_assert_num_queries(NEWS_DETAIL_QUERIES - 1):
        assert client.get(f"{NEWS}{article.pk}/").status_code == 200


# -- a site with two article models --------------------------------------------


@pytest.fixture
def mixed(home):
    models = (factories.recipe_article_model(), factories.video_article_model())
    section = factories.make_mixed_section(home)
    return factories.make_mixed_articles(section, [f"Mixed {n}" for n in range(6)], models)


@pytest.mark.django_db
def test_two_article_models_list_in_date_order(client, mixed, django_assert_num_queries):
    assert {type(article) for article in mixed} == {type(mixed[0]), type(mixed[1])}
    assert ids(client.get(NEWS)) == [article.pk for article in mixed]
    assert ids(client.get(NEWS, {"order": "date"})) == [article.pk for article in mixed[::-1]]
    assert ids(client.get(NEWS, {"limit": 2, "offset": 3})) == [mixed[3].pk, mixed[4].pk]
    add_view(mixed[4].pk)
    assert ids(client.get(NEWS, {"order": "-views"}))[0] == mixed[4].pk
    assert ids(client.get(NEWS, {"search": "mixed", "order": "-date"})) == [a.pk for a in mixed]
    assert set(ids(client.get(NEWS, {"search": "mixed"}))) == {a.pk for a in mixed}
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
