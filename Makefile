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

.PHONY: up test setup setup-dev lint browser axe nginx bench bench-load deploy-check lock fetch build serve check notebooks

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

test: setup-dev browser axe nginx
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

# Debian's nginx: the tests and make deploy-check put it in front of the explorer on loopback.
nginx:
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || { \
	  if [ "$$(id -u)" = 0 ]; then echo "installing Debian's nginx for the proxy tests (apt)"; \
	    apt-get update -qq >/dev/null && apt-get install -y -qq nginx >/dev/null 2>&1 || \
	    { echo "apt-get install nginx failed" >&2; exit 1; }; \
	  else echo "the proxy tests need Debian's nginx: sudo apt-get install -y nginx" >&2; exit 1; fi; }

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

# The explorer as deployed: nginx (deploy/nginx/aggstats.conf.template) in front of gunicorn on
# loopback; 50 sessions and 40 slow clients through the proxy, then on gunicorn alone.
deploy-check: setup-dev nginx
	@test -f "$${AGGSTATS_WAREHOUSE:-$${AGGSTATS_DATA_DIR:-data}/aggstats.duckdb}" || { $(BIN)/aggstats fetch && $(BIN)/aggstats build; }
	$(BIN)/python benchmarks/deploy_check.py $(ARGS)

# deploy/requirements.lock: the runtime dependencies of a fresh `pip install .`, pinned.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv && .lock-venv/bin/pip install --quiet .
	{ head -2 deploy/requirements.lock; .lock-venv/bin/pip freeze --exclude-editable | grep -v '^aggstats'; } > deploy/requirements.lock.new
	mv deploy/requirements.lock.new deploy/requirements.lock && rm -rf .lock-venv
