"""Slipway's AWS emulator: moto 5.2.5 with the changes that make it behave like AWS for Slipway's tests."""
