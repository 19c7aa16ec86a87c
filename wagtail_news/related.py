"""Related articles: the articles that share an article's category or tags."""

from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from .conf import news_settings
from .queries import live_public, on_site_q, serving_root_paths


def _on_site_q(article, request):
    """The article's site (the request's, else the one that serves it), in
    all its languages; ``None`` when no site serves it."""
    root_paths = serving_root_paths(article, request)
    if not root_paths:
        return None
    return on_site_q(root_paths)


def related_articles(article, limit, request=None):
    """Up to ``limit`` live, public articles of ``article``'s model, site and
    language, itself left out, that share its category or at least one of
    its tags: those sharing the most tags first (the same category counts
    as one more), then the newest. Their category and image come with them.

    The candidates are the newest ``RELATED_CANDIDATES`` articles that share
    something (read newest first on the article table's locale and date
    index), so the cost does not grow with the archive. One query, plus one
    for the article's tags unless they were prefetched (as the section's
    routing does)."""
    if limit is None or limit < 1:
        return []
    tag_ids = [tag.pk for tag in article.tags.all()]
    if not tag_ids and not article.category_id:
        return []
    on_site = _on_site_q(article, request)
    if on_site is None:
        return []

    model = type(article)
    tagged = model.tags.through.objects.filter(tag_id__in=tag_ids)
    shared_tags = Coalesce(
        Subquery(
            tagged.filter(content_object_id=OuterRef("pk"))
            .order_by()
            .values("content_object_id")
            .annotate(shared=Count("pk"))
            .values("shared")[:1],
            output_field=IntegerField(),
        ),
        0,
    )
    matches = Q(pk__in=tagged.values("content_object_id")) if tag_ids else Q(pk__in=[])
    same_category = Value(0)
    if article.category_id:
        matches |= Q(category_id=article.category_id)
        same_category = Case(
            When(category_id=article.category_id, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    candidates = (
        live_public(model.objects.filter(on_site, matches, news_locale_id=article.locale_id))
        .exclude(pk=article.pk)
        .order_by("-date", "-pk")
        .values("pk")[: max(news_settings.RELATED_CANDIDATES, limit)]
    )
    queryset = (
        model.objects.filter(pk__in=candidates)
        .annotate(related_score=shared_tags + same_category)
        .select_related("category", "image")
        .defer_streamfields()
        .order_by("-related_score", "-date", "-pk")
    )
    return list(queryset[:limit])
