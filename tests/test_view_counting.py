"""Counting rules and the beacon, on the real database and request path."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import override_settings
from wagtail.models import PageViewRestriction

from tests import factories
from wagtail_news.counting import get_view_count
from wagtail_news.counting.store import add_views, today
from wagtail_news.models import PageViewDay, PageViewTotal

BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Safari/537.36"
)


def beacon(client, page_id, ip="198.51.100.7", ua=BROWSER, method="post", **extra):
    url = f"/en/news/views/{page_id}/"
    return getattr(client, method)(url, REMOTE_ADDR=ip, HTTP_USER_AGENT=ua, **extra)


@pytest.fixture(autouse=True, params=["cache", "redis-script"])
def counting_cache(request):
    """Every rule twice: with the visitor keys in Django's local-memory cache
    (one call per step), and in Redis (one script decides; see
    ``wagtail_news.counting.redis_path``)."""
    if request.param == "redis-script":
        request.getfixturevalue("redis_default_cache")
    return request.param


@pytest.fixture
def article(section):
    return factories.make_article(section, "Counted")


@pytest.mark.django_db
def test_beacon_counts_and_answers_the_new_count(client, article):
    response = beacon(client, article.pk)
    assert response.status_code == 200
    assert response.json() == {"counted": True, "views": 1}
    assert "no-store" in response["Cache-Control"]
    assert beacon(client, article.pk, ip="198.51.100.8").json() == {"counted": True, "views": 2}
    assert get_view_count(article.pk) == 2


@pytest.mark.django_db
def test_same_visitor_counts_once_per_window(client, article):
    assert beacon(client, article.pk).json()["counted"] is True
    assert beacon(client, article.pk).json() == {"counted": False, "views": 1}
    # Another user agent on the same IP is another visitor.
    other_ua = BROWSER.replace("126.0", "127.0")
    assert beacon(client, article.pk, ua=other_ua).json()["counted"] is True


@pytest.mark.django_db
def test_after_the_window_the_visitor_counts_again(client, article):
    with override_settings(WAGTAIL_NEWS={"VIEW_COUNT_WINDOW": 1}):
        assert beacon(client, article.pk).json()["counted"] is True
        assert beacon(client, article.pk).json()["counted"] is False
        import time

        time.sleep(1.1)
        assert beacon(client, article.pk).json() == {"counted": True, "views": 2}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "ua",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "TelegramBot (like TwitterBot)",
        "WhatsApp/2.23.20.0",
        "curl/8.5.0",
        "",
    ],
)
def test_crawlers_and_link_preview_bots_count_zero(client, article, ua):
    response = beacon(client, article.pk, ua=ua)
    assert response.status_code == 200
    assert response.json() == {"counted": False, "views": 0}
    assert not PageViewTotal.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_PURPOSE": "prefetch"},
        {"HTTP_SEC_PURPOSE": "prefetch;prerender"},
        {"HTTP_PURPOSE": "prefetch"},
        {"HTTP_X_MOZ": "prefetch"},
    ],
)
def test_prefetch_and_prerender_count_zero(client, article, headers):
    assert beacon(client, article.pk, **headers).json() == {"counted": False, "views": 0}


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "head", "put", "delete"])
def test_beacon_accepts_only_post(client, article, method):
    assert beacon(client, article.pk, method=method).status_code == 405
    assert get_view_count(article.pk) == 0


@pytest.mark.django_db
def test_no_request_parameter_changes_the_amount(client, article):
    url = f"/en/news/views/{article.pk}/?views=1000&count=50&amount=9"
    response = client.post(
        url,
        data='{"views": 1000, "count": 50, "amount": 9}',
        content_type="application/json",
        REMOTE_ADDR="203.0.113.5",
        HTTP_USER_AGENT=BROWSER,
    )
    assert response.json() == {"counted": True, "views": 1}
    assert PageViewTotal.objects.get(page_id=article.pk).count == 1
    assert PageViewDay.objects.get(page_id=article.pk).count == 1


@pytest.mark.django_db
def test_draft_private_other_site_and_unknown_pages_404(client, home, section):
    draft = factories.make_article(section, "Draft", live=False)
    private = factories.make_article(section, "Private")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    _, other_home = factories.make_site(
        hostname="other.example", title="Other", slug="other", default=False
    )
    other_article = factories.make_article(factories.make_section(other_home, "Sport"), "Away")
    for page_id in [draft.pk, private.pk, other_article.pk, 987654, section.pk, home.pk]:
        response = beacon(client, page_id)
        assert response.status_code == 404, page_id
        # The same answer for all, and one no cache keeps.
        assert response.json() == {"message": "No such article"}
        assert "no-store" in response["Cache-Control"]
    assert not PageViewTotal.objects.exists() and not PageViewDay.objects.exists()
    # The other site's article counts on its own site.
    assert beacon(client, other_article.pk, HTTP_HOST="other.example").status_code == 200


@pytest.mark.django_db
def test_private_section_hides_its_articles(client, section):
    article = factories.make_article(section, "Inside")
    PageViewRestriction.objects.create(page=section, restriction_type="login")
    assert beacon(client, article.pk).status_code == 404


@pytest.mark.django_db
def test_x_forwarded_for_is_not_trusted_by_default(client, article):
    assert beacon(client, article.pk, HTTP_X_FORWARDED_FOR="1.1.1.1").json()["counted"]
    # A spoofed header does not make the same visitor new.
    assert not beacon(client, article.pk, HTTP_X_FORWARDED_FOR="2.2.2.2").json()["counted"]


@pytest.mark.django_db
def test_beacon_creates_no_session_and_sets_no_cookie(client, article):
    from django.contrib.sessions.models import Session

    response = beacon(client, article.pk)
    assert not response.cookies
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_article_page_shows_the_count_and_carries_the_beacon(client, article):
    add_views(article.pk, today(), 2033)
    response = client.get(article.url, HTTP_USER_AGENT=BROWSER)
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(f'[data-news-views="{article.pk}"]').get_text() == "2033"
    script = " ".join(s.get_text() for s in soup.find_all("script"))
    assert f"/en/news/views/{article.pk}/" in script and "keepalive" in script
    # Serving the page does not count by default: the beacon does.
    assert get_view_count(article.pk) == 2033


@pytest.mark.django_db
def test_preview_has_no_beacon_and_counts_nothing(admin_client, section):
    draft = factories.make_article(section, "Draft", live=False)
    response = admin_client.get(f"/admin/pages/{draft.pk}/view_draft/")
    assert response.status_code == 200
    assert b"/news/views/" not in response.content


@pytest.mark.django_db
@override_settings(WAGTAIL_NEWS={"VIEW_COUNT_ON_SERVE": True})
def test_server_side_counting_uses_the_same_rules(client, admin_client, article, section):
    assert client.get(article.url, HTTP_USER_AGENT=BROWSER).status_code == 200
    assert get_view_count(article.pk) == 1
    client.get(article.url, HTTP_USER_AGENT=BROWSER)  # same visitor
    client.get(article.url, HTTP_USER_AGENT="Googlebot/2.1")
    client.head(article.url, HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="192.0.2.1")
    client.get(
        article.url, HTTP_USER_AGENT=BROWSER, HTTP_SEC_PURPOSE="prefetch", REMOTE_ADDR="192.0.2.2"
    )
    assert get_view_count(article.pk) == 1
    page = client.get(article.url, HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="192.0.2.3")
    assert b'data-news-views="%d">2<' % article.pk in page.content
    admin_client.get(f"/admin/pages/{article.pk}/edit/preview/?mode=")
    assert get_view_count(article.pk) == 2


@pytest.mark.django_db
def test_counting_never_touches_the_page(client, article):
    before = type(article).objects.get(pk=article.pk)
    revisions = before.revisions.count()
    for n in range(3):
        beacon(client, article.pk, ip=f"192.0.2.{n}")
    after = type(article).objects.get(pk=article.pk)
    assert after.revisions.count() == revisions
    assert after.last_published_at == before.last_published_at
    assert after.latest_revision_created_at == before.latest_revision_created_at
    assert get_view_count(article.pk) == 3


@pytest.mark.django_db
def test_no_table_holds_an_ip_or_user_agent(client, section):
    articles = factories.make_articles(section, 3, revision=False)
    ips = [f"203.0.113.{n}" for n in range(1, 30)]
    for n, ip in enumerate(ips):
        beacon(client, articles[n % 3].pk, ip=ip)
    needles = [*ips, BROWSER, "Chrome/126.0", "203.0.113"]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                text = " ".join(str(v) for v in row)
                for needle in needles:
                    assert needle not in text, (table, needle)
    assert sum(PageViewTotal.objects.values_list("count", flat=True)) == len(ips)


@pytest.mark.django_db
def test_visitor_key_changes_every_day(rf, article, monkeypatch):
    from wagtail_news.counting import rules

    request = rf.post("/", REMOTE_ADDR="192.0.2.10", HTTP_USER_AGENT=BROWSER)
    monkeypatch.setattr(rules, "today", lambda: datetime.date(2026, 1, 1))
    day_one = rules.visitor_key(request, article.pk)
    monkeypatch.setattr(rules, "today", lambda: datetime.date(2026, 1, 2))
    day_two = rules.visitor_key(request, article.pk)
    assert day_one != day_two
    assert "192.0.2.10" not in day_one and "Mozilla" not in day_one


@pytest.mark.django_db
def test_cached_verdict_follows_publishing_and_restrictions(client, section):
    article = factories.make_article(section, "Changing")
    assert beacon(client, article.pk, ip="192.0.2.1").status_code == 200
    article.unpublish()
    assert beacon(client, article.pk, ip="192.0.2.2").status_code == 404
    article.save_revision().publish()
    assert beacon(client, article.pk, ip="192.0.2.3").status_code == 200
    restriction = PageViewRestriction.objects.create(page=article, restriction_type="login")
    assert beacon(client, article.pk, ip="192.0.2.4").status_code == 404
    restriction.delete()
    assert beacon(client, article.pk, ip="192.0.2.5").status_code == 200
    article.delete()
    assert beacon(client, article.pk, ip="192.0.2.6").status_code == 404
    draft = factories.make_article(section, "Later", live=False)
    assert beacon(client, draft.pk, ip="192.0.2.7").status_code == 404
    draft.save_revision().publish()
    assert beacon(client, draft.pk, ip="192.0.2.8").status_code == 200


@pytest.mark.django_db
def test_a_hot_article_costs_no_query_to_check(client, article, django_assert_num_queries):
    beacon(client, article.pk, ip="192.0.2.1")
    # The check is cached; what is left is the write (direct mode: the two
    # upserts in one transaction).
    # PostgreSQL: one statement; SQLite: two upserts between SAVEPOINT and RELEASE.
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 4):
        assert beacon(client, article.pk, ip="192.0.2.2").json()["counted"]
    with django_assert_num_queries(1):  # a repeat visitor: the count only
        assert not beacon(client, article.pk, ip="192.0.2.2").json()["counted"]
