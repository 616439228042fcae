# The two commands of the README:
#   make run   - set up, then build the graph, validate it, write exports, ontology docs, networks and views to out/
#   make test  - set up (Python packages, Chromium, Virtuoso), then run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test system-deps bench notebooks clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,notebooks]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/owlgraph build --out out

system-deps:
	bash scripts/system-deps.sh

test: $(STAMP) system-deps
	$(BIN)/python -m pytest

bench: $(STAMP) system-deps
	$(BIN)/python benchmarks/bench_pipeline.py
	OWLGRAPH_BENCH_DISK=1 $(BIN)/python benchmarks/bench_pipeline.py --sizes 1000000 --obvious-limit 0 --merge

notebooks: $(STAMP)
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf out test-artifacts .pytest_cache
