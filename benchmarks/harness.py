"""What the gunicorn benchmarks share (``beacon.py``, ``loadtest.py``).

A fresh PostgreSQL database with the example site's models, a site built
through Wagtail's API, gunicorn serving it on a free port of 127.0.0.1 (and
stopped with all its workers), wrk driving it with a Lua script that prints
one ``WRK_JSON {...}`` line, CPU accounting and a description of the
machine for the JSON results.

Django is imported inside the functions: ``configure_environment`` must run
first, and ``setup_django`` before anything that touches the models.
"""

import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
EXAMPLE_DIR = REPO_DIR / "example_project"

VISITOR_KEYS = "wagtail_news:visitor:*"
VISITOR_CACHES = ("default", "views_buffer")  # direct mode, buffered mode
DROP_DATABASE = "DROP DATABASE IF EXISTS {} WITH (FORCE)"


# -- Django in this process --------------------------------------------------------


def configure_environment(database_url, settings_module="benchmarks.settings"):
    """Settings for this process and the gunicorn children."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    # This process flushes the buffer, so it sees both caches.
    os.environ["BENCH_MODE"] = "buffered"
    for path in (str(EXAMPLE_DIR), str(REPO_DIR)):
        if path not in sys.path:
            sys.path.insert(0, path)


def setup_django():
    import django

    django.setup()


def migrate():
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


# -- the database ------------------------------------------------------------------


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


# -- the site ----------------------------------------------------------------------


def create_home(title="Newsroom bench"):
    """Replace Wagtail's welcome page with the example site's home page, the
    default site on 127.0.0.1."""
    from django.contrib.contenttypes.models import ContentType
    from home.models import HomePage
    from wagtail.models import Locale, Page, Site

    locale, _ = Locale.objects.get_or_create(language_code="en")
    plain_page = ContentType.objects.get_for_model(Page)
    Site.objects.all().delete()
    Page.objects.filter(depth=2, content_type=plain_page).delete()  # Wagtail's welcome page
    home = HomePage(title=title, slug="home", locale=locale)
    Page.get_first_root_node().add_child(instance=home)
    home.save_revision().publish()
    Site.objects.create(
        hostname="127.0.0.1", port=80, site_name="Bench", root_page=home, is_default_site=True
    )
    return home


def add_section(parent, title, slug):
    from wagtail_news.models import NewsIndexPage

    section = NewsIndexPage(title=title, slug=slug)
    parent.add_child(instance=section)
    section.save_revision().publish()
    return section


def add_article(section, title, slug, intro="", date=None):
    """A published article (with a revision, as an editor would publish it)."""
    from django.utils import timezone

    from wagtail_news.models import NewsArticlePage

    article = NewsArticlePage(title=title, slug=slug, date=date or timezone.now(), intro=intro)
    section.add_child(instance=article)
    article.save_revision().publish()
    return article


# -- stored views and the caches -----------------------------------------------------


def stored_views(page_id):
    """(PageViewTotal, sum of PageViewDay) of the page."""
    totals = stored_views_by_page([page_id])
    return totals.get(page_id, (0, 0))


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
    """Visitors counted by the server: one key per first view of an article
    within the window (so one key per counted view)."""
    from django.core.cache import caches

    return sum(
        1 for alias in VISITOR_CACHES for _ in caches[alias].iter_keys(VISITOR_KEYS, itersize=5000)
    )


def clear_caches(aliases=("default", "views_buffer")):
    """Drop what an earlier benchmark left in its caches (their keys carry
    the benchmark's prefixes; nothing else in those Redis databases is
    touched): cached site root paths of an older database, buffered views."""
    from django.conf import settings
    from django_redis import get_redis_connection

    for alias in aliases:
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
    """CPU used during a run by gunicorn (one or more servers), the
    PostgreSQL backends, Redis, wrk and, from /proc/stat, by everything else
    on this shared machine. Create it once the workers have connected."""

    def __init__(self, *servers):
        import resource

        self.resource = resource
        gunicorn_pids = []
        for server in servers:
            gunicorn_pids += [server.process.pid, *worker_pids(server.process.pid)]
        self.groups = {
            "gunicorn": gunicorn_pids,
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
    """gunicorn serving the example site with the benchmark settings of this
    process (``DJANGO_SETTINGS_MODULE``), in its own process group so that
    the master and all its workers can be stopped.

    ``mode`` is the counting mode (``BENCH_MODE``); the floors "bare" and
    "ping" serve in direct and buffered mode.
    """

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
        # The floors: "bare" in direct mode, "ping" next to the buffer.
        bench_mode = {"bare": "direct", "ping": "buffered"}.get(mode, mode)
        env = dict(os.environ, BENCH_MODE=bench_mode)
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


class Wrk:
    """One wrk process; ``wait()`` returns the script's ``WRK_JSON`` line,
    parsed. Several can run at once (one per server)."""

    def __init__(self, url, seconds, connections, script, args=(), threads=1):
        self.seconds = seconds
        command = [
            "wrk",
            "--threads",
            str(threads),
            "--connections",
            str(connections),
            "--duration",
            f"{seconds}s",
            "--timeout",
            "10s",
            "--latency",
            "--script",
            str(script),
            url,
            "--",
            *(str(arg) for arg in args),
        ]
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


def run_wrk(url, seconds, connections, script, args=(), threads=1):
    return Wrk(url, seconds, connections, script, args, threads).wait()


def require_wrk():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get update && apt-get install -y wrk")


def stop_on_signals():
    """A SIGTERM (or SIGHUP) unwinds like Ctrl-C, so gunicorn is always stopped."""
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.default_int_handler)


# -- the machine ---------------------------------------------------------------------


def command_output(*command):
    try:
        return subprocess.run(  # noqa: S603
            command, capture_output=True, text=True, timeout=10, check=False
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def _first_value(path, prefix):
    for line in Path(path).read_text().splitlines():
        if line.startswith(prefix):
            return line.split(":", 1)[1].strip()
    return ""


def machine_info():
    """The machine and the versions of everything on the request path."""
    import django
    import gunicorn
    import wagtail
    from django.db import connection
    from django_redis import get_redis_connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        pg_version = cursor.fetchone()[0]
        pg_settings = {}
        for name in ("fsync", "synchronous_commit", "shared_buffers"):
            cursor.execute(f"SHOW {name}")
            pg_settings[name] = cursor.fetchone()[0]
    redis_info = get_redis_connection("default").info("server")
    git = shutil.which("git")
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "nproc": command_output("nproc") or str(os.cpu_count()),
        "cpu_model": _first_value("/proc/cpuinfo", "model name"),
        "memory": _first_value("/proc/meminfo", "MemTotal"),
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
