"""The emulator fails closed: a resolver or validator error refuses the request and is recorded."""

import json
import os
import tempfile
import unittest

from tests.support import Emulator, failure


class FailClosedTests(unittest.TestCase):
    def run_broken(self, **variables):
        errors = tempfile.NamedTemporaryFile(prefix="slipway-harness-errors-", delete=False).name
        violations = errors + ".violations"
        emulator = Emulator(SLIPWAY_HARNESS_ERRORS=errors, SLIPWAY_MODEL_VIOLATIONS=violations, **variables)
        self.addCleanup(emulator.stop)
        self.addCleanup(lambda: [os.path.exists(p) and os.remove(p) for p in (errors, violations)])
        return emulator, errors, violations

    def test_a_broken_resolver_denies_the_request_and_is_recorded(self):
        emulator, errors, _ = self.run_broken(SLIPWAY_EMULATOR_BREAK_RESOLVER="IamResponse")
        status, code, message = failure(lambda: emulator.client("iam").list_roles())
        # The admin may do anything: only the harness error can deny it (moto authorizes on `*` otherwise).
        self.assertEqual((status, code), (403, "AccessDenied"))
        self.assertIn("could not name the request's resources", message)
        self.assertIn("broken on purpose", message)
        with open(errors) as f:
            recorded = [json.loads(line) for line in f]
        self.assertEqual([(e["kind"], e["action"]) for e in recorded], [("authorization-resolver", "ListRoles")])
        self.assertEqual(emulator.control("GET", "/_slipway/harness-errors")[1][0]["kind"], "authorization-resolver")
        emulator.client("codebuild").list_projects()  # other services are authorized as usual

    def test_a_validation_crash_refuses_the_request_and_is_an_unexpected_violation(self):
        emulator, errors, violations = self.run_broken(SLIPWAY_EMULATOR_BREAK_VALIDATION="ListUsers")
        status, code, message = failure(lambda: emulator.client("iam").list_users())
        self.assertEqual((status, code), (400, "SlipwayModelViolation"))
        self.assertIn("model validation crashed", message)
        with open(violations) as f:
            seen = [json.loads(line) for line in f]
        self.assertEqual([(v["kind"], v["service"], v["operation"]) for v in seen],
                         [("harness-error", "IAM", "ListUsers")])
        with open(errors) as f:
            self.assertEqual([json.loads(line)["kind"] for line in f], ["model-validation"])
        import subprocess
        import sys
        expected = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
        json.dump({"expected": [{"service": "IAM", "operation": "ListUsers", "member": "", "why": "x"}]}, expected)
        expected.close()
        self.addCleanup(os.remove, expected.name)
        checked = subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.dirname(__file__)),
                                  "check_violations.py"), violations, expected.name], capture_output=True, text=True)
        self.assertEqual(checked.returncode, 1, checked.stdout)  # even when listed as expected
        self.assertIn("unexpected model violation", checked.stdout)


if __name__ == "__main__":
    unittest.main()
