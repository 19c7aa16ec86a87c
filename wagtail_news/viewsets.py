"""Admin viewsets: the category snippet and a flat listing of articles."""

from django.utils.translation import gettext_lazy as _
from django_filters import DateFromToRangeFilter, ModelChoiceFilter
from wagtail.admin.filters import DateRangePickerWidget
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import NewsArticlePage, NewsCategory


class NewsCategoryViewSet(SnippetViewSet):
    model = NewsCategory
    icon = "tag"
    menu_label = _("News categories")
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    search_backend_name = None
    ordering = ["name"]


class NewsArticleFilterSet(PageFilterSet):
    category = ModelChoiceFilter(
        label=_("Category"), queryset=NewsCategory.objects.all(), field_name="category"
    )
    date = DateFromToRangeFilter(label=_("Published"), widget=DateRangePickerWidget)

    class Meta:
        model = NewsArticlePage
        fields = []


class NewsArticleListingViewSet(PageListingViewSet):
    """All news articles in one admin listing, filterable by category and
    publication date (in addition to Wagtail's own page filters)."""

    model = NewsArticlePage
    icon = "doc-full"
    name = "news_articles"
    menu_label = _("News articles")
    menu_order = 150
    add_to_admin_menu = True
    filterset_class = NewsArticleFilterSet
