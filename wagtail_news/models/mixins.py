"""Abstract page mixins.

Compose them onto your own base page to build news pages with your site's
fields, exactly as the concrete ``NewsIndexPage`` and ``NewsArticlePage`` do::

    class ArticlePage(NewsArticlePageMixin, MyBasePage):
        tags = ClusterTaggableManager(through=ArticlePageTag, blank=True)
        parent_page_types = ["mysite.SectionPage"]
"""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import OuterRef, Subquery, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model_string
from wagtail.models import Page
from wagtail.search import index

from ..api import serializers as api_serializers
from ..blocks import NewsBodyBlock
from ..breadcrumbs import get_breadcrumbs, page_breadcrumbs
from ..conf import news_settings
from ..queries import live_public
from .snippets import NewsCategory


class NewsContextMixin:
    """Context shared by news page templates."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["news_base_template"] = news_settings.BASE_TEMPLATE
        return context


class NewsIndexPageMixin(NewsContextMixin, RoutablePageMixin, models.Model):
    """A news section ("Economy"): lists its articles newest first, paginated.

    Routes: the section itself, ``category/<slug>/`` and ``tag/<slug>/``.
    """

    intro = RichTextField(
        _("intro"),
        blank=True,
        help_text=_("Optional text shown above the list of articles."),
    )

    index_content_panels = [FieldPanel("intro")]

    api_fields = [APIField("intro", serializer=api_serializers.RichTextField())]

    search_fields = [index.SearchField("intro")]

    class Meta:
        abstract = True

    # -- overridable hooks -------------------------------------------------

    def get_article_model(self):
        """Return the article model listed by this section.

        Defaults to the first allowed child page type that uses
        ``NewsArticlePageMixin``. Override to return another model.
        """
        for model in self.allowed_subpage_models():
            if issubclass(model, NewsArticlePageMixin):
                return model
        raise LookupError(f"{type(self).__name__} allows no news article child page type.")

    def get_articles(self):
        """Return the live, public articles of this section, newest first.

        Filters on the article's own ``section`` and ``date`` columns (one
        index) rather than on the page tree, so it stays fast for large
        archives.
        """
        return live_public(self.get_article_model().objects.filter(section=self)).order_by(
            "-date", "-pk"
        )

    def get_listing_queryset(self, queryset):
        """Fetch what an article card shows in bulk: category and image.
        Override to add what your own cards show."""
        return queryset.select_related("category", "image")

    def get_article_queryset(self):
        """The queryset that routing takes a child article from: the article
        with its category, image and tags in two queries."""
        return (
            self.get_article_model()
            .objects.child_of(self)
            .select_related("category", "image")
            .prefetch_related("tags")
            .annotate(stored_views=stored_views())
        )

    def get_page_size(self):
        return news_settings.PAGE_SIZE

    def paginate(self, request, queryset):
        """Return the Django ``Page`` of articles for ``?page=N``.

        Like Django's ``ListView``: a missing ``page`` is the first page; a
        value that is not a positive whole number, or past the last page,
        raises ``Http404``.
        """
        paginator = Paginator(queryset, self.get_page_size(), allow_empty_first_page=True)
        number = request.GET.get("page") or 1
        try:
            return paginator.page(number)
        except (PageNotAnInteger, EmptyPage) as exc:
            raise Http404(str(exc)) from exc

    def get_listing_context(self, request, queryset, **extra):
        articles = self.paginate(request, self.get_listing_queryset(queryset))
        attach_card_renditions(articles.object_list)
        return {"articles": articles, "paginator": articles.paginator, **extra}

    # -- routing -------------------------------------------------------------

    def route(self, request, path_components):
        """Route to a child article in one query, category, image and tags
        included; fall back to Wagtail's routing otherwise."""
        if path_components:
            article = self.get_article_queryset().filter(slug=path_components[0]).first()
            if article is not None:
                article._cached_parent_obj = self
                return article.route(request, path_components[1:])
        return super().route(request, path_components)

    @path("")
    def index_view(self, request):
        context = self.get_listing_context(request, self.get_articles())
        return self.render(request, context_overrides=context)

    @path("category/<str:slug>/", name="category")
    def category_view(self, request, slug):
        category = get_object_or_404(NewsCategory, slug=slug, locale_id=self.locale_id)
        queryset = self.get_articles().filter(category=category)
        context = self.get_listing_context(request, queryset, category=category)
        return self.render(request, context_overrides=context)

    @path("tag/<str:slug>/", name="tag")
    def tag_view(self, request, slug):
        tag = get_object_or_404(Tag, slug=slug)
        queryset = self.get_articles().filter(tags=tag)
        context = self.get_listing_context(request, queryset, tag=tag)
        return self.render(request, context_overrides=context)


def stored_views():
    """The page's stored all-time view count, as a subquery expression."""
    from .counts import PageViewTotal

    return Coalesce(
        Subquery(PageViewTotal.objects.filter(page_id=OuterRef("pk")).values("count")[:1]),
        0,
    )


def attach_card_renditions(articles):
    """Set ``card_rendition`` on each article, fetching the renditions of all
    their images in one query."""
    articles = list(articles)
    images = [article.image for article in articles if article.image_id]
    if images:
        prefetch_related_objects(images, "renditions")
    spec = news_settings.CARD_IMAGE_FILTER
    for article in articles:
        article.card_rendition = article.image.get_rendition(spec) if article.image_id else None


class NewsArticlePageMixin(NewsContextMixin, models.Model):
    """A news article: publication date, category, lead, lead image and body.

    The concrete model must declare ``tags`` (a ``ClusterTaggableManager``
    with its own through model), as ``NewsArticlePage`` does.
    """

    date = models.DateTimeField(
        _("Published"),
        default=timezone.now,
        help_text=_("Publication date and time shown to readers; articles are ordered by it."),
    )
    category = models.ForeignKey(
        NewsCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional. Readers can list all articles of a category."),
    )
    intro = models.TextField(
        _("lead"),
        blank=True,
        help_text=_("One or two sentences that sum up the article; shown in lists and feeds."),
    )
    image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional. Shown at the top of the article and on its card in lists."),
    )
    body = StreamField(NewsBodyBlock(), verbose_name=_("body"), blank=True)

    # Copies of the parent page and of the locale, so that listings filter and
    # order on one index of this table (an index cannot span the inherited
    # page table). Kept up to date on save() and when the page moves.
    section = models.ForeignKey(
        Page,
        verbose_name=_("section"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    news_locale = models.ForeignKey(
        "wagtailcore.Locale",
        verbose_name=_("locale"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    article_content_panels = [
        FieldPanel("date"),
        FieldPanel("category"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]

    # Wagtail's API v2 (``/api/v2/pages/``, ``wagtail_news.api.v2``).
    api_fields = [
        APIField("date"),
        APIField("category", serializer=api_serializers.CategoryField()),
        APIField("intro"),
        APIField("body", serializer=api_serializers.StreamField()),
        APIField("image", serializer=api_serializers.ImageField()),
        APIField("tags", serializer=api_serializers.TagsField()),
        APIField("breadcrumbs", serializer=api_serializers.BreadcrumbsField()),
        APIField("view_count", serializer=api_serializers.ViewCountField()),
        APIField("section", serializer=api_serializers.SectionField()),
        APIField("translations", serializer=api_serializers.TranslationsField()),
    ]

    search_fields = [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.RelatedFields("category", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("date"),
        index.FilterField("category"),
        index.FilterField("section"),
    ]

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.path and self.depth and self.depth > 1:
            self.section_id = self.get_parent().pk
        if self.locale_id is None:
            self.locale = self.get_default_locale()
        self.news_locale_id = self.locale_id
        return super().save(*args, **kwargs)

    def serve(self, request, *args, **kwargs):
        if news_settings.VIEW_COUNT_ON_SERVE and request.method == "GET":
            self.count_served_view(request)
        return super().serve(request, *args, **kwargs)

    def count_served_view(self, request):
        """Server-side counting (``VIEW_COUNT_ON_SERVE``), same rules as the
        beacon: only a live, public article of the request's site."""
        from ..counting.recording import count_request
        from ..counting.rules import refusal

        if refusal(request) is not None:
            return
        try:
            self.__dict__["view_count"] = count_request(request, self.pk).views
        except Http404:
            return

    @cached_property
    def view_count(self):
        """All-time views, including views still in the cache buffer. Free
        when the page came through its section's routing query."""
        from ..counting import buffer
        from ..counting.reading import get_view_count

        stored = getattr(self, "stored_views", None)
        if stored is None:
            return get_view_count(self.pk)
        return stored + buffer.pending_totals([self.pk]).get(self.pk, 0)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["view_count"] = self.view_count
        context["breadcrumbs"] = page_breadcrumbs(self, request)
        context["section"] = self.get_section()
        context["lead_rendition"] = self.get_lead_rendition()
        return context

    def get_section(self):
        """The section (parent ``NewsIndexPage``), specific. Free after
        Wagtail's routing, which caches the parent on the page."""
        parent = self.get_parent()
        if parent is None or isinstance(parent, NewsIndexPageMixin):
            return parent
        return parent.specific

    def get_lead_rendition(self):
        """The rendition of the lead image shown on the article, or ``None``.
        Override to use another filter per article."""
        if not self.image_id:
            return None
        return self.image.get_rendition(news_settings.ARTICLE_IMAGE_FILTER)

    @cached_property
    def breadcrumbs(self):
        """The pages from the site root (or its translation) down to this
        article's parent, in one query. Never includes the tree root. In a
        request, ``{% news_breadcrumbs %}`` and the page context compute it
        for the request's site instead."""
        return get_breadcrumbs(self)
