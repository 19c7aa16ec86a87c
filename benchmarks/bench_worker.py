"""One ``make bench`` worker: a Django process on one archive (a database and
a size), driven by ``benchmarks/bench.py`` through stdin and stdout.

    .venv/bin/python benchmarks/bench_worker.py --database sqlite --size 1000

It builds or reuses its archive (``bench_archive``), warms every target up,
counts the SQL queries of one request of each, answers ``ready`` with what
it found, then times a batch of requests of a target and of its floor for
every ``batch`` command. Each
answer is one line of JSON on stdout; everything else goes to stderr.
Requests go through Django's test client (no server, no network) with the
site's middleware.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
EXAMPLE_DIR = REPO_DIR / "example_project"

CHROME = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
API_LIMIT = 20
WARMUP = 3


def log(message):
    print(f"[{os.environ.get('BENCH_WORKER', 'worker')}] {message}", file=sys.stderr, flush=True)


# -- targets ------------------------------------------------------------------------


class Target:
    """A request to time: its name, the floor it is compared with, the
    method, the path and any extra WSGI environ."""

    def __init__(self, name, floor, path, method="get", settings=None):
        self.name, self.floor, self.path, self.method = name, floor, path, method
        self.settings = settings

    def request(self, client):
        if self.method == "post":
            return client.post(self.path, REMOTE_ADDR=next_visitor(), HTTP_USER_AGENT=CHROME)
        return client.get(self.path, HTTP_USER_AGENT=CHROME)


_visitors = iter(range(1, 1 << 40))


def next_visitor():
    """A new visitor address (IPv6 documentation prefix) for every POST."""
    n = next(_visitors)
    return f"2001:db8:{(n >> 32) & 0xFFFF:x}:{(n >> 16) & 0xFFFF:x}::{n & 0xFFFF:x}"


def archive_paths(size):
    """The pages a reader reaches: a mid-archive article, its section, the
    month it was published in, the section's feed; the beacon's article."""
    from bench_archive import SECTIONS, article_date

    from wagtail_news.models import NewsArticlePage

    sections = len(SECTIONS)
    mid = (size // 2) - (size // 2) % sections  # in the first section
    section = SECTIONS[0]
    month = article_date(mid, size)
    article = NewsArticlePage.objects.get(slug=f"article-{mid}")
    hot = NewsArticlePage.objects.get(slug=f"article-{sections + 1}")
    return {
        "article": f"/en/{section}/article-{mid}/",
        "article_id": article.pk,
        "section": f"/en/{section}/",
        "archive": f"/en/{section}/{month:%Y}/{month:%m}/",
        "feed": f"/en/{section}/feed/",
        "beacon": f"/en/news/views/{hot.pk}/",
    }


def make_targets(paths):
    from django.conf import settings

    buffered = {**settings.WAGTAIL_NEWS, **settings.BUFFERED_NEWS_SETTINGS}
    pages_api = f"/api/v2/pages/?type=wagtail_news.NewsArticlePage&fields=title&limit={API_LIMIT}"
    return [
        Target("plain_page", None, "/en/plain/"),
        Target("article", "plain_page", paths["article"]),
        Target("section", "plain_page", paths["section"]),
        Target("archive", "plain_page", paths["archive"]),
        Target("feed", "plain_page", paths["feed"]),
        Target("api_pages_title", None, pages_api),
        Target("api_news_list", "api_pages_title", f"/api/v2/news/?limit={API_LIMIT}"),
        Target("api_news_detail", "api_pages_title", f"/api/v2/news/{paths['article_id']}/"),
        Target("bare_204", None, "/en/bench/bare/", method="post"),
        Target("beacon_direct", "bare_204", paths["beacon"], method="post"),
        Target(
            "beacon_buffered",
            "bare_204",
            paths["beacon"],
            method="post",
            settings={"WAGTAIL_NEWS": buffered},
        ),
        Target("bare_bytes", None, "/en/bench/bare-bytes/"),
        Target("last_news", "bare_bytes", "/en/bench/last-news/"),
        Target("last_news_cold", "bare_bytes", "/en/bench/last-news/?cold=1"),
    ]


# -- measuring ----------------------------------------------------------------------


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
    with override_settings(**(target.settings or {})):
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
    with override_settings(**(target.settings or {})), CaptureQueriesContext(connection) as ctx:
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


def setup(database, size, cache_dir, rebuild):
    sys.path[:0] = [str(EXAMPLE_DIR), str(REPO_DIR), str(BENCH_DIR)]
    import bench_archive

    where = bench_archive.location(database, size, cache_dir)
    where["folder"].mkdir(parents=True, exist_ok=True)
    os.environ.update(
        DATABASE_URL=where["url"],
        DJANGO_MEDIA_ROOT=str(where["media"]),
        DJANGO_SETTINGS_MODULE="benchmarks.bench_settings",
        DJANGO_DEBUG="0",
        BENCH_REDIS_PREFIX=f"wn_bench:{database}:{size}",
    )
    if database == "postgres":
        bench_archive.ensure_postgres_database(where["url"])
    import django

    django.setup()
    archive, built = bench_archive.ensure(where, size, rebuild, log)
    bench_archive.seed_reads()
    bench_archive.analyze()
    return where, archive, built


def database_version():
    from django.db import connection

    if connection.vendor == "sqlite":
        return "SQLite " + connection.Database.sqlite_version
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return "PostgreSQL " + cursor.fetchone()[0]


def prepare(targets, client):
    from benchmarks import bench_urls

    bench_urls.LAST_NEWS_BYTES["content"] = client.get("/en/bench/last-news/").content
    return {target.name: first_look(target, client) for target in targets}


def clear_buffer():
    from django.core.cache import caches

    caches["views_buffer"].delete_pattern("*")


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

    where, archive, built = setup(
        options.database, options.size, options.cache_dir, options.rebuild
    )
    info = {
        "database": options.database,
        "size": options.size,
        "database_version": database_version(),
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
    from django.test import Client

    client = Client()
    paths = archive_paths(options.size)
    targets = {target.name: target for target in make_targets(paths)}
    clear_buffer()
    info["targets"] = prepare(targets.values(), client)
    answer({"ready": info})
    try:
        for line in sys.stdin:
            command = json.loads(line)
            if command["cmd"] == "batch":
                answer(run_batch(targets, client, command["target"], command["requests"]))
            else:
                break
    finally:
        clear_buffer()


if __name__ == "__main__":
    main()
