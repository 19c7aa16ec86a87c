"""Related articles: the articles that share an article's category or tags."""

from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from .conf import news_settings
from .merging import MergedArticles
from .models import get_article_models
from .queries import live_public, on_site_q, serving_root_paths


def _on_site_q(article, request):
    """The article's site (the request's, else the one that serves it), in
    all its languages; ``None`` when no site serves it."""
    root_paths = serving_root_paths(article, request)
    if not root_paths:
        return None
    return on_site_q(root_paths)


RELATED_ORDER = ("-related_score", "-date", "-pk")


def related_articles(article, limit, request=None):
    """Up to ``limit`` live, public articles of ``article``'s site and
    language, of every article model, itself left out, that share its
    category or at least one of its tags: those sharing the most tags first
    (the same category counts as one more), then the newest. Their category
    and image come with them.

    The candidates are each model's newest ``RELATED_CANDIDATES`` articles
    that share something (read newest first on the article table's locale
    and date index), so the cost does not grow with the archive. One query
    with one article model (with several: one for the window and one per
    model in it), plus one for the article's tags unless they were
    prefetched (as the section's routing does)."""
    if limit is None or limit < 1:
        return []
    tag_ids = [tag.pk for tag in article.tags.all()]
    if not tag_ids and not article.category_id:
        return []
    on_site = _on_site_q(article, request)
    if on_site is None:
        return []

    def score(model):
        return _related_score(model, tag_ids, article.category_id)

    querysets = [
        _related_queryset(model, article, tag_ids, on_site, limit).annotate(
            related_score=score(model)
        )
        for model in get_article_models()
    ]
    if len(querysets) == 1:
        return list(querysets[0].order_by(*RELATED_ORDER)[:limit])
    merged = MergedArticles(querysets, RELATED_ORDER, annotations={"related_score": score})
    return merged[:limit]


def _tagged(model, tag_ids):
    return model.tags.through.objects.filter(tag_id__in=tag_ids)


def _related_score(model, tag_ids, category_id):
    """How many of ``tag_ids`` an article of ``model`` has, plus one for
    ``category_id``."""
    shared_tags = Coalesce(
        Subquery(
            _tagged(model, tag_ids)
            .filter(content_object_id=OuterRef("pk"))
            .order_by()
            .values("content_object_id")
            .annotate(shared=Count("pk"))
            .values("shared")[:1],
            output_field=IntegerField(),
        ),
        0,
    )
    if not category_id:
        return shared_tags + Value(0)
    same_category = Case(
        When(category_id=category_id, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return shared_tags + same_category


def _related_queryset(model, article, tag_ids, on_site, limit):
    """The candidates of ``model``: its newest articles that share the
    article's category or a tag."""
    matches = (
        Q(pk__in=_tagged(model, tag_ids).values("content_object_id")) if tag_ids else Q(pk__in=[])
    )
    if article.category_id:
        matches |= Q(category_id=article.category_id)
    candidates = (
        live_public(model.objects.filter(on_site, matches, news_locale_id=article.locale_id))
        .exclude(pk=article.pk)
        .order_by("-date", "-pk")
        .values("pk")[: max(news_settings.RELATED_CANDIDATES, limit)]
    )
    return (
        model.objects.filter(pk__in=candidates)
        .select_related("category", "image")
        .defer_streamfields()
    )
