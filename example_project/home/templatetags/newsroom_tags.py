"""Template tags of the example site's layout: the section navigation.

The language switcher and the ``hreflang`` links come from wagtail-news
(``{% news_language_switcher %}``, ``{% news_hreflang %}``)."""

from django import template
from wagtail.models import Page

from wagtail_news.i18n import active_content_language, site_root_paths
from wagtail_news.models import NewsIndexPage

register = template.Library()


@register.inclusion_tag("home/includes/section_nav.html", takes_context=True)
def section_nav(context):
    """``{% section_nav %}``: the live sections shown in menus under the home
    page of the active language, the current one marked. Two queries."""
    request = context.get("request")
    page = context.get("page")
    language = active_content_language()
    roots = [
        srp.root_path for srp in site_root_paths(page, request) if srp.language_code == language
    ]
    sections = []
    if roots:
        # The sections' ids from their own small table first, then those
        # pages by primary key; tree order and this home's sections in
        # Python. A join filtered or ordered on the page table would have the
        # database walk that table, which holds every article.
        section_ids = list(NewsIndexPage.objects.values_list("pk", flat=True))
        candidates = (
            Page.objects.filter(pk__in=section_ids)
            .live()
            .in_menu()
            .only("id", "title", "url_path", "path", "depth", "locale")
            .order_by()
        )
        sections = sorted(
            (section for section in candidates if section.url_path.startswith(roots[0])),
            key=lambda section: section.path,
        )
    current_path = getattr(page, "path", "") if isinstance(page, Page) else ""
    for section in sections:
        section.is_current = bool(current_path) and current_path.startswith(section.path)
    return {
        "request": request,
        "sections": sections,
        "is_home": isinstance(page, Page) and page.url_path in roots,
    }
