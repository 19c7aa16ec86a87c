"""Related articles: shared category and tags, ranked, on the article page."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core import checks as django_checks
from django.utils import translation
from wagtail.models import PageViewRestriction

from tests import factories

HOUR = datetime.timedelta(hours=1)


@pytest.fixture(autouse=True)
def _restore_language():
    yield
    translation.activate(settings.LANGUAGE_CODE)


def article(section, title, hours_ago, tags=(), category=None, **kwargs):
    page = factories.make_article(
        section, title, date=factories.BASE_DATE - hours_ago * HOUR, category=category, **kwargs
    )
    if tags:
        page.tags.add(*tags)
        page.save_revision().publish() if page.live else page.save()
    return page


@pytest.fixture
def news(home, section):
    trade = factories.make_category("Trade")
    sport = factories.make_category("Sport")
    pages = {
        "main": article(section, "Main", 0, ("gas", "oil", "pipeline"), trade),
        "two_tags": article(section, "Two tags", 5, ("gas", "oil"), sport),
        "tag_and_category": article(section, "Tag and category", 3, ("pipeline",), trade),
        "category": article(section, "Category only", 1, (), trade),
        "one_tag_old": article(section, "One tag, old", 9, ("gas",), sport),
        "unrelated": article(section, "Unrelated", 2, ("football",)),
        "draft": article(section, "Draft", 1, ("gas", "oil", "pipeline"), trade, live=False),
    }
    own = article(section, "Own restriction", 1, ("gas", "oil", "pipeline"), trade)
    PageViewRestriction.objects.create(page=own, restriction_type="login")
    members = factories.make_section(home, "Members")
    article(members, "Ancestor restriction", 1, ("gas", "oil", "pipeline"), trade)
    PageViewRestriction.objects.create(page=members, restriction_type="login")
    _site, other_home = factories.make_site(
        hostname="other.example", title="Other", slug="other", default=False
    )
    article(factories.make_section(other_home, "World"), "Other site", 1, ("gas", "oil"), trade)
    return pages


def titles(articles):
    return [page.title for page in articles]


@pytest.mark.django_db
def test_ranked_by_shared_tags_and_category_then_newest(news):
    # Two tags (2) and tag + category (2): the newer first; then category
    # only (1) and one tag (1), newer first. Drafts, private pages, other
    # sites, unrelated articles and the article itself never show.
    assert titles(news["main"].get_related_articles(limit=10)) == [
        "Tag and category",
        "Two tags",
        "Category only",
        "One tag, old",
    ]


@pytest.mark.django_db
def test_limit_and_setting(news, settings):
    assert titles(news["main"].get_related_articles(limit=2)) == ["Tag and category", "Two tags"]
    settings.WAGTAIL_NEWS = {"RELATED_LIMIT": 3}
    assert len(news["main"].get_related_articles()) == 3
    assert news["main"].get_related_articles(limit=0) == []


@pytest.mark.django_db
def test_default_limit_is_four(news):
    assert len(news["main"].get_related_articles()) == 4


@pytest.mark.django_db
def test_other_languages_never_show(news, locales, home, section):
    home.copy_for_translation(locales["ru"]).save_revision().publish()
    section.copy_for_translation(locales["ru"]).save_revision().publish()
    translated = news["two_tags"].copy_for_translation(locales["ru"])
    translated.save_revision().publish()
    translated = translated.specific
    assert "Two tags" in titles(news["main"].get_related_articles(limit=10))
    assert [p.pk for p in news["main"].get_related_articles(limit=10)].count(translated.pk) == 0
    # The Russian article relates only to Russian articles: none here.
    assert translated.get_related_articles(limit=10) == []


@pytest.mark.django_db
def test_no_tags_and_no_category_costs_nothing(section, django_assert_num_queries):
    lone = factories.make_article(section, "Lone")
    factories.make_article(section, "Other")
    lone = section.get_article_queryset().get(pk=lone.pk)  # tags prefetched
    with django_assert_num_queries(0):
        assert lone.get_related_articles() == []


@pytest.mark.django_db
@pytest.mark.parametrize(("tags", "others"), [(2, 3), (12, 25)])
@pytest.mark.parametrize("article_models", ["one", "several"])
def test_one_query_whatever_the_tags_and_articles(
    section, tags, others, article_models, settings, django_assert_num_queries
):
    """One query with one article model; with several (as installed in these
    tests), one for the window of them and one for the model in it."""
    if article_models == "one":
        settings.WAGTAIL_NEWS = {"ARTICLE_MODELS": [factories.article_model()._meta.label]}
    queries = 1 if article_models == "one" else 2
    names = [f"tag-{n}" for n in range(tags)]
    category = factories.make_category("Trade")
    main = article(section, "Main", 0, names, category)
    for n in range(others):
        article(section, f"Other {n}", n + 1, names[: n % tags + 1])
    request = factories.site_request()
    factories.warm_site_caches(request)
    main = section.get_article_queryset().get(pk=main.pk)  # as routing loads it
    with django_assert_num_queries(queries):
        related = main.get_related_articles(limit=4, request=request)
        # Category and image came with them.
        [(page.category, page.image) for page in related]
    assert len(related) == min(4, others)
    plain = type(main).objects.get(pk=main.pk)
    with django_assert_num_queries(queries + 1):  # plus its tags
        assert [p.pk for p in plain.get_related_articles(limit=4, request=request)] == [
            p.pk for p in related
        ]


def related_section(html):
    return BeautifulSoup(html, "html.parser").select_one("section.news-related")


@pytest.mark.django_db
def test_rendered_on_the_article_page_with_card_images(client, news):
    image = factories.make_image()
    news["two_tags"].image = image
    news["two_tags"].save_revision().publish()
    box = related_section(client.get(news["main"].url).content.decode())
    assert box.h2.get_text() == "Related news"
    cards = box.select("li.news-card")
    assert [card.select_one(".news-card__title a").get_text() for card in cards] == [
        "Tag and category",
        "Two tags",
        "Category only",
        "One tag, old",
    ]
    assert cards[1].select_one(".news-card__image img")["src"].endswith(".fill-480x270.png")
    # An article without related ones renders no empty box.
    assert related_section(client.get(news["unrelated"].url).content.decode()) is None


@pytest.mark.django_db
def test_heading_is_translated(client, locales, home, section):
    ru_home = home.copy_for_translation(locales["ru"])
    ru_home.save_revision().publish()
    ru_section = section.copy_for_translation(locales["ru"])
    ru_section.save_revision().publish()
    category = factories.make_category("Торговля", slug="torgovlya", locale_code="ru")
    first = article(ru_section.specific, "Первая", 0, (), category)
    article(ru_section.specific, "Вторая", 1, (), category)
    box = related_section(client.get(first.url).content.decode())
    assert box.h2.get_text() == "Похожие новости"


@pytest.mark.django_db
def test_related_limit_must_be_positive(settings):
    from wagtail_news.checks import check_settings

    settings.WAGTAIL_NEWS = {"RELATED_LIMIT": 0}
    errors = check_settings(None)
    assert [(e.id, e.level) for e in errors] == [("wagtail_news.E004", django_checks.ERROR)]
    settings.WAGTAIL_NEWS = {"RELATED_LIMIT": "4"}
    assert [e.id for e in check_settings(None)] == ["wagtail_news.E003"]
