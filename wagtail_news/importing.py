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

New articles are written in batches under the section: their tree paths are
computed once per batch (as treebeard's ``add_child`` would, without its
query per page), each page is saved without the per-page ``full_clean()``
(the importer validates the row itself), published without a revision
(``live``, ``first_published_at`` and ``last_published_at`` set, as pages
created in code are) and the section's ``numchild`` is updated once per
batch. The pages are ordinary pages afterwards: editable, publishable,
indexed for search (Wagtail's signal handlers run on each save) and
``Page.find_problems()``-clean.
"""

import contextlib
import datetime
import hashlib
import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page, ReferenceIndex
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update

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


def clean_html(html):
    """Rich text in Wagtail's stored format with only the features the body's
    paragraphs allow: scripts, styles and unknown markup are removed."""
    from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

    from .blocks import NewsBodyBlock

    features = NewsBodyBlock.base_blocks["paragraph"].features
    return EditorHTMLConverter(features=features).to_database_format(html)


class RowValidator:
    """Checks rows against the section: categories of its locale, slugs of
    its children and of the rows before."""

    def __init__(self, section, article_model, source):
        self.section = section
        self.article_model = article_model
        self.body_block = article_model._meta.get_field("body").stream_block
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
            cleaned = clean_html(html)
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
        transaction: either the whole batch is written or none of it."""
        with transaction.atomic(), deferred_indexing(self.article_model):
            section = Page.objects.select_for_update().get(pk=self.section.pk)
            last_path = (
                Page.objects.child_of(section).order_by("-path").values_list("path", flat=True)
            ).first()
            step = Page._str2int(last_path[-Page.steplen :]) if last_path else 0
            tags = self.get_tags({name for row in rows for name in row.tags})
            articles = [
                self.create_article(section, step + offset, row, tags)
                for offset, row in enumerate(rows, start=1)
            ]
            Page.objects.filter(pk=section.pk).update(numchild=F("numchild") + len(rows))
            ImportedArticle.objects.bulk_create(
                ImportedArticle(
                    source=self.source,
                    locale_id=section.locale_id,
                    external_id=row.external_id,
                    page_id=article.pk,
                    checksum=row.checksum,
                )
                for row, article in zip(rows, articles, strict=True)
            )
            for article in articles:
                ReferenceIndex.create_or_update_for_object(article)
            backends = list(get_search_backends(with_auto_update=True))
            if backends:
                indexed = list(
                    self.article_model.objects.filter(pk__in=[article.pk for article in articles])
                    .select_related("category")
                    .prefetch_related("tags")
                )
                for backend in backends:
                    backend.add_bulk(self.article_model, indexed)

    def create_article(self, section, step, row, tags):
        """Save one article as the ``step``-th child of ``section``, as
        treebeard's ``add_child`` would but without its queries."""
        depth = section.depth + 1
        article = self.article_model(
            title=row.title,
            draft_title=row.title,
            slug=row.slug,
            locale_id=section.locale_id,
            path=Page._get_path(section.path, depth, step),
            depth=depth,
            numchild=0,
            **self.article_fields(row),
        )
        article._cached_parent_obj = section
        article.set_url_path(section)
        self.set_publication(article, row)
        tagged_items = article.tags.get_tagged_item_manager()
        for name in row.tags:
            tagged_items.add(article.tags.through(tag=tags[name]))
        article.save(clean=False)
        return article

    def get_tags(self, names):
        """The tags named ``names`` (created when missing), by name, in a
        couple of queries for the whole batch."""
        if not names:
            return {}
        manager = self.article_model().tags
        return {tag.name: tag for tag in manager._to_tag_model_instances(sorted(names), {})}

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


@contextlib.contextmanager
def deferred_indexing(model):
    """Within the block, saving ``model`` instances neither updates the
    reference index nor the search index: the importer updates both once per
    batch. The search signal is disconnected for the process, so import in
    a process of its own (the management command does)."""
    from modelsearch.signal_handlers import post_save_signal_handler

    disconnected = post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        if disconnected:
            post_save.connect(post_save_signal_handler, sender=model)
