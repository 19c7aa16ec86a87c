"""The example site's headless demo (``/headless/``): its view, rendered
through Django's test client, and its JavaScript, which may only talk to the
site's own ``/api/v2/``. (What the page shows in a browser is checked by hand
with headless Chromium; see the README.)"""

import json
import re
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.urls import path

EXAMPLE_DIR = Path(__file__).resolve().parent.parent / "example_project"
NEWSROOM = EXAMPLE_DIR / "newsroom"
JS = NEWSROOM / "static" / "newsroom" / "headless.js"
TEMPLATE = NEWSROOM / "templates" / "newsroom" / "headless.html"

if str(EXAMPLE_DIR) not in sys.path:
    sys.path.insert(0, str(EXAMPLE_DIR))

from newsroom import views  # noqa: E402

urlpatterns = [path("headless/", views.headless, name="headless")]
pytestmark = pytest.mark.urls(__name__)


@pytest.fixture(autouse=True)
def _example_templates(settings):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], NEWSROOM / "templates"]}
    ]


def config_of(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return json.loads(soup.find("script", id="headless-config").string)


def test_the_page_carries_its_validated_query_and_translated_labels(client):
    response = client.get("/headless/", {"id": "42", "locale": "ru"})
    assert response.status_code == 200
    assert response["Content-Language"] == "ru"
    config = config_of(response)
    assert (config["id"], config["slug"], config["locale"], config["localeGiven"]) == (
        "42",
        None,
        "ru",
        True,
    )
    assert config["languages"] == ["en", "ru", "tk"]
    assert config["strings"]["lastNews"] == "Последние новости"
    assert b'<html lang="ru">' in response.content


def test_defaults_to_english_and_the_newest_article(client):
    config = config_of(client.get("/headless/"))
    assert (config["id"], config["slug"], config["locale"], config["localeGiven"]) == (
        None,
        None,
        "en",
        False,
    )
    assert config["strings"]["published"] == "Published"


@pytest.mark.parametrize(
    "params",
    [
        {"locale": "xx"},
        {"locale": "en\x00"},
        {"id": "abc"},
        {"id": "0"},
        {"id": "1" * 12},
        {"slug": "not a slug"},
        {"slug": "a" * 256},
        {"content_type": "wagtail_news.newsarticlepage"},  # without a token
        {"content_type": "nonsense", "token": "id=1:abc:def"},
        {"token": "id=1:abc:def"},
    ],
)
def test_malformed_parameters_are_400(client, params):
    response = client.get("/headless/", params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")


def test_a_preview_token_is_passed_on(client):
    params = {"content_type": "mysite.articlepage", "token": "id=7:1xX4Up:NhmBQadcYhEd"}
    config = config_of(client.get("/headless/", params))
    assert (config["content_type"], config["token"]) == (params["content_type"], params["token"])


# -- the JavaScript ------------------------------------------------------------------


def test_javascript_only_talks_to_the_sites_own_api():
    source = JS.read_text()
    code = re.sub(r"/\*.*?\*/", "", source, flags=re.S)  # comments may mention URLs
    # One place reaches the network, and it prefixes every path with /api/v2/.
    assert code.count("fetch(") == 1
    assert 'var API = "/api/v2/";' in code
    assert "fetch(API + path" in code
    for forbidden in (
        "XMLHttpRequest",
        "navigator.sendBeacon",
        "import(",
        "WebSocket",
        "EventSource",
    ):
        assert forbidden not in code
    # No absolute or protocol-relative URL anywhere in the code.
    assert not re.search(r"""["'](https?:)?//""", code)
    # Every API path is relative to /api/v2/ (the beacon included).
    paths = re.findall(r"""request\(\s*["']([^"']*)["']""", code)
    assert set(paths) >= {"pages/", "news/", "news/last/", "page_preview/", "images/"}
    assert all(not p.startswith(("/", "http")) for p in paths)
    assert '"news/" + id + "/views/"' in code and '{method: "POST"' in code


def test_javascript_builds_the_dom_without_inserting_html():
    code = JS.read_text()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in code
    # A preview shows the unsaved page and never counts a view.
    assert "if (!config.token) {\n        countView(article.id);" in code


def test_template_loads_nothing_from_elsewhere():
    template = TEMPLATE.read_text()
    sources = re.findall(r"""(?:src|href)=["']([^"']+)["']""", template)
    assert sources, "the template links its stylesheet and script"
    for source in sources:
        assert source.startswith(("{% static", "/", "#")), source
    assert "{% static 'newsroom/headless.js' %}" in template
    assert "{% static 'newsroom/site.css' %}" in template
