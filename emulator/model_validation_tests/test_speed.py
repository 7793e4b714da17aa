"""Validation is fast: a typical request takes well under a millisecond."""

import sys
import time
import unittest

from .support import VALIDATOR, messages, request
from .sweep import SWEEP_TASK_DEFINITION


class SpeedTests(unittest.TestCase):

    def test_typical_requests_take_well_under_a_millisecond(self):
        requests = [
            request("ecs", "describe_services", {"cluster": "dbmi", "services": ["dbmi-development-sciauth"]}),
            request("codepipeline", "get_pipeline_state", {"name": "dbmi-development-sciauth"}),
            request("iam", "get_role", {"RoleName": "dbmi-deployer"}),
            request("lambda", "get_function", {"FunctionName": "dbmi-deployer"}),
            request("s3", "list_objects_v2", {"Bucket": "dbmi-artifacts", "Prefix": "sciauth/"}),
            request("ecs", "register_task_definition", SWEEP_TASK_DEFINITION),
        ]
        for req in requests:  # warm: models loaded, shapes resolved
            self.assertEqual(messages(req), [], req[1])
        rounds = 200
        started = time.perf_counter()
        for _ in range(rounds):
            for req in requests:
                VALIDATOR.validate(*req)
        per_request = (time.perf_counter() - started) / (rounds * len(requests))
        print(f"\nmodel validation: {per_request * 1e6:.0f} µs per typical request", file=sys.stderr)
        self.assertLess(per_request, 0.001)


# --------------------------------------------------------------------------
