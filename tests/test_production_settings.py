"""The example site's settings, loaded in a subprocess as a server would
load them: the production settings refuse an incomplete environment with a
clear message, and both settings pass the checks (wagtail-news's cache
checks included)."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE_DIR = Path(__file__).resolve().parent.parent / "example_project"
PRODUCTION = "newsroom.settings_production"

# What the settings print: the values these tests look at.
SHOW = """
import importlib, json, os
settings = importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"])
database = settings.DATABASES["default"]
print(json.dumps({
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "WAGTAILADMIN_BASE_URL": settings.WAGTAILADMIN_BASE_URL,
    "ENGINE": database["ENGINE"],
    "CONN_MAX_AGE": database["CONN_MAX_AGE"],
    "CONN_HEALTH_CHECKS": database["CONN_HEALTH_CHECKS"],
    "CACHES": {alias: cache["BACKEND"] for alias, cache in settings.CACHES.items()},
}))
"""


def environment(**values):
    """The test process's environment without the variables the settings
    read, then ``values``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in {"DATABASE_URL", "REDIS_URL"}
    }
    return {**env, "PYTHONPATH": "", **values}


def production(**overrides):
    values = {
        "DJANGO_SETTINGS_MODULE": PRODUCTION,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "news.example.org",
        "DATABASE_URL": "postgres://newsroom:secret@db.internal:5432/newsroom",
        "REDIS_URL": "redis://127.0.0.1:6379",
    }
    values.update(overrides)
    return environment(**{key: value for key, value in values.items() if value is not None})


def run(env, *args):
    return subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, *args],
        cwd=EXAMPLE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def load(env):
    result = run(env, "-c", SHOW)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def refused(env):
    """The ImproperlyConfigured message of settings that refuse to load."""
    result = run(env, "-c", SHOW)
    assert result.returncode != 0, result.stdout
    [line] = [x for x in result.stderr.splitlines() if x.startswith("django.core.exceptions")]
    return line.partition("ImproperlyConfigured: ")[2]


def test_a_complete_environment_loads():
    values = load(production(DJANGO_ALLOWED_HOSTS=" news.example.org , www.example.org "))
    assert values["ALLOWED_HOSTS"] == ["news.example.org", "www.example.org"]
    assert values["WAGTAILADMIN_BASE_URL"] == "https://news.example.org"
    assert values["ENGINE"] == "django.db.backends.postgresql"
    assert values["CONN_MAX_AGE"] == 600
    assert values["CONN_HEALTH_CHECKS"] is True
    assert set(values["CACHES"].values()) == {"django_redis.cache.RedisCache"}


@pytest.mark.parametrize("hosts", [" ", ",", " ,news.example.org", "news.example.org,", "a,,b"])
def test_empty_host_entries_are_refused(hosts):
    message = refused(production(DJANGO_ALLOWED_HOSTS=hosts))
    if hosts.strip():
        assert message.startswith(f"DJANGO_ALLOWED_HOSTS={hosts.strip()!r} has an empty entry")
    else:
        assert message == "Set DJANGO_ALLOWED_HOSTS (the site's host names)."


@pytest.mark.parametrize("hosts", ["*", ".example.org,news.example.org"])
def test_the_first_host_must_be_the_sites_address(hosts):
    message = refused(production(DJANGO_ALLOWED_HOSTS=hosts))
    assert message.startswith("The first entry of DJANGO_ALLOWED_HOSTS")


@pytest.mark.parametrize("missing", ["DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"])
@pytest.mark.parametrize("value", [None, "", "  "])
def test_a_missing_setting_is_refused(missing, value):
    message = refused(production(**{missing: value}))
    assert message.startswith(f"Set {missing} (")


def test_a_short_secret_key_is_refused():
    message = refused(production(DJANGO_SECRET_KEY="short"))
    assert message.startswith("Set DJANGO_SECRET_KEY")


def test_check_deploy_passes_as_in_ci():
    """``.ci/run``'s step, with DATABASE_URL: no warning, none of wagtail-news's."""
    result = run(production(), "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_development_settings_pass_the_checks(tmp_path):
    """``make demo``'s settings: a cache that every process of the site shares
    (files next to the database), big enough for a counting window."""
    env = environment(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    values = load(env)
    assert values["CACHES"] == {"default": "django.core.cache.backends.filebased.FileBasedCache"}
    assert values["CONN_HEALTH_CHECKS"] is True
    result = run(env, "manage.py", "check", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "wagtail_news" not in result.stdout + result.stderr
