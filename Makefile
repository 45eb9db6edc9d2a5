# The README's two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# pywb pins versions that conflict with Scrapy's, so it gets an environment of its own
# (used by the test that loads our WACZ into a pywb collection).
PYWB_VENV := .venv-pywb
PYWB_STAMP := $(PYWB_VENV)/.installed

.PHONY: install demo test lint format clean

install: $(STAMP) $(PYWB_STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=23"
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

$(PYWB_STAMP):
	test -x $(PYWB_VENV)/bin/python || $(PYTHON) -m venv $(PYWB_VENV)
	$(PYWB_VENV)/bin/python -m pip install --quiet "pywb>=2.8,<3"
	touch $(PYWB_STAMP)

demo: install
	$(BIN)/python -m crawler.demo.run --output demo-output

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) $(PYWB_VENV) demo-output .pytest_cache .ruff_cache
