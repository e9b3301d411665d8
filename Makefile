# Instagraph's developer commands: `make run` serves the API, `make test` runs every check.
# Installs happen only when their inputs change (stamp files), so a second `make run` starts at once.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := run
.DELETE_ON_ERROR:

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
SERVE_ARGS ?=
# apt-get needs root: use sudo only when we are not root already (CI runs as root).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL := $(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y

.PHONY: run test lint bench clean redis wrk chromium

# run: install Instagraph into .venv when setup.cfg/pyproject.toml changed, then serve the API
# on 127.0.0.1:8080 with the embedded graph under ./var (`make run SERVE_ARGS="--port 9000"`).
run: $(VENV)/.installed
	$(VENV)/bin/instagraph serve $(SERVE_ARGS)

# test: install the test extras, the Node tooling (the Cypher lint, playwright-core and axe-core),
# redis-server, wrk and Chromium when missing, then run pytest on every core (tests/web drives the web
# client in Chromium) and the Neo4j Cypher lint. Any non-zero exit fails the target, pytest's 5
# ("no tests collected") included: make stops on it like on any other failure.
test: $(VENV)/.installed-test node_modules/.installed redis wrk chromium
	$(PY) -m pytest -n auto
	npm run lint:cypher

# lint: every query text in cypher/ through Neo4j's own Cypher front end (zero diagnostics allowed).
lint: node_modules/.installed
	npm run lint:cypher

# bench: run every benchmark module in bench/, each in its own process (python -m bench). The
# benchmarks build their parts as the tests do (a real redis-server among them), hence the test extras;
# bench/load drives a real server with wrk.
bench: $(VENV)/.installed-test redis wrk
	$(PY) -m bench

# clean: remove build output, caches and install stamps (the next run reinstalls). Keeps .venv,
# node_modules and ./var (your data).
clean:
	rm -rf build dist ./*.egg-info .pytest_cache .hypothesis $(VENV)/.installed $(VENV)/.installed-test node_modules/.installed
	find . \( -path ./.venv -o -path ./node_modules -o -path ./.git \) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

# The virtualenv, made with this machine's python3. A Debian python3 without ensurepip leaves a
# broken half-venv: remove it, install python3-venv and try once more.
$(PY):
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); $(APT_INSTALL) python3-venv; $(PYTHON) -m venv $(VENV); }

# The package (editable) and its pinned dependencies; redone only when the packaging files change.
$(VENV)/.installed: setup.cfg pyproject.toml | $(PY)
	$(PIP) install -e .
	touch $@

# The same plus the test extras (pytest, pytest-xdist, hypothesis); also satisfies `run`.
$(VENV)/.installed-test: setup.cfg pyproject.toml | $(PY)
	$(PIP) install -e '.[test]'
	touch $@ $(VENV)/.installed

# Node tooling for the Cypher lint and the web client's browser test: `npm ci` when node_modules is missing or the lock file is newer.
node_modules/.installed: package.json package-lock.json
	npm ci
	touch $@

# redis-server for the tests' real Redis, from Debian's packages, only when none is on PATH.
redis:
	@command -v redis-server >/dev/null || { echo "redis-server not found: installing Debian's package"; $(APT_INSTALL) redis-server; }

# wrk, the HTTP load generator of bench/load (and its test), from Debian's packages, only when none is on PATH.
wrk:
	@command -v wrk >/dev/null || { echo "wrk not found: installing Debian's package"; $(APT_INSTALL) wrk; }

# Chromium for tests/web (playwright-core drives it headless), from Debian's packages, only when
# /usr/bin/chromium is missing (the path the test launches).
chromium:
	@test -x /usr/bin/chromium || { echo "chromium not found: installing Debian's package"; $(APT_INSTALL) chromium; }
