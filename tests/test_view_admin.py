import datetime

import pytest
from django.urls import reverse

from tests import factories
from wagtail_news.counting.store import add_views, today


@pytest.fixture
def read_articles(section):
    a, b, c = (factories.make_article(section, t) for t in ("Alpha", "Bravo", "Charlie"))
    add_views(a.pk, today(), 3)
    add_views(b.pk, today() - datetime.timedelta(days=3), 9)
    add_views(c.pk, today() - datetime.timedelta(days=20), 50)
    return a, b, c


def titles_in(content, titles):
    positions = {t: content.find(t) for t in titles if t in content}
    return sorted(positions, key=positions.get)


@pytest.mark.django_db
def test_most_read_report_windows(admin_client, read_articles):
    url = reverse("wagtail_news_most_read")
    content = admin_client.get(url).content.decode()
    assert titles_in(content, ["Alpha", "Bravo", "Charlie"]) == ["Bravo", "Alpha"]
    content = admin_client.get(url, {"days": "30"}).content.decode()
    assert titles_in(content, ["Alpha", "Bravo", "Charlie"]) == ["Charlie", "Bravo", "Alpha"]
    content = admin_client.get(url, {"days": "1"}).content.decode()
    assert titles_in(content, ["Alpha", "Bravo", "Charlie"]) == ["Alpha"]
    # An unknown window falls back to the default instead of failing.
    assert admin_client.get(url, {"days": "abc"}).status_code == 200


@pytest.mark.django_db
def test_most_read_report_exports_csv_and_xlsx(admin_client, read_articles):
    url = reverse("wagtail_news_most_read")
    response = admin_client.get(url, {"days": "30", "export": "csv"})
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode().strip().splitlines()
    assert lines[0].startswith("Title,URL,Published,Views in window,Views in all")
    assert lines[1].startswith("Charlie,http://localhost/en/economy/charlie/")
    assert lines[1].endswith(",50,50")
    response = admin_client.get(url, {"days": "30", "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.django_db
def test_most_read_report_needs_an_editor(client, read_articles):
    response = client.get(reverse("wagtail_news_most_read"))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.django_db
def test_article_listing_has_a_view_count_column(
    admin_client, read_articles, django_assert_max_num_queries
):
    url = reverse("news_articles:index")
    response = admin_client.get(url)
    content = response.content.decode()
    assert "Views" in content
    assert ">50<" in content.replace(" ", "").replace("\n", "")


@pytest.mark.django_db
def test_most_read_report_filters_by_locale(admin_client, locales, home, section, read_articles):
    alpha = read_articles[0]
    home.copy_for_translation(locales["ru"]).save_revision().publish()
    section.copy_for_translation(locales["ru"]).save_revision().publish()
    ru = alpha.copy_for_translation(locales["ru"])
    ru.title = "Альфа"
    ru.save_revision().publish()
    add_views(ru.pk, today(), 1)
    url = reverse("wagtail_news_most_read")
    content = admin_client.get(url, {"locale": "ru"}).content.decode()
    assert "Альфа" in content and "Bravo" not in content
    content = admin_client.get(url, {"locale": "en"}).content.decode()
    assert "Альфа" not in content and "Bravo" in content


@pytest.mark.django_db
def test_most_read_report_lists_every_article_model(admin_client, home, news_models):
    section = factories.make_mixed_section(home)
    recipe = factories.make_article(section, "Recipe story", model=factories.recipe_article_model())
    video = factories.make_article(
        section,
        "Video story",
        model=factories.video_article_model(),
        date=factories.BASE_DATE - datetime.timedelta(days=1),
    )
    own = factories.make_article(factories.make_section(home, "Economy"), "Own model story")
    add_views(recipe.pk, today(), 2)
    add_views(video.pk, today(), 7)
    add_views(own.pk, today(), 4)
    url = reverse("wagtail_news_most_read")
    content = admin_client.get(url).content.decode()
    titles = ["Recipe story", "Video story", "Own model story"]
    assert titles_in(content, titles) == ["Video story", "Own model story", "Recipe story"]
    response = admin_client.get(url, {"export": "csv"})
    lines = b"".join(response.streaming_content).decode().strip().splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == [
        "Video story",
        "Own model story",
        "Recipe story",
    ]
    assert lines[1].startswith("Video story,http://localhost/en/mixed/video-story/,")
    assert lines[1].endswith(",7,7")


@pytest.mark.django_db
def test_most_read_report_query_count(admin_client, read_articles, django_assert_max_num_queries):
    url = reverse("wagtail_news_most_read")
    admin_client.get(url)
    with django_assert_max_num_queries(20) as captured:
        admin_client.get(url, {"days": "30"})
    report_queries = [q["sql"] for q in captured.captured_queries if "pageviewday" in q["sql"]]
    assert len(report_queries) == 2  # the count and the page of rows
