"""Fault drills of the beacon against a real server (``manage.py runserver``
in a subprocess, tests/drill_settings.py) and real concurrent clients.

- SQLite: 500 distinct visitors from 50 threads on one database file,
  while another writer (an editor's long save, a flush of buffered views)
  holds the write lock for longer than Python's default wait of 5 s. The
  beacons wait for SQLite's lock (the ``timeout`` and ``transaction_mode``
  options of tests/settings.py) instead of failing.
- PostgreSQL restarted under load: the server reaches PostgreSQL through a
  TCP proxy of this module, which drops every connection mid-way and
  refuses new ones for a while, as a restarting server does.

After each: no 5xx but 503 with ``Retry-After``, the stored count equals
the beacons answered ``"counted": true``, and nobody is counted twice.

The SQLite drill runs with the default (SQLite) test database, the
PostgreSQL drill with ``DATABASE_URL=postgres://…``; each skips otherwise.
"""

import http.client
import json
import os
import socket
import sqlite3
import struct
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection

from tests import factories
from tests.test_view_counting import BROWSER
from wagtail_news.models import PageViewDay, PageViewTotal

pytestmark = [pytest.mark.drill, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent
SERVER_START_TIMEOUT = 45
DRILL_TIMEOUT = 50  # seconds for the load of one drill
LONG_WRITE = 7  # seconds the SQLite drill's other writer holds the lock


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def visitor_agent(n):
    """A browser's user agent, distinct per visitor (all clients share
    127.0.0.1, and a visitor is client address plus user agent)."""
    return BROWSER.replace("Chrome/126.0", f"Chrome/126.0.{n}.0")


class BeaconClient:
    """One client thread's HTTP/1.1 connection to the server, kept alive
    between beacons (so the server's thread, and its database connection,
    serve many requests) and opened again when the server closes it."""

    def __init__(self, port):
        self.port = port
        self.http = None

    def post(self, page_id, user_agent):
        """POST one beacon; (status, Retry-After header, JSON body or None)."""
        if self.http is None:
            self.http = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        self.http.request(
            "POST",
            f"/en/news/views/{page_id}/",
            body=b"",
            headers={"User-Agent": user_agent, "Content-Length": "0"},
        )
        response = self.http.getresponse()
        body = response.read()
        if response.will_close:
            self.close()
        is_json = response.getheader("Content-Type") == "application/json"
        return (
            response.status,
            response.getheader("Retry-After"),
            json.loads(body) if is_json else None,
        )

    def close(self):
        if self.http is not None:
            self.http.close()
            self.http = None


@contextmanager
def running_server(tmp_path, database_url):
    """``manage.py runserver`` (threaded) on a free port with the drill
    settings and ``database_url``; yields the port once it answers."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.drill_settings",
        "DATABASE_URL": database_url,
        "PYTHONUNBUFFERED": "1",
    }
    log_path = tmp_path / "runserver.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(  # noqa: S603 (this interpreter, fixed arguments)
            [
                sys.executable,
                "-m",
                "django",
                "runserver",
                f"127.0.0.1:{port}",
                "--noreload",
                "--skip-checks",
            ],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if server.poll() is not None:
                pytest.fail(f"runserver exited ({server.returncode}):\n{log_path.read_text()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"runserver did not answer:\n{log_path.read_text()}")
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(10)


class Load:
    """Visitors, each in turn on one of ``threads`` threads: a beacon, sent
    again after a 503 (up to ``attempts`` times), then, for every
    ``repeat_every``-th visitor, one more beacon that must not count."""

    def __init__(self, port, page_id, visitors, threads, attempts=1, pause=0.0, repeat_every=5):
        self.port, self.page_id = port, page_id
        self.visitors, self.threads = visitors, threads
        self.attempts, self.pause, self.repeat_every = attempts, pause, repeat_every
        self.answers = {n: [] for n in range(visitors)}  # visitor -> [(status, retry, body)]
        self.done = 0
        self.lock = threading.Lock()
        self.errors = []

    def visit(self, client, n):
        agent = visitor_agent(n)
        for _attempt in range(self.attempts):
            answer = client.post(self.page_id, agent)
            self.answers[n].append(answer)
            if answer[0] != 503:
                break
            time.sleep(self.pause)
        if n % self.repeat_every == 0 and self.answers[n][-1][0] == 200:
            self.answers[n].append(client.post(self.page_id, agent))

    def worker(self, offset):
        client = BeaconClient(self.port)
        try:
            for n in range(offset, self.visitors, self.threads):
                self.visit(client, n)
                with self.lock:
                    self.done += 1
        except Exception as exc:  # noqa: BLE001 - reported by run()
            self.errors.append(repr(exc))
        finally:
            client.close()

    def run(self, during=None):
        """Send the load; ``during(load)`` runs meanwhile in this thread."""
        pool = [threading.Thread(target=self.worker, args=(i,)) for i in range(self.threads)]
        deadline = time.monotonic() + DRILL_TIMEOUT
        for thread in pool:
            thread.start()
        if during is not None:
            during(self)
        for thread in pool:
            thread.join(max(0.1, deadline - time.monotonic()))
        assert not any(thread.is_alive() for thread in pool), "the load did not finish in time"
        assert not self.errors, self.errors

    def all_answers(self):
        return [answer for answers in self.answers.values() for answer in answers]

    def counted(self):
        """How many answers said ``"counted": true``."""
        return sum(1 for status, _, body in self.all_answers() if status == 200 and body["counted"])

    def check(self):
        """No 5xx but 503 with Retry-After; nobody counted twice. Returns the
        number of counted answers."""
        statuses = [status for status, _, _ in self.all_answers()]
        assert set(statuses) <= {200, 503}, Counter(statuses)
        for status, retry_after, body in self.all_answers():
            if status == 503:
                assert retry_after and int(retry_after) > 0
                assert set(body) == {"message"}
        for n, answers in self.answers.items():
            counted = [body["counted"] for status, _, body in answers if status == 200]
            assert counted.count(True) <= 1, (n, answers)
        return self.counted()


@pytest.fixture
def article(section):
    return factories.make_article(section, "Drill")


def test_sqlite_500_distinct_visitors_from_50_threads(article, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite drill runs on the SQLite test database (no DATABASE_URL)")
    database = tmp_path / "drill.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(database)
    connection.connection.backup(copy)  # the migrated test database, with the article
    copy.close()

    def long_write(load):
        """A fifth of the visitors in, another writer holds the lock."""
        while load.done < 100 and time.monotonic() < deadline:
            time.sleep(0.01)
        writer = sqlite3.connect(database, isolation_level=None)
        try:
            writer.execute("BEGIN IMMEDIATE")
            time.sleep(LONG_WRITE)
            writer.execute("COMMIT")
        finally:
            writer.close()

    with running_server(tmp_path, f"sqlite:///{database}") as port:
        deadline = time.monotonic() + DRILL_TIMEOUT
        load = Load(port, article.pk, visitors=500, threads=50)
        load.run(during=long_write)
    counted = load.check()

    with sqlite3.connect(database) as stored:
        [total] = stored.execute(
            f"SELECT count FROM {PageViewTotal._meta.db_table} WHERE page_id = ?",  # noqa: S608
            [article.pk],
        ).fetchone()
        [days] = stored.execute(
            f"SELECT SUM(count) FROM {PageViewDay._meta.db_table} WHERE page_id = ?",  # noqa: S608
            [article.pk],
        ).fetchone()
    assert total == days == counted
    # SQLite waits for its lock: every visitor counted at the first attempt.
    assert counted == 500


class DroppingProxy:
    """A TCP proxy to PostgreSQL that can drop every connection and refuse
    new ones, as a restarting server does.

    A connection is dropped between statements: at once when idle, else as
    soon as PostgreSQL's answer (ending with ReadyForQuery) has been passed
    on. A statement that reached the server is thus always answered, as
    when a restarting server rolls back what it has not answered: whether
    a failed write was stored is never in doubt."""

    READY = b"Z\x00\x00\x00\x05"  # ReadyForQuery, followed by its status byte

    def __init__(self, upstream):
        self.upstream = upstream
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.lock = threading.Lock()
        self.refusing = False
        self.dropping = False
        self.open = {}  # client socket -> [upstream socket, busy]
        self.dropped = self.refused = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.accept_forever, daemon=True)
        self.thread.start()

    def accept_forever(self):
        while not self.stopped.is_set():
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if self.refusing:
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                client.close()
                self.refused += 1
                continue
            try:
                upstream = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self.lock:
                self.open[client] = [upstream, False]
            threading.Thread(target=self.to_server, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self.to_client, args=(client, upstream), daemon=True).start()

    def close_pair(self, client):
        """Close one connection (the caller holds the lock)."""
        pair = self.open.pop(client, None)
        if pair is None:
            return
        if self.dropping:
            self.dropped += 1
        for sock in (client, pair[0]):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def to_server(self, client, upstream):
        try:
            while data := client.recv(65536):
                with self.lock:
                    if client not in self.open:
                        return
                    self.open[client][1] = True
                    upstream.sendall(data)
        except OSError:
            pass
        with self.lock:
            self.close_pair(client)

    def to_client(self, client, upstream):
        try:
            while data := upstream.recv(65536):
                with self.lock:
                    if client not in self.open:
                        return
                    client.sendall(data)
                    if data[-6:-1] == self.READY:
                        self.open[client][1] = False
                        if self.dropping:
                            self.close_pair(client)
                            return
        except OSError:
            pass
        with self.lock:
            self.close_pair(client)

    def drop(self):
        """Refuse new connections, drop every open one; wait until they are."""
        with self.lock:
            self.refusing = self.dropping = True
            for client in [c for c, (_, busy) in self.open.items() if not busy]:
                self.close_pair(client)
        deadline = time.monotonic() + 10
        while self.open and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not self.open, "connections still busy after 10 s"

    def resume(self):
        with self.lock:
            self.refusing = self.dropping = False

    def close(self):
        self.stopped.set()
        self.listener.close()
        with self.lock:
            for client in list(self.open):
                self.close_pair(client)
        self.thread.join(5)


def test_postgresql_restart_during_a_beacon_load(postgres, article, tmp_path):
    settings_dict = connection.settings_dict
    upstream = (settings_dict["HOST"] or "127.0.0.1", int(settings_dict["PORT"] or 5432))
    proxy = DroppingProxy(upstream)
    user = settings_dict["USER"] or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    url = (
        f"postgres://{user}{password}@127.0.0.1:{proxy.port}/{settings_dict['NAME']}"
        "?sslmode=disable"
    )
    visitors = 300

    def restart(load):
        """A third of the visitors in, drop everything; refuse for a second
        (and until the drop has failed a beacon), then let them through."""
        while load.done < visitors // 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        proxy.drop()
        down_until = time.monotonic() + 1
        while time.monotonic() < down_until or (
            not any(status == 503 for status, _, _ in load.all_answers())
            and time.monotonic() < down_until + 5
        ):
            time.sleep(0.01)
        proxy.resume()

    try:
        with running_server(tmp_path, url) as port:
            deadline = time.monotonic() + DRILL_TIMEOUT
            load = Load(port, article.pk, visitors, threads=20, attempts=20, pause=0.25)
            load.run(during=restart)
    finally:
        proxy.close()

    counted = load.check()
    failed = sum(1 for status, _, _ in load.all_answers() if status == 503)
    print(f"dropped {proxy.dropped}, refused {proxy.refused}, 503s {failed}, counted {counted}")
    assert proxy.dropped and failed, (proxy.dropped, failed)  # the drill did drop writes
    total = PageViewTotal.objects.get(page_id=article.pk).count
    assert total == counted
    assert (
        sum(PageViewDay.objects.filter(page_id=article.pk).values_list("count", flat=True)) == total
    )
    # Every visitor whose write failed counted on a retry.
    assert counted == visitors
