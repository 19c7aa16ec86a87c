from django.db import models
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.models import Page


class FloorPage(Page):
    """A plain Wagtail page: a title and paragraphs, rendered with a minimal
    template on the site's base template. What a page costs without
    wagtail-news's article features."""

    body = StreamField([("paragraph", blocks.RichTextBlock())], blank=True)

    template = "floor/floor_page.html"


class BenchArchive(models.Model):
    """How the archive in this database was built (one row): what it holds
    (``fingerprint``) and how fast ``import_news`` wrote it."""

    fingerprint = models.CharField(max_length=64)
    articles = models.PositiveIntegerField()
    import_seconds = models.FloatField()
    built_at = models.DateTimeField(auto_now_add=True)
    loadavg = models.CharField(max_length=64, blank=True)

    def __str__(self):
        return f"{self.articles} articles, built {self.built_at:%Y-%m-%d %H:%M}"
