"""Tests of the rate-limit mode (rate_limits.py and `fault_proxy.py --rate-limits`).

    .venv/bin/python -m unittest emulator/test_rate_limits.py

Token buckets run on an injected clock (no sleeping). Requests are built and signed by botocore
(never sent), and each service's throttling reply is parsed back with botocore's own parser for
that protocol. The end-to-end cases start the emulator (server.py) and the proxy in front of it,
and call through it with boto3, retries off.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import boto3  # noqa: E402
import botocore.session  # noqa: E402
from botocore.awsrequest import HeadersDict  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402
from botocore.parsers import create_parser  # noqa: E402
from botocore.retries.standard import ThrottledRetryableChecker  # noqa: E402

import rate_limits as rl  # noqa: E402

REGION = "us-east-1"
NO_RETRY = Config(retries={"total_max_attempts": 1})
# describe()'s protocol → botocore's parser.
PARSERS = {"json": "json", "cbor": "smithy-rpc-v2-cbor", "query": "query", "ec2": "ec2", "rest-json": "rest-json",
           "rest-xml": "rest-xml"}
# SigV4 signing name → boto3's name for the service.
BOTO_NAMES = {"elasticloadbalancing": "elbv2"}


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class _Captured(Exception):
    pass


_clients = {}


def captured(service, operation, params=None, region=REGION, key="AKIDEXAMPLE"):
    """(method, path with query, headers, body) of the request botocore would send."""
    cache_key = (service, region, key)
    if cache_key not in _clients:
        client = boto3.client(service, region_name=region, endpoint_url="http://127.0.0.1:4566", aws_access_key_id=key,
                              aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", config=NO_RETRY)

        def capture(request, **_):
            raise _Captured(request)

        client.meta.events.register("before-send", capture)
        _clients[cache_key] = client
    try:
        getattr(_clients[cache_key], operation)(**(params or {}))
    except _Captured as stop:
        request = stop.args[0]
    else:
        raise AssertionError("botocore sent the request")
    url = request.url.split("://", 1)[1]
    path = "/" + url.split("/", 1)[1] if "/" in url else "/"
    body = request.body or b""
    if isinstance(body, str):
        body = body.encode()
    elif not isinstance(body, bytes):
        body = body.read()
    return request.method, path, {name: value.decode() if isinstance(value, bytes) else value
                                  for name, value in request.headers.items()}, body


def described(service, operation, params=None, **kwargs):
    method, path, headers, body = captured(service, operation, params, **kwargs)
    return rl.describe(method, path, headers, body)


class TokenBucketTests(unittest.TestCase):
    def test_burst_then_refill_at_the_rate(self):
        bucket = rl.TokenBucket(3, 2, now=0.0)
        for _ in range(3):
            self.assertTrue(bucket.has_token(0.0))
            bucket.take()
        self.assertFalse(bucket.has_token(0.0))
        self.assertFalse(bucket.has_token(0.49))   # 0.98 of a token
        self.assertTrue(bucket.has_token(0.5))
        bucket.take()
        self.assertFalse(bucket.has_token(0.5))

    def test_never_holds_more_than_its_burst(self):
        bucket = rl.TokenBucket(3, 2, now=0.0)
        bucket.has_token(1000.0)
        self.assertEqual(bucket.tokens, 3)

    def test_fractional_rates(self):
        bucket = rl.TokenBucket(1, 0.2, now=0.0)   # ELB's resource-intensive actions
        bucket.take()
        self.assertFalse(bucket.has_token(4.9))
        self.assertTrue(bucket.has_token(5.0))


class LimiterTests(unittest.TestCase):
    def setUp(self):
        self.clock = Clock()
        self.limiter = rl.Limiter(clock=self.clock)

    def allow(self, service, operation, params=None, times=1, limiter=None, **kwargs):
        request = described(service, operation, params, **kwargs)
        return [(limiter or self.limiter).allow(request) for _ in range(times)]

    def test_register_task_definition_bursts_20_and_refills_1_a_second(self):
        params = {"family": "f", "containerDefinitions": []}
        self.assertEqual(self.allow("ecs", "register_task_definition", params, times=21), [True] * 20 + [False])
        self.clock.now += 0.9
        self.assertEqual(self.allow("ecs", "register_task_definition", params), [False])
        self.clock.now += 0.1
        self.assertEqual(self.allow("ecs", "register_task_definition", params, times=2), [True, False])
        self.clock.now += 3600
        self.assertEqual(self.allow("ecs", "register_task_definition", params, times=21), [True] * 20 + [False])

    def test_a_category_shares_one_bucket_and_others_are_apart(self):
        self.assertEqual(self.allow("ecs", "register_task_definition", {"family": "f", "containerDefinitions": []}, times=15),
                         [True] * 15)
        self.assertEqual(self.allow("ecs", "deregister_task_definition", {"taskDefinition": "f:1"}, times=6), [True] * 5 + [False])
        self.assertEqual(self.allow("ecs", "describe_task_definition", {"taskDefinition": "f:1"}, times=50), [True] * 50)
        self.assertEqual(self.allow("ecs", "list_task_definitions", times=1), [False])   # same read category
        self.assertEqual(self.allow("ecs", "describe_clusters", times=1), [True])

    def test_scale_multiplies_burst_and_rate_and_keeps_one_token(self):
        limiter = rl.Limiter(scale=0.1, clock=self.clock)
        params = {"family": "f", "containerDefinitions": []}
        self.assertEqual(self.allow("ecs", "register_task_definition", params, times=3, limiter=limiter), [True, True, False])
        self.clock.now += 9.9
        self.assertEqual(self.allow("ecs", "register_task_definition", params, limiter=limiter), [False])
        self.clock.now += 0.1
        self.assertEqual(self.allow("ecs", "register_task_definition", params, limiter=limiter), [True])
        tiny = rl.Limiter(scale=0.001, clock=self.clock)
        self.assertEqual(self.allow("ecs", "register_task_definition", params, times=2, limiter=tiny), [True, False])
        with self.assertRaises(ValueError):
            rl.Limiter(scale=0)

    def test_per_region_and_global_services(self):
        params = {"family": "f", "containerDefinitions": []}
        self.allow("ecs", "register_task_definition", params, times=20)
        self.assertEqual(self.allow("ecs", "register_task_definition", params, region="eu-west-1"), [True])
        self.assertEqual(self.allow("route53", "list_hosted_zones", times=5), [True] * 5)
        # Route 53 is one bucket per account, whatever the region a client is made for.
        self.assertEqual(self.allow("route53", "get_hosted_zone", {"Id": "Z1"}, region="eu-west-1"), [False])

    def test_all_keys_are_one_account_unless_per_key(self):
        params = {"family": "f", "containerDefinitions": []}
        self.allow("ecs", "register_task_definition", params, times=20, key="AKIDONE")
        self.assertEqual(self.allow("ecs", "register_task_definition", params, key="AKIDTWO"), [False])
        per_key = rl.Limiter(per_key=True, clock=self.clock)
        self.allow("ecs", "register_task_definition", params, times=20, key="AKIDONE", limiter=per_key)
        self.assertEqual(self.allow("ecs", "register_task_definition", params, key="AKIDONE", limiter=per_key), [False])
        self.assertEqual(self.allow("ecs", "register_task_definition", params, key="AKIDTWO", limiter=per_key), [True])

    def test_ec2_buckets_are_per_api_and_unfiltered_describes_get_the_small_one(self):
        self.assertEqual(self.allow("ec2", "describe_security_groups", times=51), [True] * 50 + [False])
        filtered = {"Filters": [{"Name": "vpc-id", "Values": ["vpc-1"]}]}
        self.assertEqual(self.allow("ec2", "describe_security_groups", filtered, times=101), [True] * 100 + [False])
        self.assertEqual(self.allow("ec2", "describe_security_groups", {"MaxResults": 5}), [False])   # paginated: the same
        self.assertEqual(self.allow("ec2", "describe_subnets", times=100), [True] * 100)   # its own bucket
        self.assertEqual(self.allow("ec2", "create_security_group", {"GroupName": "g", "Description": "d"}, times=51),
                         [True] * 50 + [False])
        self.assertEqual(self.allow("ec2", "create_tags", {"Resources": ["i-1"], "Tags": []}, times=101), [True] * 100 + [False])

    def test_elb_takes_from_its_category_and_the_account_bucket(self):
        self.assertEqual(self.allow("elbv2", "register_targets", {"TargetGroupArn": "arn", "Targets": []}, times=21),
                         [True] * 20 + [False])
        self.assertEqual(self.allow("elbv2", "describe_load_balancers", times=21), [True] * 20 + [False])  # account: 40
        self.clock.now += 0.1   # one account token back: a throttled request took none from any bucket
        self.assertEqual(self.allow("elbv2", "describe_target_groups"), [True])

    def test_services_with_per_api_rates(self):
        self.assertEqual(self.allow("logs", "list_tags_for_resource", {"resourceArn": "arn"}, times=6), [True] * 5 + [False])
        self.assertEqual(self.allow("logs", "describe_log_groups", times=6), [True] * 5 + [False])
        self.assertEqual(self.allow("logs", "create_log_group", {"logGroupName": "g"}, times=11), [True] * 10 + [False])
        self.assertEqual(self.allow("acm", "request_certificate", {"DomainName": "example.com"}, times=6), [True] * 5 + [False])
        self.assertEqual(self.allow("acm", "list_certificates", times=9), [True] * 8 + [False])
        self.assertEqual(self.allow("ecr", "put_image", {"repositoryName": "rr", "imageManifest": "{}"}, times=11),
                         [True] * 10 + [False])

    def test_lambda_get_function_and_get_policy_apart_from_the_control_plane(self):
        self.assertEqual(self.allow("lambda", "get_function", {"FunctionName": "f"}, times=101), [True] * 100 + [False])
        self.assertEqual(self.allow("lambda", "get_policy", {"FunctionName": "f"}, times=16), [True] * 15 + [False])
        self.assertEqual(self.allow("lambda", "list_functions", times=10), [True] * 10)
        self.assertEqual(self.allow("lambda", "get_function_configuration", {"FunctionName": "f"}, times=6), [True] * 5 + [False])

    def test_s3_is_limited_per_bucket(self):
        limiter = rl.Limiter(scale=0.001, clock=self.clock)   # 5.5 reads and 3.5 writes
        self.assertEqual(self.allow("s3", "head_bucket", {"Bucket": "one"}, times=6, limiter=limiter), [True] * 5 + [False])
        self.assertEqual(self.allow("s3", "get_bucket_tagging", {"Bucket": "one"}, limiter=limiter), [False])
        self.assertEqual(self.allow("s3", "head_bucket", {"Bucket": "two"}, limiter=limiter), [True])
        self.assertEqual(self.allow("s3", "put_bucket_versioning", {
            "Bucket": "one", "VersioningConfiguration": {"Status": "Enabled"}}, times=4, limiter=limiter),
            [True] * 3 + [False])   # writes: a bucket of their own

    def test_the_report_counts_throttles_per_api_and_bucket(self):
        self.allow("ecs", "register_task_definition", {"family": "f", "containerDefinitions": []}, times=22)
        self.allow("iam", "get_role", {"RoleName": "r"}, times=41)
        report = self.limiter.report()
        self.assertEqual(report["throttled"], {"ecs:RegisterTaskDefinition": 2, "iam:GetRole": 1})
        self.assertEqual(report["throttled_buckets"], {"ecs:task-definition-modify": 2, "iam:reads": 1})
        self.assertEqual((report["throttled_total"], report["allowed"], report["scale"]), (3, 60, 1.0))
        self.limiter.reset()
        self.assertEqual(self.limiter.report()["throttled_total"], 0)
        self.assertEqual(self.allow("ecs", "register_task_definition", {"family": "f", "containerDefinitions": []}), [True])

    def test_advance_moves_the_clock(self):
        params = {"family": "f", "containerDefinitions": []}
        self.allow("ecs", "register_task_definition", params, times=20)
        self.limiter.advance(2)
        self.assertEqual(self.allow("ecs", "register_task_definition", params, times=3), [True, True, False])

    def test_unsigned_requests_and_unknown_services_are_not_limited(self):
        self.assertIsNone(rl.describe("GET", "/_slipway/health", {}, b""))
        request = rl.Request("AKID", REGION, "kinesis", "PutRecord", "json")
        self.assertEqual({self.limiter.allow(request) for _ in range(10000)}, {True})


class DescribeTests(unittest.TestCase):
    """What describe() reads from requests botocore builds, in every protocol Slipway speaks."""

    def test_operations_and_protocols(self):
        cases = [
            ("ecs", "list_clusters", None, "ecs", "ListClusters", "json"),
            ("logs", "describe_log_groups", None, "logs", "DescribeLogGroups", "json"),
            ("ecr", "describe_repositories", None, "ecr", "DescribeRepositories", "json"),
            ("acm", "list_certificates", None, "acm", "ListCertificates", "json"),
            ("codestar-connections", "list_connections", None, "codestar-connections", "ListConnections", "json"),
            ("codebuild", "list_projects", None, "codebuild", "ListProjects", "json"),
            ("codepipeline", "list_pipelines", None, "codepipeline", "ListPipelines", "json"),
            ("iam", "get_role", {"RoleName": "r"}, "iam", "GetRole", "query"),
            ("sts", "get_caller_identity", None, "sts", "GetCallerIdentity", "query"),
            ("elbv2", "describe_load_balancers", None, "elasticloadbalancing", "DescribeLoadBalancers", "query"),
            ("ec2", "describe_subnets", None, "ec2", "DescribeSubnets", "ec2"),
            ("lambda", "get_function", {"FunctionName": "web"}, "lambda", "GetFunction", "rest-json"),
            ("lambda", "get_policy", {"FunctionName": "web"}, "lambda", "GetPolicy", "rest-json"),
            ("lambda", "update_function_code", {"FunctionName": "web", "ZipFile": b"z"}, "lambda",
             "PUT /2015-03-31/functions/{}/code", "rest-json"),
            ("lambda", "tag_resource", {"Resource": "arn:aws:lambda:us-east-1:1:function:web", "Tags": {}}, "lambda",
             "POST /2017-03-31/tags/{}", "rest-json"),
            ("s3", "put_bucket_encryption", {"Bucket": "b", "ServerSideEncryptionConfiguration": {"Rules": []}}, "s3",
             "PUT /{Bucket}?encryption", "rest-xml"),
            ("s3", "head_object", {"Bucket": "b", "Key": "k/1"}, "s3", "HEAD /{Bucket}/{Key}", "rest-xml"),
            ("route53", "list_resource_record_sets", {"HostedZoneId": "Z1"}, "route53",
             "GET /2013-04-01/hostedzone/{}/rrset", "rest-xml"),
        ]
        for boto_name, operation, params, service, name, protocol in cases:
            with self.subTest(operation):
                request = described(boto_name, operation, params)
                self.assertEqual((request.service, request.operation, request.protocol, request.region, request.access_key),
                                 (service, name, protocol, REGION, "AKIDEXAMPLE"))

    def test_smithy_rpc_v2_cbor(self):
        # The path and headers botocore's smithy-rpc-v2-cbor serializer sends (boto3 prefers JSON where a
        # service offers both, but the models list CBOR first for CodeBuild and CodePipeline).
        headers = {"Content-Type": "application/cbor", "smithy-protocol": "rpc-v2-cbor",
                   "Authorization": "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/codebuild/aws4_request, "
                                    "SignedHeaders=host, Signature=0"}
        request = rl.describe("POST", "/service/CodeBuild_20161006/operation/BatchGetProjects", headers, b"\xa0")
        self.assertEqual((request.service, request.operation, request.protocol), ("codebuild", "BatchGetProjects", "cbor"))

    def test_ec2_filters_and_pagination(self):
        self.assertTrue(described("ec2", "describe_security_groups", {"GroupIds": ["sg-1"]}).unfiltered)
        self.assertFalse(described("ec2", "describe_security_groups", {"Filters": [{"Name": "a", "Values": ["b"]}]}).unfiltered)
        self.assertFalse(described("ec2", "describe_security_groups", {"MaxResults": 5}).unfiltered)

    def test_s3_bucket_and_elb_version(self):
        self.assertEqual(described("s3", "get_bucket_tagging", {"Bucket": "artifacts"}).resource, "artifacts")
        self.assertEqual(described("elbv2", "describe_load_balancers").version, "2015-12-01")

    def test_presigned_url(self):
        s3 = boto3.client("s3", region_name=REGION, endpoint_url="http://127.0.0.1:4566", aws_access_key_id="AKIDPRESIGN",
                          aws_secret_access_key="secret", config=Config(signature_version="s3v4"))
        url = s3.generate_presigned_url("get_object", Params={"Bucket": "b", "Key": "k"})
        request = rl.describe("GET", url.split("4566", 1)[1], {}, b"")
        self.assertEqual((request.service, request.access_key, request.operation, request.resource),
                         ("s3", "AKIDPRESIGN", "GET /{Bucket}/{Key}", "b"))


class ThrottleReplyTests(unittest.TestCase):
    """Each service's throttling reply, parsed back by botocore's parser for its protocol."""

    CASES = [
        # (boto3 name, operation, params, code, status)
        ("ecs", "register_task_definition", {"family": "f", "containerDefinitions": []}, "ThrottlingException", 400),
        ("logs", "list_tags_for_resource", {"resourceArn": "arn"}, "ThrottlingException", 400),
        ("ecr", "describe_repositories", None, "ThrottlingException", 400),
        ("acm", "request_certificate", {"DomainName": "example.com"}, "ThrottlingException", 400),
        ("codestar-connections", "get_connection", {"ConnectionArn": "arn"}, "ThrottlingException", 400),
        ("codebuild", "batch_get_projects", {"names": ["p"]}, "ThrottlingException", 400),
        ("codepipeline", "get_pipeline", {"name": "p"}, "ThrottlingException", 400),
        ("codeconnections", "get_connection", {"ConnectionArn": "arn"}, "ThrottlingException", 400),
        ("lambda", "get_function", {"FunctionName": "f"}, "TooManyRequestsException", 429),
        ("iam", "get_role", {"RoleName": "r"}, "Throttling", 400),
        ("sts", "get_caller_identity", None, "Throttling", 400),
        ("elbv2", "describe_target_groups", None, "Throttling", 400),
        ("ec2", "describe_subnets", None, "RequestLimitExceeded", 503),
        ("s3", "get_bucket_tagging", {"Bucket": "b"}, "SlowDown", 503),
        ("route53", "list_hosted_zones", None, "Throttling", 400),
        ("application-autoscaling", "describe_scalable_targets", {"ServiceNamespace": "ecs"}, "ThrottlingException", 400),
        ("resourcegroupstaggingapi", "get_resources", None, "ThrottledException", 400),
    ]

    def test_each_service_gets_its_own_error_in_its_own_protocol(self):
        session = botocore.session.get_session()
        for boto_name, operation, params, code, status in self.CASES:
            with self.subTest(boto_name):
                request = described(boto_name, operation, params)
                got_status, headers, body = rl.throttle_reply(request)
                model = session.get_service_model(boto_name)
                self.assertEqual(PARSERS[request.protocol], model.resolved_protocol, "the protocol botocore speaks")
                self.assert_parses(model, operation, request, code, status)
                if model.resolved_protocol == "json" and "smithy-rpc-v2-cbor" in (model.metadata.get("protocols") or []):
                    request.protocol = "cbor"   # the same error for a client that speaks CBOR
                    self.assert_parses(model, operation, request, code, status)

    def assert_parses(self, model, operation, request, code, status):
        got_status, headers, body = rl.throttle_reply(request)
        operation_model = model.operation_model(_clients[(model.service_name, REGION, "AKIDEXAMPLE")].meta.method_to_api_mapping[operation])
        parsed = create_parser(PARSERS[request.protocol]).parse(
            {"status_code": got_status, "headers": HeadersDict(headers), "body": body}, operation_model.output_shape)
        self.assertEqual(got_status, status)
        self.assertEqual(parsed["Error"]["Code"], code)
        self.assertIn(parsed["Error"]["Message"], ("Rate exceeded", "Request limit exceeded.", "Please reduce your request rate."))
        self.assertIn(code, ThrottledRetryableChecker._THROTTLED_ERROR_CODES, "botocore retries it as throttling")

    def test_every_limited_service_has_its_error(self):
        self.assertEqual({row[0] for row in rl.TABLE}, set(rl.THROTTLE_ERRORS))

    def test_cbor_encoding(self):
        self.assertEqual(rl.cbor_map({"a": "bc"}), bytes([0xA1, 0x61]) + b"a" + bytes([0x62]) + b"bc")
        self.assertEqual(rl.cbor_map({"m": "x" * 30})[3:5], bytes([0x78, 30]))


class TableTests(unittest.TestCase):
    def test_every_row_has_a_source_and_sane_figures(self):
        for service, name, burst, rate, actions, source in rl.TABLE:
            with self.subTest(f"{service}:{name}"):
                self.assertTrue(source == rl.GUESS or source.startswith(("https://", "Service Quotas")), source)
                self.assertGreaterEqual(burst, 1)
                self.assertGreater(rate, 0)
                self.assertGreaterEqual(burst, rate if source != rl.GUESS else 0)
        rl.compile_table(rl.TABLE)   # no bucket twice, no action in two buckets

    def test_named_actions_are_real_operations(self):
        session = botocore.session.get_session()
        synthetic = {"lambda": {"GetFunction", "GetPolicy", "Invoke", "InvokeAsync", "InvokeWithResponseStream"}}
        for service, name, _, _, actions, _ in rl.TABLE:
            if isinstance(actions, str):
                continue
            operations = set(session.get_service_model(BOTO_NAMES.get(service, service)).operation_names)
            for action in actions:
                if action.endswith("*"):
                    continue
                with self.subTest(f"{service}:{action}"):
                    self.assertTrue(action in operations or action in synthetic.get(service, ()), f"{service} has no {action}")

    def test_duplicates_are_refused(self):
        with self.assertRaises(ValueError):
            rl.compile_table([("ecs", "a", 1, 1, ("X",), rl.GUESS), ("ecs", "b", 1, 1, ("X",), rl.GUESS)])
        with self.assertRaises(ValueError):
            rl.compile_table([("ecs", "a", 1, 1, ("X",), rl.GUESS), ("ecs", "a", 1, 1, ("Y",), rl.GUESS)])


class EndToEndTests(unittest.TestCase):
    """The emulator, the proxy in front of it with --rate-limits, and boto3 (retries off)."""

    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.mkdtemp(prefix="slipway-rate-limits-")
        env_file = os.path.join(cls.work, "env")
        with open(os.path.join(cls.work, "emulator.log"), "w") as log:
            cls.emulator = subprocess.Popen([sys.executable, os.path.join(HERE, "server.py"), "--port", "0", "--env-file", env_file],
                                            stdout=subprocess.DEVNULL, stderr=log)
        cls.proxies = []
        try:
            cls.env = wait_for_env(env_file, cls.emulator)
            cls.endpoint = cls.env["AWS_ENDPOINT_URL"]
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        for proxy in cls.proxies:
            proxy.terminate()
            proxy.wait()
        cls.emulator.terminate()
        cls.emulator.wait()
        shutil.rmtree(cls.work, True)

    def proxy(self, *arguments):
        port_file = os.path.join(self.work, f"port-{len(self.proxies)}")
        log = os.path.join(self.work, f"requests-{len(self.proxies)}.jsonl")
        process = subprocess.Popen([sys.executable, os.path.join(HERE, "fault_proxy.py"), "--upstream", self.endpoint,
                                    "--port-file", port_file, "--log", log, "--rate-limits", *arguments],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.proxies.append(process)
        deadline = time.monotonic() + 20
        while not os.path.exists(port_file):
            self.assertIsNone(process.poll(), "the proxy exited")
            self.assertLess(time.monotonic(), deadline, "the proxy did not start")
            time.sleep(0.02)
        return "http://127.0.0.1:" + read(port_file).strip(), log

    def client(self, service, endpoint):
        return boto3.client(service, region_name=self.env["AWS_REGION"], endpoint_url=endpoint, config=NO_RETRY,
                            aws_access_key_id=self.env["AWS_ACCESS_KEY_ID"], aws_secret_access_key=self.env["AWS_SECRET_ACCESS_KEY"])

    def control(self, endpoint, path, method="GET"):
        with urllib.request.urlopen(urllib.request.Request(endpoint + path, method=method)) as reply:
            return json.load(reply)

    def test_throttled_after_the_burst_and_through_again_after_the_refill(self):
        endpoint, log = self.proxy("--rate-scale", "0.1")   # RegisterTaskDefinition: burst 2, 0.1 a second
        ecs = self.client("ecs", endpoint)
        family = f"rate-{int(time.time() * 1000)}"
        definition = {"family": family, "containerDefinitions": [{"name": "app", "image": "nginx", "memory": 128}]}
        revisions = [ecs.register_task_definition(**definition)["taskDefinition"]["revision"] for _ in range(2)]
        with self.assertRaises(ClientError) as raised:
            ecs.register_task_definition(**definition)
        error = raised.exception.response
        self.assertEqual((error["Error"]["Code"], error["Error"]["Message"], error["ResponseMetadata"]["HTTPStatusCode"]),
                         ("ThrottlingException", "Rate exceeded", 400))
        ecs.describe_task_definition(taskDefinition=family)   # another category: not throttled
        report = self.control(endpoint, "/_slipway/throttles")
        self.assertEqual((report["enabled"], report["scale"], report["throttled"], report["throttled_buckets"]),
                         (True, 0.1, {"ecs:RegisterTaskDefinition": 1}, {"ecs:task-definition-modify": 1}))
        self.control(endpoint, "/_slipway/throttles/advance?seconds=10", "POST")   # one token back
        revisions.append(ecs.register_task_definition(**definition)["taskDefinition"]["revision"])
        self.assertEqual(revisions, [1, 2, 3], "the throttled call never reached the emulator")
        entries = [json.loads(line) for line in read(log).splitlines()]
        self.assertEqual([(e["operation"], e["fault"], e["status"]) for e in entries if e["fault"]],
                         [("RegisterTaskDefinition", "rate-limit", 400)])
        self.assertEqual(self.control(endpoint, "/_slipway/throttles/reset", "POST")["throttled_total"], 0)

    def test_each_protocol_through_the_proxy(self):
        endpoint, _ = self.proxy("--rate-scale", "0.00001")   # every bucket: one token, refilled in minutes or more
        cases = [
            ("ecs", "list_clusters", {}, "ThrottlingException", 400),
            ("logs", "describe_log_groups", {}, "ThrottlingException", 400),
            ("ecr", "describe_repositories", {}, "ThrottlingException", 400),
            ("acm", "list_certificates", {}, "ThrottlingException", 400),
            ("codebuild", "list_projects", {}, "ThrottlingException", 400),
            ("codepipeline", "list_pipelines", {}, "ThrottlingException", 400),
            ("lambda", "list_functions", {}, "TooManyRequestsException", 429),
            ("iam", "list_roles", {}, "Throttling", 400),
            ("sts", "get_caller_identity", {}, "Throttling", 400),
            ("elbv2", "describe_load_balancers", {}, "Throttling", 400),
            ("ec2", "describe_vpcs", {}, "RequestLimitExceeded", 503),
            ("s3", "list_buckets", {}, "SlowDown", 503),
            ("route53", "list_hosted_zones", {}, "Throttling", 400),
            ("application-autoscaling", "describe_scalable_targets", {"ServiceNamespace": "ecs"}, "ThrottlingException", 400),
            ("resourcegroupstaggingapi", "get_resources", {}, "ThrottledException", 400),
        ]
        for service, operation, params, code, status in cases:
            with self.subTest(service):
                client = self.client(service, endpoint)
                getattr(client, operation)(**params)
                with self.assertRaises(ClientError) as raised:
                    getattr(client, operation)(**params)
                error = raised.exception.response
                self.assertEqual((error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"]), (code, status))
        self.assertEqual(self.control(endpoint, "/_slipway/throttles")["throttled_total"], len(cases))

    def test_off_by_default(self):
        port_file = os.path.join(self.work, "port-off")
        process = subprocess.Popen([sys.executable, os.path.join(HERE, "fault_proxy.py"), "--upstream", self.endpoint,
                                    "--port-file", port_file, "--rate", "0"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.proxies.append(process)
        while not os.path.exists(port_file):
            self.assertIsNone(process.poll())
            time.sleep(0.02)
        endpoint = "http://127.0.0.1:" + read(port_file).strip()
        self.assertEqual(self.control(endpoint, "/_slipway/throttles"), {"enabled": False})
        route53 = self.client("route53", endpoint)
        for _ in range(8):   # over Route 53's 5 a second
            route53.list_hosted_zones()


def read(path):
    with open(path) as handle:
        return handle.read()


def wait_for_env(path, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the emulator exited")
        if os.path.exists(path):
            values = {}
            for line in read(path).splitlines():
                name, _, value = line.removeprefix("export ").strip().partition("=")
                values[name] = value.strip("'")
            return values
        time.sleep(0.05)
    raise RuntimeError("the emulator did not start")


if __name__ == "__main__":
    unittest.main()
