from django.db import models
from django.utils.translation import gettext_lazy as _

from ..queries import PAGE_MODEL


class ImportedArticle(models.Model):
    """Where an imported article came from: ``manage.py import_news`` finds
    the page of a row by its source, locale and external id, so that importing
    the same file again creates no duplicates."""

    source = models.CharField(_("source"), max_length=100)
    locale = models.ForeignKey(
        "wagtailcore.Locale", verbose_name=_("locale"), on_delete=models.CASCADE, related_name="+"
    )
    external_id = models.CharField(_("external id"), max_length=255)
    page = models.OneToOneField(
        PAGE_MODEL,
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="news_import",
    )
    checksum = models.CharField(
        _("checksum"), max_length=64, help_text=_("Of the imported row: changed rows are updated.")
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        verbose_name = _("imported article")
        verbose_name_plural = _("imported articles")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "locale", "external_id"],
                name="wagtail_news_imported_article_uniq",
            ),
        ]

    def __str__(self):
        return f"{self.source}:{self.external_id}"
