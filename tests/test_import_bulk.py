"""``import_news`` writes pages in bulk: the result is what Wagtail's own
``add_child()`` and ``save()`` would have written, page by page."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page, PageLogEntry, ReferenceIndex
from wagtail.search import index
from wagtail.search.models import IndexEntry
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from tests import factories
from wagtail_news.importing import NewsImporter, read_records
from wagtail_news.lists import last_news_for

pytestmark = pytest.mark.django_db

DATE = datetime.datetime(2020, 3, 4, 8, 30, tzinfo=datetime.UTC)
BODY = [{"type": "paragraph", "value": "<p>Cotton <b>prices</b> rose.</p>"}]


def import_rows(section, tmp_path, rows, **options):
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(json.dumps(item) for item in rows) + "\n", encoding="utf-8")
    report = NewsImporter(section, **options).run(read_records(path))
    assert not report.errors, report.errors
    return report


def row(n, **fields):
    return {
        "external_id": f"bulk-{n}",
        "title": f"Bulk {n}",
        "date": (DATE + datetime.timedelta(hours=n)).isoformat(),
        "intro": f"Lead {n}.",
        "body": BODY,
        **fields,
    }


def stored(page):
    """Every column of ``page`` as the database holds it, as text (without
    the body's block ids, which are random)."""
    page = type(page).objects.get(pk=page.pk)
    values = {field.attname: field.value_to_string(page) for field in page._meta.concrete_fields}
    blocks = json.loads(values["body"])
    assert all(block.pop("id") for block in blocks)
    values["body"] = blocks
    return values


def references(page):
    return set(
        ReferenceIndex.objects.filter(
            base_content_type=ReferenceIndex._get_base_content_type(type(page)),
            object_id=str(page.pk),
        ).values_list(
            "content_type", "to_content_type", "to_object_id", "model_path", "content_path"
        )
    )


def search_entry(page):
    """The page's search index entry (``title_norm`` depends on the other
    entries, which change between the two indexings compared)."""
    names = [
        field.attname for field in IndexEntry._meta.concrete_fields if field.name != "title_norm"
    ]
    return list(IndexEntry.objects.filter(object_id=str(page.pk)).values(*names))


def children(section):
    return list(Page.objects.child_of(section).order_by("path"))


def assert_children_consistent(section, gaps=False):
    """Paths, depth, ``numchild`` and ``url_path`` of the section's children
    are what treebeard and Wagtail maintain, and ``find_problems()`` is clean.
    Without ``gaps`` (no child moved or deleted) the paths are consecutive."""
    assert Page.find_problems() == ([], [], [], [], [])
    section.refresh_from_db()
    pages = children(section)
    assert section.numchild == len(pages)
    steps = [Page._str2int(page.path[-Page.steplen :]) for page in pages]
    assert len(set(steps)) == len(steps)
    if not gaps:
        assert steps == list(range(1, len(pages) + 1))
    for page in pages:
        assert page.path.startswith(section.path)
        assert page.depth == section.depth + 1
        assert page.numchild == 0
        assert page.url_path == f"{section.url_path}{page.slug}/"
        assert page.get_parent().pk == section.pk


def test_an_imported_article_is_stored_as_add_child_stores_one(section, tmp_path):
    category = factories.make_category("Trade")
    import_rows(section, tmp_path, [row(1, category="trade", tags=["Cotton", "Export"])])
    imported = factories.article_model().objects.get(title="Bulk 1")

    made = factories.article_model()(
        title="Made",
        slug="made",
        date=DATE + datetime.timedelta(hours=1),
        intro="Lead 1.",
        body=BODY,
        category=category,
        live=True,
        first_published_at=DATE + datetime.timedelta(hours=1),
        last_published_at=DATE + datetime.timedelta(hours=1),
    )
    made.tags.add("Cotton", "Export")
    section.add_child(instance=made)

    expected, actual = stored(made), stored(imported)
    for name in ("id", "page_ptr_id", "path", "title", "draft_title", "slug", "url_path"):
        expected.pop(name), actual.pop(name)
    assert actual.pop("translation_key") != expected.pop("translation_key")
    assert actual == expected
    assert imported.draft_title == imported.title == "Bulk 1"
    assert imported.url_path == f"{section.url_path}bulk-1/"
    assert (imported.section_id, imported.news_locale_id) == (section.pk, section.locale_id)
    assert sorted(imported.tags.names()) == sorted(made.tags.names())
    assert imported.latest_revision is None and not imported.revisions.exists()

    # The audit log entry that Page.save() writes for a new page.
    def creation(page):
        entry = PageLogEntry.objects.get(page=page)
        return (
            entry.action,
            entry.content_type_id,
            entry.user_id,
            entry.uuid,
            entry.revision_id,
            entry.content_changed,
            entry.deleted,
            entry.data,
        )

    assert creation(imported) == creation(made)
    assert PageLogEntry.objects.get(page=imported).label == "Bulk 1"

    # Reference index rows: exactly what Wagtail would record for the page.
    rows = references(imported)
    assert {path for *_, path, _ in rows} >= {"category", "tagged_items.item.tag"}
    ReferenceIndex.create_or_update_for_object(
        factories.article_model().objects.get(pk=imported.pk)
    )
    assert references(imported) == rows
    ReferenceIndex.create_or_update_for_object(factories.article_model().objects.get(pk=made.pk))
    assert {ref[:4] for ref in references(made)} == {ref[:4] for ref in rows}

    # Search index entry: the same as indexing the page read back from the database.
    entry = search_entry(imported)
    assert entry
    index.insert_or_update_object(factories.article_model().objects.get(pk=imported.pk))
    assert search_entry(imported) == entry


def test_tree_stays_consistent_around_and_across_batches(section, tmp_path):
    factories.make_article(section, "Before", revision=False)
    import_rows(section, tmp_path, [row(n) for n in range(7)], batch_size=3)
    factories.make_article(section, "After", revision=False)
    assert_children_consistent(section)
    assert [page.title for page in children(section)] == [
        "Before",
        *(f"Bulk {n}" for n in range(7)),
        "After",
    ]
    # Moving and deleting imported pages keeps the tree (and numchild) right.
    other = factories.make_section(section.get_parent(), "Trade")
    moved = Page.objects.get(title="Bulk 3")
    moved.move(other, pos="last-child")
    assert factories.article_model().objects.get(pk=moved.pk).section_id == other.pk
    Page.objects.get(title="Bulk 6").delete()
    import_rows(section, tmp_path, [row(7)])
    assert_children_consistent(section, gaps=True)
    assert_children_consistent(other)
    assert children(section)[-1].title == "Bulk 7"


def test_queries_do_not_grow_with_the_rows_of_a_batch(section, tmp_path):
    factories.make_category("Trade")
    tags = {"category": "trade", "tags": ["Cotton", "Export"]}
    import_rows(section, tmp_path, [row(0, **tags)])  # creates the tags

    def queries(first, count):
        with CaptureQueriesContext(connection) as captured:
            import_rows(section, tmp_path, [row(n, **tags) for n in range(first, first + count)])
        return len(captured)

    few, many = queries(1, 2), queries(10, 20)
    # SQLite takes at most 999 parameters per statement: up to one more
    # INSERT per table there; none on PostgreSQL.
    assert many <= few + 4, (few, many)
    assert_children_consistent(section)


def test_an_import_drops_the_cached_last_news(site, section, tmp_path):
    factories.make_article(section, "Older", date=DATE - datetime.timedelta(days=1))

    def last_news():
        return [item["title"] for item in last_news_for(site=site)["items"]]

    assert last_news() == ["Older"]  # now cached
    import_rows(section, tmp_path, [row(1)])
    assert last_news() == ["Bulk 1", "Older"]


def test_an_imported_article_is_edited_and_published_in_the_admin(
    admin_client, client, section, tmp_path
):
    category = factories.make_category("Trade")
    import_rows(section, tmp_path, [row(1, category="trade", tags=["Cotton"])])
    article = factories.article_model().objects.get(title="Bulk 1")
    url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    assert admin_client.get(url).status_code == 200

    data = nested_form_data(
        {
            "title": "Edited in the admin",
            "slug": article.slug,
            "date": "2020-03-04 10:00",
            "category": category.pk,
            "intro": "A new lead.",
            "tags": "Cotton, Edited",
            "body": streamfield([("paragraph", rich_text("<p>An edited body.</p>"))]),
            "action-publish": "publish",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors

    article.refresh_from_db()
    assert article.title == "Edited in the admin" and article.live
    assert article.live_revision is not None and article.revisions.count() == 1
    assert sorted(article.tags.names()) == ["Cotton", "Edited"]
    assert article.section_id == section.pk
    assert {"wagtail.create", "wagtail.publish"} <= set(
        PageLogEntry.objects.filter(page=article).values_list("action", flat=True)
    )
    response = client.get(article.url)
    assert response.status_code == 200
    assert b"An edited body." in response.content
    assert_children_consistent(section)


def test_tags_are_looked_up_once_per_import_and_case_insensitively(section, tmp_path, settings):
    settings.TAGGIT_CASE_INSENSITIVE = True
    first = factories.make_article(section, "Tagged", revision=False)
    first.tags.add("Cotton")
    first.save()
    rows = [row(1, tags=["cotton", "Export"]), row(2, tags=["COTTON", "cotton", "export"])]
    import_rows(section, tmp_path, rows, batch_size=1)
    for title in ("Bulk 1", "Bulk 2"):
        article = factories.article_model().objects.get(title=title)
        assert sorted(article.tags.names()) == ["Cotton", "Export"]
    assert sorted(
        factories.article_model().tags.through.tag_model().objects.values_list("name", flat=True)
    ) == [
        "Cotton",
        "Export",
    ]
