from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.models import TranslatableMixin
from wagtail.search import index

from ..text import ControlCharactersValidation
from . import localize


class NewsCategory(ControlCharactersValidation, TranslatableMixin, index.Indexed, models.Model):
    """A category of news ("Economy", "Sport"), translatable per locale."""

    name = models.CharField(pgettext_lazy("news category", "name"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        allow_unicode=True,
        help_text=_("Used in URLs such as …/category/<slug>/. Unique within a language."),
    )

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale"),
    ]

    # wagtail-localize: see ``wagtail_news.models.localize``.
    override_translatable_fields = localize.CATEGORY_FIELDS

    # Feeds show the name (``ControlCharactersValidation``).
    one_line_text_fields = ("name",)

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="wagtail_news_category_slug_locale_uniq"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        # The admin form does not include ``locale``, so Django's own
        # constraint validation cannot see this one.
        clash = NewsCategory.objects.filter(slug=self.slug, locale_id=self.locale_id)
        if self.locale_id and clash.exclude(pk=self.pk).exists():
            raise ValidationError(
                {"slug": _("Another category in this language already uses this slug.")}
            )
