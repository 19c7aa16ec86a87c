"""Benchmark of the API v2 article listings, in-process (Django's test client).

    .venv/bin/python benchmarks/api_list.py [--articles 60] [--limit 50] [--rounds 5]
        [--requests 20] [--database-url sqlite|postgres://...bench...] [--profile 30]

Builds the example site's stack (``newsroom.settings``, its middleware and
API router) on a fresh database with ``--articles`` articles in one section,
each with a category, a lead image, two tags, a view count and a body of
paragraphs, a heading, an image, a quote and a table. Then times, in
interleaved rounds (the order rotates from round to round):

- ``floor``: ``/api/v2/pages/?type=wagtail_news.NewsArticlePage&limit=50&fields=title``,
  Wagtail's stock listing of the same articles with their title only;
- ``news_all``: ``/api/v2/news/?limit=50&fields=*``, the news endpoint with every field;
- ``pages_all``: ``/api/v2/pages/?type=wagtail_news.NewsArticlePage&limit=50&fields=*``.

For each: median and p95 milliseconds per request, SQL queries per request,
response size, and the ratio of its median to the floor's median of the same
round (the median of those ratios is reported; the goal for ``news_all`` is
at most 2x). ``--profile N`` adds a cProfile of N ``news_all`` requests.

Results are printed and written to ``benchmarks/results/api_list.json`` and
``.txt``. The database is a temporary SQLite file by default; a PostgreSQL
URL must name a database containing "bench" (it is dropped and created
again, and dropped at the end).
"""

import argparse
import contextlib
import cProfile
import datetime
import io
import json
import os
import platform
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
EXAMPLE_DIR = REPO_DIR / "example_project"
RESULTS_DIR = BENCH_DIR / "results"

ARTICLE_TYPE = "wagtail_news.NewsArticlePage"
GOAL = 2.0  # news_all may cost at most twice the floor


def target_urls(limit):
    return {
        "floor": f"/api/v2/pages/?type={ARTICLE_TYPE}&limit={limit}&fields=title",
        "news_all": f"/api/v2/news/?limit={limit}&fields=*",
        "pages_all": f"/api/v2/pages/?type={ARTICLE_TYPE}&limit={limit}&fields=*",
    }


# -- Django and the database ----------------------------------------------------------


def configure_environment(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    os.environ["DJANGO_DEBUG"] = "0"
    for path in (str(EXAMPLE_DIR), str(REPO_DIR)):
        if path not in sys.path:
            sys.path.insert(0, path)


def is_postgres(database_url):
    return database_url.startswith(("postgres://", "postgresql://"))


def setup_django(media_root, limit):
    import django
    from django.test.utils import override_settings, setup_test_environment

    django.setup()
    setup_test_environment()  # the test client's ALLOWED_HOSTS and e-mail backend
    override_settings(
        WAGTAILAPI_LIMIT_MAX=limit,
        MEDIA_ROOT=str(media_root),
    ).enable()


def migrate():
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def make_image(title, color):
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 900), color).save(buffer, "JPEG", quality=80)
    name = title.lower().replace(" ", "-") + ".jpg"
    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name=name))


def article_body(n, image):
    table = {
        "data": [
            ["Crop", "Plan", "Harvested"],
            ["Wheat", "395", str(400 + n)],
            ["Barley", "60", "64"],
        ],
        "first_row_is_table_header": True,
        "first_col_is_header": False,
        "table_caption": "Harvest, thousand tonnes",
    }
    return [
        ("paragraph", f'<p>Article {n} opens with <b>news</b> and <a href="/en/">a link</a>.</p>'),
        ("heading", f"What happened on day {n}"),
        ("paragraph", "<p>" + "A second paragraph of ordinary length. " * 6 + "</p>"),
        ("image", {"image": image, "caption": f"Picture of article {n}"}),
        ("quote", {"text": "A quote from someone who was there.", "attribution": "A witness"}),
        ("table", table),
        ("paragraph", "<p>" + "The closing paragraph. " * 5 + "</p>"),
    ]


def build_site(articles):
    """A default site: home, one section, ``articles`` published articles."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from home.models import HomePage
    from wagtail.models import Locale, Page, Site

    from wagtail_news.counting.store import add_view
    from wagtail_news.models import NewsArticlePage, NewsCategory, NewsIndexPage

    with transaction.atomic():
        locale, _ = Locale.objects.get_or_create(language_code="en")
        plain_page = ContentType.objects.get_for_model(Page)
        Site.objects.all().delete()
        Page.objects.filter(depth=2, content_type=plain_page).delete()  # Wagtail's welcome page
        home = HomePage(title="Newsroom bench", slug="home", locale=locale)
        Page.get_first_root_node().add_child(instance=home)
        Site.objects.create(
            hostname="testserver", port=80, site_name="Bench", root_page=home, is_default_site=True
        )
        section = NewsIndexPage(title="Economy", slug="economy")
        home.add_child(instance=section)
        categories = [
            NewsCategory.objects.create(name=name, slug=name.lower(), locale=locale)
            for name in ("Trade", "Farming", "Transport")
        ]
        colors = [(200, 80, 40), (40, 120, 200), (60, 160, 90), (180, 160, 40)]
        images = [make_image(f"Bench image {n}", color) for n, color in enumerate(colors)]
        start = timezone.now()
        for n in range(articles):
            article = NewsArticlePage(
                title=f"Bench article number {n}",
                slug=f"bench-article-{n}",
                date=start - datetime.timedelta(hours=n),
                intro=f"The lead of bench article {n}, one sentence long.",
                category=categories[n % len(categories)],
                image=images[n % len(images)],
                body=article_body(n, images[(n + 1) % len(images)]),
            )
            section.add_child(instance=article)
            article.tags.add(f"tag-{n % 5}", "economy")
            article.save()
            for _ in range(n % 3 + 1):
                add_view(article.pk)


def recreate_postgres(database_url):
    sys.path.insert(0, str(BENCH_DIR))
    import beacon  # benchmarks/beacon.py: drops and creates a "bench" database

    beacon.recreate_database(database_url)
    return beacon.drop_database


# -- measuring ------------------------------------------------------------------------


def measure_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return [query["sql"] for query in ctx.captured_queries], response


def time_requests(client, url, count):
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}: {response.content[:300]!r}")
    return samples


def percentile(samples, fraction):
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def run_rounds(client, urls, rounds, requests):
    names = list(urls)
    samples = {name: [] for name in names}
    round_medians = []
    for round_no in range(rounds):
        shift = round_no % len(names)
        order = names[shift:] + names[:shift]
        medians = {}
        for name in order:
            timings = time_requests(client, urls[name], requests)
            samples[name].extend(timings)
            medians[name] = statistics.median(timings)
        round_medians.append({"order": order, "median_ms": medians})
    return samples, round_medians


def profile_requests(client, url, count):
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        client.get(url)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(45)
    out.write("\n-- own time --\n")
    stats.sort_stats("tottime").print_stats(25)
    return out.getvalue()


def summarize(urls, samples, round_medians, queries, sizes):
    summary = {}
    for name in urls:
        ratios = [r["median_ms"][name] / r["median_ms"]["floor"] for r in round_medians]
        summary[name] = {
            "url": urls[name],
            "median_ms": round(statistics.median(samples[name]), 2),
            "p95_ms": round(percentile(samples[name], 0.95), 2),
            "requests": len(samples[name]),
            "sql_queries": len(queries[name]),
            "sql": queries[name],
            "response_bytes": sizes[name],
            "ratio_to_floor": round(statistics.median(ratios), 2),
            "ratio_per_round": [round(ratio, 2) for ratio in ratios],
        }
    return summary


def format_table(summary, options):
    lines = [
        f"API v2 listings, {options.articles} articles, limit={options.limit}, "
        f"{options.rounds} rounds x {options.requests} requests per target",
        "",
        f"{'target':<10} {'median ms':>9} {'p95 ms':>8} {'SQL':>4} {'bytes':>8} "
        f"{'ratio':>6}  verdict",
    ]
    for name, row in summary.items():
        if name == "floor":
            verdict = "floor"
        elif name == "news_all":
            verdict = f"goal <= {GOAL:.0f}x: " + (
                "PASS" if row["ratio_to_floor"] <= GOAL else "MISS"
            )
        else:
            verdict = ""
        lines.append(
            f"{name:<10} {row['median_ms']:>9.2f} {row['p95_ms']:>8.2f} {row['sql_queries']:>4} "
            f"{row['response_bytes']:>8} {row['ratio_to_floor']:>5.2f}x  {verdict}"
        )
    lines.append("")
    for name, row in summary.items():
        lines.append(f"{name:<10} {row['url']}")
        lines.append(f"{'':<10} ratio per round: {row['ratio_per_round']}")
    return "\n".join(lines)


def machine_info(database_url):
    import django
    import wagtail
    from django.db import connection

    cpu_model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "",
    )
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "nproc": os.cpu_count(),
        "cpu_model": cpu_model,
        "loadavg_at_start": Path("/proc/loadavg").read_text().split()[:3],
        "python": platform.python_version(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "database": connection.vendor,
        "database_version": connection.Database.sqlite_version
        if connection.vendor == "sqlite"
        else connection.cursor().connection.info.server_version,
    }


# -- main -----------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=60, help="articles to build (60)")
    parser.add_argument("--limit", type=int, default=50, help="the listings' limit (50)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (5)")
    parser.add_argument("--requests", type=int, default=20, help="requests per target per round")
    parser.add_argument(
        "--database-url",
        default="sqlite",
        help='"sqlite" (a temporary file, the default) or a PostgreSQL URL naming a '
        '"bench" database, e.g. postgres://postgres@127.0.0.1:5432/wagtail_news_bench_api',
    )
    parser.add_argument("--profile", type=int, default=0, help="cProfile N news_all requests")
    parser.add_argument("--output", type=Path, default=RESULTS_DIR / "api_list", help="stem")
    options = parser.parse_args(argv)
    if options.articles < options.limit:
        parser.error("--articles must be at least --limit")
    return options


def main(argv=None):
    options = parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="wn-api-bench-") as tmp:
        database_url = options.database_url
        drop = None
        if database_url == "sqlite":
            database_url = f"sqlite:///{tmp}/bench.sqlite3"
        elif is_postgres(database_url):
            drop = recreate_postgres(database_url)
        else:
            raise SystemExit("--database-url: 'sqlite' or a postgres:// URL")
        configure_environment(database_url)
        setup_django(Path(tmp) / "media", options.limit)
        try:
            report = run(options)
        finally:
            if drop is not None:
                drop(database_url)
    report["wall_seconds"] = round(time.perf_counter() - started, 1)
    write_report(report, options)


def run(options):
    from django.test import Client

    print("Migrating and building the site ...", flush=True)
    migrate()
    build_site(options.articles)
    client = Client()
    urls = target_urls(options.limit)
    queries, sizes = {}, {}
    for name, url in urls.items():
        for _ in range(3):  # renditions, Wagtail's caches
            client.get(url)
        queries[name], response = measure_queries(client, url)
        assert response.status_code == 200, response.content[:300]
        assert len(response.json()["items"]) == options.limit, name
        sizes[name] = len(response.content)
    print("Timing ...", flush=True)
    samples, round_medians = run_rounds(client, urls, options.rounds, options.requests)
    summary = summarize(urls, samples, round_medians, queries, sizes)
    report = {
        "machine": machine_info(options.database_url),
        "options": {k: str(v) for k, v in vars(options).items()},
        "summary": summary,
        "rounds": round_medians,
    }
    report["table"] = format_table(summary, options)
    print("\n" + report["table"], flush=True)
    if options.profile:
        report["profile"] = profile_requests(client, urls["news_all"], options.profile)
        print(f"\ncProfile of {options.profile} news_all requests:\n" + report["profile"])
    return report


def write_report(report, options):
    output = options.output
    output.parent.mkdir(parents=True, exist_ok=True)
    output.with_suffix(".json").write_text(json.dumps(report, indent=2) + "\n")
    text = [report["table"], "", json.dumps(report["machine"], indent=2)]
    if "profile" in report:
        text += ["", f"cProfile of {options.profile} news_all requests:", report["profile"]]
    output.with_suffix(".txt").write_text("\n".join(text) + "\n")
    print(f"\nWrote {output.with_suffix('.json')} and .txt ({report['wall_seconds']:.0f} s).")


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        main()
