from .mixins import NewsArticlePageMixin, NewsIndexPageMixin
from .pages import NewsArticlePage, NewsArticlePageTag, NewsIndexPage
from .snippets import NewsCategory

__all__ = [
    "NewsArticlePage",
    "NewsArticlePageMixin",
    "NewsArticlePageTag",
    "NewsCategory",
    "NewsIndexPage",
    "NewsIndexPageMixin",
]
