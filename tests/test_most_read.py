import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation
from wagtail.models import PageViewRestriction

from tests import factories
from wagtail_news.blocks import MostReadBlock
from wagtail_news.counting.store import add_views, today
from wagtail_news.lists import most_read_for

TAG = "{% most_read %}"
DAY = datetime.timedelta(days=1)


def render(request, template=TAG, **context):
    template = Template("{% load wagtail_news_tags %}" + template)
    return template.render(Context({"request": request, **context}))


def items(html):
    return BeautifulSoup(html, "html.parser").select(".news-most-read__item")


def titles(html):
    return [li.a.get_text() for li in items(html)]


@pytest.fixture
def request_(site):
    return factories.site_request()


@pytest.fixture
def read(section):
    """Articles A, B, C with 1, 5 and 3 views today."""
    articles = {}
    for hours, (title, views) in enumerate([("A", 1), ("B", 5), ("C", 3)]):
        date = factories.BASE_DATE - datetime.timedelta(hours=hours)
        articles[title] = factories.make_article(section, title, date=date)
        add_views(articles[title].pk, today(), views)
    return articles


@pytest.mark.django_db
def test_most_read_first(request_, read):
    html = render(request_)
    assert titles(html) == ["B", "C", "A"]
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one(".news-most-read__title").get_text() == "Most read"
    assert soup.select_one("section.news-most-read")["aria-labelledby"] == "news-most-read-title"
    assert items(html)[0].a["href"] == "/en/economy/b/"
    assert items(html)[0].time.get_text() == "16.05"
    assert not soup.select(".news-most-read__views")


@pytest.mark.django_db
def test_show_views_and_no_dates(request_, read):
    html = render(request_, "{% most_read show_views=True show_dates=False %}")
    views = [li.select_one(".news-most-read__views").get_text() for li in items(html)]
    assert views == ["5 views", "3 views", "1 view"]
    assert all(li.time is None for li in items(html))


@pytest.mark.django_db
def test_days_and_limit(request_, section, read):
    old = factories.make_article(section, "Old favourite")
    add_views(old.pk, today() - 10 * DAY, 100)
    assert titles(render(request_, "{% most_read days=7 limit=2 %}")) == ["B", "C"]
    assert titles(render(request_, "{% most_read days=30 limit=1 %}")) == ["Old favourite"]


@pytest.mark.django_db
def test_defaults_come_from_settings(request_, section, read, settings):
    old = factories.make_article(section, "Old favourite")
    add_views(old.pk, today() - 10 * DAY, 100)
    settings.WAGTAIL_NEWS = {"MOST_READ_DAYS": 30, "MOST_READ_LIMIT": 2}
    assert titles(render(request_)) == ["Old favourite", "B"]


@pytest.mark.django_db
def test_leaves_out_the_article_being_read(request_, read):
    assert titles(render(request_, "{% most_read limit=2 %}", page=read["B"])) == ["C", "A"]


@pytest.mark.django_db
def test_drafts_and_private_pages_are_left_out(request_, section, read):
    PageViewRestriction.objects.create(page=read["B"], restriction_type="login")
    read["C"].unpublish()
    assert titles(render(request_)) == ["A"]


@pytest.mark.django_db
def test_locales_and_sites_are_kept_apart(locales, site, home, section, read):
    ru_home = home.copy_for_translation(locales["ru"])
    ru_home.save_revision().publish()
    ru_section = section.copy_for_translation(locales["ru"])
    ru_section.save_revision().publish()
    ru_article = factories.make_article(ru_section, "Russkiy")
    add_views(ru_article.pk, today(), 50)
    other_site, other_home = factories.make_site(
        hostname="other.example", title="Other home", slug="other", default=False
    )
    there = factories.make_article(factories.make_section(other_home, "Sport"), "There")
    add_views(there.pk, today(), 500)

    assert titles(render(factories.site_request())) == ["B", "C", "A"]
    with translation.override("ru"):
        assert titles(render(factories.site_request(path="/ru/"))) == ["Russkiy"]
    assert titles(render(factories.site_request("other.example"))) == ["There"]


@pytest.mark.django_db
def test_unpublishing_refreshes_the_list(request_, read):
    assert titles(render(request_)) == ["B", "C", "A"]
    read["B"].unpublish()
    assert titles(render(request_)) == ["C", "A"]


@pytest.mark.django_db
def test_new_views_wait_for_the_cache_to_expire(request_, read):
    assert titles(render(request_)) == ["B", "C", "A"]
    add_views(read["A"].pk, today(), 10)
    assert titles(render(request_)) == ["B", "C", "A"]
    from django.core.cache import cache

    cache.clear()
    assert titles(render(request_)) == ["A", "B", "C"]


@pytest.mark.django_db
def test_cold_cache_costs_one_query_and_warm_none(request_, read, django_assert_num_queries):
    factories.warm_site_caches(request_)
    with django_assert_num_queries(1):
        assert titles(render(request_)) == ["B", "C", "A"]
    with django_assert_num_queries(0):
        assert titles(render(request_, page=read["B"])) == ["C", "A"]


@pytest.mark.django_db
def test_headless_function_shares_the_cache(request_, site, read, django_assert_num_queries):
    render(request_, "{% most_read days=7 limit=5 %}")
    with django_assert_num_queries(0):
        data = most_read_for(site=site, language_code="en", days=7, limit=5)
    assert (data["title"], data["days"], data["limit"]) == ("Most read", 7, 5)
    assert [(i["title"], i["views"], i["url"]) for i in data["items"]] == [
        ("B", 5, "/en/economy/b/"),
        ("C", 3, "/en/economy/c/"),
        ("A", 1, "/en/economy/a/"),
    ]


@pytest.mark.django_db
def test_most_read_block(request_, read):
    block = MostReadBlock()
    value = block.to_python({"days": 7, "limit": 2, "show_views": True})
    html = block.render(value, context={"request": request_, "page": read["C"]})
    assert titles(html) == ["B", "A"]
    assert items(html)[0].select_one(".news-most-read__views").get_text() == "5 views"


def test_most_read_block_validates_its_values():
    block = MostReadBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"days": 0, "limit": 5}))
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"days": 7, "limit": 51}))
    assert block.clean(block.to_python({"days": None, "limit": None}))["days"] is None
