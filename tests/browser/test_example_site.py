"""The example site in Chromium: the article page of the reference's shape,
the back-to-top arrow, the view beacon, the language switcher, an editor
publishing through Wagtail's admin, and the headless page built from the API.

Each test reads its own demo article (``demo_articles[n]``), so that the view
counts one test sees never depend on another test's visits. See conftest.py
for how to run them (``WAGTAIL_NEWS_BROWSER_TESTS=1``).
"""

import re
from datetime import datetime

import pytest

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed (the browser extra)"
)
expect = sync_api.expect

SHORT_DATE_RE = re.compile(r"\d{2}\.\d{2}")


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


def news_date(iso, short=False):
    """``16.05.2023`` (``16.05`` short), as the site prints an API date (UTC)."""
    date = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    return date.strftime("%d.%m" if short else "%d.%m.%Y")


def is_beacon(response):
    """The view beacon's ``POST``: ``/<lang>/news/views/<id>/`` from a page,
    ``/api/v2/news/<id>/views/`` from the headless page."""
    return response.request.method == "POST" and (
        "/news/views/" in response.url or response.url.endswith("/views/")
    )


def expected_last_news(example_site, locale, current_id):
    """The "Last news" items a page of ``current_id`` shows, from the API."""
    default = example_site.get_json(f"/api/v2/news/last/?locale={locale}")
    limit = default["limit"]
    data = example_site.get_json(f"/api/v2/news/last/?locale={locale}&limit={limit + 1}")
    items = [item for item in data["items"] if item["id"] != current_id][:limit]
    return default["title"], items


def last_news_on(page):
    """``(title, [(date, link text, href), ...])`` of the page's "Last news"."""
    box = page.locator(".news-last")
    expect(box).to_be_visible()
    rows = [
        (
            item.locator("time").inner_text(),
            item.locator("a").inner_text(),
            item.locator("a").get_attribute("href"),
        )
        for item in box.locator(".news-last__item").all()
    ]
    # text_content(): the heading as written, not as the CSS capitalises it.
    return box.locator(".news-last__title").text_content().strip(), rows


def top_of(locator):
    return locator.bounding_box()["y"]


def test_article_page_has_the_shape_of_the_reference_page(
    page, example_site, demo_articles, screenshot
):
    """Breadcrumbs, section, title, "Published dd.mm.yyyy", view count, body
    and "Last news", top to bottom, with the API's data."""
    article = example_site.get_json(f"/api/v2/news/{demo_articles[0]['id']}/")
    with page.expect_response(is_beacon) as beacon:
        page.goto(path_of(article["meta"]["html_url"]))
    counted = beacon.value.json()["views"]

    crumbs = page.locator("main .news-breadcrumbs li")
    expect(crumbs).to_have_text([c["title"] for c in article["breadcrumbs"]] + [article["title"]])
    expect(crumbs.first).to_have_text("Home")
    section = page.locator(".news-article__section")
    expect(section).to_have_text(article["section"]["title"])
    expect(page.locator("h1")).to_have_text(article["title"])
    expect(page.locator(".news-meta__date")).to_have_text(f"Published {news_date(article['date'])}")
    views = page.locator(".news-article__header [data-news-views]")
    expect(views).to_have_text(str(counted))
    assert counted == example_site.get_json(f"/api/v2/news/{article['id']}/")["view_count"]
    paragraphs = page.locator(".news-article__body p")
    assert paragraphs.count() >= 2
    first_paragraph = next(block for block in article["body"] if block["type"] == "paragraph")
    assert paragraphs.first.inner_text() in first_paragraph["value"]

    # Reading order of the reference page; "Last news" beside the article.
    order = [crumbs.first, section, page.locator("h1"), views, paragraphs.first]
    tops = [top_of(locator) for locator in order]
    assert tops == sorted(tops)
    assert page.locator(".news-last").bounding_box()["x"] > paragraphs.first.bounding_box()["x"]

    title, items = expected_last_news(example_site, "en", article["id"])
    shown_title, rows = last_news_on(page)
    assert shown_title == title == "Last news"
    assert rows == [
        (news_date(item["date"], short=True), item["title"], item["url"]) for item in items
    ]
    assert all(SHORT_DATE_RE.fullmatch(date) for date, _, _ in rows)
    expect(page.get_by_role("link", name="Back to top")).to_be_visible()
    screenshot(page, "article", full_page=True)


def test_back_to_top_arrow_scrolls_up(page, demo_articles):
    page.goto(path_of(demo_articles[0]["meta"]["html_url"]))
    page.mouse.wheel(0, 1500)
    page.wait_for_function("window.scrollY > 500")
    arrow = page.get_by_role("link", name="Back to top")
    expect(arrow).to_be_in_viewport()
    arrow.click()
    page.wait_for_function("window.scrollY === 0")
    expect(page.locator("h1")).to_be_in_viewport()
    assert page.url.endswith("#top")


def test_beacon_raises_the_count_once_per_window(page, example_site, demo_articles):
    article_id = demo_articles[1]["id"]
    before = example_site.get_json(f"/api/v2/news/{article_id}/")["view_count"]

    with page.expect_response(is_beacon) as beacon:
        page.goto(path_of(demo_articles[1]["meta"]["html_url"]))
    assert beacon.value.status == 200
    assert beacon.value.json()["views"] == before + 1
    views = page.locator(".news-article__header [data-news-views]")
    expect(views).to_have_text(str(before + 1))

    # The same reader again within VIEW_COUNT_WINDOW: served and answered, not counted.
    with page.expect_response(is_beacon) as beacon:
        page.reload()
    assert beacon.value.json()["views"] == before + 1
    expect(views).to_have_text(str(before + 1))
    assert example_site.get_json(f"/api/v2/news/{article_id}/")["view_count"] == before + 1


def test_language_switcher_moves_to_the_translation(page, example_site, demo_articles, screenshot):
    english = example_site.get_json(f"/api/v2/news/{demo_articles[2]['id']}/")
    page.goto(path_of(english["meta"]["html_url"]))
    switcher = page.locator("header .news-language-switcher")
    expect(switcher.locator("[aria-current]")).to_have_text("EN")

    for code in ("ru", "tk"):
        translation = example_site.get_json(f"/api/v2/news/{english['translations'][code]['id']}/")
        # The same translation key: each lists the other as its translation.
        assert translation["meta"]["locale"] == code
        assert translation["translations"]["en"]["id"] == english["id"]
        switcher.locator(f'a[hreflang="{code}"]').click()
        page.wait_for_url(f"**{english['translations'][code]['url']}")
        expect(page.locator("html")).to_have_attribute("lang", code)
        expect(page.locator("h1")).to_have_text(translation["title"])
        expect(switcher.locator("[aria-current]")).to_have_text(code.upper())
        expect(page.locator(".news-meta__date time")).to_have_text(news_date(translation["date"]))
        if code == "ru":
            expect(page.locator(".news-last__title")).to_have_text("Последние новости")
            screenshot(page, "article-ru")


def test_editor_publishes_an_article_that_appears_in_last_news_and_the_api(
    page, example_site, demo_articles, screenshot
):
    section = demo_articles[0]["section"]
    title = "New footbridge opens over the canal in Sarybag"
    paragraph = "The footbridge links the two halves of the market quarter."

    total = example_site.get_json("/api/v2/news/?locale=en&limit=1")["meta"]["total_count"]

    page.goto("/admin/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("admin")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")

    page.goto(f"/admin/pages/{section['id']}/")
    page.locator(f'a[href="/admin/pages/{section["id"]}/add_subpage/"]').first.click()
    page.wait_for_url(f"**/admin/pages/add/wagtail_news/newsarticlepage/{section['id']}/")
    page.locator("#id_title").fill(title)
    page.locator("#body-root .c-sf-add-button").first.click()
    page.get_by_role("option", name="Paragraph").click()
    page.locator("#body-root [contenteditable=true]").first.click()
    page.keyboard.type(paragraph)
    # Draftail writes the block's hidden input a moment after typing.
    expect(page.locator('#body-root input[name="body-0-value"]')).to_have_value(
        re.compile(re.escape(paragraph))
    )
    screenshot(page, "editor")
    page.locator("footer [data-w-dropdown-target=toggle]").last.click()
    with page.expect_navigation():
        page.get_by_role("button", name="Publish").click()
    assert page.url.endswith(f"/admin/pages/{section['id']}/"), "the page was not published"
    expect(page.locator(".messages")).to_contain_text(f"'{title}' created and published")

    listing = example_site.get_json("/api/v2/news/?locale=en&limit=1")
    new = listing["items"][0]
    assert new["title"] == title
    assert listing["meta"]["total_count"] == total + 1
    detail = example_site.get_json(f"/api/v2/news/{new['id']}/")
    assert paragraph in detail["body"][0]["value"]
    assert detail["section"]["id"] == section["id"]

    # The publication date defaults to now: the newest article. Another page's
    # "Last news" leads with it, and its link opens the article.
    page.goto(path_of(demo_articles[4]["meta"]["html_url"]))
    _, rows = last_news_on(page)
    assert rows[0][1:] == (title, path_of(new["meta"]["html_url"]))
    screenshot(page, "last-news-after-publishing")
    page.locator(".news-last__item a").first.click()
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator(".news-article__body")).to_have_text(paragraph)


def test_headless_page_renders_from_the_api(page, example_site, demo_articles, screenshot):
    # Not one of the newest ten, so that its "Last news" has no article to leave out.
    article = example_site.get_json(f"/api/v2/news/{demo_articles[12]['id']}/")
    before = article["view_count"]

    with page.expect_response(is_beacon) as beacon:
        page.goto(f"/headless/?id={article['id']}&locale=en")
    assert beacon.value.json()["views"] == before + 1

    expect(page.locator('[data-headless="title"]')).to_have_text(article["title"])
    expect(page.locator('[data-headless="breadcrumbs"] li')).to_have_text(
        [crumb["title"] for crumb in article["breadcrumbs"]] + [article["title"]]
    )
    expect(page.locator('[data-headless="section"]')).to_have_text(article["section"]["title"])
    expect(page.locator('[data-headless="date"]')).to_have_text(news_date(article["date"]))
    expect(page.locator('[data-headless="views"]')).to_have_text(str(before + 1))
    expect(page.locator('[data-headless="body"] p').first).to_be_visible()

    title, items = expected_last_news(example_site, "en", article["id"])
    expect(page.locator('[data-headless="last"] li')).to_have_count(len(items))
    shown_title, rows = last_news_on(page)
    assert shown_title == title
    assert [(date, text) for date, text, _ in rows] == [
        (news_date(item["date"], short=True), item["title"]) for item in items
    ]
    # Its links stay on the headless page.
    assert rows[0][2] == f"/headless/?id={items[0]['id']}&locale=en"
    expect(page.locator("main")).not_to_have_attribute("aria-busy", "true")
    screenshot(page, "headless")
