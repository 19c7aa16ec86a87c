"""Writing an import: ``NewsImporter`` creates and updates the articles."""

from dataclasses import dataclass, field

from django.db import DatabaseError, router, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from modelcluster.models import get_all_child_relations
from treebeard.exceptions import PathOverflow
from wagtail.search.backends import get_search_backends

from ..cache_invalidation import page_published_or_unpublished
from ..models import ImportedArticle
from ..queries import page_model
from . import bulk
from .rows import NewsImportError, RowError, RowValidator

ON_ERROR = ("abort", "skip")


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


def line_ranges(lines):
    """``"2-4, 7"`` for lines 2, 3, 4 and 7."""
    ranges = []
    for line in sorted(lines):
        if ranges and line == ranges[-1][1] + 1:
            ranges[-1][1] = line
        else:
            ranges.append([line, line])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in ranges)


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
        self.write(new_rows, changed, existing, report)
        return report

    def write(self, new_rows, changed, existing, report):
        """Create the articles of ``new_rows`` (in batches) and update the
        ones of ``changed``, all in one transaction: should the database
        refuse a row, nothing of the import is written, and the error names
        the rows of the batch (``NewsImportError``)."""
        using = router.db_for_write(page_model())
        total = len(new_rows) + len(changed)
        rows = []
        try:
            with transaction.atomic(using=using):
                for start in range(0, len(new_rows), self.batch_size):
                    rows = new_rows[start : start + self.batch_size]
                    self.create_batch(rows)
                    report.created += len(rows)
                    self.progress(report.imported, total)
                for row in changed:
                    rows = [row]
                    self.update_article(existing[row.external_id], row)
                    report.updated += 1
                    if report.updated % self.batch_size == 0 or report.updated == len(changed):
                        self.progress(report.imported, total)
        except (DatabaseError, PathOverflow, ValueError) as exc:
            report.created = report.updated = 0
            self.known_tags = {}
            message = ngettext(
                "The database refused the row of line %(lines)s: %(error)s. Nothing was imported.",
                "The database refused a row of lines %(lines)s: %(error)s. Nothing was imported.",
                len(rows),
            )
            lines = line_ranges(row.line for row in rows)
            reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0].rstrip(".")
            raise NewsImportError(message % {"lines": lines, "error": reason}) from exc

    def create_batch(self, rows):
        """Create the articles of ``rows`` under the section in one
        transaction: either the whole batch is written or none of it.

        The section's row stays locked until the commit, so that no other
        page is added under it meanwhile (treebeard's ``add_child`` takes the
        same lock)."""
        Page = page_model()
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
            bulk.insert_pages(articles, using)
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
            bulk.log_creation(articles, using)
            bulk.index_references(articles, using)
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
            path=self.article_model._get_path(section.path, depth, step),
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
        with bulk.searchable_content_computed_once(articles):
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
