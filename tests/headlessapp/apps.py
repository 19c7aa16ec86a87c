from django.apps import AppConfig


class HeadlessTestAppConfig(AppConfig):
    """A site's own article page with wagtail-headless-preview (installed in
    the test settings only when that package is)."""

    name = "tests.headlessapp"
    label = "wagtail_news_headless_test"
    default_auto_field = "django.db.models.BigAutoField"
