from .models import NewsArticlePageMixin


def update_section_on_move(sender, instance, parent_page_after, **kwargs):
    """Keep an article's ``section`` in step with its parent after a move."""
    page = instance.specific_deferred
    if isinstance(page, NewsArticlePageMixin) and page.section_id != parent_page_after.pk:
        type(page).objects.filter(pk=page.pk).update(section_id=parent_page_after.pk)
