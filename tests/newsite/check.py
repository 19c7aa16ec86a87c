"""Checks the site that tests/newsite/build.sh built, as its readers and
clients see it: over real HTTP, from a ``manage.py runserver`` on a free
local port. Standard library only.

    python3 tests/newsite/check.py WORK   # WORK: build.sh's folder (venv/, mysite/)

Prints one line per check; the first failure ends the run with exit status 1,
a message saying what was asked and what came back, and the server's log.
"""

import argparse
import http.client
import json
import re
import signal
import socket
import subprocess
import sys
import time
import traceback
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

# The seed's content (tests/newsite/seed.py).
SECTION_PATH = "/newsroom/"
ARTICLES = {
    "Harbour reopens after the storm": "news.ArticlePage",
    "City council passes the budget": "news.ArticlePage",
    "Library extends its opening hours": "news.ArticlePage",
}
VIDEO = {"Video: the harbour from the air": "news.VideoArticlePage"}
ALL_ARTICLES = {**ARTICLES, **VIDEO}
# Published within the Google News sitemap's 48 hours.
RECENT = ["Video: the harbour from the air", "Library extends its opening hours"]

BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
SERVER_START_TIMEOUT = 90  # seconds
REQUEST_TIMEOUT = 30  # seconds
CHECK_TIMEOUT = 180  # seconds, manage.py check
# What `manage.py check` must not mention (the app's own checks, Wagtail's
# search checks, Django's field checks such as reverse accessor clashes).
CHECK_FORBIDDEN = re.compile(r"wagtail_news|wagtailsearch|fields\.E\d+")
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


class CheckFailed(Exception):
    pass


def ok(message):
    print(f"ok    {message}", flush=True)


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


class Client:
    """HTTP/1.1 requests to the local server, each on its own connection;
    ``source`` is the client's own loopback address (another visitor)."""

    def __init__(self, port):
        self.port = port

    def request(self, method, path, headers=None, source="127.0.0.1"):
        headers = {"User-Agent": BROWSER, "Accept-Language": "en", **(headers or {})}
        conn = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=REQUEST_TIMEOUT, source_address=(source, 0)
        )
        try:
            conn.request(method, path, body=b"" if method == "POST" else None, headers=headers)
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    def get(self, path, expect_type=None):
        status, headers, body = self.request("GET", path)
        expect(status == 200, f"GET {path}: HTTP {status}, expected 200\n{snippet(body)}")
        content_type = headers.get("Content-Type", "")
        if expect_type:
            expect(
                expect_type in content_type,
                f"GET {path}: Content-Type {content_type!r}, expected {expect_type}",
            )
        return body.decode("utf-8")

    def get_json(self, path):
        text = self.get(path, "json")
        try:
            return json.loads(text)
        except ValueError as exc:
            raise CheckFailed(f"GET {path}: not JSON ({exc})\n{snippet(text)}") from None


def snippet(body, limit=800):
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    return text if len(text) <= limit else text[:limit] + f"\n… ({len(text)} characters)"


def path_of(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage_check(python, site):
    """``manage.py check``: nothing about wagtail_news, wagtailsearch or fields."""
    result = subprocess.run(  # noqa: S603 (our own venv's python)
        [python, "manage.py", "check"],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=CHECK_TIMEOUT,
    )
    output = result.stdout + result.stderr
    bad = [line for line in output.splitlines() if CHECK_FORBIDDEN.search(line)]
    expect(
        not bad,
        "manage.py check reports wagtail_news, wagtailsearch or fields issues:\n" + output,
    )
    expect(result.returncode == 0, f"manage.py check exited {result.returncode}:\n{output}")
    ok(f"manage.py check: {output.strip().splitlines()[-1] if output.strip() else 'silent'}")


def start_server(python, site, port, log_path):
    log = open(log_path, "wb")  # kept open for the server's life
    server = subprocess.Popen(  # noqa: S603
        [python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=site,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    server.log_file, server.log_path = log, log_path
    return server


def launch(python, site, log_path, tries=3):
    """runserver on a free port, answering; another port if the chosen one
    was taken in between."""
    for attempt in range(1, tries + 1):
        client = Client(free_port())
        server = start_server(python, site, client.port, log_path)
        try:
            wait_for_server(client, server)
            return client, server
        except CheckFailed:
            stop_server(server)
            log = log_path.read_text(errors="replace")
            if attempt == tries or "already in use" not in log:
                raise
    raise AssertionError("unreachable")


def wait_for_server(client, server):
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CheckFailed(
                f"runserver exited with status {server.returncode} before answering\n"
                + server.log_path.read_text(errors="replace")
            )
        try:
            status, _headers, _body = client.request("GET", "/")
        except OSError:
            time.sleep(0.3)
            continue
        ok(f"runserver answers on 127.0.0.1:{client.port} (GET / HTTP {status})")
        return
    raise CheckFailed(f"runserver did not answer within {SERVER_START_TIMEOUT} s")


def stop_server(server):
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=15)
    server.log_file.close()


def titles_in(text, titles):
    """The titles (HTML-escaped as Django escapes them) missing from text."""
    return [title for title in titles if title not in unescape(text)]


def check_last_news(client):
    html = client.get("/", "text/html")
    found = re.search(r'<section class="news-last".*?</section>', html, re.S)
    expect(
        found,
        'GET /: no Last news (<section class="news-last">) on the home page; '
        "{% last_news %} rendered nothing\n" + snippet(html),
    )
    missing = titles_in(found.group(0), ALL_ARTICLES)
    expect(not missing, f"GET /: Last news lacks {missing}\n{found.group(0)}")
    ok(f"home page: Last news lists the {len(ALL_ARTICLES)} articles (video included)")


def check_section(client):
    html = client.get(SECTION_PATH, "text/html")
    missing = titles_in(html, ARTICLES)
    expect(not missing, f"GET {SECTION_PATH}: the section page lacks {missing}\n{snippet(html)}")
    video = "with" if not titles_in(html, VIDEO) else "without"
    ok(f"section page {SECTION_PATH} lists the 3 articles ({video} the video article)")


def check_api_v2(client):
    data = client.get_json("/api/v2/news/")
    items = data.get("items")
    expect(
        isinstance(items, list), f"GET /api/v2/news/: no items list\n{snippet(json.dumps(data))}"
    )
    by_title = {item.get("title"): item for item in items}
    for title, model in ALL_ARTICLES.items():
        expect(
            title in by_title,
            f"GET /api/v2/news/: {title!r} is not listed; titles: {sorted(by_title, key=str)}",
        )
        kind = by_title[title].get("meta", {}).get("type")
        expect(kind == model, f"GET /api/v2/news/: {title!r} has type {kind!r}, not {model!r}")
    ok(f"API v2 /api/v2/news/ lists the {len(ALL_ARTICLES)} articles with their types")
    return by_title


def check_api_v2_detail(client, item):
    path = f"/api/v2/news/{item['id']}/"
    data = client.get_json(path)
    expect(
        data.get("title") == item["title"]
        and data.get("meta", {}).get("type") == "news.ArticlePage",
        f"GET {path}: {snippet(json.dumps(data))}",
    )
    ok(f"API v2 {path}: the article, type news.ArticlePage")
    return data


def check_api_v3(client, wagtail_major):
    if wagtail_major < 8:
        ok(f"API v3: skipped (Wagtail {wagtail_major} has no v3 API)")
        return
    data = client.get_json("/api/v3/news/")
    items = data.get("items", data.get("results"))
    expect(isinstance(items, list), f"GET /api/v3/news/: no item list\n{snippet(json.dumps(data))}")
    titles = {item.get("title") for item in items}
    missing = [title for title in ALL_ARTICLES if title not in titles]
    expect(not missing, f"GET /api/v3/news/: lacks {missing}\n{snippet(json.dumps(data))}")
    ok(f"API v3 /api/v3/news/ lists the {len(ALL_ARTICLES)} articles")


def sitemap_locs(text, path, tag):
    try:
        root = ET.fromstring(text)  # noqa: S314 (our own server's answer)
    except ET.ParseError as exc:
        raise CheckFailed(f"GET {path}: not XML ({exc})\n{snippet(text)}") from None
    return [loc.text.strip() for loc in root.findall(f"sm:{tag}/sm:loc", SITEMAP_NS)]


def check_sitemaps(client, article_paths):
    index = client.get("/sitemap.xml", "xml")
    sitemaps = sitemap_locs(index, "/sitemap.xml", "sitemap")
    articles_maps = [loc for loc in sitemaps if "sitemap-articles.xml" in loc]
    expect(
        articles_maps,
        f"GET /sitemap.xml: no sitemap-articles.xml among {sitemaps}\n{snippet(index)}",
    )
    ok(f"/sitemap.xml links {', '.join(path_of(loc) for loc in sitemaps)}")
    locs = []
    for loc in articles_maps:
        locs += [path_of(url) for url in sitemap_locs(client.get(path_of(loc), "xml"), loc, "url")]
    for title, path in article_paths.items():
        expect(
            path in locs,
            f"{path_of(articles_maps[0])}: no <loc> for {title!r} ({path}); locs: {locs}",
        )
    ok(f"{path_of(articles_maps[0])} lists the {len(article_paths)} article URLs (video included)")

    # Google News: the articles of the last 48 hours (the seed's video is
    # 12 hours old, its newest ArticlePage a day).
    recent = {title: article_paths[title] for title in RECENT}
    news_map = client.get("/sitemap-news.xml", "xml")
    locs = [path_of(url) for url in sitemap_locs(news_map, "/sitemap-news.xml", "url")]
    for title, path in recent.items():
        expect(path in locs, f"/sitemap-news.xml: no <loc> for {title!r} ({path}); locs: {locs}")
    ok(f"/sitemap-news.xml (Google News) lists the {len(recent)} articles of the last 48 hours")


def check_feed(client):
    path = SECTION_PATH + "feed/"
    text = client.get(path, "xml")
    try:
        root = ET.fromstring(text)  # noqa: S314
    except ET.ParseError as exc:
        raise CheckFailed(f"GET {path}: not XML ({exc})\n{snippet(text)}") from None
    titles = [title.text for title in root.findall("channel/item/title")]
    missing = [title for title in ARTICLES if title not in titles]
    expect(not missing, f"GET {path}: the RSS feed lacks {missing}; its items: {titles}")
    video = "with" if all(title in titles for title in VIDEO) else "without"
    ok(f"RSS feed {path} has the 3 articles ({video} the video article)")


def beacon_url_of(client, article_path):
    """The beacon URL that the article page's script posts to."""
    html = client.get(article_path, "text/html")
    found = re.search(r'var url = "([^"]*)"', html)
    expect(found, f"GET {article_path}: no view beacon script in the article page\n{snippet(html)}")
    return json.loads(f'"{found.group(1)}"')


def post_beacon(client, path, source="127.0.0.1"):
    status, _headers, body = client.request("POST", path, source=source)
    expect(
        status == 200,
        f"POST {path} from {source}: HTTP {status}, expected 200\n{snippet(body)}",
    )
    try:
        return json.loads(body)
    except ValueError:
        raise CheckFailed(f"POST {path}: not JSON\n{snippet(body)}") from None


def check_beacon(client, title, article_path, article_id):
    beacon = beacon_url_of(client, article_path)
    expected = f"/news/views/{article_id}/"
    expect(
        urlsplit(beacon).path == expected,
        f"GET {article_path}: the beacon posts to {beacon!r}, expected {expected}",
    )
    first = post_beacon(client, beacon)
    expect(
        first == {"counted": True, "views": 1},
        f"POST {beacon} (first visitor, a browser): {first}, expected counted: true, views: 1",
    )
    again = post_beacon(client, beacon)
    expect(
        again == {"counted": False, "views": 1},
        f"POST {beacon} (the same visitor again): {again}, expected counted: false, views: 1",
    )
    second = post_beacon(client, beacon, source="127.0.0.2")
    expect(
        second == {"counted": True, "views": 2},
        f"POST {beacon} (a second visitor, 127.0.0.2): {second}, expected counted: true, views: 2",
    )
    ok(f"beacon {beacon} for {title!r}: counted, not twice, a second visitor makes 2")
    return beacon


def check_beacon_refusals(client, beacon):
    status, _headers, body = client.request("POST", beacon, headers={"Sec-Purpose": "prefetch"})
    answer = json.loads(body) if status == 200 else None
    expect(
        answer and answer.get("counted") is False,
        f"POST {beacon} with Sec-Purpose: prefetch: HTTP {status} {snippet(body)}, "
        "expected counted: false",
    )
    status, _headers, body = client.request(
        "POST", beacon, headers={"User-Agent": "Googlebot/2.1 (+http://www.google.com/bot.html)"}
    )
    answer = json.loads(body) if status == 200 else None
    expect(
        answer and answer.get("counted") is False,
        f"POST {beacon} from Googlebot: HTTP {status} {snippet(body)}, expected counted: false",
    )
    ok(f"beacon {beacon}: a prefetch and a crawler count nothing")


# The admin's "News articles" listing and "Most read news" report, through
# Django's test client in the site's own process (``manage.py shell``).
ADMIN_CHECK = """
from django.contrib.auth import get_user_model
from django.test import Client

user = get_user_model().objects.create_superuser("newsite-admin", "admin@example.org", "x")
client = Client(HTTP_HOST="localhost")
client.force_login(user)
for url, titles in (("/admin/news_articles/", LISTED), ("/admin/reports/most-read-news/", READ)):
    response = client.get(url)
    body = response.content.decode()
    missing = [title for title in titles if title.replace("'", "&#x27;") not in body]
    print(url, response.status_code, "missing:", missing)
"""


def check_admin(python, site, read):
    """The admin listing shows the site's articles (both models), and the
    report the ones that were ``read``."""
    script = f"LISTED = {list(ALL_ARTICLES)!r}\nREAD = {read!r}\n{ADMIN_CHECK}"
    result = subprocess.run(  # noqa: S603 (our own venv's python)
        [python, "manage.py", "shell", "--no-imports"],
        cwd=site,
        input=script,
        capture_output=True,
        text=True,
        timeout=CHECK_TIMEOUT,
    )
    output = result.stdout + result.stderr
    expect(result.returncode == 0, f"the admin check failed:\n{output}")
    for url in ("/admin/news_articles/", "/admin/reports/most-read-news/"):
        expect(f"{url} 200 missing: []" in output, f"admin {url}:\n{output}")
    ok(f"admin: News articles lists the 4 articles, Most read news the {len(read)} read ones")


def now_iso():
    return datetime.now(UTC).isoformat(timespec="seconds")


def check_import(python, site, client):
    """``import_news`` writes a row into the site's section, as its article
    model, and the API lists it."""
    title = "Imported: the ferry timetable"
    rows = site / "import.jsonl"
    row = {"external_id": "ferry-1", "title": title, "date": now_iso(), "intro": "Lead."}
    rows.write_text(json.dumps(row) + "\n")
    result = subprocess.run(  # noqa: S603 (our own venv's python)
        [python, "manage.py", "import_news", str(rows), "--section", SECTION_PATH.strip("/")],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=CHECK_TIMEOUT,
    )
    output = result.stdout + result.stderr
    expect(result.returncode == 0 and "Created 1" in output, f"import_news:\n{output}")
    titles = {item["title"] for item in client.get_json("/api/v2/news/?limit=20")["items"]}
    expect(title in titles, f"/api/v2/news/ after import_news: {sorted(titles)}")
    ok("import_news: a row becomes an article of the site's model, listed by the API")


def print_server_log(server):
    if server is not None and server.log_path.exists():
        lines = server.log_path.read_text(errors="replace").splitlines()[-40:]
        print("--- runserver log (last lines):", *lines, sep="\n", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("work", type=Path, help="build.sh's folder (venv/, mysite/)")
    args = parser.parse_args()
    work = args.work.resolve()
    python = str(work / "venv" / "bin" / "python")
    site = work / "mysite"
    log_path = work / "runserver.log"
    wagtail_major = int(
        subprocess.run(  # noqa: S603
            [python, "-c", "import wagtail; print(wagtail.VERSION[0])"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
    )

    # A TERM (timeout, CI) stops the server too: finally runs on SystemExit.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    server = None
    try:
        manage_check(python, site)
        client, server = launch(python, site, log_path)

        check_last_news(client)
        check_section(client)
        by_title = check_api_v2(client)
        article_paths = {
            title: path_of(item["meta"]["html_url"]) for title, item in by_title.items()
        }
        first_title = next(iter(ARTICLES))
        check_api_v2_detail(client, by_title[first_title])
        check_api_v3(client, wagtail_major)
        check_sitemaps(client, {title: article_paths[title] for title in ALL_ARTICLES})
        check_feed(client)
        beacon = check_beacon(
            client, first_title, article_paths[first_title], by_title[first_title]["id"]
        )
        video_title = next(iter(VIDEO))
        check_beacon(client, video_title, article_paths[video_title], by_title[video_title]["id"])
        check_beacon_refusals(client, beacon)
        detail = client.get_json(f"/api/v2/news/{by_title[first_title]['id']}/")
        expect(
            detail.get("view_count") == 2,
            f"GET /api/v2/news/{by_title[first_title]['id']}/: view_count "
            f"{detail.get('view_count')!r} after two counted visitors, expected 2",
        )
        ok("API v2 detail: view_count 2 after the two visitors")
        check_admin(python, site, [first_title, video_title])
        check_import(python, site, client)
    except CheckFailed as exc:
        print(f"FAIL  {exc}", file=sys.stderr, flush=True)
        print_server_log(server)
        return 1
    except Exception:
        print("FAIL  an unexpected error in check.py:", file=sys.stderr, flush=True)
        traceback.print_exc()
        print_server_log(server)
        return 1
    finally:
        if server is not None:
            stop_server(server)
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
