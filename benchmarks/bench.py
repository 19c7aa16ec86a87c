"""``make bench``: what wagtail-news's pages, API, beacon and "Last news" cost,
against floors measured in the same run, at two archive sizes, on SQLite and
PostgreSQL.

    .venv/bin/python benchmarks/bench.py [--sizes 1000,50000] [--databases sqlite,postgres]
        [--rounds 7] [--requests 10] [--quick] [--rebuild] [--cache-dir DIR]
        [--json benchmarks/results/bench.json] [--png benchmarks/results/bench.png]

One worker process per database and size (``bench_worker.py``) builds its
archive with ``manage.py import_news`` or reuses the one it built before
(``bench_archive.py``), then times its targets through Django's test client.
Rounds are interleaved: in each round, target after target (the order
rotates), every worker in turn (the order rotates too) times a batch of the
target and right after one of its floor, so that a target, its floor and the
same target at the other size are measured seconds apart, under the same
load. Reported per target: the median milliseconds, the
ratio to its floor (median of the per-round ratios), the SQL queries of one
request, and the ratio of the largest size to the smallest (median of the
per-round ratios), with PASS or MISS against the goals:

- the article page within 1.5x of the plain Wagtail page;
- every target at the largest size within 1.5x of itself at the smallest.

Writes the table (``.txt``), the JSON and a PNG chart (needs matplotlib, the
``bench`` extra); see benchmarks/README.md, "``make bench``".
"""

import argparse
import contextlib
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
sys.path.insert(0, str(BENCH_DIR))

import bench_archive  # noqa: E402
import bench_report  # noqa: E402

GOAL = 1.5


# -- workers ------------------------------------------------------------------------


class Worker:
    """A ``bench_worker.py`` process for one database and size."""

    def __init__(self, database, size, options):
        self.database, self.size = database, size
        self.key = f"{database}-{size}"
        command = [
            sys.executable,
            str(BENCH_DIR / "bench_worker.py"),
            f"--database={database}",
            f"--size={size}",
            f"--cache-dir={options.cache_dir}",
            *(["--rebuild"] if options.rebuild else []),
            *(["--build-only"] if options.build_only else []),
        ]
        env = {**os.environ, "BENCH_WORKER": self.key}
        self.process = subprocess.Popen(  # noqa: S603 - this Python, this script
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env
        )

    def receive(self):
        line = self.process.stdout.readline()
        if not line:
            self.process.wait()
            raise SystemExit(f"{self.key}: the worker stopped ({self.process.returncode}).")
        return json.loads(line)

    def send(self, **command):
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()

    def stop(self):
        if self.process.poll() is None:
            with contextlib.suppress(BrokenPipeError):
                self.send(cmd="quit")
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_workers(options):
    """Start the workers one after the other (an archive build has the
    machine to itself); their ``ready`` answers by worker key."""
    workers, ready = [], {}
    for database in options.databases:
        for size in options.sizes:
            print(f"Preparing {database}, {size:,} articles ...", flush=True)
            worker = Worker(database, size, options)
            workers.append(worker)
            ready[worker.key] = worker.receive()["ready"]
            archive = ready[worker.key]["archive"]
            verb = "built" if archive["built_now"] else f"reused (built {archive['built_at']})"
            print(
                f"  archive {verb}: import_news {archive['import_articles_per_second']:.0f} "
                f"articles/s",
                flush=True,
            )
    return workers, ready


def run_rounds(workers, ready, options):
    """Interleaved rounds. In each, target after target (the order rotates),
    every worker in turn (the order rotates too) times a batch of the target
    and, right after, of its floor. Per worker, per round: the target's
    median and its floor's median of the same batch, by target."""
    names = list(ready[workers[0].key]["targets"])
    rounds = {worker.key: [] for worker in workers}
    for round_no in range(options.rounds):
        started = time.perf_counter()
        for worker in workers:
            rounds[worker.key].append({"median_ms": {}, "floor_ms": {}})
        shift = round_no % len(names)
        for index, name in enumerate(names[shift:] + names[:shift]):
            turn = (round_no + index) % len(workers)
            for worker in workers[turn:] + workers[:turn]:
                worker.send(cmd="batch", target=name, requests=options.requests)
                answer = worker.receive()
                rounds[worker.key][-1]["median_ms"][name] = answer["median_ms"]
                rounds[worker.key][-1]["floor_ms"][name] = answer["floor_ms"]
        print(
            f"  round {round_no + 1}/{options.rounds}: {time.perf_counter() - started:.0f} s, "
            f"load {read_loadavg()[0]}",
            flush=True,
        )
    return rounds


# -- figures ------------------------------------------------------------------------


def summarize_worker(info, rounds):
    """Per target: median ms, ratio to the floor (median of the per-round
    ratios), queries and bytes."""
    summary = {}
    for name, target in info["targets"].items():
        medians = [r["median_ms"][name] for r in rounds]
        row = {
            "floor": target["floor"],
            "path": target["path"],
            "median_ms": round(statistics.median(medians), 3),
            "median_ms_per_round": [round(m, 3) for m in medians],
            "sql_queries": target["sql_queries"],
            "response_bytes": target["response_bytes"],
        }
        if target["floor"]:
            ratios = [r["median_ms"][name] / r["floor_ms"][name] for r in rounds]
            row["ratio_to_floor"] = round(statistics.median(ratios), 3)
            row["ratio_to_floor_per_round"] = [round(x, 3) for x in ratios]
        summary[name] = row
    return summary


def scaling(rounds, small, large):
    """Per target: the largest size's ms over the smallest's, round by round
    (both measured in the same round), and their median."""
    result = {}
    for name in rounds[small][0]["median_ms"]:
        ratios = [
            big["median_ms"][name] / little["median_ms"][name]
            for little, big in zip(rounds[small], rounds[large], strict=True)
        ]
        result[name] = {
            "ratio": round(statistics.median(ratios), 3),
            "per_round": [round(x, 3) for x in ratios],
            "verdict": "PASS" if statistics.median(ratios) <= GOAL else "MISS",
        }
    return result


def verdicts(summary):
    article = summary.get("article")
    if article is None:
        return {}
    return {"article_vs_plain_page": "PASS" if article["ratio_to_floor"] <= GOAL else "MISS"}


# -- machine ------------------------------------------------------------------------


def read_loadavg():
    return Path("/proc/loadavg").read_text().split()[:3]


def git(*args):
    executable = shutil.which("git")
    if executable is None:
        return ""
    try:
        return subprocess.run(  # noqa: S603 - fixed arguments
            [executable, *args], cwd=REPO_DIR, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def machine_info():
    import django
    import wagtail

    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "nproc": os.cpu_count(),
        "cpu_model": next((x.split(":", 1)[1].strip() for x in cpuinfo if "model name" in x), ""),
        "memory_gb": round(int(meminfo[0].split()[1]) / 1024**2, 1),
        "loadavg_at_start": read_loadavg(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "git_commit": git("rev-parse", "HEAD"),
        "git_dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
    }


# -- main ---------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,50000", help="archive sizes (1000,50000)")
    parser.add_argument("--databases", default="sqlite,postgres", help="sqlite,postgres")
    parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds (7)")
    parser.add_argument("--requests", type=int, default=10, help="per target per round (10)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="1,000 and 5,000 articles, SQLite, 5 rounds of 6 requests",
    )
    parser.add_argument("--rebuild", action="store_true", help="build the archives again")
    parser.add_argument("--build-only", action="store_true", help="build or check, then stop")
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=bench_archive.default_cache_dir(),
        help="SQLite archives and media (~/.cache/wagtail-news-bench)",
    )
    parser.add_argument("--json", type=Path, default=RESULTS_DIR / "bench.json")
    parser.add_argument("--png", type=Path, default=RESULTS_DIR / "bench.png")
    options = parser.parse_args(argv)
    if options.quick:
        options.sizes, options.databases = "1000,5000", "sqlite"
        options.rounds, options.requests = 5, 6
    options.sizes = sorted({int(size) for size in options.sizes.split(",")})
    options.databases = [db.strip() for db in options.databases.split(",") if db.strip()]
    if set(options.databases) - {"sqlite", "postgres"}:
        parser.error("--databases: sqlite and/or postgres")
    if options.rounds < 1 or options.requests < 1:
        parser.error("--rounds and --requests must be at least 1")
    return options


def main(argv=None):
    options = parse_args(argv)
    started = time.perf_counter()
    report = {
        "machine": machine_info(),
        "options": {
            "sizes": options.sizes,
            "databases": options.databases,
            "rounds": options.rounds,
            "requests": options.requests,
            "goal": GOAL,
        },
    }
    workers = []
    try:
        workers, ready = start_workers(options)
        if options.build_only:
            return
        print(
            f"Timing: {options.rounds} rounds x {options.requests} requests per target", flush=True
        )
        rounds = run_rounds(workers, ready, options)
    finally:
        for worker in workers:
            worker.stop()
    report["machine"]["loadavg_at_end"] = read_loadavg()
    report["machine"]["database_versions"] = {
        info["database"]: info["database_version"] for info in ready.values()
    }
    report["results"] = build_results(options, ready, rounds)
    report["wall_seconds"] = round(time.perf_counter() - started, 1)
    text = bench_report.format_report(report)
    print("\n" + text, flush=True)
    write(report, text, options)


def build_results(options, ready, rounds):
    results = {}
    for database in options.databases:
        sizes = {}
        for size in options.sizes:
            key = f"{database}-{size}"
            info = ready[key]
            summary = summarize_worker(info, rounds[key])
            sizes[str(size)] = {
                "database_version": info["database_version"],
                "archive": info["archive"],
                "targets": summary,
                "verdicts": verdicts(summary),
                "sql": {name: t["sql"] for name, t in info["targets"].items()},
            }
        entry = {"sizes": sizes}
        if len(options.sizes) > 1:
            small, large = options.sizes[0], options.sizes[-1]
            entry["scaling"] = {
                "small": small,
                "large": large,
                "targets": scaling(rounds, f"{database}-{small}", f"{database}-{large}"),
            }
        results[database] = entry
    return results


def write(report, text, options):
    options.json.parent.mkdir(parents=True, exist_ok=True)
    options.json.write_text(json.dumps(report, indent=2) + "\n")
    txt = options.json.with_suffix(".txt")
    txt.write_text(text + "\n\n" + json.dumps(report["machine"], indent=2) + "\n")
    written = [options.json, txt]
    if bench_report.write_chart(report, options.png):
        written.append(options.png)
    print(f"\nWrote {', '.join(str(p) for p in written)} ({report['wall_seconds']:.0f} s).")


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        main()
