"""Admin viewsets: the category snippet and a flat listing of articles."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views.listing import NewsArticleFilterSet, NewsArticleIndexView
from .models import LastNews, NewsCategory, get_article_models
from .queries import page_model


class NewsCategoryViewSet(SnippetViewSet):
    model = NewsCategory
    icon = "tag"
    menu_label = _("News categories")
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    search_backend_name = None
    ordering = ["name"]


class LastNewsViewSet(SnippetViewSet):
    """The "Last news" lists, one set per language (translatable)."""

    model = LastNews
    icon = "list-ul"
    menu_label = _("Last news lists")
    list_display = ["title", "slug", "limit", "section", "category"]
    search_fields = ["title", "slug"]
    search_backend_name = None
    ordering = ["slug"]


class NewsArticleListingViewSet(PageListingViewSet):
    """All news articles, of every article model (``get_article_models()``),
    in one admin listing, filterable by category and publication date (in
    addition to Wagtail's own page filters).

    With one article model, the listing is that model's (its "Add" button
    chooses a parent for it); with several, it is a listing of ``Page``
    restricted to their content types (``NewsArticleIndexView``)."""

    model = page_model()
    icon = "doc-full"
    name = "news_articles"
    menu_label = _("News articles")
    menu_order = 150
    add_to_admin_menu = True
    filterset_class = NewsArticleFilterSet
    index_view_class = NewsArticleIndexView
    columns = NewsArticleIndexView.base_columns

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        models = get_article_models()
        if len(models) == 1:
            self.model = models[0]
