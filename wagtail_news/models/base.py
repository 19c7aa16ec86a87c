"""What the section and article mixins share: the page context, the default
templates, the search fields, the listing indexes, the system checks of a
composed model, and stored view counts as a subquery."""

from django.core import checks
from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce

from ..conf import news_settings
from ..queries import AnyPage
from ..text import ControlCharactersValidation
from .counts import PageViewTotal


class NewsContextMixin(ControlCharactersValidation):
    """Context shared by news page templates, and the app's template as the
    fallback of a composed model's own.

    Wagtail gives each page model the template ``<app_label>/<model_name>.html``;
    a site's ``ArticlePage`` built on ``NewsArticlePageMixin`` renders that
    template when the site has one, and ``news_template`` (the app's) when
    not, so the recipe in the README works without copying templates.
    """

    #: The app's template for this kind of page (set by each mixin).
    news_template = None

    #: Text fields that feeds and sitemaps (XML) show: no control character
    #: in the one-line ones, none but tab and line breaks in the others
    #: (``ControlCharactersValidation``). Fields the model lacks are skipped.
    one_line_text_fields = ("title", "seo_title")
    multiline_text_fields = ("intro", "search_description")

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.search_fields = composed_search_fields(cls)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["news_base_template"] = news_settings.BASE_TEMPLATE
        return context

    def get_template(self, request, *args, **kwargs):
        template = super().get_template(request, *args, **kwargs)
        if self.news_template is None or template == self.news_template:
            return template
        if isinstance(template, str):
            return [template, self.news_template]
        return [*template, self.news_template]

    @classmethod
    def check(cls, **kwargs):
        errors = super().check(**kwargs)
        if not cls._meta.abstract:
            errors.extend(check_composition(cls))
        return errors


def composed_search_fields(model):
    """The ``search_fields`` of a model built on a mixin: its own when it
    declares them; else, when it inherits the mixin's (mixin first), the
    fields of the page class it builds on followed by the mixin's, so that a
    site's base page keeps its search fields (whatever its page model)."""
    owner = next((k for k in model.__mro__ if "search_fields" in k.__dict__), None)
    if owner is None or "news_template" not in owner.__dict__ or owner is model:
        return getattr(model, "search_fields", [])
    page_class = next(
        (
            k
            for k in model.__mro__
            if "search_fields" in k.__dict__ and not issubclass(k, NewsContextMixin)
        ),
        None,
    )
    if page_class is None:  # the mixin itself, or another abstract mixin on it
        return owner.search_fields
    return [*page_class.search_fields, *owner.search_fields]


def check_composition(model):
    """System check of a page model built on one of the mixins: the mixin
    comes before the page class it builds on, so that its ``search_fields``,
    ``get_template()`` and ``save()`` are the ones that run."""
    mixin = next(base for base in model.__mro__ if base.__dict__.get("news_template"))
    mro = list(model.__mro__)
    if AnyPage in mro and mro.index(AnyPage) < mro.index(mixin):
        return [
            checks.Error(
                f"{model._meta.label} lists {mixin.__name__} after the page class it builds on.",
                hint=f"Put the mixin first: {model.__name__}({mixin.__name__}, YourBasePage).",
                obj=model,
                id="wagtail_news.E010",
            )
        ]
    return []


#: The listings filter and order on these columns of the article's own table.
LISTING_INDEXES = (("section", "-date"), ("news_locale", "-date"))


def listing_indexes():
    """The listing indexes, for ``Meta.indexes`` of an article model (named by
    Django from the model, so that each composed model has its own)."""
    return [models.Index(fields=list(fields)) for fields in LISTING_INDEXES]


def check_article_model(model):
    """System checks of an article model: its tags and listing indexes."""
    errors = []
    tags = model._meta.get_field("tags") if _has_field(model, "tags") else None
    if tags is None or not hasattr(tags, "through"):
        errors.append(
            checks.Error(
                f"{model._meta.label} has no 'tags' field.",
                hint=(
                    "Declare tags = ClusterTaggableManager(through=YourTagModel, blank=True) "
                    "with a TaggedItemBase through model (see the README's recipe)."
                ),
                obj=model,
                id="wagtail_news.E011",
            )
        )
    indexed = {tuple(index.fields) for index in model._meta.indexes}
    for fields in LISTING_INDEXES:
        if fields not in indexed:
            errors.append(
                checks.Warning(
                    f"{model._meta.label} has no index on {', '.join(fields)}: section "
                    "listings and Last news scan the table.",
                    hint=(
                        "Let Meta inherit NewsArticlePageMixin.Meta "
                        "(class Meta(NewsArticlePageMixin.Meta): ...)."
                    ),
                    obj=model,
                    id="wagtail_news.W010",
                )
            )
    return errors


def _has_field(model, name):
    try:
        model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - FieldDoesNotExist
        return False
    return True


def stored_views():
    """The page's stored all-time view count, as a subquery expression."""
    return Coalesce(
        Subquery(PageViewTotal.objects.filter(page_id=OuterRef("pk")).values("count")[:1]),
        0,
    )
