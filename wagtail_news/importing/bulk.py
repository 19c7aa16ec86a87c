"""Bulk writes of new pages, as ``add_child()`` and a live ``save()`` would
write them one by one."""

import contextlib

from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.utils import timezone
from modelcluster.models import get_all_child_relations
from wagtail.log_actions import get_active_log_context
from wagtail.models import PageLogEntry, ReferenceIndex
from wagtail.search import index


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
