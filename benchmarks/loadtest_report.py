"""The figures and checks of the load test (``loadtest.py``) and its report.

``summarize_load`` turns the wrk results (``loadtest.lua``'s ``WRK_JSON``
lines and timing files) into req/s, latency percentiles and errors, in all
and per request kind; ``check_exactness`` compares what the readers were
told with what was stored; ``report_lines`` is the printed table.
"""

import math
from pathlib import Path

import harness

KINDS = ("page", "new", "repeat", "crawler")


# -- figures and checks ----------------------------------------------------------------------


def percentiles(values):
    ordered = sorted(values)
    if not ordered:
        return {"p50": 0, "p95": 0, "p99": 0, "max": 0}

    def at(p):
        return ordered[max(math.ceil(len(ordered) * p / 100) - 1, 0)] / 1000

    return {"p50": at(50), "p95": at(95), "p99": at(99), "max": ordered[-1] / 1000}


def read_timings(paths):
    timings = {kind: [] for kind in KINDS}
    for path in paths:
        for line in Path(path).read_text().splitlines():
            kind, value = line.split()
            timings[kind].append(int(value))
    return timings


def summarize_load(loads):
    """req/s, latency (ms) and errors, in all and per request kind."""
    duration = max(load["duration_us"] for load, _ in loads) / 1e6
    timings = read_timings(path for _, path in loads)
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
                    "unanswered": unanswered.get(pk, 0),
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


# -- reporting ---------------------------------------------------------------------------


def per_core(result):
    """req/s divided by the cores the test itself used (busy minus other
    processes): on a shared machine the figure that compares topologies."""
    cpu = result["cpu"]
    return result["rps"] / max(cpu["machine_busy_cores"] - cpu["other_load_cores"], 0.01)


def describe(topology, options):
    if topology == "single":
        return f"single: 1 gunicorn x {options.workers} workers"
    return f"pair: 2 gunicorn x {options.pair_workers} worker" + (
        "s" if options.pair_workers > 1 else ""
    )


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
                f"{k['non2xx'] + 0:>5}{beacons}"
            )
    lines.append("")
    for r in results:
        e = r["exactness"]
        lines.append(
            f"  {r['topology']}: {e['articles_with_views']} articles viewed, "
            f"{len(e['article_mismatches'])} mismatching; repeat counted {e['repeat_counted']}, "
            f"crawler counted {e['crawler_counted']}, new not counted {e['new_not_counted']}; "
            f"Set-Cookie {sum(k['set_cookie'] for k in r['kinds'].values())}"
        )
        lines.append(
            f"    socket errors {r['socket_errors']}; CPU ms per request: "
            f"{r['cpu']['ms_per_request']}; busy cores {r['cpu']['machine_busy_cores']}, "
            f"of which other processes {r['cpu']['other_load_cores']}; "
            f"load average before {r['loadavg_before']}"
        )
        lines.append(f"    req/s per core left to the test: {per_core(r):.1f}")
        if options.mode == "buffered":
            lines.append(
                f"    buffer batches flushed: {r['flush_batches']['by_the_servers']} by the "
                f"servers during the run, {r['flush_batches']['at_the_end']} at the end"
            )
        if r["cross_server_probe"]:
            p = r["cross_server_probe"]
            lines.append(
                f"    cross-server probe: {p['probes']} visitors, wrong answers "
                f"{p['wrong_answers']}"
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
    lines += ["", describe_machine(machine)]
    return lines


def describe_machine(m):
    return (
        f"Machine: {m['nproc']} x {m['cpu_model']}, {m['memory']} RAM, load average at start "
        f"{' '.join(m['loadavg_at_start'])}; Python {m['python']}, Django {m['django']}, "
        f"Wagtail {m['wagtail']}, gunicorn {m['gunicorn']}, {m['wrk']}, "
        f"{' '.join(m['postgresql'].split()[:2])} (fsync {m['postgresql_settings']['fsync']}), "
        f"Redis {m['redis']}; {m['date']}, commit {m['git_commit'][:10]}"
        + (" with uncommitted changes" if m["git_dirty"] else "")
    )
