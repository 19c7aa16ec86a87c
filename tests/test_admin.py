"""Editors work through Wagtail's real admin forms."""

import pytest
from django.apps import apps
from django.urls import reverse
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from tests import factories
from wagtail_news.models import NewsCategory


def add_url(model, parent):
    return reverse(
        "wagtailadmin_pages:add", args=(model._meta.app_label, model._meta.model_name, parent.pk)
    )


class EditorFlowTests(WagtailPageTestCase):
    """With the app's concrete models (``ComposedEditorFlowTests``: the
    recipe's)."""

    model_set = "concrete"

    def setUp(self):
        factories.use_model_set(self.model_set)
        self.addCleanup(factories.use_model_set, "concrete")
        Site.objects.all().delete()
        Page.objects.filter(depth__gt=1).delete()
        factories.locale("en")
        self.site, self.home = factories.make_site()
        self.user = self.login()

    def test_editor_creates_a_section_and_publishes_an_article(self):
        section_page, article_page = factories.section_model(), factories.article_model()
        self.assertCanCreate(
            self.home,
            section_page,
            nested_form_data({"title": "Economy", "slug": "economy", "intro": rich_text("")}),
        )
        section = section_page.objects.get(slug="economy")
        category = factories.make_category("Trade")
        image = factories.make_image("Port")
        data = nested_form_data(
            {
                "title": "New railway link opens",
                "slug": "railway",
                "date": "2023-05-16 09:30",
                "category": category.pk,
                "intro": "Freight trains start running next week.",
                "image": image.pk,
                "tags": "rail, transport",
                "body": streamfield(
                    [
                        ("heading", "A new route"),
                        ("paragraph", rich_text("<p>The line is 300 km long.</p>")),
                        ("quote", {"text": "A historic day.", "attribution": "The minister"}),
                    ]
                ),
                "action-publish": "publish",
            }
        )
        self.assertCanCreate(section, article_page, data)

        article = article_page.objects.get(slug="railway")
        self.assertTrue(article.live)
        self.assertEqual(article.section_id, section.pk)
        self.assertEqual(article.category, category)
        self.assertEqual(article.date.strftime("%d.%m.%Y %H:%M"), "16.05.2023 09:30")
        self.assertEqual(sorted(t.name for t in article.tags.all()), ["rail", "transport"])
        self.assertEqual([b.block_type for b in article.body], ["heading", "paragraph", "quote"])

        # It is live for readers, in the section listing and on its own URL.
        self.client.logout()
        response = self.client.get("/en/economy/railway/")
        self.assertContains(response, "New railway link opens")
        self.assertContains(response, "The line is 300 km long.")
        self.assertContains(self.client.get("/en/economy/"), "New railway link opens")

    def test_article_form_has_tidy_panels_with_help_texts(self):
        section = factories.make_section(self.home, "Economy")
        url = add_url(factories.article_model(), section)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        form = response.context["form"]
        for field in ["title", "date", "category", "intro", "image", "body", "tags"]:
            self.assertIn(field, form.fields)
        self.assertEqual(form.fields["date"].label, "Published")
        self.assertIn("Publication date and time shown to readers", form.fields["date"].help_text)
        # Every field an editor sees on the content tab explains itself.
        for field in ["category", "intro", "image", "tags"]:
            self.assertTrue(form.fields[field].help_text, field)
        # A newly created article defaults to being published now.
        self.assertIsNotNone(form.initial.get("date") or form.fields["date"].initial)

    def test_article_cannot_be_added_under_the_home_page(self):
        url = add_url(factories.article_model(), self.home)
        response = self.client.get(url)
        # Wagtail refuses with a redirect and a message; no form is shown.
        self.assertEqual(response.status_code, 302)
        self.assertNotIn("form", response.context or {})

    def test_missing_title_is_a_form_error_and_nothing_is_saved(self):
        section = factories.make_section(self.home, "Economy")
        url = add_url(factories.article_model(), section)
        data = nested_form_data(
            {"title": "", "slug": "", "date": "not a date", "body": streamfield([])}
        )
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        form = response.context["form"]
        self.assertIn("title", form.errors)
        self.assertIn("date", form.errors)
        self.assertFalse(factories.article_model().objects.exists())


class ComposedEditorFlowTests(EditorFlowTests):
    """The same flows with the README's recipe (``recipe.SectionPage`` /
    ``recipe.ArticlePage``)."""

    model_set = "composed"


@pytest.mark.django_db
def test_category_snippet_admin_create_and_search(admin_client, locales):
    add_url = reverse("wagtailsnippets_wagtail_news_newscategory:add")
    response = admin_client.post(add_url, {"name": "Energy", "slug": "energy"})
    assert response.status_code == 302
    assert NewsCategory.objects.filter(slug="energy", locale=locales["en"]).exists()
    factories.make_category("Trade")
    index_url = reverse("wagtailsnippets_wagtail_news_newscategory:list")
    response = admin_client.get(index_url, {"q": "ener"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Energy" in content and "Trade" not in content


@pytest.mark.django_db
def test_duplicate_category_slug_in_one_language_is_a_form_error(admin_client, locales):
    factories.make_category("Energy")
    add_url = reverse("wagtailsnippets_wagtail_news_newscategory:add")
    response = admin_client.post(add_url, {"name": "Energy again", "slug": "energy"})
    assert response.status_code == 200
    assert "slug" in response.context["form"].errors
    assert NewsCategory.objects.filter(slug="energy").count() == 1


@pytest.mark.django_db
def test_article_listing_filters_by_category_and_date(admin_client, section):
    trade = factories.make_category("Trade")
    energy = factories.make_category("Energy")
    factories.make_article(section, "Trade story", category=trade)
    factories.make_article(section, "Energy story", category=energy)
    url = reverse("news_articles:index")
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "Trade story" in response.content.decode()
    response = admin_client.get(url, {"category": trade.pk})
    content = response.content.decode()
    assert "Trade story" in content and "Energy story" not in content
    response = admin_client.get(url, {"date_from": "2030-01-01"})
    assert "Trade story" not in response.content.decode()
    response = admin_client.get(url, {"date_from": "2023-05-01", "date_to": "2023-05-31"})
    assert "Trade story" in response.content.decode()


@pytest.mark.django_db
def test_article_listing_lists_every_article_model(admin_client, home, news_models):
    section = factories.make_mixed_section(home)
    factories.make_article(section, "Recipe story", model=factories.recipe_article_model())
    factories.make_article(section, "Video story", model=factories.video_article_model())
    factories.make_article(factories.make_section(home, "Economy"), "Own model story")
    factories.make_plain_page(home, "Plain")
    url = reverse("news_articles:index")
    content = admin_client.get(url).content.decode()
    for title in ("Recipe story", "Video story", "Own model story"):
        assert title in content
    assert "Plain" not in content
    trade = factories.make_category("Trade")
    video = apps.get_model("wagtail_news_test", "NewsArticlePage").objects.get()
    video.category = trade
    video.save()
    content = admin_client.get(url, {"category": trade.pk}).content.decode()
    assert "Video story" in content and "Recipe story" not in content
    content = admin_client.get(url, {"date_from": "2023-05-01", "date_to": "2023-05-31"})
    content = content.content.decode()
    assert "Video story" in content and "Recipe story" in content
    assert "Video story" not in admin_client.get(url, {"date_to": "2023-01-01"}).content.decode()
