"""Lists of articles shown outside their section, such as "Last news"."""

from django.db.models import Q
from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Site

from .models import NewsArticlePage
from .queries import live_public


def site_root_paths(site):
    """The ``url_path`` of the site's root page and of its translations
    (from Wagtail's cached site root paths: no query once cached)."""
    return [srp.root_path for srp in Site.get_site_root_paths() if srp.site_id == site.pk]


def in_site(site):
    """A filter for pages under the site's root or one of its translations."""
    q = Q(pk__in=[])
    for root_path in site_root_paths(site):
        q |= Q(url_path__startswith=root_path)
    return q


def get_last_news(request, *, limit=10, exclude=None, language_code=None):
    """The newest live, public articles in ``language_code`` (default: the
    active language) on the request's site, newest first."""
    language_code = language_code or get_supported_content_language_variant(get_language())
    queryset = live_public(NewsArticlePage.objects.filter(news_locale__language_code=language_code))
    site = Site.find_for_request(request) if request is not None else None
    if site is not None:
        queryset = queryset.filter(in_site(site))
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude)
    fields = ("title", "date", "url_path", "path", "depth", "locale_id")
    return list(queryset.only(*fields).order_by("-date")[:limit])
