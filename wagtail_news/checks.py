"""System checks for wagtail-news (ids ``wagtail_news.E001`` ... / ``W001`` ...)."""

from django.apps import apps
from django.core.cache import InvalidCacheBackendError, caches
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from .conf import DEFAULTS, HEADER_NAME, SETTING_NAME, TYPES, news_settings, proxy_network

REQUIRED_APPS = [
    "wagtail",
    "wagtail.images",
    "wagtail.snippets",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "modelcluster",
    "taggit",
]


@register(Tags.compatibility)
def check_required_apps(app_configs, **kwargs):
    return [
        Error(
            f"wagtail_news needs '{name}' in INSTALLED_APPS.",
            hint=f"Add '{name}' to INSTALLED_APPS.",
            id="wagtail_news.E001",
        )
        for name in REQUIRED_APPS
        if not apps.is_installed(name)
    ]


@register(Tags.compatibility)
def check_settings(app_configs, **kwargs):
    try:
        user_settings = news_settings.user_settings
    except ImproperlyConfigured as exc:
        return [
            Error(
                str(exc), hint=f"Valid keys: {', '.join(sorted(DEFAULTS))}.", id="wagtail_news.E002"
            )
        ]

    errors = []
    for key, value in user_settings.items():
        expected = TYPES[key] if isinstance(TYPES[key], tuple) else (TYPES[key],)
        if not _has_type(value, expected):
            names = " or ".join("None" if t is type(None) else t.__name__ for t in expected)
            errors.append(
                Error(
                    f"{SETTING_NAME}['{key}'] must be of type {names}, not {type(value).__name__}.",
                    hint=f"The default is {DEFAULTS[key]!r}.",
                    id="wagtail_news.E003",
                )
            )
    errors.extend(_per_language_errors(user_settings))
    errors.extend(_client_ip_errors(user_settings))
    for key, hint in POSITIVE_SETTINGS.items():
        value = user_settings.get(key, DEFAULTS[key])
        if isinstance(value, int) and not isinstance(value, bool) and value < 1:
            errors.append(
                Error(
                    f"{SETTING_NAME}['{key}'] must be at least 1, not {value}.",
                    hint=hint,
                    id="wagtail_news.E004",
                )
            )
    return errors


# Settings that must be at least 1, with the hint of their error.
POSITIVE_SETTINGS = {
    "VIEW_COUNT_VERDICT_TIMEOUT": "Set a positive number of seconds.",
    "VIEW_COUNT_MAX_PER_ADDRESS": "Set a positive number of views, or None for no limit.",
    "PAGE_SIZE": "Set a positive number of articles per page.",
    "FEED_LIMIT": "Set a positive number of articles per feed.",
    "RELATED_LIMIT": "Set a positive number of related articles.",
}


PER_LANGUAGE_SETTINGS = ["DATE_FORMAT", "SHORT_DATE_FORMAT"]


def _per_language_errors(user_settings):
    """A per-language dict maps language codes (strings) to formats (strings)."""
    errors = []
    for key in PER_LANGUAGE_SETTINGS:
        value = user_settings.get(key)
        if not isinstance(value, dict):
            continue
        wrong = sorted(
            repr(code)
            for code, fmt in value.items()
            if not isinstance(code, str) or not isinstance(fmt, str)
        )
        if wrong:
            errors.append(
                Error(
                    f"{SETTING_NAME}['{key}'] maps language codes to date formats; "
                    f"the entries for {', '.join(wrong)} are not both strings.",
                    hint=f'For example {{"en": "{DEFAULTS[key]}", "ru": "{DEFAULTS[key]}"}}.',
                    id="wagtail_news.E003",
                )
            )
    return errors


def _client_ip_errors(user_settings):
    """The client IP settings name one header, a number of proxies or their
    addresses, not both (``wagtail_news.counting.client_ip``)."""
    errors = []

    def error(key, message, hint):
        message = f"{SETTING_NAME}['{key}'] {message}"
        errors.append(Error(message, hint=hint, id="wagtail_news.E005"))

    header = user_settings.get("CLIENT_IP_HEADER")
    if isinstance(header, str) and not HEADER_NAME.match(header):
        error(
            "CLIENT_IP_HEADER",
            f"must be an HTTP header name, not {header!r}.",
            'The header your proxies append to, as it is sent: "X-Forwarded-For" '
            '(not its request.META key "HTTP_X_FORWARDED_FOR").',
        )
    count = user_settings.get("CLIENT_IP_PROXY_COUNT")
    if isinstance(count, int) and not isinstance(count, bool) and count < 0:
        error(
            "CLIENT_IP_PROXY_COUNT",
            f"must be at least 0, not {count}.",
            "Set the number of reverse proxies in front of the site (0: none).",
        )
    trusted = user_settings.get("CLIENT_IP_TRUSTED_PROXIES")
    if isinstance(trusted, (list, tuple)):
        wrong = [repr(entry) for entry in trusted if proxy_network(entry) is None]
        if wrong:
            error(
                "CLIENT_IP_TRUSTED_PROXIES",
                f"lists addresses and networks of proxies; not one: {', '.join(wrong)}.",
                'For example ["10.0.0.1", "172.16.0.0/12", "2001:db8::/32"].',
            )
        if trusted and isinstance(count, int) and count:
            error(
                "CLIENT_IP_PROXY_COUNT",
                "and CLIENT_IP_TRUSTED_PROXIES are both set.",
                "Name the proxies by number or by address, not both: "
                "CLIENT_IP_TRUSTED_PROXIES alone is used.",
            )
    return errors


def _has_type(value, expected):
    # bool is a subclass of int, but True is no page size.
    if isinstance(value, bool) and bool not in expected:
        return False
    return isinstance(value, expected)


@register(Tags.templates)
def check_base_template(app_configs, **kwargs):
    try:
        name = news_settings.BASE_TEMPLATE
    except ImproperlyConfigured:
        return []  # reported by check_settings
    if not isinstance(name, str):
        return []
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return [
            Warning(
                f"The base template {name!r} that wagtail-news pages extend does not exist.",
                hint=f"Create it, or set {SETTING_NAME}['BASE_TEMPLATE'] to your site's base "
                "template. It must define a 'content' block.",
                id="wagtail_news.W001",
            )
        ]
    return []


# -- caches --------------------------------------------------------------------
# The caches that every process of a site must share: an article published,
# unpublished or restricted in one process (a worker, ``publish_scheduled``,
# ``import_news``, a shell) invalidates entries that the other processes read.
SHARED_CACHE_CONSEQUENCES = {
    "LIST_CACHE": (
        "the other processes keep showing 'Last news', 'Most read' and cached "
        "article counts built before an article was published, unpublished or "
        "moved elsewhere, for up to LIST_CACHE_TIMEOUT seconds"
    ),
    "VIEW_COUNT_VISITOR_CACHE": (
        "each process keeps its own visitor keys and 'may this page be counted' "
        "answers: a visitor counts once per process and window, and an article "
        "unpublished elsewhere is still counted for up to "
        "VIEW_COUNT_VERDICT_TIMEOUT seconds"
    ),
}

# Backends that drop entries beyond OPTIONS["MAX_ENTRIES"] (default 300).
CULLING_BACKENDS = (LocMemCache, FileBasedCache, DatabaseCache)

# A visitor key lives VIEW_COUNT_WINDOW seconds; a culling cache must hold at
# least this many keys per second of the window (one counted view a second,
# some 86,000 a day: a small news site) before it drops live keys and counts
# their visitors again.
VISITOR_KEYS_PER_SECOND = 1


@register(Tags.caches)
def check_caches(app_configs, **kwargs):
    """The caches that wagtail-news uses exist and are shared by every
    process; the visitor cache keeps a window's keys."""
    try:
        news_settings.user_settings  # noqa: B018 - reported by check_settings
    except ImproperlyConfigured:
        return []
    messages = []
    for key in ("LIST_CACHE", "VIEW_COUNT_VISITOR_CACHE", "VIEW_COUNT_BUFFER"):
        alias = getattr(news_settings, key)
        if not isinstance(alias, str):
            continue  # None (no buffer), or a wrong type that check_settings reports
        cache, error = _cache(alias)
        if cache is None:
            messages.append(
                Error(
                    f"{SETTING_NAME}['{key}'] names the cache {alias!r}: {error}",
                    hint=f"Define {alias!r} in CACHES, or set {SETTING_NAME}['{key}'] "
                    "to one of its aliases.",
                    id="wagtail_news.E006",
                )
            )
        elif key == "VIEW_COUNT_BUFFER":
            if not _is_redis(cache):
                messages.append(
                    Error(
                        f"{SETTING_NAME}['VIEW_COUNT_BUFFER'] names the cache {alias!r}, "
                        f"a {type(cache).__name__}: the view buffer needs a django-redis "
                        "cache.",
                        hint="Point it to a cache with BACKEND "
                        "'django_redis.cache.RedisCache', or set it to None to write "
                        "each view straight to the database.",
                        id="wagtail_news.E007",
                    )
                )
        else:
            messages.extend(_shared_cache_messages(key, alias, cache))
    return messages


def _shared_cache_messages(key, alias, cache):
    messages = []
    if isinstance(cache, LocMemCache):
        messages.append(
            Warning(
                f"{SETTING_NAME}['{key}'] uses the cache {alias!r}, a LocMemCache that each "
                f"process keeps for itself: {SHARED_CACHE_CONSEQUENCES[key]}.",
                hint=f"Give {alias!r} (or the cache that {SETTING_NAME}['{key}'] names) a "
                "backend that every process shares: Redis (django-redis or Django's "
                "RedisCache), Memcached, or on one machine a FileBasedCache. A site served "
                "by one process only may silence this check (SILENCED_SYSTEM_CHECKS).",
                id="wagtail_news.W002",
            )
        )
    if key == "VIEW_COUNT_VISITOR_CACHE" and isinstance(cache, DummyCache):
        messages.append(
            Warning(
                f"{SETTING_NAME}['VIEW_COUNT_VISITOR_CACHE'] uses the cache {alias!r}, a "
                "DummyCache that keeps nothing: every view of an article is counted, "
                "reloads included.",
                hint="Give the visitor keys a cache that keeps them for "
                "VIEW_COUNT_WINDOW seconds (see WAGTAIL_NEWS['VIEW_COUNT_VISITOR_CACHE']).",
                id="wagtail_news.W003",
            )
        )
    window = news_settings.VIEW_COUNT_WINDOW
    if (
        key == "VIEW_COUNT_VISITOR_CACHE"
        and isinstance(window, int)
        and isinstance(cache, CULLING_BACKENDS)
    ):
        minimum = window * VISITOR_KEYS_PER_SECOND
        if cache._max_entries < minimum:
            messages.append(
                Warning(
                    f"{SETTING_NAME}['VIEW_COUNT_VISITOR_CACHE'] uses the cache {alias!r}, "
                    f"which keeps at most {cache._max_entries} entries (MAX_ENTRIES) and "
                    f"then drops some: past that many views in {window} seconds "
                    "(VIEW_COUNT_WINDOW), visitors whose keys were dropped are counted "
                    "again.",
                    hint=f"Set CACHES[{alias!r}]['OPTIONS']['MAX_ENTRIES'] to {minimum} or "
                    "more (one per second of VIEW_COUNT_WINDOW), or use Redis or Memcached.",
                    id="wagtail_news.W004",
                )
            )
    return messages


def _cache(alias):
    """The cache object of ``alias`` and ``None``, or ``None`` and why not."""
    try:
        return caches[alias], None
    except InvalidCacheBackendError as exc:
        return None, str(exc)


def _is_redis(cache):
    # As counting.redis_path.is_redis_cache, which this module cannot import:
    # apps.py imports the checks before the models are loaded.
    try:
        from django_redis.cache import RedisCache
    except ImportError:
        return False
    return isinstance(cache, RedisCache)
