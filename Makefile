# Casedesk: `make run` (demo on the embedded default), `make test` (the whole suite) and
# `make test-fast` (lint and the quick tests).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# unoserver (persistent LibreOffice) runs under the system Python, the only one that imports python3-uno.
UNO_VENV := .uno-venv
UNO_STAMP := $(UNO_VENV)/.installed
APT_PACKAGES := libreoffice-writer-nogui tesseract-ocr tesseract-ocr-eng tesseract-ocr-fra \
	poppler-utils chromium fonts-dejavu-core fonts-liberation python3-uno python3-venv
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
REDIS_TEST_URL ?= redis://127.0.0.1:6379/5

.PHONY: install system-packages run test test-fast lint typecheck layers pytest pytest-fast clean

install: system-packages $(STAMP) $(UNO_STAMP)

# Debian packages (LibreOffice, Tesseract, poppler, Chromium): installed when running as root.
system-packages:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else echo "please install (as root): apt-get install$$missing"; exit 1; fi; \
	fi

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip wheel
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

$(UNO_STAMP):
	@test -x $(UNO_VENV)/bin/python || /usr/bin/python3 -m venv --system-site-packages $(UNO_VENV)
	$(UNO_VENV)/bin/python -m pip install -q unoserver
	@touch $(UNO_STAMP)

run: install
	$(BIN)/casedesk db upgrade
	$(BIN)/casedesk demo
	$(BIN)/casedesk serve

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy .

layers: install
	$(BIN)/lint-imports

# The suite can run in PYTEST_WORKERS processes (pytest-xdist): many tests wait on LibreOffice,
# worker processes or Chromium, so three beat two on a 2-core machine. Each process has its own
# PostgreSQL database (<db>_gw0, ...), Redis database (REDIS_TEST_URL's number + its index),
# and temporary folders. PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= 3
PYTEST_PARALLEL = $(if $(filter 0,$(PYTEST_WORKERS)),-p no:xdist,-n $(PYTEST_WORKERS) --dist loadgroup)
FAST_MARKERS := not slow and not integration and not browser

# The suite runs on SQLite, and on PostgreSQL too when it answers; Redis broker tests need Redis.
define run_pytest
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_TEST_URL)'.replace('+psycopg',''), connect_timeout=3).close()" 2>/dev/null; then \
	  echo "PostgreSQL answers: database tests run on SQLite and PostgreSQL"; \
	  export CASEDESK_TEST_DATABASE_URL='$(PG_TEST_URL)'; \
	else echo "PostgreSQL does not answer: database tests run on SQLite only"; fi; \
	export CASEDESK_TEST_REDIS_URL='$(REDIS_TEST_URL)'; \
	$(BIN)/pytest $(PYTEST_PARALLEL) $(1) $(PYTEST_ARGS)
endef

pytest: install
	$(call run_pytest,)

# The quick loop: lint, then the tests not marked slow, integration or browser.
pytest-fast: install
	$(call run_pytest,-m "$(FAST_MARKERS)")

test: lint typecheck layers pytest

test-fast: lint pytest-fast

clean:
	rm -rf $(VENV) $(UNO_VENV) data .mypy_cache .ruff_cache .pytest_cache
