# Two commands do all the set-up: `make run` and `make test`. See README.md.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app quizapp
PORT ?= 5000
WORKERS ?= 1
PIP_FLAGS ?= --quiet --disable-pip-version-check

.PHONY: run test lint format install install-dev serve bench

$(PY):
	python3 -m venv $(VENV)

# Reinstall only when pyproject.toml changes, so a second `make run` starts at once.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install $(PIP_FLAGS) -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PY) -m pip install $(PIP_FLAGS) -e '.[dev]'
	touch $@ $(VENV)/.installed

$(VENV)/.installed-bench: pyproject.toml | $(PY)
	$(PY) -m pip install $(PIP_FLAGS) -e '.[dev,bench]'
	touch $@ $(VENV)/.installed $(VENV)/.installed-dev

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

## run: install, migrate the database in instance/, sync the question bank, serve on 127.0.0.1
## with granian (docs/DEPLOY.md); FLASK_DEBUG=1 serves with Flask's reloader instead
run: install
	$(FLASK) db upgrade
	$(FLASK) bank sync
	@$(MAKE) --no-print-directory serve

# exec: the server replaces the shell, so Ctrl+C and a kill reach it directly.
serve:
	@echo "quizapp is serving on http://127.0.0.1:$(PORT)/  (Ctrl+C stops it)"
	@if [ "$${FLASK_DEBUG:-0}" = 1 ]; then \
	  exec $(FLASK) run --host 127.0.0.1 --port $(PORT) --debug; \
	else \
	  $(PY) -m compileall -q quizapp; \
	  exec $(VENV)/bin/granian --interface wsgi --workers $(WORKERS) --blocking-threads 1 \
	    --host 127.0.0.1 --port $(PORT) --no-ws --log-level warning quizapp.wsgi:app; \
	fi

## test: install what the tests need, lint, then the whole suite on SQLite and on PostgreSQL
test: install-dev
	scripts/install-system-deps
	$(MAKE) --no-print-directory lint
	$(VENV)/bin/pytest
	scripts/with-postgres $(VENV)/bin/pytest

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## bench: seed benchmark data, serve it with gunicorn, load it with wrk and locust, on SQLite,
## PostgreSQL and behind nginx; see docs/PERFORMANCE.md. `make bench SUITES="answers page"` runs some.
bench: $(VENV)/.installed-bench
	scripts/install-system-deps
	scripts/install-system-deps wrk nginx
	$(PY) -m compileall -q quizapp  # as docs/DEPLOY.md says a release does
	PG_DURABLE=1 scripts/with-postgres $(PY) -m bench.run $(SUITES)
