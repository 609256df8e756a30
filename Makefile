# aggstats: the two commands of the README's quick start, and their parts.
#   make up    set up, fetch every published file, build the warehouse, serve the explorer
#   make test  set up, then run the whole test suite (unit, integration, browser)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# The local mirror of published files (these machines have no internet); unset to download.
MIRROR_DEFAULT := $(abspath ../shared/data/raw)
export AGGSTATS_MIRROR ?= $(if $(wildcard $(MIRROR_DEFAULT)),$(MIRROR_DEFAULT),)
HOST ?= 127.0.0.1
PORT ?= 8050

.PHONY: up test setup setup-dev lint browser axe bench bench-load fetch build serve check notebooks

up: setup
	$(BIN)/aggstats up --host $(HOST) --port $(PORT)

# The steps of `make up`, one at a time (the CLI itself is .venv/bin/aggstats).
fetch: setup
	$(BIN)/aggstats fetch
build: setup
	$(BIN)/aggstats build
serve: setup
	$(BIN)/aggstats serve --host $(HOST) --port $(PORT)
check: setup
	$(BIN)/aggstats check

# JupyterLab on notebooks/ (the `jupyter` extra: jupyterlab, pandas, a kernel); builds first if need be.
notebooks: $(VENV)/.notebook
	@test -f "$${AGGSTATS_WAREHOUSE:-$${AGGSTATS_DATA_DIR:-data}/aggstats.duckdb}" || { $(BIN)/aggstats fetch && $(BIN)/aggstats build; }
	$(BIN)/jupyter lab --no-browser --ip $(HOST) notebooks/
$(VENV)/.notebook: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[jupyter]'
	@touch $@

test: setup-dev browser axe
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

setup: $(BIN)/aggstats
$(BIN)/aggstats: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	@touch $@

setup-dev: $(VENV)/.dev
$(VENV)/.dev: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

# Browser tests drive Debian's Chromium (never a browser downloaded at test time).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then echo "installing Debian's chromium for the browser tests (apt, ~1 min)"; \
	    apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null 2>&1 || \
	    { echo "apt-get install chromium failed" >&2; exit 1; }; \
	  else echo "browser tests need Debian's chromium: sudo apt-get install -y chromium" >&2; exit 1; fi; }

# axe-core for the browser tests' accessibility check, pinned by tools/axe/package-lock.json.
axe: tools/axe/node_modules/axe-core/axe.min.js
tools/axe/node_modules/axe-core/axe.min.js: tools/axe/package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then echo "installing Debian's node and npm for axe-core (apt)"; \
	    apt-get update -qq >/dev/null && apt-get install -y -qq nodejs npm >/dev/null 2>&1; \
	  else echo "the accessibility check needs node and npm: sudo apt-get install -y nodejs npm" >&2; exit 1; fi; }
	cd tools/axe && npm ci --no-audit --no-fund --silent
	@touch $@

lint: setup-dev
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

# A report, not a test: callback p50/p95 over realistic views, and the first chart in Chromium.
bench: setup-dev browser
	@test -f "$${AGGSTATS_WAREHOUSE:-$${AGGSTATS_DATA_DIR:-data}/aggstats.duckdb}" || { $(BIN)/aggstats fetch && $(BIN)/aggstats build; }
	$(BIN)/python benchmarks/dashboard.py

# The served explorer under load: 50 concurrent sessions on gunicorn for 120 s (ARGS="--minutes 10"
# for the soak); latency p50/p95/max, errors, and the server's memory over time.
bench-load: setup-dev
	@test -f "$${AGGSTATS_WAREHOUSE:-$${AGGSTATS_DATA_DIR:-data}/aggstats.duckdb}" || { $(BIN)/aggstats fetch && $(BIN)/aggstats build; }
	$(BIN)/python benchmarks/load.py $(ARGS)
