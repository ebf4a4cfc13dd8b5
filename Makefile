# Sumai — two commands for a newcomer: `make demo` and `make test`.
# Needs only Python 3.11+ and git; uv is installed into the virtualenv with pip when it is missing.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
UV := $(shell command -v uv 2>/dev/null || echo $(BIN)/uv)
HOST ?= 127.0.0.1
PORT ?= 8000
SIZE ?= small

.PHONY: help setup system-packages demo serve test test-fast lint format bench bench-data messages clean check-deploy \
	backup restore soak bench-cache-load

help:
	@echo "make demo   - set up, migrate, load reference + demo data, serve on http://$(HOST):$(PORT)"
	@echo "make test   - set up and run the whole test suite (SQLite; DATABASE_URL for PostgreSQL)"
	@echo "make lint   - ruff, mypy (strict), import-linter, migrations in step with the models, bandit, pip-audit"
	@echo "make bench  - benchmarks (see docs/performance.md); make bench-cache-load: cache hit rate under updates"
	@echo "make backup [OUTPUT=path]           - dump the database with a verified manifest (docs/backup.md)"
	@echo "make restore DUMP=path [TARGET_URL=url] [CREATE=1] [REPLACE=1] [YES=1] - restore and verify every table"
	@echo "make soak   - 50 people for 10 minutes on the scaled shape (docs/soak.md; SOAK_SECONDS, SOAK_USERS)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(BIN)/uv: | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv

$(VENV)/.synced: pyproject.toml uv.lock | $(BIN)/python $(if $(filter $(BIN)/uv,$(UV)),$(BIN)/uv)
	$(UV) sync --frozen --quiet --python $(BIN)/python
	@touch $@

setup: $(VENV)/.synced

# Debian's Chromium for the browser tests: installed when this user may (root, or sudo without a password),
# otherwise the command stops at once with the exact command to run.
system-packages:
	@scripts/system-packages

# Links in the e-mails the running demo sends point at this server (a deployment sets SUMAI_BASE_URL).
demo serve: export SUMAI_BASE_URL ?= http://$(HOST):$(PORT)

demo: setup
	$(BIN)/sumai migrate --noinput -v0
	$(BIN)/sumai places load
	$(BIN)/sumai collectstatic --noinput -v0
	$(BIN)/sumai demo --size $(SIZE) --if-empty
	@echo ""
	@echo "Sumai is running on http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	@echo "Links in the e-mails it sends (printed below) open $(SUMAI_BASE_URL)"
	$(BIN)/sumai runserver $(HOST):$(PORT)

serve: setup
	$(BIN)/sumai runserver $(HOST):$(PORT)

# COVERAGE=1 measures line coverage and fails under the floor in pyproject.toml ([tool.coverage.report]);
# CI sets it on the SQLite run.
COVERAGE ?=
test: setup system-packages
	$(BIN)/sumai collectstatic --noinput -v0
	$(BIN)/pytest -n 2 --dist loadgroup -p no:cacheprovider $(if $(COVERAGE),--cov --cov-report=term:skip-covered)

test-fast: setup
	$(BIN)/pytest -n 2 -m "not e2e"

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src/sumai
	$(BIN)/lint-imports
	$(BIN)/sumai makemigrations --check --dry-run
	$(BIN)/bandit -c pyproject.toml -r src -q -x '*/migrations/*'
	BIN=$(BIN) UV=$(UV) scripts/pip-audit

format: setup
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

check-deploy: setup
	SECRET_KEY=$$(python3 -c 'import secrets;print(secrets.token_urlsafe(60))') ALLOWED_HOSTS=sumai.example.jp \
	  DATABASE_URL=$${DATABASE_URL:-sqlite:///$(CURDIR)/var/check-deploy.sqlite3} DJANGO_SETTINGS_MODULE=sumai.config.production $(BIN)/sumai check --deploy --fail-level WARNING

bench-data: setup
	$(BIN)/python bench/generate.py

bench: setup
	$(BIN)/python bench/run.py
	$(BIN)/python bench/bench_search.py
	$(BIN)/python bench/bench_search_random.py
	$(BIN)/python bench/bench_cases.py
	$(BIN)/python bench/bench_matching.py
	$(BIN)/python bench/bench_outcomes.py

# The results cache's hit rate while landlords confirm vacancies (docs/performance.md); needs bench-data.
bench-cache-load: setup
	bench/load_cache.sh

# The soak on the scaled shape (docs/soak.md): nginx, two servers, PostgreSQL, Redis, a worker; not in CI.
soak: setup
	scripts/soak

# The shared catalogue lives in src/sumai/locale; apps with a locale/ folder of their own keep their strings there.
APP_LOCALES := search support councils insights
LANGS := -l ja -l en -l zh_Hans -l ko -l vi -l pt_BR -l ja_X-easy
messages: setup
	cd src/sumai && ../../$(BIN)/sumai makemessages $(LANGS) --no-obsolete $(foreach a,$(APP_LOCALES),--ignore '$(a)/*')
	for a in $(APP_LOCALES); do (cd src/sumai/$$a && mkdir -p locale && ../../../$(BIN)/sumai makemessages $(LANGS) --no-obsolete) || exit 1; done
	cd src/sumai && ../../$(BIN)/sumai compilemessages

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache

# Backup and restore (docs/backup.md): DATABASE_URL's database, or TARGET_URL for the restore. A restore asks
# for confirmation (YES=1 does not), and never writes over a database that holds tables unless REPLACE=1.
OUTPUT ?=
DUMP ?=
TARGET_URL ?=
backup: setup
	$(BIN)/sumai backup $(if $(OUTPUT),--output "$(OUTPUT)")

restore: setup
	@test -n "$(DUMP)" || { echo "usage: make restore DUMP=path/to/dump [TARGET_URL=url] [CREATE=1] [REPLACE=1] [YES=1]"; exit 2; }
	$(BIN)/sumai restore "$(DUMP)" $(if $(TARGET_URL),--target-url "$(TARGET_URL)") \
	  $(if $(CREATE),--create-database) $(if $(REPLACE),--replace) $(if $(YES),--yes)
