"""Import archives of articles into a section (``manage.py import_news``).

Reading, validating and writing are separate steps so that a site can reuse
them (from its own command, a task or a test)::

    from wagtail_news.importing import NewsImporter, read_records

    importer = NewsImporter(section, source="old-cms")
    report = importer.run(read_records(path))

Every row is validated before anything is written. With ``on_error="abort"``
(the default) a file with any bad row imports nothing; with ``"skip"`` the
good rows are imported and the bad ones reported. Rows are found again by
``(source, locale, external_id)`` (``ImportedArticle``): importing the same
file twice creates no duplicates, and rows whose content changed update their
article (a new published revision).

New articles are written in batches under the section, each in one
transaction that locks the section's row. A batch of pages is written the
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

import contextlib
import datetime
import hashlib
import json
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connections, router, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _
from modelcluster.models import get_all_child_relations
from treebeard.exceptions import PathOverflow
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, PageLogEntry, ReferenceIndex
from wagtail.search import index
from wagtail.search.backends import get_search_backends

from .cache_invalidation import page_published_or_unpublished
from .models import ImportedArticle, NewsCategory

FORMATS = ("auto", "jsonl", "rss", "atom")
ON_ERROR = ("abort", "skip")
TITLE_MAX = 255
SLUG_MAX = 255
TAG_MAX = 100


class NewsImportError(Exception):
    """A problem with the whole import (file, section, locale), not a row."""


@dataclass
class RowError(Exception):
    """A bad row: its line (or entry) number, external id and the reason."""

    line: int
    external_id: str
    message: str

    def __str__(self):
        prefix = _("line %(line)d") % {"line": self.line}
        if self.external_id:
            prefix += f" ({self.external_id})"
        return f"{prefix}: {self.message}"


@dataclass
class Row:
    """A validated row, ready to write."""

    line: int
    external_id: str
    title: str
    slug: str
    date: datetime.datetime
    intro: str
    body: list
    category: object
    tags: list
    live: bool
    checksum: str


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)
    dry_run: bool = False
    aborted: bool = False

    @property
    def imported(self):
        return self.created + self.updated


# -- reading ---------------------------------------------------------------------


def detect_format(path, head):
    """``jsonl`` or ``feed`` from the file name, else from its first byte."""
    name = str(path).lower()
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if name.endswith((".xml", ".rss", ".atom")):
        return "feed"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{"):
        return "jsonl"
    if stripped.startswith(b"<"):
        return "feed"
    raise NewsImportError(_("Cannot tell the file's format: use --format."))


def read_records(path, fmt="auto"):
    """Yield ``(line, dict or RowError)`` from a JSON Lines file or a feed."""
    if fmt not in FORMATS:
        raise NewsImportError(_("Unknown format: %(format)s.") % {"format": fmt})
    try:
        with open(path, "rb") as file:
            head = file.read(512)
    except OSError as exc:
        raise NewsImportError(
            _("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc}
        ) from exc
    kind = detect_format(path, head) if fmt == "auto" else ("jsonl" if fmt == "jsonl" else "feed")
    if kind == "jsonl":
        return read_jsonl(path)
    return read_feed(path)


def read_jsonl(path):
    with open(path, "rb") as file:
        for number, raw in enumerate(file, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError:
                yield number, RowError(number, "", _("not UTF-8 text"))
                continue
            except json.JSONDecodeError as exc:
                yield number, RowError(number, "", _("invalid JSON: %(error)s") % {"error": exc})
                continue
            if not isinstance(record, dict):
                yield number, RowError(number, "", _("a row must be a JSON object"))
                continue
            yield number, record


def read_feed(path):
    """Entries of an RSS or Atom feed (numbered from 1) as import rows."""
    try:
        import feedparser
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise NewsImportError(
            _("Importing feeds needs feedparser: pip install 'wagtail-news[import]'.")
        ) from exc
    with open(path, "rb") as file:
        parsed = feedparser.parse(file.read())
    if not parsed.get("version") and not parsed.entries:
        raise NewsImportError(_("Not an RSS or Atom feed."))
    for number, entry in enumerate(parsed.entries, start=1):
        yield number, feed_entry_record(entry)


def feed_entry_record(entry):
    """Map a feedparser entry onto the JSON Lines row format."""
    record = {
        "external_id": entry.get("id") or entry.get("link") or "",
        "title": strip_tags(entry.get("title", "")),
        "intro": strip_tags(entry.get("summary", "")).strip(),
        "tags": [tag.get("term") for tag in entry.get("tags", []) if tag.get("term")],
    }
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        record["date"] = datetime.datetime(*parsed[:6], tzinfo=datetime.UTC).isoformat()
    else:
        record["date"] = entry.get("published") or entry.get("updated")
    content = entry.get("content")
    if content:
        record["html"] = content[0].get("value", "")
    elif entry.get("summary"):
        record["html"] = entry["summary"]
    if entry.get("link"):
        record["link"] = entry["link"]
    return record


# -- validating --------------------------------------------------------------------


def parse_date(value):
    if not isinstance(value, str) or not value:
        raise ValueError
    text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    parsed = datetime.datetime.fromisoformat(text)
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    parsed.astimezone(datetime.UTC)
    return parsed


def html_converter():
    """Wagtail's editor HTML converter for the features the body's
    paragraphs allow."""
    from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

    from .blocks import NewsBodyBlock

    return EditorHTMLConverter(features=NewsBodyBlock.base_blocks["paragraph"].features)


def clean_html(html, converter=None):
    """Rich text in Wagtail's stored format with only the features the body's
    paragraphs allow: scripts, styles and unknown markup are removed. Pass a
    ``converter`` from ``html_converter()`` to clean many texts with one."""
    return (converter or html_converter()).to_database_format(html)


class RowValidator:
    """Checks rows against the section: categories of its locale, slugs of
    its children and of the rows before."""

    def __init__(self, section, article_model, source):
        self.section = section
        self.article_model = article_model
        self.body_block = article_model._meta.get_field("body").stream_block
        self.html_converter = html_converter()
        self.categories = {}
        for category in NewsCategory.objects.filter(locale_id=section.locale_id):
            self.categories.setdefault(category.slug, category)
            self.categories.setdefault(category.name.casefold(), category)
        self.imported = dict(
            ImportedArticle.objects.filter(source=source, locale_id=section.locale_id).values_list(
                "external_id", "page_id"
            )
        )
        self.slugs = dict(
            Page.objects.child_of(section).values_list("slug", "pk")
        )  # slug -> page id
        self.seen_ids = set()

    def validate(self, line, record):
        external_id = record.get("external_id")
        if isinstance(external_id, int) and not isinstance(external_id, bool):
            external_id = str(external_id)
        if not isinstance(external_id, str) or not external_id.strip():
            raise RowError(line, "", _("external_id is missing"))
        external_id = external_id.strip()
        if len(external_id) > 255:
            raise RowError(line, "", _("external_id is longer than 255 characters"))

        def error(message):
            return RowError(line, external_id, message)

        if external_id in self.seen_ids:
            raise error(_("external_id appears twice in the file"))
        title = record.get("title")
        if not isinstance(title, str) or not title.strip():
            raise error(_("title is missing"))
        title = title.strip()
        if len(title) > TITLE_MAX:
            raise error(_("title is longer than %(max)d characters") % {"max": TITLE_MAX})
        try:
            date = parse_date(record.get("date"))
        except (ValueError, TypeError, OverflowError):
            raise error(
                _("date is missing or not ISO 8601: “%(value)s”") % {"value": record.get("date")}
            ) from None
        intro = record.get("intro", "")
        if not isinstance(intro, str):
            raise error(_("intro must be text"))
        body = self.validate_body(record, error)
        category = self.validate_category(record.get("category"), error)
        tags = self.validate_tags(record.get("tags", []), error)
        live = record.get("live", True)
        if not isinstance(live, bool):
            raise error(_("live must be true or false"))
        page_id = self.imported.get(external_id)
        slug = self.validate_slug(record.get("slug"), title, page_id, error)
        self.seen_ids.add(external_id)
        self.slugs[slug] = page_id or f"row {line}"
        checksum = hashlib.sha256(
            json.dumps(record, sort_keys=True, ensure_ascii=False).encode()
        ).hexdigest()
        return Row(
            line,
            external_id,
            title,
            slug,
            date,
            intro.strip(),
            body,
            category,
            tags,
            live,
            checksum,
        )

    def validate_body(self, record, error):
        body, html = record.get("body"), record.get("html")
        if body is not None and html is not None:
            raise error(_("give body or html, not both"))
        if html is not None:
            if not isinstance(html, str):
                raise error(_("html must be text"))
            cleaned = clean_html(html, self.html_converter)
            return [{"type": "paragraph", "value": cleaned}] if strip_tags(cleaned).strip() else []
        if body is None:
            return []
        if not isinstance(body, list) or not all(
            isinstance(block, dict) and "type" in block and "value" in block for block in body
        ):
            raise error(_("body must be a list of blocks with a type and a value"))
        known = self.body_block.child_blocks
        for block in body:
            if block["type"] not in known:
                raise error(_("body: unknown block type “%(type)s”") % {"type": block["type"]})
        try:
            value = self.body_block.to_python(body)
            self.body_block.clean(value)
        except ValidationError as exc:
            raise error(
                _("body does not match the article's blocks: %(error)s")
                % {"error": "; ".join(exc.messages) or exc}
            ) from None
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise error(
                _("body does not match the article's blocks: %(error)s") % {"error": exc}
            ) from None
        return [{"type": block["type"], "value": block["value"]} for block in body]

    def validate_category(self, value, error):
        if value in (None, ""):
            return None
        if not isinstance(value, str):
            raise error(_("category must be a slug or a name"))
        category = self.categories.get(value) or self.categories.get(value.casefold())
        if category is None:
            raise error(_("unknown category “%(category)s” in this language") % {"category": value})
        return category

    def validate_tags(self, tags, error):
        if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
            raise error(_("tags must be a list of text"))
        tags = [tag.strip() for tag in tags if tag.strip()]
        if any(len(tag) > TAG_MAX for tag in tags):
            raise error(_("a tag is longer than %(max)d characters") % {"max": TAG_MAX})
        return list(dict.fromkeys(tags))

    def validate_slug(self, slug, title, page_id, error):
        if slug is not None:
            if not isinstance(slug, str) or not slug or slugify(slug, allow_unicode=True) != slug:
                raise error(_("slug “%(slug)s” is not a valid slug") % {"slug": slug})
            if len(slug) > SLUG_MAX:
                raise error(_("slug is longer than %(max)d characters") % {"max": SLUG_MAX})
            owner = self.slugs.get(slug)
            if owner is not None and owner != page_id:
                raise error(_("slug “%(slug)s” is already used in this section") % {"slug": slug})
            return slug
        base = slugify(title, allow_unicode=True)[: SLUG_MAX - 10] or "article"
        candidate, number = base, 1
        while self.slugs.get(candidate) not in (None, page_id):
            number += 1
            candidate = f"{base}-{number}"
        return candidate


# -- writing -------------------------------------------------------------------------


class NewsImporter:
    """Import rows into ``section`` (a news section page, specific)."""

    def __init__(
        self,
        section,
        *,
        source="default",
        on_error="abort",
        dry_run=False,
        batch_size=500,
        progress=None,
    ):
        if on_error not in ON_ERROR:
            raise NewsImportError(_("on_error must be abort or skip."))
        self.section = section
        self.article_model = section.get_article_model()
        self.source = source
        self.on_error = on_error
        self.dry_run = dry_run
        self.batch_size = max(1, batch_size)
        self.progress = progress or (lambda done, total: None)
        self.known_tags = {}  # name -> tag, of the batches written so far
        self.child_relations = [
            relation.get_accessor_name() for relation in get_all_child_relations(self.article_model)
        ]

    def validate(self, records):
        """Validate every record: ``(rows, errors)``."""
        validator = RowValidator(self.section, self.article_model, self.source)
        rows, errors = [], []
        for line, record in records:
            if isinstance(record, RowError):
                errors.append(record)
                continue
            try:
                rows.append(validator.validate(line, record))
            except RowError as exc:
                errors.append(exc)
        return rows, errors, validator.imported

    def run(self, records):
        rows, errors, imported = self.validate(records)
        report = ImportReport(errors=errors, dry_run=self.dry_run)
        if errors and self.on_error == "abort":
            report.aborted = True
            return report
        existing = {
            item.external_id: item
            for item in ImportedArticle.objects.filter(
                source=self.source, locale_id=self.section.locale_id
            )
        }
        new_rows = [row for row in rows if row.external_id not in existing]
        changed = [
            row
            for row in rows
            if row.external_id in existing and existing[row.external_id].checksum != row.checksum
        ]
        report.unchanged = len(rows) - len(new_rows) - len(changed)
        if self.dry_run:
            report.created, report.updated = len(new_rows), len(changed)
            return report
        total = len(new_rows) + len(changed)
        for start in range(0, len(new_rows), self.batch_size):
            batch = new_rows[start : start + self.batch_size]
            self.create_batch(batch)
            report.created += len(batch)
            self.progress(report.imported, total)
        for row in changed:
            self.update_article(existing[row.external_id], row)
            report.updated += 1
            if report.updated % self.batch_size == 0 or report.updated == len(changed):
                self.progress(report.imported, total)
        return report

    def create_batch(self, rows):
        """Create the articles of ``rows`` under the section in one
        transaction: either the whole batch is written or none of it.

        The section's row stays locked until the commit, so that no other
        page is added under it meanwhile (treebeard's ``add_child`` takes the
        same lock)."""
        using = router.db_for_write(Page)
        with transaction.atomic(using=using):
            section = Page.objects.using(using).select_for_update().get(pk=self.section.pk)
            last_path = (
                Page.objects.using(using)
                .child_of(section)
                .order_by("-path")
                .values_list("path", flat=True)
                .first()
            )
            step = Page._str2int(last_path[-Page.steplen :]) if last_path else 0
            if step + len(rows) >= len(Page.alphabet) ** Page.steplen:
                # As treebeard's own ``_inc_path()``: a tree error, not a row's.
                raise PathOverflow(f"Path Overflow from: {last_path!r}")
            tags = self.get_tags({name for row in rows for name in row.tags})
            articles = [
                self.build_article(section, step + offset, row, tags)
                for offset, row in enumerate(rows, start=1)
            ]
            insert_pages(articles, using)
            Page.objects.using(using).filter(pk=section.pk).update(
                numchild=F("numchild") + len(rows)
            )
            ImportedArticle.objects.using(using).bulk_create(
                ImportedArticle(
                    source=self.source,
                    locale_id=section.locale_id,
                    external_id=row.external_id,
                    page_id=article.pk,
                    checksum=row.checksum,
                )
                for row, article in zip(rows, articles, strict=True)
            )
            log_creation(articles, using)
            index_references(articles, using)
            self.index_for_search(articles)
            if any(row.live for row in rows):
                self.invalidate_cached_lists(articles[0])
        self.known_tags.update(tags)

    def build_article(self, section, step, row, tags):
        """The unsaved article of ``row``, the ``step``-th child of
        ``section``, with every field set as ``add_child()`` and ``save()``
        would set it (tree fields, ``url_path``, ``draft_title``, locale,
        the denormalised ``section`` and ``news_locale``) and its tags in
        memory. Override to set fields that your article model computes in
        its own ``save()``."""
        depth = section.depth + 1
        article = self.article_model(
            title=row.title,
            draft_title=row.title,
            slug=row.slug,
            locale_id=section.locale_id,
            path=Page._get_path(section.path, depth, step),
            depth=depth,
            numchild=0,
            section_id=section.pk,
            news_locale_id=section.locale_id,
            **self.article_fields(row),
        )
        article.set_url_path(section)
        self.set_publication(article, row)
        for accessor in self.child_relations:  # known to be empty: no query
            setattr(article, accessor, [])
        tagged_items = article.tags.get_tagged_item_manager()
        for tag in dict.fromkeys(tags[name] for name in row.tags):
            tagged_items.add(article.tags.through(tag=tag))
        return article

    def get_tags(self, names):
        """The tags for ``names`` (created when missing), by name. Only the
        names that no earlier batch of this import had are looked up, in
        one query each at most (as taggit looks them up)."""
        tags = {name: self.known_tags[name] for name in names if name in self.known_tags}
        missing = sorted(set(names) - tags.keys())
        if not missing:
            return tags
        manager = self.article_model().tags
        found = manager._to_tag_model_instances(missing, {})
        # With TAGGIT_CASE_INSENSITIVE, "cotton" may be the existing "Cotton".
        exact = {tag.name: tag for tag in found}
        folded = {tag.name.casefold(): tag for tag in found}
        for name in missing:
            tag = exact.get(name) or folded.get(name.casefold())
            if tag is None:
                (tag,) = manager._to_tag_model_instances([name], {})
            tags[name] = tag
        return tags

    def article_fields(self, row):
        """Model fields of an article from a row. Override to fill your own
        article model's extra fields."""
        return {
            "date": row.date,
            "intro": row.intro,
            "body": row.body,
            "category": row.category,
        }

    def set_publication(self, article, row):
        article.live = row.live
        article.has_unpublished_changes = not row.live
        if row.live:
            article.first_published_at = row.date
            article.last_published_at = row.date

    def index_for_search(self, articles):
        """Index the new articles (with their category and tags in memory)
        with one ``add_bulk`` per search backend."""
        backends = list(get_search_backends(with_auto_update=True))
        if not backends:
            return
        with searchable_content_computed_once(articles):
            for backend in backends:
                backend.add_bulk(self.article_model, articles)

    def invalidate_cached_lists(self, article):
        """Once per batch of live articles: what publishing one of them
        would do for wagtail-news's cached lists (drop the section's
        site's "Last news" lists in its language, now and after commit)."""
        page_published_or_unpublished(sender=self.article_model, instance=article)

    @transaction.atomic
    def update_article(self, record, row):
        """Update an imported article whose row changed: its fields, its tags
        and a new revision (published when the row is live)."""
        article = self.article_model.objects.select_for_update().get(pk=record.page_id)
        article.title = article.draft_title = row.title
        article.slug = row.slug
        for name, value in self.article_fields(row).items():
            setattr(article, name, value)
        article.tags.set(row.tags)
        revision = article.save_revision(clean=False)
        if row.live:
            revision.publish()
        record.checksum = row.checksum
        record.save(update_fields=["checksum", "imported_at"])


# -- bulk writes of new pages -----------------------------------------------------------


def insert_pages(pages, using):
    """Write new pages of one model: one multi-row ``INSERT`` per table of
    its multi-table inheritance (``wagtailcore_page``, then each subclass's
    table), then the child objects held in memory (tags, ...).

    ``QuerySet.bulk_create()`` refuses models with multi-table inheritance,
    so this does what it does for each table: the base table's generated
    keys are read back and copied into each subclass's link to its parent,
    as ``Model.save()`` does. No ``save()`` runs and no signal is sent; the
    pages must have every field set already (see
    ``NewsImporter.build_article``)."""
    model = type(pages[0])
    chain = [*reversed(model._meta.get_parent_list()), model]
    insert_rows(chain[0], pages, using, read_pk=True)
    for table_model in chain[1:]:
        for parent, link in table_model._meta.parents.items():
            for page in pages:
                setattr(page, link.attname, page._get_pk_val(parent._meta))
        insert_rows(table_model, pages, using)
    for page in pages:
        page._state.adding = False
        page._state.db = using
    for relation in get_all_child_relations(model):
        children = []
        for page in pages:
            for child in getattr(page, relation.get_accessor_name()).all():
                setattr(child, relation.field.attname, page.pk)
                children.append(child)
        insert_rows(relation.related_model, children, using, read_pk=True)


def insert_rows(model, objs, using, read_pk=False):
    """``INSERT`` ``objs`` into ``model``'s own table (its local concrete
    fields) in as few statements as the database allows. With ``read_pk``
    the generated primary keys are set on ``objs``: from one multi-row
    ``INSERT ... RETURNING`` on PostgreSQL and SQLite, one row at a time on
    databases that cannot return them for several rows."""
    if not objs:
        return
    connection = connections[using]
    returning = list(model._meta.db_returning_fields) if read_pk else []
    fields = [
        column
        for column in model._meta.local_concrete_fields
        if not column.generated and column not in returning
    ]
    if returning and not connection.features.can_return_rows_from_bulk_insert:
        size = 1
    else:
        size = max(connection.ops.bulk_batch_size(fields, objs), 1)
    manager = model._base_manager
    for start in range(0, len(objs), size):
        batch = objs[start : start + size]
        values = manager._insert(batch, fields=fields, returning_fields=returning, using=using)
        for obj, row in zip(batch, values, strict=bool(returning)):
            for column, value in zip(returning, row, strict=True):
                setattr(obj, column.attname, value)


def log_creation(pages, using):
    """The "wagtail.create" audit log entries that ``Page.save()`` writes
    for new pages, in one ``bulk_create``: same action, label, content type,
    user (the page's owner, else the active log context's) and uuid."""
    context = get_active_log_context()
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(type(pages[0]), for_concrete_model=False)
    PageLogEntry.objects.using(using).bulk_create(
        PageLogEntry(
            content_type=content_type,
            page_id=page.pk,
            label=page.get_admin_display_title(),
            action="wagtail.create",
            timestamp=now,
            data={},
            user_id=page.owner_id or getattr(context.user, "pk", None),
            uuid=context.uuid,
            content_changed=True,
        )
        for page in pages
    )


def index_references(objs, using):
    """Record the outbound references of new ``objs`` (of one model) in
    Wagtail's reference index with one ``bulk_create``: the rows that
    ``ReferenceIndex.create_or_update_for_object()`` writes for an object
    that has none yet, without its two queries per object. The child
    relations must be in memory (as ``insert_pages`` leaves them)."""
    model = type(objs[0])
    if not ReferenceIndex.is_indexed(model):
        return
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    base_content_type = ReferenceIndex._get_base_content_type(model)
    ReferenceIndex.objects.using(using).bulk_create(
        (
            ReferenceIndex(
                content_type=content_type,
                base_content_type=base_content_type,
                object_id=obj.pk,
                to_content_type_id=to_content_type_id,
                to_object_id=to_object_id,
                model_path=model_path,
                content_path=content_path,
                content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
            )
            for obj in objs
            for to_content_type_id, to_object_id, model_path, content_path in set(
                ReferenceIndex._extract_references_from_object(obj)
            )
        ),
        ignore_conflicts=connections[using].features.supports_ignore_conflicts,
    )


@contextlib.contextmanager
def searchable_content_computed_once(objs):
    """Within the block, the searchable text of the search fields of
    ``objs`` (of one model) that have a ``get_searchable_content()``
    (StreamField, RichTextField) is computed once per object.

    modelsearch's database backends build each of an entry's columns (title,
    body, autocomplete, plain texts) from every search field, so they
    extract the text of a rich text body five times per object, a large
    part of their time in a bulk import. The fields answer from the texts
    computed here for exactly these objects' values (other values, as from
    other threads, are computed as usual)."""
    model = type(objs[0])
    names = {
        search_field.field_name
        for search_field in model.get_search_fields()
        if isinstance(search_field, index.SearchField)
    }
    fields = [
        model_field
        for model_field in model._meta.concrete_fields
        if model_field.name in names and hasattr(model_field, "get_searchable_content")
    ]
    for model_field in fields:
        compute = model_field.get_searchable_content
        known = {}
        for obj in objs:
            value = model_field.value_from_object(obj)
            known[id(value)] = (value, compute(value))

        def get_searchable_content(value, compute=compute, known=known):
            entry = known.get(id(value))
            return entry[1] if entry is not None and entry[0] is value else compute(value)

        model_field.get_searchable_content = get_searchable_content
    try:
        yield
    finally:
        for model_field in fields:
            model_field.__dict__.pop("get_searchable_content", None)
