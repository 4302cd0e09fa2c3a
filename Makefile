# Two commands a newcomer needs: `make run` (the sandbox, or Slack with tokens) and `make test`.
# Each creates .venv and installs the pinned dependencies on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench score screenshots clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m compileall -q bot  # as pip does for an installed package: no start compiles
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/phrasebot start

test: $(STAMP)
	$(BIN)/ruff check bot tests bench
	$(BIN)/ruff format --check bot tests bench
	$(BIN)/mypy bot
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/phrasebot lint

screenshots: $(STAMP)
	$(BIN)/python -m tests.sandbox.screenshots

bench: $(STAMP)
	$(BIN)/python bench/bench_check.py

score: $(STAMP)
	$(PYTHON) ../shared/eval/score.py drafts ../shared/eval/dev-drafts.jsonl --show 20

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
