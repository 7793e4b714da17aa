#!/usr/bin/env bash
# Install the local AWS emulator: a .venv at the repository root with the pinned
# moto[server], boto3 and botocore (botocore's service models are what
# emulator/model_validation/ checks requests against), and the pinned parliament (IAM policy
# linter) that the policy audit (scripts/policy-audit.py) uses. Idempotent and quiet; does
# nothing when all are there at their pinned versions.
set -euo pipefail
MOTO_VERSION="5.2.5"
PARLIAMENT_VERSION="1.6.4"
BOTO3_VERSION="1.44.8"
BOTOCORE_VERSION="1.44.8"
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if "$venv/bin/python" - "$MOTO_VERSION" "$PARLIAMENT_VERSION" "$BOTO3_VERSION" "$BOTOCORE_VERSION" 2>/dev/null <<'PY'
import sys
from importlib.metadata import version
import boto3, flask, flask_cors  # noqa: F401  (server extras present)
wanted = dict(zip(("moto", "parliament", "boto3", "botocore"), sys.argv[1:]))
sys.exit(any(version(name) != pinned for name, pinned in wanted.items()))
PY
then
  exit 0
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION" \
  "parliament==$PARLIAMENT_VERSION" "boto3==$BOTO3_VERSION" "botocore==$BOTOCORE_VERSION"
