# The two commands of the README:
#   make run   - set up, then build the graph, validate it, write exports, ontology docs, networks and views to out/
#   make test  - set up (Python packages, Chromium, Virtuoso), run the checks (make lint), then the whole test suite
#   make lint  - import contract, ruff (lint and format), mypy, README command reference in sync (cog)
#   make docs  - the documentation site (mkdocs-material + mkdocstrings) into site-docs/
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint docs system-deps bench notebooks clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,notebooks]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/owlgraph build --out out

system-deps:
	bash scripts/system-deps.sh

lint: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/ruff check owlgraph tests benchmarks scripts
	$(BIN)/ruff format --check owlgraph tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/cog --check README.md docs/tables.md

test: $(STAMP) system-deps lint
	$(BIN)/python -m pytest --durations=40

docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

bench: $(STAMP) system-deps
	$(BIN)/python benchmarks/bench_pipeline.py
	OWLGRAPH_BENCH_DISK=1 $(BIN)/python benchmarks/bench_pipeline.py --sizes 1000000 --obvious-limit 0 --merge

notebooks: $(STAMP)
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf out test-artifacts .pytest_cache site-docs
