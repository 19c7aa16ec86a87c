"""``manage.py import_news``: articles imported per second, against
``add_child()`` with and without a published revision per article, on a
fresh database (benchmarks/README.md, "Archive import").

    .venv/bin/python benchmarks/import_news.py [--articles 5000] [--batch-size 500]
        [--sample 200] [--database-url sqlite|postgres://...bench...]
"""

import argparse
import contextlib
import datetime
import io
import json
import os
import tempfile
import time
from pathlib import Path

import harness

CATEGORIES = ["economy", "energy", "trade", "farming"]
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


def write_jsonl(path, count):
    """Articles with a title, a date, a lead, three HTML paragraphs with a
    link, one of the categories and two tags."""
    start = datetime.datetime(2015, 1, 1, tzinfo=datetime.UTC)
    with open(path, "w", encoding="utf-8") as file:
        for n in range(count):
            html = "".join(
                f"<p>Paragraph {p} of article {n} with <b>bold</b> and "
                f'<a href="https://example.com/{n}">a link</a>.</p>'
                for p in range(3)
            )
            row = {
                "external_id": f"bench-{n}",
                "title": f"Archive article {n}: cotton, gas and wheat",
                "date": (start + datetime.timedelta(minutes=37 * n)).isoformat(),
                "intro": f"Lead of archive article {n}.",
                "html": html,
                "category": CATEGORIES[n % len(CATEGORIES)],
                "tags": [f"tag-{n % 50}", f"topic-{n % 7}"],
            }
            file.write(json.dumps(row) + "\n")


def time_add_child(section, count, publish):
    from wagtail_news.models import NewsArticlePage

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


def time_import(section, path, batch_size):
    from django.core.management import call_command
    from wagtail.models import Page

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


def run(args, workdir):
    """The three timings; the results and the import's steps."""
    harness.migrate()
    machine = harness.machine_info()
    _, sections = harness.build_site(
        ["add-child-publish", "add-child-live", "imported"], CATEGORIES
    )
    jsonl = workdir / "archive.jsonl"
    write_jsonl(jsonl, args.articles)
    results = {}
    for name, publish in (("add_child_publish", True), ("add_child_live", False)):
        seconds = time_add_child(sections[name.replace("_", "-")], args.sample, publish)
        results[name] = {"articles": args.sample, "seconds": round(seconds, 2)}
    load_before = os.getloadavg()
    seconds, cpu, created, steps = time_import(sections["imported"], jsonl, args.batch_size)
    load_after = os.getloadavg()
    assert created == args.articles, created
    results["import_news"] = {
        "articles": created,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
    }
    for result in results.values():
        result["articles_per_second"] = round(result["articles"] / result["seconds"], 1)
    return {
        "machine": machine,
        "database": "postgresql" if harness.is_postgres(args.database_url) else "sqlite",
        "batch_size": args.batch_size,
        "load_average_before_import": [round(load, 2) for load in load_before],
        "load_average_after_import": [round(load, 2) for load in load_after],
        "results": results,
        "import_steps": {
            name: {"seconds": round(wall, 2), "cpu_seconds": round(step_cpu, 2)}
            for name, (wall, step_cpu) in steps.items()
        },
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--sample", type=int, default=200, help="articles of the add_child runs")
    parser.add_argument("--database-url", default="sqlite", help="sqlite or a PostgreSQL URL")
    args = parser.parse_args()
    postgres = harness.is_postgres(args.database_url)
    with tempfile.TemporaryDirectory(prefix="wn-import-bench-") as tmp:
        workdir = Path(tmp)
        url = args.database_url if postgres else f"sqlite:///{workdir / 'bench.sqlite3'}"
        harness.configure(url, "bench", "direct", DJANGO_MEDIA_ROOT=str(workdir / "media"))
        if postgres:
            harness.postgres_database(url, "recreate")
        try:
            report = run(args, workdir)
        finally:
            if postgres:
                harness.postgres_database(url, "drop")
    results, steps = report["results"], report["import_steps"]
    imported = results["import_news"]
    lines = [
        f"import_news benchmark on {report['database']} (batch size {args.batch_size}; load "
        f"average {' '.join(f'{load:.2f}' for load in report['load_average_before_import'])} "
        f"before the import, "
        f"{' '.join(f'{load:.2f}' for load in report['load_average_after_import'])} after)",
        *(
            f"  {name:18} {r['articles']:>7} articles {r['seconds']:>9.2f} s "
            f"{r['articles_per_second']:>9.1f} articles/s"
            for name, r in results.items()
        ),
        f"  import_news CPU time of this process: {imported['cpu_seconds']:.2f} s "
        f"({imported['articles'] / imported['cpu_seconds']:.1f} articles per CPU second)",
        "  import steps (wall s / CPU s of this process; create_batch includes the next four):",
        *(
            f"    {name:18} {step['seconds']:>9.2f} {step['cpu_seconds']:>9.2f}"
            for name, step in steps.items()
        ),
        harness.describe_machine(report["machine"]),
    ]
    print("\n".join(lines))
    stem = "import_postgres" if postgres else "import"
    harness.write_results(harness.RESULTS_DIR / stem, report, "\n".join(lines))


if __name__ == "__main__":
    main()
