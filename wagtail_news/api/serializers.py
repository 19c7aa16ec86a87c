"""Serializers for the ``api_fields`` of news pages (Wagtail's API v2).

Every field reads what ``api.prefetch.prepare_articles()`` fetched for a whole page of
results in bulk (category, image and renditions, tags, view counts,
ancestors). A field that finds nothing prepared prepares the serializer's
whole result list itself, so the stock ``/api/v2/pages/`` endpoint gets the
same bulk fetching; a lone page falls back to a few queries of its own.
"""

from django.db.models import QuerySet
from django.utils.functional import cached_property
from rest_framework import serializers
from wagtail import blocks
from wagtail.images.models import Filter, SourceImageIOError
from wagtail.rich_text import expand_db_html

from ..queries import AnyPage, serving_root_path
from .types import (
    NewsCategory,
    NewsImage,
    NewsPageLink,
    NewsStreamBlock,
    NewsTag,
    NewsTranslation,
)

THUMBNAIL_FILTER = "fill-480x270"
LARGE_FILTER = "width-1200"

PREPARED = "_news_api_prepared"
ANCESTORS = "_news_api_ancestors"
TRANSLATIONS = "_news_api_translations"


def ancestor_paths(page):
    """The tree paths of the page's ancestors."""
    steplen = page.steplen
    return [page.path[:end] for end in range(steplen, len(page.path), steplen)]


def prepare_result_list(field, page):
    """Prepare the page of results ``page`` belongs to (see ``prepare_articles``)."""
    if not page.__dict__.get(PREPARED):
        pages = [p for p in _result_list(field) if isinstance(p, AnyPage)]
        if page not in pages:
            pages.append(page)
        # The bulk fetch is a service above the models that use these fields.
        from .prefetch import prepare_articles

        prepare_articles(pages, field.context.get("request"))
    return page


def _result_list(field):
    """The objects the root serializer is serializing (a page of results,
    or the single page of a detail view)."""
    instance = getattr(field.root, "instance", None)
    if isinstance(instance, QuerySet):
        return instance._result_cache or []
    if isinstance(instance, (list, tuple)):
        return instance
    return [instance] if instance is not None else []


class NewsPageField(serializers.Field):
    """A read-only field of a news article that uses bulk-fetched data.

    Subclasses implement ``to_representation(page)`` starting with
    ``page = self.prepared(page)``; its return annotation types the field in
    Wagtail 8's API v3 (``/api/v3/schema/`` and the OpenAPI document).
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    @property
    def request(self):
        return self.context.get("request")

    def prepared(self, page):
        return prepare_result_list(self, page)


def page_link(page, request) -> NewsPageLink:
    """``{id, title, url}`` of a page (``url`` relative on the request's site)."""
    return {"id": page.pk, "title": page.title, "url": page.get_url(request=request)}


class CategoryField(NewsPageField):
    def to_representation(self, page) -> NewsCategory | None:
        category = self.prepared(page).category
        if category is None:
            return None
        return {"id": category.pk, "name": category.name, "slug": category.slug}


class TagsField(NewsPageField):
    def to_representation(self, page) -> list[NewsTag]:
        tags = sorted(self.prepared(page).tags.all(), key=lambda tag: tag.name)
        return [{"name": tag.name, "slug": tag.slug} for tag in tags]


class ViewCountField(NewsPageField):
    def to_representation(self, page) -> int:
        return self.prepared(page).view_count


class BreadcrumbsField(NewsPageField):
    """From the root of the request's site (or its translation) down to the
    parent; the tree root and anything above the site root left out."""

    def to_representation(self, page) -> list[NewsPageLink]:
        page = self.prepared(page)
        root_path = serving_root_path(page, self.request)
        if root_path is None:
            return []
        return [
            page_link(ancestor, self.request)
            for ancestor in page.__dict__[ANCESTORS]
            if ancestor.url_path.startswith(root_path)
        ]


class TranslationsField(NewsPageField):
    """``{language_code: {id, url}}`` of the article's live, public
    translations, for language switchers and hreflang links."""

    def to_representation(self, page) -> dict[str, NewsTranslation]:
        page = self.prepared(page)
        return {
            other.locale.language_code: {
                "id": other.pk,
                "url": other.get_url(request=self.request),
            }
            for other in page.__dict__[TRANSLATIONS]
        }


class SectionField(NewsPageField):
    def to_representation(self, page) -> NewsPageLink | None:
        page = self.prepared(page)
        ancestors = page.__dict__[ANCESTORS]
        parent = ancestors[-1] if ancestors else None
        if parent is None or parent.pk != page.section_id:
            parent = page.section
        return page_link(parent, self.request) if parent is not None else None


class ImageField(NewsPageField):
    """The lead image: id, title, alternative text and two renditions."""

    renditions = {"thumbnail": THUMBNAIL_FILTER, "large": LARGE_FILTER}

    @cached_property
    def filters(self):
        """One parsed ``Filter`` per rendition, shared by every image."""
        return {name: Filter(spec=spec) for name, spec in self.renditions.items()}

    def to_representation(self, page) -> NewsImage | None:
        image = self.prepared(page).image
        if image is None:
            return None
        data = {
            "id": image.pk,
            "title": image.title,
            "alt": getattr(image, "default_alt_text", image.title),
        }
        try:  # both renditions at once, from the prefetched ones when they exist
            renditions = image.get_renditions(*self.filters.values())
        except SourceImageIOError:
            return {**data, **dict.fromkeys(self.filters, {"error": "SourceImageIOError"})}
        for name, image_filter in self.filters.items():
            rendition = renditions[image_filter.spec]
            data[name] = {
                "url": rendition.url,
                "width": rendition.width,
                "height": rendition.height,
            }
        return data


# -- rich text and StreamField --------------------------------------------------


def render_rich_text(source, context=None):
    """Rich text for the API: display HTML (``expand_db_html``: internal
    links and embedded images resolved to real URLs), unless the request asks
    Wagtail (8+) for another ``rich_text_format``."""
    request = (context or {}).get("request")
    requested = request.GET.get("rich_text_format") if request is not None else None
    if requested:
        try:
            from wagtail.api.rich_text import APIRichText
        except ImportError:  # Wagtail < 8: no formats, display HTML
            pass
        else:
            rich_text_format = (context or {}).get("_wagtail_rich_text_format")
            if rich_text_format is None:
                rich_text_format = APIRichText.resolve_format(requested)
            return APIRichText.serialize(source or "", format=rich_text_format)
    return expand_db_html(source or "")


def block_api_value(block, value, context=None):
    """The API representation of a block value, with rich text rendered by
    ``render_rich_text`` at any depth."""
    if isinstance(block, blocks.RichTextBlock):
        return render_rich_text(getattr(value, "source", value), context)
    if isinstance(block, blocks.StreamBlock):
        return [
            {
                "type": child.block_type,
                "value": block_api_value(child.block, child.value, context),
                "id": child.id,
            }
            for child in value
        ]
    if isinstance(block, blocks.StructBlock):
        return {
            name: block_api_value(child_block, value.get(name), context)
            for name, child_block in block.child_blocks.items()
        }
    if isinstance(block, blocks.ListBlock):
        return [block_api_value(block.child_block, item, context) for item in value]
    return block.get_api_representation(value, context)


class RichTextField(serializers.CharField):
    """A ``RichTextField`` as display HTML (see ``render_rich_text``)."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value) -> str:
        return render_rich_text(str(value or ""), self.context)


class StreamField(serializers.Field):
    """A StreamField as Wagtail's JSON, rich text as display HTML."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        if isinstance(instance, AnyPage):
            prepare_result_list(self, instance)  # all bodies of the page of results at once
        return super().get_attribute(instance)

    def to_representation(self, value) -> list[NewsStreamBlock]:
        return block_api_value(value.stream_block, value, self.context)
