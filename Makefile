# Two commands: `make run` and `make test`. Each sets up .venv on first use (and again only when
# pyproject.toml changes), so a fresh machine needs nothing but Python 3.11 and pip.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
OUT     ?= out

.PHONY: run test bench setup clean help

help:
	@echo "make run    set up, then read examples/ and write $(OUT)/situation.json, brief.md, brief.html"
	@echo "make test   set up, then run the test suite"
	@echo "make bench  set up, then run the benchmarks in bench/"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=23"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	@touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/sitrep run examples --out $(OUT) --db $(OUT)/sitrep.db

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/geocode.py
	$(BIN)/python bench/fuse_scaling.py
	$(BIN)/python bench/scale.py --sizes 1000

clean:
	rm -rf $(OUT) .pytest_cache
