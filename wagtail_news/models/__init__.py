from .articles import NewsArticlePageMixin
from .counts import PageViewDay, PageViewTotal, ViewFlush
from .imports import ImportedArticle
from .last_news import LastNews
from .pages import NewsArticlePage, NewsArticlePageTag, NewsIndexPage
from .resolver import get_article_models, get_section_models
from .sections import NewsIndexPageMixin
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
    "get_article_models",
    "get_section_models",
]
