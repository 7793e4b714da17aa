"""The REST protocols (rest-json: Lambda; rest-xml: S3, Route 53): valid requests pass, each
broken rule is named."""

import unittest

from .support import ACCOUNT, add_json, add_xml, messages, request, resign, with_headers


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
