# wagtail-news: `make demo` runs the example site, `make test` the test suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
MANAGE := $(PY) example_project/manage.py

.PHONY: venv demo test lint ci clean

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

clean:
	rm -rf $(VENV) example_project/db.sqlite3 example_project/media .pytest_cache
