"""Fails a test run in which the emulator met an error of its own: `python emulator/check_harness_errors.py FILE`.

FILE is what the emulators wrote to $SLIPWAY_HARNESS_ERRORS (slipway_emulator/harness_errors.py, one
JSON object per line): each time a resolver or the model validator failed, so the emulator refused the
request rather than let it through unchecked, or the simulation failed a run on a bug of its own. Prints
each and exits 1 if there is any.
"""

import json
import sys


def main(path):
    try:
        with open(path) as f:
            errors = [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        errors = []
    for error in errors:
        context = {k: v for k, v in error.items() if k not in ("kind", "error", "traceback", "time")}
        print(f"emulator harness error ({error['kind']}): {error['error']} {context}")
    print(f"emulator harness errors: {len(errors)}")
    return 1 if errors else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
