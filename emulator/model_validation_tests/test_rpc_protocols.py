"""The JSON, Query and EC2 protocols: valid requests pass, each broken rule is named."""

import json
import unittest

from .support import ACCOUNT, add_form, add_json, messages, request, resign, with_headers


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
