# The venv is shared by every target; a stamp file tracks when it was last installed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test bench lint clean translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

# `wiki demo --quiet` adds only what is missing of the demo; the address and the logins
# are printed once, just before the server starts.
run: $(STAMP)
	@$(BIN)/wiki init
	@$(BIN)/wiki demo --quiet
	@echo ""
	@echo "  Le wiki est servi sur http://$(HOST):$(PORT)"
	@$(BIN)/wiki demo --accounts
	@echo ""
	@$(BIN)/wiki serve --workers 2 --bind $(HOST):$(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# make bench: 1 000 and 10 000 pages; make bench BENCH_ARGS="--sizes 100000" for the largest.
BENCH_ARGS ?= --sizes 1000,10000
bench: $(STAMP)
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check wiki tests benchmarks

# Re-extract every msgid (French) into the template, merge it into each catalog, compile.
# Translate the new entries of wiki/translations/*/LC_MESSAGES/messages.po, then run it again.
translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k lazy_gettext -k _l --sort-output \
		--project wiki-pratiques --version 0.1.0 \
		-o wiki/translations/messages.pot wiki
	$(BIN)/pybabel update -i wiki/translations/messages.pot -d wiki/translations \
		--no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d wiki/translations --statistics

clean:
	rm -rf $(VENV) .pytest_cache
