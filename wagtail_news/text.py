"""Characters that text of an article may not hold.

A title, a lead or a category name ends up in RSS and Atom feeds and in
sitemaps, which are XML: XML 1.0 allows no control characters but tab, line
feed and carriage return, and no lone surrogates (``"\\ud800"``, which no
database stores either). Word processors put such characters in copied text
(``\\x0b`` for a soft line break), and PostgreSQL refuses NUL in any text.

- ``reject_control_characters``: a validator for one-line text (titles,
  names): no control character at all, not even tab or a line break.
- ``reject_control_characters_multiline``: for text of several lines (a
  lead, a description): tab, line feed and carriage return are allowed.
- ``strip_control_characters``: removes what XML cannot carry, for the XML
  outputs (feeds, sitemaps) of text stored before it was validated.
"""

import re

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.translation import gettext_lazy as _

#: Unicode's control characters (C0, DEL, C1), lone surrogates and the two
#: non-characters XML excludes.
_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
#: The same, but tab, line feed and carriage return.
_MULTILINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
#: What XML 1.0 cannot carry at all.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NOT_XML_BYTES = re.compile(b"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def find_control_character(value, multiline=False):
    """The first character of ``value`` that it may not hold, or ``None``."""
    match = (_MULTILINE if multiline else _ONE_LINE).search(value)
    return match.group() if match else None


def describe_character(char):
    """How messages name a refused character: "the control character
    U+000B", "the lone surrogate U+D800"."""
    code = f"U+{ord(char):04X}"
    if "\ud800" <= char <= "\udfff":
        return _("the lone surrogate %(code)s") % {"code": code}
    return _("the control character %(code)s") % {"code": code}


def _reject(value, multiline):
    if not isinstance(value, str):
        return
    char = find_control_character(value, multiline)
    if char is not None:
        raise ValidationError(
            _("Remove %(char)s (an invisible character, often pasted from a word processor)."),
            code="control_character",
            params={"char": describe_character(char)},
        )


def reject_control_characters(value):
    """Validator: one-line text holds no control character (tab and line
    breaks included) and no lone surrogate."""
    _reject(value, multiline=False)


def reject_control_characters_multiline(value):
    """Validator: text holds no control character but tab, line feed and
    carriage return, and no lone surrogate."""
    _reject(value, multiline=True)


def strip_control_characters(value):
    """``value`` without the characters XML 1.0 cannot carry (``str`` or
    ``bytes`` of UTF-8); other values are returned unchanged."""
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    if isinstance(value, bytes):
        return _NOT_XML_BYTES.sub(b"", value)
    return value


def control_character_errors(obj, one_line=(), multiline=(), exclude=None):
    """``{field name: [ValidationError]}`` for the fields of model instance
    ``obj`` named in ``one_line`` and ``multiline`` that hold characters
    they may not; fields it lacks and fields in ``exclude`` are skipped."""
    errors = {}
    names = [(name, reject_control_characters) for name in one_line]
    names += [(name, reject_control_characters_multiline) for name in multiline]
    for name, validator in names:
        if exclude and name in exclude:
            continue
        try:
            field = obj._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        try:
            validator(field.value_from_object(obj))
        except ValidationError as exc:
            errors[name] = exc.error_list
    return errors


class ControlCharactersValidation:
    """Model mixin: ``clean_fields()`` (run by ``full_clean()`` and so by
    model forms, Wagtail's page editor and snippet forms included) also
    rejects control characters in ``one_line_text_fields`` and
    ``multiline_text_fields``, as an error on each field."""

    one_line_text_fields = ()
    multiline_text_fields = ()

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        found = control_character_errors(
            self, self.one_line_text_fields, self.multiline_text_fields, exclude
        )
        for name, messages in found.items():
            errors.setdefault(name, []).extend(messages)
        if errors:
            raise ValidationError(errors)
