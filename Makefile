# 海外知財支援ナビ: `make run` and `make test` each set everything up on a fresh machine.
SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -eu -o pipefail -c

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RASA_PORT ?= 5005
ACTION_PORT ?= 5055
WEB_PORT ?= 8080
DESK_PORT ?= 8090
# Sanic workers of the Rasa server. More than one needs a shared lock store (Redis).
WORKERS ?= 1

export PYTHONPATH := $(CURDIR)
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export ACTION_ENDPOINT_URL ?= http://127.0.0.1:$(ACTION_PORT)/webhook
export TRACKER_DB ?= $(CURDIR)/var/tracker.db
export RASA_TELEMETRY_ENABLED := false
export SANIC_WORKERS := $(WORKERS)
export LOCK_STORE ?= $(if $(filter 1,$(WORKERS)),in_memory,redis)
export REDIS_HOST ?= 127.0.0.1
export REDIS_PORT ?= 6379
export DESK_PORT

.PHONY: help install train run shell test test-fast lint format validate nlu-accuracy conversations browser-deps redis-deps postgres-deps clean bench

help:
	@echo "make run    - set up, train if needed, start the bot (REST, widget) and the desk"
	@echo "             WORKERS=2 runs two Rasa workers with a Redis lock store"
	@echo "make test   - set up and run every check (validate, ruff, pytest, conversation tests)"
	@echo "make train  - train a model into models/ if none fits the data"
	@echo "make shell  - talk to the bot in this terminal"
	@echo "make bench  - accuracy, latency, throughput and cost report"
	@echo "make clean  - remove the venv, models and local state"

$(STAMP): requirements.txt
	PY=$$(scripts/find_python.sh)
	[ -x $(BIN)/python ] || "$$PY" -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip==24.0"
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

# Rasa compares the data's fingerprint with the newest model and skips training when
# nothing changed, so this is cheap when a fitting model exists.
train: install
	mkdir -p models var
	$(BIN)/rasa train --data bot/data --config config.yml --domain domain.yml --out models --quiet

run: train $(if $(filter-out 1,$(WORKERS)),redis-deps)
	scripts/run.sh

shell: train
	mkdir -p var
	export PYTHONWARNINGS=ignore
	$(BIN)/python scripts/active_credentials.py credentials.yml var/credentials.yml >/dev/null
	trap 'kill $$(jobs -p) 2>/dev/null' EXIT
	$(BIN)/rasa run actions --actions actions --port $(ACTION_PORT) --quiet >var/action_server.log 2>&1 &
	$(BIN)/rasa shell --model models --endpoints endpoints.yml --credentials var/credentials.yml --quiet

validate: install
	$(BIN)/rasa data validate --data bot/data --config config.yml --domain domain.yml 
	$(BIN)/python -m knowledge check

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

browser-deps:
	if ! command -v chromium >/dev/null 2>&1; then
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
	fi

# Redis is the lock store that several Rasa workers share (tests, bench, WORKERS > 1).
redis-deps:
	if ! command -v redis-server >/dev/null 2>&1; then
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
	fi

# The desk's tests also run against a real PostgreSQL (tests/support/postgres.py starts a
# throw-away cluster per test session and stops it). Debian's package may start its own
# default cluster on install; that one is stopped again, since nothing here uses it.
postgres-deps:
	if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
	  (pg_lsclusters --no-header 2>/dev/null || true) | awk '$$4 == "online" {print $$1, $$2}' |
	    while read -r version name; do pg_ctlcluster "$$version" "$$name" stop || true; done
	fi

# Conversation tests (Rasa test stories) against the model trained from this data.
conversations: train
	$(BIN)/rasa test core --model models --stories tests/conversations \
	  --endpoints endpoints.yml --fail-on-prediction-errors --out results/conversations
	@echo "conversation tests: all stories passed"

test: validate lint train browser-deps redis-deps postgres-deps
	$(BIN)/python -m pytest -q tests
	scripts/with_action_server.sh $(MAKE) --no-print-directory conversations

# Trains its own models from scratch (timed, throw-away cache), so models/ is not needed.
# Writes bench/results/{latest.json,summary.md,chart.png}; `--tiny` is the smoke configuration.
bench: install redis-deps
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) models results var .rasa .pytest_cache .ruff_cache
