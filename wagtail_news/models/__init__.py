from .counts import PageViewDay, PageViewTotal, ViewFlush
from .mixins import NewsArticlePageMixin, NewsIndexPageMixin
from .pages import NewsArticlePage, NewsArticlePageTag, NewsIndexPage
from .snippets import NewsCategory

__all__ = [
    "PageViewDay",
    "PageViewTotal",
    "ViewFlush",
    "NewsArticlePage",
    "NewsArticlePageMixin",
    "NewsArticlePageTag",
    "NewsCategory",
    "NewsIndexPage",
    "NewsIndexPageMixin",
]
