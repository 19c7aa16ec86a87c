import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from wagtail.models import Locale

from wagtail_news.importing import FORMATS, ON_ERROR, NewsImporter, NewsImportError, read_records
from wagtail_news.models import NewsIndexPageMixin
from wagtail_news.queries import page_model


class Command(BaseCommand):
    help = (
        "Import articles into a news section from a JSON Lines file or an RSS or Atom "
        "feed. Rows are found again by --source and their external id: importing the "
        "same file again creates no duplicates and updates the rows that changed. Every "
        "row is checked first; with --on-error abort (the default) a file with a bad row "
        "imports nothing, with skip the good rows are imported. Exits with status 1 when "
        "rows were bad."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .jsonl file, or an RSS or Atom feed.")
        parser.add_argument(
            "--section",
            required=True,
            help="The section: its page id or its URL path (/news/economy/).",
        )
        parser.add_argument(
            "--locale",
            help="Import into the section's translation in this language (default: the "
            "section's own language).",
        )
        parser.add_argument("--format", choices=FORMATS, default="auto", dest="fmt")
        parser.add_argument(
            "--source",
            default="default",
            help="Names the origin of the external ids (default: 'default').",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count; write nothing."
        )
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--on-error", choices=ON_ERROR, default="abort")

    def handle(
        self, *args, file, section, locale, fmt, source, dry_run, batch_size, on_error, **options
    ):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        self.verbosity = options["verbosity"]
        target = self.get_section(section, locale)
        importer = NewsImporter(
            target,
            source=source,
            on_error=on_error,
            dry_run=dry_run,
            batch_size=batch_size,
            progress=self.progress,
        )
        started = time.monotonic()
        try:
            report = importer.run(read_records(file, fmt))
        except NewsImportError as exc:
            raise CommandError(str(exc)) from exc
        self.write_report(report, time.monotonic() - started)
        if report.errors:
            raise CommandError(f"{len(report.errors)} bad rows.", returncode=1)

    def get_section(self, value, language):
        Page = page_model()
        if value.isdigit():
            pages = Page.objects.filter(pk=int(value))
        else:
            path = "/" + value.strip("/") + "/"
            pages = Page.objects.filter(Q(url_path=path) | Q(url_path__endswith=path)).order_by(
                "depth"
            )
        page = pages.first()
        if page is None:
            raise CommandError(f"No page {value!r}.")
        page = page.specific
        if not isinstance(page, NewsIndexPageMixin):
            raise CommandError(f"{page.title!r} (id {page.pk}) is not a news section.")
        if language and page.locale.language_code != language:
            locale = Locale.objects.filter(language_code=language).first()
            if locale is None:
                raise CommandError(f"No locale {language!r}.")
            translation = page.get_translation_or_none(locale)
            if translation is None:
                raise CommandError(f"{page.title!r} has no translation in {language!r}.")
            page = translation.specific
        return page

    def progress(self, done, total):
        if self.verbosity:
            self.stderr.write(f"  {done}/{total} articles written…")

    def write_report(self, report, seconds):
        for error in report.errors:
            self.stderr.write(self.style.ERROR(str(error)))
        if report.aborted:
            self.stderr.write(
                self.style.ERROR(
                    f"{len(report.errors)} bad rows: nothing imported (--on-error skip "
                    "imports the good rows)."
                )
            )
            return
        if not self.verbosity:
            return
        verb = "Would create" if report.dry_run else "Created"
        rate = report.imported / seconds if seconds and report.imported else 0
        summary = (
            f"{verb} {report.created}, updated {report.updated}, unchanged {report.unchanged}, "
            f"bad {len(report.errors)} in {seconds:.1f}s"
        )
        if not report.dry_run and rate:
            summary += f" ({rate:.0f} articles/s)"
        style = self.style.WARNING if report.errors else self.style.SUCCESS
        self.stdout.write(style(summary + "."))
