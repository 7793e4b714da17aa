"""Tests of the emulator (unittest): `.venv/bin/python -m unittest discover -s emulator/tests -t emulator`.

Each test of a patch is marked with `@patch_test("<patch id>")`; emulator/check_patch_tests.py runs
each with that patch disabled (SLIPWAY_EMULATOR_DISABLE) and reports the ones that still pass.
"""
