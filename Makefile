# The commands people type. `make run` and `make test` set everything up from nothing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Where `make run` serves the web app.
PORT ?= 8000

.PHONY: run test bench lint clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/pantau extract examples/ -o build/example-records.jsonl
	@echo "records written to build/example-records.jsonl"
	$(BIN)/pantau ingest examples/ --db build/example.db
	@echo "serving the example corpus at http://127.0.0.1:$(PORT)/ (Ctrl-C stops it)"
	$(BIN)/pantau serve --db build/example.db --port $(PORT)

test: $(STAMP)
	$(BIN)/pytest -q

# spaCy (a reference tokenizer) and pyinstrument are benchmark-only extras.
bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	$(BIN)/python benchmarks/bench.py

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy src

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .ruff_cache .mypy_cache
