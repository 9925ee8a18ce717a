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

.PHONY: help install train run run-scaled shell test test-fast lint format validate nlu-accuracy conversations browser-deps redis-deps scaled-deps clean bench soak lock bench-deps nlu-report

help:
	@echo "make run    - set up, train if needed, start the bot (REST, widget) and the desk"
	@echo "             WORKERS=2 runs two Rasa workers with a Redis lock store"
	@echo "make run-scaled - deploy/'s topology here: nginx, 2 Rasa processes, PostgreSQL, Redis"
	@echo "make test   - set up and run every check (validate, ruff, pytest, conversation tests)"
	@echo "make train  - train a model into models/ if none fits the data"
	@echo "make shell  - talk to the bot in this terminal"
	@echo "make bench  - accuracy, latency, load, CPU per turn, memory and soak report"
	@echo "make soak   - only the soak (20,000 messages, RSS) against the scaled topology"
	@echo "make lock   - regenerate requirements*.txt from requirements*.in (pip-tools)"
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
	@# Rasa packages a new file on every run (cached nodes make it ~30 s); keep the newest 3.
	ls -1t models/*.tar.gz 2>/dev/null | tail -n +4 | xargs -r rm -f --

run: train $(if $(filter-out 1,$(WORKERS)),redis-deps)
	scripts/run.sh

# The production topology on this machine, started from deploy/'s files (docs/deploy.md).
run-scaled: train scaled-deps
	$(BIN)/python -m launcher scaled

shell: train
	mkdir -p var
	export PYTHONWARNINGS=ignore
	$(BIN)/python scripts/active_credentials.py credentials.yml var/credentials.yml >/dev/null
	trap 'kill $$(jobs -p) 2>/dev/null' EXIT
	SANIC_HOST=127.0.0.1 $(BIN)/rasa run actions --actions actions --port $(ACTION_PORT) --quiet >var/action_server.log 2>&1 &
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

# The servers of the scaled topology and of the desk's PostgreSQL tests, from Debian.
# Tests run their own instances on free ports (launcher/services.py,
# tests/support/postgres.py); nothing is started as a system service, and a cluster the
# package starts on install is stopped again.
scaled-deps: redis-deps
	missing=""
	command -v nginx >/dev/null 2>&1 || missing="$$missing nginx-light"
	ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing="$$missing postgresql"
	if [ -n "$$missing" ]; then
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null
	  (pg_lsclusters --no-header 2>/dev/null || true) | awk '$$4 == "online" {print $$1, $$2}' |
	    while read -r version name; do pg_ctlcluster "$$version" "$$name" stop || true; done
	fi

# Per-intent report, confusion matrix and entity scores on the held-out set (rasa test nlu).
nlu-report: train
	$(BIN)/rasa test nlu --model models --nlu tests/nlu/heldout.yml --out results/nlu
	@echo "reports in results/nlu/"

# Conversation tests (Rasa test stories) against the model trained from this data.
conversations: train
	$(BIN)/rasa test core --model models --stories tests/conversations \
	  --endpoints endpoints.yml --fail-on-prediction-errors --out results/conversations
	@echo "conversation tests: all stories passed"

# tests/faults/ runs the scaled topology (nginx, PostgreSQL, Redis) and kills parts of it.
test: validate lint train browser-deps scaled-deps
	$(BIN)/python -m pytest -q tests
	scripts/with_action_server.sh $(MAKE) --no-print-directory conversations

# Trains its own models from scratch (timed, throw-away cache), so models/ is not needed.
# Writes bench/results/{latest.json,summary.md,chart.png}; `--tiny` is the smoke configuration.
bench: install scaled-deps bench-deps
	$(BIN)/python -m bench

# Soak alone (also part of make bench): 20,000 messages against the scaled topology.
soak: train scaled-deps
	$(BIN)/python -m bench.soak

# What only the benchmark needs (pipeline (c): ja_ginza; the chart: matplotlib).
bench-deps: install
	$(BIN)/pip install --quiet -r requirements-bench.txt

# requirements.in (direct dependencies) -> requirements.txt (every pin), same for bench.
# pip-tools runs in a venv of its own: it needs a newer `packaging` than Rasa allows.
LOCK_VENV := .venv-lock
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links
lock:
	[ -x $(LOCK_VENV)/bin/pip-compile ] || { "$$(scripts/find_python.sh)" -m venv $(LOCK_VENV) && \
	  $(LOCK_VENV)/bin/pip install --quiet "pip==24.0" "pip-tools==7.4.1"; }
	$(PIP_COMPILE) -o requirements.txt requirements.in
	$(PIP_COMPILE) -o requirements-bench.txt requirements-bench.in

clean:
	rm -rf $(VENV) $(LOCK_VENV) models results var .rasa .pytest_cache .ruff_cache
