#!/usr/bin/env bash
# Benchmarks the deployer Lambda: the packaged Swift `bootstrap` next to the original system's
# Python handler with boto3, in the same run, against one local Runtime API and one emulator.
#
#   bench/deployer/run.sh [--rounds N] [--warm N]
#
# Builds the package first if .build/slipway-deployer/bootstrap is missing (or when
# SLIPWAY_BENCH_REBUILD=1), starts its own emulator (stopped at exit), and prints a table:
# start -> first Runtime API request, start -> first response posted, the first invocation's
# handling time, the warm handling time (medians) and the peak RSS of each.
set -euo pipefail
cd "$(dirname "$0")/../.."

bootstrap=".build/slipway-deployer/bootstrap"
if [ ! -x "$bootstrap" ] || [ "${SLIPWAY_BENCH_REBUILD:-0}" = 1 ]; then
    bash scripts/package-deployer.sh >/dev/null
fi
bash emulator/install.sh

work="$(mktemp -d "${TMPDIR:-/tmp}/slipway-bench.XXXXXX")"
cleanup() {
    bash emulator/stop.sh "$work/env" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

bash emulator/start.sh "$work/env" >/dev/null
# shellcheck disable=SC1091
. "$work/env"
export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_REGION AWS_ENDPOINT_URL
export AWS_DEFAULT_REGION="$AWS_REGION" AWS_CONFIG_FILE=/nonexistent AWS_SHARED_CREDENTIALS_FILE=/nonexistent

.venv/bin/python bench/deployer/bench.py --bootstrap "$bootstrap" "$@"
