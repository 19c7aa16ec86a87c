"""Breadcrumb trail of a news page: the site root down to the parent."""

from .queries import page_model, serving_root_path


def get_breadcrumbs(page, request=None):
    """Return the ancestors of ``page`` from its site root down to its parent.

    One query. The tree root and anything above the site root are left out;
    under a translated tree the translated pages are returned.
    """
    root_path = serving_root_path(page, request)
    if root_path is None:
        return []
    return list(
        page_model()
        .objects.ancestor_of(page)
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
