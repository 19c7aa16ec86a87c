"""Atomic increments of the view-count tables.

One ``INSERT … ON CONFLICT … DO UPDATE SET count = count + n`` per table
(PostgreSQL and SQLite): never read, add and write back, so concurrent
requests cannot lose an update.
"""

import datetime
import functools

from django.db import IntegrityError, connection, transaction
from django.db.models import F

from ..conf import news_settings
from ..models import PageViewDay, PageViewTotal


def today():
    return datetime.datetime.now(datetime.UTC).date()


def _upsert_sql(model, key_columns):
    table = connection.ops.quote_name(model._meta.db_table)
    columns = [*key_columns, "count"]
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    placeholders = ", ".join(["%s"] * len(columns))
    conflict = ", ".join(connection.ops.quote_name(c) for c in key_columns)
    count = connection.ops.quote_name("count")
    return (
        f"INSERT INTO {table} ({quoted}) VALUES ({placeholders}) "  # noqa: S608
        f"ON CONFLICT ({conflict}) DO UPDATE SET {count} = {table}.{count} + EXCLUDED.{count} "
        f"RETURNING {count}"
    )


def _supports_upsert():
    return connection.vendor in ("postgresql", "sqlite")


def _orm_increment(model, lookup, amount):
    """Portable fallback: an atomic UPDATE, or an INSERT when there is no row."""
    with transaction.atomic():
        if model.objects.filter(**lookup).update(count=F("count") + amount):
            return model.objects.values_list("count", flat=True).get(**lookup)
        try:
            with transaction.atomic():
                model.objects.create(**lookup, count=amount)
            return amount
        except IntegrityError:
            model.objects.filter(**lookup).update(count=F("count") + amount)
            return model.objects.values_list("count", flat=True).get(**lookup)


@functools.cache
def _postgresql_sql(async_commit=False):
    """Both upserts as one statement (a data-modifying CTE): one round trip,
    atomic without an explicit transaction."""
    day_sql = _upsert_sql(PageViewDay, ["page_id", "day"]).rsplit(" RETURNING", 1)[0]
    total_sql = _upsert_sql(PageViewTotal, ["page_id"])
    if async_commit:
        total_sql += ", current_setting('synchronous_commit')"
    return f"WITH day_upsert AS ({day_sql}) {total_sql}"


# Prepended to the upsert unless ``VIEW_COUNT_SYNCHRONOUS_COMMIT``. Sent
# together as one simple query, both statements run in one implicit
# transaction: SET LOCAL applies to it alone, the connection keeps its own
# setting. The upsert then also returns the setting it ran with.
ASYNC_COMMIT = "SET LOCAL synchronous_commit TO OFF; "


def _postgresql_upsert(cursor, params):
    """The upsert's row (the new total first), committed without waiting
    for the disk unless the site asks for it (``VIEW_COUNT_SYNCHRONOUS_COMMIT
    = True``).

    PostgreSQL then acknowledges the commit before its WAL is flushed (at
    most about three ``wal_writer_delay`` later): a server crash can lose the
    last moment's views, never half of one, and the hot article's row lock
    is not held through a disk flush. Inside a transaction of the site's
    (``ATOMIC_REQUESTS``) the setting is left alone: it would apply to the
    whole transaction."""
    if news_settings.VIEW_COUNT_SYNCHRONOUS_COMMIT or connection.in_atomic_block:
        cursor.execute(_postgresql_sql(), params)
        return cursor.fetchone()
    if connection.settings_dict.get("OPTIONS", {}).get("server_side_binding"):
        # Server-side binding sends one statement per query.
        with transaction.atomic():
            cursor.execute(ASYNC_COMMIT)
            cursor.execute(_postgresql_sql(async_commit=True), params)
            return cursor.fetchone()
    cursor.execute(ASYNC_COMMIT + _postgresql_sql(async_commit=True), params)
    if cursor.description is None:  # psycopg 3 answers the SET first
        cursor.nextset()
    return cursor.fetchone()


def add_views(page_id, day, amount):
    """Add ``amount`` views of ``page_id`` on ``day``; return the new total."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            return _postgresql_upsert(cursor, [page_id, day, amount, page_id, amount])[0]
    with transaction.atomic():
        if not _supports_upsert():
            _orm_increment(PageViewDay, {"page_id": page_id, "day": day}, amount)
            return _orm_increment(PageViewTotal, {"page_id": page_id}, amount)
        with connection.cursor() as cursor:
            cursor.execute(_upsert_sql(PageViewDay, ["page_id", "day"]), [page_id, day, amount])
            cursor.execute(_upsert_sql(PageViewTotal, ["page_id"]), [page_id, amount])
            return cursor.fetchone()[0]


def add_view(page_id, day=None):
    """Count one view of ``page_id`` today (UTC); return the new total."""
    return add_views(page_id, day or today(), 1)
