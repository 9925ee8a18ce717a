#!/usr/bin/env bash
# Start the action server, the Rasa server, the widget page and the support desk; Ctrl-C
# stops them all.
set -euo pipefail
cd "$(dirname "$0")/.."
RASA_PORT="${RASA_PORT:-5005}"
ACTION_PORT="${ACTION_PORT:-5055}"
WEB_PORT="${WEB_PORT:-8080}"
DESK_PORT="${DESK_PORT:-8090}"
WEB_ORIGINS="${WEB_ORIGINS:-http://localhost:$WEB_PORT http://127.0.0.1:$WEB_PORT}"
mkdir -p var
# Keep the console readable: library deprecation warnings are not actionable here.
export PYTHONWARNINGS="${PYTHONWARNINGS:-ignore}"
.venv/bin/python scripts/active_credentials.py credentials.yml var/credentials.yml

pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; echo "stopped."; }
trap cleanup EXIT INT TERM

# Several Sanic workers share their conversation locks through Redis (endpoints.yml).
# Use the one at REDIS_HOST:REDIS_PORT, or start a throw-away local one.
if [ "${LOCK_STORE:-in_memory}" = redis ]; then
  if ! redis-cli -h "${REDIS_HOST:-127.0.0.1}" -p "${REDIS_PORT:-6379}" ping >/dev/null 2>&1; then
    redis-server --bind 127.0.0.1 --port "${REDIS_PORT:-6379}" --save '' --appendonly no \
      >var/redis.log 2>&1 &
    pids+=($!)
  fi
fi

.venv/bin/rasa run actions --actions actions --port "$ACTION_PORT" --quiet &
pids+=($!)
.venv/bin/rasa run --model models --endpoints endpoints.yml --credentials var/credentials.yml \
  --port "$RASA_PORT" --cors $WEB_ORIGINS --quiet &
pids+=($!)
.venv/bin/python -m web.serve --port "$WEB_PORT" --rasa-url "http://localhost:$RASA_PORT" &
pids+=($!)

# The support desk. Without DESK_USERS, a development login with a password generated for
# this run (var/desk_dev_password, mode 600); never a fixed password.
desk_login=""
if [ -z "${DESK_USERS:-}" ]; then
  (umask 077 && .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(12))' >var/desk_dev_password)
  export DESK_USERS="desk:$(cat var/desk_dev_password)"
  desk_login="  Desk login:   desk / $(cat var/desk_dev_password)   (development only; set DESK_USERS)"
fi
.venv/bin/python -m desk.server --port "$DESK_PORT" &
pids+=($!)

for _ in $(seq 1 240); do
  if curl -sf "http://127.0.0.1:$RASA_PORT/" >/dev/null && curl -sf "http://127.0.0.1:$ACTION_PORT/health" >/dev/null; then
    break
  fi
  sleep 0.5
done
cat <<MSG

海外知財支援ナビ is running (${SANIC_WORKERS:-1} Rasa worker(s), ${LOCK_STORE:-in_memory} lock store).
  Chat widget:  http://localhost:$WEB_PORT/
  REST:         curl -s localhost:$RASA_PORT/webhooks/rest/webhook -d '{"sender":"me","message":"警告状が届いた"}'
  socket.io:    http://localhost:$RASA_PORT/socket.io
  Support desk: http://localhost:$DESK_PORT/
${desk_login}
Press Ctrl-C to stop.
MSG
wait -n
