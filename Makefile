# Upward: `make demo` to try it, `make test` to prove it. Both set everything up themselves.
SHELL := /bin/bash
PYTHON ?= $(shell scripts/find-python)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# SITE_URL follows PORT, so the links in the demo's emails and calendar files open this server.
DEMO_ENV := UPWARD_DEMO=1 DEBUG=1 SITE_URL=http://127.0.0.1:$(PORT) EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend
PYTEST := $(PY) -m pytest -q -p no:randomly

.PHONY: help demo serve runtime-deps test test-hard-date test-sqlite test-postgres test-e2e lint format venv system-deps bench openapi clean

help:
	@echo "make demo    create the environment, load the demo organisation, serve on http://127.0.0.1:$(PORT)"
	@echo "make test    lint, then the whole suite on SQLite, on PostgreSQL, and in Chromium"
	@echo "make bench   benchmarks (figures go to docs/benchmarks.md)"
	@echo "make openapi rewrite docs/openapi.json after an intended API change"

$(VENV)/.installed: pyproject.toml
	@if [ -z "$(PYTHON)" ]; then exit 1; fi
	@echo "Creating $(VENV) with $(PYTHON)"
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e ".[dev]"
	@touch $@

venv: $(VENV)/.installed

demo: venv runtime-deps
	$(DEMO_ENV) $(PY) manage.py migrate --noinput -v0
	$(DEMO_ENV) $(PY) manage.py seed_demo
	@echo
	@echo "Upward is starting on http://127.0.0.1:$(PORT)/ (Ctrl-C stops the server, the task worker and the scheduler; emails go to var/mail/)"
	@$(MAKE) --no-print-directory serve

# The task worker and the scheduler run beside the web server; all stop together. The demo's
# emails are written to var/mail/ instead of being sent.
serve: venv
	@trap 'kill 0' EXIT INT TERM; \
	$(DEMO_ENV) $(PY) manage.py db_worker --interval 0.5 --no-reload & \
	$(DEMO_ENV) $(PY) manage.py run_scheduler --interval 60 & \
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT) --noreload

system-deps:
	@scripts/install-system-deps

runtime-deps:
	@scripts/install-system-deps --runtime

node_modules/axe-core/axe.min.js: package.json
	npm install --no-audit --no-fund --silent
	@touch $@

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	UPWARD_TESTING=1 $(VENV)/bin/mypy src
	$(VENV)/bin/lint-imports
	$(VENV)/bin/bandit -q -c pyproject.toml -r src
	$(VENV)/bin/semgrep scan --config .semgrep --metrics=off --disable-version-check --error --quiet src templates
	UPWARD_TESTING=1 $(PY) manage.py makemigrations --check --dry-run -v0

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test-sqlite: venv
	$(PYTEST) tests

test-postgres: venv system-deps
	scripts/with-postgres $(PYTEST) tests

test-e2e: venv system-deps node_modules/axe-core/axe.min.js
	$(PYTEST) e2e

# Each stage says how long it took, and a summary closes the run (CI's log keeps it).
# UPWARD_TEST_NOW moves the suite's clock (tests/clock.py); `make test-hard-date` is the run CI
# adds on a leap day just before midnight.
HARD_DATE := 2028-02-29T23:30:00+00:00
STAGES := var/test-stages.txt

test: venv
	@mkdir -p var && : > $(STAGES)
	@export STAGE_LOG=$(CURDIR)/$(STAGES); \
	status=0; \
	for stage in lint test-sqlite test-postgres test-e2e; do \
	  scripts/timed $$stage $(MAKE) --no-print-directory $$stage || { status=1; break; }; \
	done; \
	echo; echo "Stages:"; cat $(STAGES); exit $$status

test-hard-date: venv
	UPWARD_TEST_NOW=$(HARD_DATE) $(PYTEST) tests

openapi: venv
	scripts/write-openapi

bench: venv system-deps
	$(PY) bench/matching.py
	scripts/with-postgres $(PY) bench/dashboards.py
	scripts/with-postgres $(PY) bench/load.py

clean:
	rm -rf $(VENV) node_modules var staticfiles e2e/artifacts
