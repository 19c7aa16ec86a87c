from .models import NewsArticlePageMixin


def update_section_on_move(sender, instance, parent_page_after, **kwargs):
    """Keep an article's ``section`` in step with its parent after a move."""
    page = instance.specific_deferred
    if isinstance(page, NewsArticlePageMixin) and page.section_id != parent_page_after.pk:
        type(page).objects.filter(pk=page.pk).update(section_id=parent_page_after.pk)


def reindex_published_article(sender, instance, **kwargs):
    """Index an article again once it is published: Wagtail's ``post_save``
    indexing runs before modelcluster writes the page's tags, so without
    this the search index would hold the tags of the previous save."""
    from wagtail.search import index

    if isinstance(instance, NewsArticlePageMixin):
        index.insert_or_update_object(instance)
