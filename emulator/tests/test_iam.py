"""IAM: policies enforced (the tagging API under IAM's `tag:` prefix), GetAccountAuthorizationDetails in
pages with its documents URL-encoded, DeleteConflict, and fresh roles that services cannot assume yet."""

import io
import json
import re
import zipfile
from urllib.parse import unquote

from tests.support import ACCOUNT, REGION, EmulatorCase, covers, error_code, error_message


def trust(i):
    return {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole",
        "Condition": {"StringLike": {"aws:SourceArn": f"arn:aws:ecs:{REGION}:{ACCOUNT}:*/gaad+{i}%41"}}}]}


def inline(i):
    return {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": f"arn:aws:logs:*:*:log-group:/ecs/gaad+{i}:*"}]}


class IamTests(EmulatorCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        iam = cls.emulator.client("iam")
        for i in range(5):  # what GetAccountAuthorizationDetails pages through
            iam.create_role(RoleName=f"gaad-{i}", AssumeRolePolicyDocument=json.dumps(trust(i)),
                            Tags=[{"Key": "slipway:app", "Value": f"gaad-{i}"}])
            iam.put_role_policy(RoleName=f"gaad-{i}", PolicyName=f"inline-{i}", PolicyDocument=json.dumps(inline(i)))

    def test_a_user_allowed_only_s3_list_all_my_buckets_is_denied_the_rest(self):
        reader = self.user("reader", [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}])
        reader("s3").list_buckets()
        self.assertEqual(error_code(lambda: reader("iam").list_roles()), "AccessDenied")
        self.assertEqual(error_code(lambda: reader("codepipeline").get_pipeline_state(name="demo")), "AccessDenied")
        self.assertEqual(error_code(lambda: reader("codebuild").update_project(name="demo")), "AccessDenied")

    @covers("authorization.resources")
    def test_the_tagging_api_is_authorized_under_iams_tag_prefix_not_motos_tagging(self):
        self.user("tag-reader", [{"Effect": "Allow", "Action": "tag:GetResources", "Resource": "*"}])(
            "resourcegroupstaggingapi").get_resources()
        tagging = self.user("tagging-reader", [{"Effect": "Allow", "Action": "tagging:GetResources", "Resource": "*"}])
        self.assertEqual(error_code(lambda: tagging("resourcegroupstaggingapi").get_resources()), "AccessDenied")

    @covers("iam.authorization-details-pages")
    def test_get_account_authorization_details_pages_through_every_role(self):
        iam = self.client("iam")
        roles = [r["RoleName"] for page in iam.get_paginator("list_roles").paginate() for r in page["Roles"]]
        pages, marker = [], None
        while True:
            page = iam.get_account_authorization_details(Filter=["Role"], MaxItems=2, **({"Marker": marker} if marker else {}))
            pages.append(page["RoleDetailList"])
            self.assertEqual((page["UserDetailList"], page["Policies"]), ([], []))
            self.assertEqual(page["IsTruncated"], "Marker" in page)
            if not page["IsTruncated"]:
                break
            marker = page["Marker"]
        self.assertEqual(len(pages), -(-len(roles) // 2))
        self.assertTrue(all(len(p) == 2 for p in pages[:-1]), [len(p) for p in pages])
        names = [r["RoleName"] for p in pages for r in p]
        self.assertEqual(sorted(names), sorted(roles))
        self.assertEqual(len(set(names)), len(names))
        details = {r["RoleName"]: r for p in pages for r in p}
        for i in range(5):
            role = details[f"gaad-{i}"]
            self.assertEqual(role["RolePolicyList"], [{"PolicyName": f"inline-{i}", "PolicyDocument": inline(i)}])
            self.assertEqual(role["AssumeRolePolicyDocument"], trust(i))
            self.assertEqual(role["Tags"], [{"Key": "slipway:app", "Value": f"gaad-{i}"}])
        # Without Filter the same walk takes every kind, users first; MaxItems defaults to 100.
        whole = iam.get_account_authorization_details(Filter=["Role", "User"])
        self.assertFalse(whole["IsTruncated"])
        self.assertNotIn("Marker", whole)
        self.assertEqual({r["RoleName"] for r in whole["RoleDetailList"]}, set(roles))
        first = iam.get_account_authorization_details(Filter=["Role", "User"], MaxItems=1)
        self.assertEqual((len(first["UserDetailList"]), first["RoleDetailList"], first["IsTruncated"]), (1, [], True))
        self.assertEqual(error_code(lambda: iam.get_account_authorization_details(Marker="not-a-marker")),
                         "ValidationError")

    @covers("iam.authorization-details-pages")
    def test_get_account_authorization_details_url_encodes_every_policy_document(self):
        # RFC 3986, the trust policy too, as AWS and GetRolePolicy do.
        wire, bodies = self.client("iam"), []
        wire.meta.events.register("after-call.iam.GetAccountAuthorizationDetails",
                                  lambda http_response, **_: bodies.append(http_response.text))
        wire.get_account_authorization_details(Filter=["Role"], MaxItems=1000)
        (body,) = bodies
        for element in ("AssumeRolePolicyDocument", "PolicyDocument"):
            documents = re.findall(f"<{element}>([^<]*)</{element}>", body)
            self.assertTrue(documents)
            self.assertTrue(all(d.startswith("%7B") and "{" not in d and "+" not in d for d in documents), documents[:2])
        raw = re.search(r"<RoleName>gaad-0</RoleName>.*?<AssumeRolePolicyDocument>([^<]*)<", body).group(1)
        self.assertEqual(json.loads(unquote(raw)), trust(0))

    @covers("iam.delete-conflict")
    def test_delete_policy_attached_or_with_versions_and_delete_user_with_keys_are_DeleteConflict(self):
        iam = self.client("iam")
        self.make_role("conflict-role", "lambda.amazonaws.com")
        document = json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]})
        arn = iam.create_policy(PolicyName="conflict-p", PolicyDocument=document)["Policy"]["Arn"]
        iam.attach_role_policy(RoleName="conflict-role", PolicyArn=arn)
        self.assertEqual(error_message(lambda: iam.delete_policy(PolicyArn=arn)), "Cannot delete a policy attached to entities.")
        iam.detach_role_policy(RoleName="conflict-role", PolicyArn=arn)
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=document, SetAsDefault=True)
        self.assertEqual(error_code(lambda: iam.delete_policy(PolicyArn=arn)), "DeleteConflict")
        self.assertTrue(error_message(lambda: iam.delete_policy(PolicyArn=arn)).startswith("This policy has more than one version."))
        iam.delete_policy_version(PolicyArn=arn, VersionId="v1")
        iam.delete_policy(PolicyArn=arn)
        iam.create_user(UserName="conflict-u")
        key = iam.create_access_key(UserName="conflict-u")["AccessKey"]["AccessKeyId"]
        self.assertEqual(error_message(lambda: iam.delete_user(UserName="conflict-u")),
                         "Cannot delete entity, must delete access keys first.")
        iam.delete_access_key(UserName="conflict-u", AccessKeyId=key)
        iam.delete_user(UserName="conflict-u")

    @covers("iam.role-propagation")
    def test_a_fresh_role_is_refused_by_lambda_codebuild_and_codepipeline_for_iam_role_assume_seconds(self):
        zipped = io.BytesIO()
        with zipfile.ZipFile(zipped, "w") as z:
            z.writestr("bootstrap", "#!/bin/sh\n")
        function = dict(FunctionName="fresh-fn", Runtime="provided.al2023", Handler="bootstrap",
                        Code={"ZipFile": zipped.getvalue()})
        self.post("/_slipway/settle", {"iamRoleAssumeSeconds": 60})  # off (0) by default
        self.addCleanup(self.post, "/_slipway/settle", {"iamRoleAssumeSeconds": 0})
        # Trusted by all three: what refuses it is its age alone (moto refuses a role a service may not assume).
        fresh = self.make_role("fresh-role", "lambda.amazonaws.com", "codebuild.amazonaws.com", "codepipeline.amazonaws.com")
        self.assertEqual(error_message(lambda: self.client("lambda").create_function(**function, Role=fresh)),
                         "The role defined for the function cannot be assumed by Lambda.")
        build = dict(name="fresh-build", source={"type": "NO_SOURCE", "buildspec": "version: 0.2"},
                     artifacts={"type": "NO_ARTIFACTS"}, serviceRole=fresh,
                     environment={"type": "LINUX_CONTAINER", "image": "aws/codebuild/standard:7.0",
                                  "computeType": "BUILD_GENERAL1_SMALL"})
        self.assertEqual(error_message(lambda: self.client("codebuild").create_project(**build)),
                         f"CodeBuild is not authorized to perform: sts:AssumeRole on {fresh}")
        action = lambda name, category, provider, conf, artifacts: {  # noqa: E731
            "name": name, "configuration": conf, **artifacts,
            "actionTypeId": {"category": category, "owner": "AWS", "provider": provider, "version": "1"}}
        pipeline = {"name": "fresh-pipe", "roleArn": fresh, "artifactStore": {"type": "S3", "location": "fresh-bucket"},
                    "stages": [{"name": "Source", "actions": [action("S", "Source", "S3", {"S3Bucket": "b", "S3ObjectKey": "k"},
                                                                     {"outputArtifacts": [{"name": "o"}]})]},
                               {"name": "Build", "actions": [action("B", "Build", "CodeBuild", {"ProjectName": "fresh-build"},
                                                                    {"inputArtifacts": [{"name": "o"}]})]}]}
        self.assertEqual(error_message(lambda: self.client("codepipeline").create_pipeline(pipeline=pipeline)),
                         f"CodePipeline is not authorized to perform AssumeRole on role {fresh}")
        self.advance(60)
        self.client("codebuild").create_project(**build)
        self.client("codepipeline").create_pipeline(pipeline=pipeline)
        self.client("lambda").create_function(**function, Role=fresh)
