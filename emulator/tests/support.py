"""What the emulator's tests share: a server.py of their own, boto3 clients on it, the control endpoints,
a TestCase whose tests share one server, and the readings of AWS's errors."""

import atexit
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

EMULATOR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REGION = "us-east-1"
ACCOUNT = "123456789012"
NO_RETRY = Config(retries={"total_max_attempts": 1})


def covers(*patch_ids):
    """Marks a test as one of the given registered patches': it must fail when any of them is disabled
    (emulator/check_patch_tests.py proves it)."""
    from slipway_emulator.patches import REGISTRY
    for patch_id in patch_ids:
        REGISTRY.get(patch_id)  # a typo is an error here, not a test that checks nothing

    def mark(test):
        test.patch_ids = patch_ids
        return test
    return mark


class Emulator:
    """server.py on a free port, with `variables` added to its process environment; stop() ends it."""

    def __init__(self, **variables):
        self.dir = tempfile.mkdtemp(prefix="slipway-emulator-test-")
        env_file = os.path.join(self.dir, "env")
        self.log = open(os.path.join(self.dir, "emulator.log"), "w")
        self.process = subprocess.Popen(
            [sys.executable, os.path.join(EMULATOR, "server.py"), "--port", "0", "--env-file", env_file],
            stdout=subprocess.PIPE, stderr=self.log, text=True, env={**os.environ, **variables})
        ready = self.process.stdout.readline().strip()
        if not ready.startswith("ready http://127.0.0.1:"):
            self.process.kill()
            raise RuntimeError(f"server.py said {ready!r}; log: {open(self.log.name).read()[-3000:]}")
        self.env = {}
        with open(env_file) as f:
            for line in f:
                name, value = line.removeprefix("export ").strip().split("=", 1)
                self.env[name] = value.strip("'")
        self.url = self.env["AWS_ENDPOINT_URL"]

    def client(self, service, key_id=None, secret=None, **config):
        return boto3.client(service, region_name=REGION, endpoint_url=self.url,
                            aws_access_key_id=key_id or self.env["AWS_ACCESS_KEY_ID"],
                            aws_secret_access_key=secret or self.env["AWS_SECRET_ACCESS_KEY"],
                            config=NO_RETRY.merge(Config(**config)))

    def control(self, method, path, payload=None):
        """(status, JSON answer) of a /_slipway/ control endpoint."""
        data = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request(f"{self.url}{path}", method=method, data=data)
        try:
            with urllib.request.urlopen(request, timeout=10) as reply:
                return reply.status, json.loads(reply.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process.stdout.close()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


_shared = []


def shared():
    """The emulator every test of this process shares (started on first use, stopped at exit)."""
    if not _shared:
        _shared.append(Emulator())
        atexit.register(_shared[0].stop)
    return _shared[0]


def failure(call):
    """(HTTP status, AWS error code, message) of a call that fails; (200, None, None) when it succeeds."""
    try:
        call()
    except ClientError as error:
        return (error.response["ResponseMetadata"]["HTTPStatusCode"], error.response["Error"]["Code"],
                error.response["Error"].get("Message", ""))
    return 200, None, None


def error_code(call):
    """The AWS error code of a call that must fail. moto answers signature and IAM errors of JSON-protocol
    services with an XML <ErrorResponse> (a known quirk): both are read."""
    try:
        call()
    except ClientError as error:
        found = error.response["Error"]
        xml_code = re.search(r"<Code>([^<]+)</Code>", found.get("Message", ""))
        return xml_code.group(1) if xml_code else found["Code"]
    raise AssertionError("the call succeeded; an error was expected")


def error_message(call):
    """The message of the AWS error of a call that must fail."""
    try:
        call()
    except ClientError as error:
        return error.response["Error"].get("Message", "")
    raise AssertionError("the call succeeded; an error was expected")


def error_of(call):
    """The AWS error code of call(), or None when it succeeds."""
    try:
        call()
    except ClientError as error:
        return error.response["Error"]["Code"]
    return None


def eventually(check, seconds=10.0, every=0.1):
    """check() until it is true, for at most `seconds` of wall time: for what the simulation (world/) times
    with the wall clock. What the emulator's clock times is moved with EmulatorCase.advance instead."""
    deadline = time.monotonic() + seconds
    while True:
        got = check()
        if got or time.monotonic() > deadline:
            return got
        time.sleep(every)


class EmulatorCase(unittest.TestCase):
    """Tests that share one emulator, started for the class (setUpClass) with `environment` added to its
    process's. Each test makes resources of its own names, so that it runs alone too (check_patch_tests.py)."""

    environment = {}

    @classmethod
    def setUpClass(cls):
        cls.emulator = Emulator(**cls.environment)
        cls.addClassCleanup(cls.emulator.stop)

    @classmethod
    def client(cls, service, key_id=None, secret=None, **config):
        return cls.emulator.client(service, key_id, secret, **config)

    @classmethod
    def post(cls, path, payload):
        """The answer of a control endpoint that must take `payload` (POST, HTTP 200)."""
        status, answer = cls.emulator.control("POST", path, payload)
        if status != 200:
            raise AssertionError(f"POST {path} {payload}: {status} {answer}")
        return answer

    @classmethod
    def advance(cls, seconds):
        """Moves the emulator's clock `seconds` forward."""
        return cls.post("/_slipway/clock", {"advance": seconds})

    @classmethod
    def make_role(cls, name, *services):
        """A role these services may assume; its ARN."""
        trust = {"Version": "2012-10-17", "Statement": [  # a statement each: moto reads one service a statement
            {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"} for service in services]}
        return cls.client("iam").create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]

    @classmethod
    def user(cls, name, statements):
        """A new IAM user with these policy statements: a function of a service name to that user's client."""
        iam = cls.client("iam")
        iam.create_user(UserName=name)
        iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": statements}))
        key = iam.create_access_key(UserName=name)["AccessKey"]
        return lambda service, **config: cls.client(service, key["AccessKeyId"], key["SecretAccessKey"], **config)


sys.path.insert(0, EMULATOR)  # slipway_emulator, for patch_test's check of the ids
