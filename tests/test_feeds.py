"""RSS 2.0 and Atom feeds of a section, its categories and its tags, served
through Wagtail's page serving and parsed with feedparser."""

import calendar
import datetime
import os

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.test import override_settings
from django.utils.http import http_date
from wagtail.models import PageViewRestriction

from tests import factories
from wagtail_news import checks
from wagtail_news.conf import news_settings

FEEDS = ["feed/", "atom/"]
LISTING_FEEDS = [
    ("", "feed/"),
    ("", "atom/"),
    ("category/trade/", "feed/"),
    ("category/trade/", "atom/"),
    ("tag/gas/", "feed/"),
    ("tag/gas/", "atom/"),
]


def parse(response):
    assert response.status_code == 200, response.status_code
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def titles(parsed):
    return [entry.title for entry in parsed.entries]


def timestamp(struct):
    return calendar.timegm(struct)


@pytest.fixture
def trade(db):
    return factories.make_category("Trade")


@pytest.fixture
def articles(section, trade):
    """Three articles: one with the category, an image and two tags, one with
    a tag only, one with nothing."""
    image = factories.make_image()
    first = factories.make_article(
        section,
        "Oil & gas deal",
        date=factories.BASE_DATE,
        category=trade,
        image=image,
        intro="Gas <b>prices</b> fall.",
    )
    first.tags.add("Pipeline", "trade", "gas")
    first.save_revision().publish()
    second = factories.make_article(
        section, "Pipeline opens", date=factories.BASE_DATE - datetime.timedelta(days=1)
    )
    second.tags.add("gas")
    second.save_revision().publish()
    third = factories.make_article(
        section, "Harvest report", date=factories.BASE_DATE - datetime.timedelta(days=2)
    )
    return first, second, third


@pytest.fixture
def ru_section(locales, home, section):
    ru_home = home.copy_for_translation(locales["ru"])
    ru_home.title = "Главная"
    ru_home.save_revision().publish()
    ru_section = section.copy_for_translation(locales["ru"])
    ru_section.title = "Экономика"
    ru_section.save_revision().publish()
    return ru_section


# -- parsing ---------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("listing", "kind"), LISTING_FEEDS)
def test_feeds_parse_cleanly_and_list_their_articles(client, section, articles, listing, kind):
    parsed = parse(client.get(section.url + listing + kind))
    expected = {
        "": ["Oil & gas deal", "Pipeline opens", "Harvest report"],
        "category/trade/": ["Oil & gas deal"],
        "tag/gas/": ["Oil & gas deal", "Pipeline opens"],
    }[listing]
    assert titles(parsed) == expected
    assert parsed.version == ("rss20" if kind == "feed/" else "atom10")


@pytest.mark.django_db
@pytest.mark.parametrize(("listing", "kind"), LISTING_FEEDS)
def test_channel_title_links_and_language(client, section, articles, listing, kind):
    response = client.get(section.url + listing + kind)
    assert response["Content-Type"] == (
        "application/rss+xml; charset=utf-8"
        if kind == "feed/"
        else "application/atom+xml; charset=utf-8"
    )
    feed = parse(response).feed
    name = {"": "", "category/trade/": ": Trade", "tag/gas/": ": gas"}[listing]
    assert feed.title == f"Economy{name}"
    assert feed.link == f"http://localhost/en/economy/{listing}"
    assert feed.language == "en"
    self_links = [link.href for link in feed.links if link.rel == "self"]
    assert self_links == [f"http://localhost/en/economy/{listing}{kind}"]
    description = feed.subtitle
    assert description == f"Latest articles: Economy{name}"


@pytest.mark.django_db
def test_search_description_is_the_channel_description(client, section, articles):
    section.search_description = "All about money."
    section.save_revision().publish()
    assert parse(client.get(section.url + "feed/")).feed.subtitle == "All about money."


# -- items --------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("kind", FEEDS)
def test_item_links_dates_categories_and_id(client, section, articles, kind):
    first = articles[0]
    first.refresh_from_db()
    entry = parse(client.get(section.url + kind)).entries[0]
    assert entry.link == "http://localhost/en/economy/oil-gas-deal/"
    assert timestamp(entry.published_parsed) == factories.BASE_DATE.timestamp()
    assert entry.summary == "Gas &lt;b&gt;prices&lt;/b&gt; fall."
    # The category, then the tags alphabetically in any case; "trade" only
    # repeats the category.
    assert [tag.term for tag in entry.tags] == ["Trade", "gas", "Pipeline"]
    assert entry.id.startswith("urn:uuid:")
    if kind == "atom/":
        # Last published after the publication date: that is the update.
        assert timestamp(entry.updated_parsed) == int(first.last_published_at.timestamp())
    else:
        assert entry.guidislink is False


@pytest.mark.django_db
def test_updated_is_never_before_the_publication_date(client, section):
    future = factories.now() + datetime.timedelta(days=3)
    factories.make_article(section, "Dated ahead", date=future)
    entry = parse(client.get(section.url + "atom/")).entries[0]
    assert timestamp(entry.updated_parsed) == int(future.timestamp())


@pytest.mark.django_db
def test_item_id_survives_a_slug_change_and_differs_between_translations(
    client, section, ru_section, articles
):
    first = articles[0]
    before = parse(client.get(section.url + "feed/")).entries[0].id
    first.slug = "renamed"
    first.save_revision().publish()
    entry = parse(client.get(section.url + "feed/")).entries[0]
    assert entry.link == "http://localhost/en/economy/renamed/"
    assert entry.id == before

    translated = first.copy_for_translation(ru_section.locale)
    translated.save_revision().publish()
    ru_entry = parse(client.get(ru_section.url + "feed/")).entries[0]
    assert ru_entry.id != before


@pytest.mark.django_db
@pytest.mark.parametrize("kind", FEEDS)
def test_lead_image_is_an_enclosure(client, section, articles, kind):
    first = articles[0]
    rendition = first.image.get_rendition(news_settings.ARTICLE_IMAGE_FILTER)
    parsed = parse(client.get(section.url + kind))
    enclosures = [
        [(link.href, link.type, link.length) for link in entry.links if link.rel == "enclosure"]
        for entry in parsed.entries
    ]
    size = os.path.getsize(rendition.file.path)
    assert size > 0
    assert enclosures == [
        [(f"http://localhost{rendition.url}", "image/png", str(size))],
        [],
        [],
    ]


@pytest.mark.django_db
@override_settings(WAGTAIL_NEWS={"ARTICLE_IMAGE_FILTER": "width-20|format-jpeg"})
def test_enclosure_follows_the_article_image_filter(client, section, articles):
    entry = parse(client.get(section.url + "feed/")).entries[0]
    (enclosure,) = entry.enclosures
    assert enclosure.href.endswith(".jpg")
    assert enclosure.type == "image/jpeg"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", FEEDS)
def test_feed_limit_setting(client, section, kind, settings):
    factories.make_articles(section, 6, revision=False)
    assert len(parse(client.get(section.url + kind)).entries) == 6
    settings.WAGTAIL_NEWS = {"FEED_LIMIT": 4}
    assert titles(parse(client.get(section.url + kind))) == [f"Article {n}" for n in range(4)]


@pytest.mark.django_db
def test_default_limit_is_twenty(client, section):
    factories.make_articles(section, 23, revision=False)
    assert len(parse(client.get(section.url + "feed/")).entries) == 20


@pytest.mark.django_db
def test_empty_category_feed_is_an_empty_feed(client, section, trade):
    parsed = parse(client.get(section.url + "category/trade/feed/"))
    assert parsed.entries == []


# -- what a feed never shows ----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("kind", FEEDS)
def test_drafts_private_and_other_sections_are_absent(client, home, section, kind):
    factories.make_article(section, "Public")
    factories.make_article(section, "Draft", live=False)
    private = factories.make_article(section, "Private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    factories.make_article(factories.make_section(home, "Politics"), "Elsewhere")
    assert titles(parse(client.get(section.url + kind))) == ["Public"]


@pytest.mark.django_db
def test_other_sites_articles_are_absent(client, site, section):
    _other_site, other_home = factories.make_site(
        hostname="other.example", title="Other", slug="other", default=False
    )
    other_section = factories.make_section(other_home, "Economy", slug="economy")
    factories.make_article(section, "Here")
    factories.make_article(other_section, "There")
    here = parse(client.get(section.url + "feed/"))
    there = parse(client.get(other_section.url + "feed/", HTTP_HOST="other.example"))
    assert titles(here) == ["Here"]
    assert titles(there) == ["There"]
    assert there.entries[0].link == "http://other.example/en/economy/there/"
    assert there.feed.link == "http://other.example/en/economy/"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", FEEDS)
def test_private_section_feed_is_as_private_as_the_section(client, section, kind):
    factories.make_article(section, "Secret plan")
    PageViewRestriction.objects.create(page=section, restriction_type="password", password="x")
    page = client.get(section.url)
    feed = client.get(section.url + kind)
    assert feed.status_code == page.status_code == 200
    assert b"Secret plan" not in feed.content
    assert feed["Content-Type"].startswith("text/html")
    assert feed["Cache-Control"] == page["Cache-Control"]
    assert "private" in feed["Cache-Control"]

    PageViewRestriction.objects.all().delete()
    PageViewRestriction.objects.create(page=section, restriction_type="login")
    feed = client.get(section.url + kind)
    assert feed.status_code == 302
    assert b"Secret plan" not in feed.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "suffix",
    [
        "category/nope/feed/",
        "tag/nope/atom/",
        "category/feed/",  # a category called "feed", which does not exist
        "feed/extra/",
        "rss/",
        "category/trade/feed/atom/",
    ],
)
def test_unknown_feeds_are_404(client, section, articles, suffix):
    assert client.get(section.url + suffix).status_code == 404


@pytest.mark.django_db
def test_category_of_another_language_has_no_feed(client, section):
    factories.make_category("Торговля", slug="torgovlya", locale_code="ru")
    assert client.get(section.url + "category/torgovlya/feed/").status_code == 404


@pytest.mark.django_db
def test_a_tag_called_feed_keeps_its_listing_and_its_feed(client, section):
    article = factories.make_article(section, "Tagged")
    article.tags.add("feed")
    article.save_revision().publish()
    listing = client.get(section.url + "tag/feed/")
    assert listing.status_code == 200
    assert listing["Content-Type"].startswith("text/html")
    assert titles(parse(client.get(section.url + "tag/feed/feed/"))) == ["Tagged"]


# -- per locale --------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("kind", FEEDS)
def test_a_russian_section_feed_is_russian(client, section, ru_section, kind):
    factories.make_article(section, "Gas deal")
    factories.make_article(ru_section, "Газовая сделка", slug="gazovaya-sdelka")
    response = client.get(ru_section.url + kind)
    if kind == "feed/":
        assert b"<language>ru</language>" in response.content
    else:
        assert b'xml:lang="ru"' in response.content
    parsed = parse(response)
    assert parsed.feed.language == "ru"
    assert parsed.feed.title == "Экономика"
    assert parsed.feed.subtitle == "Последние новости: Экономика"
    assert titles(parsed) == ["Газовая сделка"]
    assert parsed.entries[0].link == "http://localhost/ru/economy/gazovaya-sdelka/"
    english = parse(client.get(section.url + kind))
    assert english.feed.language == "en"
    assert titles(english) == ["Gas deal"]


# -- cost and caching ---------------------------------------------------------------------


# Wagtail's routing (site, locale, home, section generic and specific, the
# article fast path's lookup of a child called "feed", the section's view
# restrictions (2)), then the feed: the section's locale, the articles with
# their category, image and locale, their tags, the renditions of their images.
FEED_QUERIES = 12


def fill_section(section, count):
    category = factories.make_category("Trade")
    images = [factories.make_image(f"Image {n}") for n in range(3)]
    made = factories.make_articles(section, count, revision=False, category=category)
    for n, article in enumerate(made):
        article.image = images[n % 3]
        article.tags.add(f"tag-{n % 4}", "common")
        article.save()
    return made


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 20])
@pytest.mark.parametrize("listing", ["", "category/trade/", "tag/common/"])
@pytest.mark.parametrize("kind", FEEDS)
def test_feed_queries_do_not_grow_with_its_items(
    client, section, django_assert_num_queries, count, listing, kind
):
    fill_section(section, count)
    url = section.url + listing + kind
    # The first request creates the renditions and fills Wagtail's caches.
    assert len(parse(client.get(url)).entries) == count
    # A category or tag listing looks its category or tag up: one more query.
    expected = FEED_QUERIES + (1 if listing else 0)
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert len(parse(response).entries) == count


@pytest.mark.django_db
@pytest.mark.parametrize("kind", FEEDS)
def test_last_modified_is_the_newest_update(client, section, articles, kind):
    response = client.get(section.url + kind)
    for article in articles:
        article.refresh_from_db()
    newest = max(article.last_published_at for article in articles)
    assert response["Last-Modified"] == http_date(newest.timestamp())


@pytest.mark.django_db
@pytest.mark.parametrize("kind", FEEDS)
def test_public_feed_carries_the_same_cache_headers_as_the_section(client, section, articles, kind):
    page = client.get(section.url)
    feed = client.get(section.url + kind)
    for header in ["Cache-Control", "Vary", "Expires"]:
        assert feed.headers.get(header) == page.headers.get(header)


# -- links in the head -------------------------------------------------------------------


def alternate_links(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        (link["type"], link["href"], link["title"])
        for link in soup.select("head link[rel=alternate]")
    ]


@pytest.mark.django_db
@override_settings(WAGTAIL_NEWS={"BASE_TEMPLATE": "base_with_head.html"})
def test_pages_link_their_feeds_in_the_head(client, section, articles):
    assert alternate_links(client.get(section.url)) == [
        ("application/rss+xml", "/en/economy/feed/", "Economy"),
        ("application/atom+xml", "/en/economy/atom/", "Economy"),
    ]
    assert alternate_links(client.get(section.url + "category/trade/")) == [
        ("application/rss+xml", "/en/economy/category/trade/feed/", "Economy: Trade"),
        ("application/atom+xml", "/en/economy/category/trade/atom/", "Economy: Trade"),
    ]
    assert alternate_links(client.get(section.url + "tag/gas/")) == [
        ("application/rss+xml", "/en/economy/tag/gas/feed/", "Economy: gas"),
        ("application/atom+xml", "/en/economy/tag/gas/atom/", "Economy: gas"),
    ]
    assert alternate_links(client.get(articles[0].url)) == [
        ("application/rss+xml", "/en/economy/feed/", "Economy"),
        ("application/atom+xml", "/en/economy/atom/", "Economy"),
    ]
    # Every advertised feed is served.
    for _type, href, _title in alternate_links(client.get(section.url + "tag/gas/")):
        parse(client.get(href))


@pytest.mark.django_db
def test_a_base_template_without_a_head_block_renders_no_links(client, section, articles):
    assert alternate_links(client.get(section.url)) == []
    assert client.get(section.url).status_code == 200


# -- settings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "error"), [(0, "wagtail_news.E004"), ("20", "wagtail_news.E003")]
)
def test_feed_limit_is_checked(value, error):
    with override_settings(WAGTAIL_NEWS={"FEED_LIMIT": value}):
        messages = checks.check_settings(None)
    assert [message.id for message in messages] == [error]
    assert "FEED_LIMIT" in messages[0].msg
