"""Reading an import file: JSON Lines, RSS or Atom, as numbered records."""

import datetime
import json

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from .rows import NewsImportError, RowError

FORMATS = ("auto", "jsonl", "rss", "atom")


def detect_format(path, head):
    """``jsonl`` or ``feed`` from the file name, else from its first byte."""
    name = str(path).lower()
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if name.endswith((".xml", ".rss", ".atom")):
        return "feed"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{"):
        return "jsonl"
    if stripped.startswith(b"<"):
        return "feed"
    raise NewsImportError(_("Cannot tell the file's format: use --format."))


def read_records(path, fmt="auto"):
    """Yield ``(line, dict or RowError)`` from a JSON Lines file or a feed."""
    if fmt not in FORMATS:
        raise NewsImportError(_("Unknown format: %(format)s.") % {"format": fmt})
    try:
        with open(path, "rb") as file:
            head = file.read(512)
    except OSError as exc:
        raise NewsImportError(
            _("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc}
        ) from exc
    kind = detect_format(path, head) if fmt == "auto" else ("jsonl" if fmt == "jsonl" else "feed")
    if kind == "jsonl":
        return read_jsonl(path)
    return read_feed(path)


def read_jsonl(path):
    with open(path, "rb") as file:
        for number, raw in enumerate(file, start=1):
            if not raw.strip():
                continue
            try:
                # A UTF-8 byte order mark (Windows editors write one) is not JSON.
                record = json.loads(raw.decode("utf-8-sig"))
            except UnicodeDecodeError:
                yield number, RowError(number, "", _("not UTF-8 text"))
                continue
            except json.JSONDecodeError as exc:
                yield number, RowError(number, "", _("invalid JSON: %(error)s") % {"error": exc})
                continue
            if not isinstance(record, dict):
                yield number, RowError(number, "", _("a row must be a JSON object"))
                continue
            yield number, record


def read_feed(path):
    """Entries of an RSS or Atom feed (numbered from 1) as import rows."""
    try:
        import feedparser
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise NewsImportError(
            _("Importing feeds needs feedparser: pip install 'wagtail-news[import]'.")
        ) from exc
    with open(path, "rb") as file:
        parsed = feedparser.parse(file.read())
    if not parsed.get("version") and not parsed.entries:
        raise NewsImportError(_("Not an RSS or Atom feed."))
    for number, entry in enumerate(parsed.entries, start=1):
        yield number, feed_entry_record(entry)


def feed_entry_record(entry):
    """Map a feedparser entry onto the JSON Lines row format."""
    record = {
        "external_id": entry.get("id") or entry.get("link") or "",
        # Line breaks in a feed's title are the XML's layout: one line.
        "title": " ".join(strip_tags(entry.get("title", "")).split()),
        "intro": strip_tags(entry.get("summary", "")).strip(),
        "tags": [tag.get("term") for tag in entry.get("tags", []) if tag.get("term")],
    }
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        record["date"] = datetime.datetime(*parsed[:6], tzinfo=datetime.UTC).isoformat()
    else:
        record["date"] = entry.get("published") or entry.get("updated")
    content = entry.get("content")
    if content:
        record["html"] = content[0].get("value", "")
    elif entry.get("summary"):
        record["html"] = entry["summary"]
    if entry.get("link"):
        record["link"] = entry["link"]
    return record
