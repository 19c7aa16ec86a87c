"""View counts, kept in their own tables.

Counts never live on the page: Wagtail's revisions, reverts, copies, aliases
and wagtail-localize's synchronisation copy page fields and would roll them
back. Rows are only ever changed by atomic increments (``count = count + n``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..queries import PAGE_MODEL


class PageViewTotal(models.Model):
    """All-time views of one page."""

    page = models.OneToOneField(
        PAGE_MODEL,
        verbose_name=_("page"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="news_view_total",
    )
    count = models.PositiveBigIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("page view total")
        verbose_name_plural = _("page view totals")

    def __str__(self):
        return f"{self.page_id}: {self.count}"


class PageViewDay(models.Model):
    """Views of one page on one day (UTC), for "most read" windows."""

    page = models.ForeignKey(
        PAGE_MODEL,
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="news_view_days",
    )
    day = models.DateField(_("day"))
    count = models.PositiveBigIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("page views per day")
        verbose_name_plural = _("page views per day")
        constraints = [
            models.UniqueConstraint(fields=["page", "day"], name="wagtail_news_view_day_uniq"),
        ]
        indexes = [models.Index(fields=["day", "page"], name="wagtail_news_view_day_idx")]

    def __str__(self):
        return f"{self.page_id} {self.day}: {self.count}"


class ViewFlush(models.Model):
    """A batch of buffered views moved from the cache into the tables.

    Written in the same transaction as the increments, so a batch that was
    applied is never applied again when a flush is retried.
    """

    batch = models.CharField(_("batch"), max_length=64, unique=True)
    views = models.PositiveBigIntegerField(_("views"), default=0)
    flushed_at = models.DateTimeField(_("flushed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("view flush")
        verbose_name_plural = _("view flushes")

    def __str__(self):
        return self.batch
