"""The emulator's changes to moto now live in the slipway_emulator package (slipway_emulator/patches.py
lists them); this module keeps the two names older callers import."""

from slipway_emulator import apply  # noqa: F401
from slipway_emulator.middleware import Middleware  # noqa: F401
