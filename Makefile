# `make serve` and `make test` are all a newcomer needs; both create the virtualenv first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install serve test lint format schema eval-tagging eval-dedup clean

$(INSTALLED): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(INSTALLED)

install: $(INSTALLED)

serve: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_regions
	$(BIN)/python manage.py load_demo
	@echo "Docs: http://$(HOST):$(PORT)/api/v1/docs/"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install lint
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The committed schema is diffed against the generated one in the suite: API changes are deliberate.
schema: install
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --file docs/openapi.yaml

eval-tagging: install
	$(BIN)/python bench/eval_tagging.py

eval-dedup: install
	$(BIN)/python bench/eval_dedup.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache .hypothesis

# Benchmarks (bench/run.py): `make bench` runs 10k articles with short runs; SIZE=1000000 is
# the full profile, where the slow comparison systems take minutes per request:
#   make bench SIZE=1000000 BENCH_ARGS="--database newsapi_bench_1m --reuse --systems api,api_cache_miss,ceiling"
# Needs PostgreSQL on 127.0.0.1:5432 and wrk (apt-get install -y wrk).
SIZE ?= 10000
BENCH_ARGS ?=

.PHONY: bench
bench: install
	$(BIN)/python -m pip install --quiet -r bench/requirements.txt
	@command -v wrk >/dev/null || { echo "bench needs wrk: apt-get install -y wrk" >&2; exit 1; }
	$(BIN)/python bench/run.py --size $(SIZE) $(BENCH_ARGS)

# Soak (bench/soak.py): 5 minutes of mixed reads and writes at 64 connections against
# gunicorn and a throwaway PostgreSQL cluster on 127.0.0.1:5433 (Debian's pg_createcluster),
# Redis database 3 as the cache. A short run: make soak SOAK_ARGS="--duration 30 --connections 16".
# The database-restart experiment is bench/chaos.py, run by hand.
SOAK_ARGS ?=

.PHONY: soak
soak: install
	$(BIN)/python bench/soak.py $(SOAK_ARGS)
