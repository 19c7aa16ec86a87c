from django.apps import AppConfig


class WagtailNewsTestAppConfig(AppConfig):
    name = "tests.testapp"
    label = "wagtail_news_test"
    default_auto_field = "django.db.models.BigAutoField"
