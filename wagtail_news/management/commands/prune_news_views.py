import datetime

from django.core.management.base import BaseCommand, CommandError

from wagtail_news.counting.store import today
from wagtail_news.models import PageViewDay


class Command(BaseCommand):
    help = (
        "Delete daily view buckets older than --older-than days. All-time totals are "
        "kept; only 'views in the last N days' windows longer than that lose data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, required=True, metavar="DAYS")
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, *args, older_than, batch_size, **options):
        self.verbosity = options["verbosity"]
        if older_than < 1:
            raise CommandError("--older-than must be at least 1 day.")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        cutoff = today() - datetime.timedelta(days=older_than)
        old = PageViewDay.objects.filter(day__lt=cutoff)
        total = old.count()
        deleted = 0
        while True:
            ids = list(old.values_list("pk", flat=True)[:batch_size])
            if not ids:
                break
            deleted += PageViewDay.objects.filter(pk__in=ids).delete()[0]
            if self.verbosity:
                self.stdout.write(f"  {deleted}/{total} daily buckets deleted…")
        if self.verbosity:
            self.stdout.write(
                self.style.SUCCESS(f"Deleted {deleted} daily buckets before {cutoff}.")
            )
