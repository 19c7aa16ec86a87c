from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import TranslatableMixin
from wagtail.search import index


class NewsCategory(TranslatableMixin, index.Indexed, models.Model):
    """A category of news ("Economy", "Sport"), translatable per locale."""

    name = models.CharField(_("name"), max_length=100)
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
