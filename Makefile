# Kurs: `make demo` runs a demo company, `make test` runs every check CI runs.
# Both bootstrap .venv from the committed uv.lock; nothing else needs installing by hand.

PYTHON ?= python3
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
ADDR ?= 127.0.0.1:8000
DB ?= var/demo.sqlite3
CHROMIUM ?= /usr/bin/chromium

export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
# Tests and lint run with development settings; production settings are checked below.
TEST_ENV := KURS_DEBUG=1 KURS_SECRET_KEY=test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz

.PHONY: venv demo test lint test-sqlite test-postgres test-browser check-tools messages fmt clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --quiet
	@touch $@

venv: $(VENV)/.synced

demo: venv
	$(BIN)/kurs demo --addr $(ADDR) --db $(DB)

test: venv check-tools lint test-sqlite test-postgres test-browser
	@echo "make test: all checks passed"

check-tools:
	@$(BIN)/python scripts/check_tools.py --chromium $(CHROMIUM)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(TEST_ENV) $(BIN)/mypy kurs scripts bench
	$(TEST_ENV) $(BIN)/kurs makemigrations --check --dry-run
	KURS_SECRET_KEY=$$(head -c 48 /dev/urandom | base64) KURS_ALLOWED_HOSTS=okr.example.com \
	  KURS_DATABASE_URL=sqlite:///$$(mktemp -u) $(BIN)/kurs check --deploy --fail-level WARNING
	$(BIN)/python scripts/check_messages.py

# Two processes (our machines have two cores); a test module stays in one process.
PYTEST_PARALLEL := -n 2 --dist loadfile

test-sqlite: venv
	$(TEST_ENV) $(BIN)/pytest -m "not browser" -q $(PYTEST_PARALLEL)

test-postgres: venv
	$(TEST_ENV) $(BIN)/python scripts/with_postgres.py -- $(BIN)/pytest -m "not browser" -q $(PYTEST_PARALLEL)

test-browser: venv
	$(TEST_ENV) KURS_CHROMIUM=$(CHROMIUM) $(BIN)/pytest -m browser -q

messages: venv
	cd kurs && $(TEST_ENV) ../$(BIN)/kurs makemessages -l de -l en --no-location --no-obsolete && \
	  $(TEST_ENV) ../$(BIN)/kurs compilemessages -l de -l en

fmt: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) $(TOOLS) var
