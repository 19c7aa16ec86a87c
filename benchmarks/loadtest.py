"""Load test: readers opening articles and sending the view-count beacon.

    .venv/bin/python benchmarks/loadtest.py [--seconds 60] [--mode buffered|direct]
        [--connections 16] [--output benchmarks/results/loadtest]

On a fresh PostgreSQL database with several sections and ``--articles``
published articles (a hot one and a long tail), in buffered mode (the
production setting: ``VIEW_COUNT_BUFFER`` on django-redis, visitor keys in
the same alias, a periodic in-process flush) or direct mode, two
topologies each run for ``--seconds``:

- ``single``: one gunicorn with 2 sync workers on one port;
- ``pair``: two separate gunicorn servers (``--pair-workers`` sync workers
  each, 1 by default) on two loopback ports, one wrk per port at the same
  time, sharing the PostgreSQL database and Redis.

wrk (``benchmarks/loadtest.lua``) plays readers: each opens an article page
and sends its beacon, with its own X-Forwarded-For address (2001:db8::/32)
and user agent; new visitors must count, repeat visitors and crawlers must
not. Afterwards the servers are stopped gracefully, ``flush_news_views``
runs, and the checks are:

- exactness: per article, the stored views (``PageViewTotal`` and the sum
  of ``PageViewDay``) equal the ``{"counted": true}`` answers, up to the new
  visitors' beacons that were in flight when wrk stopped; the total equals
  the visitor keys in Redis; repeat visitors and crawlers counted 0;
- privacy: no table (every text-like column) and no key or value in the
  two Redis databases holds any of the addresses or user agents used.

Prints a table, writes ``<output>.json`` (with the machine) and
``<output>.txt``, and exits 1 if exactness or privacy fails (errors, target
0, are reported as a MISS). Needs gunicorn in the venv, wrk, PostgreSQL and
Redis (databases 10 and 11, ``benchmarks/loadtest_settings.py``).
"""

import argparse
import json
import os
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import harness
import privacy
from loadtest_report import check_exactness, report_lines, summarize_load

LUA_SCRIPT = harness.BENCH_DIR / "loadtest.lua"
SETTINGS = "benchmarks.loadtest_settings"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/wn_load_bench"
SECTIONS = ("Economy", "Politics", "World", "Sport", "Culture", "Science")

BROWSERS = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51",
)
CRAWLERS = (
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "",  # no user agent at all
)
# What the privacy scan looks for: the addresses in every spelling
# PostgreSQL or Python would give them, the user agents and their tokens.
CONTROL_TITLE = "The hot article"  # in the tables: the privacy scan's positive control
ADDRESS_NEEDLES = ("2001:db8:", "2001:0db8:", "20010db8")
AGENT_NEEDLES = ("Mozilla/5.0", "Googlebot", "bingbot", "facebookexternalhit", "Slackbot")


# -- the site --------------------------------------------------------------------------


def build_site(sections, articles):
    """Sections and published articles, the hot one first: a list of
    ``(page id, page path, beacon path)``."""
    import datetime

    from django.db import transaction
    from django.urls import reverse
    from django.utils import timezone, translation

    now = timezone.now()
    built = []
    with transaction.atomic(), translation.override("en"):
        home = harness.create_home("Newsroom load test")
        parents = [harness.add_section(home, title, title.lower()) for title in SECTIONS[:sections]]
        for number in range(articles):
            title = CONTROL_TITLE if number == 0 else f"Article {number}"
            article = harness.add_article(
                parents[number % len(parents)],
                title,
                f"article-{number}",
                intro=f"The lead of {title.lower()}.",
                date=now - datetime.timedelta(hours=number),
            )
            beacon = reverse("wagtail_news:view_beacon", args=[article.pk])
            built.append((article.pk, article.get_url(), beacon))
    return built


def write_config(path, articles, options):
    """The file ``loadtest.lua`` reads: articles, user agents, shares."""
    lines = [f"article {pk} {page} {beacon}" for pk, page, beacon in articles]
    lines += [f"browser {agent}" for agent in BROWSERS]
    lines += [f"crawler {agent}".rstrip() for agent in CRAWLERS]
    lines += [
        f"share hot {options.hot_share}",
        f"share repeat {options.repeat_share}",
        f"share crawler {options.crawler_share}",
    ]
    path.write_text("\n".join(lines) + "\n")


# -- a run ---------------------------------------------------------------------------------


def start_servers(topology, options, log_dir):
    if topology == "single":
        layout = [options.workers]
    else:
        layout = [options.pair_workers, options.pair_workers]
    servers = []
    for number, workers in enumerate(layout, 1):
        log = log_dir / f"gunicorn-{topology}-{number}.log"
        servers.append(harness.Gunicorn(options.mode, workers, "sync", 1, log))
    return servers


def drive(servers, seconds, connections, run_id, config_path, log_dir):
    """One wrk per server at the same time, the connections split between
    them, one thread per connection; their results and timing files."""
    share = max(connections // len(servers), 1)
    runs = []
    for instance, server in enumerate(servers, 1):
        timings = log_dir / f"timings-{run_id}-{instance}.txt"
        args = [run_id, instance, config_path, timings]
        runs.append(
            (harness.Wrk(server.base_url, seconds, share, LUA_SCRIPT, args, share), timings)
        )
    return [(wrk.wait(), timings) for wrk, timings in runs]


def post_beacon(base_url, beacon, address, agent):
    request = urllib.request.Request(  # noqa: S310 (http://127.0.0.1 only)
        base_url + beacon,
        method="POST",
        headers={"X-Forwarded-For": f"{address}, 127.0.0.1", "User-Agent": agent},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.loads(response.read())["counted"]


def cross_server_probe(servers, articles, run_id, probes=10):
    """Visitors counted on one server must be "seen" on the other: each
    probe is a new visitor's beacon on one server (must count), then the
    same visitor's on the other (must not). Returns the views it counted per
    article and the answers that were wrong."""
    counted, wrong = {}, 0
    for number in range(probes):
        first, second = (servers[0], servers[1]) if number % 2 == 0 else (servers[1], servers[0])
        pk, _page, beacon = articles[number % len(articles)]
        address = f"2001:db8:ffff:{run_id:x}::{number + 1:x}"
        if post_beacon(first.base_url, beacon, address, BROWSERS[0]):
            counted[pk] = counted.get(pk, 0) + 1
        else:
            wrong += 1
        if post_beacon(second.base_url, beacon, address, BROWSERS[0]):
            counted[pk] = counted.get(pk, 0) + 1
            wrong += 1
    return {"probes": probes, "counted_by_page": counted, "wrong_answers": wrong}


def release_orphaned_flush_lock():
    """The flush lock of a worker that stopped in the middle of a flush
    (its claim stays in Redis and is applied by the next flush); with every
    server stopped nobody holds it. Returns its remaining TTL, or None."""
    from wagtail_news.counting import buffer

    views_buffer = buffer.get_buffer()
    if not views_buffer.client.exists(views_buffer.lock_key):
        return None
    ttl = views_buffer.client.ttl(views_buffer.lock_key)
    views_buffer.client.delete(views_buffer.lock_key)
    return ttl


def flush_batches():
    """Buffered batches applied so far (one ``ViewFlush`` row each)."""
    from wagtail_news.models import ViewFlush

    return ViewFlush.objects.count()


def run_topology(topology, run_id, options, articles, config_path, log_dir):
    """Serve, warm up, measure, probe, stop, flush, check exactness."""
    loadavg = Path("/proc/loadavg").read_text().split()[:3]
    servers = start_servers(topology, options, log_dir)
    try:
        for server in servers:
            server.wait_until_ready()
        if options.warmup:
            drive(servers, options.warmup, options.connections, run_id + 50, config_path, log_dir)
            time.sleep(1.5)  # requests queued when wrk stopped are still served
        harness.flush_buffer()
        harness.clear_visitor_keys()
        before = harness.stored_views_by_page()
        batches_before = flush_batches()
        meter = harness.CpuMeter(*servers)
        loads = drive(servers, options.seconds, options.connections, run_id, config_path, log_dir)
        requests = sum(load["requests"] for load, _ in loads)
        cpu = meter.result(requests, max(load["duration_us"] for load, _ in loads) / 1e6)
        probe = cross_server_probe(servers, articles, run_id) if len(servers) > 1 else None
    finally:
        for server in servers:
            server.stop()  # graceful: requests still in flight are finished first
    orphaned_lock = release_orphaned_flush_lock() if options.mode == "buffered" else None
    batches_by_servers = flush_batches() - batches_before
    harness.flush_buffer()
    after = harness.stored_views_by_page()
    result = summarize_load(loads)
    result.update(
        topology=topology,
        servers=[{"port": s.port, "tracebacks": s.errors_in_log()[0]} for s in servers],
        cpu=cpu,
        cross_server_probe=probe,
        orphaned_flush_lock_ttl=orphaned_lock,
        flush_batches={
            "by_the_servers": batches_by_servers,
            "at_the_end": flush_batches() - batches_before - batches_by_servers,
        },
        loadavg_before=loadavg,
    )
    result["exactness"] = check_exactness(loads, probe, before, after, articles)
    for server in servers:
        tracebacks, tail = server.errors_in_log()
        if tracebacks:
            result.setdefault("server_log_tails", []).append(tail)
    return result


# -- privacy ---------------------------------------------------------------------------------


def privacy_check():
    """Scan the tables and both Redis databases for the addresses and agents."""
    from django.conf import settings
    from django.db import connection
    from django_redis import get_redis_connection

    needles = [*ADDRESS_NEEDLES, *AGENT_NEEDLES, *BROWSERS, *CRAWLERS]
    database = privacy.scan_database(needles)
    redis = {
        settings.CACHES[alias]["LOCATION"]: privacy.scan_redis(get_redis_connection(alias), needles)
        for alias in ("default", "views_buffer")
    }
    # The same scans must find what is known to be there, or they prove nothing.
    controls = {
        "database": len(privacy.scan_database([CONTROL_TITLE])["hits"]),
        "redis": sum(
            privacy.scan_redis(get_redis_connection(alias), ["wagtail_news:"])["matching"]
            for alias in ("default", "views_buffer")
        ),
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM django_session")
        sessions = cursor.fetchone()[0]
    clean = (
        not database["hits"]
        and not any(r["matching"] for r in redis.values())
        and all(controls.values())
    )
    return {
        "database": database,
        "redis": redis,
        "controls": controls,
        "sessions": sessions,
        "clean": clean,
    }


# -- main ------------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60, help="measured seconds per topology")
    parser.add_argument("--warmup", type=int, default=3, help="warm-up seconds per topology")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections in all")
    parser.add_argument("--mode", default="buffered", choices=["buffered", "direct"])
    parser.add_argument("--topologies", default="single,pair", help="comma-separated subset")
    parser.add_argument("--workers", type=int, default=2, help="workers of the single server")
    parser.add_argument("--pair-workers", type=int, default=1, help="workers per pair server")
    parser.add_argument("--sections", type=int, default=5)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--hot-share", type=float, default=0.5)
    parser.add_argument("--repeat-share", type=float, default=0.1)
    parser.add_argument("--crawler-share", type=float, default=0.05)
    parser.add_argument(
        "--flush-interval", type=int, default=5, help="buffered mode: in-process flush, seconds"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("LOADTEST_DATABASE_URL", DEFAULT_DATABASE_URL),
        help="PostgreSQL database to (re)create; its name must contain 'bench'",
    )
    parser.add_argument("--keep-db", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--output",
        type=Path,
        default=harness.BENCH_DIR / "results" / "loadtest",
        help="stem of the .json and .txt files",
    )
    options = parser.parse_args(argv)
    options.topologies = [t for t in options.topologies.split(",") if t]
    if set(options.topologies) - {"single", "pair"}:
        parser.error("--topologies takes single and/or pair")
    options.sections = max(1, min(options.sections, len(SECTIONS)))
    return options


def prepare(options):
    """A fresh database, the site, empty caches: the articles."""
    os.environ["LOADTEST_FLUSH_INTERVAL"] = str(options.flush_interval)
    harness.configure_environment(options.database_url, SETTINGS)
    print(f"Creating {options.database_url} ...", flush=True)
    harness.recreate_database(options.database_url)
    harness.setup_django()
    harness.migrate()
    harness.clear_caches()
    started = time.monotonic()
    articles = build_site(options.sections, options.articles)
    print(f"Built {len(articles)} articles in {time.monotonic() - started:.0f} s.", flush=True)
    return articles


def relative(value):
    """Paths in the JSON relative to the repository, when they are inside it."""
    if isinstance(value, Path):
        path = value.resolve()
        return str(
            path.relative_to(harness.REPO_DIR) if path.is_relative_to(harness.REPO_DIR) else path
        )
    return value


def main(argv=None):
    options = parse_args(argv)
    harness.require_wrk()
    harness.stop_on_signals()
    started = time.monotonic()
    results, privacy_result = [], None
    try:
        articles = prepare(options)
        info = harness.machine_info()
        print(f"Site ready in {time.monotonic() - started:.0f} s: {len(articles)} articles.")
        with tempfile.TemporaryDirectory(prefix="wagtail-news-load-") as tmp:
            log_dir = Path(tmp)
            config_path = log_dir / "readers.txt"
            write_config(config_path, articles, options)
            for run_id, topology in enumerate(options.topologies, 1):
                result = run_topology(topology, run_id, options, articles, config_path, log_dir)
                results.append(result)
                print(
                    f"  {topology:<7} {result['rps']:8.1f} req/s  p95 "
                    f"{result['latency_ms']['p95']:7.1f} ms  errors {result['errors']}  "
                    f"exact {result['exactness']['exact']}",
                    flush=True,
                )
        privacy_result = privacy_check()
    finally:
        harness.clear_caches()
        if not options.keep_db:
            harness.drop_database(options.database_url)

    lines = report_lines(results, privacy_result, options, articles, info)
    print("\n" + "\n".join(lines))
    exact = all(r["exactness"]["exact"] for r in results)
    report = {
        "benchmark": "wagtail-news load test",
        "options": {k: relative(v) for k, v in vars(options).items()},
        "machine": info,
        "verdicts": {
            "exactness": "PASS" if exact else "FAIL",
            "privacy": "PASS" if privacy_result["clean"] else "FAIL",
            "errors": "PASS" if not sum(r["errors"] for r in results) else "MISS",
        },
        "results": results,
        "privacy": privacy_result,
        "wall_seconds": round(time.monotonic() - started, 1),
    }
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.with_suffix(".json").write_text(json.dumps(report, indent=2) + "\n")
    options.output.with_suffix(".txt").write_text("\n".join(lines) + "\n")
    print(f"\nWrote {options.output}.json and .txt ({report['wall_seconds']:.0f} s in all).")
    return 0 if exact and privacy_result["clean"] else 1


if __name__ == "__main__":
    sys.exit(main())
