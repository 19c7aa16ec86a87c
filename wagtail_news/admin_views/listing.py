"""The admin's flat listing of news articles (of every article model), with
a view-count column."""

from functools import reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_filters import DateFromToRangeFilter, ModelChoiceFilter
from wagtail.admin.filters import DateRangePickerWidget
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet

from ..models import NewsCategory, get_article_models
from ..models.mixins import stored_views
from ..queries import page_model


def article_content_types_q():
    """``Page`` rows of the article models (their content types: Wagtail
    caches them, no query once known)."""
    content_types = ContentType.objects.get_for_models(
        *get_article_models(), for_concrete_models=False
    )
    return Q(content_type__in=list(content_types.values()))


def articles_where(**lookups):
    """``Page`` rows of the articles (of any article model) that match
    ``lookups`` on their own model's fields (``date``, ``category`` ...):
    one subquery per article model, in the listing's own query."""
    return reduce(
        or_,
        (
            Q(pk__in=model._default_manager.filter(**lookups).values("pk"))
            for model in get_article_models()
        ),
    )


class NewsArticleFilterSet(PageFilterSet):
    """Wagtail's page filters, plus the articles' category and publication
    date (fields of each article model's own table)."""

    category = ModelChoiceFilter(
        label=_("Category"),
        queryset=NewsCategory.objects.all(),
        field_name="category",
        method="filter_articles",
    )
    date = DateFromToRangeFilter(
        label=_("Published"), widget=DateRangePickerWidget, method="filter_date"
    )

    class Meta:
        model = page_model()
        fields = []

    def filter_articles(self, queryset, name, value):
        if value in (None, ""):
            return queryset
        return queryset.filter(articles_where(**{name: value}))

    def filter_date(self, queryset, name, value):
        if not value:
            return queryset
        if value.start is not None and value.stop is not None:
            return queryset.filter(articles_where(**{f"{name}__range": (value.start, value.stop)}))
        if value.start is not None:
            return queryset.filter(articles_where(**{f"{name}__gte": value.start}))
        if value.stop is not None:
            return queryset.filter(articles_where(**{f"{name}__lte": value.stop}))
        return queryset


class NewsArticleIndexView(IndexView):
    """Wagtail's page listing of the articles of every article model (a
    ``Page`` queryset restricted to their content types, whose specific
    pages Wagtail fetches in bulk: one query per model on the page), plus
    the stored view count of each article (a subquery of the listing query,
    not one query per row)."""

    page_title = _("News articles")

    base_columns = [
        *IndexView.base_columns,
        Column(
            "stored_views",
            label=pgettext_lazy("view count", "Views"),
            sort_key="stored_views",
            width="10%",
        ),
    ]

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .filter(article_content_types_q())
            .annotate(stored_views=stored_views())
        )
