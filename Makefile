# motcua — every target creates or reuses .venv with the machine's python3 and installs from the lock.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed



.PHONY: demo test test-all bench lint format lock install clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-input --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-input --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

## make demo: migrate var/motcua.sqlite3, load the demo province and accounts, serve on 127.0.0.1:$(PORT)
# The background worker (notifications, national-portal sync, report exports) runs beside the web server and
# stops with it; what it does (the simulated SMS, Zalo and e-mail messages too) goes to var/worker.log.
demo: $(STAMP)
	mkdir -p var
	MOTCUA_DEMO=true PORT=$(PORT) MOTCUA_PUBLIC_BASE_URL=http://127.0.0.1:$(PORT) $(BIN)/motcua demo_setup
	@echo "Background worker: var/worker.log. Serving http://127.0.0.1:$(PORT)/"
	export MOTCUA_DEMO=true PORT=$(PORT) MOTCUA_PUBLIC_BASE_URL=http://127.0.0.1:$(PORT); \
		$(BIN)/motcua db_worker > var/worker.log 2>&1 & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(BIN)/gunicorn motcua.wsgi --workers 2 --threads 4 --bind 127.0.0.1:$(PORT) --access-logfile -

## make test: the suite without slow tests (browser tests skip where Debian chromium is missing), on DATABASE_URL
test: $(STAMP)
	$(BIN)/pytest -q $(PYTEST_ARGS)

## make test-all: everything, slow and browser tests included
test-all: $(STAMP)
	$(BIN)/pytest -q -m "" $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m bench

lint: $(STAMP)
	$(BIN)/ruff check src bench
	$(BIN)/ruff format --check src bench

format: $(STAMP)
	$(BIN)/ruff check --fix src bench
	$(BIN)/ruff format src bench

## make lock: re-pin requirements.lock from pyproject.toml (needs network to PyPI)
lock:
	test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) var .pytest_cache
