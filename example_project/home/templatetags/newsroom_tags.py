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
    page of the active language, the current one marked. One query."""
    request = context.get("request")
    page = context.get("page")
    language = active_content_language()
    roots = [
        srp.root_path for srp in site_root_paths(page, request) if srp.language_code == language
    ]
    sections = []
    if roots:
        # All live menu sections, then those of this home in Python: a filter
        # on url_path would scan the page table, which holds every article.
        sections = [
            section
            for section in NewsIndexPage.objects.live()
            .in_menu()
            .only("id", "title", "url_path", "path", "depth", "locale")
            .order_by("path")
            if section.url_path.startswith(roots[0])
        ]
    current_path = getattr(page, "path", "") if isinstance(page, Page) else ""
    for section in sections:
        section.is_current = bool(current_path) and current_path.startswith(section.path)
    return {
        "request": request,
        "sections": sections,
        "is_home": isinstance(page, Page) and page.url_path in roots,
    }
