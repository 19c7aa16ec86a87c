"""``manage.py import_news`` on hostile and broken input: rich text of a
``body`` cleaned at every depth, control characters, NUL and lone
surrogates reported as bad rows, a byte order mark accepted, and a row the
database refuses leaving nothing written (run it on SQLite and, with
``DATABASE_URL``, on PostgreSQL)."""

import json

import pytest
from django.core.management import CommandError
from django.db import connection
from wagtail import blocks
from wagtail.models import Page, PageLogEntry

from tests import factories
from tests.import_command import imported, row, run, write_jsonl
from wagtail_news.importing import NewsImporter, NewsImportError, read_records
from wagtail_news.models import ImportedArticle

pytestmark = pytest.mark.django_db

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(2)">',
    '<a href="javascript:alert(3)">link</a>',
    '<a href=" JaVaScRiPt:alert(4)">link</a>',
    '<b onmouseover="alert(5)">bold</b>',
    "<style>body{display:none}</style>",
    '<iframe src="https://evil.example/"></iframe>',
]


def bad_lines(err):
    return [line for line in err.splitlines() if line.startswith("line ")]


def assert_nothing_written(section):
    assert not imported(section).exists()
    assert not ImportedArticle.objects.exists()
    assert not PageLogEntry.objects.filter(page_id__gt=section.pk).exists()
    assert not factories.article_model().tags.through.tag_model().objects.exists()
    assert Page.find_problems() == ([], [], [], [], [])
    section.refresh_from_db()
    assert section.numchild == 0


# -- rich text of a body ------------------------------------------------------------------------


def test_body_rich_text_is_cleaned_before_it_is_stored(
    client, admin_client, api_settings, section, tmp_path
):
    body = [{"type": "paragraph", "value": f"<p>Safe {html} text.</p>"} for html in HOSTILE]
    body += [
        {"type": "heading", "value": "<script>alert(1)</script> heading"},
        {"type": "quote", "value": {"text": "<script>alert(1)</script>", "attribution": "<b>"}},
        {"type": "table", "value": {"data": [["<script>alert(1)</script>"]]}},
    ]
    rows = [row(1, body=body)]
    path = write_jsonl(tmp_path / "a.jsonl", rows)
    error, _, err = run(str(path), section=str(section.pk))
    assert error is None, err
    (article,) = imported(section)

    stored = json.dumps(list(article.body.raw_data))
    paragraphs = [block["value"] for block in article.body.raw_data[: len(HOSTILE)]]
    assert paragraphs == [
        "<p>Safe alert(1) text.</p>",
        "<p>Safe  text.</p>",
        "<p>Safe <a>link</a> text.</p>",
        "<p>Safe <a>link</a> text.</p>",
        "<p>Safe <b>bold</b> text.</p>",
        "<p>Safe body{display:none} text.</p>",
        "<p>Safe  text.</p>",
    ]
    for trace in ["onerror", "javascript:", "onmouseover", "<style", "<iframe"]:
        assert trace not in stored.lower()

    page = client.get(article.url)
    assert page.status_code == 200
    html = page.content.decode().lower()
    for trace in ["<script>alert", "onerror", "javascript:", "onmouseover", "<iframe"]:
        assert trace not in html, trace
    # Plain text blocks show the markup as text.
    assert "&lt;script&gt;alert(1)&lt;/script&gt; heading" in html

    api = client.get(f"/api/v2/pages/{article.pk}/")
    assert api.status_code == 200
    api_text = json.dumps(api.json()["body"]).lower()
    for trace in ["onerror", "javascript:", "onmouseover", "<style", "<iframe", "<script>alert"]:
        if trace == "<script>alert":  # only in the plain text blocks, shown escaped
            assert api_text.count(trace) == 3
        else:
            assert trace not in api_text, trace


def test_body_of_a_changed_row_is_cleaned_too(section, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [row(1)])
    assert run(str(path), section=str(section.pk))[0] is None
    write_jsonl(path, [row(1, body=[{"type": "paragraph", "value": f"<p>x {HOSTILE[1]}</p>"}])])
    error, out, err = run(str(path), section=str(section.pk))
    assert error is None, err
    assert "updated 1" in out
    (article,) = imported(section)
    assert "onerror" not in json.dumps(list(article.body.raw_data))


def test_rich_text_is_cleaned_in_nested_blocks_with_each_blocks_features():
    from wagtail_news.importing import RichTextCleaner

    class Captioned(blocks.StructBlock):
        caption = blocks.RichTextBlock(features=["italic"])
        credit = blocks.CharBlock()

    class Body(blocks.StreamBlock):
        paragraph = blocks.RichTextBlock(features=["bold", "link"])
        figure = Captioned()
        notes = blocks.ListBlock(blocks.RichTextBlock(features=["bold"]))
        columns = blocks.StreamBlock([("text", blocks.RichTextBlock(features=["bold"]))])

    dirty = '<b>b</b><i>i</i><a href="javascript:x()" onclick="y()">a</a><script>z()</script>'
    value = [
        {"type": "paragraph", "value": dirty},
        {"type": "figure", "value": {"caption": dirty, "credit": "<script>"}},
        {"type": "notes", "value": [dirty, {"type": "item", "value": dirty, "id": "n2"}]},
        {"type": "columns", "value": [{"type": "text", "value": dirty, "id": "c1"}]},
    ]
    cleaner = RichTextCleaner()
    cleaned = [cleaner.clean_child(Body(), child) for child in value]
    assert cleaned == [
        {"type": "paragraph", "value": "<b>b</b>i<a>a</a>z()"},
        {"type": "figure", "value": {"caption": "b<i>i</i>az()", "credit": "<script>"}},
        {
            "type": "notes",
            "value": ["<b>b</b>iaz()", {"type": "item", "value": "<b>b</b>iaz()", "id": "n2"}],
        },
        {"type": "columns", "value": [{"type": "text", "value": "<b>b</b>iaz()", "id": "c1"}]},
    ]


# -- control characters, NUL, lone surrogates ------------------------------------------------


def test_control_characters_nul_and_surrogates_are_bad_rows(section, tmp_path):
    rows = [
        row(1),
        row(2, title="Soft\x0bbreak"),
        row(3, title="Tab\tin a title"),
        row(4, title="NUL\x00title"),
        row(5, intro="A lead\x0b."),
        row(6, tags=["ok", "b\x1fad"]),
        row(7, html="<p>Body\x0c</p>"),
        row(8, body=[{"type": "heading", "value": "Head\x00ing"}]),
        row(9, title="Lone \ud800 surrogate"),
        row(10, intro="Lone \udfff surrogate"),
        {**row(11), "external_id": "id\ud800"},
        {**row(12), "extra\ud800": "x"},
        row(13, intro="Line one.\r\nLine\ttwo."),  # allowed in a lead
        row(14, title="\t Surrounding whitespace goes \r\n"),
    ]
    path = write_jsonl(tmp_path / "a.jsonl", rows, ensure_ascii=True)
    error, out, err = run(str(path), section=str(section.pk), on_error="skip")
    assert isinstance(error, CommandError) and error.returncode == 1
    assert bad_lines(err) == [
        "line 2 (old-2): title contains the control character U+000B",
        "line 3 (old-3): title contains the control character U+0009",
        "line 4 (old-4): title contains the control character U+0000",
        "line 5 (old-5): intro contains the control character U+000B",
        "line 6 (old-6): tags contains the control character U+001F",
        "line 7 (old-7): html contains the control character U+000C",
        "line 8 (old-8): body contains the control character U+0000",
        "line 9 (old-9): title contains the lone surrogate U+D800",
        "line 10 (old-10): intro contains the lone surrogate U+DFFF",
        "line 11: external_id contains the lone surrogate U+D800",
        "line 12 (old-12): a field name contains a control character",
    ]
    assert "Created 3, updated 0, unchanged 0, bad 11" in out
    assert list(imported(section).values_list("title", flat=True)) == [
        "Imported 1",
        "Imported 13",
        "Surrounding whitespace goes",
    ]
    assert imported(section)[1].intro == "Line one.\r\nLine\ttwo."


def test_a_nul_in_a_title_fails_the_dry_run_and_writes_nothing(section, tmp_path):
    rows = [row(n) for n in range(4)] + [row(4, title="Bad\x00title")]
    path = write_jsonl(tmp_path / "a.jsonl", rows)
    for dry_run in (True, False):
        error, _, err = run(str(path), section=str(section.pk), dry_run=dry_run, batch_size=2)
        assert isinstance(error, CommandError) and error.returncode == 1
        assert bad_lines(err) == ["line 5 (old-4): title contains the control character U+0000"]
        assert "Traceback" not in err
    assert_nothing_written(section)


# -- byte order mark -----------------------------------------------------------------------------


def test_a_jsonl_file_with_a_byte_order_mark_imports(section, tmp_path):
    path = write_jsonl(tmp_path / "bom.jsonl", [row(1), row(2)], encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    error, out, err = run(str(path), section=str(section.pk))
    assert error is None, err
    assert "Created 2" in out
    # Also when the format is told from the content.
    auto = tmp_path / "bom.txt"
    auto.write_bytes(path.read_bytes().replace(b"old-", b"other-"))
    error, out, err = run(str(auto), section=str(section.pk), source="other")
    assert error is None, err
    assert "Created 2" in out


def test_a_feed_with_a_byte_order_mark_imports(section, tmp_path):
    feed = (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Old</title>'
        "<link>https://old.example/</link><description>Old</description><item>"
        "<title>\n  Cotton\n  prices\n</title><link>https://old.example/c</link><guid>urn:old:1</guid>"
        "<pubDate>Tue, 05 Mar 2019 10:00:00 GMT</pubDate><description>Prices.</description>"
        "</item></channel></rss>"
    )
    path = tmp_path / "old.rss"
    path.write_text(feed, encoding="utf-8-sig")
    error, _, err = run(str(path), section=str(section.pk))
    assert error is None, err
    assert list(imported(section).values_list("title", flat=True)) == ["Cotton prices"]


# -- one transaction -----------------------------------------------------------------------------


@pytest.fixture
def refusing_database(db):
    """A trigger on the article table that makes the database refuse an
    article whose lead is "refused", as a constraint would."""
    table = connection.ops.quote_name(factories.article_model()._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION wn_refuse() RETURNS trigger AS $$ BEGIN "
                "IF NEW.intro = 'refused' THEN RAISE EXCEPTION 'refused by the database'; "
                "END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                f"CREATE TRIGGER wn_refuse BEFORE INSERT OR UPDATE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION wn_refuse()"
            )
        elif connection.vendor == "sqlite":
            for event in ("INSERT", "UPDATE"):
                cursor.execute(
                    f"CREATE TRIGGER wn_refuse_{event.lower()} BEFORE {event} ON {table} "
                    "WHEN NEW.intro = 'refused' "
                    "BEGIN SELECT RAISE(ABORT, 'refused by the database'); END"
                )
        else:
            pytest.skip("a trigger for PostgreSQL or SQLite")


def test_a_row_the_database_refuses_leaves_nothing_written(section, tmp_path, refusing_database):
    rows = [row(n, tags=[f"tag-{n}"]) for n in range(6)]
    rows[4]["intro"] = "refused"
    path = write_jsonl(tmp_path / "a.jsonl", rows)
    error, out, err = run(str(path), section=str(section.pk), batch_size=2)
    assert isinstance(error, CommandError)
    message = str(error)
    assert message.startswith("The database refused a row of lines 5-6: ")
    assert "refused by the database" in message and "Nothing was imported." in message
    assert "Traceback" not in err
    assert_nothing_written(section)


def test_an_update_the_database_refuses_leaves_nothing_written(
    section, tmp_path, refusing_database
):
    rows = [row(n) for n in range(3)]
    path = write_jsonl(tmp_path / "a.jsonl", rows)
    assert run(str(path), section=str(section.pk))[0] is None
    rows[0]["title"] = "Changed"
    rows[2]["intro"] = "refused"
    write_jsonl(path, [*rows, row(3)])
    error, _, _ = run(str(path), section=str(section.pk))
    assert "refused the row of line 3: " in str(error) and "Nothing was imported." in str(error)
    assert list(imported(section).values_list("title", flat=True)) == [
        "Imported 0",
        "Imported 1",
        "Imported 2",
    ]
    assert ImportedArticle.objects.count() == 3


class FailingImporter(NewsImporter):
    """Writes ``date=None`` for one row: the database refuses it."""

    def article_fields(self, row):
        fields = super().article_fields(row)
        if row.external_id == "old-4":
            fields["date"] = None
        return fields


def test_the_importer_raises_a_clear_error_and_writes_nothing(section, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [row(n) for n in range(6)])
    with pytest.raises(NewsImportError, match=r"lines 4-6: .*Nothing was imported"):
        FailingImporter(section, batch_size=3).run(read_records(path))
    assert_nothing_written(section)
    # A working importer imports everything afterwards.
    report = NewsImporter(section, batch_size=3).run(read_records(path))
    assert (report.created, report.unchanged) == (6, 0)
    assert Page.find_problems() == ([], [], [], [], [])
