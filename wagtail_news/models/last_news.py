"""The "Last news" snippet: what a list of the newest articles shows.

Templates pick a list by its slug (``{% last_news %}`` shows the one called
``default``) in the active locale; translations share the slug, the limit,
the section and the category, and have their own title.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import TranslatableMixin

from ..conf import news_settings
from ..queries import PAGE_MODEL
from .resolver import get_section_models

try:  # wagtail-localize is optional; its fields module needs no app of its own.
    from wagtail_localize.fields import SynchronizedField, TranslatableField
except ImportError:  # pragma: no cover - depends on the installed extras
    SynchronizedField = TranslatableField = None

LIST_LIMIT_MAX = 50
DEFAULT_SLUG = "default"


def default_last_news_limit():
    """The ``LAST_NEWS_LIMIT`` setting, kept within what the form accepts."""
    return max(1, min(news_settings.LAST_NEWS_LIMIT, LIST_LIMIT_MAX))


class SectionChooserPanel(PageChooserPanel):
    """A page chooser that offers only news sections, including a site's own
    section models."""

    def get_form_options(self):
        options = super().get_form_options()
        options.setdefault("widgets", {})[self.field_name] = AdminPageChooser(
            target_models=get_section_models()
        )
        return options


class LastNews(TranslatableMixin, models.Model):
    """A "Last news" list: its title, length, and optionally the one section or
    category it is limited to."""

    title = models.CharField(
        _("title"),
        max_length=255,
        default=_("Last news"),
        help_text=_("The heading shown above the list."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        default=DEFAULT_SLUG,
        help_text=_(
            'Templates show a list by its slug: {% last_news "economy" %}. '
            '{% last_news %} shows the list with the slug "default".'
        ),
    )
    limit = models.PositiveSmallIntegerField(
        _("number of articles"),
        default=default_last_news_limit,
        validators=[MinValueValidator(1), MaxValueValidator(LIST_LIMIT_MAX)],
        help_text=_("From 1 to 50."),
    )
    section = models.ForeignKey(
        PAGE_MODEL,
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Optional. Only list articles of this section (in other languages: of its translation)."
        ),
    )
    category = models.ForeignKey(
        "wagtail_news.NewsCategory",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Optional. Only list articles of this category (in other languages: "
            "of its translation)."
        ),
    )
    show_dates = models.BooleanField(
        _("show dates"),
        default=True,
        help_text=_("Show each article's publication date (day and month)."),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("limit"),
        SectionChooserPanel("section"),
        FieldPanel("category"),
        FieldPanel("show_dates"),
    ]

    if TranslatableField is not None:
        override_translatable_fields = [
            TranslatableField("title"),
            SynchronizedField("slug", overridable=False),
            SynchronizedField("limit"),
            SynchronizedField("section", overridable=False),
            SynchronizedField("category", overridable=False),
            SynchronizedField("show_dates"),
        ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("last news list")
        verbose_name_plural = _("last news lists")
        ordering = ["slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="wagtail_news_last_news_slug_locale_uniq"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.slug})"

    def clean(self):
        super().clean()
        errors = {}
        # The admin form does not include ``locale``, so Django's own
        # constraint validation cannot see this one.
        clash = LastNews.objects.filter(slug=self.slug, locale_id=self.locale_id)
        if self.locale_id and clash.exclude(pk=self.pk).exists():
            errors["slug"] = _("Another list in this language already uses this slug.")
        if self.section_id and not issubclass(
            self.section.specific_class or object, tuple(get_section_models())
        ):
            errors["section"] = _("Choose a news section.")
        if errors:
            raise ValidationError(errors)
