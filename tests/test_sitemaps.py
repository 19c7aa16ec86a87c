"""Sitemaps: articles with lastmod and hreflang alternates, the site's other
pages, the index, and the Google News sitemap."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.utils import timezone, translation
from wagtail.models import PageViewRestriction

from tests import factories
from wagtail_news import sitemaps

pytestmark = pytest.mark.urls("tests.sitemap_urls")

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


@pytest.fixture(autouse=True)
def _restore_language():
    yield
    translation.activate(settings.LANGUAGE_CODE)


def publish_translation(page, locale, title, live=True):
    translated = page.copy_for_translation(locale)
    translated.title = title
    revision = translated.save_revision()
    if live:
        revision.publish()
    return translated.specific


def get_xml(client, url, host="localhost"):
    response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314 - the test's own response


def entries(root):
    """``{loc: (lastmod, [(hreflang, href)])}`` of a sitemap."""
    return {
        url.findtext("sm:loc", namespaces=NS): (
            url.findtext("sm:lastmod", namespaces=NS),
            [
                (link.get("hreflang"), link.get("href"))
                for link in url.findall("xhtml:link", namespaces=NS)
            ],
        )
        for url in root.findall("sm:url", namespaces=NS)
    }


def full(page):
    page.refresh_from_db()
    return page.get_full_url()


@pytest.fixture
def tree(locales, home, section):
    """An English article with a live Russian translation and a draft
    Turkmen one; home pages and sections exist in all three languages."""
    article = factories.make_article(section, "Gas deal")
    pages = {"en": article, "home": home, "section": section}
    for code, titles in {
        "ru": ("Главная", "Экономика"),
        "tk": ("Baş sahypa", "Ykdysadyýet"),
    }.items():
        pages[f"home_{code}"] = publish_translation(home, locales[code], titles[0])
        pages[f"section_{code}"] = publish_translation(section, locales[code], titles[1])
    pages["ru"] = publish_translation(article, locales["ru"], "Газовая сделка")
    pages["tk"] = publish_translation(article, locales["tk"], "Gaz ylalaşygy", live=False)
    return pages


# -- articles -----------------------------------------------------------------------


@pytest.mark.django_db
def test_articles_carry_lastmod_and_their_translations_as_alternates(client, tree):
    urls = entries(get_xml(client, "/sitemap-articles.xml"))
    en, ru = full(tree["en"]), full(tree["ru"])
    assert en == "http://localhost/en/economy/gas-deal/"
    assert set(urls) == {en, ru}  # the Turkmen draft is left out
    alternates = [("en", en), ("ru", ru), ("x-default", en)]
    assert urls[en][1] == alternates
    assert urls[ru][1] == alternates
    assert urls[en][0] == tree["en"].last_published_at.isoformat()
    assert urls[ru][0] == tree["ru"].last_published_at.isoformat()


@pytest.mark.django_db
def test_an_article_without_a_live_translation_has_no_alternates(client, section):
    article = factories.make_article(section, "Alone")
    assert entries(get_xml(client, "/sitemap-articles.xml")) == {
        full(article): (article.last_published_at.isoformat(), [])
    }


@pytest.mark.django_db
def test_drafts_private_pages_and_other_sites_never_appear(client, locales, home, section):
    public = factories.make_article(section, "Public")
    factories.make_article(section, "Draft", live=False)
    own = factories.make_article(section, "Own restriction")
    PageViewRestriction.objects.create(page=own, restriction_type="login")
    private_section = factories.make_section(home, "Members")
    factories.make_article(private_section, "Ancestor restriction")
    PageViewRestriction.objects.create(
        page=private_section, restriction_type="password", password="x"
    )
    other_site, other_home = factories.make_site(
        hostname="other.example", title="Other", slug="other", default=False
    )
    other = factories.make_article(factories.make_section(other_home, "World"), "Elsewhere")

    assert list(entries(get_xml(client, "/sitemap-articles.xml"))) == [full(public)]
    assert list(entries(get_xml(client, "/sitemap-articles.xml", host="other.example"))) == [
        full(other)
    ]
    pages = entries(get_xml(client, "/sitemap-pages.xml"))
    assert set(pages) == {full(home), full(section)}


@pytest.mark.django_db
def test_a_restricted_translation_is_no_alternate(client, tree):
    PageViewRestriction.objects.create(page=tree["section_ru"], restriction_type="login")
    urls = entries(get_xml(client, "/sitemap-articles.xml"))
    assert urls == {full(tree["en"]): (tree["en"].last_published_at.isoformat(), [])}


def fill(section, locales, count):
    articles = factories.make_articles(section, count, revision=False)
    for article in articles:
        article.last_published_at = factories.BASE_DATE
        article.save()
    return articles


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 30])
def test_a_sitemap_page_costs_the_same_queries_whatever_its_size(
    client, tree, locales, count, django_assert_num_queries
):
    fill(tree["section"], locales, count)
    get_xml(client, "/sitemap-articles.xml")  # fills Wagtail's site root paths cache
    # The site, the count, the articles, their translations.
    with django_assert_num_queries(4):
        root = get_xml(client, "/sitemap-articles.xml")
    assert len(entries(root)) == count + 2
    assert len(root.findall("sm:url/xhtml:link", namespaces=NS)) == 2 * 3


@pytest.mark.django_db
def test_sitemap_pages(client, section):
    articles = factories.make_articles(section, 5)  # newest first
    first = entries(get_xml(client, "/small-sitemap.xml"))
    second = entries(get_xml(client, "/small-sitemap.xml?p=2"))
    third = entries(get_xml(client, "/small-sitemap.xml?p=3"))
    assert list(first) == [full(article) for article in articles[:2]]
    assert list(second) == [full(article) for article in articles[2:4]]
    assert list(third) == [full(articles[4])]
    for bad in ("4", "0", "abc", "-1"):
        assert client.get(f"/small-sitemap.xml?p={bad}").status_code == 404


@pytest.mark.django_db
def test_an_unknown_section_is_a_404(client, section):
    assert client.get("/sitemap-nothing.xml").status_code == 404


@pytest.mark.django_db
def test_wagtails_own_sitemap_gets_the_alternates_too(client, tree):
    urls = entries(get_xml(client, "/wagtail-sitemap.xml"))
    en, ru = full(tree["en"]), full(tree["ru"])
    assert urls[en][1] == [("en", en), ("ru", ru), ("x-default", en)]
    assert urls[full(tree["home"])][1] == []


@pytest.mark.django_db
def test_pages_sitemap_lists_the_other_pages_in_every_language(client, tree):
    pages = entries(get_xml(client, "/sitemap-pages.xml"))
    assert set(pages) == {
        full(tree[name])
        for name in ("home", "section", "home_ru", "section_ru", "home_tk", "section_tk")
    }


@pytest.mark.django_db
def test_index_lists_both_sections_and_the_news_sitemap(client, tree, django_assert_num_queries):
    get_xml(client, "/sitemap.xml")
    # The site, then per section its latest lastmod and its count.
    with django_assert_num_queries(5):
        root = get_xml(client, "/sitemap.xml")
    locations = [
        node.findtext("sm:loc", namespaces=NS) for node in root.findall("sm:sitemap", namespaces=NS)
    ]
    assert locations == [
        "http://localhost/sitemap-pages.xml",
        "http://localhost/sitemap-articles.xml",
        "http://localhost/sitemap-news.xml",
    ]
    lastmods = [
        node.findtext("sm:lastmod", namespaces=NS)
        for node in root.findall("sm:sitemap", namespaces=NS)
    ]
    for page in (tree["en"], tree["ru"]):
        page.refresh_from_db()
    latest = max(tree["en"].last_published_at, tree["ru"].last_published_at)
    assert lastmods[1] == latest.isoformat()


# -- Google News ----------------------------------------------------------------------


def news_items(root):
    return [
        {
            "loc": url.findtext("sm:loc", namespaces=NS),
            "name": url.findtext("news:news/news:publication/news:name", namespaces=NS),
            "language": url.findtext("news:news/news:publication/news:language", namespaces=NS),
            "date": url.findtext("news:news/news:publication_date", namespaces=NS),
            "title": url.findtext("news:news/news:title", namespaces=NS),
        }
        for url in root.findall("sm:url", namespaces=NS)
    ]


@pytest.fixture
def recent(locales, home, section):
    now = timezone.now()
    hours = datetime.timedelta(hours=1)
    pages = {
        "fresh": factories.make_article(section, "Gas & oil <deal>", date=now - hours),
        "older": factories.make_article(section, "Two days", date=now - 47 * hours),
        "stale": factories.make_article(section, "Too old", date=now - 49 * hours),
        "future": factories.make_article(section, "Embargoed", date=now + hours),
    }
    home_ru = publish_translation(home, locales["ru"], "Главная")
    publish_translation(section, locales["ru"], "Экономика")
    pages["ru"] = publish_translation(pages["fresh"], locales["ru"], "Газовая сделка")
    pages["home_ru"] = home_ru
    return pages


@pytest.mark.django_db
def test_news_sitemap_lists_the_last_48_hours_per_language(client, recent):
    items = news_items(get_xml(client, "/sitemap-news.xml"))
    fresh = recent["fresh"]
    # Newest first; the translation has the same date and was created later.
    assert [item["loc"] for item in items] == [
        full(recent["ru"]),
        full(fresh),
        full(recent["older"]),
    ]
    by_loc = {item["loc"]: item for item in items}
    assert by_loc[full(fresh)] == {
        "loc": full(fresh),
        "name": "Home",  # the site's name
        "language": "en",
        "date": fresh.date.isoformat(),
        "title": "Gas & oil <deal>",
    }
    assert by_loc[full(recent["ru"])]["language"] == "ru"
    assert by_loc[full(recent["ru"])]["title"] == "Газовая сделка"


@pytest.mark.django_db
def test_news_sitemap_locale_filter(client, recent):
    items = news_items(get_xml(client, "/sitemap-news.xml?locale=ru"))
    assert [item["loc"] for item in items] == [full(recent["ru"])]
    assert news_items(get_xml(client, "/sitemap-news.xml?locale=tk")) == []
    for bad in ("xx", "ru-ru", "<script>"):
        assert client.get("/sitemap-news.xml", {"locale": bad}).status_code == 404


@pytest.mark.django_db
def test_news_sitemap_publication_name_setting(client, recent, settings):
    settings.WAGTAIL_NEWS = {"PUBLICATION_NAME": "The Daily"}
    assert {item["name"] for item in news_items(get_xml(client, "/sitemap-news.xml"))} == {
        "The Daily"
    }
    settings.WAGTAIL_NEWS = {"PUBLICATION_NAME": {"en": "The Daily", "ru": "Ежедневник"}}
    names = {
        item["language"]: item["name"] for item in news_items(get_xml(client, "/sitemap-news.xml"))
    }
    assert names == {"en": "The Daily", "ru": "Ежедневник"}


@pytest.mark.django_db
def test_news_sitemap_leaves_out_drafts_private_pages_and_other_sites(client, home, section):
    now = timezone.now()
    public = factories.make_article(section, "Public", date=now)
    factories.make_article(section, "Draft", date=now, live=False)
    own = factories.make_article(section, "Own", date=now)
    PageViewRestriction.objects.create(page=own, restriction_type="login")
    members = factories.make_section(home, "Members")
    factories.make_article(members, "Ancestor", date=now)
    PageViewRestriction.objects.create(page=members, restriction_type="login")
    _site, other_home = factories.make_site(
        hostname="other.example", title="Other", slug="other", default=False
    )
    other = factories.make_article(factories.make_section(other_home, "World"), "Far", date=now)
    assert [i["loc"] for i in news_items(get_xml(client, "/sitemap-news.xml"))] == [full(public)]
    other_items = news_items(get_xml(client, "/sitemap-news.xml", host="other.example"))
    assert [(i["loc"], i["name"]) for i in other_items] == [(full(other), "Other")]


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 30])
def test_news_sitemap_costs_two_queries_whatever_its_size(
    client, section, count, django_assert_num_queries
):
    factories.make_articles(section, count, start=timezone.now(), revision=False)
    get_xml(client, "/sitemap-news.xml")
    with django_assert_num_queries(2):  # the site, the articles
        items = news_items(get_xml(client, "/sitemap-news.xml"))
    assert len(items) == count


@pytest.mark.django_db
def test_news_sitemap_stops_at_its_limit(client, section, monkeypatch):
    articles = factories.make_articles(section, 4, start=timezone.now(), revision=False)
    monkeypatch.setattr(sitemaps, "NEWS_SITEMAP_LIMIT", 3)
    items = news_items(get_xml(client, "/sitemap-news.xml"))
    assert [item["loc"] for item in items] == [full(article) for article in articles[:3]]


def test_google_news_limit_is_googles():
    assert sitemaps.NEWS_SITEMAP_LIMIT == 1000
    assert sitemaps.NEWS_SITEMAP_WINDOW == datetime.timedelta(hours=48)


@pytest.mark.django_db
def test_news_sitemap_without_a_site_is_a_404(client, db):
    from wagtail.models import Site

    Site.objects.all().delete()
    assert client.get("/sitemap-news.xml").status_code == 404


def test_news_language_codes():
    assert sitemaps.news_language("en") == "en"
    assert sitemaps.news_language("pt-br") == "pt"
    assert sitemaps.news_language("zh-hans") == "zh-cn"
    assert sitemaps.news_language("zh-hant") == "zh-tw"


# -- several article models -----------------------------------------------------------


@pytest.fixture
def mixed(locales, home, section):
    """A site with three article models: the current set's, and the recipe's
    and the test app's video articles side by side in one section."""
    now = timezone.now()
    hours = datetime.timedelta(hours=1)
    mixed_section = factories.make_mixed_section(home)
    pages = {
        "section": mixed_section,
        "own": factories.make_article(section, "Own", date=now - 3 * hours),
        "recipe": factories.make_article(
            mixed_section,
            "Recipe",
            date=now - hours,
            model=factories.recipe_article_model(),
        ),
        "video": factories.make_article(
            mixed_section,
            "Video",
            date=now - 2 * hours,
            model=factories.video_article_model(),
        ),
        "video_draft": factories.make_article(
            mixed_section,
            "Video draft",
            date=now,
            live=False,
            model=factories.video_article_model(),
        ),
    }
    home_ru = publish_translation(home, locales["ru"], "Главная")
    publish_translation(mixed_section, locales["ru"], "Разное")
    pages["video_ru"] = publish_translation(pages["video"], locales["ru"], "Видео")
    pages["home_ru"] = home_ru
    return pages


@pytest.mark.django_db
def test_every_article_model_is_in_the_articles_sitemap(client, mixed, home, section):
    urls = entries(get_xml(client, "/sitemap-articles.xml"))
    video, video_ru = full(mixed["video"]), full(mixed["video_ru"])
    # Newest first, whatever their model; the draft is left out.
    # The translation has the video's date and a later id.
    assert list(urls) == [full(mixed["recipe"]), video_ru, video, full(mixed["own"])]
    assert urls[video] == (
        mixed["video"].last_published_at.isoformat(),
        [("en", video), ("ru", video_ru), ("x-default", video)],
    )
    assert urls[full(mixed["recipe"])][1] == []
    # A sitemap page across the models: ``SmallNewsSitemap`` lists two.
    first = entries(get_xml(client, "/small-sitemap.xml"))
    second = entries(get_xml(client, "/small-sitemap.xml?p=2"))
    assert list(first) + list(second) == list(urls)
    # The other sitemap lists no article of any model.
    pages = entries(get_xml(client, "/sitemap-pages.xml"))
    assert set(pages) == {
        full(page) for page in (home, section, mixed["section"], mixed["home_ru"])
    } | {full(mixed["section"].get_translation(mixed["home_ru"].locale))}


@pytest.mark.django_db
def test_every_article_model_is_in_the_news_sitemap(client, mixed, django_assert_num_queries):
    get_xml(client, "/sitemap-news.xml")
    with django_assert_num_queries(2):  # the site, the articles (one union)
        items = news_items(get_xml(client, "/sitemap-news.xml"))
    assert [(item["loc"], item["language"]) for item in items] == [
        (full(mixed["recipe"]), "en"),
        (full(mixed["video_ru"]), "ru"),
        (full(mixed["video"]), "en"),
        (full(mixed["own"]), "en"),
    ]
    assert items[0]["title"] == "Recipe"
    items = news_items(get_xml(client, "/sitemap-news.xml?locale=ru"))
    assert [item["title"] for item in items] == ["Видео"]


@pytest.mark.django_db
def test_a_sitemap_page_of_several_models_costs_the_same_queries(
    client, mixed, django_assert_num_queries
):
    get_xml(client, "/sitemap-articles.xml")
    # The site, the count, the articles of every model (one union), their
    # translations.
    with django_assert_num_queries(4):
        assert len(entries(get_xml(client, "/sitemap-articles.xml"))) == 4
    get_xml(client, "/sitemap.xml")
    with django_assert_num_queries(5):
        get_xml(client, "/sitemap.xml")


@pytest.mark.django_db
def test_a_sitemap_can_list_only_some_article_models(rf, mixed):
    class VideoSitemap(sitemaps.NewsSitemap):
        model = "wagtail_news_test.NewsArticlePage"

    sitemap = VideoSitemap()
    sitemap.request = factories.site_request()
    assert {page.title for page in sitemap.items()} == {"Video", "Видео"}


@pytest.mark.django_db
def test_article_models_setting_narrows_every_sitemap(client, settings, mixed, home, section):
    model = factories.article_model()
    settings.WAGTAIL_NEWS = {"ARTICLE_MODELS": [model._meta.label]}
    listed = [mixed["recipe"], mixed["own"]]  # newest first
    expected = [full(page) for page in listed if type(page) is model]
    assert list(entries(get_xml(client, "/sitemap-articles.xml"))) == expected
    news = news_items(get_xml(client, "/sitemap-news.xml"))
    assert [item["loc"] for item in news] == expected
    # The other models' pages are no articles then: the pages sitemap lists them.
    pages = entries(get_xml(client, "/sitemap-pages.xml"))
    assert full(mixed["video"]) in pages
    assert (full(mixed["recipe"]) in pages) is (type(mixed["recipe"]) is not model)
