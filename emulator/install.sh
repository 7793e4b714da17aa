#!/usr/bin/env bash
# Install the local AWS emulator: a .venv at the repository root with the pinned
# moto[server], and the pinned parliament (IAM policy linter) that the policy audit
# (scripts/policy-audit.py) uses. Idempotent and quiet; does nothing when both are there.
set -euo pipefail
MOTO_VERSION="5.2.5"
PARLIAMENT_VERSION="1.6.4"
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if "$venv/bin/python" - "$MOTO_VERSION" "$PARLIAMENT_VERSION" 2>/dev/null <<'PY'
import sys
from importlib.metadata import version
import boto3, flask, flask_cors  # noqa: F401  (server extras present)
sys.exit(version("moto") != sys.argv[1] or version("parliament") != sys.argv[2] or version("boto3") != "1.44.8" or version("botocore") != "1.44.8")
PY
then
  exit 0
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION" "parliament==$PARLIAMENT_VERSION" "boto3==1.44.8" "botocore==1.44.8"
