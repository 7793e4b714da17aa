"""Errors of the emulator itself (a resolver, the validator, the simulation), recorded so a test run fails.

The emulator fails closed: the request that met the error is refused (authorization, validation) or its
run fails (the simulation), and the error is recorded here: printed to stderr, kept for
`GET /_slipway/harness-errors` (`DELETE` clears), and appended as a JSON line to the file
$SLIPWAY_HARNESS_ERRORS names. scripts/test fails when that file has any line.
"""

import json
import os
import sys
import threading
import time
import traceback

_lock = threading.Lock()
_errors = []


def record(kind, error, **context):
    """Record `error` (an exception) of `kind` ("authorization-resolver", "model-validation", ...); its entry."""
    entry = {"time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "kind": kind,
             "error": f"{type(error).__name__}: {error}", **context,
             "traceback": "".join(traceback.format_exception(type(error), error, error.__traceback__))}
    print(f"emulator harness error ({kind}): {entry['error']} {context}\n{entry['traceback']}", file=sys.stderr, flush=True)
    destination = os.environ.get("SLIPWAY_HARNESS_ERRORS")
    with _lock:
        _errors.append(entry)
        if destination:
            with open(destination, "a") as f:
                f.write(json.dumps(entry) + "\n")
    return entry


def recorded():
    with _lock:
        return list(_errors)


def clear():
    with _lock:
        _errors.clear()
