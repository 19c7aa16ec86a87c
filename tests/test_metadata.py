"""Search-engine metadata of articles, read back with a real structured-data
extractor (extruct): JSON-LD ``NewsArticle``, Open Graph, Twitter card."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests import factories

extruct = pytest.importorskip("extruct")


@pytest.fixture(autouse=True)
def _base_with_head(settings):
    settings.WAGTAIL_NEWS = {"BASE_TEMPLATE": "base_with_head.html"}
    yield
    translation.activate(settings.LANGUAGE_CODE)


def served(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    data = extruct.extract(
        html, base_url=page.get_full_url(), syntaxes=["json-ld", "opengraph"], uniform=True
    )
    return html, data


def news_article(data):
    [item] = [item for item in data["json-ld"] if item.get("@type") == "NewsArticle"]
    return item


def meta(html):
    soup = BeautifulSoup(html, "html.parser")
    return {
        tag.get("name") or tag.get("property"): tag["content"]
        for tag in soup.head.select("meta[content]")
        if tag.get("name") or tag.get("property")
    }


@pytest.fixture
def article(section):
    category = factories.make_category("Trade")
    page = factories.make_article(
        section,
        "Gas deal signed",
        category=category,
        image=factories.make_image(width=1600, height=900),
        intro="The pipeline   deal was signed\non Tuesday.",
    )
    page.tags.add("gas", "pipeline")
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.mark.django_db
def test_news_article_json_ld(client, article):
    html, data = served(client, article)
    item = news_article(data)
    url = "http://localhost/en/economy/gas-deal-signed/"
    assert item["headline"] == "Gas deal signed"
    assert item["datePublished"] == "2023-05-16T09:30:00+00:00"
    assert item["dateModified"] == article.last_published_at.isoformat()
    assert item["inLanguage"] == "en"
    assert item["articleSection"] == "Trade"
    assert item["url"] == url
    assert item["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert item["publisher"] == {"@type": "Organization", "name": "Home", "url": "http://localhost"}
    assert item["author"] == item["publisher"]
    assert item["description"] == "The pipeline deal was signed on Tuesday."
    assert item["keywords"] == ["gas", "pipeline"]
    [image] = item["image"]
    assert image.startswith("http://localhost/media/images/")
    assert image.endswith(".width-1200.png")


@pytest.mark.django_db
def test_open_graph_twitter_canonical_and_description(client, article):
    html, data = served(client, article)
    [og] = data["opengraph"]
    url = "http://localhost/en/economy/gas-deal-signed/"
    assert og["@type"] == "article"  # og:type, as extruct's uniform output names it
    assert og["og:title"] == "Gas deal signed"
    assert og["og:url"] == url
    assert og["og:description"] == "The pipeline deal was signed on Tuesday."
    assert og["og:locale"] == "en"
    assert og["og:site_name"] == "Home"
    assert og["og:image"].endswith(".width-1200.png")
    assert og["og:image:width"] == "1200"
    assert og["og:image:height"] == "675"
    assert og["article:published_time"] == "2023-05-16T09:30:00+00:00"
    assert og["article:section"] == "Trade"
    # extruct's uniform output keeps one value per property: read them all.
    soup = BeautifulSoup(html, "html.parser")
    assert [tag["content"] for tag in soup.select('meta[property="article:tag"]')] == [
        "gas",
        "pipeline",
    ]
    tags = meta(html)
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["twitter:image"] == og["og:image"]
    assert tags["description"] == "The pipeline deal was signed on Tuesday."
    assert [link["href"] for link in soup.select('link[rel="canonical"]')] == [url]
    assert soup.title.get_text() == "Gas deal signed"


@pytest.mark.django_db
def test_seo_title_and_search_description_win(client, article):
    article.seo_title = "Gas: the deal"
    article.search_description = "What the deal means."
    article.save_revision().publish()
    html, data = served(client, article)
    [og] = data["opengraph"]
    assert og["og:title"] == "Gas: the deal"
    assert og["og:description"] == "What the deal means."
    assert BeautifulSoup(html, "html.parser").title.get_text() == "Gas: the deal"
    assert news_article(data)["headline"] == "Gas deal signed"


@pytest.mark.django_db
def test_without_image_or_category(client, section):
    page = factories.make_article(section, "Plain news")
    html, data = served(client, page)
    item = news_article(data)
    assert "image" not in item
    assert item["articleSection"] == "Economy"  # the section's title
    assert meta(html)["twitter:card"] == "summary"
    assert "og:image" not in data["opengraph"][0]


@pytest.mark.django_db
def test_long_headline_is_cut_to_110_characters(client, section):
    page = factories.make_article(section, "Word " * 40, slug="long")
    item = news_article(served(client, page)[1])
    assert len(item["headline"]) <= 110
    assert item["headline"].endswith("…")


@pytest.mark.django_db
def test_a_title_cannot_close_the_script(client, section):
    title = 'Deal </script><script>alert("x")</script> & <b>'
    page = factories.make_article(section, title, slug="evil", body=[], intro="")
    html, data = served(client, page)
    soup = BeautifulSoup(html, "html.parser")
    assert not [s for s in soup.find_all("script") if "alert" in s.get_text() and not s.get("type")]
    assert "</script><script>" not in html
    assert news_article(data)["headline"] == title
    assert data["opengraph"][0]["og:title"] == title


@pytest.mark.django_db
def test_a_turkmen_title_survives(client, locales, home, section):
    home.copy_for_translation(locales["tk"]).save_revision().publish()
    section_tk = section.copy_for_translation(locales["tk"])
    section_tk.title = "Ykdysadyýet"
    section_tk.save_revision().publish()
    article = factories.make_article(section, "Gas")
    article_tk = article.copy_for_translation(locales["tk"])
    article_tk.title = "Türkmenistanyň gaz ylalaşygy: ösüş we ýük"
    article_tk.intro = "Şertnama çarşenbe güni baglaşyldy."
    article_tk.save_revision().publish()
    article_tk = article_tk.specific
    html, data = served(client, article_tk)
    item = news_article(data)
    assert item["headline"] == "Türkmenistanyň gaz ylalaşygy: ösüş we ýük"
    assert item["inLanguage"] == "tk"
    assert item["articleSection"] == "Ykdysadyýet"
    assert item["description"] == "Şertnama çarşenbe güni baglaşyldy."
    [og] = data["opengraph"]
    assert og["og:title"] == "Türkmenistanyň gaz ylalaşygy: ösüş we ýük"
    assert og["og:locale"] == "tk"


def count_queries(client, url):
    assert client.get(url).status_code == 200  # renditions, caches
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_the_tag_costs_one_query_on_a_served_article(client, article, settings):
    # base_with_head.html renders the article's extra_head (news_meta and
    # the feed links), base.html has no such block: the difference is the
    # metadata's cost.
    with_meta = count_queries(client, article.url)
    settings.WAGTAIL_NEWS = {"BASE_TEMPLATE": "base.html"}
    without_meta = count_queries(client, article.url)
    assert with_meta == without_meta + 1  # the article's locale


@pytest.mark.django_db
def test_the_tag_alone(article, section, django_assert_num_queries):
    from django.template import Context, Template

    request = factories.site_request()
    factories.warm_site_caches(request)
    page = section.get_article_queryset().get(pk=article.pk)
    context = Context(
        {"request": request, "page": page, "lead_rendition": page.get_lead_rendition()}
    )
    template = Template("{% load wagtail_news_tags %}{% news_meta page %}")
    with django_assert_num_queries(1):  # the article's locale
        html = template.render(context)
    assert '<meta property="og:type" content="article">' in html
    assert settings.LANGUAGE_CODE == "en"
