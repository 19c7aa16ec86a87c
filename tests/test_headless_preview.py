"""Previews never count a view: Wagtail's own preview, and the token flow of
wagtail-headless-preview (the ``headless-preview`` extra) on a site's own
article page (``tests.headlessapp``: ``HeadlessPreviewMixin`` composed with
``NewsArticlePageMixin``, as the README shows). The beacon of a draft is a 404.
"""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

pytest.importorskip("wagtail_headless_preview")

from django.conf.urls.i18n import i18n_patterns  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.signing import BadSignature  # noqa: E402
from django.http import Http404  # noqa: E402
from django.urls import include, path, reverse  # noqa: E402
from rest_framework.response import Response  # noqa: E402
from wagtail import urls as wagtail_urls  # noqa: E402
from wagtail.admin import urls as wagtailadmin_urls  # noqa: E402
from wagtail.api.v2.router import WagtailAPIRouter  # noqa: E402
from wagtail.api.v2.utils import BadRequestError  # noqa: E402
from wagtail.api.v2.views import PagesAPIViewSet  # noqa: E402
from wagtail.test.utils.form_data import (  # noqa: E402
    nested_form_data,
    rich_text,
    streamfield,
)
from wagtail_headless_preview.models import PagePreview  # noqa: E402

from tests import factories  # noqa: E402
from tests.headlessapp.models import HeadlessArticlePage  # noqa: E402
from wagtail_news.api.v2 import NewsAPIViewSet  # noqa: E402
from wagtail_news.counting import get_view_count  # noqa: E402
from wagtail_news.counting.store import add_views, today  # noqa: E402

BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Safari/537.36"
)
CLIENT_URL = "http://testserver/headless/"
CONTENT_TYPE = "wagtail_news_headless_test.headlessarticlepage"


# -- the site's preview endpoint (as the README documents it) ---------------------------


class PagePreviewAPIViewSet(PagesAPIViewSet):
    """``/api/v2/page_preview/?content_type=app.model&token=…``: the unsaved
    page a headless preview shows. Bad or expired tokens are 4xx."""

    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(["content_type", "token"])

    def detail_view(self, request, pk=None):
        return Response(self.get_serializer(self.get_object()).data)

    @classmethod
    def get_urlpatterns(cls):
        # One page with all its fields: the detail action, also at the root.
        view = cls.as_view({"get": "detail_view"})
        return [path("", view, name="listing"), path("<int:pk>/", view, name="detail")]

    def get_object(self):
        if not hasattr(self, "_preview_page"):
            self._preview_page = self.get_preview_page()
        return self._preview_page

    def get_preview_page(self):
        content_type = self.request.GET.get("content_type", "")
        token = self.request.GET.get("token", "")
        if not re.fullmatch(r"\w+\.\w+", content_type) or not token:
            raise BadRequestError("content_type (app_label.model) and token are required")
        app_label, model = content_type.split(".")
        try:
            page_type = ContentType.objects.get_by_natural_key(app_label, model).model_class()
            page_type.get_preview_signer().unsign(token, max_age=86400)
            preview = PagePreview.objects.get(
                content_type__app_label=app_label, content_type__model=model, token=token
            )
        except (ContentType.DoesNotExist, AttributeError, BadSignature, PagePreview.DoesNotExist):
            raise Http404("No such preview") from None
        page = preview.as_page()
        if not page.pk:
            page.pk = page.id = 0  # not created yet: the API's URLs need a key
        return page


# A headless site's URLs: the admin, the API with the preview endpoint, the
# beacon and Wagtail's pages.
api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("news", NewsAPIViewSet)
api_router.register_endpoint("page_preview", PagePreviewAPIViewSet)
urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("api/v2/", api_router.urls),
    *i18n_patterns(
        path("news/", include("wagtail_news.urls")),
        path("", include(wagtail_urls)),
    ),
]

pytestmark = [
    pytest.mark.urls(__name__),
    pytest.mark.django_db,
]


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.WAGTAIL_HEADLESS_PREVIEW = {"CLIENT_URLS": {"default": CLIENT_URL}}
    settings.WAGTAIL_NEWS = {"VIEW_COUNT_ON_SERVE": True}
    # With a catch-all Wagtail route in ``i18n_patterns``, LocaleMiddleware
    # turns any 404 outside them into a redirect to "/en/…": leave it out
    # so that the API's own answers are seen.
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "LocaleMiddleware" not in m]


def make_headless_article(section, title="Headless", live=True):
    article = HeadlessArticlePage(
        title=title, date=factories.BASE_DATE, intro="Lead.", live=live, body=[]
    )
    section.add_child(instance=article)
    revision = article.save_revision()
    if live:
        revision.publish()
    return article


def edit_form_data(title, slug):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "date": "2026-01-10 09:30",
            "intro": "An unsaved lead.",
            "body": streamfield([("paragraph", rich_text("<p>Unsaved body.</p>"))]),
            "tags": "preview",
            "comments-TOTAL_FORMS": 0,
            "comments-INITIAL_FORMS": 0,
            "comments-MIN_NUM_FORMS": 0,
            "comments-MAX_NUM_FORMS": 1000,
        }
    )


def preview(admin_client, url, title, slug):
    posted = admin_client.post(url, edit_form_data(title, slug))
    assert posted.json() == {"is_valid": True, "is_available": True}, posted.content
    return admin_client.get(url, {"mode": ""}, HTTP_USER_AGENT=BROWSER)


def preview_token(response):
    """The token of the client URL that the headless preview page embeds."""
    match = re.search(r'src="([^"]+)"', response.content.decode())
    assert match, response.content.decode()
    url = unescape(match.group(1))
    assert url.startswith(CLIENT_URL)
    query = parse_qs(urlsplit(url).query)
    assert query["content_type"] == [CONTENT_TYPE]
    return query["token"][0]


def beacon(client, page_id, ip="198.51.100.7"):
    return client.post(f"/en/news/views/{page_id}/", REMOTE_ADDR=ip, HTTP_USER_AGENT=BROWSER)


# -- Wagtail's own preview ------------------------------------------------------------------


def test_wagtail_preview_counts_nothing_even_with_counting_on_serve(client, admin_client, section):
    article = factories.make_article(section, "Live article")
    add_views(article.pk, today(), 5)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[article.pk])

    response = preview(admin_client, url, "Previewed title", article.slug)

    assert response.status_code == 200
    assert b"Previewed title" in response.content  # the unsaved form, served
    assert b"/news/views/" not in response.content  # no beacon in a preview
    assert get_view_count(article.pk) == 5
    # The same serve() counts a reader (VIEW_COUNT_ON_SERVE).
    assert client.get(article.url, HTTP_USER_AGENT=BROWSER).status_code == 200
    assert get_view_count(article.pk) == 6


# -- wagtail-headless-preview -----------------------------------------------------------------


def test_headless_preview_of_a_live_article_counts_nothing(client, admin_client, section):
    article = make_headless_article(section)
    add_views(article.pk, today(), 5)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[article.pk])

    response = preview(admin_client, url, "Headless draft title", article.slug)
    assert response.status_code == 200
    token = preview_token(response)
    assert get_view_count(article.pk) == 5

    # What the headless client fetches: the unsaved page, with the stored count.
    api = client.get(
        "/api/v2/page_preview/",
        {"content_type": CONTENT_TYPE, "token": token},
        HTTP_USER_AGENT=BROWSER,
    )
    assert api.status_code == 200, api.content
    data = api.json()
    assert (data["id"], data["title"], data["view_count"]) == (
        article.pk,
        "Headless draft title",
        5,
    )
    assert data["intro"] == "An unsaved lead."
    assert get_view_count(article.pk) == 5
    # The live article still counts its readers, through serve() and the beacon.
    assert client.get(article.url, HTTP_USER_AGENT=BROWSER).status_code == 200
    assert beacon(client, article.pk, ip="198.51.100.99").json() == {"counted": True, "views": 7}


def test_headless_preview_redirects_to_the_client_when_configured(admin_client, settings, section):
    settings.WAGTAIL_HEADLESS_PREVIEW = {
        "CLIENT_URLS": {"default": CLIENT_URL},
        "REDIRECT_ON_PREVIEW": True,
    }
    article = make_headless_article(section)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[article.pk])

    response = preview(admin_client, url, "Redirected", article.slug)

    assert response.status_code == 302
    assert response["Location"].startswith(CLIENT_URL + "?")
    assert get_view_count(article.pk) == 0


def test_headless_preview_of_a_new_page_has_no_countable_id(client, admin_client, section):
    url = reverse(
        "wagtailadmin_pages:preview_on_add",
        args=["wagtail_news_headless_test", "headlessarticlepage", section.pk],
    )
    response = preview(admin_client, url, "Not created yet", "not-created-yet")
    token = preview_token(response)

    data = client.get(
        "/api/v2/page_preview/", {"content_type": CONTENT_TYPE, "token": token}
    ).json()
    assert (data["id"], data["title"], data["view_count"]) == (0, "Not created yet", 0)
    assert beacon(client, data["id"]).status_code == 404
    assert client.post("/api/v2/news/0/views/", HTTP_USER_AGENT=BROWSER).status_code == 404
    assert not HeadlessArticlePage.objects.filter(slug="not-created-yet").exists()


def test_preview_endpoint_refuses_bad_tokens(client, admin_client, section):
    article = make_headless_article(section)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[article.pk])
    token = preview_token(preview(admin_client, url, "Title", article.slug))
    endpoint = "/api/v2/page_preview/"

    assert client.get(endpoint).status_code == 400
    assert client.get(endpoint, {"content_type": "nonsense", "token": token}).status_code == 400
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for params in (
        {"content_type": CONTENT_TYPE, "token": tampered},
        {"content_type": "wagtailcore.page", "token": token},
        {"content_type": "nope.nothing", "token": token},
    ):
        assert client.get(endpoint, params).status_code == 404, params
    assert client.get(endpoint, {"content_type": CONTENT_TYPE, "token": token}).status_code == 200


# -- the beacon of drafts -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["news", "headless"])
def test_beacon_of_a_draft_is_404_and_counts_nothing(client, section, kind):
    if kind == "news":
        draft = factories.make_article(section, "Draft", live=False)
    else:
        draft = make_headless_article(section, "Draft", live=False)

    assert beacon(client, draft.pk).status_code == 404
    api = client.post(f"/api/v2/news/{draft.pk}/views/", HTTP_USER_AGENT=BROWSER)
    assert api.status_code == 404
    assert "no-store" in api["Cache-Control"]
    assert get_view_count(draft.pk) == 0

    # Published, the same page counts: the 404 was about the draft.
    draft.save_revision().publish()
    assert beacon(client, draft.pk, ip="198.51.100.8").json() == {"counted": True, "views": 1}
