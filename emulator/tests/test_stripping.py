"""POST/GET/DELETE /_slipway/strip-replies: replies without the members botocore's output shapes require
(or exactly the paths given), in each protocol, errors whole; bad configurations refused."""

import re

from tests.support import EmulatorCase, covers, error_message, error_of
from tests.test_lambda import raw_replies
from tests.test_server import bootstrap_zip


class StrippingTests(EmulatorCase):
    def strip(self, method, payload=None):
        return self.emulator.control(method, "/_slipway/strip-replies", payload)

    @covers("middleware.reply-stripping")
    def test_required_strips_every_required_member_but_the_kept_paths_and_errors_stay_whole(self):
        iam, r53 = self.client("iam"), self.client("route53")
        r53.create_hosted_zone(Name="strip.example.org", CallerReference="strip")
        missing = error_message(lambda: iam.get_role(RoleName="no-such-role"))
        status, got = self.strip("POST", {"required": True, "keep": {"Route53.ListHostedZonesByName": ["HostedZones[].Id"]}})
        self.assertEqual((status, got.get("keep")), (200, {"Route53.ListHostedZonesByName": ["HostedZones[].Id"]}), got)
        try:
            page = r53.list_hosted_zones_by_name(DNSName="strip.example.org")  # rest-xml
            zone = page["HostedZones"][0]
            self.assertIn("Id", zone)  # kept, and its ancestors
            self.assertNotIn("Name", zone)
            self.assertNotIn("CallerReference", zone)
            self.assertNotIn("IsTruncated", page)
            self.assertNotIn("MaxItems", page)
            self.assertEqual(zone["Config"], {"PrivateZone": False})
            roles = iam.list_roles()  # query
            self.assertNotIn("Roles", roles)
            self.assertIs(roles["IsTruncated"], False)
            self.assertEqual(error_of(lambda: iam.get_role(RoleName="no-such-role")), "NoSuchEntity")
            self.assertTrue(missing)
            self.assertEqual(error_message(lambda: iam.get_role(RoleName="no-such-role")), missing)
            status, report = self.strip("GET")
            self.assertEqual((status, report["stripped"]), (200, {
                "Route53.ListHostedZonesByName": ["HostedZones[].Name", "HostedZones[].CallerReference", "IsTruncated",
                                                  "MaxItems"],
                "IAM.ListRoles": ["Roles"]}))
        finally:
            self.assertEqual(self.strip("DELETE"), (200, {"stripping": False}))
        self.assertIn("Name", r53.list_hosted_zones_by_name(DNSName="strip.example.org")["HostedZones"][0])
        self.assertIn("Roles", iam.list_roles())
        self.assertIn("IAM.ListRoles", self.strip("GET")[1]["stripped"])  # the record stays until the next POST

    @covers("middleware.reply-stripping")
    def test_only_strips_exactly_the_paths_given_in_every_protocol_and_leaves_xml_byte_for_byte(self):
        iam, ecs, ec2, lam, s3 = (self.client(s) for s in ("iam", "ecs", "ec2", "lambda", "s3"))
        ecs.create_cluster(clusterName="strip")
        lam.create_function(FunctionName="strip-fn", Runtime="provided.al2023", Handler="bootstrap",
                            Role=self.make_role("strip-fn", "lambda.amazonaws.com"), Code={"ZipFile": bootstrap_zip()})
        s3.create_bucket(Bucket="strip-bucket")
        raw = raw_replies(iam)
        iam.list_roles()
        before = raw[-1]
        status, got = self.strip("POST", {"only": {
            "ecs.DescribeClusters": ["clusters[].clusterName"], "Lambda.GetFunctionConfiguration": ["FunctionName"],
            "IAM.ListRoles": ["Roles[].Arn", "IsTruncated"], "Amazon EC2.DescribeVpcs": ["Vpcs[].VpcId"],
            "S3.ListBuckets": ["Buckets[].Name"], "elbv2.DescribeLoadBalancers": ["LoadBalancers[].DNSName"]}})
        self.assertEqual(status, 200, got)
        self.assertIn("ElasticLoadBalancingv2.DescribeLoadBalancers", got["only"])  # under any of a service's names
        self.assertIn("ECS.DescribeClusters", got["only"])
        try:
            found = ecs.describe_clusters(clusters=["strip"])["clusters"][0]  # json
            self.assertNotIn("clusterName", found)
            self.assertTrue(found["clusterArn"].endswith("/strip"), found)
            self.assertNotIn("FunctionName", lam.get_function_configuration(FunctionName="strip-fn"))  # rest-json
            self.assertIn("FunctionName", lam.get_function(FunctionName="strip-fn")["Configuration"])  # another operation
            roles = iam.list_roles()  # query
            self.assertTrue(roles["Roles"])
            self.assertTrue(all("Arn" not in r and "RoleName" in r for r in roles["Roles"]), roles["Roles"][0])
            self.assertNotIn("IsTruncated", roles)
            unstamped = lambda body: re.sub(rb"<RequestId>[^<]*</RequestId>", b"", body)  # noqa: E731
            expected = re.sub(rb"<IsTruncated>[^<]*</IsTruncated>", b"", re.sub(rb"<Arn>[^<]*</Arn>", b"", before))
            self.assertEqual(unstamped(raw[-1]), unstamped(expected))
            vpcs = ec2.describe_vpcs()["Vpcs"]  # ec2
            self.assertTrue(vpcs and all("VpcId" not in v and "CidrBlock" in v for v in vpcs), vpcs[0])
            buckets = s3.list_buckets()["Buckets"]  # rest-xml
            self.assertTrue(buckets and all("Name" not in b and "CreationDate" in b for b in buckets), buckets)
            self.assertEqual(self.strip("GET")[1]["stripped"], {
                "ECS.DescribeClusters": ["clusters[].clusterName"], "Lambda.GetFunctionConfiguration": ["FunctionName"],
                "IAM.ListRoles": ["Roles[].Arn", "IsTruncated"], "EC2.DescribeVpcs": ["Vpcs[].VpcId"],
                "S3.ListBuckets": ["Buckets[].Name"]})
        finally:
            self.strip("DELETE")

    @covers("middleware.reply-stripping")
    def test_an_unknown_service_operation_or_path_and_a_configuration_that_strips_nothing_are_refused(self):
        for bad in ({"only": {"Nope.ListRoles": ["Roles"]}}, {"only": {"IAM.Nope": ["Roles"]}},
                    {"only": {"IAM.ListRoles": ["Roles[].Nope"]}}, {"only": {"IAM.ListRoles": ["Roles{}"]}},
                    {"keep": {"IAM.ListRoles": ["Roles"]}}, {"required": "yes"}, {"strip": True}):
            status, got = self.strip("POST", bad)
            self.assertEqual(status, 400, (bad, got))
            self.assertTrue(got.get("error"), (bad, got))
            self.assertNotIn("is disabled", got["error"])  # refused by the stripper, not absent
        self.assertIn("Roles", self.client("iam").list_roles())
