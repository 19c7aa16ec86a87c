"""How wagtail-localize treats the fields of the news models.

wagtail-localize is optional: without it the lists below are empty and the
models carry no field configuration. With it, each model declares its own
fields in ``override_translatable_fields`` (merged by wagtail-localize with
what it derives for the fields of ``Page`` and of a site's own base page):

- texts are translated: title, intro, body, a category's name and slug;
- the publication date, the lead image and the tags are synchronised from
  the source: every sync copies them again and translators do not change
  them (taggit tags have no language; the Turkmen and Russian translations
  of an article share its tags and its ``tag/<slug>/`` address);
- the category is a ``TranslatableField`` on a foreign key: a translation
  points at the translation of the source's category in its own language
  (wagtail-localize translates the category along with the article);
- ``section`` and ``news_locale`` are not editable and follow the page's own
  parent and locale on save; view counts are not fields at all.

A site that composes the mixins onto its own page model combines the lists
as it does with panels::

    override_translatable_fields = (
        MyBasePage.override_translatable_fields
        + NewsArticlePageMixin.article_translatable_fields
    )
"""

try:  # wagtail-localize is optional; its fields module needs no app of its own.
    from wagtail_localize.fields import SynchronizedField, TranslatableField
except ImportError:  # pragma: no cover - depends on the installed extras
    SynchronizedField = TranslatableField = None

LOCALIZE_INSTALLED = TranslatableField is not None


def fields(translated=(), synchronised=()):
    """``TranslatableField``s then non-overridable ``SynchronizedField``s,
    or ``[]`` without wagtail-localize."""
    if not LOCALIZE_INSTALLED:
        return []
    return [TranslatableField(name) for name in translated] + [
        SynchronizedField(name, overridable=False) for name in synchronised
    ]


ARTICLE_FIELDS = fields(
    translated=["title", "intro", "body", "category"],
    synchronised=["date", "image", "tags"],
)
SECTION_FIELDS = fields(translated=["intro"])
CATEGORY_FIELDS = fields(translated=["name", "slug"])
