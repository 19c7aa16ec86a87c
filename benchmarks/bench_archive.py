"""The archives that ``make bench`` measures: where they live, what they hold,
and building them with ``manage.py import_news``.

An archive is one site in English (one locale: the example site's other
languages are left empty) with ``SECTIONS`` news sections, categories, tags,
four shared lead images, articles whose StreamField bodies have paragraphs,
a heading, an image, a quote and every fourth a table, dated over one year
(1,000 and 5,000 articles) up to ten years (50,000), and the plain Wagtail
page of ``benchmarks.floor``.

Building 50,000 articles takes minutes, so an archive is kept (an SQLite
file under the cache directory, or the PostgreSQL database
``wn_bench_archive_<size>``, with its media next to the SQLite file) and
used again while its fingerprint matches: the generator's version, the size,
and the migrations of every installed app.
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
GENERATOR_VERSION = 1  # bump when the generated content changes
SECTIONS = ["economy", "politics", "culture", "sport", "world"]
CATEGORIES = ["business", "energy", "farming", "health", "science", "transport"]
IMAGE_COLORS = [(200, 80, 40), (40, 120, 200), (60, 160, 90), (180, 160, 40)]
NEWEST = datetime.datetime(2025, 11, 28, 18, 0, tzinfo=datetime.UTC)
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
SEEDED_READS = 30  # articles given views each run, for "Most read"


# -- where an archive lives ---------------------------------------------------------


def default_cache_dir():
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "wagtail-news-bench"


def location(database, size, cache_dir):
    """The database URL and media directory of the archive of ``size`` articles."""
    folder = Path(cache_dir) / f"{database}-{size}"
    if database == "sqlite":
        url = f"sqlite:///{folder / 'db.sqlite3'}"
    else:
        url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/wn_bench_archive_{size}"
    return {"database": database, "url": url, "folder": folder, "media": folder / "media"}


def _postgres_admin(url):
    """(database name, an autocommit connection to the server's "postgres")."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    conn = psycopg.connect(
        dbname="postgres",
        user=config["USER"] or "postgres",
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        password=config["PASSWORD"] or None,
        autocommit=True,
    )
    name = config["NAME"]
    if not name.startswith("wn_bench_"):
        conn.close()
        raise SystemExit(f"Refusing to touch database {name!r}: not a wn_bench_ database.")
    return name, conn


def ensure_postgres_database(url, recreate=False):
    """Create the PostgreSQL database when it does not exist (or again)."""
    from psycopg import sql

    name, conn = _postgres_admin(url)
    with conn:
        if recreate:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def reset(where):
    """Empty the archive's database and media (before building it again)."""
    from django.db import connections

    connections.close_all()
    shutil.rmtree(where["media"], ignore_errors=True)
    if where["database"] == "sqlite":
        Path(where["url"].removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        ensure_postgres_database(where["url"], recreate=True)


# -- what an archive holds ----------------------------------------------------------


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


def stored_archive():
    """The ``BenchArchive`` row of this database, or ``None``."""
    from django.db import connection

    if "wagtail_news_bench_floor_bencharchive" not in connection.introspection.table_names():
        return None
    from benchmarks.floor.models import BenchArchive

    return BenchArchive.objects.first()


def span(size):
    """How far back the articles go: one year up to 5,000, then longer."""
    return datetime.timedelta(days=max(365, size * 365 / 5000))


def article_date(n, size):
    return NEWEST - span(size) * (n / size)


def section_of(n):
    return SECTIONS[n % len(SECTIONS)]


def paragraphs(n):
    return [
        f"<p>Article {n} opens with <b>the news</b> of the day and "
        f'<a href="https://example.com/{n}">a link</a> to its source.</p>',
        "<p>" + "A second paragraph of ordinary length, with facts and figures. " * 6 + "</p>",
        "<p>" + "The closing paragraph puts it into context. " * 5 + "</p>",
    ]


def article_body(n, image_id):
    first, second, last = paragraphs(n)
    body = [
        {"type": "paragraph", "value": first},
        {"type": "heading", "value": f"What happened on day {n}"},
        {"type": "paragraph", "value": second},
        {"type": "image", "value": {"image": image_id, "caption": f"Picture of article {n}"}},
        {
            "type": "quote",
            "value": {"text": "A quote from someone who was there.", "attribution": "A witness"},
        },
    ]
    if n % 4 == 0:
        body.append(
            {
                "type": "table",
                "value": {
                    "data": [["Item", "Plan", "Result"], ["Wheat", "395", str(400 + n % 50)]],
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "table_caption": "Harvest, thousand tonnes",
                },
            }
        )
    body.append({"type": "paragraph", "value": last})
    return body


def article_row(n, size, image_ids):
    return {
        "external_id": f"bench-{n}",
        "slug": f"article-{n}",
        "title": f"Archive article {n}: trade, energy and the harvest",
        "date": article_date(n, size).isoformat(),
        "intro": f"The lead of archive article {n}, one sentence long.",
        "body": article_body(n, image_ids[(n + 1) % len(image_ids)]),
        "category": CATEGORIES[n % len(CATEGORIES)],
        "tags": [f"tag-{n % 40}", f"topic-{n % 7}"],
    }


def write_section_files(folder, size, image_ids):
    """One JSON Lines file per section; their paths by section slug."""
    files = {slug: open(folder / f"{slug}.jsonl", "w", encoding="utf-8") for slug in SECTIONS}
    try:
        for n in range(size):
            files[section_of(n)].write(json.dumps(article_row(n, size, image_ids)) + "\n")
    finally:
        for file in files.values():
            file.close()
    return {slug: folder / f"{slug}.jsonl" for slug in SECTIONS}


# -- building -----------------------------------------------------------------------


def make_image(title, color):
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 900), color).save(buffer, "JPEG", quality=80)
    name = title.lower().replace(" ", "-") + ".jpg"
    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name=name))


def build_site():
    """Home page (the default site), sections, categories, images, the
    "Last news" snippet and the floor page; returns (sections, images)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from home.models import HomePage
    from wagtail.models import Locale, Page, Site

    from benchmarks.floor.models import FloorPage
    from wagtail_news.models import LastNews, NewsCategory, NewsIndexPage

    with transaction.atomic():
        locale, _ = Locale.objects.get_or_create(language_code="en")
        Site.objects.all().delete()
        plain = ContentType.objects.get_for_model(Page)
        Page.objects.filter(depth=2, content_type=plain).delete()  # Wagtail's welcome page
        home = HomePage(title="Newsroom bench", slug="home", locale=locale)
        Page.get_first_root_node().add_child(instance=home)
        Site.objects.create(
            hostname="localhost", port=80, site_name="Bench", root_page=home, is_default_site=True
        )
        sections = {}
        for slug in SECTIONS:
            sections[slug] = home.add_child(instance=NewsIndexPage(title=slug.title(), slug=slug))
        for name in CATEGORIES:
            NewsCategory.objects.create(name=name.title(), slug=name, locale=locale)
        images = [make_image(f"Bench image {i}", color) for i, color in enumerate(IMAGE_COLORS)]
        LastNews.objects.create(title="Last news", slug="default", locale=locale, limit=10)
        text = list(paragraphs(0))
        floor = FloorPage(
            title="A plain Wagtail page",
            slug="plain",
            body=[("paragraph", p) for p in text[:1] + ["<p>What happened</p>"] + text[1:]],
        )
        home.add_child(instance=floor)
    return sections, images


def set_lead_images(images):
    """Lead images for every article, in a few bulk updates (the importer
    takes no images)."""
    from wagtail_news.models import NewsArticlePage

    ids = list(NewsArticlePage.objects.values_list("pk", flat=True))
    for i, image in enumerate(images):
        chosen = ids[i :: len(images)]
        for start in range(0, len(chosen), 5000):
            NewsArticlePage.objects.filter(pk__in=chosen[start : start + 5000]).update(image=image)


def import_sections(sections, files):
    """``manage.py import_news`` per section; the seconds it took in all."""
    from django.core.management import call_command

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
    return time.perf_counter() - started


def build(size, log):
    """Migrate an empty database and build the archive in it."""
    from django.core.management import call_command

    from benchmarks.floor.models import BenchArchive

    log("building: migrate")
    call_command("migrate", interactive=False, verbosity=0)
    sections, images = build_site()
    with tempfile.TemporaryDirectory(prefix="wn-bench-jsonl-") as tmp:
        files = write_section_files(Path(tmp), size, [image.pk for image in images])
        log(f"building: import_news of {size} articles into {len(sections)} sections")
        seconds = import_sections(sections, files)
    set_lead_images(images)
    loadavg = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    log(f"building: {size} articles in {seconds:.0f} s ({size / seconds:.0f} articles/s)")
    return BenchArchive.objects.create(
        fingerprint=fingerprint(size), articles=size, import_seconds=seconds, loadavg=loadavg
    )


def ensure(where, size, rebuild, log):
    """The archive's ``BenchArchive`` row, building the archive first when it
    is missing, does not match, or ``rebuild`` is set; and whether it was
    built now."""
    archive = None if rebuild else stored_archive()
    if archive is not None and archive.fingerprint == fingerprint(size):
        if (where["media"] / "original_images").is_dir():
            return archive, False
    log("the archive is missing or outdated: building it" if not rebuild else "rebuilding")
    reset(where)
    where["media"].mkdir(parents=True, exist_ok=True)
    return build(size, log), True


def seed_reads():
    """Views for "Most read", the same each run: the views of earlier runs
    (the direct beacon's among them) are dropped first."""
    from wagtail_news.counting.store import add_views, today
    from wagtail_news.models import NewsArticlePage, PageViewDay, PageViewTotal

    PageViewDay.objects.all().delete()
    PageViewTotal.objects.all().delete()
    newest = NewsArticlePage.objects.order_by("-date").values_list("pk", flat=True)
    for rank, page_id in enumerate(newest[: SEEDED_READS * 3 : 3]):
        add_views(page_id, today(), 10 * (SEEDED_READS - rank))


def analyze():
    """Planner statistics on PostgreSQL, as autovacuum keeps them on a live
    site (a freshly built archive has none, and its plans would be a
    newborn database's). SQLite is left as Django leaves it: no ANALYZE."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
