"""What the emulator's tests share: a server.py of their own, boto3 clients on it, the control endpoints."""

import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

EMULATOR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REGION = "us-east-1"
NO_RETRY = Config(retries={"total_max_attempts": 1})


def patch_test(patch_id):
    """Marks a test as the one of a registered patch (it must fail when that patch is disabled)."""
    from slipway_emulator.patches import REGISTRY
    REGISTRY.get(patch_id)  # a typo is an error here, not a test that checks nothing

    def mark(test):
        test.patch_id = patch_id
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


sys.path.insert(0, EMULATOR)  # slipway_emulator, for patch_test's check of the ids
