"""The articles of several article models as one list, newest first.

A site may have more than one article model (``models.get_article_models()``);
these helpers merge their querysets without one query per item:
``merged_rows()`` for a list of the first rows (one query), ``MergedArticles``
for a paginated listing of full pages, ``page_from_row()`` for a page of its
own model built from a row.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import IntegerField, Value

NEWEST_FIRST = ("-date", "-pk")


def merge_newest(querysets):
    """The articles of one queryset per article model, newest first: the
    queryset itself when there is one, else a ``MergedArticles``."""
    querysets = list(querysets)
    return querysets[0] if len(querysets) == 1 else MergedArticles(querysets)


class MergedArticles:
    """The articles of several article models' querysets as one sequence,
    in one order (``ordering``, newest first by default), for a site with
    more than one article model.

    It takes the queryset methods that listings chain (``filter()``,
    ``select_related()`` ...: applied to each part), ``order_by()``,
    ``count()``, slicing (what Django's ``Paginator`` does) and iteration. A
    slice costs one query for the window, whatever the number of models (a
    union of each model's first rows in that order, ``annotations`` such as
    view counts rebuilt in it: ``{name: function(model) -> expression}``),
    and then:

    - with ``fields``: nothing more; each article is built from its row
      (its own model, those fields loaded, ``"locale__language_code"``-style
      related fields cached as ``select_related()`` would);
    - without: one query per model present in the window, which keeps each
      part's ``select_related()``, ``prefetch_related()`` and annotations.

    ``count_part`` counts one part (``QuerySet.count`` by default;
    ``cache.cached_count`` keeps the counts of large listings).
    """

    CHAINED = frozenset(
        {"filter", "exclude", "select_related", "prefetch_related", "annotate", "only", "defer"}
    )

    def __init__(
        self, querysets, ordering=NEWEST_FIRST, *, annotations=None, fields=None, count_part=None
    ):
        self.querysets = list(querysets)
        self.ordering = tuple(ordering)
        self.annotations = annotations or {}
        self.fields = tuple(fields) if fields else None
        self.count_part = count_part or (lambda queryset: queryset.count())

    def _chain(self, querysets, ordering=None):
        return type(self)(
            querysets,
            self.ordering if ordering is None else ordering,
            annotations=self.annotations,
            fields=self.fields,
            count_part=self.count_part,
        )

    def __getattr__(self, name):
        if name not in self.CHAINED:
            raise AttributeError(name)

        def chained(*args, **kwargs):
            return self._chain(getattr(qs, name)(*args, **kwargs) for qs in self.querysets)

        return chained

    def order_by(self, *fields):
        """``order_by()`` drops each part's order (for counts and aggregates)
        and keeps the merged one; ``fields`` set another merged order, of
        columns every part has or of ``annotations``."""
        return self._chain((qs.order_by(*fields) for qs in self.querysets), fields or None)

    def none(self):
        return self._chain(qs.none() for qs in self.querysets)

    @property
    def model(self):
        return self.querysets[0].model

    def count(self):
        return sum(self.count_part(qs) for qs in self.querysets)

    def exists(self):
        return any(qs.exists() for qs in self.querysets)

    def first(self):
        """The first article, or ``None``."""
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
        rows = self._window_rows(offset, limit)
        if self.fields:
            return [
                page_from_row(
                    values, self.fields, self.querysets[part].model, self.querysets[part].db
                )
                for part, values in rows
            ]
        keys = [(part, values["pk"]) for part, values in rows]
        by_part = {}
        for part, pk in keys:
            by_part.setdefault(part, []).append(pk)
        found = {}
        for part, pks in by_part.items():
            for article in self.querysets[part].order_by().filter(pk__in=pks):
                found[(part, article.pk)] = article
        return [found[key] for key in keys if key in found]

    def _window_rows(self, offset, limit):
        """``[(part, {column: value})]`` of the window, in one query."""
        order_columns = [field.lstrip("-") for field in self.ordering]
        columns = list(dict.fromkeys([*order_columns, *(self.fields or ()), "pk"]))
        annotations = {name: self.annotations[name] for name in columns if name in self.annotations}
        parts = []
        for index, qs in enumerate(self.querysets):
            first = qs.order_by(*self.ordering).values("pk")
            if limit is not None:
                first = first[: offset + limit]
            parts.append(
                qs.model._default_manager.filter(pk__in=first)
                .annotate(**{name: make(qs.model) for name, make in annotations.items()})
                .annotate(news_part=Value(index, output_field=IntegerField()))
                .values_list(*columns, "news_part")
                .order_by()
            )
        union = parts[0].union(*parts[1:], all=True).order_by(*self.ordering)
        window = union[offset : None if limit is None else offset + limit]
        return [(row[-1], dict(zip(columns, row[:-1], strict=True))) for row in window]


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


def page_from_row(row, fields, model=None, db=None):
    """A page of ``model`` (by default the row's ``content_type``) with
    ``fields`` loaded from the row and every other field deferred, as
    ``only()`` gives; related fields such as ``"locale__language_code"`` are
    cached as ``select_related()`` caches them."""
    if model is None:
        model = ContentType.objects.get_for_id(row["content_type"]).model_class()
    loaded, related = {}, {}
    for name in fields:
        field_name, _sep, related_name = name.partition("__")
        if related_name:
            related.setdefault(field_name, {})[related_name] = row[name]
        elif name == "pk":
            loaded["id"] = loaded[model._meta.pk.attname] = row["pk"]
        else:
            loaded[model._meta.get_field(field_name).attname] = row[name]
    if "id" in loaded:
        loaded[model._meta.pk.attname] = loaded["id"]
    page = _from_values(model, loaded, db)
    for field_name, values in related.items():
        field = model._meta.get_field(field_name)
        target = field.related_model
        values[target._meta.pk.attname] = loaded[field.attname]
        field.set_cached_value(page, _from_values(target, values, db))
    return page


def _from_values(model, values, db):
    """``model.from_db()`` with ``values`` by attribute name, in the order of
    the model's fields, the others deferred."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(db, names, [values[name] for name in names])
