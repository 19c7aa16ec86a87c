"""Date archives of a section: ``YYYY/`` and ``YYYY/MM/``, paginated."""

import datetime
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from django.test import override_settings
from django.utils import translation
from wagtail.models import PageViewRestriction

from tests import factories


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def card_titles(response):
    return [a.get_text() for a in soup_of(response).select(".news-card__title a")]


def heading(response):
    return soup_of(response).select_one("h1").get_text()


def at(year, month, day, hour=12, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=datetime.UTC)


@pytest.fixture
def dated(section):
    """Articles around the turns of May 2023 and of the year 2023."""
    for title, date in [
        ("New year", at(2024, 1, 1, 0, 0)),
        ("Last of 2023", at(2023, 12, 31, 23, 59)),
        ("June", at(2023, 6, 1, 0, 0)),
        ("End of May", at(2023, 5, 31, 23, 59)),
        ("Mid May", at(2023, 5, 16)),
        ("Start of May", at(2023, 5, 1, 0, 0)),
        ("April", at(2023, 4, 30, 23, 59)),
        ("Old", at(2021, 3, 3)),
    ]:
        factories.make_article(section, title, date=date, revision=False)


@pytest.mark.django_db
def test_month_archive_lists_that_month_newest_first(client, section, dated):
    response = client.get(section.url + "2023/05/")
    assert response.status_code == 200
    assert card_titles(response) == ["End of May", "Mid May", "Start of May"]
    assert heading(response) == "Economy · Archive: May 2023"
    assert soup_of(response).title.get_text() == "Economy · Archive: May 2023"


@pytest.mark.django_db
def test_year_archive_lists_that_year_newest_first(client, section, dated):
    response = client.get(section.url + "2023/")
    assert response.status_code == 200
    assert card_titles(response) == [
        "Last of 2023",
        "June",
        "End of May",
        "Mid May",
        "Start of May",
        "April",
    ]
    assert heading(response) == "Economy · Archive: 2023"
    assert card_titles(client.get(section.url + "2024/")) == ["New year"]
    assert card_titles(client.get(section.url + "2021/03/")) == ["Old"]


@pytest.mark.django_db
@override_settings(TIME_ZONE="Asia/Ashgabat")
def test_periods_follow_the_current_time_zone(client, section, dated):
    # 2023-05-31 23:59 UTC is 1 June 04:59 in Ashgabat (UTC+5); 2023-04-30
    # 23:59 UTC is already May there.
    assert card_titles(client.get(section.url + "2023/05/")) == ["Mid May", "Start of May", "April"]
    assert card_titles(client.get(section.url + "2023/06/")) == ["June", "End of May"]
    assert card_titles(client.get(section.url + "2024/")) == ["New year", "Last of 2023"]


@pytest.mark.django_db
def test_year_archive_links_its_months_and_a_month_links_its_year(client, section, dated):
    soup = soup_of(client.get(section.url + "2023/"))
    months = [(a.get_text(), a["href"]) for a in soup.select(".news-archive a")]
    assert months == [
        ("April", "/en/economy/2023/04/"),
        ("May", "/en/economy/2023/05/"),
        ("June", "/en/economy/2023/06/"),
        ("December", "/en/economy/2023/12/"),
    ]
    for _name, href in months:
        assert client.get(href).status_code == 200
    soup = soup_of(client.get(section.url + "2023/05/"))
    assert [(a.get_text(), a["href"]) for a in soup.select(".news-archive a")] == [
        ("2023", "/en/economy/2023/")
    ]


@pytest.mark.django_db
def test_urls_come_from_reverse_subpage(section):
    assert section.reverse_subpage("archive_year", args=["2023"]) == "2023/"
    assert section.reverse_subpage("archive_month", args=["2023", "05"]) == "2023/05/"


# -- bad input and empty periods ---------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "suffix",
    [
        "0000/",
        "0000/05/",
        "2023/13/",
        "2023/00/",
        "2023/99/",
        "99999/",
        "99999/05/",
        "abc/",
        "2023/ab/",
        "2023/5/",
        "2023/005/",
        "23/",
        "2023/05/16/",
        "-2023/",
        "２０２３/",  # full-width digits are no year
        "2023/０５/",
    ],
)
def test_invalid_years_and_months_are_404(client, section, dated, suffix):
    assert client.get(section.url + suffix).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["2022/", "2023/07/", "0001/", "0001/01/", "9999/", "9999/12/"])
def test_empty_periods_are_404(client, section, dated, suffix):
    assert client.get(section.url + suffix).status_code == 404


@pytest.mark.django_db
@override_settings(TIME_ZONE="Asia/Ashgabat")
@pytest.mark.parametrize("suffix", ["0001/", "0001/01/", "9999/", "9999/12/"])
def test_edges_of_the_calendar_are_404_not_500_in_any_time_zone(client, section, dated, suffix):
    assert client.get(section.url + suffix).status_code == 404


@pytest.mark.django_db
@override_settings(TIME_ZONE="America/New_York")
def test_the_last_month_of_the_calendar_has_an_archive(client, section):
    factories.make_article(section, "Far future", date=at(9999, 12, 20), revision=False)
    assert card_titles(client.get(section.url + "9999/12/")) == ["Far future"]
    assert card_titles(client.get(section.url + "9999/")) == ["Far future"]


# -- pagination ---------------------------------------------------------------------------


@pytest.mark.django_db
@override_settings(WAGTAIL_NEWS={"PAGE_SIZE": 3})
def test_archives_are_paginated(client, section):
    factories.make_articles(section, 7, start=at(2023, 5, 20), revision=False)
    factories.make_article(section, "Other month", date=at(2023, 6, 2), revision=False)
    url = section.url + "2023/05/"
    assert card_titles(client.get(url)) == ["Article 0", "Article 1", "Article 2"]
    assert card_titles(client.get(url + "?page=3")) == ["Article 6"]
    # The links lead to the next page of the same archive.
    soup = soup_of(client.get(url + "?page=2"))
    next_url = urljoin("http://localhost" + url + "?page=2", soup.select_one("a[rel=next]")["href"])
    assert next_url == "http://localhost/en/economy/2023/05/?page=3"
    prev_url = urljoin("http://localhost" + url + "?page=2", soup.select_one("a[rel=prev]")["href"])
    assert card_titles(client.get(prev_url)) == ["Article 0", "Article 1", "Article 2"]
    assert card_titles(client.get(section.url + "2023/?page=3")) == ["Article 5", "Article 6"]


@pytest.mark.django_db
@override_settings(WAGTAIL_NEWS={"PAGE_SIZE": 3})
@pytest.mark.parametrize("value", ["4", "0", "-1", "abc", "1.5", "999999"])
def test_pages_past_the_end_or_not_numbers_are_404(client, section, value):
    factories.make_articles(section, 7, start=at(2023, 5, 20), revision=False)
    assert client.get(section.url + "2023/05/", {"page": value}).status_code == 404
    assert client.get(section.url + "2023/", {"page": value}).status_code == 404


# -- what an archive never shows -----------------------------------------------------------


@pytest.mark.django_db
def test_drafts_private_and_other_sections_are_absent(client, home, section):
    date = at(2023, 5, 16)
    factories.make_article(section, "Public", date=date)
    factories.make_article(section, "Draft", date=date, live=False)
    private = factories.make_article(section, "Private", date=date)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    factories.make_article(factories.make_section(home, "Politics"), "Elsewhere", date=date)
    assert card_titles(client.get(section.url + "2023/05/")) == ["Public"]
    soup = soup_of(client.get(section.url + "2023/"))
    assert [a["href"] for a in soup.select(".news-archive a")] == ["/en/economy/2023/05/"]


@pytest.mark.django_db
def test_a_period_with_only_drafts_is_404(client, section):
    factories.make_article(section, "Draft", date=at(2023, 5, 16), live=False)
    assert client.get(section.url + "2023/05/").status_code == 404


@pytest.mark.django_db
def test_other_sites_articles_are_absent(client, site, section):
    _other_site, other_home = factories.make_site(
        hostname="other.example", title="Other", slug="other", default=False
    )
    other_section = factories.make_section(other_home, "Economy", slug="economy")
    factories.make_article(section, "Here", date=at(2023, 5, 16))
    factories.make_article(other_section, "There", date=at(2023, 5, 16))
    assert card_titles(client.get(section.url + "2023/05/")) == ["Here"]
    there = client.get(other_section.url + "2023/05/", HTTP_HOST="other.example")
    assert card_titles(there) == ["There"]


@pytest.mark.django_db
def test_private_section_archive_asks_for_the_password(client, section):
    factories.make_article(section, "Secret plan", date=at(2023, 5, 16))
    PageViewRestriction.objects.create(page=section, restriction_type="password", password="x")
    response = client.get(section.url + "2023/05/")
    assert b"Secret plan" not in response.content
    assert "private" in response["Cache-Control"]


# -- routes side by side --------------------------------------------------------------------


@pytest.mark.django_db
def test_a_category_or_tag_named_like_a_year_keeps_its_listing(client, section):
    category = factories.make_category("2023", slug="2023")
    article = factories.make_article(section, "Numbered", date=at(2022, 1, 1), category=category)
    article.tags.add("2023")
    article.save_revision().publish()
    assert card_titles(client.get(section.url + "category/2023/")) == ["Numbered"]
    assert card_titles(client.get(section.url + "tag/2023/")) == ["Numbered"]
    assert client.get(section.url + "2023/").status_code == 404
    assert card_titles(client.get(section.url + "2022/")) == ["Numbered"]


# -- languages ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [("ru", "Экономика · Архив: Май 2023"), ("tk", "Ykdysadyýet · Arhiw: Maý 2023")],
)
def test_archive_heading_in_the_section_language(
    client, locales, home, section, language, expected
):
    translated_home = home.copy_for_translation(locales[language])
    translated_home.save_revision().publish()
    translated = section.copy_for_translation(locales[language])
    translated.title = expected.split(" · ")[0]
    translated.save_revision().publish()
    factories.make_article(translated, "Статья", slug="statya", date=at(2023, 5, 16))
    response = client.get(translated.url + "2023/05/")
    assert translated.url.startswith(f"/{language}/")
    assert heading(response) == expected
    with translation.override(language):
        soup = soup_of(client.get(translated.url + "2023/"))
    assert soup.select_one(".news-archive a").get_text() == expected.rsplit(" ", 2)[1]


# -- cost -------------------------------------------------------------------------------------


# Those of the section page (10: tests/test_queries.py) plus the fast path's
# lookup of a child called "2023" that Wagtail's routing of a subpage makes;
# a year archive adds the query of its months.
MONTH_ARCHIVE_QUERIES = 11
YEAR_ARCHIVE_QUERIES = 12


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 40])
@pytest.mark.parametrize(
    ("suffix", "expected"), [("2023/05/", MONTH_ARCHIVE_QUERIES), ("2023/", YEAR_ARCHIVE_QUERIES)]
)
def test_archive_queries_do_not_grow_with_the_archive(
    client, section, django_assert_num_queries, count, suffix, expected
):
    category = factories.make_category("Trade")
    image = factories.make_image()
    factories.make_articles(
        section, count, start=at(2023, 5, 30), revision=False, category=category, image=image
    )
    url = section.url + suffix
    assert client.get(url).status_code == 200  # creates the renditions
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert len(card_titles(response)) == min(count, 10)
