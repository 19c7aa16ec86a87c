from django.apps import AppConfig


class FloorConfig(AppConfig):
    name = "benchmarks.floor"
    label = "wagtail_news_bench_floor"
    default_auto_field = "django.db.models.BigAutoField"
