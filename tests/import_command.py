"""Running ``manage.py import_news`` in tests: the file, the command, and
the articles it wrote (tests/test_import_news.py, tests/test_import_safety.py)."""

import io
import json

from django.core.management import CommandError, call_command

from tests import factories


def row(n, **fields):
    """Row ``n`` of a JSON Lines import: an article of its own day."""
    return {
        "external_id": f"old-{n}",
        "title": f"Imported {n}",
        "date": f"2020-01-{n + 1:02d}T08:00:00+00:00",
        "intro": f"Lead {n}.",
        **fields,
    }


def write_jsonl(path, rows, raw_lines=(), encoding="utf-8", ensure_ascii=False):
    """``rows`` (and ``raw_lines`` as they are) as a JSON Lines file."""
    lines = [json.dumps(item, ensure_ascii=ensure_ascii) for item in rows] + list(raw_lines)
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def run(*args, **options):
    """``import_news`` with ``args``: (the CommandError or None, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_news", *args, stdout=out, stderr=err, **options)
    except CommandError as exc:
        return exc, out.getvalue(), err.getvalue()
    return None, out.getvalue(), err.getvalue()


def imported(section):
    """The articles under ``section``, oldest first."""
    return factories.article_model().objects.child_of(section).order_by("date")
