"""Renditions of the articles' lead images, fetched for a whole list at once."""

from django.db.models import prefetch_related_objects

from .conf import news_settings


def attach_renditions(articles, spec, attribute):
    """Set ``attribute`` on each article to the ``spec`` rendition of its lead
    image (or ``None``), fetching the renditions of all their images in one
    query."""
    articles = list(articles)
    images = [article.image for article in articles if article.image_id]
    if images:
        prefetch_related_objects(images, "renditions")
    for article in articles:
        rendition = article.image.get_rendition(spec) if article.image_id else None
        setattr(article, attribute, rendition)


def attach_card_renditions(articles):
    """Set ``card_rendition`` (``CARD_IMAGE_FILTER``) on each article."""
    attach_renditions(articles, news_settings.CARD_IMAGE_FILTER, "card_rendition")
