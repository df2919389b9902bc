# SceneBridge — two commands: `make run` (platform with demo data) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
PG_URL ?= postgres://postgres@127.0.0.1:5432/scenebridge
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test assets check lint types layers migrations-check deploy-check \
        pytest pytest-sqlite pytest-postgres messages worker bench clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

static/vendor/htmx.min.js: node_modules/.package-lock.json
	mkdir -p static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js
	cp node_modules/@picocss/pico/css/pico.min.css static/vendor/pico.min.css

assets: static/vendor/htmx.min.js

run: install assets
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) build_match_index
	@echo "SceneBridge 场景桥 is serving at http://$(HOST):$(PORT)/  (Ctrl-C to stop; background tasks run alongside)"
	@mkdir -p var; OMP_NUM_THREADS=1 $(MANAGE) db_worker --no-reload >var/worker.log 2>&1 & worker=$$!; \
	$(MANAGE) run_scheduled --loop 300 >var/scheduler.log 2>&1 & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	OMP_NUM_THREADS=1 $(MANAGE) runserver --noreload $(HOST):$(PORT)

# --- the test suite: the same steps in CI (.ci/run) and on a developer's machine ---
test: install-test assets check pytest

check: lint types layers migrations-check deploy-check

lint:
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

types:
	$(VENV)/bin/mypy scenebridge config

layers:
	$(VENV)/bin/lint-imports

migrations-check:
	$(MANAGE) makemigrations --check --dry-run --settings=config.settings.test

deploy-check:
	DJANGO_SECRET_KEY=deploy-check-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	DJANGO_ALLOWED_HOSTS=scenebridge.example.org DATABASE_URL=$(PG_URL) \
	$(MANAGE) check --deploy --fail-level WARNING --settings=config.settings.production

pytest: pytest-sqlite pytest-postgres

pytest-sqlite:
	$(VENV)/bin/pytest -q

pytest-postgres:
	@if $(PY) -c "import psycopg,sys; psycopg.connect('$(PG_URL)'.rsplit('/',1)[0] + '/postgres', connect_timeout=3).close()" 2>/dev/null; then \
		echo "PostgreSQL reachable: running the suite on PostgreSQL"; \
		DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest -q; \
	else echo "PostgreSQL not reachable at $(PG_URL): skipped the PostgreSQL run"; fi

messages:
	$(MANAGE) makemessages -l zh_Hans -l en --ignore=node_modules --ignore=.venv
	$(MANAGE) compilemessages --ignore=node_modules --ignore=.venv

worker:
	$(MANAGE) db_worker --no-reload

bench:
	$(PY) bench/matching.py --quick

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles
