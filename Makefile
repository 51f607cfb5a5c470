# The venv is shared by every target; stamp files track what was installed, and when.
# pip's own output (and the build backend's warnings) go to .venv/install.log, shown only
# when an installation fails: the first screen of `make run` says what happens, nothing more.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHECKSUM := $(shell cksum pyproject.toml | cut -d' ' -f1)
RUN_STAMP := $(VENV)/.installed-run-$(CHECKSUM)
TEST_STAMP := $(VENV)/.installed-test-$(CHECKSUM)
INSTALL_LOG := $(VENV)/install.log
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test bench lint typecheck clean translations

$(BIN)/python:
	@echo "Création de l'environnement Python dans $(VENV)…"
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install --quiet --upgrade pip > $(INSTALL_LOG) 2>&1 || { cat $(INSTALL_LOG); exit 1; }

$(RUN_STAMP): $(BIN)/python pyproject.toml
	@echo "Installation du wiki et de ses dépendances (une à deux minutes la première fois)…"
	@$(BIN)/pip install --quiet -e . > $(INSTALL_LOG) 2>&1 || { cat $(INSTALL_LOG); exit 1; }
	@rm -f $(VENV)/.installed-run-*
	@touch $@

$(TEST_STAMP): $(BIN)/python pyproject.toml
	@echo "Installation du wiki, de ses dépendances et des outils de test…"
	@$(BIN)/pip install --quiet -e '.[test]' > $(INSTALL_LOG) 2>&1 || { cat $(INSTALL_LOG); exit 1; }
	@rm -f $(VENV)/.installed-*
	@touch $@ $(RUN_STAMP)

# `wiki demo` adds only what is missing of the demo and says what it added; `wiki serve --demo-accounts` prints the
# address and the logins once the server listens (another port: make run PORT=8080).
run: $(RUN_STAMP)
	@$(BIN)/wiki init
	@$(BIN)/wiki demo --no-accounts
	@$(BIN)/wiki serve --workers 2 --bind $(HOST):$(PORT) --quiet --demo-accounts

test: $(TEST_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# make bench: the search at 1 000 and 10 000 pages, then the readers' pages at 5 000 (wrk, from
# Debian: apt-get install wrk); make bench BENCH_ARGS="--sizes 100000" READER_ARGS="--sizes
# 100000" for the largest.
BENCH_ARGS ?= --sizes 1000,10000
READER_ARGS ?= --sizes 5000
bench: $(TEST_STAMP)
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)
	$(BIN)/python -m benchmarks.readers $(READER_ARGS)

# mypy reads its settings in pyproject.toml ([tool.mypy]).
typecheck: $(TEST_STAMP)
	$(BIN)/mypy wiki

lint: $(TEST_STAMP)
	$(BIN)/ruff format --check wiki tests benchmarks
	$(BIN)/ruff check wiki tests benchmarks
	$(BIN)/mypy wiki

# Re-extract every msgid (French) into the template, merge it into each catalog, compile.
# Translate the new entries of wiki/translations/*/LC_MESSAGES/messages.po, then run it again.
translations: $(TEST_STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k lazy_gettext -k _l --sort-output \
		--project wiki-pratiques --version 0.1.0 \
		-o wiki/translations/messages.pot wiki
	$(BIN)/pybabel update -i wiki/translations/messages.pot -d wiki/translations \
		--no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d wiki/translations --statistics

clean:
	rm -rf $(VENV) .pytest_cache
