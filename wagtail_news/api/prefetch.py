"""What the news ``api_fields`` show, fetched in bulk for a page of results:
the services behind the field classes of ``api.serializers``."""

from django.db.models import prefetch_related_objects

from ..counting.reading import view_counts
from ..models import NewsArticlePageMixin
from ..queries import live_public, page_model
from .serializers import ANCESTORS, PREPARED, TRANSLATIONS, ancestor_paths


def prepare_articles(pages, request=None):
    """Fetch in bulk what the news ``api_fields`` show for ``pages``: their
    locale (Wagtail's ``meta.locale``),
    category, image, image renditions and tags (skipped when the queryset
    already fetched them), view counts (from a ``stored_views`` annotation
    when present), ancestors and live, public translations (one query each
    for all pages)."""
    pages = [
        page
        for page in pages
        if isinstance(page, NewsArticlePageMixin) and not page.__dict__.get(PREPARED)
    ]
    if not pages:
        return
    # Each article model has its own tags (and descriptors): one prefetch
    # per model present.
    by_model = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page)
    for same_model in by_model.values():
        prefetch_related_objects(same_model, "locale", "category", "image", "tags")
    _convert_bodies(pages)
    images = [page.image for page in pages if page.image_id]
    if images:
        prefetch_related_objects(images, "renditions")

    counts = view_counts(pages)
    for page in pages:
        page.__dict__["view_count"] = counts[page.pk]

    paths = {path for page in pages for path in ancestor_paths(page)}
    ancestors = {
        ancestor.path: ancestor
        for ancestor in page_model()
        .objects.filter(path__in=paths)
        .only("id", "title", "url_path", "path", "depth", "locale_id", "slug")
    }
    translations = {}
    for translation in (
        live_public(
            page_model().objects.filter(
                translation_key__in={page.translation_key for page in pages}
            )
        )
        .select_related("locale")
        .only("id", "url_path", "path", "depth", "translation_key", "locale__language_code")
    ):
        translations.setdefault(translation.translation_key, []).append(translation)
    for page in pages:
        page.__dict__[ANCESTORS] = [
            ancestors[path] for path in ancestor_paths(page) if path in ancestors
        ]
        page.__dict__[TRANSLATIONS] = [
            other for other in translations.get(page.translation_key, []) if other.pk != page.pk
        ]
        page.__dict__[PREPARED] = True


def _convert_bodies(pages):
    """Turn the stored body of every page into blocks at once, as Wagtail's
    ``StreamBlock.bulk_to_python`` does for one stream: the images (and any
    other chosen objects) of all bodies then cost one query, not one per page."""
    by_block = {}  # blocks are not hashable: by id
    for page in pages:
        body = page.body
        if getattr(body, "is_lazy", False):
            by_block.setdefault(id(body.stream_block), (body.stream_block, []))[1].append(page)
    for stream_block, group in by_block.values():
        values = stream_block.bulk_to_python([list(page.body.raw_data) for page in group])
        for page, value in zip(group, values, strict=True):
            page.body = value
