"""``manage.py import_news``: JSON Lines, RSS and Atom into a section."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import CommandError
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from tests import factories, import_command
from tests.import_command import imported, run, write_jsonl
from wagtail_news.models import ImportedArticle

pytestmark = pytest.mark.django_db

TK_TITLE = "Aşgabatda ýaşyl köçe açyldy: Türkmenistanyň žurnalistleri şäherde"


@pytest.fixture(autouse=True)
def _restore_language():
    yield
    translation.activate(settings.LANGUAGE_CODE)


def row(n, **fields):
    return import_command.row(
        n, **{"html": f"<p>Body {n} <script>alert(1)</script><b>bold</b></p>", **fields}
    )


def assert_tree_is_clean(section):
    assert Page.find_problems() == ([], [], [], [], [])
    section.refresh_from_db()
    assert section.numchild == Page.objects.child_of(section).count()


def test_imports_jsonl_rows_as_normal_pages(client, admin_client, section, tmp_path):
    category = factories.make_category("Trade")
    factories.make_article(section, "Existing article")
    rows = [row(n) for n in range(3)]
    rows[0].update(category="trade", tags=["Cotton", "Export"], slug="first-one")
    rows[1].pop("html")
    rows[1]["body"] = [{"type": "heading", "value": "A heading"}]
    path = write_jsonl(tmp_path / "archive.jsonl", rows)

    error, out, err = run(str(path), section=str(section.pk), batch_size=2)

    assert error is None, err
    assert "Created 3, updated 0, unchanged 0, bad 0" in out
    assert "3/3 articles written" in err
    articles = list(imported(section).filter(title__startswith="Imported"))
    assert [a.title for a in articles] == ["Imported 0", "Imported 1", "Imported 2"]
    first = articles[0]
    assert first.slug == "first-one"
    assert first.url_path == section.url_path + "first-one/"
    assert (first.section_id, first.news_locale_id) == (section.pk, section.locale_id)
    assert first.category == category
    assert sorted(first.tags.names()) == ["Cotton", "Export"]
    assert first.live and first.first_published_at == first.date
    assert first.body.raw_data[0]["value"] == "<p>Body 0 alert(1)<b>bold</b></p>"
    assert articles[1].body.raw_data[0]["type"] == "heading"
    assert ImportedArticle.objects.get(external_id="old-0").page_id == first.pk
    assert_tree_is_clean(section)

    # Served, listed and searchable like any article.
    response = client.get(first.url)
    assert response.status_code == 200
    assert b"<script>alert" not in response.content
    assert b"Body 0 alert(1)<b>bold</b>" in response.content
    soup = BeautifulSoup(client.get(section.url).content, "html.parser")
    assert "Imported 2" in [a.get_text() for a in soup.select(".news-card__title a")]
    search = client.get(section.url + "search/", {"query": "cotton"})
    assert [
        a.get_text()
        for a in BeautifulSoup(search.content, "html.parser").select(".news-card__title a")
    ] == ["Imported 0"]
    # Editable in the admin, and publishable again.
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[first.pk]))
    assert edit.status_code == 200
    first.title = "Edited"
    first.save_revision().publish()
    assert client.get(first.url).status_code == 200
    assert_tree_is_clean(section)


def test_section_by_url_path_and_slugs_from_titles(section, tmp_path):
    factories.make_article(section, "Taken", slug="same-title")
    path = write_jsonl(
        tmp_path / "a.jsonl", [row(1, title="Same title"), row(2, title="Same title")]
    )
    error, _, err = run(str(path), section="/economy/")
    assert error is None, err
    assert sorted(imported(section).values_list("slug", flat=True)) == [
        "same-title",
        "same-title-2",
        "same-title-3",
    ]


def test_dry_run_writes_nothing(section, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [row(n) for n in range(3)])
    error, out, _ = run(str(path), section=str(section.pk), dry_run=True)
    assert error is None
    assert "Would create 3" in out
    assert not imported(section).exists()
    assert not ImportedArticle.objects.exists()
    assert_tree_is_clean(section)


def test_rerun_is_idempotent_and_updates_changed_rows(client, section, tmp_path):
    rows = [row(n) for n in range(3)]
    path = write_jsonl(tmp_path / "a.jsonl", rows)
    assert run(str(path), section=str(section.pk))[0] is None
    pks = list(imported(section).values_list("pk", flat=True))

    error, out, _ = run(str(path), section=str(section.pk))
    assert error is None
    assert "Created 0, updated 0, unchanged 3" in out

    rows[1]["title"] = "Corrected title"
    rows[1]["tags"] = ["Fixed"]
    write_jsonl(path, rows)
    error, out, _ = run(str(path), section=str(section.pk))
    assert error is None
    assert "Created 0, updated 1, unchanged 2" in out
    assert list(imported(section).values_list("pk", flat=True)) == pks
    article = factories.article_model().objects.get(pk=pks[1])
    assert article.title == "Corrected title"
    assert list(article.tags.names()) == ["Fixed"]
    assert article.latest_revision is not None and article.live
    assert b"Corrected title" in client.get(article.url).content
    assert ImportedArticle.objects.count() == 3
    assert_tree_is_clean(section)


def bad_file(tmp_path, section):
    """One good row, then one bad row of each kind (lines 2 to 12)."""
    factories.make_article(section, "Existing", slug="taken")
    rows = [
        row(1),
        {"external_id": "x", "date": "2020-01-01"},
        row(3, date="yesterday"),
        row(4, category="no-such-category"),
        row(5, slug="taken"),
        row(6, html=None, body=[{"type": "no_such_block", "value": "x"}]),
        row(7, html=None, body=[{"type": "image", "value": {"image": 999999, "caption": ""}}]),
        row(1, title="Same id again"),
        row(9, tags="not-a-list"),
        {"title": "No id", "date": "2020-01-01"},
    ]
    rows[5].pop("html")
    rows[6].pop("html")
    return write_jsonl(tmp_path / "bad.jsonl", rows, raw_lines=["{not json", "[1, 2]"])


EXPECTED_ERRORS = [
    ("line 2 (x)", "title is missing"),
    ("line 3 (old-3)", "not ISO 8601"),
    ("line 4 (old-4)", "unknown category “no-such-category”"),
    ("line 5 (old-5)", "slug “taken” is already used"),
    ("line 6 (old-6)", "unknown block type “no_such_block”"),
    ("line 7 (old-7)", "does not match the article's blocks"),
    ("line 8 (old-1)", "external_id appears twice"),
    ("line 9 (old-9)", "tags must be a list"),
    ("line 10", "external_id is missing"),
    ("line 11", "invalid JSON"),
    ("line 12", "a row must be a JSON object"),
]


def test_bad_rows_abort_the_whole_import_by_default(section, tmp_path):
    path = bad_file(tmp_path, section)
    error, _, err = run(str(path), section=str(section.pk))
    assert isinstance(error, CommandError) and error.returncode == 1
    lines = [line for line in err.splitlines() if line.startswith("line ")]
    assert len(lines) == len(EXPECTED_ERRORS)
    for line, (prefix, reason) in zip(lines, EXPECTED_ERRORS, strict=True):
        assert line.startswith(prefix + ":") and reason in line, line
    assert "nothing imported" in err
    assert list(imported(section).values_list("title", flat=True)) == ["Existing"]
    assert not ImportedArticle.objects.exists()


def test_bad_rows_are_skipped_and_the_good_ones_imported(section, tmp_path):
    path = bad_file(tmp_path, section)
    error, out, err = run(str(path), section=str(section.pk), on_error="skip")
    assert isinstance(error, CommandError) and error.returncode == 1
    assert "Created 1, updated 0, unchanged 0, bad 11" in out
    assert "line 3 (old-3)" in err
    assert sorted(imported(section).values_list("title", flat=True)) == ["Existing", "Imported 1"]
    assert_tree_is_clean(section)


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Old site</title><link>https://old.example/</link>
<description>Old news</description>
<item><title>Cotton prices rise</title><link>https://old.example/cotton</link>
<guid>urn:old:1</guid><pubDate>Tue, 05 Mar 2019 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Prices &lt;b&gt;rose&lt;/b&gt; again.&lt;/p&gt;</description>
<category>Cotton</category></item>
<item><title>Gas exports</title><link>https://old.example/gas</link>
<guid>urn:old:2</guid><pubDate>Wed, 06 Mar 2019 10:00:00 GMT</pubDate>
<description>Gas flows.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Old site</title><id>urn:old</id>
<updated>2019-03-06T10:00:00Z</updated>
<entry><title>{title}</title><id>urn:old:atom:1</id>
<link href="https://old.example/a1"/><published>2019-03-07T09:30:00+05:00</published>
<updated>2019-03-07T10:00:00Z</updated><summary>Short lead.</summary>
<content type="html">&lt;p&gt;Full &lt;i&gt;text&lt;/i&gt;.&lt;/p&gt;</content></entry>
</feed>"""


def test_imports_an_rss_feed(section, tmp_path):
    path = tmp_path / "old.rss"
    path.write_text(RSS, encoding="utf-8")
    error, out, err = run(str(path), section=str(section.pk), format="rss")
    assert error is None, err
    cotton, gas = imported(section)
    assert (cotton.title, cotton.intro) == ("Cotton prices rise", "Prices rose again.")
    assert cotton.date.isoformat() == "2019-03-05T10:00:00+00:00"
    assert cotton.body.raw_data[0]["value"] == "<p>Prices <b>rose</b> again.</p>"
    assert list(cotton.tags.names()) == ["Cotton"]
    assert ImportedArticle.objects.get(page=gas).external_id == "urn:old:2"
    # Idempotent for feeds too.
    assert "unchanged 2" in run(str(path), section=str(section.pk))[1]


def test_imports_an_atom_feed_with_auto_format(section, tmp_path):
    path = tmp_path / "feed.txt"
    path.write_text(ATOM.format(title="Atom entry"), encoding="utf-8")
    error, _, err = run(str(path), section=str(section.pk))
    assert error is None, err
    (article,) = imported(section)
    assert article.title == "Atom entry"
    assert article.intro == "Short lead."
    assert article.date.isoformat() == "2019-03-07T04:30:00+00:00"
    assert article.body.raw_data[0]["value"] == "<p>Full <i>text</i>.</p>"
    assert ImportedArticle.objects.get(page=article).external_id == "urn:old:atom:1"


def test_turkmen_rows_into_the_turkmen_translation(client, locales, home, section, tmp_path):
    for page, title in ((home, "Baş sahypa"), (section, "Ykdysadyýet")):
        translated = page.copy_for_translation(locales["tk"])
        translated.title = title
        translated.save_revision().publish()
    tk_section = Page.objects.get(pk=translated.pk).specific
    factories.make_category("Pagta", slug="pagta", locale_code="tk")
    path = write_jsonl(
        tmp_path / "tk.jsonl",
        [row(1, title=TK_TITLE, category="Pagta", tags=["Köçe"], intro="Ýaşaýjylar şat.")],
    )
    error, _, err = run(str(path), section=str(section.pk), locale="tk")
    assert error is None, err
    (article,) = imported(tk_section)
    assert not imported(section).exists()
    assert article.slug == "aşgabatda-ýaşyl-köçe-açyldy-türkmenistanyň-žurnalistleri-şäherde"
    assert article.locale.language_code == "tk" and article.category.slug == "pagta"
    response = client.get(article.url)
    assert response.status_code == 200
    assert TK_TITLE.encode() in response.content
    search = client.get(tk_section.url + "search/", {"query": "žurnalistleri"})
    assert TK_TITLE.encode() in search.content
    assert_tree_is_clean(tk_section)


def test_clear_errors_for_bad_arguments(home, section, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [row(1)])
    assert "No page" in str(run(str(path), section="999999")[0])
    assert "No page" in str(run(str(path), section="/nowhere/")[0])
    assert "is not a news section" in str(run(str(path), section=str(home.pk))[0])
    assert "no translation" in str(run(str(path), section=str(section.pk), locale="ru")[0])
    assert "No locale" in str(run(str(path), section=str(section.pk), locale="xx")[0])
    assert "Cannot read" in str(run(str(tmp_path / "missing.jsonl"), section=str(section.pk))[0])
    assert "--batch-size" in str(run(str(path), section=str(section.pk), batch_size=0)[0])
    unknown = tmp_path / "data.bin"
    unknown.write_bytes(b"\x00\x01")
    assert "format" in str(run(str(unknown), section=str(section.pk))[0])
    not_a_feed = tmp_path / "x.xml"
    not_a_feed.write_text("<html><body>hello</body></html>")
    assert "Not an RSS or Atom feed" in str(run(str(not_a_feed), section=str(section.pk))[0])
