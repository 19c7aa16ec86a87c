from .counts import PageViewDay, PageViewTotal, ViewFlush
from .imports import ImportedArticle
from .lists import LastNews
from .mixins import NewsArticlePageMixin, NewsIndexPageMixin
from .pages import NewsArticlePage, NewsArticlePageTag, NewsIndexPage
from .snippets import NewsCategory

__all__ = [
    "ImportedArticle",
    "LastNews",
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
