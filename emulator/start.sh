#!/usr/bin/env bash
# Start the local AWS emulator in the background and wait until it is ready.
#   emulator/start.sh ENV_FILE [--latency-ms N] [--port P] [--no-model-validation]
# Logs to $(dirname ENV_FILE)/emulator.log; ENV_FILE gets the `export` lines
# (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_ENDPOINT_URL,
# SLIPWAY_EMULATOR_PID). Exits non-zero with the log's tail if not ready in 30 s.
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: $0 ENV_FILE [--latency-ms N] [--port P] [--no-model-validation]" >&2
  exit 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
python="$here/../.venv/bin/python"
env_file="$1"
shift
mkdir -p "$(dirname "$env_file")"
log="$(dirname "$env_file")/emulator.log"
rm -f "$env_file"

nohup "$python" "$here/server.py" --port 0 --env-file "$env_file" "$@" \
  >"$log" 2>&1 </dev/null &
pid=$!

for _ in $(seq 1 300); do  # 300 x 0.1 s
  if [ -s "$env_file" ]; then
    endpoint="$(sed -n 's/^export AWS_ENDPOINT_URL=//p' "$env_file" | tr -d "'")"
    if curl -fsS -o /dev/null --max-time 2 "$endpoint/_slipway/health"; then
      echo "emulator ready at $endpoint (pid $pid, log $log)"
      exit 0
    fi
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    break
  fi
  sleep 0.1
done

echo "emulator did not become ready; last lines of $log:" >&2
tail -n 40 "$log" >&2
kill "$pid" 2>/dev/null || true
exit 1
