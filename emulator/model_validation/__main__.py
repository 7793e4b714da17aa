"""`python emulator/model_validation --summary`: loads every model and prints the services, their
operations and patterns, and the patterns left unchecked."""

import os
import sys

if __package__ in (None, ""):  # run as a directory: the package is found beside it
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from model_validation import BOTOCORE_VERSION, default_validator  # noqa: E402


def _main(argv):
    if argv[1:] != ["--summary"]:
        print("usage: python emulator/model_validation --summary", file=sys.stderr)
        return 2
    report = default_validator().summary()
    print(f"botocore {report['botocore']} (models pinned at {BOTOCORE_VERSION})")
    for name, info in report["services"].items():
        print(f"  {name:22} {info['protocol']:10} signing {info['signingName']:22} "
              f"{info['operations']:4} operations {info['patterns']:4} patterns {info['unchecked']} unchecked")
    print(f"patterns that cannot be checked: {report['patterns_unchecked']}")
    for pattern, entry in report["unchecked"].items():
        print(f"  {pattern!r}: {entry['reason']} ({'listed' if entry['listed'] else 'NOT LISTED'}; "
              f"{', '.join(entry['shapes'][:4])})")
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv))
