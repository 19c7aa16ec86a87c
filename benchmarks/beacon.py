"""Benchmark of the view-count beacon under gunicorn on PostgreSQL.

    .venv/bin/python benchmarks/beacon.py [--seconds 15] [--connections 16] [--rounds 3]
        [--json benchmarks/results/beacon.json]

Five targets, each served by gunicorn (2 sync workers) on a fresh
PostgreSQL database with one section and one hot article:

- ``bare``: a plain Django view returning 204 (``benchmarks/urls.py``), the
  floor: what any POST through this Django stack costs here;
- ``ping``: the same view plus one Redis round trip (PING through
  django-redis), a second floor: the least any view that counts in Redis
  costs; the buffered beacon is also given as a ratio to it;
- ``direct``: the beacon writing every counted view to the database (by
  default PostgreSQL acknowledges each commit before flushing it to disk);
- ``direct-sync``: the same with ``VIEW_COUNT_SYNCHRONOUS_COMMIT = True``
  (each commit waits for the disk);
- ``buffered``: the beacon buffering views in Redis (``VIEW_COUNT_BUFFER``).

wrk (``benchmarks/beacon.lua``) drives POSTs in which every request is a new
visitor (its own X-Forwarded-For address, a Chrome user agent), so every
beacon request is counted. Each round runs the five targets (in rotated
order); the beacon's figures are given as ratios to the bare view of the same
round, the median over rounds is reported. After every beacon run the stored
count (direct modes: ``PageViewTotal``; buffered: after ``flush_news_views``) is
checked against the counted responses. Results are printed and written as
JSON. Nothing is left running: gunicorn is stopped after each run.

Benchmark dependencies (not the app's): ``pip install gunicorn`` into the
venv and wrk (``apt-get install wrk``); PostgreSQL and Redis servers.
"""

import argparse
import json
import os
import signal  # noqa: F401 (profile_beacon.py uses beacon.signal)
import statistics
import tempfile
import time
from pathlib import Path

import harness
from harness import (  # noqa: F401 (also used by profile_beacon.py, api_list.py, import_news.py)
    BENCH_DIR,
    CpuMeter,
    Gunicorn,
    clear_caches,
    clear_visitor_keys,
    configure_environment,
    count_visitor_keys,
    drop_database,
    flush_buffer,
    machine_info,
    migrate,
    recreate_database,
    setup_django,
    stored_views,
    worker_pids,
)

LUA_SCRIPT = BENCH_DIR / "beacon.lua"

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/wagtail_news_bench"
TARGETS = ("bare", "ping", "direct", "direct-sync", "buffered")
FLOORS = ("bare", "ping")
GOALS = {"direct": 0.4, "direct-sync": 0.4, "buffered": 0.7}  # minimum ratio to the bare view
PATHS = {"bare": "/bench/bare/", "ping": "/bench/ping/"}


def create_site():
    """A home page (the default site), one section, one hot article; its id."""
    from django.db import transaction

    with transaction.atomic():
        home = harness.create_home()
        section = harness.add_section(home, "Economy", "economy")
        article = harness.add_article(
            section, "The hot article", "hot-article", intro="Everybody reads this one."
        )
    return article.pk


def run_wrk(url, seconds, connections, run_id):
    """wrk with ``beacon.lua``: every request a new visitor of run ``run_id``."""
    return harness.run_wrk(url, seconds, connections, LUA_SCRIPT, [run_id])


# -- one run -----------------------------------------------------------------------


def run_target(target, round_no, run_id, page_id, options, log_dir):
    """Serve ``target`` with a fresh gunicorn, warm up, measure, check."""
    path = PATHS.get(target, f"/en/news/views/{page_id}/")
    server = Gunicorn(
        target,
        options.workers,
        options.worker_class,
        options.threads,
        log_dir / f"gunicorn-{round_no}-{target}.log",
    )
    try:
        server.wait_until_ready()
        url = server.base_url + path
        if options.warmup:
            run_wrk(url, options.warmup, options.connections, run_id * 2)
            time.sleep(1.5)  # requests queued when wrk stopped are still served
        clear_visitor_keys()
        if target == "buffered":
            flush_buffer()
        before = stored_views(page_id)
        meter = CpuMeter(server)
        load = run_wrk(url, options.seconds, options.connections, run_id * 2 + 1)
        cpu = meter.result(load["requests"], load["duration_us"] / 1e6)
    finally:
        server.stop()  # graceful: requests still in flight are finished first
    tracebacks, log_tail = server.errors_in_log()

    latency = load["latency_us"]
    errors = load["errors"]
    result = {
        "target": target,
        "round": round_no,
        "requests": load["requests"],
        "duration_s": load["duration_us"] / 1e6,
        "rps": load["requests"] / (load["duration_us"] / 1e6),
        "latency_ms": {key: value / 1000 for key, value in latency.items()},
        "p95_ms": latency["p95"] / 1000,
        "socket_errors": {key: errors[key] for key in ("connect", "read", "write", "timeout")},
        "non2xx": load["non2xx"],
        "errors": load["non2xx"] + sum(errors[k] for k in ("connect", "read", "write", "timeout")),
        "server_tracebacks": tracebacks,
        "cpu": cpu,
    }
    if tracebacks:
        result["server_log_tail"] = log_tail
    if target not in FLOORS:
        if target == "buffered":
            flush_buffer()
        after = stored_views(page_id)
        stored = after[0] - before[0]
        stored_days = after[1] - before[1]
        server_counted = count_visitor_keys()
        unanswered = load["sent"] - load["received"]
        counted = load["counted"]
        result["exactness"] = {
            "counted_responses": counted,
            "not_counted_responses": load["not_counted"],
            "stored": stored,
            "stored_days": stored_days,
            "server_counted": server_counted,
            "unanswered_at_stop": unanswered,
            "in_flight_counted": stored - counted,
            # Every view the server counted is stored exactly once (totals and
            # days agree), and the responses account for all of them except
            # requests still in flight when wrk stopped (they got no response).
            "exact": (
                stored == server_counted == stored_days
                and counted <= stored <= counted + unanswered
                and load["not_counted"] == 0
            ),
        }
    return result


# -- reporting ---------------------------------------------------------------------


def per_round_ratios(mine, runs, floor, field="rps"):
    """``field`` of each of ``mine`` divided by the ``floor`` run's of the
    same round (rounds without that floor are left out)."""
    floors = {r["round"]: r[field] for r in runs if r["target"] == floor}
    return [r[field] / floors[r["round"]] for r in mine if r["round"] in floors]


def summarize(runs, rounds):
    summary = {}
    for target in TARGETS:
        mine = [r for r in runs if r["target"] == target]
        if not mine:
            continue
        entry = {
            "rps_median": statistics.median(r["rps"] for r in mine),
            "p95_ms_median": statistics.median(r["p95_ms"] for r in mine),
            "errors": sum(r["errors"] for r in mine),
            "server_tracebacks": sum(r["server_tracebacks"] for r in mine),
            "rps_rounds": [round(r["rps"], 1) for r in mine],
            "p95_ms_rounds": [round(r["p95_ms"], 2) for r in mine],
            "gunicorn_cpu_ms_per_request_median": statistics.median(
                r["cpu"]["ms_per_request"]["gunicorn"] for r in mine
            ),
            "postgres_cpu_ms_per_request_median": statistics.median(
                r["cpu"]["ms_per_request"]["postgres"] for r in mine
            ),
            "other_load_cores_rounds": [r["cpu"]["other_load_cores"] for r in mine],
        }
        if target != "bare":
            ratios = per_round_ratios(mine, runs, "bare")
            entry["ratio_rounds"] = [round(x, 3) for x in ratios]
            entry["ratio_median"] = statistics.median(ratios) if ratios else None
        if target not in FLOORS:
            p95_ratios = per_round_ratios(mine, runs, "bare", "p95_ms")
            ping_ratios = per_round_ratios(mine, runs, "ping")
            entry["p95_ratio_median"] = statistics.median(p95_ratios) if p95_ratios else None
            entry["ratio_to_ping_rounds"] = [round(x, 3) for x in ping_ratios]
            entry["ratio_to_ping_median"] = statistics.median(ping_ratios) if ping_ratios else None
            entry["goal"] = GOALS[target]
            entry["verdict"] = (
                "PASS" if ratios and entry["ratio_median"] >= GOALS[target] else "MISS"
            )
            checks = [r["exactness"] for r in mine]
            entry["exact"] = all(c["exact"] for c in checks)
            entry["exactness_rounds"] = checks
        summary[target] = entry
    return summary


def print_table(summary, options):
    print()
    print(
        f"View-count beacon, gunicorn {options.workers} {options.worker_class} workers, "
        f"wrk {options.connections} connections, {options.seconds} s x {options.rounds} rounds "
        "(medians)"
    )
    header = (
        f"{'target':<12} {'req/s':>9} {'p95 ms':>8} {'errors':>7} {'ratio':>6} "
        f"{'goal':>6} {'verdict':>7}  exactness (counted responses / stored)"
    )
    print(header)
    print("-" * len(header))
    for target, entry in summary.items():
        ratio = "1.00" if target == "bare" else f"{entry.get('ratio_median') or 0:.2f}"
        goal = "" if target in FLOORS else f">={entry['goal']:.1f}"
        verdict = "floor" if target in FLOORS else entry["verdict"]
        exact = ""
        if target not in FLOORS:
            parts = [
                f"{c['counted_responses']}/{c['stored']}"
                + (f" (+{c['in_flight_counted']} in flight)" if c["in_flight_counted"] else "")
                for c in entry["exactness_rounds"]
            ]
            exact = ("EXACT " if entry["exact"] else "MISMATCH ") + ", ".join(parts)
        print(
            f"{target:<12} {entry['rps_median']:>9.1f} {entry['p95_ms_median']:>8.1f} "
            f"{entry['errors']:>7} {ratio:>6} {goal:>6} {verdict:>7}  {exact}"
        )
    print()
    for target, entry in summary.items():
        line = f"  {target:<12} req/s per round {entry['rps_rounds']}"
        line += f", p95 ms {entry['p95_ms_rounds']}"
        if target != "bare":
            line += f", ratio per round {entry['ratio_rounds']}"
        if entry.get("ratio_to_ping_median") is not None:
            line += f", to ping {entry['ratio_to_ping_median']:.2f}"
        print(line)
    print()
    print("  CPU per request (medians): gunicorn workers / PostgreSQL backends; CPU cores")
    print("  used meanwhile by processes outside the benchmark (noise), per round:")
    for target, entry in summary.items():
        print(
            f"  {target:<12} {entry['gunicorn_cpu_ms_per_request_median']:.2f} ms / "
            f"{entry['postgres_cpu_ms_per_request_median']:.2f} ms; "
            f"other load {entry['other_load_cores_rounds']}"
        )
    tracebacks = sum(entry["server_tracebacks"] for entry in summary.values())
    if tracebacks:
        print(f"\n  WARNING: {tracebacks} tracebacks in the gunicorn logs (see the JSON).")


# -- main ---------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=15, help="measured seconds per run")
    parser.add_argument("--warmup", type=int, default=3, help="warm-up seconds per run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--targets", default=",".join(TARGETS), help="comma-separated subset")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        help="PostgreSQL database to (re)create; its name must contain 'bench'",
    )
    parser.add_argument("--keep-db", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--json", type=Path, default=BENCH_DIR / "results" / "beacon.json", help="output file"
    )
    options = parser.parse_args(argv)
    options.targets = [t for t in options.targets.split(",") if t]
    unknown = set(options.targets) - set(TARGETS)
    if unknown:
        parser.error(f"unknown targets: {', '.join(sorted(unknown))}")
    return options


def main(argv=None):
    options = parse_args(argv)
    harness.require_wrk()
    harness.stop_on_signals()

    started = time.monotonic()
    configure_environment(options.database_url)
    print(f"Creating {options.database_url} ...", flush=True)
    recreate_database(options.database_url)
    setup_django()
    migrate()
    page_id = create_site()
    clear_caches()
    info = machine_info()
    print(f"Database ready in {time.monotonic() - started:.0f} s; hot article id {page_id}.")

    runs = []
    order = [t for t in TARGETS if t in options.targets]
    try:
        with tempfile.TemporaryDirectory(prefix="wagtail-news-bench-") as log_dir:
            run_id = 0
            for round_no in range(1, options.rounds + 1):
                shift = (round_no - 1) % len(order)
                for target in order[shift:] + order[:shift]:
                    run_id += 1
                    result = run_target(target, round_no, run_id, page_id, options, Path(log_dir))
                    runs.append(result)
                    print(
                        f"  round {round_no} {target:<12} {result['rps']:8.1f} req/s  "
                        f"p95 {result['p95_ms']:7.1f} ms  errors {result['errors']}"
                        + (
                            f"  counted {result['exactness']['counted_responses']}"
                            f" stored {result['exactness']['stored']}"
                            if "exactness" in result
                            else ""
                        ),
                        flush=True,
                    )
    finally:
        clear_caches()
        if not options.keep_db:
            drop_database(options.database_url)

    summary = summarize(runs, options.rounds)
    print_table(summary, options)
    report = {
        "benchmark": "wagtail-news view-count beacon",
        "options": {
            "seconds": options.seconds,
            "warmup_seconds": options.warmup,
            "connections": options.connections,
            "rounds": options.rounds,
            "gunicorn_workers": options.workers,
            "worker_class": options.worker_class,
            "threads": options.threads if options.worker_class == "gthread" else 1,
            "load_generator": "wrk -t1 with benchmarks/beacon.lua",
        },
        "machine": info,
        "goals": GOALS,
        "summary": summary,
        "runs": runs,
        "wall_seconds": round(time.monotonic() - started, 1),
    }
    options.json.parent.mkdir(parents=True, exist_ok=True)
    options.json.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nWrote {options.json} ({report['wall_seconds']:.0f} s in all).")


if __name__ == "__main__":
    main()
