"""The user-facing strings of wagtail-news's templates, listed here so that
``makemessages`` copies them into this site's Russian and Turkmen catalogues:
wagtail-news 0.1.0 ships no translations of its own yet."""

from django.utils.translation import gettext_noop

WAGTAIL_NEWS_STRINGS = [
    gettext_noop("Published"),
    gettext_noop("Last news"),
    gettext_noop("Tags"),
    gettext_noop("Pages"),
    gettext_noop("Newer"),
    gettext_noop("Older"),
    gettext_noop("No articles yet."),
    gettext_noop("Views"),
]
