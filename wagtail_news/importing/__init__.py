"""Import archives of articles into a section (``manage.py import_news``).

Reading, validating and writing are separate steps so that a site can reuse
them (from its own command, a task or a test)::

    from wagtail_news.importing import NewsImporter, read_records

    importer = NewsImporter(section, source="old-cms")
    report = importer.run(read_records(path))

Every row is validated before anything is written, including what the
database would refuse (lengths, NUL, lone surrogates) and control characters,
which feeds and sitemaps cannot carry; the rich text of the ``html`` input
and of every ``RichTextBlock`` of a ``body`` is cleaned by Wagtail's rich
text whitelisting (``clean_html``). With ``on_error="abort"`` (the default) a
file with any bad row imports nothing; with ``"skip"`` the good rows are
imported and the bad ones reported. Rows are found again by
``(source, locale, external_id)`` (``ImportedArticle``): importing the same
file twice creates no duplicates, and rows whose content changed update their
article (a new published revision).

The whole import is written in one transaction: should the database still
refuse a row, nothing is written and ``NewsImportError`` names the rows of
the batch. New articles are written in batches under the section, each
batch locking the section's row (until the end of the import). A batch of pages is written the
way ``add_child()`` and ``save()`` would write each page, in a handful of
statements for the whole batch (see ``insert_pages``): tree paths computed
after the section's last child, one multi-row ``INSERT`` per table of the
article model, one for the tags, the section's ``numchild`` updated once.
The rows are validated by the importer, so no ``full_clean()`` runs. Articles
are published without a revision (``live``, ``first_published_at`` and
``last_published_at`` set, as pages created in code are; their first edit
in the admin creates one). What ``save()`` and publishing trigger is done
once per batch instead: Wagtail's "wagtail.create" audit log entries and
reference index rows (``bulk_create``), the search index (``add_bulk``) and
wagtail-news's cached lists. No ``post_save`` or ``page_published`` signal
is sent for the new articles. The pages are ordinary pages afterwards:
editable, publishable, searchable and ``Page.find_problems()``-clean.
"""

from .bulk import (
    index_references,
    insert_pages,
    insert_rows,
    log_creation,
    searchable_content_computed_once,
)
from .importer import ON_ERROR, ImportReport, NewsImporter
from .reading import FORMATS, detect_format, feed_entry_record, read_feed, read_jsonl, read_records
from .rows import (
    EXTERNAL_ID_MAX,
    SLUG_MAX,
    TAG_MAX,
    TITLE_MAX,
    NewsImportError,
    RichTextCleaner,
    Row,
    RowError,
    RowValidator,
    clean_html,
    html_converter,
    parse_date,
)

__all__ = [
    "EXTERNAL_ID_MAX",
    "FORMATS",
    "ON_ERROR",
    "SLUG_MAX",
    "TAG_MAX",
    "TITLE_MAX",
    "ImportReport",
    "NewsImportError",
    "NewsImporter",
    "Row",
    "RowError",
    "RichTextCleaner",
    "RowValidator",
    "clean_html",
    "detect_format",
    "feed_entry_record",
    "html_converter",
    "index_references",
    "insert_pages",
    "insert_rows",
    "log_creation",
    "parse_date",
    "read_feed",
    "read_jsonl",
    "read_records",
    "searchable_content_computed_once",
]
