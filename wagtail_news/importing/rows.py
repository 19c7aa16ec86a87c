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
from wagtail import blocks

from ..blocks import NewsBodyBlock
from ..models import ImportedArticle, NewsCategory
from ..queries import page_model
from ..text import describe_character, find_control_character

TITLE_MAX = 255
SLUG_MAX = 255
TAG_MAX = 100
EXTERNAL_ID_MAX = 255

#: The fields of a row that hold one line of text: no control character at
#: all. The others (``intro``, ``html``, ``body``, unknown fields) may hold
#: tab and line breaks, but no other control character either.
ONE_LINE_FIELDS = ("external_id", "title", "slug", "date", "category", "tags", "link")


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


def html_converter(features=None):
    """Wagtail's editor HTML converter (its rich text whitelisting) for
    ``features``, by default the ones the body's paragraphs allow."""
    from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

    if features is None:
        features = NewsBodyBlock.base_blocks["paragraph"].features
    return EditorHTMLConverter(features=features)


def clean_html(html, converter=None):
    """Rich text in Wagtail's stored format with only the features the body's
    paragraphs allow: scripts, styles and unknown markup are removed. Pass a
    ``converter`` from ``html_converter()`` to clean many texts with one."""
    return (converter or html_converter()).to_database_format(html)


def find_bad_text(value, multiline):
    """The first character of ``value`` (text, or lists and dicts of them,
    keys included) that an import refuses, or ``None``: a control
    character (but tab and line breaks when ``multiline``) or a lone
    surrogate, which no database stores. One-line text is stripped of
    surrounding whitespace first, as the importer stores it."""
    if isinstance(value, str):
        return find_control_character(value if multiline else value.strip(), multiline)
    if isinstance(value, dict):
        items = [*value.keys(), *value.values()]
    elif isinstance(value, list):
        items = value
    else:
        return None
    for item in items:
        found = find_bad_text(item, multiline)
        if found is not None:
            return found
    return None


class RichTextCleaner:
    """Cleans the rich text of raw StreamField JSON the way the ``html``
    input is cleaned (``clean_html``): the value of each ``RichTextBlock``,
    with the features of that block, at any depth (in a ``StructBlock``, a
    ``ListBlock`` or a nested ``StreamBlock``)."""

    def __init__(self):
        self.converters = {}

    def converter(self, block):
        features = getattr(block, "features", None)
        key = tuple(features) if features is not None else None
        if key not in self.converters:
            self.converters[key] = html_converter(features)
        return self.converters[key]

    def clean(self, block, value):
        """``value`` (raw JSON of ``block``) with its rich text cleaned."""
        if isinstance(block, blocks.RichTextBlock):
            return clean_html(value, self.converter(block)) if isinstance(value, str) else value
        if isinstance(block, blocks.StreamBlock) and isinstance(value, list):
            return [self.clean_child(block, child) for child in value]
        if isinstance(block, blocks.StructBlock) and isinstance(value, dict):
            return {
                name: self.clean(block.child_blocks[name], child)
                if name in block.child_blocks
                else child
                for name, child in value.items()
            }
        if isinstance(block, blocks.ListBlock) and isinstance(value, list):
            return [
                {**item, "value": self.clean(block.child_block, item["value"])}
                if isinstance(item, dict) and item.get("type") == "item" and "value" in item
                else self.clean(block.child_block, item)
                for item in value
            ]
        return value

    def clean_child(self, stream_block, child):
        """A ``{"type", "value"}`` child of a stream, its value cleaned."""
        if not isinstance(child, dict) or child.get("type") not in stream_block.child_blocks:
            return child
        if "value" not in child:
            return child
        value = self.clean(stream_block.child_blocks[child["type"]], child["value"])
        return {**child, "value": value}


class RowValidator:
    """Checks rows against the section: categories of its locale, slugs of
    its children and of the rows before."""

    def __init__(self, section, article_model, source):
        self.section = section
        self.article_model = article_model
        self.body_block = article_model._meta.get_field("body").stream_block
        self.html_converter = html_converter()
        self.rich_text_cleaner = RichTextCleaner()
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
        self.check_characters(record, "external_id", lambda message: RowError(line, "", message))
        external_id = external_id.strip()
        if len(external_id) > EXTERNAL_ID_MAX:
            raise RowError(
                line,
                "",
                _("external_id is longer than %(max)d characters") % {"max": EXTERNAL_ID_MAX},
            )

        def error(message):
            return RowError(line, external_id, message)

        for name in record:
            if name != "external_id":
                self.check_characters(record, name, error)

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

    def check_characters(self, record, name, error):
        """The field ``name`` of ``record`` (its name too) holds no control
        character (in a one-line field, not even tab or a line break) and
        no lone surrogate: what XML outputs cannot carry and databases
        refuse."""
        multiline = name not in ONE_LINE_FIELDS
        if find_bad_text(name, multiline) is not None:
            raise error(_("a field name contains a control character"))
        char = find_bad_text(record[name], multiline)
        if char is not None:
            raise error(
                _("%(field)s contains %(char)s") % {"field": name, "char": describe_character(char)}
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
        body = [
            self.rich_text_cleaner.clean_child(
                self.body_block, {"type": b["type"], "value": b["value"]}
            )
            for b in body
        ]
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
        return body

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
