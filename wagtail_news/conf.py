"""The ``WAGTAIL_NEWS`` settings object.

All of wagtail-news reads its configuration through ``news_settings``::

    from wagtail_news.conf import news_settings

    news_settings.PAGE_SIZE

Values are read from ``settings.WAGTAIL_NEWS`` when first used and re-read
whenever the setting changes (``override_settings`` works in tests).
"""

import ipaddress
import re

from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

SETTING_NAME = "WAGTAIL_NEWS"

DEFAULTS = {
    # -- the site's news models -------------------------------------------------
    # The page models that every feature (lists, API, sitemaps, admin,
    # counting, import) treats as articles and as sections: None for every
    # concrete page model built on NewsArticlePageMixin (NewsIndexPageMixin),
    # or a list of "app_label.ModelName" to narrow them (see
    # wagtail_news.models.resolver).
    "ARTICLE_MODELS": None,
    "SECTION_MODELS": None,
    # Articles per page in section listings (?page=N).
    "PAGE_SIZE": 10,
    # Template that the app's page templates extend. It must define a
    # ``content`` block (and may define ``title`` and ``extra_head``).
    "BASE_TEMPLATE": "base.html",
    # Date formats (Django ``date`` filter syntax) for the article's
    # publication date and for compact lists such as "Last news": one format,
    # or a dict {language code: format} (see ``NewsSettings.get_date_format``).
    "DATE_FORMAT": "d.m.Y",
    "SHORT_DATE_FORMAT": "d.m",
    # Rendition filter specs for the lead image on the article and on cards.
    "ARTICLE_IMAGE_FILTER": "width-1200",
    "CARD_IMAGE_FILTER": "fill-480x270",
    # Items in each RSS and Atom feed (the newest articles).
    "FEED_LIMIT": 20,
    # -- view counting ------------------------------------------------------
    # One count per visitor per article per this many seconds.
    "VIEW_COUNT_WINDOW": 30 * 60,
    # At most this many counted views per client address per article per
    # window, whatever user agents it sends (None: no limit). The address is
    # kept only as a keyed hash, like the visitor.
    "VIEW_COUNT_MAX_PER_ADDRESS": None,
    # Cache alias that holds the short-lived visitor keys (hashed, no IPs).
    "VIEW_COUNT_VISITOR_CACHE": "default",
    # Also count inside the article's serve() (for sites without JavaScript).
    "VIEW_COUNT_ON_SERVE": False,
    # Cache alias (django-redis) that buffers increments; None writes each
    # view straight to the database.
    "VIEW_COUNT_BUFFER": None,
    # With a buffer: also flush in-process every N seconds (0: only
    # ``manage.py flush_news_views``).
    "VIEW_COUNT_FLUSH_INTERVAL": 0,
    # Direct mode on PostgreSQL: each counted view is committed without
    # waiting for the disk (synchronous_commit off for that statement only);
    # True waits, as the site's other writes do.
    "VIEW_COUNT_SYNCHRONOUS_COMMIT": False,
    # Seconds a cached "may this page be counted here" answer lives (it is
    # also dropped on every publish, unpublish, move or restriction).
    "VIEW_COUNT_VERDICT_TIMEOUT": 60 * 60,
    # Client IP (see wagtail_news.counting.client_ip): REMOTE_ADDR, unless
    # the site names its proxies, by number (CLIENT_IP_PROXY_COUNT) or by
    # address (CLIENT_IP_TRUSTED_PROXIES: addresses and networks such as
    # "10.0.0.0/8"); the client is then read from the one header the proxies
    # append to (CLIENT_IP_HEADER, an HTTP header name), from the right.
    "CLIENT_IP_PROXY_COUNT": 0,
    "CLIENT_IP_TRUSTED_PROXIES": [],
    "CLIENT_IP_HEADER": "X-Forwarded-For",
    # -- "Last news" and "Most read" ------------------------------------------
    "LIST_CACHE": "default",
    "LIST_CACHE_TIMEOUT": 60 * 60,
    "LAST_NEWS_LIMIT": 10,
    "MOST_READ_DAYS": 7,
    "MOST_READ_LIMIT": 5,
    # -- search engines and related articles ----------------------------------
    # Publication name in the Google News sitemap and in the articles'
    # structured data (publisher): a name, a dict {language code: name}, or
    # None for the site's name (Wagtail's Site.site_name).
    "PUBLICATION_NAME": None,
    # Articles in the "Related news" list of an article, chosen among the
    # newest RELATED_CANDIDATES articles that share its category or a tag, so
    # that an article page costs the same in a 1,000- or a 100,000-article
    # archive.
    "RELATED_LIMIT": 4,
    "RELATED_CANDIDATES": 200,
}

# The type(s) each setting may have; checked by ``wagtail_news.checks``.
TYPES = {
    "ARTICLE_MODELS": (list, tuple, type(None)),
    "SECTION_MODELS": (list, tuple, type(None)),
    "PAGE_SIZE": int,
    "BASE_TEMPLATE": str,
    "DATE_FORMAT": (str, dict),
    "SHORT_DATE_FORMAT": (str, dict),
    "ARTICLE_IMAGE_FILTER": str,
    "CARD_IMAGE_FILTER": str,
    "FEED_LIMIT": int,
    "VIEW_COUNT_WINDOW": int,
    "VIEW_COUNT_MAX_PER_ADDRESS": (int, type(None)),
    "VIEW_COUNT_VISITOR_CACHE": str,
    "VIEW_COUNT_ON_SERVE": bool,
    "VIEW_COUNT_BUFFER": (str, type(None)),
    "VIEW_COUNT_FLUSH_INTERVAL": int,
    "VIEW_COUNT_SYNCHRONOUS_COMMIT": bool,
    "VIEW_COUNT_VERDICT_TIMEOUT": int,
    "CLIENT_IP_PROXY_COUNT": int,
    "CLIENT_IP_TRUSTED_PROXIES": (list, tuple),
    "CLIENT_IP_HEADER": str,
    "LIST_CACHE": str,
    "LIST_CACHE_TIMEOUT": int,
    "LAST_NEWS_LIMIT": int,
    "MOST_READ_DAYS": int,
    "MOST_READ_LIMIT": int,
    "PUBLICATION_NAME": (str, dict, type(None)),
    "RELATED_LIMIT": int,
    "RELATED_CANDIDATES": int,
}


class NewsSettings:
    """Lazy view of ``settings.WAGTAIL_NEWS`` merged over ``DEFAULTS``."""

    def __init__(self, defaults=None):
        self.defaults = defaults or DEFAULTS
        self._user_settings = None

    @property
    def user_settings(self):
        if self._user_settings is None:
            from django.conf import settings

            value = getattr(settings, SETTING_NAME, {})
            if not isinstance(value, dict):
                raise ImproperlyConfigured(
                    f"{SETTING_NAME} must be a dict, not {type(value).__name__}."
                )
            unknown = sorted(set(value) - set(self.defaults))
            if unknown:
                raise ImproperlyConfigured(
                    f"Unknown {SETTING_NAME} key(s): {', '.join(unknown)}. "
                    f"Valid keys are: {', '.join(sorted(self.defaults))}."
                )
            self._user_settings = value
        return self._user_settings

    def __getattr__(self, name):
        # Only called for names not resolved yet: each value is kept as an
        # attribute until the setting changes (``reload``).
        if name not in self.defaults:
            raise AttributeError(f"Invalid {SETTING_NAME} setting: {name!r}")
        value = self.user_settings.get(name, self.defaults[name])
        self.__dict__[name] = value
        return value

    def reload(self):
        self._user_settings = None
        for name in self.defaults:
            self.__dict__.pop(name, None)

    def get_date_format(self, kind="long", language=None):
        """The ``DATE_FORMAT`` (``kind="long"``) or ``SHORT_DATE_FORMAT``
        (``kind="short"``) for ``language``, the active language by default.

        A setting given as a dict ``{language code: format}`` is looked up by
        the exact code ("pt-br"), then its generic language ("pt"), then
        ``LANGUAGE_CODE``; a language it does not list gets the default format.
        """
        name = "SHORT_DATE_FORMAT" if kind == "short" else "DATE_FORMAT"
        value = getattr(self, name)
        if not isinstance(value, dict):
            return value
        from django.conf import settings
        from django.utils.translation import get_language

        formats = {str(code).lower(): fmt for code, fmt in value.items()}
        code = (language or get_language() or settings.LANGUAGE_CODE).lower()
        for candidate in (code, code.split("-")[0], settings.LANGUAGE_CODE.lower()):
            if candidate in formats:
                return formats[candidate]
        return self.defaults[name]


news_settings = NewsSettings(DEFAULTS)


@receiver(setting_changed)
def reload_news_settings(*, setting, **kwargs):
    if setting == SETTING_NAME:
        news_settings.reload()


# -- reading the client IP settings (wagtail_news.counting.client_ip; checked
# by wagtail_news.checks) ---------------------------------------------------

#: An HTTP header name as ``CLIENT_IP_HEADER`` takes it: "X-Forwarded-For".
HEADER_NAME = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*\Z")


def header_meta_key(name):
    """The ``request.META`` key of an HTTP header name:
    "X-Forwarded-For" -> "HTTP_X_FORWARDED_FOR"."""
    return "HTTP_" + name.upper().replace("-", "_")


def proxy_network(entry):
    """A ``CLIENT_IP_TRUSTED_PROXIES`` entry, an address ("10.0.0.1") or a
    network ("10.0.0.0/8", "2001:db8::/32"), as an ``ipaddress`` network, or
    ``None`` if it is neither. IPv4-mapped IPv6 networks ("::ffff:10.0.0.0/104")
    become the IPv4 network, as the addresses they are matched with do."""
    if not isinstance(entry, str):
        return None
    try:
        network = ipaddress.ip_network(entry.strip(), strict=False)
    except ValueError:
        return None
    mapped = getattr(network.network_address, "ipv4_mapped", None)
    if mapped is not None and network.prefixlen >= 96:
        return ipaddress.ip_network((mapped, network.prefixlen - 96))
    return network
