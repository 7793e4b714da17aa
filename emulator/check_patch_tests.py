"""Proves that every patch of the emulator has a test that fails without it.

    .venv/bin/python emulator/check_patch_tests.py [--jobs N] [PATCH_ID ...]

For each patch id in the registry (emulator/slipway_emulator/patches.py), runs the tests of
emulator/tests marked `@covers("<id>")` in a unittest process of their own with
SLIPWAY_EMULATOR_DISABLE=<id> (the emulators they start, and the test process itself, leave that
patch out), and fails when any of those tests still passes, or when a patch has no test. It assumes the
suite passes with every patch on (`python -m unittest discover -s emulator/tests -t emulator`).
A patch that another depends on may take that one's tests down too: that is fine, each patch is
only asked to break its own tests.

Runs N processes at once (default 2); with N=2 on two cores it takes about 2 minutes.
"""

import argparse
import os
import re
import subprocess
import sys
import time
import unittest
from concurrent.futures import ThreadPoolExecutor

EMULATOR = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, EMULATOR)


def tests_of(suite):
    """Every test case in a (nested) suite."""
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from tests_of(item)
        else:
            yield item


def covering_tests():
    """patch id -> the ids of the tests that name it; and the modules that failed to load."""
    suite = unittest.TestLoader().discover(os.path.join(EMULATOR, "tests"), top_level_dir=EMULATOR)
    covering, broken = {}, []
    for test in tests_of(suite):
        if isinstance(test, unittest.loader._FailedTest):
            broken.append(test.id())
            continue
        for patch_id in getattr(getattr(test, test._testMethodName), "patch_ids", ()):
            covering.setdefault(patch_id, []).append(test.id())
    return covering, broken


def run_without(patch_id, test_ids):
    """(patch id, exit status, seconds, output) of the tests run with the patch disabled."""
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "unittest", "-v", *test_ids], cwd=EMULATOR, capture_output=True, text=True,
                          env={**os.environ, "SLIPWAY_EMULATOR_DISABLE": patch_id}, timeout=600)
    return patch_id, done.returncode, time.monotonic() - started, done.stderr


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("patch_ids", nargs="*", help="only these patches (default: every one)")
    args = parser.parse_args()
    from slipway_emulator.patches import REGISTRY
    ids = args.patch_ids or [p.id for p in REGISTRY.patches]
    covering, broken = covering_tests()
    problems = [f"{name}: the test module does not load" for name in broken]
    problems += [f"{patch_id}: no test names it (@covers)" for patch_id in ids if patch_id not in covering]
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        runs = pool.map(lambda i: run_without(i, covering[i]), [i for i in ids if i in covering])
        for patch_id, status, seconds, output in runs:
            passed = re.findall(r"\(([\w.]+)\)\n?[^\n]*?\.\.\. ok$", output, re.M)  # unittest -v: "name (id) ... ok"
            verdict = f"{len(passed)} STILL PASS" if passed or status == 0 else "all fail"
            print(f"{patch_id}: {len(covering[patch_id])} test(s), {verdict} without it ({seconds:.0f} s)", flush=True)
            if passed or status == 0:
                problems.append(f"{patch_id}: {', '.join(passed) or 'its tests'} pass with it disabled")
    print(f"{len(ids) - len(problems)} patches proven, {len(problems)} not ({time.monotonic() - started:.0f} s)")
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
