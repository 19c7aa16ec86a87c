"""Buffered counting in Redis, flushed exactly once into the tables."""

import pytest
from django.core.management import call_command
from django.db import OperationalError

from tests import factories
from tests.test_view_counting import beacon
from wagtail_news.counting import buffer as buffer_module
from wagtail_news.counting import get_view_count, views_in_last_days
from wagtail_news.models import PageViewDay, PageViewTotal, ViewFlush

pytestmark = pytest.mark.redis


@pytest.fixture
def article(section):
    return factories.make_article(section, "Hot")


@pytest.mark.django_db
def test_buffered_views_are_visible_before_the_flush(client, redis_buffer, article):
    for n in range(5):
        assert beacon(client, article.pk, ip=f"192.0.2.{n}").json() == {
            "counted": True,
            "views": n + 1,
        }
    assert not PageViewTotal.objects.exists()  # nothing written yet
    assert get_view_count(article.pk) == 5
    assert views_in_last_days(article.pk, 1) == 5
    response = client.get(article.url)
    assert f'data-news-views="{article.pk}">5<'.encode() in response.content


@pytest.mark.django_db
def test_flush_moves_counts_into_the_tables(client, redis_buffer, article):
    for n in range(7):
        beacon(client, article.pk, ip=f"192.0.2.{n}")
    call_command("flush_news_views", verbosity=0)
    assert PageViewTotal.objects.get(page_id=article.pk).count == 7
    assert PageViewDay.objects.get(page_id=article.pk).count == 7
    assert get_view_count(article.pk) == 7  # not counted twice
    # The beacon's answer stays exact across flushes.
    assert beacon(client, article.pk, ip="192.0.2.200").json() == {"counted": True, "views": 8}
    assert get_view_count(article.pk) == 8
    call_command("flush_news_views", verbosity=0)
    assert PageViewTotal.objects.get(page_id=article.pk).count == 8
    assert ViewFlush.objects.count() == 2


@pytest.mark.django_db
def test_a_flush_that_dies_half_way_loses_and_doubles_nothing(
    client, redis_buffer, section, monkeypatch
):
    articles = factories.make_articles(section, 4, revision=False)
    for n in range(40):
        beacon(client, articles[n % 4].pk, ip=f"198.51.100.{n}")

    calls = {"n": 0}

    def die_on_third_row():
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("power cut")

    with pytest.raises(RuntimeError):
        buffer_module.flush(on_row=die_on_third_row)
    assert not PageViewTotal.objects.exists()  # the transaction rolled back
    assert sum(get_view_count(a.pk) for a in articles) == 40  # still visible

    buffer_module.flush()
    assert sum(PageViewTotal.objects.values_list("count", flat=True)) == 40
    assert [get_view_count(a.pk) for a in articles] == [10, 10, 10, 10]
    assert beacon(client, articles[0].pk, ip="198.51.100.250").json()["views"] == 11


@pytest.mark.django_db
def test_a_flush_that_dies_after_commit_is_not_applied_twice(
    client, redis_buffer, article, monkeypatch
):
    for n in range(6):
        beacon(client, article.pk, ip=f"198.51.100.{n}")
    real_forget = buffer_module.Buffer.forget_batch
    monkeypatch.setattr(
        buffer_module.Buffer,
        "forget_batch",
        lambda self, batch, totals=None: (_ for _ in ()).throw(ConnectionError("lost Redis")),
    )
    with pytest.raises(ConnectionError):
        buffer_module.flush()
    assert PageViewTotal.objects.get(page_id=article.pk).count == 6
    monkeypatch.setattr(buffer_module.Buffer, "forget_batch", real_forget)
    buffer_module.flush()
    assert PageViewTotal.objects.get(page_id=article.pk).count == 6
    assert get_view_count(article.pk) == 6


@pytest.mark.django_db
def test_views_of_a_deleted_page_are_dropped_not_fatal(client, redis_buffer, section):
    kept, deleted = factories.make_articles(section, 2, revision=False)
    beacon(client, kept.pk, ip="192.0.2.1")
    beacon(client, deleted.pk, ip="192.0.2.2")
    deleted.delete()
    assert buffer_module.flush() == 1
    assert PageViewTotal.objects.get(page_id=kept.pk).count == 1


@pytest.mark.django_db
def test_the_redis_client_is_pooled(client, redis_buffer, article):
    before = int(redis_buffer.info("clients")["connected_clients"])
    for n in range(60):
        beacon(client, article.pk, ip=f"192.0.2.{n}")
    after = int(redis_buffer.info("clients")["connected_clients"])
    assert after - before <= 2


@pytest.mark.django_db
def test_flush_command_without_a_buffer_says_so(settings):
    from django.core.management.base import CommandError

    settings.WAGTAIL_NEWS = {}
    with pytest.raises(CommandError, match="No view-count buffer"):
        call_command("flush_news_views")


@pytest.mark.django_db(transaction=True)
def test_in_process_flush_every_n_seconds(client, redis_buffer, settings, section):
    import time

    article = factories.make_article(section, "Flushed in the background")
    settings.WAGTAIL_NEWS = {"VIEW_COUNT_BUFFER": "news_buffer", "VIEW_COUNT_FLUSH_INTERVAL": 1}
    for n in range(3):
        beacon(client, article.pk, ip=f"192.0.2.{n}")

    def read(query):
        # The test database is SQLite in memory with a shared cache, where a
        # reader meets the flusher's table lock at once ("database table is
        # locked") instead of waiting as on a database file: read again.
        for _attempt in range(100):
            try:
                return query()
            except OperationalError:
                time.sleep(0.05)
        return query()

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        total = read(PageViewTotal.objects.filter(page_id=article.pk).first)
        if total is not None and total.count == 3:
            break
        time.sleep(0.2)
    assert read(lambda: PageViewTotal.objects.get(page_id=article.pk).count) == 3
    assert read(lambda: get_view_count(article.pk)) == 3


@pytest.fixture
def redis_round_trips(monkeypatch):
    """Counts what is written to Redis connections, as a list of command
    names ("PIPELINE" for several commands in one write): every client path
    (redis-py's commands, pipelines and the beacon's own connection) sends
    through ``send_packed_command``."""
    import re

    import redis.connection

    sent = []
    owner = next(
        klass
        for klass in redis.connection.Connection.__mro__
        if "send_packed_command" in vars(klass)
    )
    plain = owner.send_packed_command
    command_name = re.compile(rb"\*\d+\r\n\$\d+\r\n([A-Za-z]+)\r\n")

    def send_packed_command(self, command, *args, **kwargs):
        chunks = [command] if isinstance(command, (bytes, str)) else command
        data = b"".join(c.encode() if isinstance(c, str) else bytes(c) for c in chunks)
        names = [name.decode().upper() for name in command_name.findall(data)]
        sent.append(names[0] if len(names) == 1 else "PIPELINE")
        return plain(self, command, *args, **kwargs)

    monkeypatch.setattr(owner, "send_packed_command", send_packed_command)
    return sent


@pytest.mark.django_db
def test_a_hot_article_costs_one_round_trip_when_the_buffer_keeps_the_visitor_keys(
    client, redis_buffer, article, settings, redis_round_trips, django_assert_num_queries
):
    settings.WAGTAIL_NEWS = {
        "VIEW_COUNT_BUFFER": "news_buffer",
        "VIEW_COUNT_VISITOR_CACHE": "news_buffer",
    }
    beacon(client, article.pk, ip="192.0.2.1")  # caches the answer and the stored total
    redis_round_trips.clear()
    with django_assert_num_queries(0):
        assert beacon(client, article.pk, ip="192.0.2.2").json() == {"counted": True, "views": 2}
        assert beacon(client, article.pk, ip="192.0.2.2").json() == {"counted": False, "views": 2}
    assert redis_round_trips == ["EVALSHA", "EVALSHA"]
    article.unpublish()  # a new generation: the next answer is computed again
    assert beacon(client, article.pk, ip="192.0.2.3").status_code == 404
    assert get_view_count(article.pk) == 2


ONE_SCRIPT = {"VIEW_COUNT_BUFFER": "news_buffer", "VIEW_COUNT_VISITOR_CACHE": "news_buffer"}


def pooled_connections(pool):
    """The connections of a redis-py pool: (idle, in use)."""
    return list(pool._available_connections), set(pool._in_use_connections)


@pytest.mark.django_db
def test_the_beacon_gives_its_connection_back_to_the_pool(client, redis_buffer, article, settings):
    """Each beacon borrows a connection of the cache's pool and returns it:
    one thread sending beacons uses one connection, again and again."""
    from wagtail_news.counting import redis_path

    settings.WAGTAIL_NEWS = ONE_SCRIPT
    beacon(client, article.pk, ip="192.0.2.1")
    pool = redis_path.runner().pool
    idle, in_use = pooled_connections(pool)
    assert len(idle) == 1 and in_use == set()
    before = int(redis_buffer.info("stats")["total_connections_received"])
    for n in range(2, 30):
        assert beacon(client, article.pk, ip=f"192.0.2.{n}").json()["counted"] is True
        assert pooled_connections(pool) == (idle, set())
    assert int(redis_buffer.info("stats")["total_connections_received"]) == before
    assert get_view_count(article.pk) == 29


@pytest.mark.django_db
def test_the_beacon_survives_a_script_flush_and_a_dropped_connection(
    client, redis_buffer, article, settings
):
    """After a Redis restart the server knows no script and the pooled
    connections are gone: the next beacon loads the script again, reconnects
    and counts, once."""
    from wagtail_news.counting import redis_path

    settings.WAGTAIL_NEWS = ONE_SCRIPT
    assert beacon(client, article.pk, ip="192.0.2.1").json() == {"counted": True, "views": 1}
    redis_buffer.script_flush()
    assert beacon(client, article.pk, ip="192.0.2.2").json() == {"counted": True, "views": 2}
    pool = redis_path.runner().pool
    ids = []
    for connection in pooled_connections(pool)[0]:
        connection.send_command("CLIENT", "ID")
        ids.append(connection.read_response())
    killer = pool.connection_class(**pool.connection_kwargs)  # not one of the pool's
    for client_id in ids:
        killer.send_command("CLIENT", "KILL", "ID", client_id)
        assert killer.read_response() in (1, b"OK")
    killer.disconnect()
    assert beacon(client, article.pk, ip="192.0.2.3").json() == {"counted": True, "views": 3}
    assert beacon(client, article.pk, ip="192.0.2.3").json() == {"counted": False, "views": 3}
    call_command("flush_news_views", verbosity=0)
    assert PageViewTotal.objects.get(page_id=article.pk).count == 3


@pytest.mark.django_db
def test_a_forked_worker_opens_its_own_connection(
    client, redis_buffer, article, settings, monkeypatch
):
    """A connection is never shared with a parent process (gunicorn
    --preload forks after the app is loaded): the beacon holds none of its
    own, and the pool starts afresh in a new process."""
    import redis.connection

    from wagtail_news.counting import redis_path

    settings.WAGTAIL_NEWS = ONE_SCRIPT
    beacon(client, article.pk, ip="192.0.2.1")
    pool = redis_path.runner().pool
    parent = set(pooled_connections(pool)[0])
    assert parent
    monkeypatch.setattr(redis.connection.os, "getpid", lambda: -1)  # as in a forked child
    assert beacon(client, article.pk, ip="192.0.2.2").json() == {"counted": True, "views": 2}
    assert not parent & set(pooled_connections(pool)[0])


@pytest.mark.django_db
def test_a_long_flush_keeps_its_lock(client, redis_buffer, article, monkeypatch):
    """The flush lock expires soon after a dead flush (``FLUSH_LOCK_TIMEOUT``)
    but not under a live one that takes longer: it is renewed."""
    import time

    monkeypatch.setattr(buffer_module, "FLUSH_LOCK_TIMEOUT", 1)
    beacon(client, article.pk, ip="192.0.2.1")
    held = []

    def slow_row():
        time.sleep(2.5)
        held.append(buffer_module.get_buffer().lock().locked())

    assert buffer_module.flush(on_row=slow_row) == 1
    assert held == [True]
    assert not buffer_module.get_buffer().lock().locked()  # released at the end
