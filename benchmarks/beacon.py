"""Benchmark of the view-count beacon under gunicorn on PostgreSQL.

    .venv/bin/python benchmarks/beacon.py [--seconds 15] [--connections 16] [--rounds 3]
        [--json benchmarks/results/beacon.json]

Three targets, each served by gunicorn (2 sync workers) on a fresh
PostgreSQL database with one section and one hot article:

- ``bare``: a plain Django view returning 204 (``benchmarks/urls.py``), the
  floor: what any POST through this Django stack costs here;
- ``direct``: the beacon writing every counted view to the database;
- ``buffered``: the beacon buffering views in Redis (``VIEW_COUNT_BUFFER``).

wrk (``benchmarks/beacon.lua``) drives POSTs in which every request is a new
visitor (its own X-Forwarded-For address, a Chrome user agent), so every
beacon request is counted. Each round runs the three targets (in rotated
order); the beacon's figures are given as ratios to the bare view of the same
round, the median over rounds is reported. After every beacon run the stored
count (direct: ``PageViewTotal``; buffered: after ``flush_news_views``) is
checked against the counted responses. Results are printed and written as
JSON. Nothing is left running: gunicorn is stopped after each run.

Benchmark dependencies (not the app's): ``pip install gunicorn`` into the
venv and wrk (``apt-get install wrk``); PostgreSQL and Redis servers.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
EXAMPLE_DIR = REPO_DIR / "example_project"
LUA_SCRIPT = BENCH_DIR / "beacon.lua"

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/wagtail_news_bench"
TARGETS = ("bare", "direct", "buffered")
GOALS = {"direct": 0.4, "buffered": 0.7}  # minimum ratio to the bare view
VISITOR_KEYS = "wagtail_news:visitor:*"


# -- Django in this process (database setup and checks) --------------------------


def configure_environment(database_url):
    """Settings for this process and the gunicorn children."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    # This process flushes the buffer, so it sees both caches.
    os.environ["BENCH_MODE"] = "buffered"
    for path in (str(EXAMPLE_DIR), str(REPO_DIR)):
        if path not in sys.path:
            sys.path.insert(0, path)


DROP_DATABASE = "DROP DATABASE IF EXISTS {} WITH (FORCE)"


def _database_admin(database_url):
    """(name of the benchmark database, autocommit connection to "postgres")."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(database_url)
    params = {
        "dbname": "postgres",
        "user": config.get("USER"),
        "password": config.get("PASSWORD"),
        "host": config.get("HOST"),
        "port": config.get("PORT"),
    }
    params = {key: value for key, value in params.items() if value}
    return config["NAME"], psycopg.connect(autocommit=True, **params)


def recreate_database(database_url):
    """Drop and create the benchmark database (its name must contain "bench")."""
    from psycopg import sql

    name, conn = _database_admin(database_url)
    if "bench" not in name:
        conn.close()
        raise SystemExit(f"Refusing to drop database {name!r}: its name must contain 'bench'.")
    with conn:
        conn.execute(sql.SQL(DROP_DATABASE).format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(database_url):
    from django.db import connections
    from psycopg import sql

    connections.close_all()
    name, conn = _database_admin(database_url)
    with conn:
        conn.execute(sql.SQL(DROP_DATABASE).format(sql.Identifier(name)))


def setup_django():
    import django

    django.setup()


def migrate():
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def create_site():
    """A home page (the default site), one section, one hot article; its id."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from home.models import HomePage
    from wagtail.models import Locale, Page, Site

    from wagtail_news.models import NewsArticlePage, NewsIndexPage

    with transaction.atomic():
        locale, _ = Locale.objects.get_or_create(language_code="en")
        plain_page = ContentType.objects.get_for_model(Page)
        Site.objects.all().delete()
        Page.objects.filter(depth=2, content_type=plain_page).delete()  # Wagtail's welcome page
        home = HomePage(title="Newsroom bench", slug="home", locale=locale)
        Page.get_first_root_node().add_child(instance=home)
        home.save_revision().publish()
        Site.objects.create(
            hostname="127.0.0.1", port=80, site_name="Bench", root_page=home, is_default_site=True
        )
        section = NewsIndexPage(title="Economy", slug="economy")
        home.add_child(instance=section)
        section.save_revision().publish()
        article = NewsArticlePage(
            title="The hot article",
            slug="hot-article",
            date=timezone.now(),
            intro="Everybody reads this one.",
        )
        section.add_child(instance=article)
        article.save_revision().publish()
    return article.pk


def stored_views(page_id):
    """(PageViewTotal, sum of PageViewDay) of the page."""
    from django.db.models import Sum

    from wagtail_news.models import PageViewDay, PageViewTotal

    total = PageViewTotal.objects.filter(page_id=page_id).values_list("count", flat=True).first()
    days = PageViewDay.objects.filter(page_id=page_id).aggregate(n=Sum("count"))["n"]
    return total or 0, days or 0


def flush_buffer():
    from django.core.management import call_command

    call_command("flush_news_views", verbosity=0)


VISITOR_CACHES = ("default", "views_buffer")  # direct mode, buffered mode


def clear_visitor_keys():
    from django.core.cache import caches

    for alias in VISITOR_CACHES:
        caches[alias].delete_pattern(VISITOR_KEYS)


def count_visitor_keys():
    """Visitors counted by the server: one key per first view (every request
    of a run is a new visitor, so one key per counted view)."""
    from django.core.cache import caches

    return sum(
        1 for alias in VISITOR_CACHES for _ in caches[alias].iter_keys(VISITOR_KEYS, itersize=5000)
    )


def clear_caches():
    """Drop what an earlier benchmark left in its two caches (their keys carry
    the benchmark's prefixes; nothing else in those Redis databases is
    touched): cached site root paths of an older database, buffered views."""
    from django.conf import settings
    from django_redis import get_redis_connection

    for alias in ("default", "views_buffer"):
        client = get_redis_connection(alias)
        keys = list(client.scan_iter(f"{settings.CACHES[alias]['KEY_PREFIX']}:*", count=1000))
        for start in range(0, len(keys), 1000):
            client.delete(*keys[start : start + 1000])


# -- CPU accounting ------------------------------------------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """utime + stime of one process (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def machine_busy_seconds():
    """CPU seconds used on the whole machine (every process, ours or not)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / CLOCK_TICKS


def worker_pids(master_pid):
    path = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    return [int(pid) for pid in path.read_text().split()] if path.exists() else []


def postgres_backends():
    """Server processes of the benchmark database (the gunicorn workers'
    persistent connections), not this process's own."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        return [row[0] for row in cursor.fetchall()]


def redis_pid():
    from django_redis import get_redis_connection

    return int(get_redis_connection("default").info("server")["process_id"])


class CpuMeter:
    """CPU used during a run by gunicorn, the PostgreSQL backends, Redis, wrk
    and, from /proc/stat, by everything else on this shared machine."""

    def __init__(self, server):
        import resource

        self.resource = resource
        self.groups = {
            "gunicorn": [server.process.pid, *worker_pids(server.process.pid)],
            "postgres": postgres_backends(),
            "redis": [redis_pid()],
        }
        self.before = self.snapshot()

    def snapshot(self):
        usage = self.resource.getrusage(self.resource.RUSAGE_CHILDREN)  # wrk, once waited for
        cpu = {name: sum(cpu_seconds(pid) for pid in pids) for name, pids in self.groups.items()}
        cpu["wrk"] = usage.ru_utime + usage.ru_stime
        cpu["machine"] = machine_busy_seconds()
        return cpu

    def result(self, requests, seconds):
        after = self.snapshot()
        used = {name: after[name] - self.before[name] for name in after}
        ours = sum(v for k, v in used.items() if k != "machine")
        return {
            "ms_per_request": {
                name: round(used[name] / max(requests, 1) * 1000, 3)
                for name in ("gunicorn", "postgres", "redis", "wrk")
            },
            "machine_busy_cores": round(used["machine"] / seconds, 2),
            "other_load_cores": round(max(used["machine"] - ours, 0) / seconds, 2),
        }


# -- gunicorn ------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn serving the example site with benchmark settings, in its own
    process group so that the master and all its workers can be stopped."""

    def __init__(self, mode, workers, worker_class, threads, log_path):
        self.mode = mode
        self.port = free_port()
        self.log_path = log_path
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--chdir",
            str(EXAMPLE_DIR),
            "--pythonpath",
            str(REPO_DIR),
            "--workers",
            str(workers),
            "--worker-class",
            worker_class,
            "--bind",
            f"127.0.0.1:{self.port}",
            "--backlog",
            "2048",
            "--graceful-timeout",
            "10",
            "--log-level",
            "warning",
            "newsroom.wsgi:application",
        ]
        if worker_class == "gthread":
            command[-1:-1] = ["--threads", str(threads)]
        env = dict(os.environ, BENCH_MODE=mode if mode != "bare" else "direct")
        self.log = open(log_path, "wb")  # noqa: SIM115
        self.process = subprocess.Popen(  # noqa: S603
            command,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def wait_until_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited early; see {self.log_path}")
            request = urllib.request.Request(  # noqa: S310 (http://127.0.0.1 only)
                self.base_url + "/bench/bare/", method="POST"
            )
            try:
                with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310
                    if response.status == 204:
                        return
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {timeout} s; see {self.log_path}")

    def _group_alive(self):
        try:
            os.killpg(self.process.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:  # pragma: no cover
            return True
        return True

    def stop(self):
        """Graceful stop (workers finish their request), then make sure the
        whole process group is gone."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        deadline = time.monotonic() + 10
        while self._group_alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        if self._group_alive():
            os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()

    def errors_in_log(self):
        text = Path(self.log_path).read_text(errors="replace")
        return text.count("Traceback"), text[-2000:]


# -- wrk -------------------------------------------------------------------------


def run_wrk(url, seconds, connections, run_id):
    command = [
        "wrk",
        "--threads",
        "1",
        "--connections",
        str(connections),
        "--duration",
        f"{seconds}s",
        "--timeout",
        "10s",
        "--latency",
        "--script",
        str(LUA_SCRIPT),
        url,
        "--",
        str(run_id),
    ]
    completed = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    for line in completed.stdout.splitlines():
        if line.startswith("WRK_JSON "):
            return json.loads(line[len("WRK_JSON ") :])
    raise RuntimeError(f"wrk failed ({completed.returncode}): {completed.stdout}{completed.stderr}")


# -- one run -----------------------------------------------------------------------


def run_target(target, round_no, run_id, page_id, options, log_dir):
    """Serve ``target`` with a fresh gunicorn, warm up, measure, check."""
    path = "/bench/bare/" if target == "bare" else f"/en/news/views/{page_id}/"
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
    if target != "bare":
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


def command_output(*command):
    try:
        return subprocess.run(  # noqa: S603
            command, capture_output=True, text=True, timeout=10, check=False
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine_info():
    import django
    import gunicorn
    import wagtail
    from django.db import connection

    cpu_model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu_model = line.split(":", 1)[1].strip()
            break
    memory = ""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            memory = line.split(":", 1)[1].strip()
            break
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        pg_version = cursor.fetchone()[0]
        pg_settings = {}
        for name in ("fsync", "synchronous_commit", "shared_buffers"):
            cursor.execute(f"SHOW {name}")
            pg_settings[name] = cursor.fetchone()[0]
    from django_redis import get_redis_connection

    redis_info = get_redis_connection("default").info("server")
    git = shutil.which("git")
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "nproc": command_output("nproc") or str(os.cpu_count()),
        "cpu_model": cpu_model,
        "memory": memory,
        "loadavg_at_start": Path("/proc/loadavg").read_text().split()[:3],
        "platform": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "gunicorn": gunicorn.__version__,
        "wrk": " ".join(re.findall(r"^wrk \S+", command_output("wrk", "-v"))),
        "postgresql": pg_version,
        "postgresql_settings": pg_settings,
        "redis": redis_info.get("redis_version"),
        "git_commit": command_output(git, "rev-parse", "HEAD") if git else "",
        "git_dirty": bool(command_output(git, "--no-optional-locks", "status", "--porcelain"))
        if git
        else None,
    }


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
            ratios, p95_ratios = [], []
            for run in mine:
                floor = [r for r in runs if r["target"] == "bare" and r["round"] == run["round"]]
                if floor:
                    ratios.append(run["rps"] / floor[0]["rps"])
                    p95_ratios.append(run["p95_ms"] / floor[0]["p95_ms"])
            entry["ratio_rounds"] = [round(x, 3) for x in ratios]
            entry["ratio_median"] = statistics.median(ratios) if ratios else None
            entry["p95_ratio_median"] = statistics.median(p95_ratios) if p95_ratios else None
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
        f"{'target':<10} {'req/s':>9} {'p95 ms':>8} {'errors':>7} {'ratio':>6} "
        f"{'goal':>6} {'verdict':>7}  exactness (counted responses / stored)"
    )
    print(header)
    print("-" * len(header))
    for target, entry in summary.items():
        ratio = "1.00" if target == "bare" else f"{entry['ratio_median']:.2f}"
        goal = "" if target == "bare" else f">={entry['goal']:.1f}"
        verdict = "floor" if target == "bare" else entry["verdict"]
        exact = ""
        if target != "bare":
            parts = [
                f"{c['counted_responses']}/{c['stored']}"
                + (f" (+{c['in_flight_counted']} in flight)" if c["in_flight_counted"] else "")
                for c in entry["exactness_rounds"]
            ]
            exact = ("EXACT " if entry["exact"] else "MISMATCH ") + ", ".join(parts)
        print(
            f"{target:<10} {entry['rps_median']:>9.1f} {entry['p95_ms_median']:>8.1f} "
            f"{entry['errors']:>7} {ratio:>6} {goal:>6} {verdict:>7}  {exact}"
        )
    print()
    for target, entry in summary.items():
        line = f"  {target:<9} req/s per round {entry['rps_rounds']}"
        line += f", p95 ms {entry['p95_ms_rounds']}"
        if target != "bare":
            line += f", ratio per round {entry['ratio_rounds']}"
        print(line)
    print()
    print("  CPU per request (medians): gunicorn workers / PostgreSQL backends; CPU cores")
    print("  used meanwhile by processes outside the benchmark (noise), per round:")
    for target, entry in summary.items():
        print(
            f"  {target:<9} {entry['gunicorn_cpu_ms_per_request_median']:.2f} ms / "
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
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get update && apt-get install -y wrk")
    # A SIGTERM (or SIGHUP) unwinds like Ctrl-C, so gunicorn is always stopped.
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.default_int_handler)

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
                        f"  round {round_no} {target:<9} {result['rps']:8.1f} req/s  "
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
