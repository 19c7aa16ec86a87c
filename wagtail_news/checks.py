"""System checks for wagtail-news (ids ``wagtail_news.E001`` ... / ``W001`` ...)."""

from django.apps import apps
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from .conf import DEFAULTS, SETTING_NAME, TYPES, news_settings

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
