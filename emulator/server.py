"""Local AWS for Slipway's tests: moto's server, authentication on, harness patches.

    python emulator/server.py --port PORT --env-file PATH [--latency-ms N] [--no-model-validation]

Serves moto's own WSGI app (wrapped by slipway_emulator's Middleware) on 127.0.0.1:PORT
(0 picks a free port). Every request, the bootstrap's too, is checked against
botocore's service model (model_validation/) and answered with HTTP 400
SlipwayModelViolation if it breaks it; --no-model-validation turns that off
(for debugging only). With SLIPWAY_MODEL_VIOLATIONS=FILE each violation is
also appended to FILE as a JSON line. moto lets the first BOOTSTRAP_CALLS requests through
unauthenticated; this server spends exactly those on creating the IAM user
`slipway-admin` (inline policy: `*` on `*`) and its access key. From then on
every request's SigV4 signature is checked and IAM policies are enforced.
When ready it writes PATH as shell `export` lines (AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_ENDPOINT_URL, SLIPWAY_EMULATOR_PID)
and prints `ready http://127.0.0.1:PORT`. SIGTERM/SIGINT stop it (exit 0).
MOTO_ACM_VALIDATION_WAIT (seconds, default 1 here) is the least time an ACM certificate takes
to be issued once its validation CNAMEs are in Route 53.
"""

import argparse
import json
import os
import shlex
import signal
import sys
import threading

BOOTSTRAP_CALLS = 3  # CreateUser, PutUserPolicy, CreateAccessKey
# moto.settings reads these once, at import: set them before importing moto.
os.environ["INITIAL_NO_AUTH_ACTION_COUNT"] = str(BOOTSTRAP_CALLS)
# ACM issues a DNS-validated certificate this many seconds after the request at the earliest, and only once
# its CNAMEs are in Route 53 (slipway_emulator/acm.py); moto's own default is 60 s of wall time.
os.environ.setdefault("MOTO_ACM_VALIDATION_WAIT", "1")

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402
from moto import settings  # noqa: E402
from moto.core.authorization import ActionAuthenticatorMixin  # noqa: E402
from moto.moto_server.werkzeug_app import (  # noqa: E402
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import make_server  # noqa: E402

import slipway_emulator  # noqa: E402
from slipway_emulator.registry import PatchTargetMissing  # noqa: E402

REGION = "us-east-1"
ADMIN = "slipway-admin"
ADMIN_POLICY = {"Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}


def bootstrap(endpoint):
    """Spend the unauthenticated calls on the admin user and return its key."""
    assert settings.INITIAL_NO_AUTH_ACTION_COUNT == BOOTSTRAP_CALLS
    iam = boto3.client(
        "iam", region_name=REGION, endpoint_url=endpoint,
        aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap",
        config=Config(retries={"total_max_attempts": 1}))
    iam.create_user(UserName=ADMIN)
    iam.put_user_policy(UserName=ADMIN, PolicyName="admin",
                        PolicyDocument=json.dumps(ADMIN_POLICY))
    key = iam.create_access_key(UserName=ADMIN)["AccessKey"]
    if ActionAuthenticatorMixin.request_count != BOOTSTRAP_CALLS:
        raise SystemExit("authentication did not turn on after bootstrap "
                         f"({ActionAuthenticatorMixin.request_count} calls counted)")
    return key["AccessKeyId"], key["SecretAccessKey"]


def write_env_file(path, values):
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "w") as f:
        for name, value in values.items():
            f.write(f"export {name}={shlex.quote(str(value))}\n")
    os.replace(tmp, path)  # atomic: readers never see half a file


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--env-file", required=True)
    parser.add_argument("--latency-ms", type=int,
                        default=int(os.environ.get("SLIPWAY_EMULATOR_LATENCY_MS") or 0))
    parser.add_argument("--no-model-validation", action="store_true",
                        help="do not check requests against botocore's models (debugging only)")
    args = parser.parse_args()

    try:
        slipway_emulator.apply()
    except PatchTargetMissing as error:  # a moto that is not the one the patches were written for
        raise SystemExit(f"emulator: {error}") from None
    from slipway_emulator.middleware import Middleware  # after the check: its modules capture moto's originals
    app = Middleware(DomainDispatcherApplication(create_backend_app), latency_ms=args.latency_ms,
                     model_validation=not args.no_model_validation)
    server = make_server("127.0.0.1", args.port, app, threaded=True,
                         request_handler=MotoRequestHandler)
    port = server.server_port
    os.environ["MOTO_PORT"] = str(port)  # moto's calls to itself
    endpoint = f"http://127.0.0.1:{port}"

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    threading.Thread(target=server.serve_forever, daemon=True).start()

    key_id, secret = bootstrap(endpoint)
    write_env_file(args.env_file, {
        "AWS_ACCESS_KEY_ID": key_id,
        "AWS_SECRET_ACCESS_KEY": secret,
        "AWS_REGION": REGION,
        "AWS_ENDPOINT_URL": endpoint,
        "SLIPWAY_EMULATOR_PID": os.getpid(),
    })
    print(f"ready {endpoint}", flush=True)

    while not stop.wait(1):
        pass
    # The state is in memory only. A graceful server.shutdown() can wait forever on a request
    # thread (a long poll, a simulated rollout), which left emulators running after their tests.
    print("stopped", flush=True)
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
