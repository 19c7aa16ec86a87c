"""RSS 2.0 and Atom feeds of a news section, of its categories and of its tags.

Built on Django's syndication framework. A section serves them from its own
routes (``feed/``, ``atom/``, ``category/<slug>/feed/`` ...), through
Wagtail's page serving, so view restrictions on the section apply as they
do to the section page. The classes are attributes of the section
(``rss_feed_class``, ``atom_feed_class``): subclass them to change an item.

What an item carries:

- ``title``, ``link`` (the article's absolute URL on its site) and
  ``description`` (the lead, HTML-escaped);
- ``pubDate`` / ``published``: the article's publication date (``date``);
  ``updated``: its last publication, or the publication date if that is later;
- categories: the article's category name, then its tags in alphabetical
  order (a tag that only repeats the category is left out);
- a unique id ``urn:uuid:…`` derived from the page's translation key and
  language, so it stays the same when the slug, the section or the site's
  hostname changes, and differs between translations;
- an enclosure: the lead image's ``ARTICLE_IMAGE_FILTER`` rendition (the
  one the article page shows, so a feed creates no extra rendition), with an
  absolute URL (on the section's host, unless the storage gives absolute
  URLs), a MIME type guessed from its file name and, as length, the file's
  size when renditions are stored on the local file system, otherwise ``0``
  (allowed by RSS for an unknown size; asking a remote storage would cost a
  request per item).

Characters that XML cannot carry (control characters of text stored before
the models rejected them) are left out of every value of the feed.

A feed costs the same few SQL queries whatever its number of items
(``FEED_LIMIT``, default 20): the articles with their category, image and
locale, their tags, and the renditions of their images.
"""

import mimetypes
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from django.contrib.syndication.views import Feed
from django.core.files.storage import FileSystemStorage
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext

from .conf import news_settings
from .renditions import attach_renditions
from .text import strip_control_characters


@dataclass
class FeedSource:
    """What one feed lists: a section's articles (already filtered), and the
    feed's title, absolute URLs and language."""

    section: Any
    articles: Any
    title: str
    link: str
    feed_url: str
    language: str


class NewsRssFeed(Feed):
    """An RSS 2.0 feed of a section's articles (or of one category or tag).

    Created per request with its ``FeedSource``, then called as a view.
    """

    feed_type = Rss201rev2Feed
    item_guid_is_permalink = False

    def __init__(self, source):
        self.source = source
        self.request = None

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.source

    @property
    def language(self):
        return self.source.language

    def get_feed(self, obj, request):
        """Django's feed, without the characters XML cannot carry in any
        of its values (``strip_control_characters``): Django refuses to
        write them (``UnserializableContentError``)."""
        feed = super().get_feed(obj, request)
        feed.feed = _xml_safe(feed.feed)
        feed.items = [_xml_safe(item) for item in feed.items]
        return feed

    # -- the channel ------------------------------------------------------------

    def title(self, source):
        return source.title

    def link(self, source):
        return source.link

    def feed_url(self, source):
        return source.feed_url

    def description(self, source):
        return getattr(source.section, "search_description", "") or gettext(
            "Latest articles: %(title)s"
        ) % {"title": source.title}

    # -- the items ----------------------------------------------------------------

    def get_limit(self):
        return news_settings.FEED_LIMIT

    def items(self, source):
        """The newest ``FEED_LIMIT`` articles, with what their items show
        fetched in bulk."""
        queryset = source.section.get_feed_queryset(source.articles)
        articles = list(queryset[: self.get_limit()])
        attach_renditions(articles, news_settings.ARTICLE_IMAGE_FILTER, "enclosure_rendition")
        return articles

    def item_title(self, article):
        return article.title

    def item_link(self, article):
        return article.get_full_url(self.request)

    def item_description(self, article):
        return escape(article.intro)

    def item_pubdate(self, article):
        return article.date

    def item_updateddate(self, article):
        published = article.last_published_at
        return max(published, article.date) if published else article.date

    def item_categories(self, article):
        """The category's name, then the tags alphabetically, leaving out a
        tag that repeats the category (``Trade`` and ``trade``)."""
        names = [article.category.name] if article.category_id else []
        seen = {name.casefold() for name in names}
        for name in sorted((tag.name for tag in article.tags.all()), key=str.casefold):
            if name.casefold() not in seen:
                seen.add(name.casefold())
                names.append(name)
        return names

    def item_guid(self, article):
        language = article.locale.language_code
        return f"urn:uuid:{uuid.uuid5(article.translation_key, language)}"

    def item_enclosures(self, article):
        rendition = getattr(article, "enclosure_rendition", None)
        if rendition is None:
            return []
        return [
            Enclosure(
                url=urljoin(self.source.link, rendition.url),
                length=str(self.item_enclosure_length(rendition)),
                mime_type=mimetypes.guess_type(rendition.file.name)[0]
                or "application/octet-stream",
            )
        ]

    def item_enclosure_length(self, rendition):
        """The rendition's size in bytes on the local file system, else 0.
        Override to read it from a remote storage."""
        if isinstance(rendition.file.storage, FileSystemStorage):
            try:
                return rendition.file.size
            except OSError:
                return 0
        return 0


def _xml_safe(value):
    """``value`` (text, or a dict, list or tuple of values) without the
    characters XML cannot carry."""
    if isinstance(value, dict):
        return {key: _xml_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_xml_safe(item) for item in value)
    if isinstance(value, Enclosure):
        return Enclosure(_xml_safe(value.url), _xml_safe(value.length), _xml_safe(value.mime_type))
    return strip_control_characters(value)


class NewsAtomFeed(NewsRssFeed):
    """The same feed in Atom 1.0."""

    feed_type = Atom1Feed

    def subtitle(self, source):
        return self.description(source)
