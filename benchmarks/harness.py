"""What the benchmarks share: Django in this process with
``benchmarks.settings``, the benchmark databases, the site, gunicorn and wrk,
CPU accounting, the machine's description and the result files.

Django is imported inside the functions: ``configure`` comes first.
"""

import contextlib
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
import time
import urllib.error
import urllib.request
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
EXAMPLE_DIR = REPO_DIR / "example_project"
RESULTS_DIR = BENCH_DIR / "results"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/"  # + the database's name

VISITOR_KEYS = "wagtail_news:visitor:*"
VISITOR_CACHES = ("default", "views_buffer")  # direct mode, buffered mode


# -- Django and the database ---------------------------------------------------------


def configure(database_url, benchmark, mode="buffered", **environ):
    """Set up Django with the settings of ``benchmark`` (also for the gunicorn
    children); by default in buffered mode, so that this process sees both
    caches (it flushes the buffer)."""
    os.environ.update(environ)
    os.environ.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="benchmarks.settings",
        DJANGO_DEBUG="0",
        BENCHMARK=benchmark,
        BENCH_MODE=mode,
    )
    sys.path[:0] = [path for path in (str(EXAMPLE_DIR), str(REPO_DIR)) if path not in sys.path]
    import django

    django.setup()


def is_postgres(database_url):
    return database_url.startswith(("postgres://", "postgresql://"))


def postgres_database(database_url, action):
    """``create`` (when missing), ``recreate`` or ``drop`` the PostgreSQL
    database of the URL; its name must contain "bench"."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(database_url)
    name = config["NAME"]
    if "bench" not in name:
        raise SystemExit(f"Refusing to touch database {name!r}: its name must contain 'bench'.")
    if action == "drop":
        from django.db import connections

        connections.close_all()
    params = {key.lower(): config.get(key) for key in ("USER", "PASSWORD", "HOST", "PORT")}
    params = {key: value for key, value in params.items() if value}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        identifier = sql.Identifier(name)
        if action != "create":
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(identifier))
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if action != "drop" and not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(identifier))


def migrate():
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def database_version():
    from django.db import connection

    if connection.vendor == "sqlite":
        return "SQLite " + connection.Database.sqlite_version
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return "PostgreSQL " + cursor.fetchone()[0]


# -- the site --------------------------------------------------------------------------


def build_site(sections, categories=()):
    """The default site: an English home page in place of Wagtail's welcome
    page, published sections and categories (by slug). Returns (home,
    sections by slug)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from home.models import HomePage
    from wagtail.models import Locale, Page, Site

    from wagtail_news.models import NewsCategory, NewsIndexPage

    with transaction.atomic():
        locale, _ = Locale.objects.get_or_create(language_code="en")
        Site.objects.all().delete()
        welcome = ContentType.objects.get_for_model(Page)
        Page.objects.filter(depth=2, content_type=welcome).delete()
        home = HomePage(title="Newsroom bench", slug="home", locale=locale)
        publish(Page.get_first_root_node(), home)
        Site.objects.create(
            hostname="localhost", port=80, site_name="Bench", root_page=home, is_default_site=True
        )
        sections = {
            slug: publish(home, NewsIndexPage(title=slug.title(), slug=slug)) for slug in sections
        }
        for slug in categories:
            NewsCategory.objects.create(name=slug.title(), slug=slug, locale=locale)
    return home, sections


def publish(parent, page):
    """Add ``page`` under ``parent`` and publish a revision, as an editor would."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def add_article(section, title, slug, date=None):
    from django.utils import timezone

    from wagtail_news.models import NewsArticlePage

    intro = f"The lead of {title.lower()}."
    return publish(
        section, NewsArticlePage(title=title, slug=slug, date=date or timezone.now(), intro=intro)
    )


# -- stored views and the caches -----------------------------------------------------


def stored_views_by_page(page_ids=None):
    """``{page_id: (PageViewTotal, sum of PageViewDay)}`` (pages with views)."""
    from django.db.models import Sum

    from wagtail_news.models import PageViewDay, PageViewTotal

    totals = PageViewTotal.objects.all()
    days = PageViewDay.objects.values("page_id").annotate(n=Sum("count"))
    if page_ids is not None:
        totals = totals.filter(page_id__in=page_ids)
        days = days.filter(page_id__in=page_ids)
    result = {page_id: (count, 0) for page_id, count in totals.values_list("page_id", "count")}
    for row in days:
        result[row["page_id"]] = (result.get(row["page_id"], (0, 0))[0], row["n"] or 0)
    return result


def flush_buffer():
    from django.core.management import call_command

    call_command("flush_news_views", verbosity=0)


def clear_visitor_keys():
    from django.core.cache import caches

    for alias in VISITOR_CACHES:
        caches[alias].delete_pattern(VISITOR_KEYS)


def count_visitor_keys():
    """Visitors counted by the servers: one key per counted view."""
    from django.core.cache import caches

    return sum(
        1 for alias in VISITOR_CACHES for _ in caches[alias].iter_keys(VISITOR_KEYS, itersize=5000)
    )


def clear_caches():
    """Drop what an earlier run left in the Redis caches (only the keys under
    their prefixes): site root paths of an older database, buffered views."""
    from django.conf import settings
    from django_redis import get_redis_connection

    for alias, cache in settings.CACHES.items():
        if "KEY_PREFIX" in cache:
            client = get_redis_connection(alias)
            keys = list(client.scan_iter(f"{cache['KEY_PREFIX']}:*", count=1000))
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


class CpuMeter:
    """CPU used during a run by gunicorn (one or more servers), the
    PostgreSQL backends, Redis, wrk and, from /proc/stat, by everything else
    on this shared machine. Create it once the workers have connected."""

    def __init__(self, *servers):
        import resource

        from django.db import connection
        from django_redis import get_redis_connection

        self.resource = resource
        with connection.cursor() as cursor:  # the workers' connections, not ours
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()"
            )
            backends = [row[0] for row in cursor.fetchall()]
        redis = get_redis_connection("default").info("server")["process_id"]
        gunicorn = [pid for s in servers for pid in (s.process.pid, *worker_pids(s.process.pid))]
        self.groups = {"gunicorn": gunicorn, "postgres": backends, "redis": [int(redis)]}
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


# -- gunicorn and wrk ------------------------------------------------------------------


class Gunicorn:
    """gunicorn serving the example site with this process's settings and
    ``BENCH_MODE=mode``, in its own process group so that the master and all
    its workers can be stopped."""

    def __init__(self, mode, workers, log_path, worker_class="sync", threads=1):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.log_path = log_path
        command = [sys.executable, "-m", "gunicorn", "--chdir", str(EXAMPLE_DIR)]
        command += ["--pythonpath", str(REPO_DIR), "--workers", str(workers)]
        command += ["--worker-class", worker_class]
        if worker_class == "gthread":
            command += ["--threads", str(threads)]
        command += ["--bind", f"127.0.0.1:{self.port}", "--backlog", "2048"]
        command += ["--graceful-timeout", "10", "--log-level", "warning"]
        self.log = open(log_path, "wb")  # noqa: SIM115
        self.process = subprocess.Popen(  # noqa: S603
            [*command, "newsroom.wsgi:application"],
            env=dict(os.environ, BENCH_MODE=mode),
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
            request = urllib.request.Request(self.base_url + "/bench/bare/", method="POST")  # noqa: S310
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


class Wrk:
    """One wrk process running a Lua script that ends with a ``WRK_JSON {...}``
    line; ``wait()`` returns it parsed. Several can run at once."""

    def __init__(self, url, seconds, connections, script, args=(), threads=1):
        self.seconds = seconds
        command = ["wrk", "--threads", str(threads), "--connections", str(connections)]
        command += ["--duration", f"{seconds}s", "--timeout", "10s", "--latency"]
        command += ["--script", str(script), url, "--", *(str(arg) for arg in args)]
        self.process = subprocess.Popen(  # noqa: S603
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )

    def wait(self):
        try:
            stdout, stderr = self.process.communicate(timeout=self.seconds + 60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            stdout, stderr = self.process.communicate()
        for line in stdout.splitlines():
            if line.startswith("WRK_JSON "):
                return json.loads(line[len("WRK_JSON ") :])
        raise RuntimeError(f"wrk failed ({self.process.returncode}): {stdout}{stderr}")


def server_setup(options, benchmark):
    """What beacon.py and loadtest.py do first: check for wrk, let SIGTERM
    unwind like Ctrl-C (so gunicorn is always stopped), a fresh database with
    the site's tables, empty caches."""
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get update && apt-get install -y wrk")
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.default_int_handler)
    configure(options.database_url, benchmark)
    print(f"Creating {options.database_url} ...", flush=True)
    postgres_database(options.database_url, "recreate")
    migrate()
    clear_caches()


def server_teardown(options):
    clear_caches()
    if not options.keep_db:
        postgres_database(options.database_url, "drop")


def add_server_arguments(parser, database, seconds):
    parser.add_argument("--seconds", type=int, default=seconds, help="measured seconds per run")
    parser.add_argument("--warmup", type=int, default=3, help="warm-up seconds per run")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument(
        "--database-url",
        default=POSTGRES_URL + database,
        help="PostgreSQL database to (re)create; its name must contain 'bench'",
    )
    parser.add_argument("--keep-db", action="store_true", help="keep the database afterwards")


# -- figures, the machine, the result files --------------------------------------------


def median_ratio(tops, bottoms, digits=3):
    """The median of the ratios of two series (round by round), and the ratios."""
    ratios = [top / bottom for top, bottom in zip(tops, bottoms, strict=True)]
    return round(statistics.median(ratios), digits), [round(x, digits) for x in ratios]


def loadavg():
    return Path("/proc/loadavg").read_text().split()[:3]


def command_output(*command):
    try:
        return subprocess.run(  # noqa: S603
            command, capture_output=True, text=True, timeout=10, check=False, cwd=REPO_DIR
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine_info():
    """The machine and the versions of what is on the request path; with
    Django set up, the database's and Redis's too."""
    import django
    import wagtail
    from django.conf import settings

    cpu = re.search(r"^model name\s*:\s*(.*)$", Path("/proc/cpuinfo").read_text(), re.M)
    memory = int(Path("/proc/meminfo").read_text().split()[1])
    git = shutil.which("git") or "git"
    info = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "nproc": os.cpu_count(),
        "cpu_model": cpu.group(1) if cpu else "",
        "memory_gb": round(memory / 1024**2, 1),
        "loadavg_at_start": loadavg(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "git_commit": command_output(git, "rev-parse", "HEAD"),
        "git_dirty": bool(command_output(git, "--no-optional-locks", "status", "--porcelain")),
    }
    with contextlib.suppress(ImportError):
        import gunicorn

        info["gunicorn"] = gunicorn.__version__
    if shutil.which("wrk"):
        info["wrk"] = " ".join(re.findall(r"^wrk \S+", command_output("wrk", "-v")))
    if settings.configured:
        from django.db import connection
        from django_redis import get_redis_connection

        info["database"] = database_version()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for name in ("fsync", "synchronous_commit", "shared_buffers"):
                    cursor.execute(f"SHOW {name}")
                    info[f"postgresql_{name}"] = cursor.fetchone()[0]
        with contextlib.suppress(Exception):  # import_news runs without Redis
            info["redis"] = get_redis_connection("views_buffer").info("server")["redis_version"]
    return info


def describe_machine(m):
    """One line of the report text."""
    versions = [f"Python {m['python']}", f"Django {m['django']}", f"Wagtail {m['wagtail']}"]
    versions += [f"gunicorn {m['gunicorn']}"] if "gunicorn" in m else []
    versions += [m["wrk"]] if "wrk" in m else []
    if "database" in m:
        fsync = f" (fsync {m['postgresql_fsync']})" if "postgresql_fsync" in m else ""
        versions += [m["database"] + fsync] + ([f"Redis {m['redis']}"] if "redis" in m else [])
    return (
        f"Machine: {m['nproc']} x {m['cpu_model']}, {m['memory_gb']} GB, load average "
        f"{' '.join(m['loadavg_at_start'])} at start"
        + (f", {' '.join(m['loadavg_at_end'])} at end" if "loadavg_at_end" in m else "")
        + f"; {', '.join(versions)}; {m['date']}, commit {m['git_commit'][:10]}"
        + (" with uncommitted changes" if m["git_dirty"] else "")
    )


def write_results(stem, report, text):
    """``<stem>.json`` (the report) and ``<stem>.txt`` (the printed text)."""
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    stem.with_suffix(".json").write_text(json.dumps(report, indent=2, default=str) + "\n")
    stem.with_suffix(".txt").write_text(text + "\n")
    print(f"\nWrote {stem}.json and .txt.")
