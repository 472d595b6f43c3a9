# geomap: two commands do everything.
#   make map   - set up .venv and run the Prefect flow over seeds/, writing maps/
#   make test  - set up .venv plus the test tools (Chromium, PostgreSQL) and run the whole suite
# and, on a schedule:
#   make serve - a local Prefect server (with its UI) on 127.0.0.1, then geomap serve against it; variables:
#                INBOX=DIR (default inbox/), FEED=URL, URLS=FILE, SOURCES=sources.toml, OUT=DIR (default maps/),
#                INTERVAL=SECONDS (default 60) or CRON="*/15 * * * *", PORT=N (default: a free one), OFFLINE=1

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
TEST_INSTALLED := $(VENV)/.test-installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: map test serve lint typecheck unit bench eval offline clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(TEST_INSTALLED): $(INSTALLED) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

map: $(INSTALLED)
	$(BIN)/geomap run seeds --out maps

offline: $(INSTALLED)
	$(BIN)/geomap run seeds --out maps --offline

# Chromium for the browser tests, from Debian.
/usr/bin/chromium:
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

# PostgreSQL 15 with PostGIS, from Debian, for the result store on PostgreSQL and a Prefect server
# on PostgreSQL (the tests start and stop their own server in a temporary folder; the package's
# own cluster is not used).
POSTGIS := /usr/share/postgresql/15/extension/postgis.control
$(POSTGIS):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql-15 postgresql-15-postgis-3

test-deps: $(TEST_INSTALLED) /usr/bin/chromium $(POSTGIS)

lint: $(TEST_INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(TEST_INSTALLED)
	$(BIN)/mypy

test: test-deps
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest

# The fast tier (under a minute on two cores): the library in this process, with the real model
# and gazetteer loaded once; make test runs these and every test that starts processes.
unit: $(TEST_INSTALLED)
	$(BIN)/pytest -m "not browser and not prefect_server and not postgres and not slow and not process"

serve: $(INSTALLED)
	$(BIN)/python -m flows.local_server $(if $(FEED),--feed=$(FEED)) $(if $(URLS),--urls=$(URLS)) \
		$(if $(SOURCES),--sources $(SOURCES)) $(if $(INBOX),--inbox $(INBOX)) --out $(or $(OUT),maps) \
		$(if $(INTERVAL),--interval $(INTERVAL)) $(if $(CRON),--cron "$(CRON)") $(if $(PORT),--port $(PORT)) \
		$(if $(filter-out 0,$(OFFLINE)),--offline)

eval: $(INSTALLED)
	$(if $(CORPUS),,$(error set CORPUS to a corpus file: make eval CORPUS=lgl.jsonl))
	$(BIN)/geomap eval $(CORPUS)

bench: $(INSTALLED)
	$(if $(CORPUS),,$(error set CORPUS to a corpus file: make bench CORPUS=lgl.jsonl))
	$(BIN)/geomap bench $(CORPUS)

clean:
	rm -rf $(VENV) test-output
	find maps -mindepth 1 ! -name .gitkeep -delete
