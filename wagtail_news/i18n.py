"""A page's translations for language switchers and ``hreflang`` links.

Only live pages without a view restriction that the request's site serves
are ever linked. The page's translations and the site's home pages in every
language come in one query, made once per page and request.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Q, Subquery
from django.utils.translation import get_language
from wagtail.coreutils import get_content_languages, get_supported_content_language_variant
from wagtail.models import Site

from .queries import AnyPage, page_model, restricted_q, serving_root_paths

_CACHE_ATTRIBUTE = "_wagtail_news_translations"


@dataclass(frozen=True)
class LanguageLink:
    """One language of a switcher: ``url`` is the translation of the page in
    that language (``is_translation``) or else that language's home page."""

    code: str
    name: str
    url: str
    active: bool
    is_translation: bool


def default_content_language():
    """The content language of ``LANGUAGE_CODE`` (``x-default``)."""
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def active_content_language():
    """The content language that matches the active language, or the default."""
    try:
        return get_supported_content_language_variant(get_language())
    except LookupError:
        return default_content_language()


#: The request's site's root paths, or else those of the site serving a page.
site_root_paths = serving_root_paths


def _fetch(page, root_paths):
    """``({code: translation}, {code: home})`` in one query."""
    if not root_paths:
        return {}, {}
    home_paths = {root.root_path for root in root_paths}
    on_site = reduce(or_, (Q(url_path__startswith=path) for path in home_paths))
    # The homes are the translations of the site's root page: looked up, like
    # the page's translations, on the indexed translation key.
    root_key = Site.objects.filter(pk=root_paths[0].site_id).values("root_page__translation_key")
    wanted = Q(translation_key=Subquery(root_key[:1]))
    key = getattr(page, "translation_key", None) if isinstance(page, AnyPage) else None
    if key is not None:
        wanted |= Q(translation_key=key)
    pages = (
        page_model()
        .objects.live()
        .filter(on_site & wanted)
        .exclude(restricted_q())
        .select_related("locale")
        .only("id", "title", "url_path", "path", "depth", "translation_key", "locale")
    )
    translations, homes = {}, {}
    for candidate in pages:
        code = candidate.locale.language_code
        if key is not None and candidate.translation_key == key:
            translations[code] = candidate
        if candidate.url_path in home_paths:
            homes[code] = candidate
    return translations, homes


def translations_and_homes(page, request=None):
    """The live, public translations of ``page`` (itself included when it is
    live and public) and the site's home pages, by language code; cached on
    the request."""
    cache = getattr(request, _CACHE_ATTRIBUTE, None) if request is not None else None
    cache_key = getattr(page, "pk", None)
    if cache is not None and cache_key in cache:
        return cache[cache_key]
    result = _fetch(page, site_root_paths(page, request))
    if request is not None:
        if cache is None:
            cache = {}
            setattr(request, _CACHE_ATTRIBUTE, cache)
        cache[cache_key] = result
    return result


def page_translations(page, request=None):
    """``{language code: page}`` of the live, public translations of
    ``page`` on the request's site, in the order of
    ``WAGTAIL_CONTENT_LANGUAGES``."""
    translations, _homes = translations_and_homes(page, request)
    return {code: translations[code] for code in get_content_languages() if code in translations}


def language_links(page=None, request=None):
    """One ``LanguageLink`` per content language: to the translation of
    ``page`` in that language, or to that language's home page; a language
    with neither is left out. The active language is marked."""
    translations, homes = translations_and_homes(page, request)
    active = active_content_language()
    links = []
    for code, name in get_content_languages().items():
        target = translations.get(code) or homes.get(code)
        url = target.get_url(request) if target is not None else None
        if url is None:
            continue
        links.append(
            LanguageLink(
                code=code,
                name=name,
                url=url,
                active=code == active,
                is_translation=code in translations,
            )
        )
    return links


def hreflang_links(page, request=None):
    """``[(hreflang, absolute url)]`` for the live, public translations of
    ``page`` and ``x-default`` for the default language's one. Empty when
    the page has no other live translation."""
    translations = page_translations(page, request)
    if len(translations) < 2:
        return []
    links = [(code, other.get_full_url(request)) for code, other in translations.items()]
    default = translations.get(default_content_language())
    if default is not None:
        links.append(("x-default", default.get_full_url(request)))
    return [(code, url) for code, url in links if url]


def alternates_for(translations, request=None):
    """Sitemap ``alternates`` (``{"lang_code", "location"}``) from a page's
    translations ``{language code: page}``, the page itself included:
    one per language and ``x-default`` for the default language's; none
    when the page has no other translation (as its ``hreflang`` links)."""
    if len(translations) < 2:
        return []
    alternates = [
        {"lang_code": code, "location": page.get_full_url(request)}
        for code, page in translations.items()
    ]
    default = translations.get(default_content_language())
    if default is not None:
        alternates.append({"lang_code": "x-default", "location": default.get_full_url(request)})
    return [alternate for alternate in alternates if alternate["location"]]
