"""Benchmark of ``manage.py import_news``: articles imported per second.

    .venv/bin/python benchmarks/import_news.py [--articles 5000] [--batch-size 500]
        [--sample 200] [--database-url sqlite|postgres://...bench...]

Generates a JSON Lines file of ``--articles`` articles (title, date, lead, an
HTML body of three paragraphs, one of four categories, two tags), then on a
fresh database with the example site's settings (``newsroom.settings``):

- ``add_child_publish``: ``section.add_child()`` then
  ``save_revision().publish()`` per article, the way an editor's page is made
  (on ``--sample`` articles only: it is the slow reference);
- ``add_child_live``: ``section.add_child()`` of a live page, no revision
  (also on ``--sample`` articles);
- ``import_news``: the command itself on the whole file (its batched path),
  followed by a check that ``Page.find_problems()`` finds nothing and that
  the section's ``numchild`` is right.

Reports articles per second and total seconds of each, printed and written
to ``benchmarks/results/import.json`` and ``.txt`` (``import_postgres.*`` on
PostgreSQL), with where the import's time goes (wall and CPU seconds of this
process per step: validating, writing the pages, the reference index, the
search index...) and the machine's load average before and after, since
other jobs may share its cores. The database is a temporary SQLite file by default; a
PostgreSQL URL must name a database containing "bench" (it is dropped and
created again, and dropped at the end).
"""

import argparse
import contextlib
import datetime
import io
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
EXAMPLE_DIR = REPO_DIR / "example_project"
RESULTS_DIR = BENCH_DIR / "results"

CATEGORIES = ["economy", "energy", "trade", "farming"]


def configure_environment(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    os.environ["DJANGO_DEBUG"] = "0"
    for path in (str(EXAMPLE_DIR), str(REPO_DIR)):
        if path not in sys.path:
            sys.path.insert(0, path)


def write_jsonl(path, count):
    start = datetime.datetime(2015, 1, 1, tzinfo=datetime.UTC)
    with open(path, "w", encoding="utf-8") as file:
        for n in range(count):
            row = {
                "external_id": f"bench-{n}",
                "title": f"Archive article {n}: cotton, gas and wheat",
                "date": (start + datetime.timedelta(minutes=37 * n)).isoformat(),
                "intro": f"Lead of archive article {n}.",
                "html": "".join(
                    f"<p>Paragraph {p} of article {n} with <b>bold</b> and "
                    f'<a href="https://example.com/{n}">a link</a>.</p>'
                    for p in range(3)
                ),
                "category": CATEGORIES[n % len(CATEGORIES)],
                "tags": [f"tag-{n % 50}", f"topic-{n % 7}"],
            }
            file.write(json.dumps(row) + "\n")


def build_section(slug):
    from wagtail.models import Locale, Page

    from wagtail_news.models import NewsCategory, NewsIndexPage

    locale = Locale.get_default()
    for name in CATEGORIES:
        NewsCategory.objects.get_or_create(slug=name, locale=locale, defaults={"name": name})
    parent = Page.objects.filter(depth=2).first() or Page.get_first_root_node()
    section = NewsIndexPage(title=slug.title(), slug=slug)
    parent.add_child(instance=section)
    section.save_revision().publish()
    return section


def time_add_child(count, publish):
    from wagtail_news.models import NewsArticlePage

    section = build_section("add-child-publish" if publish else "add-child-live")
    started = time.perf_counter()
    for n in range(count):
        article = NewsArticlePage(
            title=f"Article {n}",
            intro=f"Lead {n}.",
            body=[("paragraph", f"<p>Body {n}.</p>")],
            live=not publish,
        )
        section.add_child(instance=article)
        if publish:
            article.save_revision().publish()
    return time.perf_counter() - started


# Steps of the import timed on their own: (owner, attribute), the owner being
# wagtail_news.importing.NewsImporter or the module wagtail_news.importing.bulk.
STEPS = [
    ("NewsImporter", "validate"),
    ("NewsImporter", "create_batch"),
    ("bulk", "insert_pages"),
    ("bulk", "log_creation"),
    ("bulk", "index_references"),
    ("NewsImporter", "index_for_search"),
]


@contextlib.contextmanager
def timed_steps():
    """Accumulate the wall and CPU seconds of each of ``STEPS`` into the
    yielded dict (``create_batch`` includes the steps it calls)."""
    from wagtail_news import importing

    totals = {name: [0.0, 0.0] for _, name in STEPS}
    originals = []
    for owner_name, name in STEPS:
        owner = importing.bulk if owner_name == "bulk" else getattr(importing, owner_name)
        function = getattr(owner, name)
        originals.append((owner, name, function))

        def timed(*args, _function=function, _name=name, **kwargs):
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return _function(*args, **kwargs)
            finally:
                totals[_name][0] += time.perf_counter() - wall
                totals[_name][1] += time.process_time() - cpu

        setattr(owner, name, timed)
    try:
        yield totals
    finally:
        for owner, name, function in originals:
            setattr(owner, name, function)


def time_import(path, batch_size):
    from django.core.management import call_command
    from wagtail.models import Page

    section = build_section("imported")
    with timed_steps() as steps:
        started, cpu = time.perf_counter(), time.process_time()
        call_command(
            "import_news",
            str(path),
            section=str(section.pk),
            batch_size=batch_size,
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    section.refresh_from_db()
    problems = Page.find_problems()
    assert not any(problems), problems
    assert section.numchild == Page.objects.child_of(section).count()
    return seconds, cpu, section.numchild, steps


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--database-url", default="sqlite")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="wn-import-bench-"))
    postgres = args.database_url.startswith(("postgres://", "postgresql://"))
    database_url = args.database_url if postgres else f"sqlite:///{workdir / 'bench.sqlite3'}"
    configure_environment(database_url)
    drop = None
    if postgres:
        sys.path.insert(0, str(BENCH_DIR))
        import beacon  # benchmarks/beacon.py: drops and creates a "bench" database

        beacon.recreate_database(database_url)
        drop = beacon.drop_database

    import django
    from django.conf import settings
    from django.core.management import call_command

    os.environ.setdefault("DJANGO_MEDIA_ROOT", str(workdir / "media"))
    django.setup()
    settings.MEDIA_ROOT = str(workdir / "media")
    try:
        call_command("migrate", interactive=False, verbosity=0)
        jsonl = workdir / "archive.jsonl"
        write_jsonl(jsonl, args.articles)
        results = {}
        for name, publish in (("add_child_publish", True), ("add_child_live", False)):
            seconds = time_add_child(args.sample, publish)
            results[name] = {"articles": args.sample, "seconds": round(seconds, 2)}
        load_before = os.getloadavg()
        seconds, cpu, created, steps = time_import(jsonl, args.batch_size)
        load_after = os.getloadavg()
        assert created == args.articles, created
        results["import_news"] = {
            "articles": created,
            "seconds": round(seconds, 2),
            "cpu_seconds": round(cpu, 2),
        }
        for result in results.values():
            result["articles_per_second"] = round(result["articles"] / result["seconds"], 1)
    finally:
        if drop is not None:
            drop(database_url)

    report = {
        "database": "postgresql" if postgres else "sqlite",
        "batch_size": args.batch_size,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average_before_import": [round(load, 2) for load in load_before],
        "load_average_after_import": [round(load, 2) for load in load_after],
        "results": results,
        "import_steps": {
            name: {"seconds": round(wall, 2), "cpu_seconds": round(cpu, 2)}
            for name, (wall, cpu) in steps.items()
        },
    }
    lines = [
        f"import_news benchmark on {report['database']} ({report['cpus']} CPUs, "
        f"batch size {args.batch_size}; load average "
        f"{' '.join(f'{load:.2f}' for load in load_before)} before the import, "
        f"{' '.join(f'{load:.2f}' for load in load_after)} after)",
        *(
            f"  {name:18} {r['articles']:>7} articles {r['seconds']:>9.2f} s "
            f"{r['articles_per_second']:>9.1f} articles/s"
            for name, r in results.items()
        ),
        f"  import_news CPU time of this process: {cpu:.2f} s "
        f"({created / cpu:.1f} articles per CPU second)",
        "  import steps (wall s / CPU s of this process; create_batch includes the next four):",
        *(
            f"    {name:18} {wall:>9.2f} {step_cpu:>9.2f}"
            for name, (wall, step_cpu) in steps.items()
        ),
    ]
    text = "\n".join(lines) + "\n"
    print(text, end="")
    RESULTS_DIR.mkdir(exist_ok=True)
    stem = "import_postgres" if postgres else "import"
    (RESULTS_DIR / f"{stem}.json").write_text(json.dumps(report, indent=2) + "\n")
    (RESULTS_DIR / f"{stem}.txt").write_text(text)


if __name__ == "__main__":
    main()
