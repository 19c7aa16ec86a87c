from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from . import checks  # noqa: F401  (registers the system checks)


class WagtailNewsAppConfig(AppConfig):
    name = "wagtail_news"
    label = "wagtail_news"
    verbose_name = _("Wagtail news")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published, post_page_move

        # Both import the app's models: only once they are loaded.
        from .cache_invalidation import connect as connect_list_cache_invalidation
        from .signal_handlers import reindex_published_article, update_section_on_move

        post_page_move.connect(update_section_on_move, dispatch_uid="wagtail_news_section_move")
        page_published.connect(reindex_published_article, dispatch_uid="wagtail_news_reindex")
        connect_list_cache_invalidation()
