"""Fails a test run that broke AWS's models where it did not mean to.

    python emulator/check_violations.py VIOLATIONS_FILE EXPECTED_JSON

VIOLATIONS_FILE is what the emulators wrote to $SLIPWAY_MODEL_VIOLATIONS during the run (one
JSON object per line); EXPECTED_JSON lists the violations tests make on purpose (service,
operation, member, and why). Prints every unexpected violation, and each expected one that no
test made (a test that no longer checks what it says), and exits 1 if there is either.
"""

import json
import sys


def main(violations_path, expected_path):
    with open(expected_path) as f:
        expected = json.load(f)["expected"]
    try:
        with open(violations_path) as f:
            seen = [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        seen = []

    def key(entry):
        return (entry["service"], entry["operation"], entry["member"])

    wanted = {key(entry): entry["why"] for entry in expected}
    # A harness error (the validator crashed on a request, which was refused) is never expected.
    unexpected = [v for v in seen if key(v) not in wanted or v.get("kind") == "harness-error"]
    made = {key(v) for v in seen}
    missing = [k for k in wanted if k not in made]
    for violation in unexpected:
        print(f"unexpected model violation: {violation['message']} ({violation['method']} {violation['path']})")
    for service, operation, member in missing:
        print(f"expected model violation not seen: {service} {operation}: {member} ({wanted[(service, operation, member)]})")
    print(f"model violations: {len(seen)} seen, {len(seen) - len(unexpected)} of them expected, "
          f"{len(unexpected)} unexpected, {len(missing)} expected but not seen")
    return 1 if unexpected or missing else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
