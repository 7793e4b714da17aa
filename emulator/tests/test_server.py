"""server.py itself: its env file, the control endpoints, SigV4 authentication, signed Lambda GETs, the call
log, start.sh's latency and stop.sh, a clean stop on SIGTERM."""

import io
import os
import signal
import subprocess
import tempfile
import time
import urllib.request
import zipfile

import boto3

from tests.support import ACCOUNT, EMULATOR, NO_RETRY, REGION, Emulator, EmulatorCase, covers, error_code, error_of


def bootstrap_zip():
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("bootstrap", "#!/bin/sh\n")
    return zipped.getvalue()


class ServerTests(EmulatorCase):
    def test_the_env_file_has_the_five_exports_and_the_servers_pid(self):
        env = self.emulator.env
        self.assertEqual(set(env), {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION", "AWS_ENDPOINT_URL",
                                    "SLIPWAY_EMULATOR_PID"})
        self.assertEqual(env["AWS_REGION"], REGION)
        self.assertEqual(int(env["SLIPWAY_EMULATOR_PID"]), self.emulator.process.pid)

    def test_control_endpoints_health_200_unknown_404(self):
        self.assertEqual(self.emulator.control("GET", "/_slipway/health")[0], 200)
        self.assertEqual(self.emulator.control("GET", "/_slipway/nope")[0], 404)

    def test_the_right_keys_are_slipway_admin(self):
        arn = self.client("sts").get_caller_identity()["Arn"]
        self.assertEqual(arn, f"arn:aws:iam::{ACCOUNT}:user/slipway-admin")

    def test_a_wrong_secret_is_SignatureDoesNotMatch_in_json_and_query_services(self):
        self.assertEqual(error_code(lambda: self.client("iam", secret="x" * 40).list_users()), "SignatureDoesNotMatch")
        self.assertEqual(error_code(lambda: self.client("codebuild", secret="x" * 40).list_projects()),
                         "SignatureDoesNotMatch")

    @covers("authorization.resources")
    def test_route53_and_ec2_answer_a_bad_signature_in_their_own_formats(self):
        # botocore reads the code only from each service's own error format; EC2's is AuthFailure.
        self.assertEqual(error_of(lambda: self.client("route53", secret="x" * 40).list_hosted_zones()),
                         "SignatureDoesNotMatch")
        self.assertEqual(error_of(lambda: self.client("ec2", secret="x" * 40).describe_vpcs()), "AuthFailure")

    def test_an_unknown_access_key_is_InvalidClientTokenId(self):
        self.assertEqual(error_code(lambda: self.client("sts", key_id="AKIAUNKNOWN000000000").get_caller_identity()),
                         "InvalidClientTokenId")

    @covers("iam.empty-body-signature")
    def test_signed_lambda_gets_work(self):
        lam = self.client("lambda")
        fn = lam.create_function(FunctionName="demo-deployer", Runtime="provided.al2023", Handler="bootstrap",
                                 Role=self.make_role("demo-deployer", "lambda.amazonaws.com"),
                                 Code={"ZipFile": bootstrap_zip()}, Tags={"slipway:app": "demo"})
        self.assertIn("demo-deployer", [f["FunctionName"] for f in lam.list_functions()["Functions"]])
        self.assertEqual(lam.get_function(FunctionName="demo-deployer")["Configuration"]["Handler"], "bootstrap")
        self.assertEqual(lam.get_function_configuration(FunctionName="demo-deployer")["Runtime"], "provided.al2023")
        self.assertEqual(lam.list_tags(Resource=fn["FunctionArn"])["Tags"], {"slipway:app": "demo"})

    def test_the_call_log_attributes_calls_to_the_access_key_with_service_action_and_status(self):
        key = self.emulator.env["AWS_ACCESS_KEY_ID"]
        self.assertEqual(self.emulator.control("DELETE", "/_slipway/calls")[0], 200)
        self.client("codepipeline").list_pipelines()
        self.client("lambda").list_functions()
        self.client("sts").get_caller_identity()
        error_code(lambda: self.client("codebuild").batch_get_builds(ids=["no-colon"]))  # failing calls are logged too
        status, calls = self.emulator.control("GET", f"/_slipway/calls?access_key={key}")
        self.assertEqual(status, 200)
        self.assertEqual([(c["service"], c["action"], c["status"]) for c in calls], [
            ("codepipeline", "ListPipelines", 200), ("lambda", "GET /2015-03-31/functions", 200),
            ("sts", "GetCallerIdentity", 200), ("codebuild", "BatchGetBuilds", 400)])
        self.assertTrue(all(c["access_key_id"] == key for c in calls))
        self.assertEqual(self.emulator.control("GET", "/_slipway/calls?access_key=AKIAOTHER")[1], [])


class StartAndStopTests(EmulatorCase):
    """Emulators of their own: start.sh's and one stopped by SIGTERM."""

    @classmethod
    def setUpClass(cls):
        pass  # no shared emulator

    def test_start_sh_latency_slows_every_aws_call_and_no_control_call_and_stop_sh_stops_it(self):
        env_file = os.path.join(tempfile.mkdtemp(prefix="slipway-emulator-slow-"), "env")
        subprocess.run([os.path.join(EMULATOR, "start.sh"), env_file, "--latency-ms", "300"],
                       check=True, timeout=60, capture_output=True)
        with open(env_file) as f:
            slow = dict(line.removeprefix("export ").strip().split("=", 1) for line in f)
        slow = {k: v.strip("'") for k, v in slow.items()}
        pid = int(slow["SLIPWAY_EMULATOR_PID"])
        try:
            sts = boto3.client("sts", region_name=REGION, endpoint_url=slow["AWS_ENDPOINT_URL"],
                               aws_access_key_id=slow["AWS_ACCESS_KEY_ID"],
                               aws_secret_access_key=slow["AWS_SECRET_ACCESS_KEY"], config=NO_RETRY)
            started = time.monotonic()
            sts.get_caller_identity()
            elapsed = time.monotonic() - started
            started = time.monotonic()
            urllib.request.urlopen(f"{slow['AWS_ENDPOINT_URL']}/_slipway/health", timeout=10).read()
            control = time.monotonic() - started
        finally:
            subprocess.run([os.path.join(EMULATOR, "stop.sh"), env_file], check=True, timeout=30, capture_output=True)
        self.assertGreaterEqual(elapsed, 0.3)
        self.assertLess(control, 0.3)
        self.assertTrue(not os.path.exists(f"/proc/{pid}") or "zombie" in open(f"/proc/{pid}/status").read())

    def test_sigterm_stops_the_server_cleanly(self):
        emulator = Emulator()
        self.addCleanup(emulator.stop)
        emulator.process.send_signal(signal.SIGTERM)
        self.assertEqual(emulator.process.wait(timeout=15), 0)
