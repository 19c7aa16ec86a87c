# wagtail-news: `make demo` runs the example site, `make test` the test suite
# without its slow fuzzing (`make test-all` adds it; `.ci/run` runs everything).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# pytest-xdist workers, each with its own test database: auto is one per core
# (PYTEST_WORKERS=0 runs in one process).
PYTEST_WORKERS ?= auto
MANAGE := $(PY) example_project/manage.py

.PHONY: venv demo test test-all lint ci clean bench loadtest

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

venv: $(VENV)/.installed

demo: venv
	$(MANAGE) migrate --noinput
	$(MANAGE) load_news_demo
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# The tests marked fuzz (tests/test_fuzz_api_*.py, Hypothesis and Schemathesis)
# take most of the suite's time: make test leaves them out, make test-all runs
# them too. Browser tests skip in both unless WAGTAIL_NEWS_BROWSER_TESTS=1.
test: venv
	$(PY) -m pytest -n $(PYTEST_WORKERS) -m "not fuzz and not drill"

test-all: venv
	$(PY) -m pytest -n $(PYTEST_WORKERS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

ci:
	bash .ci/run

# Pages, API, beacon and "Last news" against their floors, at 1,000 and 50,000
# articles, on SQLite and PostgreSQL (benchmarks/README.md, "make bench").
# BENCH_ARGS=--quick for a short look; the archives are kept between runs.
$(VENV)/.bench-installed: $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[bench]"
	touch $@

bench: $(VENV)/.bench-installed
	$(PY) benchmarks/bench.py $(BENCH_ARGS)

# On demand, not in CI: readers opening articles and sending beacons against
# gunicorn (2 workers, then two servers sharing PostgreSQL and Redis), 60 s
# each, then exactness and privacy checks (benchmarks/README.md, "Load test").
# Needs wrk, PostgreSQL and Redis; LOADTEST_ARGS="--seconds 10" for a short look.
loadtest: $(VENV)/.bench-installed
	$(PY) benchmarks/loadtest.py $(LOADTEST_ARGS)

clean:
	rm -rf $(VENV) example_project/db.sqlite3 example_project/media .pytest_cache
