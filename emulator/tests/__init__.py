"""Tests of the emulator (unittest): `.venv/bin/python -m unittest discover -s emulator/tests -t emulator`.

A module per service or control, each class's tests sharing one emulator (support.EmulatorCase). Each test
of a patch is marked with `@covers("<patch id>", ...)`; emulator/check_patch_tests.py runs each with that
patch disabled (SLIPWAY_EMULATOR_DISABLE) and fails on any that still passes, or on a patch with no test.
"""
