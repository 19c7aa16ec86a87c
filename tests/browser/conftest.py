"""Browser tests of the example site: a real server, a real Chromium.

The session starts the example site (``example_project/``, settings
``newsroom.settings``) in a subprocess on a free port of 127.0.0.1, with its
own throwaway SQLite database and media folder, loads the demo newsroom
(``load_news_demo``: admin/admin and articles in English, Russian and
Turkmen) and drives it with Playwright and the system's Chromium
(``apt-get install -y chromium``); no browser is downloaded.

The whole session takes over a minute (half of it to migrate and load the
demo), so the tests are collected but skipped unless
``WAGTAIL_NEWS_BROWSER_TESTS=1``; even then they are skipped when the
``playwright`` package (the ``browser`` extra) or a ``chromium`` executable
is missing::

    apt-get install -y chromium
    WAGTAIL_NEWS_BROWSER_TESTS=1 .venv/bin/python -m pytest tests/browser

``WAGTAIL_NEWS_CHROMIUM`` names another Chromium executable;
``WAGTAIL_NEWS_SCREENSHOT_DIR`` another folder for the screenshots (default
``docs/screenshots/browser/``).
"""

import importlib.util
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_DIR = ROOT / "example_project"
HERE = Path(__file__).resolve().parent
SCREENSHOT_DIR = Path(
    os.environ.get("WAGTAIL_NEWS_SCREENSHOT_DIR", ROOT / "docs" / "screenshots" / "browser")
)
VIEWPORT = {"width": 1280, "height": 900}
# Playwright's headless Chromium says "HeadlessChrome" in its user agent, and
# crawlerdetect counts that as a crawler: the view beacon would count nothing.
# The tests browse as an ordinary desktop Chrome.
DESKTOP_CHROME_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
SERVER_START_TIMEOUT = 60  # seconds for runserver to answer
EXPECT_TIMEOUT_MS = 15_000


def chromium_executable():
    """The Chromium to drive: ``WAGTAIL_NEWS_CHROMIUM``, else ``chromium``
    (Debian's package) or ``chromium-browser`` on the ``PATH``."""
    configured = os.environ.get("WAGTAIL_NEWS_CHROMIUM")
    if configured:
        return shutil.which(configured)
    return shutil.which("chromium") or shutil.which("chromium-browser")


def missing_requirement():
    """Why the browser tests cannot run here, or ``None``."""
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is not installed (pip install -e '.[browser]')"
    if chromium_executable() is None:
        return "no chromium executable (apt-get install -y chromium)"
    return None


def skip_reason():
    """Why the browser tests are skipped in this run, or ``None``."""
    if os.environ.get("WAGTAIL_NEWS_BROWSER_TESTS") != "1":
        return "they run with WAGTAIL_NEWS_BROWSER_TESTS=1"
    return missing_requirement()


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives the example site in Chromium")


def pytest_collection_modifyitems(config, items):
    reason = skip_reason()
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=f"browser tests: {reason}"))


# -- the example site ---------------------------------------------------------------


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ExampleSite:
    """The example site served by ``runserver`` from a folder of its own."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.folder / "server.log"
        self.process = None
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "DATABASE_URL": f"sqlite:///{self.folder / 'db.sqlite3'}",
            "DJANGO_MEDIA_ROOT": str(self.folder / "media"),
            "DJANGO_DEBUG": "1",  # runserver serves the static files and pictures
            "PYTHONUNBUFFERED": "1",
        }

    def manage(self, *args):
        result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            [sys.executable, "manage.py", *args],
            cwd=EXAMPLE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode:
            output = result.stdout[-3000:] + result.stderr[-3000:]
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{output}")

    def start(self):
        self.manage("migrate", "--noinput", "--skip-checks")
        self.manage("load_news_demo", "--skip-checks")
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(  # noqa: S603
                [
                    sys.executable,
                    "manage.py",
                    "runserver",
                    "--noreload",
                    "--skip-checks",
                    f"127.0.0.1:{self.port}",
                ],
                cwd=EXAMPLE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.wait_until_up()

    def wait_until_up(self):
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"runserver exited:\n{self.log_path.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/en/", timeout=5) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.3)
        raise RuntimeError(f"runserver did not answer in {SERVER_START_TIMEOUT} s")

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def get_json(self, path):
        """``GET`` a JSON document of the site (the API), outside the browser."""
        request = urllib.request.Request(  # noqa: S310 - http://127.0.0.1 only
            self.url + path, headers={"Accept": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return json.load(response)


@pytest.fixture(scope="session")
def example_site():
    folder = tempfile.mkdtemp(prefix="wagtail-news-browser-")
    site = ExampleSite(folder)
    try:
        site.start()
        yield site
    finally:
        site.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def demo_articles(example_site):
    """The English demo articles, newest first, as the API listed them before
    any test ran: each test reads its own article, so that the view counts
    of one test never depend on another."""
    listing = example_site.get_json("/api/v2/news/?locale=en&limit=20&fields=-intro,-image")
    return listing["items"]


# -- the browser ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable())
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, example_site):
    from playwright.sync_api import expect

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    context = chromium.new_context(
        base_url=example_site.url,
        viewport=VIEWPORT,
        user_agent=DESKTOP_CHROME_UA,  # see DESKTOP_CHROME_UA
        locale="en-GB",
    )
    context.set_default_timeout(EXPECT_TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot():
    """``screenshot(page, "name")``: ``docs/screenshots/browser/name.png``,
    reduced to 256 colours to keep the committed files small."""
    from PIL import Image

    def save(page, name, *, full_page=False):
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        image = Image.open(io.BytesIO(page.screenshot(full_page=full_page)))
        image = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        image.save(SCREENSHOT_DIR / f"{name}.png", optimize=True)

    return save
