"""End to end: the emulator started as the tests start it (emulator/start.sh): a valid call works,
a violation is a 400 SlipwayModelViolation, and a sweep of Slipway's calls breaks no model."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from probe_web import read_env

from .support import EMULATOR, REGION, add_json
from .sweep import run_sweep



class EmulatorEndToEndTests(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="slipway-model-validation-")
        cls.env_file = os.path.join(cls.tmp, "env")
        cls.violations = os.path.join(cls.tmp, "violations.jsonl")
        subprocess.run([os.path.join(EMULATOR, "start.sh"), cls.env_file], check=True, timeout=90,
                       capture_output=True, env={**os.environ, "SLIPWAY_MODEL_VIOLATIONS": cls.violations})
        cls.env = read_env(cls.env_file)

    @classmethod
    def tearDownClass(cls):
        subprocess.run([os.path.join(EMULATOR, "stop.sh"), cls.env_file], timeout=30, capture_output=True)
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def client(self, service, region=REGION, **config):
        return boto3.client(service, region_name=region, endpoint_url=self.env["AWS_ENDPOINT_URL"],
                            aws_access_key_id=self.env["AWS_ACCESS_KEY_ID"],
                            aws_secret_access_key=self.env["AWS_SECRET_ACCESS_KEY"],
                            config=Config(retries={"total_max_attempts": 1}, **config))

    def violations_logged(self):
        if not os.path.exists(self.violations):
            return []
        with open(self.violations) as f:
            return [json.loads(line) for line in f]

    def test_a_valid_call_works_and_a_violation_is_a_400(self):
        ecr = self.client("ecr")
        created = ecr.create_repository(repositoryName="e2e/web")["repository"]
        self.assertEqual(created["repositoryName"], "e2e/web")
        # The bootstrap (boto3 IAM calls made by server.py) broke nothing.
        self.assertEqual([v for v in self.violations_logged() if v["service"] == "IAM"], [])

        loose = self.client("ecr", parameter_validation=False)
        edit = add_json(imageScanning={"scanOnPush": True})
        loose.meta.events.register("before-sign.ecr.CreateRepository", lambda request, **_: edit(request))
        with self.assertRaises(ClientError) as caught:
            loose.create_repository(repositoryName="x" * 300)
        response = caught.exception.response
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 400)
        self.assertEqual(response["Error"]["Code"], "SlipwayModelViolation")
        self.assertEqual(response["Error"]["Message"],
                         "ECR CreateRepository: imageScanning: not a member of CreateRepositoryRequest; "
                         "ECR CreateRepository: repositoryName: length 300 is over the model's max 256")
        self.assertEqual(response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-errortype"], "SlipwayModelViolation")
        logged = [v for v in self.violations_logged() if v["operation"] == "CreateRepository"]
        self.assertEqual([v["member"] for v in logged], ["imageScanning", "repositoryName"])
        # Nothing was created, and the call log says 400.
        names = [r["repositoryName"] for r in ecr.describe_repositories()["repositories"]]
        self.assertNotIn("x" * 300, names)
        with urllib.request.urlopen(f"{self.env['AWS_ENDPOINT_URL']}/_slipway/calls") as r:
            calls = json.loads(r.read())
        self.assertIn(("CreateRepository", 400), [(c["action"], c["status"]) for c in calls])

    def test_sweep_of_slipways_calls_has_no_violation(self):
        """Replays, with boto3, each operation Slipway calls (Sources/AWSServices) with realistic
        parameters. moto may refuse some for its own reasons; the model must refuse none."""
        before = len(self.violations_logged())
        outcomes = run_sweep(self.client)
        refused = [(name, error) for name, error in outcomes if error == "SlipwayModelViolation"]
        new = self.violations_logged()[before:]
        self.assertEqual(new, [], "\n".join(v["message"] for v in new))
        self.assertEqual(refused, [])
        self.assertGreater(len(outcomes), 150)
        moto_errors = sorted({f"{name}: {error}" for name, error in outcomes if error})
        print(f"\nsweep: {len(outcomes)} calls, 0 model violations; moto refused {len(moto_errors)}: "
              + ", ".join(moto_errors), file=sys.stderr)
