# The two commands of README.md: `make run` and `make test`.
PYTHON ?= python
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

# Tests use the real services; point them elsewhere by exporting these.
export TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/nns_portal
export TEST_REDIS_URL ?= redis://127.0.0.1:6379

.PHONY: run test lint einvoice-rules format messages audit bench bench-quick faults clean

$(INSTALLED): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 13) else "Python 3.13 is needed (see .python-version); found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

# `make run PORT=8123` serves on another port; the links in e-mails follow it.
PORT ?= 8000
run: export DJANGO_SETTINGS_MODULE = nns_portal.settings.dev
run: export PORTAL_URL = http://127.0.0.1:$(PORT)
# The worker and beat run beside the server, as in production (see nns_portal/settings/dev.py),
# and stop with it.
run: export CELERY_BROKER_URL = filesystem://
run: $(INSTALLED)
	@mkdir -p var/celery/queue var/celery/control var/celery/results
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/celery -A nns_portal worker -B --pool solo --loglevel INFO \
		--schedule var/celery/beat-schedule --logfile var/celery/worker.log & \
	worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The official e-invoice rules the tests and `check_einvoices` judge by: EINVOICE_RULES_DIR, or
# ../shared/einvoice, or fetched from their publishers (pinned by SHA-256) into var/einvoice-rules.
einvoice-rules: $(INSTALLED)
	$(BIN)/python manage.py fetch_einvoice_rules

test: lint einvoice-rules
	DATABASE_URL=$(TEST_DATABASE_URL) \
	CELERY_BROKER_URL=$(TEST_REDIS_URL)/2 \
	CACHE_URL=$(subst redis://,rediscache://,$(TEST_REDIS_URL))/1 \
	$(BIN)/pytest

format: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate the Swedish catalog after changing user-facing text (needs gettext).
messages: $(INSTALLED)
	$(BIN)/python manage.py makemessages --locale sv --no-obsolete --extension html,txt,py,md --ignore ".venv/*"
	$(BIN)/python manage.py compilemessages --locale sv --ignore ".venv/*"

# Figures at national scale on the local PostgreSQL and Redis (see bench/RESULTS.md); needs wrk.
bench: $(INSTALLED)
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)
	$(BIN)/python -m bench.run

# Three ratios to the stack's floor in under two minutes (PDF, one page, 1,000 e-mails).
bench-quick: $(INSTALLED)
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)
	$(BIN)/python -m bench.quick

# The jobs under injected faults (worker killed, Redis emptied, SMTP refusing, PostgreSQL
# restarted) against a real worker, beat, Redis, PostgreSQL and SMTP; about ten minutes, as root.
faults: $(INSTALLED)
	$(BIN)/python -m bench.faults

# Known vulnerabilities in the installed packages (needs PyPI's JSON API or OSV; --strict fails
# when a package could not be looked up, so an unreachable service is never taken as clean).
audit: $(INSTALLED)
	$(BIN)/python -m pip install --quiet -e ".[test,audit]"
	$(BIN)/pip-audit --strict --skip-editable --progress-spinner off

clean:
	rm -rf $(VENV) var staticfiles
