# Multitude: run, test and check from a fresh clone. GNU make; `make help` lists targets.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
# Touched after a successful install: pip runs again only when requirements.txt is newer.
STAMP  := $(VENV)/.requirements.stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000
ARGS   ?=

.DEFAULT_GOAL := help
.PHONY: help install run prod test screenshots check audit messages clean distclean

help:
	@echo "make run        install, migrate, seed demo data, serve on http://$(HOST):$(PORT)"
	@echo "make prod       the production topology here: nginx on http://localhost:8080 (PROD_PORT), gunicorn, daphne, Celery"
	@echo "make test       run the pytest suite (extra arguments: make test ARGS=\"-k foo\")"
	@echo "make screenshots  take the main pages at desktop and phone size into docs/screenshots/"
	@echo "make check      deploy checks with production settings + no missing migrations"
	@echo "make audit      bandit on the project's code, pip-audit on the pinned requirements"
	@echo "make messages   update the French catalogue and compile it"
	@echo "make bench      load benchmark at 1x and 10x Eureka on PostgreSQL and SQLite (QUICK=1: 1x, a few minutes)"
	@echo "make fuzz       schemathesis against the API on PostgreSQL behind gunicorn, three callers (README, API)"
	@echo "make clean      remove caches, the test database and collected static files"
	@echo "make distclean  clean, and also remove .venv, the local database and media"

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	touch $@

install: $(STAMP)

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

# nginx, gunicorn, daphne, a Celery worker and beat on PostgreSQL and Redis (deploy/, README "Production").
prod: install
	bash deploy/prod.sh

# pytest.ini names the test settings, but an exported DJANGO_SETTINGS_MODULE would win over it.
# Exit code 5 is pytest's "no tests collected": not a failure while the suite is empty.
test: install
	@env -u DJANGO_SETTINGS_MODULE $(PY) -m pytest $(ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest: no tests collected"; exit 0; fi; exit $$rc

# Needs Chromium (apt-get install -y chromium), like the browser tests.
screenshots: install
	@env -u DJANGO_SETTINGS_MODULE SCREENSHOTS_DIR=$(CURDIR)/docs/screenshots \
	$(PY) -m pytest -q -m screenshots tests/browser/test_screenshots.py $(ARGS)

check: install
	DJANGO_SETTINGS_MODULE=config.settings.production DEBUG=0 \
	SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	$(PY) manage.py check --deploy --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run

# Security audit (docs/security.md, "Static analysis and dependencies"). bandit reads
# bandit.yaml; findings accepted after review are in .bandit-baseline.json, so only a new
# one fails. pip-audit asks PyPI's advisory database about every installed package (the
# pinned requirements and what they pull in): when it cannot reach it, nothing is audited,
# and the target says so instead of passing quietly (AUDIT_STRICT=1 makes that a failure).
AUDIT_STRICT ?=
audit: install
	$(VENV)/bin/bandit -q -c bandit.yaml -b .bandit-baseline.json -r .
	@out=$$($(VENV)/bin/pip-audit --progress-spinner off --local --skip-editable 2>&1); rc=$$?; \
	echo "$$out"; \
	if echo "$$out" | grep -q "could not be audited"; then \
		echo "pip-audit: PyPI's advisory database could not be reached (or does not know these packages):"; \
		echo "pip-audit: THE DEPENDENCIES WERE NOT AUDITED. Run make audit with access to https://pypi.org."; \
		if [ -n "$(AUDIT_STRICT)" ]; then exit 2; fi; exit 0; \
	fi; exit $$rc

# Benchmarks (bench/, README "Performance"), PostgreSQL then SQLite: needs PostgreSQL (BENCH_DATABASE_URL, default
# database helper_bench on 127.0.0.1, emptied), Redis (BENCH_REDIS_URL, default db 8) and wrk. bench/run.py starts
# PostgreSQL and Redis when they are down, creates the database and installs wrk when they are missing.
QUICK ?=
bench: install
	$(PY) -m pip install --quiet -r bench/requirements.txt
	$(PY) bench/run.py $(if $(QUICK),--quick,)

# The API probed as an outside client would (fuzz/run.py, README "API"): schemathesis, every
# check but those named there, on PostgreSQL (FUZZ_DATABASE_URL, default database "fuzz" on
# 127.0.0.1, emptied) and Redis (FUZZ_REDIS_URL, default db 9), behind gunicorn with the
# production settings, as an employee, a community manager and anonymous. FUZZ_MAX_EXAMPLES=N.
fuzz: install
	$(PY) fuzz/run.py

MESSAGE_IGNORES := --ignore=.venv --ignore=staticfiles --ignore=media --ignore=tests

messages: install
	$(PY) manage.py makemessages -l fr --no-obsolete $(MESSAGE_IGNORES)
	$(PY) manage.py compilemessages -l fr --ignore=.venv

clean:
	rm -rf test_db.sqlite3* staticfiles .pytest_cache .hypothesis
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) db.sqlite3* media var
