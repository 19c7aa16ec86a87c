# wagtail-news: `make demo` runs the example site, `make test` the test suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
MANAGE := $(PY) example_project/manage.py

.PHONY: venv demo test lint ci clean bench loadtest

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

test: venv
	$(PY) -m pytest

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

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
