"""The admin's flat listing of news articles, with a view-count column."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_filters import DateFromToRangeFilter, ModelChoiceFilter
from wagtail.admin.filters import DateRangePickerWidget
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet

from ..models import NewsArticlePage, NewsCategory
from ..models.mixins import stored_views


class NewsArticleFilterSet(PageFilterSet):
    category = ModelChoiceFilter(
        label=_("Category"), queryset=NewsCategory.objects.all(), field_name="category"
    )
    date = DateFromToRangeFilter(label=_("Published"), widget=DateRangePickerWidget)

    class Meta:
        model = NewsArticlePage
        fields = []


class NewsArticleIndexView(IndexView):
    """Wagtail's page listing, plus the stored view count of each article
    (a subquery of the listing query, not one query per row)."""

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
        return super().get_base_queryset().annotate(stored_views=stored_views())
