"""Tests of model validation (emulator/model_validation.py and its hook in patches.Middleware).

    .venv/bin/python -m unittest emulator/test_model_validation.py

Unit cases build real requests with botocore (signed, never sent) and check what the validator
says of them, per protocol. The end-to-end cases start the emulator with emulator/start.sh: a
normal boto3 call works, a request breaking the model gets AWS's kind of HTTP 400 with
SlipwayModelViolation, and a sweep of the calls Slipway makes (Sources/AWSServices) with
realistic parameters gets no violation at all (a false positive is worse than a miss).
"""

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request
import uuid
import zipfile
from urllib.parse import urlencode, urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import boto3  # noqa: E402
import botocore  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402
from botocore.parsers import create_parser  # noqa: E402

import model_validation as mv  # noqa: E402

ACCOUNT = "123456789012"
REGION = "us-east-1"
VALIDATOR = mv.ModelValidator()


class _Captured(Exception):
    pass


_clients = {}


def _client(service, region=REGION, validate=True):
    key = (service, region, validate)
    if key not in _clients:
        _clients[key] = boto3.client(
            service, region_name=region, endpoint_url="http://127.0.0.1:4566",
            aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            config=Config(parameter_validation=validate, retries={"total_max_attempts": 1}))
    return _clients[key]


def request(service, operation, params=None, region=REGION, validate=True, edit=None):
    """The request botocore would send for `operation`: (method, path, query, headers, body).
    `edit(AWSRequest)` changes it before it is signed (to add what botocore cannot serialize)."""
    client = _client(service, region, validate)
    got = {}

    def before_send(request, **_):
        url = urlsplit(request.url)
        body = request.body
        if hasattr(body, "read"):
            body = body.read()
        if isinstance(body, str):
            body = body.encode()
        headers = {k: v.decode() if isinstance(v, bytes) else v for k, v in request.headers.items()}
        headers.setdefault("Host", url.netloc)
        got["request"] = (request.method, url.path, url.query, headers, body or b"")
        raise _Captured()

    def before_sign(request, **_):
        edit(request)

    client.meta.events.register("before-send", before_send)
    if edit:
        client.meta.events.register("before-sign", before_sign)
    try:
        getattr(client, operation)(**(params or {}))
    except _Captured:
        pass
    finally:
        client.meta.events.unregister("before-send", before_send)
        if edit:
            client.meta.events.unregister("before-sign", before_sign)
    return got["request"]


def add_json(**extra):
    def edit(request):
        document = json.loads(request.data or b"{}")
        document.update(extra)
        request.data = json.dumps(document).encode()
    return edit


def add_form(**extra):
    def edit(request):
        if isinstance(request.data, dict):  # botocore's Query body, until it is encoded
            request.data.update(extra)
        else:
            request.data = (request.data or "") + "&" + urlencode(extra)
    return edit


def add_xml(before, text):
    def edit(request):
        body = request.data.decode()
        request.data = body.replace(before, text + before, 1).encode()
    return edit


def resign(req, service=None, region=None):
    """The same request with another credential scope (its signature is not checked here)."""
    method, path, query, headers, body = req
    headers = dict(headers)
    scope = re.search(r"Credential=([^/]+)/([^/]+)/([^/]+)/([^/]+)/", headers["Authorization"])
    headers["Authorization"] = headers["Authorization"].replace(
        scope.group(0), f"Credential={scope.group(1)}/{scope.group(2)}/{region or scope.group(3)}/"
                        f"{service or scope.group(4)}/")
    return method, path, query, headers, body


def with_headers(req, **changes):
    method, path, query, headers, body = req
    headers = {**headers, **{k.replace("_", "-"): v for k, v in changes.items()}}
    return method, path, query, headers, body


def messages(req):
    return [v.message for v in VALIDATOR.validate(*req)]


class JSONProtocolTests(unittest.TestCase):
    """ECR, ECS, CloudWatch Logs, CodeBuild, CodePipeline, CodeConnections."""

    def test_valid_requests_pass(self):
        self.assertEqual(messages(request("ecr", "create_repository", {
            "repositoryName": "dbmi/sciauth", "imageTagMutability": "MUTABLE",
            "imageScanningConfiguration": {"scanOnPush": True},
            "tags": [{"Key": "slipway:app", "Value": "dbmi"}]})), [])
        self.assertEqual(messages(request("logs", "create_log_group", {
            "logGroupName": "/ecs/dbmi/development/sciauth", "tags": {"slipway:app": "dbmi"}})), [])
        self.assertEqual(messages(request("codeconnections", "get_connection", {
            "ConnectionArn": f"arn:aws:codeconnections:us-east-1:{ACCOUNT}:connection/1a2b3c4d-5e6f"})), [])

    def test_unknown_member(self):
        self.assertEqual(messages(request("ecr", "create_repository", {"repositoryName": "web"},
                                          edit=add_json(repositoryNam="web"))),
                         ["ECR CreateRepository: repositoryNam: not a member of CreateRepositoryRequest"])

    def test_unknown_nested_member(self):
        self.assertEqual(messages(request("ecr", "create_repository", {
            "repositoryName": "web", "tags": [{"Key": "a", "Value": "b"}]},
            edit=add_json(tags=[{"Key": "a", "Value": "b", "value": "c"}]))),
            ["ECR CreateRepository: tags[0].value: not a member of Tag"])

    def test_too_long_name(self):
        self.assertEqual(messages(request("ecr", "create_repository", {"repositoryName": "x" * 300},
                                          validate=False)),
                         ["ECR CreateRepository: repositoryName: length 300 is over the model's max 256"])

    def test_missing_required_member(self):
        self.assertEqual(messages(request("ecs", "create_service", {"cluster": "dbmi"}, validate=False)),
                         ["ECS CreateService: serviceName: required member is missing"])

    def test_bad_enum(self):
        self.assertEqual(messages(request("ecr", "create_repository", {
            "repositoryName": "web", "imageTagMutability": "SOMETIMES"}, validate=False)),
            ["ECR CreateRepository: imageTagMutability: \"SOMETIMES\" is not one of the model's enum values "
             "(MUTABLE, IMMUTABLE, IMMUTABLE_WITH_EXCLUSION, MUTABLE_WITH_EXCLUSION)"])

    def test_pattern(self):
        self.assertEqual(messages(request("ecr", "create_repository", {"repositoryName": "Web"},
                                          validate=False)),
                         ["ECR CreateRepository: repositoryName: \"Web\" does not match the model's pattern "
                          "[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(\\/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*"])

    def test_wrong_type(self):
        self.assertEqual(messages(request("ecs", "update_service", {"service": "web"},
                                          edit=add_json(desiredCount="2"))),
                         ["ECS UpdateService: desiredCount: expected an integer, got a string"])

    def test_wrong_target_prefix(self):
        req = with_headers(request("ecr", "create_repository", {"repositoryName": "web"}),
                           **{"X-Amz-Target": "AmazonEC2ContainerRegistry_V20150922.CreateRepository"})
        self.assertEqual(messages(req), [
            "ECR CreateRepository: X-Amz-Target: prefix 'AmazonEC2ContainerRegistry_V20150922' is not the "
            "model's targetPrefix 'AmazonEC2ContainerRegistry_V20150921'"])

    def test_unknown_operation(self):
        req = with_headers(request("ecr", "create_repository", {"repositoryName": "web"}),
                           **{"X-Amz-Target": "AmazonEC2ContainerRegistry_V20150921.MakeRepository"})
        self.assertEqual(messages(req), [
            "ECR MakeRepository: X-Amz-Target: 'MakeRepository' is not an operation of the model"])

    def test_wrong_content_type(self):
        req = with_headers(request("logs", "describe_log_groups"), **{"Content-Type": "application/json"})
        self.assertEqual(messages(req), [
            "CloudWatch Logs DescribeLogGroups: Content-Type: 'application/json' is not the model's "
            "'application/x-amz-json-1.1'"])

    def test_wrong_signing_service(self):
        # ECR's endpoint prefix is api.ecr, its signing name ecr.
        req = resign(request("ecr", "describe_repositories"), service="api.ecr")
        self.assertEqual(messages(req), [
            "ECR DescribeRepositories: credential scope: signed for service 'api.ecr', the model's "
            "signingName is 'ecr'"])
        req = resign(request("codeconnections", "get_connection", {
            "ConnectionArn": f"arn:aws:codeconnections:us-east-1:{ACCOUNT}:connection/1a2b3c4d"}),
            service="codestar-connections")
        self.assertEqual(messages(req), [
            "CodeConnections GetConnection: credential scope: signed for service 'codestar-connections', "
            "the model's signingName is 'codeconnections'"])

    def test_not_a_region(self):
        req = resign(request("ecs", "list_clusters"), region="us-east1")
        self.assertEqual(messages(req), [
            "ECS ListClusters: credential scope: signed for region 'us-east1', which is not an AWS region"])

    def test_union_takes_one_member(self):
        self.assertEqual(messages(request("codepipeline", "list_pipeline_executions", {
            "pipelineName": "p", "filter": {"succeededInStage": {"stageName": "Build"}}})), [])

    def test_list_and_map_counts_and_number_range(self):
        self.assertEqual(messages(request("ecs", "describe_services", {
            "cluster": "dbmi", "services": [f"s{i}" for i in range(11)]}, validate=False)), [])  # no max in model
        self.assertEqual(messages(request("logs", "put_retention_policy", {
            "logGroupName": "/ecs/x", "retentionInDays": 30})), [])
        self.assertEqual(messages(request("logs", "get_log_events", {
            "logGroupName": "/ecs/x", "logStreamName": "s", "limit": 20000}, validate=False)),
            ["CloudWatch Logs GetLogEvents: limit: value 20000 is over the model's max 10000"])
        self.assertEqual(messages(request("codebuild", "batch_get_builds", {
            "ids": [f"p:{i}" for i in range(101)]}, validate=False)),
            ["CodeBuild BatchGetBuilds: ids: 101 items are over the model's max 100"])
        self.assertEqual(messages(request("codebuild", "batch_get_projects", {"names": []}, validate=False)),
                         ["CodeBuild BatchGetProjects: names: 0 items are under the model's min 1"])

    def test_no_target(self):
        method, path, query, headers, body = request("ecr", "describe_repositories")
        headers = {k: v for k, v in headers.items() if k != "X-Amz-Target"}
        self.assertEqual(messages((method, path, query, headers, body)), [
            "ECR ?: X-Amz-Target: missing: a JSON-protocol request names its operation there"])

    def test_not_json(self):
        method, path, query, headers, _ = request("ecr", "describe_repositories")
        self.assertEqual(messages((method, path, query, headers, b"{nope")),
                         ["ECR DescribeRepositories: body: is not JSON"])


class QueryProtocolTests(unittest.TestCase):
    """IAM and STS."""

    TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]})

    def test_valid_requests_pass(self):
        self.assertEqual(messages(request("iam", "create_role", {
            "RoleName": "dbmi-development-sciauth-task", "AssumeRolePolicyDocument": self.TRUST,
            "Description": "Slipway: dbmi", "Tags": [{"Key": "slipway:app", "Value": "dbmi"},
                                                     {"Key": "slipway:env", "Value": "development"}]})), [])
        self.assertEqual(messages(request("sts", "get_caller_identity")), [])
        self.assertEqual(messages(request("sts", "assume_role", {
            "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/deploy", "RoleSessionName": "slipway-1700000000",
            "DurationSeconds": 3600}, region="eu-west-1")), [])
        self.assertEqual(messages(request("iam", "list_policies", {"Scope": "Local", "OnlyAttached": True})), [])

    def test_unknown_member(self):
        self.assertEqual(messages(request("iam", "create_role", {
            "RoleName": "r", "AssumeRolePolicyDocument": self.TRUST}, edit=add_form(Name="r"))),
            ["IAM CreateRole: Name: not a member of CreateRoleRequest"])

    def test_unknown_nested_member(self):
        self.assertEqual(messages(request("iam", "create_role", {
            "RoleName": "r", "AssumeRolePolicyDocument": self.TRUST, "Tags": [{"Key": "a", "Value": "b"}]},
            edit=add_form(**{"Tags.member.1.Val": "b"}))),
            ["IAM CreateRole: Tags[0].Val: not a member of Tag"])

    def test_list_not_in_member_form(self):
        self.assertEqual(messages(request("iam", "untag_role", {"RoleName": "r", "TagKeys": ["a"]},
                                          edit=add_form(**{"TagKeys.1": "b"}))),
                         ["IAM UntagRole: TagKeys.1: list items are TagKeys.member.N"])

    def test_too_long_name(self):
        self.assertEqual(messages(request("iam", "get_role", {"RoleName": "r" * 65}, validate=False)),
                         ["IAM GetRole: RoleName: length 65 is over the model's max 64"])

    def test_missing_required_member(self):
        self.assertEqual(messages(request("iam", "create_role", {"RoleName": "r"}, validate=False)),
                         ["IAM CreateRole: AssumeRolePolicyDocument: required member is missing"])

    def test_bad_enum(self):
        self.assertEqual(messages(request("iam", "list_policies", {"Scope": "Mine"}, validate=False)),
                         ["IAM ListPolicies: Scope: \"Mine\" is not one of the model's enum values "
                          "(All, AWS, Local)"])

    def test_pattern_and_range(self):
        self.assertEqual(messages(request("iam", "get_role", {"RoleName": "my role"}, validate=False)),
                         ["IAM GetRole: RoleName: \"my role\" does not match the model's pattern [\\w+=,.@-]+"])
        self.assertEqual(messages(request("sts", "assume_role", {
            "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/deploy", "RoleSessionName": "s",
            "DurationSeconds": 60}, validate=False)),
            ["STS AssumeRole: RoleSessionName: length 1 is under the model's min 2",
             "STS AssumeRole: DurationSeconds: value 60 is under the model's min 900"])

    def test_tag_value_pattern_with_unicode_classes(self):
        # [\p{L}\p{Z}\p{N}_.:/=+\-@]*: letters, separators and numbers of any script are fine.
        self.assertEqual(messages(request("iam", "tag_role", {
            "RoleName": "r", "Tags": [{"Key": "Équipe", "Value": "données 2024 ٣"}]})), [])
        self.assertEqual(messages(request("iam", "tag_role", {
            "RoleName": "r", "Tags": [{"Key": "owner", "Value": "a&b"}]})),
            ["IAM TagRole: Tags[0].Value: \"a&b\" does not match the model's pattern [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*"])

    def test_wrong_api_version(self):
        self.assertEqual(messages(request("iam", "list_roles", edit=add_form(Version="2010-05-09"))),
                         ["IAM ListRoles: Version: '2010-05-09' is not the model's apiVersion '2010-05-08'"])

    def test_wrong_signing_service(self):
        req = resign(request("iam", "list_roles"), service="sts")
        self.assertEqual(messages(req), [
            "IAM ListRoles: credential scope: signed for service 'sts', the model's signingName is 'iam'"])

    def test_global_service_region(self):
        self.assertEqual(messages(request("iam", "list_roles", region="eu-west-1")), [
            "IAM ListRoles: credential scope: signed for region 'eu-west-1', IAM is a global service signed "
            "for us-east-1"])
        self.assertEqual(messages(resign(request("iam", "list_roles"), region="cn-north-1")), [])

    def test_no_action(self):
        method, path, _, headers, _ = request("iam", "list_roles")
        self.assertEqual(messages((method, path, "", headers, b"Version=2010-05-08")), ["IAM ?: Action: missing"])

    def test_unknown_action(self):
        self.assertEqual(messages(request("iam", "list_roles", edit=add_form(Action="ListRoless"))),
                         ["IAM ListRoless: Action: 'ListRoless' is not an operation of the model"])


class EC2ProtocolTests(unittest.TestCase):

    def test_valid_requests_pass(self):
        self.assertEqual(messages(request("ec2", "describe_subnets", {
            "Filters": [{"Name": "vpc-id", "Values": ["vpc-1", "vpc-2"]}], "MaxResults": 50})), [])
        self.assertEqual(messages(request("ec2", "describe_security_groups", {
            "GroupIds": ["sg-1"], "DryRun": False})), [])
        self.assertEqual(messages(request("ec2", "create_security_group", {
            "GroupName": "dbmi-alb", "Description": "Slipway: dbmi load balancer", "VpcId": "vpc-1",
            "TagSpecifications": [{"ResourceType": "security-group",
                                   "Tags": [{"Key": "slipway:app", "Value": "dbmi"}]}]})), [])

    def test_unknown_member(self):
        self.assertEqual(messages(request("ec2", "describe_subnets", {}, edit=add_form(**{"Filter.1.Nam": "x"}))),
                         ["EC2 DescribeSubnets: Filters[0].Nam: not a member of Filter"])

    def test_range_and_enum(self):
        self.assertEqual(messages(request("ec2", "describe_subnets", {"MaxResults": 2}, validate=False)),
                         ["EC2 DescribeSubnets: MaxResults: value 2 is under the model's min 5"])
        got = messages(request("ec2", "create_security_group", {
            "GroupName": "g", "Description": "d",
            "TagSpecifications": [{"ResourceType": "security-groups"}]}, validate=False))
        self.assertEqual(len(got), 1)
        self.assertTrue(got[0].startswith("EC2 CreateSecurityGroup: TagSpecifications[0].ResourceType: "
                                          "\"security-groups\" is not one of the model's enum values ("), got)

    def test_missing_required_member(self):
        self.assertEqual(messages(request("ec2", "create_security_group", {"GroupName": "g"}, validate=False)),
                         ["EC2 CreateSecurityGroup: Description: required member is missing"])

    def test_wrong_api_version(self):
        self.assertEqual(messages(request("ec2", "describe_vpcs", edit=add_form(Version="2015-10-01"))),
                         ["EC2 DescribeVpcs: Version: '2015-10-01' is not the model's apiVersion '2016-11-15'"])

    def test_list_in_query_form(self):
        self.assertEqual(messages(request("ec2", "describe_vpcs", edit=add_form(**{"VpcId.member.1": "vpc-1"}))),
                         ["EC2 DescribeVpcs: VpcIds.member: list and map indexes are numbers from 1"])


class RestJSONTests(unittest.TestCase):
    """Lambda."""

    ROLE = f"arn:aws:iam::{ACCOUNT}:role/dbmi-deployer"

    def create(self, **changes):
        params = {"FunctionName": "dbmi-deployer", "Runtime": "provided.al2023", "Handler": "bootstrap",
                  "Role": self.ROLE, "Code": {"ZipFile": b"PK\x03\x04"}, "Timeout": 60, "MemorySize": 256,
                  "Architectures": ["arm64"], "Tags": {"slipway:app": "dbmi"}}
        params.update(changes)
        return params

    def test_valid_requests_pass(self):
        arn = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:dbmi-deployer"
        self.assertEqual(messages(request("lambda", "create_function", self.create())), [])
        self.assertEqual(messages(request("lambda", "get_function", {"FunctionName": "dbmi-deployer"})), [])
        self.assertEqual(messages(request("lambda", "get_function", {"FunctionName": arn})), [])
        self.assertEqual(messages(request("lambda", "list_tags", {"Resource": arn})), [])
        self.assertEqual(messages(request("lambda", "untag_resource", {"Resource": arn, "TagKeys": ["a", "b"]})), [])
        self.assertEqual(messages(request("lambda", "list_functions", {"MaxItems": 50})), [])
        self.assertEqual(messages(request("lambda", "update_function_configuration", {
            "FunctionName": "dbmi-deployer", "Timeout": 120, "Environment": {"Variables": {"LOG_LEVEL": "debug"}}})), [])

    def test_unknown_member(self):
        self.assertEqual(messages(request("lambda", "create_function", self.create(), edit=add_json(Timeoutt=3))),
                         ["Lambda CreateFunction: Timeoutt: not a member of CreateFunctionRequest"])

    def test_uri_member_in_the_body(self):
        # FunctionName is a URI label of UpdateFunctionConfiguration; DeleteFunction reads no body.
        self.assertEqual(messages(request("lambda", "update_function_configuration", {
            "FunctionName": "f", "Timeout": 3}, edit=add_json(FunctionName="f"))),
            ["Lambda UpdateFunctionConfiguration: FunctionName: not a member of the body of "
             "UpdateFunctionConfigurationRequest"])
        method, path, query, headers, _ = request("lambda", "delete_function", {"FunctionName": "f"})
        self.assertEqual(messages((method, path, query, headers, b"{}")), [])
        self.assertEqual(messages((method, path, query, headers, b'{"Qualifier": "1"}')),
                         ["Lambda DeleteFunction: Qualifier: not a member of the body of DeleteFunctionRequest"])

    def test_too_long_name(self):
        self.assertEqual(messages(request("lambda", "create_function", self.create(FunctionName="f" * 141),
                                          validate=False)),
                         ["Lambda CreateFunction: FunctionName: length 141 is over the model's max 140"])
        # A URI label is checked too.
        self.assertEqual(messages(request("lambda", "get_function", {"FunctionName": "f" * 257}, validate=False)),
                         ["Lambda GetFunction: FunctionName: length 257 is over the model's max 256"])

    def test_missing_required_member(self):
        params = self.create()
        del params["Role"]
        self.assertEqual(messages(request("lambda", "create_function", params, validate=False)),
                         ["Lambda CreateFunction: Role: required member is missing"])

    def test_bad_enum(self):
        self.assertEqual(messages(request("lambda", "create_function", self.create(Architectures=["arm"]),
                                          validate=False)),
                         ["Lambda CreateFunction: Architectures[0]: \"arm\" is not one of the model's enum values "
                          "(x86_64, arm64)"])

    def test_unknown_query_parameter(self):
        method, path, query, headers, body = request("lambda", "list_functions", {"MaxItems": 5})
        self.assertEqual(messages((method, path, query + "&MaxItem=5", headers, body)),
                         ["Lambda ListFunctions: ?MaxItem: not a query parameter of ListFunctions"])

    def test_query_parameter_type(self):
        method, path, _, headers, body = request("lambda", "list_functions")
        self.assertEqual(messages((method, path, "MaxItems=lots", headers, body)),
                         ["Lambda ListFunctions: MaxItems: expected an integer, got text that is not one"])

    def test_no_such_route(self):
        method, _, query, headers, body = request("lambda", "list_functions")
        self.assertEqual(messages((method, "/2015-03-31/functionz", query, headers, body)),
                         ["Lambda ?: no operation of the model is GET /2015-03-31/functionz"])

    def test_wrong_signing_service(self):
        req = resign(request("lambda", "list_functions"), service="lambda-api")
        self.assertEqual(messages(req), [
            "Lambda ListFunctions: credential scope: signed for service 'lambda-api', the model's signingName is "
            "'lambda'"])

    def test_sensitive_values_are_not_echoed(self):
        # Environment variable names are `sensitive` in the model.
        got = messages(request("lambda", "update_function_configuration", {
            "FunctionName": "f", "Environment": {"Variables": {"9LIVES": "hunter2"}}}, validate=False))
        self.assertEqual(got, ["Lambda UpdateFunctionConfiguration: Environment.Variables (key \"9LIVES\"): "
                               "the value (sensitive, not shown) does not match the model's pattern "
                               "[a-zA-Z]([a-zA-Z0-9_])+"])
        self.assertNotIn("hunter2", " ".join(got))


class RestXMLTests(unittest.TestCase):
    """S3 (and Route 53)."""

    def test_valid_requests_pass(self):
        cases = [
            ("list_buckets", {}),
            ("create_bucket", {"Bucket": "dbmi-artifacts-123456789012-us-east-1"}),
            ("head_bucket", {"Bucket": "b"}),
            ("put_bucket_tagging", {"Bucket": "b", "Tagging": {"TagSet": [{"Key": "slipway:app", "Value": "dbmi"}]}}),
            ("put_bucket_encryption", {"Bucket": "b", "ServerSideEncryptionConfiguration": {
                "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": True}]}}),
            ("put_public_access_block", {"Bucket": "b", "PublicAccessBlockConfiguration": {
                "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
                "RestrictPublicBuckets": True}}),
            ("put_bucket_versioning", {"Bucket": "b", "VersioningConfiguration": {"Status": "Enabled"}}),
            ("delete_objects", {"Bucket": "b", "Delete": {"Objects": [{"Key": "a"}, {"Key": "b", "VersionId": "v1"}],
                                                         "Quiet": True}}),
            ("list_objects_v2", {"Bucket": "b", "Prefix": "sciauth/", "MaxKeys": 100, "ContinuationToken": "t"}),
            ("list_object_versions", {"Bucket": "b", "Prefix": "p", "KeyMarker": "k", "VersionIdMarker": "v"}),
            ("put_object", {"Bucket": "b", "Key": "source/dir with space/ünïcode.zip", "Body": b"<not xml"}),
            ("get_object", {"Bucket": "b", "Key": "k", "Range": "bytes=0-99"}),
            ("get_bucket_tagging", {"Bucket": "b"}),
            ("delete_bucket_tagging", {"Bucket": "b"}),
        ]
        for operation, params in cases:
            with self.subTest(operation):
                self.assertEqual(messages(request("s3", operation, params)), [])
        self.assertEqual(messages(request("s3", "create_bucket", {
            "Bucket": "b", "CreateBucketConfiguration": {"LocationConstraint": "eu-west-1"}}, region="eu-west-1")), [])

    def test_unknown_element(self):
        self.assertEqual(messages(request("s3", "put_bucket_versioning", {
            "Bucket": "b", "VersioningConfiguration": {"Status": "Enabled"}},
            edit=add_xml("</VersioningConfiguration>", "<Mfa>on</Mfa>"))),
            ["S3 PutBucketVersioning: VersioningConfiguration.Mfa: not a member of VersioningConfiguration"])

    def test_bad_enum(self):
        self.assertEqual(messages(request("s3", "put_bucket_versioning", {
            "Bucket": "b", "VersioningConfiguration": {"Status": "On"}}, validate=False)),
            ["S3 PutBucketVersioning: VersioningConfiguration.Status: \"On\" is not one of the model's enum values "
             "(Enabled, Suspended)"])

    def test_missing_required_member(self):
        self.assertEqual(messages(request("s3", "put_bucket_tagging", {"Bucket": "b", "Tagging": {}},
                                          validate=False)),
                         ["S3 PutBucketTagging: Tagging.TagSet: required member is missing"])

    def test_too_long_value(self):
        self.assertEqual(messages(request("route53", "create_hosted_zone", {
            "Name": "example.com", "CallerReference": "c" * 129}, validate=False)),
            ["Route 53 CreateHostedZone: CallerReference: length 129 is over the model's max 128"])

    def test_wrong_root_element(self):
        self.assertEqual(messages(request("s3", "put_bucket_tagging", {
            "Bucket": "b", "Tagging": {"TagSet": []}},
            edit=lambda r: setattr(r, "data", r.data.replace(b"Tagging", b"Tags"))))[0],
            "S3 PutBucketTagging: Tagging: the root element is <Tags>, the model's is <Tagging>")

    def test_query_literal_chooses_the_operation(self):
        method, path, _, headers, body = request("s3", "list_objects_v2", {"Bucket": "b"})
        self.assertEqual(messages((method, path, "list-type=2&max-keys=ten", headers, body)),
                         ["S3 ListObjectsV2: MaxKeys: expected an integer, got text that is not one"])
        self.assertEqual(messages((method, path, "max-keys=ten", headers, body)),
                         ["S3 ListObjects: MaxKeys: expected an integer, got text that is not one"])
        self.assertEqual(messages((method, path, "tagging&prefix=a", headers, body)),
                         ["S3 GetBucketTagging: ?prefix: not a query parameter of GetBucketTagging"])

    def test_header_members(self):
        req = with_headers(request("s3", "put_object", {"Bucket": "b", "Key": "k", "Body": b"x"}),
                           **{"x-amz-server-side-encryption": "AES128"})
        self.assertEqual(messages(req), [
            "S3 PutObject: ServerSideEncryption: \"AES128\" is not one of the model's enum values "
            "(AES256, aws:fsx, aws:backup, aws:kms, aws:kms:dsse)"])

    def test_wrong_signing_region_for_route53(self):
        self.assertEqual(messages(request("route53", "list_hosted_zones")), [])
        self.assertEqual(messages(resign(request("route53", "list_hosted_zones"), region="eu-west-1")), [
            "Route 53 ListHostedZones: credential scope: signed for region 'eu-west-1', Route 53 is a global "
            "service signed for us-east-1"])

    def test_route53_body_members(self):
        batch = {"Changes": [{"Action": "UPSERT", "ResourceRecordSet": {
            "Name": "app.example.com", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}}]}
        self.assertEqual(messages(request("route53", "change_resource_record_sets", {
            "HostedZoneId": "Z123", "ChangeBatch": batch})), [])
        batch["Changes"][0]["ResourceRecordSet"]["Type"] = "ALIAS"
        got = messages(request("route53", "change_resource_record_sets", {
            "HostedZoneId": "Z123", "ChangeBatch": batch}, validate=False))
        self.assertEqual(len(got), 1)
        self.assertTrue(got[0].startswith("Route 53 ChangeResourceRecordSets: ChangeBatch.Changes[0]."
                                          "ResourceRecordSet.Type: \"ALIAS\" is not one of the model's enum"), got)


class WebServicesTests(unittest.TestCase):
    """The calls of web services (ELBv2 query, ACM and Application Auto Scaling JSON, EC2 security groups, Route 53
    alias records), as Slipway will make them: no violation; and one broken request each."""

    LB = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:loadbalancer/app/dbmi-prod/50dc6c495c0c9188"
    TG = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/dbmi-prod-web/73e2d6bc24d8a067"
    LISTENER = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:listener/app/dbmi-prod/50dc6c495c0c9188/f2f7dc8efc522ab2"
    TAGS = [{"Key": "slipway:app", "Value": "dbmi"}, {"Key": "slipway:env", "Value": "prod"}]

    def test_valid_requests_pass(self):
        calls = [
            ("elbv2", "create_load_balancer", {"Name": "dbmi-prod", "Subnets": ["subnet-0aa", "subnet-0bb"], "SecurityGroups": ["sg-0a"],
                                               "Scheme": "internet-facing", "Type": "application", "IpAddressType": "ipv4", "Tags": self.TAGS}),
            ("elbv2", "modify_load_balancer_attributes", {"LoadBalancerArn": self.LB, "Attributes": [
                {"Key": "idle_timeout.timeout_seconds", "Value": "60"}]}),
            ("elbv2", "create_target_group", {"Name": "dbmi-prod-web", "Protocol": "HTTP", "Port": 8005, "VpcId": "vpc-0a",
                                              "TargetType": "ip", "HealthCheckPath": "/healthz", "HealthCheckIntervalSeconds": 15,
                                              "HealthCheckTimeoutSeconds": 5, "HealthyThresholdCount": 2, "UnhealthyThresholdCount": 3,
                                              "Matcher": {"HttpCode": "200-399"}, "Tags": self.TAGS}),
            ("elbv2", "modify_target_group_attributes", {"TargetGroupArn": self.TG, "Attributes": [
                {"Key": "deregistration_delay.timeout_seconds", "Value": "30"}]}),
            ("elbv2", "create_listener", {"LoadBalancerArn": self.LB, "Protocol": "HTTPS", "Port": 443,
                                          "SslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
                                          "Certificates": [{"CertificateArn": f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/1-2-3"}],
                                          "DefaultActions": [{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}]}),
            ("elbv2", "create_listener", {"LoadBalancerArn": self.LB, "Protocol": "HTTP", "Port": 80, "DefaultActions": [
                {"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}]}),
            ("elbv2", "create_rule", {"ListenerArn": self.LISTENER, "Priority": 10, "Actions": [{"Type": "forward", "TargetGroupArn": self.TG}],
                                      "Conditions": [{"Field": "host-header", "HostHeaderConfig": {"Values": ["auth.dbmi.example.org"]}}]}),
            ("elbv2", "set_rule_priorities", {"RulePriorities": [{"RuleArn": self.LISTENER.replace(":listener/", ":listener-rule/") + "/9",
                                                                  "Priority": 20}]}),
            ("elbv2", "describe_target_health", {"TargetGroupArn": self.TG}),
            ("elbv2", "describe_tags", {"ResourceArns": [self.LB, self.TG]}),
            ("acm", "request_certificate", {"DomainName": "dbmi.example.org", "SubjectAlternativeNames": ["*.dbmi.example.org"],
                                            "ValidationMethod": "DNS", "IdempotencyToken": "dbmiprod", "Tags": self.TAGS}),
            ("acm", "list_certificates", {"CertificateStatuses": ["ISSUED", "PENDING_VALIDATION"]}),
            ("application-autoscaling", "register_scalable_target", {
                "ServiceNamespace": "ecs", "ResourceId": "service/dbmi/dbmi-prod-web", "ScalableDimension": "ecs:service:DesiredCount",
                "MinCapacity": 1, "MaxCapacity": 6, "Tags": {"slipway:app": "dbmi"}}),
            ("application-autoscaling", "put_scaling_policy", {
                "PolicyName": "dbmi-prod-web-requests", "ServiceNamespace": "ecs", "ResourceId": "service/dbmi/dbmi-prod-web",
                "ScalableDimension": "ecs:service:DesiredCount", "PolicyType": "TargetTrackingScaling",
                "TargetTrackingScalingPolicyConfiguration": {"TargetValue": 500.0, "PredefinedMetricSpecification": {
                    "PredefinedMetricType": "ALBRequestCountPerTarget",
                    "ResourceLabel": "app/dbmi-prod/50dc6c495c0c9188/targetgroup/dbmi-prod-web/73e2d6bc24d8a067"}}}),
            ("resourcegroupstaggingapi", "get_resources", {"TagFilters": [{"Key": "slipway:app", "Values": ["dbmi"]}]}),
            ("ec2", "create_security_group", {"GroupName": "dbmi-prod-lb", "Description": "Slipway: dbmi prod load balancer",
                                              "VpcId": "vpc-0a", "TagSpecifications": [{"ResourceType": "security-group", "Tags": self.TAGS}]}),
            ("ec2", "authorize_security_group_ingress", {"GroupId": "sg-0b", "IpPermissions": [
                {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "anyone"}]},
                {"IpProtocol": "tcp", "FromPort": 8005, "ToPort": 8005, "UserIdGroupPairs": [{"GroupId": "sg-0a"}]}]}),
            ("ec2", "describe_security_groups", {"Filters": [{"Name": "tag:slipway:app", "Values": ["dbmi"]},
                                                             {"Name": "vpc-id", "Values": ["vpc-0a"]}]}),
            ("ec2", "describe_network_interfaces", {"Filters": [{"Name": "group-id", "Values": ["sg-0a"]}]}),
            ("route53", "list_hosted_zones_by_name", {"DNSName": "dbmi.example.org", "MaxItems": "1"}),
            ("route53", "change_resource_record_sets", {"HostedZoneId": "Z0123456789ABCDEFGHIJ", "ChangeBatch": {"Changes": [
                {"Action": "UPSERT", "ResourceRecordSet": {"Name": "auth.dbmi.example.org", "Type": "A", "AliasTarget": {
                    "HostedZoneId": "Z35SXDOTRQ7X7K", "DNSName": "dualstack.dbmi-prod-1.us-east-1.elb.amazonaws.com",
                    "EvaluateTargetHealth": True}}}]}}),
            ("route53", "get_change", {"Id": "/change/C0123456789ABCDEFGHIJ"}),
        ]
        for service, operation, params in calls:
            with self.subTest(f"{service} {operation}"):
                self.assertEqual(messages(request(service, operation, params)), [])

    def test_broken_requests_are_named(self):
        self.assertEqual(messages(request("elbv2", "create_target_group", {"Name": "t", "Port": 70000}, validate=False)),
                         ["Elastic Load Balancing v2 CreateTargetGroup: Port: value 70000 is over the model's max 65535"])
        self.assertEqual(messages(request("elbv2", "create_rule", {
            "ListenerArn": self.LISTENER, "Priority": 0, "Actions": [{"Type": "forward", "TargetGroupArn": self.TG}],
            "Conditions": []}, validate=False)),
            ["Elastic Load Balancing v2 CreateRule: Priority: value 0 is under the model's min 1"])
        self.assertEqual(messages(request("acm", "request_certificate", {"DomainName": "dbmi.example.org", "ValidationMethod": "CNAME"},
                                          validate=False)),
                         ["ACM RequestCertificate: ValidationMethod: \"CNAME\" is not one of the model's enum values (EMAIL, DNS, HTTP)"])
        got = messages(request("application-autoscaling", "register_scalable_target", {
            "ServiceNamespace": "ecs", "ResourceId": "service/c/s", "ScalableDimension": "ecs:service:Count"}, validate=False))
        self.assertEqual(len(got), 1)
        self.assertTrue(got[0].startswith("Application Auto Scaling RegisterScalableTarget: ScalableDimension: "
                                          "\"ecs:service:Count\" is not one of the model's enum values (ecs:service:DesiredCount"), got)
        got = messages(request("ec2", "create_security_group", {"GroupName": "g", "Description": "d",
                                                                "TagSpecifications": [{"ResourceType": "sg"}]}, validate=False))
        self.assertEqual(len(got), 1)
        self.assertTrue(got[0].startswith("EC2 CreateSecurityGroup: TagSpecifications[0].ResourceType: \"sg\" is not one of "
                                          "the model's enum values"), got)
        self.assertEqual(messages(request("route53", "change_resource_record_sets", {
            "HostedZoneId": "Z1", "ChangeBatch": {"Changes": [{"Action": "UPSERT", "ResourceRecordSet": {
                "Name": "a.b", "Type": "A", "AliasTarget": {"HostedZoneId": "Z35SXDOTRQ7X7K", "DNSName": "x"}}}]}}, validate=False)),
            ["Route 53 ChangeResourceRecordSets: ChangeBatch.Changes[0].ResourceRecordSet.AliasTarget.EvaluateTargetHealth: "
             "required member is missing"])


class ExemptionTests(unittest.TestCase):

    def test_exempt_paths(self):
        for path in ("/_slipway/health", "/moto-api/reset", "/latest/meta-data/iam/"):
            with self.subTest(path):
                self.assertEqual(VALIDATOR.validate("POST", path, "", {}, b"{nope"), [])
                self.assertTrue(mv.exemption(path))

    def test_each_exemption_has_a_reason(self):
        for prefix, reason in mv.EXEMPT_PATHS:
            self.assertTrue(prefix.startswith("/") and len(reason) > 10, prefix)

    def test_services_not_validated(self):
        # A service outside SERVICES, and a request naming no service, are not judged.
        self.assertEqual(messages(request("sqs", "list_queues")), [])
        self.assertEqual(VALIDATOR.validate("GET", "/", "", {"Host": "127.0.0.1"}, b""), [])


class PatternTests(unittest.TestCase):

    def compile(self, pattern):
        return re.compile(mv.translate_java_regex(pattern), re.ASCII)

    def test_unicode_classes(self):
        tag = self.compile(r"[\p{L}\p{Z}\p{N}_.:/=+\-@]*")
        for good in ("slipway:app", "Équipe", "名前", "a b", "٣", "x_y.z/w=+-@"):
            self.assertTrue(tag.fullmatch(good), good)
        for bad in ("a&b", "<", "tab\there", "#"):
            self.assertFalse(tag.fullmatch(bad), bad)
        self.assertTrue(self.compile(r"\p{ASCII}+").fullmatch("abc~"))
        self.assertFalse(self.compile(r"\p{ASCII}+").fullmatch("é"))
        self.assertFalse(self.compile(r"\P{L}+").fullmatch("é"))

    def test_java_only_syntax(self):
        self.assertTrue(self.compile(r"[\w-_]*").fullmatch("a-b_c"))  # Java: `-` beside \w is literal
        self.assertTrue(self.compile(r"\Qa.b\E").fullmatch("a.b"))
        self.assertFalse(self.compile(r"\Qa.b\E").fullmatch("axb"))
        self.assertTrue(self.compile(r"(?<name>ab)\z").fullmatch("ab"))
        self.assertFalse(self.compile(r"\w+").fullmatch("é"))  # Java's \w is ASCII
        with self.assertRaises(mv.UncheckablePattern):
            mv.translate_java_regex(r"[a-z&&[^aeiou]]")

    def test_every_model_pattern_is_checked_or_listed(self):
        """Each pattern of each model compiles after translation, or is in UNCHECKABLE_PATTERNS
        (and each listed one really cannot be compiled)."""
        from botocore.loaders import Loader
        loader = Loader()
        patterns = set()
        for service in mv.SERVICES:
            for shape in loader.load_service_model(service, "service-2")["shapes"].values():
                if "pattern" in shape:
                    patterns.add(shape["pattern"])
        failures = {}
        for pattern in sorted(patterns):
            try:
                re.compile(mv.translate_java_regex(pattern), re.ASCII)
            except (mv.UncheckablePattern, re.error) as error:
                failures[pattern] = str(error)
        self.assertEqual(sorted(failures), sorted(mv.UNCHECKABLE_PATTERNS),
                         f"patterns that cannot be compiled: {failures}")
        self.assertGreater(len(patterns), 150)

    def test_summary(self):
        report = mv.ModelValidator(services=("ecr", "iam")).summary()
        self.assertEqual(report["botocore"], mv.BOTOCORE_VERSION)
        self.assertEqual(report["patterns_unchecked"], len(mv.UNCHECKABLE_PATTERNS))
        self.assertEqual(report["services"]["iam"]["protocol"], "query")


class PinTests(unittest.TestCase):

    def test_models_are_the_pinned_botocore(self):
        self.assertEqual(botocore.__version__, mv.BOTOCORE_VERSION)
        with open(os.path.join(HERE, "install.sh")) as f:
            install = f.read()
        self.assertIn(f'BOTOCORE_VERSION="{mv.BOTOCORE_VERSION}"', install)
        from importlib.metadata import version
        self.assertIn(f'BOTO3_VERSION="{version("boto3")}"', install)


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
# The protocol's own error format, and the off switch (patches.Middleware, in process).
# --------------------------------------------------------------------------
class IdentifyAndStripTests(unittest.TestCase):
    """ModelValidator.identify() and reply_stripping.Stripper on replies built here (no emulator)."""

    def setUp(self):
        import reply_stripping
        self.stripper = reply_stripping.Stripper(VALIDATOR)

    def test_identify_per_protocol(self):
        cases = [(request("ecs", "describe_services", {"services": ["a"]}), "ECS", "DescribeServices"),
                 (request("iam", "list_roles"), "IAM", "ListRoles"),
                 (request("ec2", "describe_vpcs"), "EC2", "DescribeVpcs"),
                 (request("lambda", "get_function", {"FunctionName": "f"}), "Lambda", "GetFunction"),
                 (request("route53", "list_hosted_zones_by_name"), "Route 53", "ListHostedZonesByName"),
                 (request("s3", "put_object", {"Bucket": "b", "Key": "k", "Body": b"x"}), "S3", "PutObject"),
                 (request("s3", "copy_object", {"Bucket": "b", "Key": "k", "CopySource": "c/d"}), "S3", "CopyObject")]
        for req, service, operation in cases:
            model, op = VALIDATOR.identify(*req)
            self.assertEqual((model.service_id, op.name), (service, operation))
        self.assertIsNone(VALIDATOR.identify("GET", "/favicon.ico", "", {}, b""))
        self.assertIsNone(VALIDATOR.identify("GET", "/", "", {}, b""))

    def strip(self, config, req, body, status="200 OK", headers=()):
        self.stripper.configure(config)
        plan = self.stripper.plan(*req)
        self.assertIsNotNone(plan)
        return self.stripper.apply(plan, status, list(headers) + [("Content-Length", str(len(body)))], body)

    def test_rest_xml_flattened_list_and_declaration_kept(self):
        body = (b'<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
                b'<Name>b</Name><KeyCount>2</KeyCount><Contents><Key>a</Key><Size>1</Size></Contents>'
                b'<Contents><Key>b</Key><Size>2</Size></Contents><IsTruncated>false</IsTruncated></ListBucketResult>')
        headers, got = self.strip({"only": {"S3.ListObjectsV2": ["Contents[].Key"]}},
                                  request("s3", "list_objects_v2", {"Bucket": "b"}), body)
        self.assertEqual(got, body.replace(b"<Key>a</Key>", b"").replace(b"<Key>b</Key>", b""))
        self.assertIn(("Content-Length", str(len(got))), headers)
        self.assertEqual(self.stripper.report(), {"stripped": {"S3.ListObjectsV2": ["Contents[].Key"]}})

    def test_ec2_items_and_errors_untouched(self):
        body = (b'<DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId>'
                b'<vpcSet><item><vpcId>vpc-1</vpcId><cidrBlock>10.0.0.0/16</cidrBlock><tagSet/></item></vpcSet>'
                b'</DescribeVpcsResponse>')
        req = request("ec2", "describe_vpcs")
        _, got = self.strip({"only": {"EC2.DescribeVpcs": ["Vpcs[].VpcId", "Vpcs[].CidrBlock"]}}, req, body)
        self.assertEqual(got, body.replace(b"<vpcId>vpc-1</vpcId><cidrBlock>10.0.0.0/16</cidrBlock>", b""))
        _, same = self.stripper.apply(self.stripper.plan(*req), "400 Bad Request", [], body)
        self.assertIs(same, body)

    def test_required_with_kept_ancestor(self):
        body = json.dumps({"HostedZones": [{"Id": "/hostedzone/Z", "Name": "a.", "CallerReference": "c"}],
                           "IsTruncated": False, "MaxItems": "100"}).encode()
        req = request("route53", "list_hosted_zones_by_name")
        self.stripper.configure({"required": True, "keep": {"route53.ListHostedZonesByName": ["HostedZones[].Id"]}})
        import reply_stripping
        walk = reply_stripping._Pass(True, {"HostedZones[].Id"}, set())
        document = json.loads(body)
        model, op = VALIDATOR.identify(*req)
        self.stripper._strip_json(op.output_shape, document, "", walk)
        self.assertEqual(document, {"HostedZones": [{"Id": "/hostedzone/Z"}]})
        self.assertEqual(walk.removed, ["HostedZones[].Name", "HostedZones[].CallerReference", "IsTruncated", "MaxItems"])

    def test_configuration_errors(self):
        import reply_stripping
        for bad in ({"only": {"IAM.ListRoles": ["Roles[]"]}}, {"only": {"IAM.ListRoles": ["IsTruncated[]"]}},
                    {"only": {"IAM": ["Roles"]}}, {"required": True, "extra": 1}, {}):
            with self.assertRaises(reply_stripping.ConfigError, msg=bad):
                self.stripper.configure(bad)
        self.assertEqual(self.stripper.configure({"only": {"ELBv2.DescribeLoadBalancers": ["LoadBalancers[].DNSName"]}})["only"],
                         {"ElasticLoadBalancingv2.DescribeLoadBalancers": ["LoadBalancers[].DNSName"]})


class MiddlewareTests(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        import patches
        cls.patches = patches

    def serve(self, req, model_validation=True, violations_file=None):
        method, path, query, headers, body = req
        reached = []

        def app(environ, start_response):
            reached.append(environ["wsgi.input"].read())
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"moto"]

        environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "RAW_URI": path + ("?" + query if query else ""),
                   "QUERY_STRING": query, "wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body))}
        for name, value in headers.items():
            key = name.upper().replace("-", "_")
            environ[key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else "HTTP_" + key] = value
        got = {}

        def start_response(status, response_headers, exc_info=None):
            got["status"], got["headers"] = int(status.split()[0]), dict(response_headers)

        old = os.environ.get("SLIPWAY_MODEL_VIOLATIONS")
        if violations_file:
            os.environ["SLIPWAY_MODEL_VIOLATIONS"] = violations_file
        try:
            middleware = self.patches.Middleware(app, model_validation=model_validation)
            with contextlib.redirect_stderr(io.StringIO()):  # the emulator's log line per violation
                data = b"".join(middleware(environ, start_response))
        finally:
            if violations_file:
                if old is None:
                    os.environ.pop("SLIPWAY_MODEL_VIOLATIONS")
                else:
                    os.environ["SLIPWAY_MODEL_VIOLATIONS"] = old
        return got["status"], got["headers"], data, reached

    def parsed_error(self, protocol, status, headers, data):
        parsed = create_parser(protocol).parse({"status_code": status, "headers": headers, "body": data}, None)
        return parsed["Error"]

    def test_error_in_each_protocols_format(self):
        cases = [
            ("json", request("ecr", "create_repository", {"repositoryName": "x" * 300}, validate=False),
             "ECR CreateRepository: repositoryName: length 300 is over the model's max 256"),
            ("query", request("iam", "get_role", {"RoleName": "r" * 65}, validate=False),
             "IAM GetRole: RoleName: length 65 is over the model's max 64"),
            ("ec2", request("ec2", "describe_subnets", {"MaxResults": 2}, validate=False),
             "EC2 DescribeSubnets: MaxResults: value 2 is under the model's min 5"),
            ("rest-json", request("lambda", "get_function", {"FunctionName": "f" * 257}, validate=False),
             "Lambda GetFunction: FunctionName: length 257 is over the model's max 256"),
            ("rest-xml", request("s3", "put_bucket_versioning", {
                "Bucket": "b", "VersioningConfiguration": {"Status": "On"}}, validate=False),
             "S3 PutBucketVersioning: VersioningConfiguration.Status: \"On\" is not one of the model's enum "
             "values (Enabled, Suspended)"),
        ]
        for protocol, req, message in cases:
            with self.subTest(protocol):
                status, headers, data, reached = self.serve(req)
                self.assertEqual(status, 400)
                self.assertEqual(reached, [], "moto must not see the request")
                error = self.parsed_error(protocol, status, headers, data)
                self.assertEqual((error["Code"], error["Message"]), ("SlipwayModelViolation", message))
                if protocol in ("json", "rest-json"):
                    self.assertEqual(headers["x-amzn-ErrorType"], "SlipwayModelViolation")
                self.assertNotIn(b"Credential", data)
                self.assertNotIn(b"Signature", data)

    def test_valid_requests_reach_moto_with_their_body(self):
        req = request("iam", "create_role", {"RoleName": "r", "AssumeRolePolicyDocument": "{}"})
        status, _, data, reached = self.serve(req)
        self.assertEqual((status, data), (200, b"moto"))
        self.assertEqual(reached, [req[4]])

    def test_off_switch(self):
        req = request("ecr", "create_repository", {"repositoryName": "x" * 300}, validate=False)
        status, _, data, reached = self.serve(req, model_validation=False)
        self.assertEqual((status, data, reached), (200, b"moto", [req[4]]))

    def test_violations_file(self):
        directory = tempfile.mkdtemp(prefix="slipway-violations-")
        self.addCleanup(shutil.rmtree, directory, True)
        path = os.path.join(directory, "violations.jsonl")
        self.serve(request("ecr", "create_repository", {"repositoryName": "Web"}, validate=False,
                           edit=add_json(extra=1)), violations_file=path)
        with open(path) as f:
            text = f.read()
        lines = [json.loads(line) for line in text.splitlines()]
        self.assertEqual([(line["service"], line["operation"], line["member"]) for line in lines],
                         [("ECR", "CreateRepository", "extra"), ("ECR", "CreateRepository", "repositoryName")])
        self.assertNotIn("AKIDEXAMPLE", text)


# --------------------------------------------------------------------------
# End to end: the emulator, started as the tests start it.
# --------------------------------------------------------------------------
SWEEP_TASK_DEFINITION = {
    "family": "dbmi-development-sciauth",
    "taskRoleArn": f"arn:aws:iam::{ACCOUNT}:role/dbmi-development-sciauth-task",
    "executionRoleArn": f"arn:aws:iam::{ACCOUNT}:role/dbmi-development-sciauth-task-exec",
    "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "512",
    "runtimePlatform": {"cpuArchitecture": "X86_64", "operatingSystemFamily": "LINUX"},
    "containerDefinitions": [{
        "name": "sciauth", "image": f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/dbmi/sciauth:latest",
        "essential": True, "portMappings": [{"containerPort": 8005, "protocol": "tcp"}],
        "environment": [{"name": "DJANGO_DEBUG", "value": "false"}],
        "secrets": [{"name": "DB_PASSWORD",
                     "valueFrom": f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:sciauth-db"}],
        "logConfiguration": {"logDriver": "awslogs", "options": {
            "awslogs-group": "/ecs/dbmi/development/sciauth", "awslogs-region": "us-east-1",
            "awslogs-stream-prefix": "sciauth"}}}],
    "tags": [{"key": "slipway:app", "value": "dbmi"}, {"key": "slipway:env", "value": "development"}],
}


def read_env(path):
    env = {}
    with open(path) as f:
        for line in f:
            name, value = line.removeprefix("export ").strip().split("=", 1)
            env[name] = value.strip("'")
    return env


class EmulatorEndToEndTests(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="slipway-model-validation-")
        cls.env_file = os.path.join(cls.tmp, "env")
        cls.violations = os.path.join(cls.tmp, "violations.jsonl")
        subprocess.run([os.path.join(HERE, "start.sh"), cls.env_file], check=True, timeout=90,
                       capture_output=True, env={**os.environ, "SLIPWAY_MODEL_VIOLATIONS": cls.violations})
        cls.env = read_env(cls.env_file)

    @classmethod
    def tearDownClass(cls):
        subprocess.run([os.path.join(HERE, "stop.sh"), cls.env_file], timeout=30, capture_output=True)
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


def run_sweep(client_for):
    """[(operation, error code or None)] for every operation Slipway calls."""
    outcomes = []
    app, env, svc = "sweep", "development", "sciauth"
    prefix = f"{app}-{env}-{svc}"
    uid = uuid.uuid4().hex[:8]

    def call(client, operation, **params):
        try:
            result = getattr(client, operation)(**params)
            outcomes.append((operation, None))
            return result
        except ClientError as error:
            outcomes.append((operation, error.response["Error"].get("Code")))
            return None
        except Exception as error:  # noqa: BLE001 - moto's own failures (a 500 page)
            outcomes.append((operation, type(error).__name__))
            return None

    tags_kv = [{"Key": "slipway:app", "Value": app}, {"Key": "slipway:env", "Value": env},
               {"Key": "slipway:managed-by", "Value": "slipway"}]
    tags_lower = [{"key": t["Key"], "value": t["Value"]} for t in tags_kv]
    tags_map = {t["Key"]: t["Value"] for t in tags_kv}

    # ---- STS and IAM (query)
    sts, iam = client_for("sts"), client_for("iam")
    call(sts, "get_caller_identity")
    trust = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    policy = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "Logs", "Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
         "Resource": f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/ecs/{app}/*"},
        {"Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*",
         "Condition": {"StringEquals": {"aws:RequestTag/slipway:app": app}}}]})
    role = f"{prefix}-task-{uid}"
    role_arn = f"arn:aws:iam::{ACCOUNT}:role/{role}"
    call(iam, "create_role", RoleName=role, AssumeRolePolicyDocument=trust, Path="/",
         Description=f"Slipway: {app} {env} {svc} task role", MaxSessionDuration=3600, Tags=tags_kv)
    call(iam, "get_role", RoleName=role)
    call(iam, "update_assume_role_policy", RoleName=role, PolicyDocument=trust)
    call(iam, "tag_role", RoleName=role, Tags=[{"Key": "slipway:service", "Value": svc}])
    call(iam, "list_role_tags", RoleName=role, MaxItems=100)
    call(iam, "untag_role", RoleName=role, TagKeys=["slipway:service"])
    call(iam, "put_role_policy", RoleName=role, PolicyName="slipway", PolicyDocument=policy)
    call(iam, "get_role_policy", RoleName=role, PolicyName="slipway")
    call(iam, "list_role_policies", RoleName=role)
    managed = call(iam, "create_policy", PolicyName=f"{app}-operator-{uid}", Path="/slipway/", PolicyDocument=policy,
                   Description="Slipway operator policy", Tags=tags_kv)
    policy_arn = managed["Policy"]["Arn"] if managed else f"arn:aws:iam::{ACCOUNT}:policy/x"
    call(iam, "get_policy", PolicyArn=policy_arn)
    call(iam, "tag_policy", PolicyArn=policy_arn, Tags=[{"Key": "slipway:version", "Value": "2"}])
    version = call(iam, "create_policy_version", PolicyArn=policy_arn, PolicyDocument=policy, SetAsDefault=True)
    call(iam, "list_policy_versions", PolicyArn=policy_arn)
    call(iam, "get_policy_version", PolicyArn=policy_arn, VersionId="v1")
    if version:
        call(iam, "delete_policy_version", PolicyArn=policy_arn, VersionId="v1")
    call(iam, "list_policies", Scope="Local", OnlyAttached=False, PathPrefix="/slipway/", MaxItems=100)
    call(iam, "attach_role_policy", RoleName=role, PolicyArn=policy_arn)
    call(iam, "list_attached_role_policies", RoleName=role)
    call(iam, "list_roles", PathPrefix="/", MaxItems=1000)
    user = f"{app}-operator-{uid}"
    call(iam, "create_user", UserName=user, Tags=tags_kv)
    call(iam, "put_user_policy", UserName=user, PolicyName="operator", PolicyDocument=policy)
    access_key = call(iam, "create_access_key", UserName=user)
    call(iam, "list_access_keys", UserName=user)
    # (moto fails with a 500 on assuming a role that trusts a service: this one trusts the account.)
    operator = f"{app}-operator-{uid}"
    call(iam, "create_role", RoleName=operator, AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "sts:AssumeRole"},
            {"Effect": "Allow", "Principal": {"Federated": f"arn:aws:iam::{ACCOUNT}:oidc-provider/token.actions.githubusercontent.com"},
             "Action": "sts:AssumeRoleWithWebIdentity"}]}))
    operator_arn = f"arn:aws:iam::{ACCOUNT}:role/{operator}"
    call(sts, "assume_role", RoleArn=operator_arn, RoleSessionName=f"slipway-{int(time.time())}", DurationSeconds=900)
    call(sts, "assume_role_with_web_identity", RoleArn=operator_arn, RoleSessionName="slipway-ci",
         WebIdentityToken="eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmhtcy1kYm1pL1NjaUF1dGgifQ.c2ln",
         DurationSeconds=3600)

    # ---- ECR (json)
    ecr = client_for("ecr")
    repo = f"{app}/{svc}-{uid}"
    created = call(ecr, "create_repository", repositoryName=repo, imageTagMutability="MUTABLE",
                   imageScanningConfiguration={"scanOnPush": True},
                   encryptionConfiguration={"encryptionType": "AES256"}, tags=tags_kv)
    repo_arn = created["repository"]["repositoryArn"] if created else f"arn:aws:ecr:us-east-1:{ACCOUNT}:repository/{repo}"
    call(ecr, "describe_repositories", repositoryNames=[repo])
    call(ecr, "describe_repositories", maxResults=100)
    lifecycle = json.dumps({"rules": [{"rulePriority": 1, "description": "keep 20 images",
                                       "selection": {"tagStatus": "any", "countType": "imageCountMoreThan",
                                                     "countNumber": 20}, "action": {"type": "expire"}}]})
    call(ecr, "put_lifecycle_policy", repositoryName=repo, lifecyclePolicyText=lifecycle)
    call(ecr, "get_lifecycle_policy", repositoryName=repo)
    call(ecr, "put_image_scanning_configuration", repositoryName=repo, imageScanningConfiguration={"scanOnPush": False})
    call(ecr, "put_image_tag_mutability", repositoryName=repo, imageTagMutability="MUTABLE")
    call(ecr, "tag_resource", resourceArn=repo_arn, tags=[{"Key": "slipway:service", "Value": svc}])
    call(ecr, "list_tags_for_resource", resourceArn=repo_arn)
    call(ecr, "untag_resource", resourceArn=repo_arn, tagKeys=["slipway:service"])
    call(ecr, "get_authorization_token")
    manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                           "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 7023,
                                      "digest": "sha256:" + "a" * 64},
                           "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                                       "size": 32654, "digest": "sha256:" + "b" * 64}]})
    call(ecr, "put_image", repositoryName=repo, imageManifest=manifest, imageTag="0123456789abcdef0123456789abcdef01234567",
         imageManifestMediaType="application/vnd.docker.distribution.manifest.v2+json")
    call(ecr, "list_images", repositoryName=repo, filter={"tagStatus": "TAGGED"}, maxResults=1000)
    call(ecr, "describe_images", repositoryName=repo, imageIds=[{"imageTag": "latest"}], filter={"tagStatus": "ANY"})
    call(ecr, "describe_images", repositoryName=repo, maxResults=100)
    call(ecr, "batch_delete_image", repositoryName=repo, imageIds=[{"imageDigest": "sha256:" + "c" * 64}])
    call(ecr, "delete_lifecycle_policy", repositoryName=repo)

    # ---- CloudWatch Logs (json)
    logs = client_for("logs")
    group = f"/ecs/{app}/{env}/{svc}-{uid}"
    call(logs, "create_log_group", logGroupName=group, tags=tags_map)
    call(logs, "put_retention_policy", logGroupName=group, retentionInDays=30)
    call(logs, "describe_log_groups", logGroupNamePrefix=f"/ecs/{app}/", limit=50)
    call(logs, "create_log_stream", logGroupName=group, logStreamName=f"{svc}/{svc}/0123456789abcdef")
    now = int(time.time() * 1000)
    call(logs, "put_log_events", logGroupName=group, logStreamName=f"{svc}/{svc}/0123456789abcdef",
         logEvents=[{"timestamp": now, "message": "GET /health 200"}, {"timestamp": now + 1, "message": "é ✓"}])
    call(logs, "describe_log_streams", logGroupName=group, orderBy="LastEventTime", descending=True, limit=50)
    call(logs, "get_log_events", logGroupName=group, logStreamName=f"{svc}/{svc}/0123456789abcdef",
         startFromHead=True, limit=100, startTime=now - 3600_000)
    call(logs, "filter_log_events", logGroupName=group, startTime=now - 3600_000, endTime=now + 1000,
         limit=1000, logStreamNamePrefix=f"{svc}/", filterPattern="ERROR")
    log_arn = f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:{group}"
    call(logs, "tag_resource", resourceArn=log_arn, tags={"slipway:service": svc})
    call(logs, "list_tags_for_resource", resourceArn=log_arn)
    call(logs, "untag_resource", resourceArn=log_arn, tagKeys=["slipway:service"])
    call(logs, "delete_retention_policy", logGroupName=group)
    call(logs, "delete_log_stream", logGroupName=group, logStreamName=f"{svc}/{svc}/0123456789abcdef")
    call(logs, "delete_log_group", logGroupName=group)

    # ---- EC2 (ec2): the network that ECS services are put in
    ec2 = client_for("ec2")
    subnets = call(ec2, "describe_subnets", Filters=[{"Name": "default-for-az", "Values": ["true"]}])
    subnet_ids = [s["SubnetId"] for s in subnets["Subnets"]][:2] if subnets else ["subnet-1"]
    call(ec2, "describe_subnets", SubnetIds=subnet_ids[:1])
    groups = call(ec2, "describe_security_groups", Filters=[{"Name": "group-name", "Values": ["default"]}])
    group_ids = [g["GroupId"] for g in groups["SecurityGroups"]][:1] if groups else ["sg-1"]
    call(ec2, "describe_vpcs", Filters=[{"Name": "is-default", "Values": ["true"]}])

    # ---- ECS (json)
    ecs = client_for("ecs")
    cluster = f"{app}-{uid}"
    call(ecs, "create_cluster", clusterName=cluster, tags=tags_lower,
         settings=[{"name": "containerInsights", "value": "enabled"}])
    call(ecs, "describe_clusters", clusters=[cluster], include=["TAGS", "SETTINGS"])
    task = dict(SWEEP_TASK_DEFINITION, family=f"{prefix}-{uid}")
    registered = call(ecs, "register_task_definition", **task)
    task_arn = registered["taskDefinition"]["taskDefinitionArn"] if registered else f"{prefix}-{uid}:1"
    call(ecs, "describe_task_definition", taskDefinition=f"{prefix}-{uid}", include=["TAGS"])
    call(ecs, "list_task_definitions", familyPrefix=f"{prefix}-{uid}", status="ACTIVE", sort="DESC", maxResults=100)
    network = {"awsvpcConfiguration": {"subnets": subnet_ids, "securityGroups": group_ids, "assignPublicIp": "DISABLED"}}
    call(ecs, "create_service", cluster=cluster, serviceName=svc, taskDefinition=task_arn, desiredCount=1,
         launchType="FARGATE", networkConfiguration=network, propagateTags="SERVICE", enableECSManagedTags=True,
         deploymentConfiguration={"deploymentCircuitBreaker": {"enable": True, "rollback": True},
                                  "maximumPercent": 200, "minimumHealthyPercent": 100},
         tags=tags_lower)
    call(ecs, "describe_services", cluster=cluster, services=[svc], include=["TAGS"])
    call(ecs, "update_service", cluster=cluster, service=svc, desiredCount=2, taskDefinition=task_arn,
         forceNewDeployment=False, networkConfiguration=network)
    call(ecs, "list_services", cluster=cluster, maxResults=100)
    listed = call(ecs, "list_tasks", cluster=cluster, serviceName=svc, desiredStatus="RUNNING")
    call(ecs, "describe_tasks", cluster=cluster, tasks=(listed or {}).get("taskArns") or [f"arn:aws:ecs:us-east-1:{ACCOUNT}:task/{cluster}/0123"])
    service_arn = f"arn:aws:ecs:us-east-1:{ACCOUNT}:service/{cluster}/{svc}"
    call(ecs, "tag_resource", resourceArn=service_arn, tags=[{"key": "slipway:service", "value": svc}])
    call(ecs, "list_tags_for_resource", resourceArn=service_arn)
    call(ecs, "untag_resource", resourceArn=service_arn, tagKeys=["slipway:service"])
    call(ecs, "delete_service", cluster=cluster, service=svc, force=True)
    call(ecs, "deregister_task_definition", taskDefinition=task_arn)
    call(ecs, "delete_task_definitions", taskDefinitions=[task_arn])
    call(ecs, "delete_cluster", cluster=cluster)

    # ---- CodeBuild (json)
    cb = client_for("codebuild")
    project = f"{prefix}-{uid}"
    build_role = f"arn:aws:iam::{ACCOUNT}:role/{role}"
    environment = {"type": "LINUX_CONTAINER", "image": "aws/codebuild/amazonlinux2-x86_64-standard:5.0",
                   "computeType": "BUILD_GENERAL1_MEDIUM", "privilegedMode": True,
                   "environmentVariables": [{"name": "REPOSITORY_URI", "value": f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/{repo}",
                                             "type": "PLAINTEXT"}]}
    project_args = dict(source={"type": "CODEPIPELINE", "buildspec": "version: 0.2\nphases:\n  build:\n    commands:\n      - docker build .\n"},
                        artifacts={"type": "CODEPIPELINE"}, environment=environment, serviceRole=build_role,
                        timeoutInMinutes=60, logsConfig={"cloudWatchLogs": {"status": "ENABLED", "groupName": f"/aws/codebuild/{project}"}},
                        description=f"Slipway: builds {svc}", tags=tags_lower)
    call(cb, "create_project", name=project, **project_args)
    call(cb, "update_project", name=project, **project_args)
    call(cb, "batch_get_projects", names=[project])
    started = call(cb, "start_build", projectName=project, sourceVersion="0123456789abcdef0123456789abcdef01234567")
    call(cb, "list_builds_for_project", projectName=project, sortOrder="DESCENDING")
    call(cb, "batch_get_builds", ids=[started["build"]["id"]] if started else [f"{project}:1"])
    call(cb, "delete_project", name=project)

    # ---- Lambda (rest-json)
    lam = client_for("lambda")
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("bootstrap", "#!/bin/sh\n")
    function = f"{app}-deployer-{uid}"
    lambda_role = f"arn:aws:iam::{ACCOUNT}:role/{function}"
    lambda_trust = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    call(iam, "create_role", RoleName=function, AssumeRolePolicyDocument=lambda_trust, Tags=tags_kv)
    created = call(lam, "create_function", FunctionName=function, Runtime="provided.al2023", Handler="bootstrap",
                   Role=lambda_role, Code={"ZipFile": zipped.getvalue()}, Description="Slipway deployer",
                   Timeout=900, MemorySize=256, Architectures=["x86_64"], Tags=tags_map,
                   Environment={"Variables": {"SLIPWAY_LOG": "info"}})
    function_arn = created["FunctionArn"] if created else f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:{function}"
    call(lam, "get_function", FunctionName=function)
    call(lam, "get_function_configuration", FunctionName=function_arn)
    call(lam, "list_functions", MaxItems=50)
    call(lam, "update_function_code", FunctionName=function, ZipFile=zipped.getvalue(), Publish=False)
    call(lam, "update_function_configuration", FunctionName=function, Role=lambda_role, Timeout=600,
         MemorySize=512, Description="Slipway deployer", Environment={"Variables": {"SLIPWAY_LOG": "debug"}})
    call(lam, "tag_resource", Resource=function_arn, Tags={"slipway:version": "0.2.0"})
    call(lam, "list_tags", Resource=function_arn)
    call(lam, "untag_resource", Resource=function_arn, TagKeys=["slipway:version"])

    # ---- CodePipeline and CodeConnections (json)
    cp = client_for("codepipeline")
    connection = f"arn:aws:codeconnections:us-east-1:{ACCOUNT}:connection/{uuid.uuid4()}"
    for service in ("codeconnections", "codestar-connections"):
        arn = connection if service == "codeconnections" else connection.replace("codeconnections", "codestar-connections")
        call(client_for(service), "get_connection", ConnectionArn=arn)
    pipeline_name = f"{prefix}-{uid}"
    pipeline_role = f"arn:aws:iam::{ACCOUNT}:role/{role}"

    def action(name, category, provider, configuration, owner="AWS", inputs=(), outputs=(), run_order=1):
        return {"name": name, "actionTypeId": {"category": category, "owner": owner, "provider": provider, "version": "1"},
                "configuration": configuration, "runOrder": run_order,
                "inputArtifacts": [{"name": i} for i in inputs], "outputArtifacts": [{"name": o} for o in outputs]}

    pipeline = {
        "name": pipeline_name, "roleArn": pipeline_role,
        "artifactStore": {"type": "S3", "location": f"{app}-artifacts-{ACCOUNT}-us-east-1"},
        "stages": [
            {"name": "Source", "actions": [action("Source", "Source", "CodeStarSourceConnection", {
                "ConnectionArn": connection, "FullRepositoryId": "hms-dbmi/SciAuth", "BranchName": env,
                "OutputArtifactFormat": "CODE_ZIP", "DetectChanges": "true"}, outputs=["SourceOutput"])]},
            {"name": "Build", "actions": [action("Build", "Build", "CodeBuild", {"ProjectName": project},
                                                 inputs=["SourceOutput"], outputs=["BuildOutput"])]},
            {"name": "Approval", "actions": [action("Approve", "Approval", "Manual", {
                "CustomData": "Deploy sciauth to production?"})]},
            {"name": "Deploy", "actions": [action("Deploy", "Invoke", "Lambda", {
                "FunctionName": function, "UserParameters": json.dumps(
                    {"cluster": cluster, "service": svc, "family": f"{prefix}-{uid}", "container": svc, "timeout": 900})},
                inputs=["BuildOutput"])]},
        ],
        "version": 1,
    }
    call(cp, "create_pipeline", pipeline=pipeline, tags=tags_lower)
    got = call(cp, "get_pipeline", name=pipeline_name)
    if got:
        pipeline["version"] = got["pipeline"]["version"]
    call(cp, "update_pipeline", pipeline=pipeline)
    call(cp, "list_pipelines", maxResults=100)
    run = call(cp, "start_pipeline_execution", name=pipeline_name, clientRequestToken=str(uuid.uuid4()))
    run_id = run["pipelineExecutionId"] if run else str(uuid.uuid4())
    call(cp, "list_pipeline_executions", pipelineName=pipeline_name, maxResults=20)
    call(cp, "get_pipeline_execution", pipelineName=pipeline_name, pipelineExecutionId=run_id)
    call(cp, "get_pipeline_state", name=pipeline_name)
    call(cp, "put_approval_result", pipelineName=pipeline_name, stageName="Approval", actionName="Approve",
         result={"summary": "approved by slipway release", "status": "Approved"}, token=str(uuid.uuid4()))
    job = str(uuid.uuid4())
    call(cp, "put_job_success_result", jobId=job, continuationToken=json.dumps({"deployment": "ecs-svc/1234", "deadline": 1700000000}),
         executionDetails={"summary": "rolling out sciauth", "externalExecutionId": "ecs-svc/1234", "percentComplete": 50})
    call(cp, "put_job_success_result", jobId=job, executionDetails={"summary": "deployed"},
         outputVariables={"TaskDefinitionArn": task_arn})
    call(cp, "put_job_failure_result", jobId=job, failureDetails={"type": "JobFailed", "message": "rollout failed: tasks stopped",
                                                                  "externalExecutionId": "ecs-svc/1234"})
    pipeline_arn = f"arn:aws:codepipeline:us-east-1:{ACCOUNT}:{pipeline_name}"
    call(cp, "tag_resource", resourceArn=pipeline_arn, tags=[{"key": "slipway:service", "value": svc}])
    call(cp, "list_tags_for_resource", resourceArn=pipeline_arn)
    call(cp, "untag_resource", resourceArn=pipeline_arn, tagKeys=["slipway:service"])
    call(cp, "delete_pipeline", name=pipeline_name)
    call(lam, "delete_function", FunctionName=function)

    # ---- S3 (rest-xml), path style as Slipway sends it
    s3 = client_for("s3", s3={"addressing_style": "path"})
    bucket = f"{app}-artifacts-{uid}"
    call(s3, "list_buckets", MaxBuckets=100, Prefix=f"{app}-")
    call(s3, "create_bucket", Bucket=bucket)
    call(s3, "head_bucket", Bucket=bucket)
    call(s3, "put_bucket_encryption", Bucket=bucket, ServerSideEncryptionConfiguration={
        "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": True}]})
    call(s3, "get_bucket_encryption", Bucket=bucket)
    call(s3, "put_public_access_block", Bucket=bucket, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    call(s3, "get_public_access_block", Bucket=bucket)
    call(s3, "put_bucket_versioning", Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    call(s3, "get_bucket_versioning", Bucket=bucket)
    call(s3, "put_bucket_tagging", Bucket=bucket, Tagging={"TagSet": tags_kv})
    call(s3, "get_bucket_tagging", Bucket=bucket)
    keys = [f"{pipeline_name}/SourceOutp/{uid}.zip", "dir with space/ünïcode+plus&amp.txt"]
    for key in keys:
        call(s3, "put_object", Bucket=bucket, Key=key, Body=b"PK\x03\x04 <not xml>", ContentType="application/zip")
        call(s3, "head_object", Bucket=bucket, Key=key)
        call(s3, "get_object", Bucket=bucket, Key=key, Range="bytes=0-3")
    listed = call(s3, "list_objects_v2", Bucket=bucket, Prefix=f"{pipeline_name}/", MaxKeys=1000)
    call(s3, "list_objects_v2", Bucket=bucket, ContinuationToken="token", StartAfter="a", Delimiter="/")
    versions = call(s3, "list_object_versions", Bucket=bucket, Prefix="", MaxKeys=1000)
    call(s3, "list_object_versions", Bucket=bucket, KeyMarker=keys[0], VersionIdMarker="null")
    objects = [{"Key": v["Key"], "VersionId": v["VersionId"]} for v in (versions or {}).get("Versions", [])]
    call(s3, "delete_objects", Bucket=bucket, Delete={"Objects": objects or [{"Key": keys[0]}], "Quiet": True})
    call(s3, "delete_object", Bucket=bucket, Key=keys[1])
    call(s3, "delete_bucket_tagging", Bucket=bucket)
    call(s3, "delete_public_access_block", Bucket=bucket)
    call(s3, "delete_bucket", Bucket=bucket)
    del listed
    s3_eu = client_for("s3", region="eu-west-1", s3={"addressing_style": "path"})
    call(s3_eu, "create_bucket", Bucket=f"{bucket}-eu", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    call(s3_eu, "delete_bucket", Bucket=f"{bucket}-eu")

    # ---- Route 53 (rest-xml, global): for the planned web services
    r53 = client_for("route53")
    zone = call(r53, "create_hosted_zone", Name=f"{uid}.example.com", CallerReference=uid,
                HostedZoneConfig={"Comment": "Slipway sweep", "PrivateZone": False})
    zone_id = zone["HostedZone"]["Id"].split("/")[-1] if zone else "Z123"
    call(r53, "list_hosted_zones_by_name", DNSName=f"{uid}.example.com", MaxItems="1")
    call(r53, "change_resource_record_sets", HostedZoneId=zone_id, ChangeBatch={"Comment": "validation", "Changes": [
        {"Action": "UPSERT", "ResourceRecordSet": {"Name": f"_x.{uid}.example.com", "Type": "CNAME", "TTL": 300,
                                                   "ResourceRecords": [{"Value": "_y.acm-validations.aws."}]}}]})
    call(r53, "list_resource_record_sets", HostedZoneId=zone_id, MaxItems="100")

    # ---- clean up IAM
    call(iam, "detach_role_policy", RoleName=role, PolicyArn=policy_arn)
    call(iam, "delete_role_policy", RoleName=role, PolicyName="slipway")
    call(iam, "delete_policy", PolicyArn=policy_arn)
    if access_key:
        call(iam, "delete_access_key", UserName=user, AccessKeyId=access_key["AccessKey"]["AccessKeyId"])
    call(iam, "delete_user_policy", UserName=user, PolicyName="operator")
    call(iam, "delete_user", UserName=user)
    call(iam, "delete_role", RoleName=function)
    call(iam, "delete_role", RoleName=role)
    call(iam, "delete_role", RoleName=operator)
    return outcomes


if __name__ == "__main__":
    unittest.main()
