"""Editors translating news with wagtail-localize's own machinery.

Everything here goes through wagtail-localize's admin views (the "Translate"
action, its translation editor, "Sync translated pages") or its public API
(``TranslationSource``, ``translate_object``), on a real database.
"""

import datetime
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from tests import factories
from wagtail_news.counting.reading import get_view_count
from wagtail_news.counting.store import add_views
from wagtail_news.models import LastNews, NewsArticlePage, NewsCategory, NewsIndexPage

if not settings.WITH_LOCALIZE:
    pytest.skip("needs wagtail-localize", allow_module_level=True)

from wagtail_localize.fields import (  # noqa: E402
    SynchronizedField,
    TranslatableField,
    get_translatable_fields,
)
from wagtail_localize.models import (  # noqa: E402
    StringSegment,
    Translation,
    TranslationSource,
)
from wagtail_localize.operations import translate_object  # noqa: E402

pytestmark = [pytest.mark.django_db, pytest.mark.localize]

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8"


# -- helpers ---------------------------------------------------------------------------


def translation_of(instance, locale):
    return Translation.objects.get(
        source__object_id=instance.translation_key, target_locale=locale, enabled=True
    )


class Editor:
    """An editor in Wagtail's admin, using wagtail-localize's views.

    wagtail-localize publishes page translations in ``on_commit`` callbacks;
    they run here as they would after the request's commit.
    """

    def __init__(self, client, on_commit):
        self.client = client
        self.on_commit = on_commit

    def request(self, method, url, *args, **kwargs):
        with self.on_commit(execute=True):
            return getattr(self.client, method)(url, *args, **kwargs)

    def submit_page(self, page, *locales, subtree=False):
        """The "Translate" action of a page."""
        data = {"locales": [locale.pk for locale in locales]}
        if subtree:
            data["include_subtree"] = "on"
        url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
        response = self.request("post", url, data)
        assert response.status_code == 302, response.content[:2000]

    def submit_snippet(self, snippet, *locales):
        """The "Translate" action of a snippet."""
        meta = snippet._meta
        url = reverse(
            "wagtail_localize:submit_snippet_translation",
            args=[meta.app_label, meta.model_name, snippet.pk],
        )
        response = self.request("post", url, {"locales": [locale.pk for locale in locales]})
        assert response.status_code == 302, response.content[:2000]

    def translate_string(self, instance, locale, path, value):
        """What the translation editor sends when a translator types
        ``value`` for the field (or the block) at ``path``."""
        record = translation_of(instance, locale)
        segment = StringSegment.objects.get(source=record.source, context__path__startswith=path)
        url = reverse("wagtail_localize:edit_string_translation", args=[record.pk, segment.pk])
        response = self.request(
            "put", url, urlencode({"value": value}), content_type=FORM_CONTENT_TYPE
        )
        assert response.status_code in (200, 201), response.content

    def publish_translation(self, instance):
        """The translation editor's "Publish" button (the object's own edit
        view, which wagtail-localize takes over for translations)."""
        if isinstance(instance, Page):
            url = reverse("wagtailadmin_pages:edit", args=[instance.pk])
        else:
            meta = instance._meta
            url = reverse(
                f"wagtailsnippets_{meta.app_label}_{meta.model_name}:edit", args=[instance.pk]
            )
        response = self.request("post", url, {"action": "publish"})
        assert response.status_code == 302, response.content[:2000]

    def sync(self, source_instance, publish=True):
        """ "Sync translated pages": wagtail-localize's update view."""
        source = TranslationSource.objects.get(object_id=source_instance.translation_key)
        url = reverse("wagtail_localize:update_translations", args=[source.pk])
        response = self.request("post", url, {"publish_translations": "on"} if publish else {})
        assert response.status_code == 302, response.content[:2000]


@pytest.fixture(autouse=True)
def _restore_language():
    """Requests under /ru/ and /tk/ activate their language in this thread
    (LocaleMiddleware); give the next test the default one back."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def editor(admin_client, django_capture_on_commit_callbacks):
    return Editor(admin_client, django_capture_on_commit_callbacks)


@pytest.fixture
def ru_tree(editor, locales, home, section):
    """Home and section translated into Russian through the admin."""
    editor.submit_page(home, locales["ru"])
    editor.submit_page(section, locales["ru"])
    ru_section = section.get_translation(locales["ru"]).specific
    editor.translate_string(ru_section, locales["ru"], "title", "Экономика")
    editor.publish_translation(ru_section)
    return ru_section.get_parent().specific, NewsIndexPage.objects.get(pk=ru_section.pk)


@pytest.fixture
def article(section):
    category = factories.make_category("Trade")
    page = factories.make_article(
        section,
        "Gas deal",
        category=category,
        image=factories.make_image(),
        intro="Two countries signed a gas deal.",
        body=[("paragraph", "<p>The deal runs for ten years.</p>")],
    )
    page.tags.add("gas", "energy")
    page.save_revision().publish()
    return page


# -- field configuration ------------------------------------------------------------------


def configuration(model):
    return {
        field.field_name: (type(field).__name__, getattr(field, "overridable", None))
        for field in get_translatable_fields(model)
    }


def test_every_model_declares_its_fields_explicitly():
    for model in (NewsArticlePage, NewsIndexPage, NewsCategory, LastNews):
        declared = model.override_translatable_fields
        assert declared, model
        assert all(isinstance(f, TranslatableField | SynchronizedField) for f in declared)

    article = configuration(NewsArticlePage)
    for name in ("title", "slug", "intro", "body", "category", "seo_title"):
        assert article[name] == ("TranslatableField", None), name
    for name in ("date", "image", "tags", "tagged_items"):
        assert article[name] == ("SynchronizedField", False), name
    # Copies of the tree and the locale follow the page itself, and view
    # counts live in their own tables: none is a field wagtail-localize sees.
    for name in ("section", "news_locale", "view_count"):
        assert name not in article

    assert configuration(NewsIndexPage)["intro"] == ("TranslatableField", None)
    assert configuration(NewsCategory) == {
        "name": ("TranslatableField", None),
        "slug": ("TranslatableField", None),
    }
    last_news = configuration(LastNews)
    assert last_news["title"] == ("TranslatableField", None)
    assert last_news["slug"] == ("SynchronizedField", False)


# -- translating an article ----------------------------------------------------------------


def test_translate_action_is_offered_on_the_article(editor, article, locales):
    url = reverse("wagtail_localize:submit_page_translation", args=[article.pk])
    edit = editor.client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    assert url in edit.content.decode()
    form = soup(editor.client.get(url))
    offered = {int(box["value"]) for box in form.select("input[name=locales]")}
    assert offered == {locales["ru"].pk, locales["tk"].pk}


def test_translating_an_article_through_the_admin(editor, ru_tree, locales, article):
    ru_home, ru_section = ru_tree
    editor.submit_page(article, locales["ru"])

    ru = article.get_translation(locales["ru"]).specific
    assert ru.get_parent().pk == ru_section.pk
    assert (ru.section_id, ru.news_locale_id) == (ru_section.pk, locales["ru"].pk)
    assert ru.live  # the source is live
    # The category came along, translated into a Russian category.
    assert ru.category.locale == locales["ru"]
    assert ru.category.translation_key == article.category.translation_key
    # Synchronised: date, image, tags.
    assert (ru.date, ru.image_id) == (article.date, article.image_id)
    assert sorted(ru.tags.names()) == ["energy", "gas"]

    # The translator fills in the Russian strings in wagtail-localize's
    # editor (the page's own edit view) and publishes.
    editor_page = editor.client.get(reverse("wagtailadmin_pages:edit", args=[ru.pk]))
    assert editor_page.status_code == 200
    assert b"Two countries signed a gas deal." in editor_page.content  # the source strings
    editor.translate_string(ru, locales["ru"], "title", "Газовая сделка")
    editor.translate_string(ru, locales["ru"], "intro", "Две страны подписали газовую сделку.")
    editor.translate_string(ru, locales["ru"], "body", "Сделка заключена на десять лет.")
    editor.publish_translation(ru)

    ru = NewsArticlePage.objects.get(pk=ru.pk)
    assert ru.title == "Газовая сделка"
    assert ru.live and not ru.has_unpublished_changes
    # Still under the Russian section, in the Russian listings.
    assert (ru.section_id, ru.news_locale_id) == (ru_section.pk, locales["ru"].pk)
    page = soup(editor.client.get(ru.url))
    assert page.h1.get_text(strip=True) == "Газовая сделка"
    assert "Сделка заключена на десять лет." in page.get_text()
    listing = soup(editor.client.get(ru_section.url))
    assert "Газовая сделка" in listing.get_text()
    english = soup(editor.client.get(article.url))
    assert english.h1.get_text(strip=True) == "Gas deal"


def test_sync_brings_source_changes_and_keeps_translations_and_counts(
    editor, ru_tree, locales, article
):
    editor.submit_page(article, locales["ru"])
    ru = article.get_translation(locales["ru"]).specific
    editor.translate_string(ru, locales["ru"], "title", "Газовая сделка")
    editor.translate_string(ru, locales["ru"], "intro", "Две страны подписали газовую сделку.")
    editor.publish_translation(ru)
    add_views(ru.pk, datetime.date(2023, 5, 16), 7)
    add_views(article.pk, datetime.date(2023, 5, 16), 40)

    # The English article changes: its lead, date, image and tags.
    article = NewsArticlePage.objects.get(pk=article.pk)
    article.intro = "Two countries signed a larger gas deal."
    article.date = factories.BASE_DATE + datetime.timedelta(days=1)
    article.image = factories.make_image("Other")
    article.tags.set(["gas", "pipeline"])
    article.save_revision().publish()

    editor.sync(article)

    ru = NewsArticlePage.objects.get(pk=ru.pk)
    assert ru.title == "Газовая сделка"  # its own translated string, unchanged in English
    assert ru.intro == "Two countries signed a larger gas deal."  # new, not yet translated
    assert (ru.date, ru.image_id) == (article.date, article.image_id)
    assert sorted(ru.tags.names()) == ["gas", "pipeline"]
    assert ru.live and not ru.has_unpublished_changes
    assert (get_view_count(ru.pk), get_view_count(article.pk)) == (7, 40)

    # Translating the new lead and publishing again keeps the counts too.
    editor.translate_string(ru, locales["ru"], "intro", "Две страны подписали большую сделку.")
    editor.publish_translation(ru)
    ru.refresh_from_db()
    assert ru.intro == "Две страны подписали большую сделку."
    assert (get_view_count(ru.pk), get_view_count(article.pk)) == (7, 40)


def test_sync_without_publishing_leaves_a_draft(editor, ru_tree, locales, article):
    editor.submit_page(article, locales["ru"])
    ru = article.get_translation(locales["ru"]).specific
    article.intro = "Changed."
    article.save_revision().publish()
    editor.sync(article, publish=False)
    ru = NewsArticlePage.objects.get(pk=ru.pk)
    assert ru.intro == "Two countries signed a gas deal."  # the live page is untouched


def test_article_added_later_to_a_translated_section_lands_in_its_translation(
    editor, ru_tree, locales, section
):
    ru_home, ru_section = ru_tree
    later = factories.make_article(section, "Later news")
    editor.submit_page(later, locales["ru"])
    ru = later.get_translation(locales["ru"]).specific
    assert ru.get_parent().pk == ru_section.pk
    assert (ru.section_id, ru.news_locale_id) == (ru_section.pk, locales["ru"].pk)
    assert list(ru_section.get_articles()) == [ru]
    assert list(section.get_articles()) == [later]


def test_translating_a_section_with_its_subtree(editor, locales, home, section, article):
    editor.submit_page(home, locales["tk"])
    editor.submit_page(section, locales["tk"], subtree=True)
    tk_section = section.get_translation(locales["tk"]).specific
    tk = article.get_translation(locales["tk"]).specific
    assert (tk.section_id, tk.news_locale_id) == (tk_section.pk, locales["tk"].pk)
    assert tk.category.locale == locales["tk"]


def test_translate_object_api_gives_the_same_result(locales, home, section, article):
    """``translate_object``, the function behind the admin action, for sites
    that translate from code or a task queue."""
    for page in (home, section, article):
        translate_object(page, [locales["tk"]])
    tk = article.get_translation(locales["tk"]).specific
    assert tk.get_parent().locale == locales["tk"]
    assert tk.news_locale_id == locales["tk"].pk
    assert tk.category.get_translation(locales["en"]) == article.category


# -- categories and the Last news snippet ------------------------------------------------


def test_translating_a_category_through_the_admin(editor, ru_tree, locales, article):
    ru_home, ru_section = ru_tree
    category = article.category
    editor.submit_snippet(category, locales["ru"])
    ru_category = category.get_translation(locales["ru"])
    editor.translate_string(ru_category, locales["ru"], "name", "Торговля")
    editor.translate_string(ru_category, locales["ru"], "slug", "torgovlya")
    editor.publish_translation(ru_category)
    ru_category.refresh_from_db()
    assert (ru_category.name, ru_category.slug) == ("Торговля", "torgovlya")

    # The article, translated afterwards, points at the Russian category, and
    # the Russian section lists it under the Russian category's address.
    editor.submit_page(article, locales["ru"])
    ru = article.get_translation(locales["ru"]).specific
    assert ru.category_id == ru_category.pk
    page = soup(editor.client.get(ru_section.url + "category/torgovlya/"))
    assert [a.get_text(strip=True) for a in page.select(".news-card__title a")] == ["Gas deal"]
    assert page.select_one(".news-card__category").get_text() == "Торговля"
    assert editor.client.get(ru_section.url + "category/trade/").status_code == 404


def test_translating_the_last_news_snippet_through_the_admin(editor, ru_tree, locales, section):
    ru_home, ru_section = ru_tree
    factories.make_article(ru_section, "Новость")
    snippet = LastNews.objects.create(title="Latest", limit=3, section=section)
    editor.submit_snippet(snippet, locales["ru"])
    ru_snippet = snippet.get_translation(locales["ru"])
    assert (ru_snippet.slug, ru_snippet.limit, ru_snippet.section_id) == ("default", 3, section.pk)
    editor.translate_string(ru_snippet, locales["ru"], "title", "Свежие новости")
    editor.publish_translation(ru_snippet)
    ru_snippet.refresh_from_db()
    assert ru_snippet.title == "Свежие новости"

    request = factories.site_request(path=ru_section.url)
    with translation.override("ru"):
        html = Template("{% load wagtail_news_tags %}{% last_news %}").render(
            Context({"request": request})
        )
    sidebar = BeautifulSoup(html, "html.parser")
    assert sidebar.select_one("h2").get_text(strip=True) == "Свежие новости"
    assert [a.get_text(strip=True) for a in sidebar.select("a")] == ["Новость"]
