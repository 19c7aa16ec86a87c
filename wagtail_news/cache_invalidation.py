"""Drop cached "Last news" and "Most read" lists when what they show changes.

Connected by ``WagtailNewsAppConfig.ready()``. Each receiver bumps the
generation numbers of the sites and languages concerned (see
``wagtail_news.lists``): O(1), whatever the number of cached lists.

Events: a news article or section published, unpublished, moved or deleted;
any page whose slug changes or that moves (the URLs below it change); a view
restriction added, changed or removed; a site changed; a ``LastNews``
snippet saved or deleted; a category deleted (lists set up for it change).
Inside a transaction the numbers are bumped again after the commit, so a
request that read the old content meanwhile cannot keep it in the cache.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from . import lists
from .models import LastNews, NewsArticlePageMixin, NewsCategory, NewsIndexPageMixin
from .queries import page_model, sites_of


def _now_and_after_commit(function, *args):
    function(*args)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: function(*args))


def _language_of(page):
    """The page's language code, or ``None`` (meaning all languages)."""
    try:
        return page.locale.language_code
    except ObjectDoesNotExist:
        return None


def _is_news_page(page):
    model = page.specific_class
    return model is None or issubclass(model, (NewsArticlePageMixin, NewsIndexPageMixin))


def _invalidate_page(page, *url_paths, all_languages=False):
    site_ids = sites_of(page.url_path, *url_paths)
    if not site_ids:  # outside every site: in no list
        return
    language = None if all_languages else _language_of(page)
    languages = None if language is None else [language]
    _now_and_after_commit(lists.invalidate_site_lists, site_ids, languages)


def page_published_or_unpublished(sender, instance, **kwargs):
    if _is_news_page(instance):
        _invalidate_page(instance)


def slug_changed(sender, instance, instance_before, **kwargs):
    _invalidate_page(instance, instance_before.url_path)


def page_moved(sender, instance, url_path_before, url_path_after, **kwargs):
    _invalidate_page(instance, url_path_before, url_path_after)


def page_deleted(sender, instance, **kwargs):
    if not _is_news_page(instance):
        return
    _invalidate_page(instance)
    if not issubclass(instance.specific_class or page_model(), NewsArticlePageMixin):
        # A ``LastNews`` limited to this section loses it (SET_NULL).
        _now_and_after_commit(lists.invalidate_last_news_snippets, None)


def restriction_changed(sender, instance, **kwargs):
    try:
        page = instance.page
    except ObjectDoesNotExist:  # deleted with its page, which invalidates
        return
    _invalidate_page(page, all_languages=True)


def site_changed(sender, instance, **kwargs):
    _now_and_after_commit(lists.invalidate_site_lists, [instance.pk], None)


def snippet_changed(sender, instance, **kwargs):
    language = _language_of(instance)
    _now_and_after_commit(
        lists.invalidate_last_news_snippets, None if language is None else [language]
    )


def category_deleted(sender, instance, **kwargs):
    _now_and_after_commit(lists.invalidate_last_news_snippets, None)


def connect():
    """Connect the receivers (once: each has a ``dispatch_uid``)."""

    def uid(name):
        return f"wagtail_news_lists_{name}"

    page_published.connect(page_published_or_unpublished, dispatch_uid=uid("published"))
    page_unpublished.connect(page_published_or_unpublished, dispatch_uid=uid("unpublished"))
    page_slug_changed.connect(slug_changed, dispatch_uid=uid("slug"))
    post_page_move.connect(page_moved, dispatch_uid=uid("move"))
    post_delete.connect(page_deleted, sender=page_model(), dispatch_uid=uid("delete"))
    for signal, name in ((post_save, "save"), (post_delete, "delete")):
        signal.connect(
            restriction_changed, sender=PageViewRestriction, dispatch_uid=uid(f"restriction_{name}")
        )
        signal.connect(site_changed, sender=Site, dispatch_uid=uid(f"site_{name}"))
        signal.connect(snippet_changed, sender=LastNews, dispatch_uid=uid(f"snippet_{name}"))
    post_delete.connect(category_deleted, sender=NewsCategory, dispatch_uid=uid("category"))
