# The two commands a newcomer needs: `make run` and `make test`.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint format install migrate seed bench clean messages translations kernels

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) translations kernels

# numba's compiled kernels, cached beside their source: compiled here, not in the first
# merchant's constrained plan (about 8 s of CPU cold, half a second from the cache). A stamp,
# not a step run every time: CI's two test passes start side by side, and both wrote the cache
# at once.
KERNELS := $(VENV)/.kernels
kernels: $(KERNELS)

# The platform's merchant kernels are built ahead of time as well (see
# optimizer/platform/decomposed/compiled.py): a plan then never waits for numba to load.
PLATFORM_KERNELS := $(addprefix optimizer/platform/decomposed/,kernel.py bound.py ahead.py)
$(KERNELS): $(STAMP) optimizer/single/newton_kernel.py $(PLATFORM_KERNELS)
	$(BIN)/python -m optimizer.single.warm
	$(BIN)/python -m optimizer.platform.decomposed.ahead
	touch $(KERNELS)

# The catalogues (merchant_portal/translations/*/messages.po) are kept in git; the compiled .mo
# files are build output, remade on install, run and test whenever a catalogue is newer, so
# they never go stale. Only then: CI's two test passes run side by side, and a catalogue
# rewritten under the other pass's feet would read as half a file.
TRANSLATIONS := merchant_portal/translations
CATALOGUES := $(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po)
translations: $(CATALOGUES:.po=.mo)

$(TRANSLATIONS)/%/LC_MESSAGES/messages.mo: $(TRANSLATIONS)/%/LC_MESSAGES/messages.po $(STAMP)
	$(BIN)/pybabel -q compile -d $(TRANSLATIONS) -l $*

# After changing user-facing text: extract every string and update both catalogues.
messages: $(STAMP)
	$(BIN)/pybabel -q extract -F babel.cfg --no-location --sort-output -k _l -k lazy_gettext -k ngettext:1,2 -k lazy_ngettext:1,2 -o $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel -q update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-fuzzy-matching --ignore-obsolete

migrate: install
	PORTAL_ENV=$${PORTAL_ENV:-development} $(BIN)/flask --app wsgi db upgrade
	PORTAL_ENV=$${PORTAL_ENV:-development} $(BIN)/flask --app wsgi recompute-quality

seed: migrate
	PORTAL_ENV=$${PORTAL_ENV:-development} $(BIN)/flask --app wsgi seed-demo --if-empty

# The job worker runs beside the web server; Ctrl-C (or the end of the web server) stops both.
# SIGTERM stops the worker at once: a job it was running is resumed by the next worker.
run: seed
	@export PORTAL_ENV=$${PORTAL_ENV:-development}; \
	$(BIN)/flask --app wsgi jobs worker & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	$(BIN)/flask --app wsgi run --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint translations
	$(BIN)/pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts
