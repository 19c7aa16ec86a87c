"""Where a beacon request spends its time (companion of ``beacon.py``).

    .venv/bin/python benchmarks/profile_beacon.py [--requests 500] [--py-spy 10]
        [--json benchmarks/results/profile.json]

On a fresh PostgreSQL database (``wagtail_news_bench_profile``) with the same
site as ``beacon.py``:

1. In-process, through Django's test client (full middleware stack, no
   HTTP server): milliseconds per request of the bare view and of the beacon
   in direct and buffered mode, SQL queries and Redis round trips per
   request, and the time of each step of the beacon (timers wrapped around
   the app's functions at run time; nothing in the app is changed).
2. With ``--py-spy SECONDS``: gunicorn (2 sync workers) under wrk load, both
   workers sampled by py-spy (``pip install py-spy``), including time spent
   waiting for PostgreSQL and Redis; samples are grouped by beacon step and by
   kind (SQL building in the ORM, waiting on PostgreSQL, Redis, other Python).
"""

import argparse
import collections
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import beacon  # noqa: E402  (benchmarks/beacon.py)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/wagtail_news_bench_profile"
USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36"
)


# -- in-process ---------------------------------------------------------------------


class Timers:
    """Wraps functions with wall-clock accumulators (inclusive times)."""

    def __init__(self):
        self.totals = collections.defaultdict(float)
        self.calls = collections.Counter()
        self.undo = []

    def wrap(self, owner, name, label, static=False):
        original = owner.__dict__[name] if static else getattr(owner, name)
        function = original.__func__ if static else original
        totals, calls = self.totals, self.calls

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                totals[label] += time.perf_counter() - started
                calls[label] += 1

        setattr(owner, name, staticmethod(timed) if static else timed)
        self.undo.append((owner, name, original))

    def reset(self):
        self.totals.clear()
        self.calls.clear()

    def restore(self):
        for owner, name, original in reversed(self.undo):
            setattr(owner, name, original)
        self.undo.clear()


class RedisCounter:
    """Counts Redis round trips (single commands and pipelines)."""

    def __init__(self):
        import redis.client

        self.count = 0
        self.originals = (redis.client.Redis.execute_command, redis.client.Pipeline.execute)
        counter = self
        plain, pipeline = self.originals

        def execute_command(self, *args, **kwargs):
            counter.count += 1
            return plain(self, *args, **kwargs)

        def execute(self, *args, **kwargs):
            counter.count += 1
            return pipeline(self, *args, **kwargs)

        redis.client.Redis.execute_command = execute_command
        redis.client.Pipeline.execute = execute

    def restore(self):
        import redis.client

        redis.client.Redis.execute_command, redis.client.Pipeline.execute = self.originals


def install_timers():
    from wagtail.models import Site

    from wagtail_news import views
    from wagtail_news.counting import buffer, recording, redis_path, rules, store

    timers = Timers()
    timers.wrap(Site, "find_for_request", "  site lookup (Site.find_for_request)", static=True)
    timers.wrap(views, "count_request", "count_request")
    timers.wrap(recording, "countable_page_id", "  article check (countable_page_id)")
    timers.wrap(redis_path, "run", "  redis script (answer, visitor, buffer)")
    timers.wrap(recording, "refusal", "  rules: refusal (crawler, prefetch)")
    timers.wrap(recording, "first_view_in_window", "  first_view_in_window")
    timers.wrap(rules, "visitor_key", "    visitor_key (client IP + HMAC)")
    timers.wrap(recording, "count_view", "  count_view")
    timers.wrap(recording, "add_view", "    direct: add_view (2 upserts)")
    timers.wrap(buffer.Buffer, "add", "    buffered: Buffer.add (HINCRBY pipeline)")
    timers.wrap(buffer, "get_buffer", "    buffered: get_buffer (new Buffer)")
    timers.wrap(recording, "get_view_count", "    get_view_count (total for response)")
    timers.wrap(views, "beacon_response", "beacon_response (JSON)")
    _ = store
    return timers


def in_process(page_id, requests):
    from django.db import connection
    from django.test import Client, override_settings

    client = Client()
    serial = iter(range(1, 10**9))

    def post(path):
        n = next(serial)
        return client.post(
            path,
            HTTP_USER_AGENT=USER_AGENT,
            HTTP_X_FORWARDED_FOR=f"2001:db8:ff:{n >> 32:x}:{(n >> 16) & 0xFFFF:x}::{n & 0xFFFF:x}"
            ", 127.0.0.1",
            REMOTE_ADDR="127.0.0.1",
        )

    beacon_path = f"/en/news/views/{page_id}/"
    modes = {
        "bare": ("/bench/bare/", None),
        "direct": (beacon_path, None),
        "buffered": (beacon_path, "views_buffer"),
    }
    results = {}
    timers = install_timers()
    redis_counter = RedisCounter()
    try:
        for target, (path, buffer_alias) in modes.items():
            settings = {
                "CLIENT_IP_PROXY_COUNT": 1,
                "VIEW_COUNT_BUFFER": buffer_alias,
                "VIEW_COUNT_VISITOR_CACHE": buffer_alias or "default",
            }
            with override_settings(WAGTAIL_NEWS=settings):
                beacon.clear_visitor_keys()  # keys of an earlier run would make "seen" visitors
                for _ in range(20):  # warm up
                    assert post(path).status_code in (200, 204)
                queries = []

                def log_query(execute, sql, params, many, context, queries=queries):
                    queries.append(sql)
                    return execute(sql, params, many, context)

                with connection.execute_wrapper(log_query):
                    redis_before = redis_counter.count
                    response = post(path)
                    redis_trips = redis_counter.count - redis_before
                body = response.content.decode()
                if buffer_alias is not None or path == beacon_path:
                    assert '"counted": true' in body, body
                samples = []
                timers.reset()
                for _ in range(3):
                    started = time.perf_counter()
                    for _ in range(requests // 3):
                        post(path)
                    samples.append((time.perf_counter() - started) / (requests // 3) * 1000)
                steps = {
                    label: round(total / (3 * (requests // 3)) * 1000, 3)
                    for label, total in sorted(timers.totals.items(), key=step_order)
                }
                if buffer_alias:
                    beacon.flush_buffer()
            results[target] = {
                "ms_per_request": round(statistics.median(samples), 3),
                "ms_samples": [round(s, 3) for s in samples],
                "sql_queries": len(queries),
                "sql": queries,
                "redis_round_trips": redis_trips,
                "response": body,
                "steps_ms": steps,
            }
    finally:
        redis_counter.restore()
        timers.restore()
    return results


STEP_ORDER = [
    "count_request",
    "  article check",
    "  site lookup",
    "  redis script",
    "  rules",
    "  first_view",
    "    visitor_key",
    "  count_view",
    "    direct",
    "    buffered: get_buffer",
    "    buffered: Buffer",
    "    get_view_count",
    "beacon_response",
]


def step_order(item):
    label = item[0]
    for index, prefix in enumerate(STEP_ORDER):
        if label.startswith(prefix):
            return index
    return len(STEP_ORDER)


def cprofile_beacon(page_id, requests, top=30):
    """cProfile of direct-mode beacon requests: the functions with the most
    cumulative time, per request (profiler overhead included)."""
    import cProfile
    import io
    import pstats

    from django.test import Client, override_settings

    client = Client()
    path = f"/en/news/views/{page_id}/"
    settings = {"CLIENT_IP_PROXY_COUNT": 1, "VIEW_COUNT_BUFFER": None}
    with override_settings(WAGTAIL_NEWS=settings):
        beacon.clear_visitor_keys()
        profiler = cProfile.Profile()
        for n in range(requests):
            forwarded = f"2001:db8:fe:{n >> 16:x}::{n & 0xFFFF:x}, 127.0.0.1"
            if n == 20:  # after a warm-up
                profiler.enable()
            client.post(
                path,
                HTTP_USER_AGENT=USER_AGENT,
                HTTP_X_FORWARDED_FOR=forwarded,
                REMOTE_ADDR="127.0.0.1",
            )
        profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(
        r"wagtail_news|wagtail/models|query\.py|compiler", top
    )
    return out.getvalue()


def crawlerdetect_cost():
    """crawlerdetect per user agent, uncached (the app's detector keeps an LRU
    cache, so the benchmark's single user agent is always a hit)."""
    from wagtail_news.counting.rules import _crawlers

    check = _crawlers._check_crawler
    started = time.perf_counter()
    for _ in range(200):
        check(USER_AGENT)
    uncached = (time.perf_counter() - started) / 200 * 1000
    started = time.perf_counter()
    for _ in range(2000):
        _crawlers.is_crawler(USER_AGENT)
    cached = (time.perf_counter() - started) / 2000 * 1000
    return {"uncached_ms": round(uncached, 4), "cached_ms": round(cached, 4)}


# -- py-spy under gunicorn ------------------------------------------------------------

# (phase, (function name, file-name fragment)) from the innermost outwards:
# a sample belongs to the innermost phase on its stack.
PHASES = [
    ("site lookup", ("find_for_request", "wagtail/models/sites.py")),
    ("site root paths (cache get)", ("get_site_root_paths", "wagtail/models/sites.py")),
    ("article check query", ("countable_page_id", "counting/recording.py")),
    ("redis script", ("run", "counting/redis_path.py")),
    ("rules: refusal", ("refusal", "counting/rules.py")),
    ("visitor key (IP, HMAC)", ("visitor_key", "counting/rules.py")),
    ("cache.add (visitor)", ("first_view_in_window", "counting/rules.py")),
    ("direct write (upserts)", ("add_views", "counting/store.py")),
    ("buffer: get_buffer()", ("get_buffer", "counting/buffer.py")),
    ("buffer: HINCRBY", ("add", "counting/buffer.py")),
    ("total for response", ("get_view_count", "counting/reading.py")),
    ("JSON response", ("beacon_response", "wagtail_news/views.py")),
    ("bare view", ("bare_view", "benchmarks/urls.py")),
]


def frame_function(frame):
    """``"Site.find_for_request (wagtail/models/sites.py:150)"`` -> ``"find_for_request"``."""
    return frame.split(" (", 1)[0].rsplit(".", 1)[-1]


def classify(stack):
    """(phase, kind) of one sample, or None outside request handling."""
    frames = stack.split(";")
    if not any(frame_function(f) == "handle_request" for f in frames):
        return None
    phase = "Django + gunicorn (middleware, routing, HTTP)"
    for frame in reversed(frames):
        name = frame_function(frame)
        found = next((p for p, (fn, frag) in PHASES if name == fn and frag in frame), None)
        if found:
            phase = found
            break
    if any(" (psycopg/" in f for f in frames):
        kind = "PostgreSQL (waiting + driver)"
    elif any(" (redis/" in f for f in frames):
        kind = "Redis (waiting + client)"
    elif any(" (django/db/models/" in f for f in frames):
        kind = "ORM (building SQL, models)"
    else:
        kind = "other Python"
    return phase, kind


def py_spy_profile(page_id, seconds, connections, workdir):
    py_spy = Path(sys.executable).parent / "py-spy"
    results = {}
    for run_id, mode in enumerate(("bare", "direct", "buffered"), start=100):
        path = "/bench/bare/" if mode == "bare" else f"/en/news/views/{page_id}/"
        server = beacon.Gunicorn(mode, 2, "sync", 1, workdir / f"gunicorn-{mode}.log")
        try:
            server.wait_until_ready()
            url = server.base_url + path
            beacon.clear_visitor_keys()
            beacon.run_wrk(url, 2, connections, run_id * 2)
            outputs, spies = [], []
            for pid in beacon.worker_pids(server.process.pid):
                output = workdir / f"py-spy-{mode}-{pid}.txt"
                outputs.append(output)
                spies.append(
                    subprocess.Popen(  # noqa: S603
                        [str(py_spy), "record", "--idle", "--format", "raw", "--rate", "250"]
                        + ["--duration", str(seconds), "--pid", str(pid), "-o", str(output)],
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL,
                    )
                )
            load = beacon.run_wrk(url, seconds + 1, connections, run_id * 2 + 1)
            for spy in spies:
                try:
                    spy.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    spy.kill()
                    spy.wait()
        finally:
            server.stop()
        phases = collections.Counter()
        kinds = collections.Counter()
        grid = collections.Counter()
        idle = total = 0
        for output in outputs:
            if not output.exists():
                continue
            for line in output.read_text().splitlines():
                stack, _, count = line.rpartition(" ")
                count = int(count)
                total += count
                found = classify(stack)
                if found is None:
                    idle += count
                    continue
                phases[found[0]] += count
                kinds[found[1]] += count
                grid[found] += count
        busy = sum(phases.values())

        def shares(counter, busy=busy):
            return {k: round(v / busy * 100, 1) for k, v in counter.most_common()} if busy else {}

        results[mode] = {
            "rps_while_sampled": round(load["requests"] / (load["duration_us"] / 1e6), 1),
            "samples": total,
            "busy_percent": round(busy / total * 100, 1) if total else None,
            "phase_percent": shares(phases),
            "kind_percent": shares(kinds),
            "phase_kind_percent": {f"{p} / {k}": v for (p, k), v in shares(grid).items()},
        }
    return results


# -- CPU accounting under gunicorn -------------------------------------------------------


def cpu_profile(page_id, seconds, connections, workdir):
    """CPU milliseconds per request, by process: gunicorn, the PostgreSQL
    backends of the benchmark database, Redis, wrk (and the machine's load)."""
    results = {}
    for run_id, mode in enumerate(("bare", "direct", "buffered"), start=200):
        path = "/bench/bare/" if mode == "bare" else f"/en/news/views/{page_id}/"
        server = beacon.Gunicorn(mode, 2, "sync", 1, workdir / f"gunicorn-cpu-{mode}.log")
        try:
            server.wait_until_ready()
            url = server.base_url + path
            beacon.clear_visitor_keys()
            beacon.run_wrk(url, 3, connections, run_id * 2)
            time.sleep(1)
            meter = beacon.CpuMeter(server)
            load = beacon.run_wrk(url, seconds, connections, run_id * 2 + 1)
            duration = load["duration_us"] / 1e6
            results[mode] = {"rps": round(load["requests"] / duration, 1)}
            results[mode].update(meter.result(load["requests"], duration))
        finally:
            server.stop()
    return results


# -- main -------------------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=600, help="in-process requests per mode")
    parser.add_argument("--py-spy", type=int, default=0, metavar="SECONDS")
    parser.add_argument("--cprofile", type=int, default=0, metavar="REQUESTS")
    parser.add_argument("--cpu", type=int, default=0, metavar="SECONDS")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--json", type=Path, default=beacon.BENCH_DIR / "results" / "profile.json")
    options = parser.parse_args(argv)
    for signum in (beacon.signal.SIGTERM, beacon.signal.SIGHUP):
        beacon.signal.signal(signum, beacon.signal.default_int_handler)

    beacon.configure_environment(options.database_url)
    beacon.recreate_database(options.database_url)
    report = {}
    try:
        beacon.setup_django()
        beacon.migrate()
        page_id = beacon.create_site()
        beacon.clear_caches()
        report["machine"] = beacon.machine_info()
        report["in_process"] = in_process(page_id, options.requests)
        report["crawlerdetect"] = crawlerdetect_cost()
        if options.cprofile:
            report["cprofile_direct"] = cprofile_beacon(page_id, options.cprofile)
        if options.cpu:
            with tempfile.TemporaryDirectory(prefix="wagtail-news-cpu-") as workdir:
                report["cpu"] = cpu_profile(
                    page_id, options.cpu, options.connections, Path(workdir)
                )
        if options.py_spy:
            with tempfile.TemporaryDirectory(prefix="wagtail-news-spy-") as workdir:
                report["py_spy"] = py_spy_profile(
                    page_id, options.py_spy, options.connections, Path(workdir)
                )
    finally:
        beacon.clear_caches()
        beacon.drop_database(options.database_url)

    print("\nIn-process (Django test client, no HTTP server), ms per request:")
    for target, entry in report["in_process"].items():
        print(
            f"  {target:<9} {entry['ms_per_request']:7.2f} ms  "
            f"{entry['sql_queries']} SQL queries, {entry['redis_round_trips']} Redis round trips"
        )
        for label, ms in entry["steps_ms"].items():
            print(f"      {label:<48} {ms:7.3f} ms")
    print(f"  crawlerdetect per user agent: {report['crawlerdetect']}")
    if "cprofile_direct" in report:
        print("\ncProfile, direct mode (cumulative):")
        print(report["cprofile_direct"])
    if "cpu" in report:
        print("\nCPU ms per request under gunicorn (2 sync workers), by process:")
        for mode, entry in report["cpu"].items():
            parts = ", ".join(f"{k} {v:.2f}" for k, v in entry["ms_per_request"].items())
            print(
                f"  {mode:<9} {entry['rps']:8.1f} req/s  {parts}  (other processes used "
                f"{entry['other_load_cores']} of {os.cpu_count()} cores)"
            )
    for mode, entry in report.get("py_spy", {}).items():
        print(
            f"\npy-spy, gunicorn {mode} ({entry['rps_while_sampled']} req/s while sampled; "
            f"workers busy {entry['busy_percent']}% of samples); share of busy samples:"
        )
        for label, share in entry["phase_percent"].items():
            print(f"  {share:5.1f}%  {label}")
        print("  by kind: " + ", ".join(f"{k} {v}%" for k, v in entry["kind_percent"].items()))
    options.json.parent.mkdir(parents=True, exist_ok=True)
    options.json.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nWrote {options.json}")


if __name__ == "__main__":
    main()
