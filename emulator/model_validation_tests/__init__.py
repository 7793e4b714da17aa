"""Tests of model validation (emulator/model_validation/ and its hook in slipway_emulator's middleware):

    .venv/bin/python -m unittest discover -s emulator/model_validation_tests -t emulator

Unit cases build real requests with botocore (signed, never sent) and check what the validator
says of them, per protocol. The end-to-end cases start the emulator with emulator/start.sh: a
normal boto3 call works, a request breaking the model gets AWS's kind of HTTP 400 with
SlipwayModelViolation, and a sweep of the calls Slipway makes (Sources/AWSServices) with
realistic parameters gets no violation at all (a false positive is worse than a miss).
"""
