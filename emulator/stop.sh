#!/usr/bin/env bash
# Stop the emulator that start.sh started: emulator/stop.sh ENV_FILE
# Sends SIGTERM to SLIPWAY_EMULATOR_PID (SIGKILL after 10 s) and removes ENV_FILE.
set -euo pipefail
if [ $# -ne 1 ]; then
  echo "usage: $0 ENV_FILE" >&2
  exit 2
fi
env_file="$1"
if [ ! -f "$env_file" ]; then
  echo "no $env_file: emulator not running?" >&2
  exit 0
fi
pid="$(sed -n 's/^export SLIPWAY_EMULATOR_PID=//p' "$env_file" | tr -d "'")"
# Only signal the process if it is still our server (pids get reused).
if [ -n "$pid" ] && grep -q "server.py" "/proc/$pid/cmdline" 2>/dev/null; then
  kill -TERM "$pid"
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "emulator $pid ignored SIGTERM; killing it" >&2
    kill -KILL "$pid"
  fi
fi
rm -f "$env_file"
