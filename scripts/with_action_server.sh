#!/usr/bin/env bash
# Run a command while the action server listens on $ACTION_PORT (default 5055).
set -euo pipefail
port="${ACTION_PORT:-5055}"
mkdir -p var
SANIC_HOST=127.0.0.1 .venv/bin/rasa run actions --actions actions --port "$port" --quiet >var/action_server.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  if curl -sf "http://127.0.0.1:$port/health" >/dev/null; then break; fi
  sleep 0.5
done
"$@"
