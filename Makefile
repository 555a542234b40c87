# Two commands for a fresh machine: `make demo` and `make test`. Both set everything up first.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
NODE_STAMP := tests/cypher_lint/node_modules/.installed-stamp
PYTHON ?= python3

.PHONY: demo test setup lint typecheck cypher-lint test-neo4j bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,fast]'
	touch $(STAMP)

$(NODE_STAMP): tests/cypher_lint/package.json tests/cypher_lint/package-lock.json
	cd tests/cypher_lint && npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

setup: $(STAMP)

## Generate a demo district, load it into the embedded store, answer, then serve the API.
demo: $(STAMP)
	$(BIN)/zhiqian demo --serve

lint: $(STAMP)
	$(BIN)/ruff check graph queries loaders api tests benchmarks
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

cypher-lint: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m tests.cypher_lint

## Everything CI runs: lint, types, Cypher checked by Neo4j's own parser, the test suite.
test: lint typecheck cypher-lint
	$(BIN)/pytest -n 2 -q

## The conformance suite against a Neo4j test database (ZHIQIAN_TEST_NEO4J_URI must be set).
test-neo4j: $(STAMP)
	$(BIN)/pytest -q -m neo4j tests/store

## The city-scale benchmark harness; rewrites docs/benchmarks.md.
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) tests/cypher_lint/node_modules .mypy_cache .ruff_cache .pytest_cache
