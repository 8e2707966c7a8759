# The two commands of the README: `make run` and `make test`. Everything they need is
# installed from this repository's own files (pyproject.toml, constraints.txt, bin/).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Tests always run against real servers; these are the defaults on a developer's machine.
TEST_DATABASE_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/portal)
TEST_REDIS_URL ?= $(or $(REDIS_URL),redis://127.0.0.1:6379/0)
TEST_ENV := DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) DJANGO_ENV=development
# make run is the embedded default: SQLite and in-process tasks, whatever the shell has set.
RUN_ENV := DATABASE_URL= REDIS_URL= DJANGO_ENV=development

.PHONY: run test lint install install-dev system-packages frontend lock clean bench-load

run: $(VENV)/.installed
	@$(PY) bin/check_weasyprint.py
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py load_demo
	@echo "Serving the portal at http://127.0.0.1:8000 (Ctrl-C stops it)"
	$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:8000

test: $(VENV)/.installed-dev system-packages
	$(TEST_ENV) $(PY) bin/ensure_services.py
	$(MAKE) --no-print-directory lint
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(VENV)/bin/pytest

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "The portal needs Python 3.11 or newer; this is " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Installs exactly the versions the suite last passed with (constraints.txt).
$(VENV)/.installed: pyproject.toml constraints.txt | $(PY)
	$(PY) -m pip install --quiet -c constraints.txt -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml constraints.txt | $(PY)
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Chromium for the browser tests and Pango for WeasyPrint, from Debian's packages.
system-packages:
	@bin/system-packages

# The busiest pages under load at ten times the demo data (bench/load_pages.py), driven by
# Debian's wrk; prints p50/p95 and requests per second as ratios to the home page's.
bench-load: $(VENV)/.installed-dev
	@bin/system-packages wrk
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL= DJANGO_ENV=development $(PY) bench/load_pages.py

# Rebuild static/govuk/ from the npm package pinned in frontend/package-lock.json (needs Node).
frontend:
	frontend/build.sh

# Record the versions now installed as the ones to install everywhere (after a green run).
lock: $(VENV)/.installed-dev
	{ echo "# Exact versions the suite last passed with; make installs with -c constraints.txt. Refresh: make lock"; \
	  $(PY) -m pip freeze --exclude-editable --local | grep -v '^safeguarding-portal'; } > constraints.txt

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
