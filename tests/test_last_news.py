import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import PageViewRestriction

from tests import factories
from tests.settings import WITH_LOCALIZE
from wagtail_news.blocks import LastNewsBlock
from wagtail_news.lists import last_news_for, snippet_last_news_querysets
from wagtail_news.models import LastNews

TAG = "{% last_news %}"
HOUR = datetime.timedelta(hours=1)


def render(request, template=TAG, **context):
    template = Template("{% load wagtail_news_tags %}" + template)
    return template.render(Context({"request": request, **context}))


def soup_of(html):
    return BeautifulSoup(html, "html.parser")


def listed(html):
    """``(date, title, href)`` of each item of a "Last news" list."""
    return [
        (li.time.get_text() if li.time else None, li.a.get_text(), li.a["href"])
        for li in soup_of(html).select(".news-last__item")
    ]


def titles(html):
    return [title for _, title, _ in listed(html)]


def heading(html):
    return soup_of(html).select_one(".news-last__title").get_text()


@pytest.fixture
def request_(site):
    return factories.site_request()


@pytest.fixture
def ru_section(locales, home, section):
    ru_home = home.copy_for_translation(locales["ru"])
    ru_home.title = "Главная"
    ru_home.save_revision().publish()
    ru_section = section.copy_for_translation(locales["ru"])
    ru_section.title = "Экономика"
    ru_section.save_revision().publish()
    return ru_section


# -- what the list shows ---------------------------------------------------------


@pytest.mark.django_db
def test_ten_newest_first_with_short_dates_and_links(request_, section):
    for n in range(12):
        factories.make_article(
            section, f"Article {n}", date=factories.BASE_DATE - datetime.timedelta(days=n)
        )
    html = render(request_)
    items = listed(html)
    assert heading(html) == "Last news"
    assert [title for _, title, _ in items] == [f"Article {n}" for n in range(10)]
    assert items[0] == ("16.05", "Article 0", "/en/economy/article-0/")
    assert items[1][0] == "15.05"
    section_el = soup_of(html).select_one("section.news-last")
    assert section_el["aria-labelledby"] == "news-last-title"
    assert soup_of(html).select_one("ul.news-last__list")


@pytest.mark.django_db
def test_order_is_by_publication_date_not_creation(request_, section):
    factories.make_article(section, "Old", date=factories.BASE_DATE - datetime.timedelta(days=3))
    factories.make_article(section, "New", date=factories.BASE_DATE)
    factories.make_article(section, "Middle", date=factories.BASE_DATE - datetime.timedelta(days=1))
    assert titles(render(request_)) == ["New", "Middle", "Old"]


@pytest.mark.django_db
def test_date_format_is_configurable(request_, section, settings):
    factories.make_article(section, "A")
    settings.WAGTAIL_NEWS = {"SHORT_DATE_FORMAT": "j M"}
    assert listed(render(request_))[0][0] == "16 May"


@pytest.mark.django_db
def test_leaves_out_the_article_being_read(request_, section):
    articles = factories.make_articles(section, 11)
    html = render(request_, page=articles[0])
    assert titles(html) == [f"Article {n}" for n in range(1, 11)]
    # The same cache entry serves the other articles.
    assert titles(render(request_, page=articles[5]))[:5] == [
        f"Article {n}" for n in (0, 1, 2, 3, 4)
    ]


@pytest.mark.django_db
def test_limit_override(request_, section):
    factories.make_articles(section, 6, revision=False)
    assert len(titles(render(request_, "{% last_news limit=3 %}"))) == 3
    assert len(titles(render(request_, "{% last_news limit=500 %}"))) == 6


@pytest.mark.django_db
def test_no_articles_renders_nothing(request_):
    assert render(request_).strip() == ""


@pytest.mark.django_db
def test_without_a_request_nothing_is_listed(section):
    factories.make_article(section, "A")
    assert Template("{% load wagtail_news_tags %}" + TAG).render(Context({})).strip() == ""


@pytest.mark.django_db
def test_snippet_sets_title_limit_and_dates(request_, section):
    factories.make_articles(section, 5)
    LastNews.objects.create(title="Latest", limit=2, show_dates=False)
    html = render(request_)
    assert heading(html) == "Latest"
    assert listed(html) == [
        (None, "Article 0", "/en/economy/article-0/"),
        (None, "Article 1", "/en/economy/article-1/"),
    ]
    assert len(titles(render(request_, "{% last_news limit=4 %}"))) == 4


@pytest.mark.django_db
def test_snippet_restricted_to_a_section_and_a_category(request_, home, section):
    sport = factories.make_section(home, "Sport")
    trade = factories.make_category("Trade")
    for hours, (parent, title, category) in enumerate(
        [
            (section, "Economy plain", None),
            (section, "Economy trade", trade),
            (sport, "Sport trade", trade),
            (sport, "Sport plain", None),
        ]
    ):
        date = factories.BASE_DATE - datetime.timedelta(hours=hours)
        factories.make_article(parent, title, date=date, category=category)
    LastNews.objects.create(slug="sport", section=sport)
    LastNews.objects.create(slug="trade", category=trade)
    LastNews.objects.create(slug="sport-trade", section=sport, category=trade)
    assert titles(render(request_, '{% last_news "sport" %}')) == ["Sport trade", "Sport plain"]
    assert titles(render(request_, '{% last_news "trade" %}')) == ["Economy trade", "Sport trade"]
    assert titles(render(request_, '{% last_news "sport-trade" %}')) == ["Sport trade"]
    assert len(titles(render(request_))) == 4


@pytest.mark.django_db
def test_named_snippet_and_snippet_instance(request_, section):
    factories.make_articles(section, 3)
    sidebar = LastNews.objects.create(slug="sidebar", title="Sidebar news", limit=1)
    assert heading(render(request_, '{% last_news "sidebar" %}')) == "Sidebar news"
    html = render(request_, "{% last_news snippet %}", snippet=sidebar)
    assert heading(html) == "Sidebar news" and titles(html) == ["Article 0"]
    # An unknown name falls back to the defaults.
    assert heading(render(request_, '{% last_news "nope" %}')) == "Last news"


@pytest.mark.django_db
def test_two_lists_on_a_page_have_distinct_heading_ids(request_, section):
    factories.make_article(section, "A")
    html = render(request_, TAG + TAG)
    assert [s["aria-labelledby"] for s in soup_of(html).select("section")] == [
        "news-last-title",
        "news-last-title-2",
    ]
    assert [h["id"] for h in soup_of(html).select("h2")] == ["news-last-title", "news-last-title-2"]


@pytest.mark.django_db
def test_rendered_on_an_article_page(client, section, settings, tmp_path):
    """In a real page: the tag finds the request and the page in the context."""
    (tmp_path / "wagtail_news").mkdir()
    (tmp_path / "wagtail_news" / "news_article_page.html").write_text(
        "{% load wagtail_news_tags %}<h1>{{ page.title }}</h1>{% last_news %}"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [str(tmp_path), *settings.TEMPLATES[0]["DIRS"]]}
    ]
    first, second = factories.make_articles(section, 2)
    html = client.get(first.url).content.decode()
    assert titles(html) == ["Article 1"]
    assert titles(client.get(second.url).content.decode()) == ["Article 0"]


# -- what the list never shows -------------------------------------------------------


@pytest.mark.django_db
def test_russian_page_never_lists_english_articles(locales, home, section, ru_section):
    factories.make_article(section, "Gas deal")
    factories.make_article(ru_section, "Nefть", date=factories.BASE_DATE)
    with translation.override("ru"):
        html = render(factories.site_request(path="/ru/"))
    assert titles(html) == ["Nefть"]
    assert listed(html)[0][2].startswith("/ru/")
    with translation.override("en"):
        assert titles(render(factories.site_request())) == ["Gas deal"]
    with translation.override("tk"):
        assert titles(render(factories.site_request())) == []


@pytest.mark.django_db
def test_drafts_and_private_pages_are_left_out(request_, section):
    factories.make_article(section, "Public")
    factories.make_article(section, "Draft", live=False)
    private = factories.make_article(section, "Private")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    private_section = factories.make_section(section.get_parent(), "Members")
    PageViewRestriction.objects.create(page=private_section, restriction_type="login")
    factories.make_article(private_section, "Members only")
    assert titles(render(request_)) == ["Public"]


@pytest.mark.django_db
def test_scheduled_article_appears_once_published_by_the_scheduler(request_, section):
    factories.make_article(section, "Now", date=factories.BASE_DATE)
    scheduled = factories.make_article(
        section, "Later", live=False, date=factories.BASE_DATE - HOUR
    )
    scheduled.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = scheduled.save_revision()
    revision.publish()
    scheduled.refresh_from_db()
    assert not scheduled.live
    assert titles(render(request_)) == ["Now"]

    # Time passes (moved back instead): the scheduler publishes it, and the
    # signal drops the cached list.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    call_command("publish_scheduled", verbosity=0)
    assert titles(render(request_)) == ["Now", "Later"]


@pytest.mark.django_db
def test_expired_article_leaves_once_the_scheduler_runs(request_, section):
    factories.make_article(section, "Stays", date=factories.BASE_DATE)
    expiring = factories.make_article(section, "Expires", date=factories.BASE_DATE - HOUR)
    assert titles(render(request_)) == ["Stays", "Expires"]
    type(expiring).objects.filter(pk=expiring.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    call_command("publish_scheduled", verbosity=0)
    expiring.refresh_from_db()
    assert expiring.expired and not expiring.live
    assert titles(render(request_)) == ["Stays"]


@pytest.mark.django_db
def test_two_sites_are_kept_apart(site, section):
    other_site, other_home = factories.make_site(
        hostname="other.example", title="Other home", slug="other", default=False
    )
    factories.make_article(section, "Here")
    factories.make_article(factories.make_section(other_home, "Sport"), "There")
    assert titles(render(factories.site_request())) == ["Here"]
    assert listed(render(factories.site_request("other.example"))) == [
        ("16.05", "There", "/en/sport/there/")
    ]
    # Both now cached, each under its own site.
    assert titles(render(factories.site_request())) == ["Here"]
    assert last_news_for(site=other_site)["items"][0]["full_url"] == (
        "http://other.example/en/sport/there/"
    )


# -- invalidation -----------------------------------------------------------------


@pytest.mark.django_db
def test_publishing_an_article_refreshes_the_list(request_, section):
    factories.make_article(section, "First", date=factories.BASE_DATE)
    assert titles(render(request_)) == ["First"]
    factories.make_article(section, "Second", date=factories.BASE_DATE + datetime.timedelta(1))
    assert titles(render(request_)) == ["Second", "First"]


@pytest.mark.django_db
def test_republishing_a_changed_title_refreshes_the_list(request_, section):
    article = factories.make_article(section, "Draft title")
    assert titles(render(request_)) == ["Draft title"]
    article.title = "Final title"
    article.save_revision().publish()
    assert titles(render(request_)) == ["Final title"]


@pytest.mark.django_db
def test_unpublishing_an_article_refreshes_the_list(request_, section):
    keep, gone = factories.make_articles(section, 2)
    assert titles(render(request_)) == ["Article 0", "Article 1"]
    gone.unpublish()
    assert titles(render(request_)) == ["Article 0"]


@pytest.mark.django_db
def test_deleting_an_article_refreshes_the_list(request_, section):
    keep, gone = factories.make_articles(section, 2)
    assert len(titles(render(request_))) == 2
    gone.delete()
    assert titles(render(request_)) == ["Article 0"]


@pytest.mark.django_db
def test_deleting_a_section_refreshes_the_list(request_, home, section):
    factories.make_article(section, "Economy")
    factories.make_article(factories.make_section(home, "Sport"), "Sport")
    assert len(titles(render(request_))) == 2
    section.delete()
    assert titles(render(request_)) == ["Sport"]


@pytest.mark.django_db
def test_moving_an_article_refreshes_both_sites(site, section):
    other_site, other_home = factories.make_site(
        hostname="other.example", title="Other home", slug="other", default=False
    )
    other_section = factories.make_section(other_home, "Sport")
    article = factories.make_article(section, "Traveller")
    assert titles(render(factories.site_request())) == ["Traveller"]
    assert titles(render(factories.site_request("other.example"))) == []
    article.move(other_section, pos="last-child")
    assert titles(render(factories.site_request())) == []
    assert listed(render(factories.site_request("other.example"))) == [
        ("16.05", "Traveller", "/en/sport/traveller/")
    ]


@pytest.mark.django_db
def test_moving_or_renaming_a_section_refreshes_the_urls(request_, home, section):
    factories.make_article(section, "A")
    assert listed(render(request_))[0][2] == "/en/economy/a/"
    section.slug = "business"
    section.save_revision().publish()
    assert listed(render(request_))[0][2] == "/en/business/a/"
    news = factories.make_plain_page(home, "News")
    section.move(news, pos="last-child")
    assert listed(render(request_))[0][2] == "/en/news/business/a/"


@pytest.mark.django_db
def test_making_an_article_private_refreshes_the_list(request_, section):
    keep, private = factories.make_articles(section, 2)
    assert len(titles(render(request_))) == 2
    restriction = PageViewRestriction.objects.create(page=private, restriction_type="login")
    assert titles(render(request_)) == ["Article 0"]
    restriction.delete()
    assert len(titles(render(request_))) == 2


@pytest.mark.django_db
def test_saving_and_deleting_the_snippet_refreshes_the_list(request_, section):
    factories.make_articles(section, 3)
    assert heading(render(request_)) == "Last news"
    snippet = LastNews.objects.create(title="Fresh", limit=1)
    html = render(request_)
    assert heading(html) == "Fresh" and len(titles(html)) == 1
    snippet.title = "Fresher"
    snippet.limit = 2
    snippet.save()
    html = render(request_)
    assert heading(html) == "Fresher" and len(titles(html)) == 2
    snippet.delete()
    html = render(request_)
    assert heading(html) == "Last news" and len(titles(html)) == 3


@pytest.mark.django_db
def test_invalidation_is_per_locale(locales, section, ru_section, django_assert_num_queries):
    factories.make_article(section, "English")
    factories.make_article(ru_section, "Russkiy")
    ru_request = factories.site_request(path="/ru/")
    with translation.override("ru"):
        assert titles(render(ru_request)) == ["Russkiy"]
    factories.make_article(section, "English 2")
    with translation.override("ru"), django_assert_num_queries(0):
        assert titles(render(ru_request)) == ["Russkiy"]  # still cached
    LastNews.objects.create(title="Latest", locale=locales["en"])
    with translation.override("ru"), django_assert_num_queries(0):
        assert titles(render(ru_request)) == ["Russkiy"]


@pytest.mark.django_db
def test_invalidation_is_per_site(site, section, django_assert_num_queries):
    other_site, other_home = factories.make_site(
        hostname="other.example", title="Other home", slug="other", default=False
    )
    factories.make_article(factories.make_section(other_home, "Sport"), "There")
    other = factories.site_request("other.example")
    assert titles(render(other)) == ["There"]
    factories.make_article(section, "Here")
    factories.warm_site_caches(other)
    with django_assert_num_queries(0):
        assert titles(render(other)) == ["There"]


# -- cost ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_cold_cache_costs_one_query_snippet_included(request_, section, django_assert_num_queries):
    factories.make_articles(section, 12, revision=False)
    LastNews.objects.create(title="Latest")
    factories.warm_site_caches(request_)
    with django_assert_num_queries(1):
        html = render(request_)
    assert heading(html) == "Latest" and len(titles(html)) == 10


@pytest.mark.django_db
def test_cold_cache_without_a_snippet_costs_the_same(request_, section, django_assert_num_queries):
    factories.make_articles(section, 3, revision=False)
    factories.warm_site_caches(request_)
    with django_assert_num_queries(1):
        assert len(titles(render(request_))) == 3


@pytest.mark.django_db
def test_a_list_made_cold_by_publishing_costs_one_query(
    request_, section, django_assert_num_queries
):
    LastNews.objects.create(title="Latest")
    factories.make_article(section, "A")
    render(request_)
    factories.make_article(section, "B", date=factories.BASE_DATE + datetime.timedelta(1))
    factories.warm_site_caches(request_)
    with django_assert_num_queries(1):
        assert titles(render(request_)) == ["B", "A"]
    with django_assert_num_queries(1):  # another limit: another cached list
        assert titles(render(request_, "{% last_news limit=1 %}")) == ["B"]


@pytest.mark.django_db
def test_warm_cache_costs_no_query(request_, section, django_assert_num_queries):
    articles = factories.make_articles(section, 12, revision=False)
    LastNews.objects.create(title="Latest")
    render(request_)
    factories.warm_site_caches(request_)
    with django_assert_num_queries(0):
        html = render(request_, page=articles[3])
    assert heading(html) == "Latest" and len(titles(html)) == 10
    with django_assert_num_queries(0):
        render(request_, page=articles[0])


@pytest.mark.django_db
def test_headless_function_shares_the_cache(request_, site, section, django_assert_num_queries):
    factories.make_articles(section, 2)
    render(request_)
    with django_assert_num_queries(0):
        data = last_news_for(site=site, language_code="en")
    assert data["title"] == "Last news" and data["show_dates"] is True
    assert [(i["title"], i["url"], i["full_url"]) for i in data["items"]] == [
        ("Article 0", "/en/economy/article-0/", "http://localhost/en/economy/article-0/"),
        ("Article 1", "/en/economy/article-1/", "http://localhost/en/economy/article-1/"),
    ]
    assert data["items"][0]["date"] == factories.BASE_DATE
    assert set(data["items"][0]) == {"id", "title", "url", "full_url", "date"}


@pytest.mark.django_db
def test_list_query_uses_the_date_index(site, section):
    factories.make_articles(section, 30, revision=False)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute("SET LOCAL enable_seqscan = off")
    model = factories.article_model()

    def plan(slug):
        [queryset] = [qs for qs in snippet_last_news_querysets("en", slug) if qs.model is model]
        return queryset.only("title")[:11].explain()

    def index_name(*fields):
        return next(index.name for index in model._meta.indexes if index.fields == list(fields))

    assert index_name("news_locale", "-date") in plan("default")
    LastNews.objects.create(title="Economy", slug="economy", section=section)
    names = (index_name("section", "-date"), index_name("news_locale", "-date"))
    assert any(name in plan("economy") for name in names)


# -- the snippet --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("limit", [0, 51, 100])
def test_limit_must_be_between_1_and_50(locales, limit):
    with pytest.raises(ValidationError) as raised:
        LastNews(title="X", limit=limit, locale=locales["en"]).full_clean()
    assert "limit" in raised.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize("limit", [1, 10, 50])
def test_limits_from_1_to_50_are_valid(locales, limit):
    LastNews(title="X", limit=limit, locale=locales["en"]).full_clean()


@pytest.mark.django_db
def test_defaults(locales, settings):
    snippet = LastNews(locale=locales["en"])
    assert (snippet.title, snippet.slug, snippet.limit, snippet.show_dates) == (
        "Last news",
        "default",
        10,
        True,
    )
    assert snippet.section is None and snippet.category is None
    settings.WAGTAIL_NEWS = {"LAST_NEWS_LIMIT": 5}
    assert LastNews(locale=locales["en"]).limit == 5


@pytest.mark.django_db
def test_slug_is_unique_per_locale(locales):
    LastNews.objects.create(locale=locales["en"])
    LastNews.objects.create(locale=locales["ru"])
    with pytest.raises(ValidationError) as raised:
        LastNews(locale=locales["en"]).full_clean()
    assert "slug" in raised.value.message_dict


@pytest.mark.django_db
def test_section_must_be_a_news_section(locales, home, section):
    with pytest.raises(ValidationError) as raised:
        LastNews(locale=locales["en"], section=home).full_clean()
    assert "section" in raised.value.message_dict
    LastNews(locale=locales["en"], section=section).full_clean()


@pytest.mark.django_db
def test_editors_manage_the_snippet_in_the_admin(admin_client, section):
    add_url = reverse("wagtailsnippets_wagtail_news_lastnews:add")
    form = admin_client.get(add_url).content.decode()
    assert "wagtail_news.newsindexpage" in form  # the section chooser offers sections only
    data = {"title": "Latest", "slug": "default", "limit": "51", "section": "", "category": ""}
    response = admin_client.post(add_url, {**data, "show_dates": "on"})
    assert response.status_code == 200
    assert not LastNews.objects.exists()
    response = admin_client.post(add_url, {**data, "limit": "5", "section": section.pk})
    assert response.status_code == 302
    snippet = LastNews.objects.get()
    assert (snippet.limit, snippet.section_id, snippet.show_dates) == (5, section.pk, False)
    listing = admin_client.get(reverse("wagtailsnippets_wagtail_news_lastnews:list"))
    assert "Latest" in listing.content.decode()


@pytest.mark.django_db
@pytest.mark.skipif(not WITH_LOCALIZE, reason="needs wagtail-localize")
def test_snippet_translated_with_wagtail_localize_gives_the_translated_title(
    locales, section, ru_section
):
    from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

    factories.make_article(section, "English")
    factories.make_article(ru_section, "Russkiy")
    snippet = LastNews.objects.create(title="Last news", limit=3, section=section)
    source, _ = TranslationSource.get_or_create_from_instance(snippet)
    segment = StringSegment.objects.get(source=source, context__path="title")
    StringTranslation.objects.create(
        translation_of=segment.string,
        locale=locales["ru"],
        context=segment.context,
        data="Последние новости",
    )
    translated, created = source.create_or_update_translation(locales["ru"])
    assert created
    assert translated.translation_key == snippet.translation_key
    assert (translated.slug, translated.limit, translated.section_id) == ("default", 3, section.pk)

    ru_request = factories.site_request(path="/ru/")
    with translation.override("ru"):
        html = render(ru_request)
    assert heading(html) == "Последние новости"
    # The English section of the source is the Russian section here.
    assert titles(html) == ["Russkiy"]
    with translation.override("en"):
        assert heading(render(factories.site_request())) == "Last news"


# -- the block ----------------------------------------------------------------------


@pytest.mark.django_db
def test_last_news_block_renders_the_list(request_, section):
    articles = factories.make_articles(section, 4)
    block = LastNewsBlock()
    value = block.to_python({"limit": 2})
    html = block.render(value, context={"request": request_, "page": articles[0]})
    assert titles(html) == ["Article 1", "Article 2"]
    html = block.render(block.to_python({"limit": None}), context={"request": request_})
    assert len(titles(html)) == 4


def test_last_news_block_validates_its_limit():
    block = LastNewsBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"limit": 51}))
    assert block.clean(block.to_python({"limit": None}))["limit"] is None


@pytest.mark.django_db
def test_lists_are_dropped_again_after_the_commit(
    request_, section, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """A reader that caches the list between the change and the commit (with
    what it could still see) does not keep it: the commit drops it again."""
    factories.make_article(section, "First")
    render(request_)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        factories.make_article(section, "Second", date=factories.BASE_DATE + HOUR)
        render(request_)  # cached inside the transaction
    assert callbacks
    factories.warm_site_caches(request_)
    with django_assert_num_queries(1):
        assert titles(render(request_)) == ["Second", "First"]
