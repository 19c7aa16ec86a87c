from django.core.management.base import BaseCommand, CommandError

from wagtail_news.conf import news_settings
from wagtail_news.counting import buffer


class Command(BaseCommand):
    help = (
        "Move view counts buffered in the cache (WAGTAIL_NEWS['VIEW_COUNT_BUFFER']) "
        "into the database. Safe to run at any time and to run again after a failure."
    )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        if not buffer.enabled():
            raise CommandError(
                "No view-count buffer is configured: set WAGTAIL_NEWS['VIEW_COUNT_BUFFER'] "
                "to a django-redis cache alias. Without it views go straight to the database."
            )
        rows = {"n": 0}

        def on_row():
            rows["n"] += 1
            if self.verbosity > 1 and rows["n"] % 1000 == 0:
                self.stdout.write(f"  {rows['n']} page-days applied…")

        def on_batch(batch):
            if self.verbosity:
                self.stdout.write(f"Applied batch {batch} ({rows['n']} page-days so far).")

        written = buffer.flush(on_batch=on_batch, on_row=on_row)
        if self.verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Flushed {written} views from '{news_settings.VIEW_COUNT_BUFFER}'."
                )
            )
