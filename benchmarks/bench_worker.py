"""One ``make bench`` worker, started by ``bench.py``: a Django process on one
archive (a database and a size), which it builds with ``manage.py
import_news`` or reuses while its fingerprint matches. It warms every target
up, answers ``ready`` with their SQL queries, then for every ``batch``
command times a batch of a target and of its floor through Django's test
client. Answers are JSON lines on stdout; everything else goes to stderr.
"""

import argparse
import contextlib
import datetime
import hashlib
import io
import itertools
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import harness

GENERATOR_VERSION = 1  # bump when the generated content changes
SECTIONS = ["economy", "politics", "culture", "sport", "world"]
CATEGORIES = ["business", "energy", "farming", "health", "science", "transport"]
IMAGE_COLORS = [(200, 80, 40), (40, 120, 200), (60, 160, 90), (180, 160, 40)]
NEWEST = datetime.datetime(2025, 11, 28, 18, 0, tzinfo=datetime.UTC)
SEEDED_READS = 30  # articles given views each run, for "Most read"
CHROME = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
WARMUP = 3


def log(message):
    print(f"[{os.environ.get('BENCH_WORKER', 'worker')}] {message}", file=sys.stderr, flush=True)


# -- the archive: where it lives, what it holds ---------------------------------------


def location(database, size, cache_dir):
    """The database URL and media directory of the archive of ``size`` articles."""
    folder = Path(cache_dir) / f"{database}-{size}"
    if database == "sqlite":
        url = f"sqlite:///{folder / 'db.sqlite3'}"
    else:
        url = f"{harness.POSTGRES_URL}wn_bench_archive_{size}"
    return {"database": database, "url": url, "folder": folder, "media": folder / "media"}


def fingerprint(size):
    """What the archive's content depends on, hashed."""
    import django
    import wagtail
    from django.db.migrations.loader import MigrationLoader

    leaves = sorted(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes())
    data = {
        "generator": GENERATOR_VERSION,
        "size": size,
        "sections": SECTIONS,
        "migrations": leaves,
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def article_date(n, size):
    """Back one year (up to 5,000 articles) or longer, so that a section's
    month holds a first page of articles at every size."""
    return NEWEST - datetime.timedelta(days=max(365, size * 365 / 5000)) * (n / size)


def paragraphs(n):
    return [
        f"<p>Article {n} opens with <b>the news</b> of the day and "
        f'<a href="https://example.com/{n}">a link</a> to its source.</p>',
        "<p>" + "A second paragraph of ordinary length, with facts and figures. " * 6 + "</p>",
        "<p>" + "The closing paragraph puts it into context. " * 5 + "</p>",
    ]


def article_row(n, size, image_ids):
    """One line of the JSON Lines file: a body of paragraphs, a heading, an
    image, a quote and, every fourth, a table."""
    first, second, last = paragraphs(n)
    image = {"image": image_ids[(n + 1) % len(image_ids)], "caption": f"Picture of article {n}"}
    quote = {"text": "A quote from someone who was there.", "attribution": "A witness"}
    body = [
        {"type": "paragraph", "value": first},
        {"type": "heading", "value": f"What happened on day {n}"},
        {"type": "paragraph", "value": second},
        {"type": "image", "value": image},
        {"type": "quote", "value": quote},
    ]
    if n % 4 == 0:
        table = {
            "data": [["Item", "Plan", "Result"], ["Wheat", "395", str(400 + n % 50)]],
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_caption": "Harvest, thousand tonnes",
        }
        body.append({"type": "table", "value": table})
    return {
        "external_id": f"bench-{n}",
        "slug": f"article-{n}",
        "title": f"Archive article {n}: trade, energy and the harvest",
        "date": article_date(n, size).isoformat(),
        "intro": f"The lead of archive article {n}, one sentence long.",
        "body": [*body, {"type": "paragraph", "value": last}],
        "category": CATEGORIES[n % len(CATEGORIES)],
        "tags": [f"tag-{n % 40}", f"topic-{n % 7}"],
    }


# -- building it ----------------------------------------------------------------------


def build_site():
    """The site with the bench's sections and categories, four shared 1600x900
    lead images, the "Last news" snippet and the floor page; (sections, images)."""
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    from benchmarks.floor.models import FloorPage
    from wagtail_news.models import LastNews

    home, sections = harness.build_site(SECTIONS, CATEGORIES)
    images = []
    for i, color in enumerate(IMAGE_COLORS):
        buffer = io.BytesIO()
        PILImage.new("RGB", (1600, 900), color).save(buffer, "JPEG", quality=80)
        image = ImageFile(buffer, name=f"bench-image-{i}.jpg")
        images.append(get_image_model().objects.create(title=f"Bench image {i}", file=image))
    LastNews.objects.create(title="Last news", slug="default", locale=home.locale, limit=10)
    first, second, last = paragraphs(0)
    body = [("paragraph", p) for p in (first, "<p>What happened</p>", second, last)]
    home.add_child(instance=FloorPage(title="A plain Wagtail page", slug="plain", body=body))
    return sections, images


def build(size):
    """Migrate an empty database and build the archive in it: one JSON Lines
    file per section, each imported by ``manage.py import_news``; the lead
    images (the importer takes none) in a few bulk updates."""
    from django.core.management import call_command

    from benchmarks.floor.models import BenchArchive
    from wagtail_news.models import NewsArticlePage

    log("building: migrate")
    harness.migrate()
    sections, images = build_site()
    image_ids = [image.pk for image in images]
    log(f"building: import_news of {size} articles into {len(sections)} sections")
    with tempfile.TemporaryDirectory(prefix="wn-bench-jsonl-") as tmp:
        files = {slug: Path(tmp) / f"{slug}.jsonl" for slug in SECTIONS}
        with contextlib.ExitStack() as stack:
            out = {
                slug: stack.enter_context(open(path, "w", encoding="utf-8"))
                for slug, path in files.items()
            }
            for n in range(size):
                out[SECTIONS[n % len(SECTIONS)]].write(
                    json.dumps(article_row(n, size, image_ids)) + "\n"
                )
        started = time.perf_counter()
        for slug, section in sections.items():
            call_command(
                "import_news",
                str(files[slug]),
                section=str(section.pk),
                batch_size=500,
                verbosity=0,
                stdout=io.StringIO(),
            )
        seconds = time.perf_counter() - started
    ids = list(NewsArticlePage.objects.values_list("pk", flat=True))
    for i, image in enumerate(images):
        chosen = ids[i :: len(images)]
        for start in range(0, len(chosen), 5000):
            NewsArticlePage.objects.filter(pk__in=chosen[start : start + 5000]).update(image=image)
    log(f"building: {size} articles in {seconds:.0f} s ({size / seconds:.0f} articles/s)")
    return BenchArchive.objects.create(
        fingerprint=fingerprint(size),
        articles=size,
        import_seconds=seconds,
        loadavg=" ".join(harness.loadavg()),
    )


def ensure(where, size, rebuild):
    """The archive's ``BenchArchive`` row, building the archive first when it
    is missing, does not match, or ``rebuild`` is set; and whether it was
    built now."""
    from django.db import connection, connections

    from benchmarks.floor.models import BenchArchive

    archive = None
    if not rebuild and BenchArchive._meta.db_table in connection.introspection.table_names():
        archive = BenchArchive.objects.first()
    if archive is not None and archive.fingerprint == fingerprint(size):
        if (where["media"] / "original_images").is_dir():
            return archive, False
    log("rebuilding" if rebuild else "the archive is missing or outdated: building it")
    connections.close_all()
    shutil.rmtree(where["media"], ignore_errors=True)
    if where["database"] == "sqlite":
        Path(where["url"].removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        harness.postgres_database(where["url"], "recreate")
    where["media"].mkdir(parents=True, exist_ok=True)
    return build(size), True


def prepare_run():
    """Every run: the same views for "Most read" (those of earlier runs, the
    direct beacon's among them, dropped first), and planner statistics on
    PostgreSQL, as autovacuum keeps them on a live site (SQLite is left as
    Django leaves it, without ANALYZE)."""
    from django.core.cache import caches
    from django.db import connection

    from wagtail_news.counting.store import add_views, today
    from wagtail_news.models import NewsArticlePage, PageViewDay, PageViewTotal

    PageViewDay.objects.all().delete()
    PageViewTotal.objects.all().delete()
    newest = NewsArticlePage.objects.order_by("-date").values_list("pk", flat=True)
    for rank, page_id in enumerate(newest[: SEEDED_READS * 3 : 3]):
        add_views(page_id, today(), 10 * (SEEDED_READS - rank))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    caches["views_buffer"].delete_pattern("*")


# -- targets ------------------------------------------------------------------------

VISITORS = itertools.count(1)


class Target:
    """A request to time: its name, the floor it is compared with, the path,
    the method and any settings it runs with."""

    def __init__(self, name, floor, path, method="get", settings=None):
        self.name, self.floor, self.path, self.method = name, floor, path, method
        self.settings = settings or {}

    def request(self, client):
        if self.method == "post":  # a new visitor each time (IPv6 documentation prefix)
            n = next(VISITORS)
            address = f"2001:db8:{(n >> 32) & 0xFFFF:x}:{(n >> 16) & 0xFFFF:x}::{n & 0xFFFF:x}"
            return client.post(self.path, REMOTE_ADDR=address, HTTP_USER_AGENT=CHROME)
        return client.get(self.path, HTTP_USER_AGENT=CHROME)


def make_targets(size):
    """The targets on the pages a reader reaches: a mid-archive article, its
    section, its month, the section's feed, the API; the beacon of another
    article; "Last news"."""
    from benchmarks.settings import news_settings
    from wagtail_news.models import NewsArticlePage

    mid = (size // 2) - (size // 2) % len(SECTIONS)  # in the first section
    month, section = article_date(mid, size), SECTIONS[0]
    article = NewsArticlePage.objects.get(slug=f"article-{mid}").pk
    hot = NewsArticlePage.objects.get(slug=f"article-{len(SECTIONS) + 1}").pk
    pages_api = "/api/v2/pages/?type=wagtail_news.NewsArticlePage&fields=title&limit="
    buffered = {"WAGTAIL_NEWS": news_settings("buffered")}
    return [
        Target("plain_page", None, "/en/plain/"),
        Target("article", "plain_page", f"/en/{section}/article-{mid}/"),
        Target("section", "plain_page", f"/en/{section}/"),
        Target("archive", "plain_page", f"/en/{section}/{month:%Y}/{month:%m}/"),
        Target("feed", "plain_page", f"/en/{section}/feed/"),
        Target("api_pages_title", None, pages_api + "20"),
        Target("api_news_list", "api_pages_title", "/api/v2/news/?limit=20"),
        Target("api_news_detail", "api_pages_title", f"/api/v2/news/{article}/"),
        Target("api_pages_title_50", None, pages_api + "50"),
        Target("api_news_all", "api_pages_title_50", "/api/v2/news/?limit=50&fields=*"),
        Target("bare_204", None, "/en/bench/bare/", method="post"),
        Target("beacon_direct", "bare_204", f"/en/news/views/{hot}/", method="post"),
        Target("beacon_buffered", "bare_204", f"/en/news/views/{hot}/", "post", buffered),
        Target("bare_bytes", None, "/en/bench/bare-bytes/"),
        Target("last_news", "bare_bytes", "/en/bench/last-news/"),
        Target("last_news_cold", "bare_bytes", "/en/bench/last-news/?cold=1"),
    ]


def check(target, response):
    expected = 204 if target.name == "bare_204" else 200
    if response.status_code != expected:
        raise SystemExit(
            f"{target.name} {target.path}: {response.status_code} {response.content[:300]!r}"
        )
    if target.name.startswith("beacon") and not response.json()["counted"]:
        raise SystemExit(f"{target.name}: the view was not counted: {response.content!r}")


def timed(target, client, count):
    """Milliseconds of ``count`` requests of ``target``."""
    from django.test.utils import override_settings

    samples = []
    with override_settings(**target.settings):
        for _ in range(count):
            started = time.perf_counter()
            response = target.request(client)
            samples.append((time.perf_counter() - started) * 1000)
            check(target, response)
    return samples


def first_look(target, client):
    """Warm the target up; its SQL queries and bytes on the next request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    timed(target, client, WARMUP)
    with override_settings(**target.settings), CaptureQueriesContext(connection) as ctx:
        response = target.request(client)
    check(target, response)
    return {
        "path": target.path,
        "method": target.method.upper(),
        "floor": target.floor,
        "sql_queries": len(ctx.captured_queries),
        "sql": [query["sql"] for query in ctx.captured_queries],
        "response_bytes": len(response.content),
    }


def run_batch(targets, client, name, requests):
    """One untimed request, then ``requests`` timed ones, of the target and
    right after of its floor (when it has one): their medians."""
    target = targets[name]
    answer = {}
    for each in (target, targets.get(target.floor)):
        if each is not None:
            timed(each, client, 1)
            answer[each.name] = statistics.median(timed(each, client, requests))
    return {"median_ms": answer[name], "floor_ms": answer.get(target.floor)}


# -- the process --------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--cache-dir", required=True)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--build-only", action="store_true")
    options = parser.parse_args(argv)
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # stray output goes to stderr

    def answer(data):
        answers.write(json.dumps(data) + "\n")
        answers.flush()

    where = location(options.database, options.size, options.cache_dir)
    where["folder"].mkdir(parents=True, exist_ok=True)
    if options.database == "postgres":
        harness.postgres_database(where["url"], "create")
    prefix = f"wn_bench:{options.database}:{options.size}"
    media = str(where["media"])
    harness.configure(
        where["url"], "bench", "direct", DJANGO_MEDIA_ROOT=media, BENCH_REDIS_PREFIX=prefix
    )
    archive, built = ensure(where, options.size, options.rebuild)
    prepare_run()
    info = {
        "database": options.database,
        "size": options.size,
        "database_version": harness.database_version(),
        "archive": {
            "location": where["url"],
            "built_now": built,
            "built_at": archive.built_at.isoformat(timespec="seconds"),
            "articles": archive.articles,
            "import_seconds": round(archive.import_seconds, 1),
            "import_articles_per_second": round(archive.articles / archive.import_seconds, 1),
            "loadavg_while_built": archive.loadavg,
        },
    }
    if options.build_only:
        answer({"ready": info})
        return
    from django.core.cache import caches
    from django.test import Client

    from benchmarks import urls

    client = Client()
    targets = {target.name: target for target in make_targets(options.size)}
    urls.LAST_NEWS_BYTES["content"] = client.get("/en/bench/last-news/").content
    info["targets"] = {target.name: first_look(target, client) for target in targets.values()}
    answer({"ready": info})
    try:
        for line in sys.stdin:
            command = json.loads(line)
            if command["cmd"] != "batch":
                break
            answer(run_batch(targets, client, command["target"], command["requests"]))
    finally:
        caches["views_buffer"].delete_pattern("*")


if __name__ == "__main__":
    main()
