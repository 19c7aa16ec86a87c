"""``manage.py load_news_demo``: fill the example site with demo news."""

import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from home.demo.loader import DemoLoader

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "admin"


class Command(BaseCommand):
    help = (
        "Create the demo newsroom: home pages, sections, categories, pictures and articles in "
        "English, Russian and Turkmen, and a local superuser admin/admin. Safe to run again: "
        "only what is missing is created."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        created = DemoLoader(log=self.stdout.write).run()
        self.ensure_superuser()
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(f"Done in {seconds:.1f} s; {created} objects created.")
        )
        self.stdout.write(
            "\n"
            "  Site:        http://127.0.0.1:8000/en/\n"
            "  Admin:       http://127.0.0.1:8000/admin/\n"
            f"  Credentials: {ADMIN_USERNAME} / {ADMIN_PASSWORD}\n"
        )

    def ensure_superuser(self):
        """A local superuser, created only if no user of that name exists."""
        User = get_user_model()
        if User.objects.filter(username=ADMIN_USERNAME).exists():
            self.stdout.write(f"Superuser {ADMIN_USERNAME!r} exists")
            return
        User.objects.create_superuser(ADMIN_USERNAME, "admin@example.com", ADMIN_PASSWORD)
        self.stdout.write(f"Superuser {ADMIN_USERNAME!r} created")
