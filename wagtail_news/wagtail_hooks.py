from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .viewsets import NewsArticleListingViewSet, NewsCategoryViewSet

register_snippet(NewsCategoryViewSet)


@hooks.register("register_admin_viewset")
def register_news_article_listing():
    return NewsArticleListingViewSet()
