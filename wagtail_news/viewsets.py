"""Admin viewsets: the category snippet and a flat listing of articles."""

from django.utils.translation import gettext_lazy as _
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


class NewsArticleListingViewSet(PageListingViewSet):
    model = NewsArticlePage
    icon = "doc-full"
    name = "news_articles"
    menu_label = _("News articles")
    menu_order = 150
    add_to_admin_menu = True
    list_filter = ["category", "date", "locale"]
