"""The view-count beacon under gunicorn on PostgreSQL: requests per second in
direct, direct-sync and buffered mode as ratios to a bare 204 view and to the
same view plus one Redis PING, round by round, with the stored counts checked
against the counted answers (benchmarks/README.md, "``beacon.py``").

Needs gunicorn (the ``bench`` extra), wrk, PostgreSQL and Redis.
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import harness

TARGETS = ("bare", "ping", "direct", "direct-sync", "buffered")
FLOORS = ("bare", "ping")
MODES = {"bare": "direct", "ping": "buffered"}  # the floors' BENCH_MODE
GOALS = {"direct": 0.4, "direct-sync": 0.4, "buffered": 0.7}  # minimum ratio to the bare view
LUA_SCRIPT = harness.BENCH_DIR / "beacon.lua"
CHROME = (  # as in beacon.lua
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36"
)


def run_wrk(url, seconds, connections, run_id):
    """wrk with ``beacon.lua``: every request a new visitor of run ``run_id``."""
    return harness.Wrk(url, seconds, connections, LUA_SCRIPT, [run_id]).wait()


def run_target(target, round_no, run_id, page_id, options, log_dir):
    """Serve ``target`` with a fresh gunicorn, warm up, measure, check."""
    path = f"/bench/{target}/" if target in FLOORS else f"/en/news/views/{page_id}/"
    log_path = log_dir / f"gunicorn-{round_no}-{target}.log"
    workers, worker_class = options.workers, options.worker_class
    server = harness.Gunicorn(
        MODES.get(target, target), workers, log_path, worker_class, options.threads
    )
    try:
        server.wait_until_ready()
        url = server.base_url + path
        if options.warmup:
            run_wrk(url, options.warmup, options.connections, run_id * 2)
            time.sleep(1.5)  # requests queued when wrk stopped are still served
        harness.clear_visitor_keys()
        if target == "buffered":
            harness.flush_buffer()
        before = harness.stored_views_by_page([page_id]).get(page_id, (0, 0))
        meter = harness.CpuMeter(server)
        load = run_wrk(url, options.seconds, options.connections, run_id * 2 + 1)
        cpu = meter.result(load["requests"], load["duration_us"] / 1e6)
    finally:
        server.stop()  # graceful: requests still in flight are finished first
    tracebacks, log_tail = server.errors_in_log()
    socket_errors = {key: load["errors"][key] for key in ("connect", "read", "write", "timeout")}
    result = {
        "target": target,
        "round": round_no,
        "requests": load["requests"],
        "duration_s": load["duration_us"] / 1e6,
        "rps": load["requests"] / (load["duration_us"] / 1e6),
        "latency_ms": {key: value / 1000 for key, value in load["latency_us"].items()},
        "p95_ms": load["latency_us"]["p95"] / 1000,
        "socket_errors": socket_errors,
        "non2xx": load["non2xx"],
        "errors": load["non2xx"] + sum(socket_errors.values()),
        "server_tracebacks": tracebacks,
        "cpu": cpu,
    }
    if tracebacks:
        result["server_log_tail"] = log_tail
    if target not in FLOORS:
        if target == "buffered":
            harness.flush_buffer()
        after = harness.stored_views_by_page([page_id]).get(page_id, (0, 0))
        stored, stored_days = after[0] - before[0], after[1] - before[1]
        server_counted = harness.count_visitor_keys()
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


def crawlerdetect_cost():
    """crawlerdetect per user agent, uncached and through its LRU cache (the
    benchmark's single user agent is always a hit): ms."""
    from wagtail_news.counting.rules import _crawlers

    cost = {}
    for name, check, count in (
        ("uncached_ms", _crawlers._check_crawler, 200),
        ("cached_ms", _crawlers.is_crawler, 2000),
    ):
        started = time.perf_counter()
        for _ in range(count):
            check(CHROME)
        cost[name] = round((time.perf_counter() - started) / count * 1000, 4)
    return cost


# -- reporting ---------------------------------------------------------------------


def summarize(runs):
    summary = {}
    by_round = {floor: {r["round"]: r for r in runs if r["target"] == floor} for floor in FLOORS}

    def to_floor(mine, floor, field="rps"):
        """``field`` of each run over the ``floor`` run's of the same round."""
        pairs = [
            (r[field], by_round[floor][r["round"]][field])
            for r in mine
            if r["round"] in by_round[floor]
        ]
        return harness.median_ratio(*zip(*pairs, strict=True)) if pairs else (None, [])

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
            entry["ratio_median"], entry["ratio_rounds"] = to_floor(mine, "bare")
        if target not in FLOORS:
            entry["p95_ratio_median"] = to_floor(mine, "bare", "p95_ms")[0]
            entry["ratio_to_ping_median"], entry["ratio_to_ping_rounds"] = to_floor(mine, "ping")
            entry["goal"] = GOALS[target]
            entry["verdict"] = "PASS" if (entry["ratio_median"] or 0) >= GOALS[target] else "MISS"
            entry["exactness_rounds"] = [r["exactness"] for r in mine]
            entry["exact"] = all(c["exact"] for c in entry["exactness_rounds"])
        summary[target] = entry
    return summary


def report_lines(summary, options):
    lines = [
        f"View-count beacon, gunicorn {options.workers} {options.worker_class} workers, "
        f"wrk {options.connections} connections, {options.seconds} s x {options.rounds} rounds "
        "(medians)",
        f"{'target':<12} {'req/s':>9} {'p95 ms':>8} {'errors':>7} {'ratio':>6} "
        f"{'goal':>6} {'verdict':>7}  exactness (counted responses / stored)",
    ]
    lines.append("-" * len(lines[-1]))
    for target, entry in summary.items():
        ratio = "1.00" if target == "bare" else f"{entry.get('ratio_median') or 0:.2f}"
        goal, verdict, exact = "", "floor", ""
        if target not in FLOORS:
            goal, verdict = f">={entry['goal']:.1f}", entry["verdict"]
            exact = ("EXACT " if entry["exact"] else "MISMATCH ") + ", ".join(
                f"{c['counted_responses']}/{c['stored']}"
                + (f" (+{c['in_flight_counted']} in flight)" if c["in_flight_counted"] else "")
                for c in entry["exactness_rounds"]
            )
        lines.append(
            f"{target:<12} {entry['rps_median']:>9.1f} {entry['p95_ms_median']:>8.1f} "
            f"{entry['errors']:>7} {ratio:>6} {goal:>6} {verdict:>7}  {exact}"
        )
    lines.append("")
    for target, entry in summary.items():
        line = (
            f"  {target:<12} req/s per round {entry['rps_rounds']}, p95 ms {entry['p95_ms_rounds']}"
        )
        if target != "bare":
            line += f", ratio per round {entry['ratio_rounds']}"
        if entry.get("ratio_to_ping_median") is not None:
            line += f", to ping {entry['ratio_to_ping_median']:.2f}"
        lines.append(line)
    lines += [
        "",
        "  CPU per request (medians): gunicorn workers / PostgreSQL backends; CPU cores",
        "  used meanwhile by processes outside the benchmark (noise), per round:",
    ]
    for target, entry in summary.items():
        lines.append(
            f"  {target:<12} {entry['gunicorn_cpu_ms_per_request_median']:.2f} ms / "
            f"{entry['postgres_cpu_ms_per_request_median']:.2f} ms; "
            f"other load {entry['other_load_cores_rounds']}"
        )
    tracebacks = sum(entry["server_tracebacks"] for entry in summary.values())
    if tracebacks:
        lines.append(f"\n  WARNING: {tracebacks} tracebacks in the gunicorn logs (see the JSON).")
    return lines


# -- main ---------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    harness.add_server_arguments(parser, "wagtail_news_bench", seconds=15)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--targets", default=",".join(TARGETS), help="comma-separated subset")
    parser.add_argument("--json", type=Path, default=harness.RESULTS_DIR / "beacon.json")
    options = parser.parse_args(argv)
    options.targets = [t for t in options.targets.split(",") if t]
    unknown = set(options.targets) - set(TARGETS)
    if unknown:
        parser.error(f"unknown targets: {', '.join(sorted(unknown))}")
    return options


def main(argv=None):
    options = parse_args(argv)
    started = time.monotonic()
    harness.server_setup(options, "beacon")
    _, sections = harness.build_site(["economy"])
    page_id = harness.add_article(sections["economy"], "The hot article", "hot-article").pk
    info = harness.machine_info()
    lines = [f"Database ready in {time.monotonic() - started:.0f} s; hot article id {page_id}."]
    print(lines[0])
    runs, run_id = [], 0
    order = [t for t in TARGETS if t in options.targets]
    try:
        with tempfile.TemporaryDirectory(prefix="wagtail-news-bench-") as log_dir:
            for round_no in range(1, options.rounds + 1):
                shift = (round_no - 1) % len(order)
                for target in order[shift:] + order[:shift]:
                    run_id += 1
                    run = run_target(target, round_no, run_id, page_id, options, Path(log_dir))
                    runs.append(run)
                    check = run.get("exactness")
                    lines.append(
                        f"  round {round_no} {target:<12} {run['rps']:8.1f} req/s  "
                        f"p95 {run['p95_ms']:7.1f} ms  errors {run['errors']}"
                        + (
                            f"  counted {check['counted_responses']} stored {check['stored']}"
                            if check
                            else ""
                        )
                    )
                    print(lines[-1], flush=True)
    finally:
        harness.server_teardown(options)
    summary, crawlerdetect = summarize(runs), crawlerdetect_cost()
    table = report_lines(summary, options)
    table += [f"  crawlerdetect per user agent: {crawlerdetect}", harness.describe_machine(info)]
    print("\n" + "\n".join(table))
    report = {
        "benchmark": "wagtail-news view-count beacon",
        "options": {
            **{
                key: getattr(options, key) for key in ("seconds", "warmup", "connections", "rounds")
            },
            "gunicorn_workers": options.workers,
            "worker_class": options.worker_class,
            "threads": options.threads if options.worker_class == "gthread" else 1,
            "load_generator": "wrk -t1 with benchmarks/beacon.lua",
        },
        "machine": info,
        "goals": GOALS,
        "summary": summary,
        "crawlerdetect": crawlerdetect,
        "runs": runs,
        "wall_seconds": round(time.monotonic() - started, 1),
    }
    harness.write_results(options.json.with_suffix(""), report, "\n".join([*lines, "", *table]))


if __name__ == "__main__":
    main()
