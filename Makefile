# The two commands the README promises, plus lint. Each installs what it needs.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install test lint up node-tools schema check-schema playground chromium

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,platform]'
	touch $(STAMP)

install: $(STAMP)

node-tools:
	cd tests/tools && npm ci --no-audit --no-fund --loglevel=error
	cd tests/tools/oracle && npm ci --no-audit --no-fund --loglevel=error

# The playground's browser tests drive Debian's chromium (playwright never downloads a browser).
chromium:
	command -v chromium >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium)

test: install node-tools chromium
	$(BIN)/python -m pytest -q -p no:cacheprovider

# Dev only: bundle GraphiQL and the playground's panels (playground/) into the gateway's package
# data (gateway/plugins/playground/static/, committed); tests/playground/ fails when it is stale.
playground:
	cd playground && npm ci --no-audit --no-fund --loglevel=error && node build.mjs

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

up: install
	$(BIN)/govgraph up

# Benchmarks (not part of the tests): wrk and the Node peers are installed by the harness when missing.
# BENCH_ARGS e.g. "--quick" or "--duration 60 --rounds 5"; see tests/benchmarks/README.md.
.PHONY: bench
bench: install
	$(BIN)/python -m tests.benchmarks.harness $(BENCH_ARGS)
