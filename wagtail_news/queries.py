"""Queryset helpers shared by listings, lists, feeds and the API."""

from django.db.models import CharField, Exists, ExpressionWrapper, F, OuterRef
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
