#!/usr/bin/env bash
# `make run`: the embedded default (action server on 127.0.0.1, one Rasa process with
# SQLite, the widget page), started by the one launcher (launcher/). Ctrl-C stops all.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var
# Keep the console readable: library deprecation warnings are not actionable here.
export PYTHONWARNINGS="${PYTHONWARNINGS:-ignore}"
exec .venv/bin/python -m launcher run
