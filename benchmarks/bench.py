"""``make bench``: wagtail-news's pages, API, beacon and "Last news" against
floors measured in the same run, at two archive sizes, on SQLite and
PostgreSQL (benchmarks/README.md, "``make bench``").

One ``bench_worker.py`` process per database and size; in interleaved rounds
each times a batch of a target and right after one of its floor. Writes the
table (``.txt``), the JSON and a PNG chart (matplotlib, the ``bench`` extra).
"""

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import harness

GOAL = 1.5  # every target at the largest size within 1.5x of itself at the smallest
FLOOR_GOALS = {"article": 1.5, "api_news_all": 2.0}  # at most this many times the floor
DATABASE_NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
FLOOR_NAMES = {
    "plain_page": "plain Wagtail page",
    "api_pages_title": "stock pages API, title only",
    "api_pages_title_50": "the same, 50 articles",
    "bare_204": "bare view, 204",
    "bare_bytes": "bare view, same bytes",
}


class Worker:
    """A ``bench_worker.py`` process for one database and size."""

    def __init__(self, database, size, options):
        self.key = f"{database}-{size}"
        command = [
            sys.executable,
            str(harness.BENCH_DIR / "bench_worker.py"),
            f"--database={database}",
            f"--size={size}",
            f"--cache-dir={options.cache_dir}",
            *(["--rebuild"] if options.rebuild else []),
            *(["--build-only"] if options.build_only else []),
        ]
        self.process = subprocess.Popen(  # noqa: S603 - this Python, this script
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "BENCH_WORKER": self.key},
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


def start_workers(options, workers):
    """Start the workers one after the other (an archive build has the
    machine to itself); their ``ready`` answers by worker key."""
    ready = {}
    for database in options.databases:
        for size in options.sizes:
            print(f"Preparing {database}, {size:,} articles ...", flush=True)
            worker = Worker(database, size, options)
            workers.append(worker)
            ready[worker.key] = worker.receive()["ready"]
            archive = ready[worker.key]["archive"]
            verb = "built" if archive["built_now"] else f"reused (built {archive['built_at']})"
            rate = archive["import_articles_per_second"]
            print(f"  archive {verb}: import_news {rate:.0f} articles/s", flush=True)
    return ready


def run_rounds(workers, ready, options):
    """In each round, target after target (the order rotates), every worker
    in turn (the order rotates too) times a batch of the target and right
    after of its floor: per worker, per round, both medians by target."""
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
            f"load {harness.loadavg()[0]}",
            flush=True,
        )
    return rounds


# -- figures ------------------------------------------------------------------------


def summarize_worker(info, rounds):
    """Per target: median ms, ratio to the floor (median of the per-round
    ratios), queries and bytes, and the verdicts against ``FLOOR_GOALS``."""
    summary, verdicts = {}, {}
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
            floors = [r["floor_ms"][name] for r in rounds]
            row["ratio_to_floor"], row["ratio_to_floor_per_round"] = harness.median_ratio(
                medians, floors
            )
        if name in FLOOR_GOALS:
            verdicts[name] = "PASS" if row["ratio_to_floor"] <= FLOOR_GOALS[name] else "MISS"
        summary[name] = row
    return summary, verdicts


def scaling(rounds, small, large):
    """Per target: the largest size's ms over the smallest's, round by round
    (both measured in the same round), and their median."""
    result = {}
    for name in rounds[small][0]["median_ms"]:
        ratio, per_round = harness.median_ratio(
            [r["median_ms"][name] for r in rounds[large]],
            [r["median_ms"][name] for r in rounds[small]],
        )
        verdict = "PASS" if ratio <= GOAL else "MISS"
        result[name] = {"ratio": ratio, "per_round": per_round, "verdict": verdict}
    return result


def build_results(options, ready, rounds):
    results = {}
    for database in options.databases:
        sizes = {}
        for size in options.sizes:
            info = ready[f"{database}-{size}"]
            summary, verdicts = summarize_worker(info, rounds[f"{database}-{size}"])
            sizes[str(size)] = {
                "database_version": info["database_version"],
                "archive": info["archive"],
                "targets": summary,
                "verdicts": verdicts,
                "sql": {name: t["sql"] for name, t in info["targets"].items()},
            }
        results[database] = {"sizes": sizes}
        if len(options.sizes) > 1:
            small, large = options.sizes[0], options.sizes[-1]
            results[database]["scaling"] = {
                "small": small,
                "large": large,
                "targets": scaling(rounds, f"{database}-{small}", f"{database}-{large}"),
            }
    return results


# -- the table ----------------------------------------------------------------------


def short_size(size):
    size = int(size)
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def format_database(database, result):
    sizes = list(result["sizes"])
    first = result["sizes"][sizes[0]]
    scaled = result.get("scaling")
    header, rule = f"{'target':<18} {'floor':<18}", " " * 37
    for size in sizes:
        header += f" | {'ms':>7} {'x floor':>7} {'SQL':>4}"
        rule += f" | {short_size(size) + ' articles':^20}"
    if scaled:
        label = f"{short_size(scaled['large'])}/{short_size(scaled['small'])}"
        header += f" | {label:>7}  <= {GOAL}x"
        rule += " |"
    lines = [f"{DATABASE_NAMES[database]} ({first['database_version']})"]
    for size in sizes:
        archive = result["sizes"][size]["archive"]
        how = (
            "built in this run" if archive["built_now"] else f"reused, built {archive['built_at']}"
        )
        lines.append(
            f"  {int(size):,} articles: import_news {archive['import_articles_per_second']:.0f} "
            f"articles/s ({archive['import_seconds']:.0f} s, {how}, "
            f"load {archive['loadavg_while_built']})"
        )
    lines += ["", rule, header, "-" * len(header)]
    for name, row in first["targets"].items():
        line = f"{name:<18} {row['floor'] or '(floor)':<18}"
        for size in sizes:
            target = result["sizes"][size]["targets"][name]
            ratio = f"{target['ratio_to_floor']:.2f}" if target["floor"] else ""
            line += f" | {target['median_ms']:>7.2f} {ratio:>7} {target['sql_queries']:>4}"
        if scaled:
            line += (
                f" | {scaled['targets'][name]['ratio']:>7.2f}  {scaled['targets'][name]['verdict']}"
            )
        lines.append(line)
    for size in sizes:
        for name, verdict in result["sizes"][size]["verdicts"].items():
            target = result["sizes"][size]["targets"][name]
            lines.append(
                f"  {short_size(size)}: {name} vs {target['floor']}: "
                f"{target['ratio_to_floor']:.2f}x, goal <= {FLOOR_GOALS[name]}x: {verdict}"
            )
    return "\n".join(lines)


def format_report(report):
    options = report["options"]
    lines = [
        f"make bench: {options['rounds']} interleaved rounds x {options['requests']} requests "
        f"per target; medians; 'x floor' is the median over rounds of the target's time over "
        f"its floor's, timed right after it by the same worker; SQL: queries of one request.",
        harness.describe_machine(report["machine"]),
        "Floors: " + "; ".join(f"{key} = {value}" for key, value in FLOOR_NAMES.items()) + ".",
    ]
    for database, result in report["results"].items():
        lines += ["", format_database(database, result)]
    return "\n".join(lines)


# -- the chart ------------------------------------------------------------------------


def write_chart(report, path):
    """Bars of the ratio to the floor per target and size, and of the large
    size over the small one, per database. False without matplotlib."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("No PNG: matplotlib is not installed (pip install -e '.[bench]').")
        return False
    results = report["results"]
    scaled = all("scaling" in result for result in results.values())
    rows = 2 if scaled else 1
    figure, axes = plt.subplots(
        rows, len(results), figsize=(5.2 * len(results), 3.4 * rows), squeeze=False
    )
    for column, (database, result) in enumerate(results.items()):
        draw_ratios(axes[0][column], database, result)
        if scaled:
            draw_scaling(axes[1][column], database, result)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=100)
    plt.close(figure)
    return True


def draw_ratios(axis, database, result):
    import matplotlib.ticker

    first = next(iter(result["sizes"].values()))
    names = [name for name, row in first["targets"].items() if row["floor"]]
    sizes = list(result["sizes"])
    width = 0.8 / len(sizes)
    for i, size in enumerate(sizes):
        values = [result["sizes"][size]["targets"][name]["ratio_to_floor"] for name in names]
        positions = [n + (i - (len(sizes) - 1) / 2) * width for n in range(len(names))]
        axis.bar(positions, values, width, label=f"{int(size):,} articles")
    axis.axhline(1, color="black", linewidth=0.8)
    axis.axhline(GOAL, color="red", linewidth=0.8, linestyle="--", label=f"{GOAL}x")
    axis.set_yscale("log")
    axis.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda y, _: f"{y:g}x"))
    axis.set_title(f"{DATABASE_NAMES[database]}: time / its floor (log scale)", fontsize=10)
    axis.set_xticks(range(len(names)), names, rotation=40, ha="right", fontsize=8)
    axis.tick_params(axis="y", labelsize=8)
    axis.legend(fontsize=7)


def draw_scaling(axis, database, result):
    scaled = result["scaling"]
    names = list(scaled["targets"])
    values = [scaled["targets"][name]["ratio"] for name in names]
    colors = ["tab:green" if value <= GOAL else "tab:red" for value in values]
    axis.bar(range(len(names)), values, 0.6, color=colors)
    axis.axhline(1, color="black", linewidth=0.8)
    axis.axhline(GOAL, color="red", linewidth=0.8, linestyle="--")
    axis.set_title(
        f"{DATABASE_NAMES[database]}: time at {int(scaled['large']):,} / "
        f"at {int(scaled['small']):,} articles",
        fontsize=10,
    )
    axis.set_xticks(range(len(names)), names, rotation=40, ha="right", fontsize=8)
    axis.tick_params(axis="y", labelsize=8)


# -- main ---------------------------------------------------------------------------


def parse_args(argv=None):
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "wagtail-news-bench"
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,50000", help="archive sizes (1000,50000)")
    parser.add_argument("--databases", default="sqlite,postgres", help="sqlite,postgres")
    parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds (7)")
    parser.add_argument("--requests", type=int, default=10, help="per target per round (10)")
    parser.add_argument(
        "--quick", action="store_true", help="1,000 and 5,000 articles, SQLite, 5 rounds of 6"
    )
    parser.add_argument("--rebuild", action="store_true", help="build the archives again")
    parser.add_argument("--build-only", action="store_true", help="build or check, then stop")
    parser.add_argument("--cache-dir", type=Path, default=cache, help=f"archives ({cache})")
    parser.add_argument("--json", type=Path, default=harness.RESULTS_DIR / "bench.json")
    parser.add_argument("--png", type=Path, default=harness.RESULTS_DIR / "bench.png")
    options = parser.parse_args(argv)
    if options.quick:
        options.sizes, options.databases = "1000,5000", "sqlite"
        options.rounds, options.requests = 5, 6
    options.sizes = sorted({int(size) for size in options.sizes.split(",")})
    options.databases = [db.strip() for db in options.databases.split(",") if db.strip()]
    if set(options.databases) - set(DATABASE_NAMES):
        parser.error("--databases: sqlite and/or postgres")
    if options.rounds < 1 or options.requests < 1:
        parser.error("--rounds and --requests must be at least 1")
    return options


def main(argv=None):
    options = parse_args(argv)
    started = time.perf_counter()
    machine = harness.machine_info()
    workers = []
    try:
        ready = start_workers(options, workers)
        if options.build_only:
            return
        print(f"Timing: {options.rounds} rounds x {options.requests} requests per target")
        rounds = run_rounds(workers, ready, options)
    finally:
        for worker in workers:
            worker.stop()
    machine["loadavg_at_end"] = harness.loadavg()
    report = {
        "machine": machine,
        "options": {
            key: getattr(options, key) for key in ("sizes", "databases", "rounds", "requests")
        },
        "goals": {"scaling": GOAL, "to_floor": FLOOR_GOALS},
        "results": build_results(options, ready, rounds),
        "wall_seconds": round(time.perf_counter() - started, 1),
    }
    text = format_report(report)
    print("\n" + text, flush=True)
    harness.write_results(options.json.with_suffix(""), report, text)
    if write_chart(report, options.png):
        print(f"Wrote {options.png}.")


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        main()
