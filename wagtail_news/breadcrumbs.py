"""Breadcrumb trail of a news page: the site root down to the parent."""

from wagtail.models import Page


def get_site_root_path(page, request=None):
    """The ``url_path`` of the root of the site (or of its translation) that
    serves ``page``, preferring the request's site. ``None`` if no site does.

    Uses Wagtail's cached site root paths: no query once they are cached.
    """
    root_paths = page._get_relevant_site_root_paths(request)
    if not root_paths:
        return None
    if request is not None:
        from wagtail.models import Site

        site = Site.find_for_request(request)
        for site_root in root_paths:
            if site is not None and site_root.site_id == site.pk:
                return site_root.root_path
    return root_paths[0].root_path


def get_breadcrumbs(page, request=None):
    """Return the ancestors of ``page`` from its site root down to its parent.

    One query. The tree root and anything above the site root are left out;
    under a translated tree the translated pages are returned.
    """
    root_path = get_site_root_path(page, request)
    if root_path is None:
        return []
    return list(
        Page.objects.ancestor_of(page)
        .filter(url_path__startswith=root_path)
        .only("id", "title", "url_path", "path", "depth", "locale_id", "slug")
        .order_by("depth")
    )


def page_breadcrumbs(page, request=None):
    """Breadcrumbs of ``page`` for this request, computed once per page object
    and kept as ``page.breadcrumbs``."""
    crumbs = page.__dict__.get("breadcrumbs")
    if crumbs is None:
        crumbs = get_breadcrumbs(page, request)
        page.__dict__["breadcrumbs"] = crumbs
    return crumbs
