"""In process: ModelValidator.identify() and reply stripping on replies built here; the middleware
answers a violation in each protocol's own error format, lets valid requests through, has an off
switch and logs violations to a file."""

import contextlib
import io
import json
import os
import shutil
import tempfile
import unittest

from botocore.parsers import create_parser

from .support import VALIDATOR, add_json, request


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
