# KMS — run `make help` for the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed

# Local development and tests default to DEBUG on (SQLite, inline tasks,
# console e-mail) unless the environment says otherwise.
run test messages seed: export DEBUG ?= true

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "KMS needs Python 3.11 or newer (PYTHON=$(PYTHON))."; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $(STAMP)

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-18s\033[0m %s\n", $$1, $$2}'

.PHONY: install
install: $(STAMP) ## Create .venv and install the pinned requirements

.PHONY: run
run: $(STAMP) ## Set up (SQLite, demo data) and serve http://127.0.0.1:8000
	$(MANAGE) migrate --no-input -v0
	$(MANAGE) seed_demo --if-empty
	$(MANAGE) runserver 127.0.0.1:8000

.PHONY: seed
seed: $(STAMP) ## Create or refresh the demo Info Spots and accounts
	$(MANAGE) seed_demo

.PHONY: test
test: $(STAMP) ## Run the whole test suite (browser tests need /usr/bin/chromium)
	$(PY) -m pytest $(PYTEST_ARGS)

.PHONY: worker
worker: $(STAMP) ## Run a Celery worker (needs REDIS_URL)
	@test -n "$$REDIS_URL" || { echo "REDIS_URL is not set: tasks run inline, no worker needed."; exit 1; }
	$(VENV)/bin/celery -A kms worker --loglevel INFO

.PHONY: beat
beat: $(STAMP) ## Run Celery beat, the scheduler (needs REDIS_URL)
	@test -n "$$REDIS_URL" || { echo "REDIS_URL is not set: no scheduler without a broker."; exit 1; }
	$(VENV)/bin/celery -A kms beat --loglevel INFO

.PHONY: up
up: $(STAMP) ## Production-like: gunicorn + worker + beat from the Procfile
	@test -n "$$DATABASE_URL" -a -n "$$REDIS_URL" || { echo "Set DATABASE_URL and REDIS_URL (see README)."; exit 1; }
	$(MANAGE) migrate --no-input
	$(MANAGE) collectstatic --no-input -v0
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/honcho start -f Procfile

.PHONY: lint
lint: $(STAMP) ## ruff check, ruff format --check, and the layers (import-linter)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

.PHONY: fmt
fmt: $(STAMP) ## Format and auto-fix with ruff
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

.PHONY: migrations-check
migrations-check: $(STAMP) ## Fail when models and migrations disagree
	DEBUG=true $(MANAGE) makemigrations --check --dry-run

.PHONY: deploy-check
deploy-check: $(STAMP) ## check --deploy under production settings
	DEBUG=false SECRET_KEY="$${SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')}" ALLOWED_HOSTS=kms.example.org \
		REDIS_URL="$${REDIS_URL:-redis://127.0.0.1:6379/0}" \
		$(MANAGE) check --deploy --fail-level WARNING

# The load test's own database and Redis database, never the site's.
LOADTEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/kms_loadtest
LOADTEST_REDIS_URL ?= redis://127.0.0.1:6379/11

.PHONY: loadtest
loadtest: $(STAMP) ## National-scale load test (PostgreSQL, Redis, gunicorn, wrk) into docs/benchmarks/ (~10 min)
	@command -v wrk >/dev/null || { echo "wrk is missing: sudo apt-get install -y wrk"; exit 1; }
	DEBUG=false DATABASE_URL="$(LOADTEST_DATABASE_URL)" REDIS_URL="$(LOADTEST_REDIS_URL)" \
		SECRET_KEY="$${SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
		ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=false \
		$(MANAGE) loadtest $(LOADTEST_ARGS)

.PHONY: messages
messages: $(STAMP) ## Update and compile translations (needs GNU gettext)
	$(MANAGE) makemessages -l tr --no-location --ignore=.venv --ignore=staticfiles --ignore=test-artifacts
	$(MANAGE) compilemessages --ignore=.venv

.PHONY: clean
clean: ## Remove the virtualenv, the SQLite database with its uploads (media/) and collected static files
	rm -rf $(VENV) db.sqlite3 media staticfiles test-artifacts
