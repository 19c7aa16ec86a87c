"""Load test: readers opening articles and sending the view-count beacon
(``loadtest.lua``), against one gunicorn with two workers and against two
servers sharing PostgreSQL and Redis; then the exactness of the stored
counts and a privacy scan (benchmarks/README.md, "Load test").

Exits 1 when exactness or privacy fails. Needs gunicorn (the ``bench``
extra), wrk, PostgreSQL and Redis.
"""

import argparse
import datetime
import json
import math
import os
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import harness
import privacy

LUA_SCRIPT = harness.BENCH_DIR / "loadtest.lua"
SECTIONS = ("economy", "politics", "world", "sport", "culture", "science")
KINDS = ("page", "new", "repeat", "crawler")
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


# -- the site and the readers ----------------------------------------------------------


def build_site(options):
    """Sections and published articles, the hot one first: a list of
    ``(page id, page path, beacon path)``."""
    from django.urls import reverse
    from django.utils import timezone, translation

    now = timezone.now()
    _, sections = harness.build_site(SECTIONS[: options.sections])
    parents = list(sections.values())
    built = []
    with translation.override("en"):
        for number in range(options.articles):
            title = CONTROL_TITLE if number == 0 else f"Article {number}"
            date = now - datetime.timedelta(hours=number)
            section = parents[number % len(parents)]
            article = harness.add_article(section, title, f"article-{number}", date)
            beacon = reverse("wagtail_news:view_beacon", args=[article.pk])
            built.append((article.pk, article.get_url(), beacon))
    return built


def write_config(path, articles, options):
    """The file ``loadtest.lua`` reads: articles, user agents, shares."""
    lines = [f"article {pk} {page} {beacon}" for pk, page, beacon in articles]
    lines += [f"browser {agent}" for agent in BROWSERS]
    lines += [f"crawler {agent}".rstrip() for agent in CRAWLERS]
    lines += [
        f"share {name} {getattr(options, name + '_share')}" for name in ("hot", "repeat", "crawler")
    ]
    path.write_text("\n".join(lines) + "\n")


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
        headers={"X-Forwarded-For": address, "User-Agent": agent},
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
        first, second = servers if number % 2 == 0 else servers[::-1]
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


def run_topology(topology, run_id, options, articles, config_path, log_dir):
    """Serve, warm up, measure, probe, stop, flush, check exactness."""
    from wagtail_news.models import ViewFlush  # one row per buffered batch applied

    loadavg = harness.loadavg()
    layout = [options.workers] if topology == "single" else [options.pair_workers] * 2
    servers = [
        harness.Gunicorn(options.mode, workers, log_dir / f"gunicorn-{topology}-{number}.log")
        for number, workers in enumerate(layout, 1)
    ]
    try:
        for server in servers:
            server.wait_until_ready()
        if options.warmup:
            drive(servers, options.warmup, options.connections, run_id + 50, config_path, log_dir)
            time.sleep(1.5)  # requests queued when wrk stopped are still served
        harness.flush_buffer()
        harness.clear_visitor_keys()
        before = harness.stored_views_by_page()
        batches_before = ViewFlush.objects.count()
        meter = harness.CpuMeter(*servers)
        loads = drive(servers, options.seconds, options.connections, run_id, config_path, log_dir)
        requests = sum(load["requests"] for load, _ in loads)
        cpu = meter.result(requests, max(load["duration_us"] for load, _ in loads) / 1e6)
        probe = cross_server_probe(servers, articles, run_id) if len(servers) > 1 else None
    finally:
        for server in servers:
            server.stop()  # graceful: requests still in flight are finished first
    orphaned_lock = release_orphaned_flush_lock() if options.mode == "buffered" else None
    batches_by_servers = ViewFlush.objects.count() - batches_before
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
            "at_the_end": ViewFlush.objects.count() - batches_before - batches_by_servers,
        },
        loadavg_before=loadavg,
    )
    result["exactness"] = check_exactness(loads, probe, before, after, articles)
    for server in servers:
        tracebacks, tail = server.errors_in_log()
        if tracebacks:
            result.setdefault("server_log_tails", []).append(tail)
    return result


# -- figures and checks ----------------------------------------------------------------


def percentiles(values):
    ordered = sorted(values)

    def at(p):
        return ordered[max(math.ceil(len(ordered) * p / 100) - 1, 0)] / 1000 if ordered else 0

    return {"p50": at(50), "p95": at(95), "p99": at(99), "max": at(100)}


def summarize_load(loads):
    """req/s, latency (ms) and errors, in all and per request kind."""
    duration = max(load["duration_us"] for load, _ in loads) / 1e6
    timings = {kind: [] for kind in KINDS}
    for _, path in loads:
        for line in Path(path).read_text().splitlines():
            kind, value = line.split()
            timings[kind].append(int(value))
    socket_errors = {
        key: sum(load["errors"][key] for load, _ in loads)
        for key in ("connect", "read", "write", "timeout")
    }
    kinds = {}
    for kind in KINDS:
        tally = {
            key: sum(load["kinds"][kind][key] for load, _ in loads)
            for key in loads[0][0]["kinds"][kind]
        }
        kinds[kind] = {
            "rps": round(tally["received"] / duration, 1),
            "latency_ms": percentiles(timings[kind]),
            **tally,
        }
    non2xx = sum(kinds[kind]["non2xx"] for kind in KINDS)
    return {
        "duration_s": duration,
        "requests": sum(load["requests"] for load, _ in loads),
        "rps": round(sum(load["requests"] for load, _ in loads) / duration, 1),
        "latency_ms": percentiles([v for kind in KINDS for v in timings[kind]]),
        "wrk_p95_ms": [load["latency_us"]["p95"] / 1000 for load, _ in loads],
        "socket_errors": socket_errors,
        "non2xx": non2xx,
        "errors": non2xx + sum(socket_errors.values()),
        "kinds": kinds,
    }


def check_exactness(loads, probe, before, after, articles):
    """Per article: counted answers <= stored <= counted + unanswered new
    visitors' beacons, days = totals; in all: stored = visitor keys; repeat
    visitors and crawlers counted nothing, every new visitor counted."""
    counted, unanswered = {}, {}
    for load, _ in loads:
        for pk, n in load["counted_by_page"].items():
            counted[int(pk)] = counted.get(int(pk), 0) + n
        for pk, n in load["unanswered_new_by_page"].items():
            unanswered[int(pk)] = unanswered.get(int(pk), 0) + n
    for pk, n in (probe or {}).get("counted_by_page", {}).items():
        counted[pk] = counted.get(pk, 0) + n
    mismatches = []
    stored_sum = 0
    for pk, _page, _beacon in articles:
        total = after.get(pk, (0, 0))[0] - before.get(pk, (0, 0))[0]
        days = after.get(pk, (0, 0))[1] - before.get(pk, (0, 0))[1]
        stored_sum += total
        low, high = counted.get(pk, 0), counted.get(pk, 0) + unanswered.get(pk, 0)
        if days != total or not low <= total <= high:
            mismatches.append(
                {
                    "page": pk,
                    "stored": total,
                    "days": days,
                    "counted": low,
                    "unanswered": high - low,
                }
            )
    kinds = {kind: sum(load["kinds"][kind]["counted"] for load, _ in loads) for kind in KINDS}
    new_not_counted = sum(load["kinds"]["new"]["not_counted"] for load, _ in loads)
    unexpected = sum(load["kinds"][k]["unexpected"] for load, _ in loads for k in KINDS)
    server_counted = harness.count_visitor_keys()
    counted_sum = sum(counted.values())
    result = {
        "counted_answers": counted_sum,
        "stored": stored_sum,
        "server_counted": server_counted,
        "in_flight_counted": stored_sum - counted_sum,
        "unanswered_new": sum(unanswered.values()),
        "articles_with_views": sum(1 for n in counted.values() if n),
        "article_mismatches": mismatches,
        "repeat_counted": kinds["repeat"],
        "crawler_counted": kinds["crawler"],
        "new_not_counted": new_not_counted,
        "unexpected_answers": unexpected,
        "probe_wrong_answers": (probe or {}).get("wrong_answers", 0),
    }
    result["exact"] = (
        not mismatches
        and stored_sum == server_counted
        and kinds["repeat"] == kinds["crawler"] == new_not_counted == unexpected == 0
        and result["probe_wrong_answers"] == 0
    )
    return result


def privacy_check():
    """Scan the tables and both Redis databases for the addresses and agents."""
    from django.conf import settings
    from django.db import connection
    from django_redis import get_redis_connection

    needles = [*ADDRESS_NEEDLES, *AGENT_NEEDLES, *BROWSERS, *CRAWLERS]
    aliases = ("default", "views_buffer")
    database = privacy.scan_database(needles)
    redis = {
        settings.CACHES[alias]["LOCATION"]: privacy.scan_redis(get_redis_connection(alias), needles)
        for alias in aliases
    }
    # The same scans must find what is known to be there, or they prove nothing.
    controls = {
        "database": len(privacy.scan_database([CONTROL_TITLE])["hits"]),
        "redis": sum(
            privacy.scan_redis(get_redis_connection(alias), ["wagtail_news:"])["matching"]
            for alias in aliases
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


# -- the report ------------------------------------------------------------------------


def describe(topology, options):
    if topology == "single":
        return f"single: 1 gunicorn x {options.workers} workers"
    plural = "s" if options.pair_workers > 1 else ""
    return f"pair: 2 gunicorn x {options.pair_workers} worker{plural}"


def report_lines(results, privacy_result, options, articles, machine):
    lines = [
        f"Load test, {options.mode} mode, {len(articles)} articles in {options.sections} "
        f"sections, {options.seconds} s per topology, {options.connections} wrk connections "
        "(readers) in all",
        "",
        f"{'topology':<30} {'req/s':>7} {'p95 ms':>7} {'errors':>7}  exactness "
        "(counted answers / stored / visitor keys)",
    ]
    lines.append("-" * len(lines[-1]))
    for r in results:
        e = r["exactness"]
        flight = f" (+{e['in_flight_counted']} in flight)" if e["in_flight_counted"] else ""
        lines.append(
            f"{describe(r['topology'], options):<30} {r['rps']:>7.1f} "
            f"{r['latency_ms']['p95']:>7.1f} {r['errors']:>7}  "
            f"{'PASS' if e['exact'] else 'FAIL'} {e['counted_answers']}/{e['stored']}/"
            f"{e['server_counted']}{flight}"
        )
    lines += ["", "Per request kind: req/s, p95 ms, errors, counted / not counted beacons"]
    for r in results:
        lines.append(f"  {r['topology']}")
        for kind in KINDS:
            k = r["kinds"][kind]
            beacons = "" if kind == "page" else f"  {k['counted']} / {k['not_counted']}"
            lines.append(
                f"    {kind:<8} {k['rps']:>7.1f} {k['latency_ms']['p95']:>8.1f} "
                f"{k['non2xx']:>5}{beacons}"
            )
    lines.append("")
    for r in results:
        e, cpu = r["exactness"], r["cpu"]
        # req/s per core the test itself used (busy cores minus other processes)
        per_core = r["rps"] / max(cpu["machine_busy_cores"] - cpu["other_load_cores"], 0.01)
        lines += [
            f"  {r['topology']}: {e['articles_with_views']} articles viewed, "
            f"{len(e['article_mismatches'])} mismatching; repeat counted {e['repeat_counted']}, "
            f"crawler counted {e['crawler_counted']}, new not counted {e['new_not_counted']}; "
            f"Set-Cookie {sum(k['set_cookie'] for k in r['kinds'].values())}",
            f"    socket errors {r['socket_errors']}; CPU ms per request: "
            f"{cpu['ms_per_request']}; busy cores {cpu['machine_busy_cores']}, "
            f"of which other processes {cpu['other_load_cores']}; "
            f"load average before {r['loadavg_before']}",
            f"    req/s per core left to the test: {per_core:.1f}",
        ]
        if options.mode == "buffered":
            lines.append(
                f"    buffer batches flushed: {r['flush_batches']['by_the_servers']} by the "
                f"servers during the run, {r['flush_batches']['at_the_end']} at the end"
            )
        if r["cross_server_probe"]:
            p = r["cross_server_probe"]
            lines.append(
                f"    cross-server probe: {p['probes']} visitors, wrong {p['wrong_answers']}"
            )
        if r["orphaned_flush_lock_ttl"] is not None:
            lines.append(
                f"    flush lock left by a stopped worker (TTL {r['orphaned_flush_lock_ttl']} s)"
            )
    db = privacy_result["database"]
    redis_keys = sum(r["keys"] for r in privacy_result["redis"].values())
    redis_hits = sum(r["matching"] for r in privacy_result["redis"].values())
    lines += [
        "",
        f"Privacy scan: {'PASS' if privacy_result['clean'] else 'FAIL'}: "
        f"{db['columns']} text-like columns of {db['tables']} tables ({db['rows']} rows): "
        f"{len(db['hits'])} holding an address or user agent; {redis_keys} Redis keys: "
        f"{redis_hits}; sessions stored: {privacy_result['sessions']}; controls found "
        f"(the hot article's title, the app's Redis keys): {privacy_result['controls']}",
    ]
    for hit in db["hits"]:
        lines.append(
            f"  {hit['table']}.{hit['column']}: {hit['rows']} rows, e.g. {hit['sample']!r}"
        )
    errors = sum(r["errors"] for r in results)
    lines.append(f"Errors: {errors} ({'PASS' if errors == 0 else 'MISS'}, target 0)")
    return [*lines, "", harness.describe_machine(machine)]


# -- main ------------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    harness.add_server_arguments(parser, "wn_load_bench", seconds=60)
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
    parser.add_argument("--output", type=Path, default=harness.RESULTS_DIR / "loadtest")
    options = parser.parse_args(argv)
    options.topologies = [t for t in options.topologies.split(",") if t]
    if set(options.topologies) - {"single", "pair"}:
        parser.error("--topologies takes single and/or pair")
    options.sections = max(1, min(options.sections, len(SECTIONS)))
    return options


def main(argv=None):
    options = parse_args(argv)
    started = time.monotonic()
    os.environ["LOADTEST_FLUSH_INTERVAL"] = str(options.flush_interval)
    harness.server_setup(options, "loadtest")
    results, privacy_result = [], None
    try:
        articles = build_site(options)
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
        harness.server_teardown(options)

    lines = report_lines(results, privacy_result, options, articles, info)
    print("\n" + "\n".join(lines))
    exact = all(r["exactness"]["exact"] for r in results)
    report = {
        "benchmark": "wagtail-news load test",
        "options": {
            key: str(value.resolve().relative_to(harness.REPO_DIR))
            if isinstance(value, Path) and value.resolve().is_relative_to(harness.REPO_DIR)
            else value
            for key, value in vars(options).items()
        },
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
    harness.write_results(options.output, report, "\n".join(lines))
    return 0 if exact and privacy_result["clean"] else 1


if __name__ == "__main__":
    sys.exit(main())
