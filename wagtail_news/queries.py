"""Queryset helpers shared by listings, lists, feeds and the API."""

from django.db.models import (
    CharField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Value,
)
from wagtail.models import PageViewRestriction


def restricted_q():
    """True for a page that has a view restriction on itself or an ancestor.

    Unlike ``PageQuerySet.public()``, which first loads every restriction in
    a query of its own, this is a subquery of the listing's own query.
    """
    return Exists(
        PageViewRestriction.objects.annotate(
            target_path=ExpressionWrapper(OuterRef("path"), output_field=CharField())
        ).filter(target_path__startswith=F("page__path"))
    )


def live_public(queryset):
    """Live pages without any view restriction, in the queryset's own query."""
    return queryset.live().exclude(restricted_q())


NEWEST_FIRST = ("-date", "-pk")


def merge_newest(querysets):
    """The articles of one queryset per article model, newest first: the
    queryset itself when there is one, else a ``MergedArticles``."""
    querysets = list(querysets)
    return querysets[0] if len(querysets) == 1 else MergedArticles(querysets)


class MergedArticles:
    """The articles of several article models' querysets as one sequence,
    newest first (``date``, then ``pk``), for a site with more than one
    article model.

    It takes the queryset methods that listings chain (``filter()``,
    ``select_related()`` ...: applied to each part), ``count()``, slicing
    (what Django's ``Paginator`` does) and iteration. A slice costs one
    query for the window, whatever the number of models (a union of each
    model's first rows, each read on its own ``date`` index), and one query
    per model present in it, which keeps each part's ``select_related()``,
    ``prefetch_related()`` and annotations.
    """

    CHAINED = frozenset(
        {"filter", "exclude", "select_related", "prefetch_related", "annotate", "only", "defer"}
    )

    def __init__(self, querysets):
        self.querysets = list(querysets)

    def __getattr__(self, name):
        if name not in self.CHAINED:
            raise AttributeError(name)

        def chained(*args, **kwargs):
            return MergedArticles(getattr(qs, name)(*args, **kwargs) for qs in self.querysets)

        return chained

    def order_by(self, *fields):
        """Only ``order_by()`` (no ordering: for aggregates) and the newest-first
        order are supported."""
        if fields and tuple(fields) != NEWEST_FIRST:
            raise ValueError("MergedArticles lists articles newest first only.")
        return MergedArticles(qs.order_by(*fields) for qs in self.querysets)

    @property
    def model(self):
        return self.querysets[0].model

    def count(self):
        return sum(qs.count() for qs in self.querysets)

    def exists(self):
        return any(qs.exists() for qs in self.querysets)

    def first(self):
        """The newest article, or ``None``."""
        found = self[:1]
        return found[0] if found else None

    def datetimes(self, *args, **kwargs):
        return sorted({value for qs in self.querysets for value in qs.datetimes(*args, **kwargs)})

    def __len__(self):
        return self.count()

    def __iter__(self):
        return iter(self[:])

    def __getitem__(self, key):
        if isinstance(key, int):
            found = self[key : key + 1]
            if not found:
                raise IndexError(key)
            return found[0]
        if key.step is not None or (key.start or 0) < 0 or (key.stop or 0) < 0:
            raise ValueError("MergedArticles takes plain, non-negative slices.")
        start = key.start or 0
        return self._window(start, None if key.stop is None else max(key.stop - start, 0))

    def _window(self, offset, limit):
        if limit == 0:
            return []
        if limit is None:
            found = [article for qs in self.querysets for article in qs.order_by(*NEWEST_FIRST)]
            found.sort(key=lambda article: (article.date, article.pk), reverse=True)
            return found[offset:]
        keys = self._window_keys(offset, limit)
        by_part = {}
        for part, pk in keys:
            by_part.setdefault(part, []).append(pk)
        found = {}
        for part, pks in by_part.items():
            for article in self.querysets[part].order_by().filter(pk__in=pks):
                found[(part, article.pk)] = article
        return [found[key] for key in keys if key in found]

    def _window_keys(self, offset, limit):
        """``[(part, pk)]`` of the window, in one query."""
        first_rows = offset + limit
        parts = [
            qs.model._default_manager.filter(
                pk__in=qs.order_by(*NEWEST_FIRST).values("pk")[:first_rows]
            )
            .annotate(news_part=Value(index, output_field=IntegerField()))
            .values_list("date", "pk", "news_part")
            .order_by()
            for index, qs in enumerate(self.querysets)
        ]
        union = parts[0].union(*parts[1:], all=True).order_by("-date", "-pk")
        return [(part, pk) for _date, pk, part in union[offset:first_rows]]


def merged_rows(querysets, fields, limit, order=NEWEST_FIRST):
    """The first ``limit`` rows (dicts of ``fields``, which must include the
    ``order`` fields) of several article models' querysets, in ``order``,
    in one query: the queryset's own rows for one model; for several, a
    union in which each model contributes at most ``limit`` rows (read on
    its own index when ``order`` is newest first)."""
    querysets = [qs.order_by(*order) for qs in querysets]
    if len(querysets) == 1:
        return list(querysets[0].values(*fields)[:limit])
    parts = [
        (qs.filter(pk__in=qs.values("pk")[:limit]) if order == NEWEST_FIRST else qs)
        .order_by()
        .values(*fields)
        for qs in querysets
    ]
    return list(parts[0].union(*parts[1:], all=True).order_by(*order)[:limit])


def page_from_row(row, fields):
    """A page of the row's own model (its ``content_type``) with ``fields``
    loaded from the row and every other field deferred, as ``only()`` gives."""
    from django.contrib.contenttypes.models import ContentType

    model = ContentType.objects.get_for_id(row["content_type"]).model_class()
    values = {name: row[name] for name in fields if name != "pk"}
    values["id"] = values[model._meta.pk.attname] = row["pk"]
    # ``from_db`` takes the values in the order of the model's fields.
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(None, names, [values[name] for name in names])
