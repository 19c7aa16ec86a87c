"""A private ``redis-server`` for the fault drills: its own port and data
directory, stopped and started by the test (never the machine's server).

Its append-only file is written before every answer (``appendfsync
always``), so a stop loses nothing the server acknowledged.
"""

import shutil
import socket
import subprocess
import time

import pytest


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    def __init__(self, directory):
        self.binary = shutil.which("redis-server")
        self.directory = directory
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self):
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=5)

    def cache_settings(self, key_prefix="drill", **pool_options):
        """A django-redis cache on this server."""
        options = {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 5}
        if pool_options:
            options["CONNECTION_POOL_KWARGS"] = pool_options
        return {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": self.url,
            "KEY_PREFIX": key_prefix,
            "OPTIONS": options,
        }

    def start(self, timeout=10):
        self.process = subprocess.Popen(  # noqa: S603 - a fixed command line
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.directory),
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--logfile",
                "redis.log",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while True:
            try:
                if self.client().ping():
                    return
            except Exception:  # noqa: BLE001 - not up yet
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("the private redis-server did not start") from None
                time.sleep(0.05)

    def stop(self):
        """Stop the server as an operator does: writes are paused first, so
        that every command it ran has been answered, then it shuts down."""
        client = self.client()
        client.execute_command("CLIENT", "PAUSE", 10_000, "WRITE")
        time.sleep(0.05)  # answers of commands already run are on their way
        try:
            client.shutdown()
        except Exception:  # noqa: BLE001, S110 - the server closes the connection
            pass
        self.process.wait(timeout=10)
        self.process = None

    def close(self):
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def private_redis(tmp_path):
    """A started private server; skips when redis-server is not installed."""
    pytest.importorskip("django_redis")
    server = PrivateRedis(tmp_path)
    if server.binary is None:
        pytest.skip("redis-server is not installed")
    server.start()
    try:
        yield server
    finally:
        server.close()
