"""The table and the chart of ``make bench`` (``benchmarks/bench.py``)."""

DATABASE_NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
FLOOR_NAMES = {
    "plain_page": "plain Wagtail page",
    "api_pages_title": "stock pages API, title only",
    "bare_204": "bare view, 204",
    "bare_bytes": "bare view, same bytes",
}


def short_size(size):
    size = int(size)
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def archive_line(size, entry):
    archive = entry["archive"]
    how = "built in this run" if archive["built_now"] else f"reused, built {archive['built_at']}"
    return (
        f"  {int(size):,} articles: import_news {archive['import_articles_per_second']:.0f} "
        f"articles/s ({archive['import_seconds']:.0f} s, {how}, "
        f"load {archive['loadavg_while_built']})"
    )


def format_database(database, result, goal):
    sizes = list(result["sizes"])
    first = result["sizes"][sizes[0]]
    scaling = result.get("scaling")
    header = f"{'target':<16} {'floor':<16}"
    rule = f"{'':<16} {'':<16}"
    for size in sizes:
        header += f" | {'ms':>7} {'x floor':>7} {'SQL':>4}"
        rule += f" | {short_size(size) + ' articles':^20}"
    if scaling:
        label = f"{short_size(scaling['large'])}/{short_size(scaling['small'])}"
        header += f" | {label:>7}  <= {goal}x"
        rule += " |"
    lines = [
        f"{DATABASE_NAMES[database]} ({first['database_version']})",
        *(archive_line(size, result["sizes"][size]) for size in sizes),
        "",
        rule,
        header,
        "-" * len(header),
    ]
    for name, row in first["targets"].items():
        line = f"{name:<16} {row['floor'] or '(floor)':<16}"
        for size in sizes:
            target = result["sizes"][size]["targets"][name]
            ratio = f"{target['ratio_to_floor']:.2f}" if target["floor"] else ""
            line += f" | {target['median_ms']:>7.2f} {ratio:>7} {target['sql_queries']:>4}"
        if scaling:
            scaled = scaling["targets"][name]
            line += f" | {scaled['ratio']:>7.2f}  {scaled['verdict']}"
        lines.append(line)
    for size in sizes:
        for goal_name, verdict in result["sizes"][size]["verdicts"].items():
            article = result["sizes"][size]["targets"]["article"]["ratio_to_floor"]
            lines.append(
                f"  {short_size(size)}: {goal_name.replace('_', ' ')}: {article:.2f}x, "
                f"goal <= {goal}x: {verdict}"
            )
    return "\n".join(lines)


def format_report(report):
    machine, options = report["machine"], report["options"]
    lines = [
        f"make bench: {options['rounds']} interleaved rounds x {options['requests']} requests "
        f"per target; medians; 'x floor' is the median over rounds of the target's time over "
        f"its floor's, timed right after it by the same worker; SQL: queries of one request.",
        f"{machine['date']}, {machine['nproc']} CPUs ({machine['cpu_model']}), load "
        f"{' '.join(machine['loadavg_at_start'])} at start, "
        f"{' '.join(machine.get('loadavg_at_end', []))} at end; "
        f"git {machine['git_commit'][:10]}{' (dirty)' if machine['git_dirty'] else ''}",
        "Floors: " + "; ".join(f"{key} = {value}" for key, value in FLOOR_NAMES.items()) + ".",
    ]
    for database, result in report["results"].items():
        lines += ["", format_database(database, result, options["goal"])]
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
    goal = report["options"]["goal"]
    scaled = all("scaling" in result for result in results.values())
    rows = 2 if scaled else 1
    figure, axes = plt.subplots(
        rows, len(results), figsize=(5.2 * len(results), 3.4 * rows), squeeze=False
    )
    for column, (database, result) in enumerate(results.items()):
        draw_ratios(axes[0][column], database, result, goal)
        if scaled:
            draw_scaling(axes[1][column], database, result, goal)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=100)
    plt.close(figure)
    return True


def compared_targets(result):
    first = next(iter(result["sizes"].values()))
    return [name for name, row in first["targets"].items() if row["floor"]]


def draw_ratios(axis, database, result, goal):
    import matplotlib.ticker

    names = compared_targets(result)
    sizes = list(result["sizes"])
    width = 0.8 / len(sizes)
    for i, size in enumerate(sizes):
        values = [result["sizes"][size]["targets"][name]["ratio_to_floor"] for name in names]
        positions = [n + (i - (len(sizes) - 1) / 2) * width for n in range(len(names))]
        axis.bar(positions, values, width, label=f"{int(size):,} articles")
    axis.axhline(1, color="black", linewidth=0.8)
    axis.axhline(goal, color="red", linewidth=0.8, linestyle="--", label=f"{goal}x")
    axis.set_yscale("log")
    axis.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda y, _: f"{y:g}x"))
    axis.set_title(f"{DATABASE_NAMES[database]}: time / its floor (log scale)", fontsize=10)
    axis.set_xticks(range(len(names)), names, rotation=40, ha="right", fontsize=8)
    axis.tick_params(axis="y", labelsize=8)
    axis.legend(fontsize=7)


def draw_scaling(axis, database, result, goal):
    scaling = result["scaling"]
    names = list(scaling["targets"])
    values = [scaling["targets"][name]["ratio"] for name in names]
    colors = ["tab:green" if value <= goal else "tab:red" for value in values]
    axis.bar(range(len(names)), values, 0.6, color=colors)
    axis.axhline(1, color="black", linewidth=0.8)
    axis.axhline(goal, color="red", linewidth=0.8, linestyle="--")
    axis.set_title(
        f"{DATABASE_NAMES[database]}: time at {int(scaling['large']):,} / "
        f"at {int(scaling['small']):,} articles",
        fontsize=10,
    )
    axis.set_xticks(range(len(names)), names, rotation=40, ha="right", fontsize=8)
    axis.tick_params(axis="y", labelsize=8)
