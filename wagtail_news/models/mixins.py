"""The abstract page mixins, where migrations and earlier releases import
them from: ``NewsIndexPageMixin`` lives in ``models.sections`` and
``NewsArticlePageMixin`` in ``models.articles``."""

from ..renditions import attach_card_renditions, attach_renditions
from .articles import NewsArticlePageMixin
from .base import NewsContextMixin, stored_views
from .sections import NewsArchive, NewsIndexPageMixin

__all__ = [
    "NewsArchive",
    "NewsArticlePageMixin",
    "NewsContextMixin",
    "NewsIndexPageMixin",
    "attach_card_renditions",
    "attach_renditions",
    "stored_views",
]
