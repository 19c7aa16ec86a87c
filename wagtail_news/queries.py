"""The filters every list, feed, sitemap, counter and API answer shares:
the site's page model, visibility (live, public), site and language.
Nothing here imports the app's models; one query helper, one place.
"""

from functools import cache, reduce
from operator import or_

import swapper
from django.conf import settings
from django.db.models import CharField, Exists, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.utils import translation
from wagtail import models as wagtail_models
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, PageViewRestriction, Site

# -- the page model ------------------------------------------------------------
# Wagtail 8 lets a site swap the page model (``WAGTAIL_PAGE_MODEL``, managed by
# ``swapper``); Wagtail 7.4 has ``Page`` only, and these name it there.

# The setting is ``WAGTAIL_PAGE_MODEL``, also when wagtail_news is imported
# before Wagtail sets this (Wagtail's advice to reusable apps).
swapper.set_app_prefix("wagtailcore", "wagtail")

#: The site's page model as ``"app_label.Model"``, for foreign keys.
PAGE_MODEL = swapper.get_model_name("wagtailcore", "Page")

#: The class every page model descends from, whatever the site's page model:
#: for ``isinstance`` tests and the order of a composed model's bases.
AnyPage = getattr(wagtail_models, "AbstractPage", wagtail_models.Page)


@cache
def page_model():
    """The site's page model (``wagtail.models.Page`` unless the site swaps
    it), for queries over every page. Only once the models are loaded (kept
    once found: lists call it for every item)."""
    return swapper.load_model("wagtailcore", "Page")


def page_model_swapped():
    """``True`` when the site has its own page model (``WAGTAIL_PAGE_MODEL``)."""
    return bool(swapper.is_swapped("wagtailcore", "Page"))


# -- visibility ----------------------------------------------------------------


def restricted_q():
    """True for a page that has a view restriction on itself or an ancestor.

    Unlike ``PageQuerySet.public()``, which first loads every restriction in
    a query of its own, this is a subquery of the listing's own query.
    """
    return Exists(
        PageViewRestriction.objects.annotate(
            target_path=ExpressionWrapper(OuterRef("path"), output_field=CharField())
        ).filter(target_path__startswith=F("page__path"))
    )


def live_public(queryset):
    """Live pages without any view restriction, in the queryset's own query."""
    return queryset.live().exclude(restricted_q())


# -- sites ---------------------------------------------------------------------
# All from Wagtail's cached site root paths (``SiteRootPath``: one per
# translation of a site's root page): no query once Wagtail has cached them.


def site_root_paths(site):
    """The ``SiteRootPath`` entries of ``site``."""
    return [root for root in Site.get_site_root_paths() if root.site_id == site.pk]


def serving_root_paths(page=None, request=None):
    """The ``SiteRootPath`` entries of the request's site, or else of the
    site that serves ``page``."""
    root_paths = Site.get_site_root_paths()
    site = Site.find_for_request(request) if request is not None else None
    if site is None and isinstance(page, AnyPage):
        serving = page._get_relevant_site_root_paths(request)
        site_id = serving[0].site_id if serving else None
    else:
        site_id = getattr(site, "pk", None)
    return [root for root in root_paths if root.site_id == site_id]


def serving_root_path(page, request=None):
    """The ``url_path`` of the root of the site (or of its translation) that
    serves ``page``, preferring the request's site; ``None`` if no site does."""
    root_paths = page._get_relevant_site_root_paths(request)
    if not root_paths:
        return None
    if request is not None:
        site = Site.find_for_request(request)
        for site_root in root_paths:
            if site is not None and site_root.site_id == site.pk:
                return site_root.root_path
    return root_paths[0].root_path


def on_site_q(root_paths):
    """Pages below one of ``root_paths`` (``SiteRootPath`` entries); matches
    nothing without any."""
    if not root_paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(url_path__startswith=root.root_path) for root in root_paths))


def in_site(site):
    """Pages under the site's root or one of its translations."""
    return on_site_q(site_root_paths(site))


def sites_of(*url_paths):
    """The ids of the sites that serve pages at these ``url_path`` values."""
    return {
        root.site_id
        for root in Site.get_site_root_paths()
        for url_path in url_paths
        if url_path and url_path.startswith(root.root_path)
    }


# -- languages -------------------------------------------------------------------


def content_language(language_code=None):
    """The content language (``WAGTAIL_CONTENT_LANGUAGES``) for
    ``language_code``, by default the active language; the default
    language when it is not a content language."""
    try:
        return get_supported_content_language_variant(language_code or translation.get_language())
    except LookupError:
        return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def locale_id(language_code):
    """The locale's id as a subquery, so that it costs no query of its own."""
    return Subquery(Locale.objects.filter(language_code=language_code).values("pk")[:1])
