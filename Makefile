# netkeel's two commands: `make run` (set up and serve on SQLite) and `make test` (run the suite).
# Both work on a fresh machine that has only Python 3.11+.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Every dependency, direct and indirect, comes from uv.lock at its exact version and hash. uv itself is
# pinned (with hashes) in requirements/uv.txt and installed into .tools/ by the Python found here.
TOOLS ?= .tools
UV := $(TOOLS)/bin/uv
# The extras installed: postgres (psycopg ships wheels) so that `make test` covers PostgreSQL's code paths;
# CI adds mysql (mysqlclient compiles against libmysqlclient-dev) and ldap (python-ldap, against libldap2-dev and
# libsasl2-dev): EXTRAS=dev,postgres,mysql,ldap.
EXTRAS ?= dev,postgres
comma := ,
STAMP := $(VENV)/.installed-$(subst $(comma),-,$(EXTRAS))
# Where `make run` keeps its config, SQLite database and static files.
RUN_ROOT ?= $(CURDIR)/.netkeel
# `make run DEMO=small` (or medium, large) fills an empty database with the demo network first.
DEMO ?=
BIND ?= 127.0.0.1:8080
PYTEST_ARGS ?=
# `make test` spreads the test files over pytest-xdist workers, one per CPU (`TEST_WORKERS=0`: one process, e.g.
# to use pdb). Each worker has its own test database, cache key prefix and temporary directory; a file's tests stay
# together on one worker (--dist loadfile), so a module's fixtures (demo networks, its own servers) are built once.
TEST_WORKERS ?= auto

.PHONY: venv run test lint bench lock clean help

help:
	@echo "make run     set up .venv and ./.netkeel, then serve netkeel on http://$(BIND)/"
	@echo "             (afterwards ./netkeel-server COMMAND runs the CLI on that same database)"
	@echo "make test    run the test suite (NETKEEL_TEST_DB=postgresql or mysql for another engine)"
	@echo "make lint    ruff, mypy and the import-layer contract"
	@echo "make bench   the benchmarks (figures printed and written to benchmarks/results/)"
	@echo "make lock    re-resolve uv.lock after a change of pyproject.toml's dependencies"
	@echo "make venv    only set up .venv from uv.lock;  make clean  remove .venv and the tools"
	@echo ""
	@echo "Variables (make run DEMO=small BIND=0.0.0.0:8000, ...):"
	@echo "  DEMO=small|medium|large  make run: fill an EMPTY database with a demo network (default: none)"
	@echo "  BIND=$(BIND)      make run: the address and port to serve on"
	@echo "  RUN_ROOT=$(RUN_ROOT)"
	@echo "                           make run: where the config, SQLite database and static files live"
	@echo "  EXTRAS=$(EXTRAS)     the extras installed into .venv (CI: dev,postgres,mysql,ldap)"
	@echo "  PYTHON=$(PYTHON)           the interpreter .venv is made with (3.11 or newer)"
	@echo "  VENV=$(VENV)  TOOLS=$(TOOLS)   where the virtual environment and uv live"
	@echo "  PYTEST_ARGS=...          make test: extra pytest arguments (e.g. -k cable -x)"
	@echo "  TEST_WORKERS=$(TEST_WORKERS)           make test: pytest-xdist workers (auto: one per CPU; 0: one process)"
	@echo "  LOCK_ARGS=--upgrade      make lock: take newer releases"

$(UV): requirements/uv.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "netkeel needs Python 3.11 or newer, found " + sys.version.split()[0] + "; run make with PYTHON=python3.11 (or newer).")'
	@test -x $(TOOLS)/bin/python || $(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/uv.txt
	@touch $@

$(STAMP): pyproject.toml uv.lock $(UV)
	UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --locked --quiet --python $(PYTHON) $(foreach extra,$(subst $(comma), ,$(EXTRAS)),--extra $(extra))
	@rm -f $(VENV)/.installed-*
	@touch $@

venv: $(STAMP)

run: export NETKEEL_ROOT := $(RUN_ROOT)
# An empty NETKEEL_CONFIG counts as unset: make run always serves RUN_ROOT's own config.
run: export NETKEEL_CONFIG :=
# A development server: netkeel serves uploaded files (device types' images) itself, as Django does for development.
run: export NETKEEL_SERVE_MEDIA := true
run: venv
	@test -f "$(RUN_ROOT)/netkeel_config.py" || $(BIN)/netkeel-server init --quiet "$(RUN_ROOT)"
	@echo "$(RUN_ROOT)" > $(VENV)/netkeel-root
	@$(BIN)/netkeel-server post_upgrade --no-input
	@if [ -n "$(DEMO)" ]; then $(BIN)/netkeel-server generate_demo_data --size $(DEMO) --if-empty; fi
	@$(BIN)/netkeel-server ensure_superuser
	@exec $(BIN)/netkeel-server start --bind $(BIND)

test: venv
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check netkeel conftest.py
	$(BIN)/mypy
	$(BIN)/lint-imports

# Cable path engine, IPAM, post_upgrade, pages and the API's write path: figures printed and written to
# benchmarks/results/; see benchmarks/README.md.
bench: venv
	$(BIN)/python benchmarks/bench_cable_paths.py --size medium
	$(BIN)/python benchmarks/bench_ipmath.py
	$(BIN)/python benchmarks/bench_ipam.py
	$(BIN)/python benchmarks/bench_post_upgrade.py
	$(BIN)/python benchmarks/bench_device_types.py
	$(BIN)/python benchmarks/bench_ui.py --size medium
	$(BIN)/python benchmarks/bench_graphql.py --db postgresql --size medium
	$(BIN)/python benchmarks/bench_api_budget.py --size medium
	$(BIN)/python benchmarks/bench_writes.py --db postgresql --size medium
	$(BIN)/python benchmarks/bench_permissions.py --db postgresql --size medium

# After a change of pyproject.toml's dependencies (or to take newer releases: make lock LOCK_ARGS=--upgrade).
lock: $(UV)
	$(UV) lock --python $(PYTHON) $(LOCK_ARGS)

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache .mypy_cache .ruff_cache
