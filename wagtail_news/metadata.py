"""Search-engine and social metadata of an article: description, canonical
URL, Open Graph, Twitter card and schema.org ``NewsArticle``."""

from urllib.parse import urljoin

from django.utils.text import Truncator
from django.utils.translation import to_locale

from .sitemaps import publication_name

#: Google shows at most 110 characters of a ``NewsArticle`` headline.
HEADLINE_LENGTH = 110


def _absolute(url, base):
    """``url`` made absolute against the page's own URL (its site's host,
    as the canonical link), unless it already is (a CDN)."""
    return urljoin(base, url) if url and base else url


def _site(page, request):
    from wagtail.models import Site

    if request is not None:
        site = Site.find_for_request(request)
        if site is not None:
            return site
    return page.get_site()


def article_description(page):
    """The search description, else the lead, on one line."""
    return " ".join((getattr(page, "search_description", "") or page.intro or "").split())


def article_image(rendition, base_url):
    """``{"url", "width", "height", "alt"}`` of a rendition, its URL made
    absolute against ``base_url``."""
    if rendition is None:
        return None
    return {
        "url": _absolute(rendition.url, base_url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": rendition.alt,
    }


def article_section(page, section=None):
    """The article's category name, else its section's title."""
    if page.category_id:
        return page.category.name
    section = section if section is not None else page.get_section()
    return section.title if section is not None else None


def article_metadata(page, request=None, rendition=None, section=None):
    """What ``wagtail_news/includes/meta.html`` renders for ``page``.

    ``rendition`` is the lead image's and ``section`` the parent page
    (``get_lead_rendition()`` and ``get_section()`` when not given). No query
    for an article that came through its section's routing (category,
    image and tags loaded) beyond its locale's."""
    if rendition is None and page.image_id:
        rendition = page.get_lead_rendition()
    site = _site(page, request)
    language = page.locale.language_code
    url = page.get_full_url(request)
    return {
        "title": getattr(page, "seo_title", "") or page.title,
        "headline": Truncator(page.title).chars(HEADLINE_LENGTH),
        "description": article_description(page),
        "url": url,
        "image": article_image(rendition, url),
        "language": language,
        "og_locale": to_locale(language),
        "site_name": site.site_name if site is not None else "",
        "publisher": publication_name(site, language),
        "published": page.date,
        "modified": max(filter(None, [page.date, page.last_published_at])),
        "section": article_section(page, section),
        "tags": [tag.name for tag in page.tags.all()],
        "home_url": site.root_url if site is not None else None,
    }


def news_article_json_ld(meta):
    """The schema.org ``NewsArticle`` of ``article_metadata()``'s result."""
    publisher = {"@type": "Organization", "name": meta["publisher"]}
    if meta["home_url"]:
        publisher["url"] = meta["home_url"]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": meta["headline"],
        "datePublished": meta["published"].isoformat(),
        "dateModified": meta["modified"].isoformat(),
        "inLanguage": meta["language"],
        "author": publisher,
        "publisher": publisher,
        "mainEntityOfPage": {"@type": "WebPage", "@id": meta["url"]},
        "url": meta["url"],
    }
    if meta["description"]:
        data["description"] = meta["description"]
    if meta["image"]:
        data["image"] = [meta["image"]["url"]]
    if meta["section"]:
        data["articleSection"] = meta["section"]
    if meta["tags"]:
        data["keywords"] = meta["tags"]
    return data
