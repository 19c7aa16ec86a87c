"""Rows of an import: validated one by one before anything is written."""

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ..blocks import NewsBodyBlock
from ..models import ImportedArticle, NewsCategory
from ..queries import page_model

TITLE_MAX = 255
SLUG_MAX = 255
TAG_MAX = 100


class NewsImportError(Exception):
    """A problem with the whole import (file, section, locale), not a row."""


@dataclass
class RowError(Exception):
    """A bad row: its line (or entry) number, external id and the reason."""

    line: int
    external_id: str
    message: str

    def __str__(self):
        prefix = _("line %(line)d") % {"line": self.line}
        if self.external_id:
            prefix += f" ({self.external_id})"
        return f"{prefix}: {self.message}"


@dataclass
class Row:
    """A validated row, ready to write."""

    line: int
    external_id: str
    title: str
    slug: str
    date: datetime.datetime
    intro: str
    body: list
    category: object
    tags: list
    live: bool
    checksum: str


def parse_date(value):
    if not isinstance(value, str) or not value:
        raise ValueError
    text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    parsed = datetime.datetime.fromisoformat(text)
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    parsed.astimezone(datetime.UTC)
    return parsed


def html_converter():
    """Wagtail's editor HTML converter for the features the body's
    paragraphs allow."""
    from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

    return EditorHTMLConverter(features=NewsBodyBlock.base_blocks["paragraph"].features)


def clean_html(html, converter=None):
    """Rich text in Wagtail's stored format with only the features the body's
    paragraphs allow: scripts, styles and unknown markup are removed. Pass a
    ``converter`` from ``html_converter()`` to clean many texts with one."""
    return (converter or html_converter()).to_database_format(html)


class RowValidator:
    """Checks rows against the section: categories of its locale, slugs of
    its children and of the rows before."""

    def __init__(self, section, article_model, source):
        self.section = section
        self.article_model = article_model
        self.body_block = article_model._meta.get_field("body").stream_block
        self.html_converter = html_converter()
        self.categories = {}
        for category in NewsCategory.objects.filter(locale_id=section.locale_id):
            self.categories.setdefault(category.slug, category)
            self.categories.setdefault(category.name.casefold(), category)
        self.imported = dict(
            ImportedArticle.objects.filter(source=source, locale_id=section.locale_id).values_list(
                "external_id", "page_id"
            )
        )
        self.slugs = dict(
            page_model().objects.child_of(section).values_list("slug", "pk")
        )  # slug -> page id
        self.seen_ids = set()

    def validate(self, line, record):
        external_id = record.get("external_id")
        if isinstance(external_id, int) and not isinstance(external_id, bool):
            external_id = str(external_id)
        if not isinstance(external_id, str) or not external_id.strip():
            raise RowError(line, "", _("external_id is missing"))
        external_id = external_id.strip()
        if len(external_id) > 255:
            raise RowError(line, "", _("external_id is longer than 255 characters"))

        def error(message):
            return RowError(line, external_id, message)

        if external_id in self.seen_ids:
            raise error(_("external_id appears twice in the file"))
        title = record.get("title")
        if not isinstance(title, str) or not title.strip():
            raise error(_("title is missing"))
        title = title.strip()
        if len(title) > TITLE_MAX:
            raise error(_("title is longer than %(max)d characters") % {"max": TITLE_MAX})
        try:
            date = parse_date(record.get("date"))
        except (ValueError, TypeError, OverflowError):
            raise error(
                _("date is missing or not ISO 8601: “%(value)s”") % {"value": record.get("date")}
            ) from None
        intro = record.get("intro", "")
        if not isinstance(intro, str):
            raise error(_("intro must be text"))
        body = self.validate_body(record, error)
        category = self.validate_category(record.get("category"), error)
        tags = self.validate_tags(record.get("tags", []), error)
        live = record.get("live", True)
        if not isinstance(live, bool):
            raise error(_("live must be true or false"))
        page_id = self.imported.get(external_id)
        slug = self.validate_slug(record.get("slug"), title, page_id, error)
        self.seen_ids.add(external_id)
        self.slugs[slug] = page_id or f"row {line}"
        checksum = hashlib.sha256(
            json.dumps(record, sort_keys=True, ensure_ascii=False).encode()
        ).hexdigest()
        return Row(
            line,
            external_id,
            title,
            slug,
            date,
            intro.strip(),
            body,
            category,
            tags,
            live,
            checksum,
        )

    def validate_body(self, record, error):
        body, html = record.get("body"), record.get("html")
        if body is not None and html is not None:
            raise error(_("give body or html, not both"))
        if html is not None:
            if not isinstance(html, str):
                raise error(_("html must be text"))
            cleaned = clean_html(html, self.html_converter)
            return [{"type": "paragraph", "value": cleaned}] if strip_tags(cleaned).strip() else []
        if body is None:
            return []
        if not isinstance(body, list) or not all(
            isinstance(block, dict) and "type" in block and "value" in block for block in body
        ):
            raise error(_("body must be a list of blocks with a type and a value"))
        known = self.body_block.child_blocks
        for block in body:
            if block["type"] not in known:
                raise error(_("body: unknown block type “%(type)s”") % {"type": block["type"]})
        try:
            value = self.body_block.to_python(body)
            self.body_block.clean(value)
        except ValidationError as exc:
            raise error(
                _("body does not match the article's blocks: %(error)s")
                % {"error": "; ".join(exc.messages) or exc}
            ) from None
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise error(
                _("body does not match the article's blocks: %(error)s") % {"error": exc}
            ) from None
        return [{"type": block["type"], "value": block["value"]} for block in body]

    def validate_category(self, value, error):
        if value in (None, ""):
            return None
        if not isinstance(value, str):
            raise error(_("category must be a slug or a name"))
        category = self.categories.get(value) or self.categories.get(value.casefold())
        if category is None:
            raise error(_("unknown category “%(category)s” in this language") % {"category": value})
        return category

    def validate_tags(self, tags, error):
        if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
            raise error(_("tags must be a list of text"))
        tags = [tag.strip() for tag in tags if tag.strip()]
        if any(len(tag) > TAG_MAX for tag in tags):
            raise error(_("a tag is longer than %(max)d characters") % {"max": TAG_MAX})
        return list(dict.fromkeys(tags))

    def validate_slug(self, slug, title, page_id, error):
        if slug is not None:
            if not isinstance(slug, str) or not slug or slugify(slug, allow_unicode=True) != slug:
                raise error(_("slug “%(slug)s” is not a valid slug") % {"slug": slug})
            if len(slug) > SLUG_MAX:
                raise error(_("slug is longer than %(max)d characters") % {"max": SLUG_MAX})
            owner = self.slugs.get(slug)
            if owner is not None and owner != page_id:
                raise error(_("slug “%(slug)s” is already used in this section") % {"slug": slug})
            return slug
        base = slugify(title, allow_unicode=True)[: SLUG_MAX - 10] or "article"
        candidate, number = base, 1
        while self.slugs.get(candidate) not in (None, page_id):
            number += 1
            candidate = f"{base}-{number}"
        return candidate
