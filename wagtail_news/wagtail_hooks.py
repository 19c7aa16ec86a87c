from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from .admin_views.reports import MostReadView
from .viewsets import LastNewsViewSet, NewsArticleListingViewSet, NewsCategoryViewSet

register_snippet(NewsCategoryViewSet)
register_snippet(LastNewsViewSet)


@hooks.register("register_admin_viewset")
def register_news_article_listing():
    return NewsArticleListingViewSet()


@hooks.register("register_admin_urls")
def register_most_read_report_urls():
    return [
        path("reports/most-read-news/", MostReadView.as_view(), name="wagtail_news_most_read"),
        path(
            "reports/most-read-news/results/",
            MostReadView.as_view(results_only=True),
            name="wagtail_news_most_read_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_most_read_report_menu_item():
    return MenuItem(
        _("Most read news"),
        reverse("wagtail_news_most_read"),
        name="most-read-news",
        icon_name="view",
        order=1200,
    )
