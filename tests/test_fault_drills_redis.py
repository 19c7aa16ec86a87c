"""Fault drills of counting on Redis, each on a private ``redis-server``
(``tests.redis_server``): many short-lived threads, a Redis stop and start
during buffered counting, a flush killed half-way.

Run them alone with ``python -m pytest -q -p no:xdist -m drill``.
"""

import itertools
import threading
import time

import pytest
from django.db import connection
from django.test import Client

from tests import factories
from tests.redis_server import private_redis  # noqa: F401 - a fixture
from tests.test_view_counting import BROWSER
from wagtail_news.counting import buffer, get_view_count
from wagtail_news.models import PageViewTotal

pytestmark = [pytest.mark.drill, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

ALIAS = "drill"


@pytest.fixture
def drill_cache(private_redis, settings, monkeypatch):  # noqa: F811
    """Buffered counting on the private server, the buffer also keeping the
    visitor keys: the beacon runs the one-round-trip script."""

    def use(**pool_options):
        settings.CACHES = {**settings.CACHES, ALIAS: private_redis.cache_settings(**pool_options)}
        settings.WAGTAIL_NEWS = {"VIEW_COUNT_BUFFER": ALIAS, "VIEW_COUNT_VISITOR_CACHE": ALIAS}
        monkeypatch.setattr(buffer, "_buffers", {})  # no Buffer of another server

    use()
    return use


def ip_of(n):
    return f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"


def send_beacon(client, page_id, n):
    return client.post(f"/en/news/views/{page_id}/", REMOTE_ADDR=ip_of(n), HTTP_USER_AGENT=BROWSER)


def test_200_new_threads_share_a_bounded_pool(drill_cache, private_redis, section):  # noqa: F811
    """As under runserver or gevent (a new thread or greenlet per request):
    200 threads, each new, each one beacon, with a pool of at most 50
    connections. Every beacon counts, each answer is exact, and the pool
    gives every connection back."""
    from django_redis import get_redis_connection

    drill_cache(max_connections=50)
    article = factories.make_article(section, "Hot")
    answers, lock = [], threading.Lock()

    def one_beacon(n):
        try:
            response = Client(raise_request_exception=False).post(
                f"/en/news/views/{article.pk}/", REMOTE_ADDR=ip_of(n), HTTP_USER_AGENT=BROWSER
            )
            with lock:
                answers.append((response.status_code, response.content))
        finally:
            connection.close()

    numbers = iter(range(200))
    for _wave in range(10):  # 20 at a time, every thread a new one
        threads = [threading.Thread(target=one_beacon, args=(next(numbers),)) for _ in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert [status for status, _ in answers] == [200] * 200
    views = sorted(int(body.split(b'"views": ')[1].rstrip(b"}")) for _, body in answers)
    assert views == list(range(1, 201))  # each answer exact, none doubled
    assert all(b'"counted": true' in body for _, body in answers)
    pool = get_redis_connection(ALIAS).connection_pool
    assert len(pool._in_use_connections) == 0
    assert pool._created_connections <= 20 + 2
    assert int(private_redis.client().info("clients")["connected_clients"]) <= 20 + 3
    assert get_view_count(article.pk) == 200
    assert buffer.flush() == 200
    assert PageViewTotal.objects.get(page_id=article.pk).count == 200


@pytest.mark.parametrize("visitor_keys", ["in-redis", "in-local-memory"])
def test_redis_stopped_and_started_during_buffered_counting(
    drill_cache,
    private_redis,  # noqa: F811
    settings,
    section,
    api_settings,
    visitor_keys,
):
    """Beacons and readers keep coming while Redis stops and starts again.
    Afterwards the stored counts equal the beacons that were answered
    "counted" (nothing lost, nothing counted twice), and no page or API
    answered 5xx meanwhile."""
    if visitor_keys == "in-local-memory":  # each step its own call, not the script
        settings.WAGTAIL_NEWS = {"VIEW_COUNT_BUFFER": ALIAS}
    articles = factories.make_articles(section, 3, revision=False)
    urls = [articles[0].url, "/api/v2/news/", f"/api/v2/news/{articles[1].pk}/", section.url]
    numbers = itertools.count()
    state = {"phase": "up", "accepted": 0, "failed": 0}
    reads, lock, done = [], threading.Lock(), threading.Event()

    def beacons(worker):
        client = Client(raise_request_exception=False)
        try:
            while not done.is_set():
                with lock:
                    n = next(numbers)
                response = send_beacon(client, articles[n % 3].pk, n)
                with lock:
                    if response.status_code == 200 and response.json()["counted"]:
                        state["accepted"] += 1
                    elif response.status_code != 200:
                        state["failed"] += 1
        finally:
            connection.close()

    def reader():
        client = Client(raise_request_exception=False)
        try:
            for url in itertools.cycle(urls):
                if done.is_set():
                    return
                phase = state["phase"]
                status = client.get(url).status_code
                with lock:
                    reads.append((phase, url, status))
        finally:
            connection.close()

    def read_in(phase):
        with lock:
            return any(p == phase for p, _, _ in reads)

    def wait_for(condition, seconds=20):
        deadline = time.monotonic() + seconds
        while not condition() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert condition(), (state, len(reads))

    threads = [threading.Thread(target=beacons, args=(i,)) for i in range(4)]
    threads += [threading.Thread(target=reader) for _ in range(2)]
    for thread in threads:
        thread.start()
    try:
        wait_for(lambda: state["accepted"] >= 40 and read_in("up"))
        private_redis.stop()
        state["phase"] = "down"
        wait_for(lambda: state["failed"] >= 10 and any(p == "down" for p, _, _ in reads))
        private_redis.start()
        state["phase"] = "up again"
        accepted_before = state["accepted"]
        # Until a reader has also been answered since: a reader may still
        # be waiting on a request it sent while Redis was down.
        wait_for(lambda: state["accepted"] >= accepted_before + 40 and read_in("up again"))
    finally:
        done.set()
        for thread in threads:
            thread.join(timeout=30)

    assert [r for r in reads if r[2] >= 500] == []
    assert {phase for phase, _, _ in reads} == {"up", "down", "up again"}, state
    buffer.flush()
    stored = sum(PageViewTotal.objects.values_list("count", flat=True))
    assert stored == state["accepted"], state
    assert sum(get_view_count(a.pk) for a in articles) == state["accepted"]


def flush_process(private_redis):  # noqa: F811
    """``manage.py flush_news_views`` in its own process, on this test's
    database and the private Redis server."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "WAGTAIL_NEWS_DRILL_REDIS": private_redis.url,
        "WAGTAIL_NEWS_DRILL_KEY_PREFIX": "drill",
        "PGPASSWORD": db.get("PASSWORD") or "",
    }
    return subprocess.Popen(  # noqa: S603 - a fixed command line
        [
            sys.executable,
            "-m",
            "django",
            "flush_news_views",
            "--settings=tests.drill_redis_settings",
        ],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def test_a_flush_killed_inside_its_transaction(
    postgres,
    drill_cache,
    private_redis,  # noqa: F811
    settings,
    section,
):
    """``flush_news_views`` is killed (SIGKILL) after it claimed the batch,
    in the middle of its database transaction: it is held there by a row
    lock that the test takes on the third article's total. The next flush
    (again the command, in its own process) applies the batch once: nothing
    lost, nothing counted twice, and it does not wait for the dead flush's
    lock much longer than the lock's lifetime."""
    from django.db import connections

    from wagtail_news.counting.store import add_views, today

    settings.WAGTAIL_NEWS = {"VIEW_COUNT_BUFFER": ALIAS}
    articles = factories.make_articles(section, 4, revision=False)
    articles.sort(key=lambda a: a.pk)  # the order a flush applies them in
    add_views(articles[2].pk, today(), 5)  # a stored count, and a row to lock
    client = Client()
    for n in range(40):
        assert send_beacon(client, articles[n % 4].pk, n).json()["counted"] is True
    assert [get_view_count(a.pk) for a in articles] == [10, 10, 15, 10]

    table = connection.ops.quote_name(PageViewTotal._meta.db_table)
    locker = connections.create_connection("default")
    waiting = (
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND wait_event_type = 'Lock'"
    )
    process = flush_process(private_redis)
    try:
        with locker.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute(f"SELECT 1 FROM {table} WHERE page_id = %s FOR UPDATE", [articles[2].pk])  # noqa: S608
            deadline = time.monotonic() + 30
            with connection.cursor() as watcher:
                while True:
                    watcher.execute(waiting)
                    if watcher.fetchone()[0] or time.monotonic() > deadline:
                        break
                    assert process.poll() is None, process.stdout.read().decode()
                    time.sleep(0.05)
            assert private_redis.client().smembers("drill:1:wagtail_news:views:claims")
            process.kill()
            process.wait(timeout=10)
            cursor.execute("ROLLBACK")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        locker.close()

    assert [PageViewTotal.objects.filter(page_id=a.pk).first() for a in articles[:2]] == [
        None,
        None,
    ]  # the dead flush's transaction rolled back
    assert [get_view_count(a.pk) for a in articles] == [10, 10, 15, 10]  # still shown

    again = flush_process(private_redis)  # waits for the dead flush's lock to expire
    try:
        output = again.communicate(timeout=45)[0].decode()
    finally:
        if again.poll() is None:
            again.kill()
            again.wait(timeout=10)
    assert again.returncode == 0, output
    assert "Flushed 40 views" in output
    totals = dict(PageViewTotal.objects.values_list("page_id", "count"))
    assert [totals[a.pk] for a in articles] == [10, 10, 15, 10]
    assert [get_view_count(a.pk) for a in articles] == [10, 10, 15, 10]
