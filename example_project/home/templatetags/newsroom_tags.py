"""Template tags of the example site's layout: language switcher and section
navigation. Both read the site's root pages from Wagtail's cached site root
paths and cost one query each."""

from django import template
from django.conf import settings
from django.db.models import Q
from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, Site

from wagtail_news.models import NewsIndexPage

register = template.Library()


def active_content_language():
    """The content language (a code of ``WAGTAIL_CONTENT_LANGUAGES``) that
    matches the active language, or the default one."""
    try:
        return get_supported_content_language_variant(get_language())
    except LookupError:
        return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def site_root_paths(request):
    """Wagtail's ``SiteRootPath`` entries (one per translation of the root
    page) of the request's site, or of every site without a request."""
    site = Site.find_for_request(request) if request is not None else None
    return [srp for srp in Site.get_site_root_paths() if site is None or srp.site_id == site.pk]


def get_language_links(request, page=None):
    """One link per content language: to the translation of ``page`` in that
    language when it is live, otherwise to that language's home page.

    Returns dicts with ``code``, ``name``, ``url``, ``active`` and
    ``is_translation``. One query, for the page's translations and the home
    pages together.
    """
    root_paths = site_root_paths(request)
    condition = Q(url_path__in=[srp.root_path for srp in root_paths])
    translation_key = getattr(page, "translation_key", None) if isinstance(page, Page) else None
    if translation_key is not None:
        condition |= Q(translation_key=translation_key)
    pages = (
        Page.objects.live()
        .filter(condition)
        .select_related("locale")
        .only("id", "title", "url_path", "path", "depth", "translation_key", "locale")
    )

    translations, homes = {}, {}
    home_paths = {srp.root_path for srp in root_paths}
    for candidate in pages:
        code = candidate.locale.language_code
        if translation_key is not None and candidate.translation_key == translation_key:
            translations[code] = candidate
        if candidate.url_path in home_paths:
            homes[code] = candidate

    current = active_content_language()
    links = []
    for code, name in settings.WAGTAIL_CONTENT_LANGUAGES:
        target = translations.get(code) or homes.get(code)
        links.append(
            {
                "code": code,
                "name": name,
                "url": target.get_url(request) if target else f"/{code}/",
                "active": code == current,
                "is_translation": code in translations,
            }
        )
    return links


@register.simple_tag(takes_context=True)
def language_links(context):
    """``{% language_links as links %}``: see ``get_language_links``."""
    return get_language_links(context.get("request"), context.get("page"))


@register.inclusion_tag("home/includes/section_nav.html", takes_context=True)
def section_nav(context):
    """``{% section_nav %}``: the live sections shown in menus under the home
    page of the active language, the current one marked. One query."""
    request = context.get("request")
    page = context.get("page")
    language = active_content_language()
    roots = [srp.root_path for srp in site_root_paths(request) if srp.language_code == language]
    sections = []
    if roots:
        sections = list(
            NewsIndexPage.objects.live()
            .in_menu()
            .filter(url_path__startswith=roots[0])
            .only("id", "title", "url_path", "path", "depth", "locale")
            .order_by("path")
        )
    current_path = getattr(page, "path", "") if isinstance(page, Page) else ""
    for section in sections:
        section.is_current = bool(current_path) and current_path.startswith(section.path)
    return {
        "request": request,
        "sections": sections,
        "is_home": isinstance(page, Page) and page.url_path in roots,
    }
