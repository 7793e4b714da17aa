"""EC2: DependencyViolation for a security group in use (a balancer's interfaces, released a moment after it
goes; another group's rule), AWS's default VPC with its internet gateway, make_network.py's kinds of VPC."""

import json
import os
import subprocess
import sys

import boto3

from tests.support import EMULATOR, NO_RETRY, REGION, covers, error_code
from tests.web import WebCase


class Ec2Tests(WebCase):
    @covers("ec2.security-group-in-use")
    def test_a_security_group_in_use_by_an_interface_or_a_rule_is_DependencyViolation(self):
        ec2, elb = self.client("ec2"), self.client("elbv2")
        lb = self.balancer("sg-lb")
        lb_sg = lb["SecurityGroups"][0]
        enis = ec2.describe_network_interfaces(Filters=[{"Name": "group-id", "Values": [lb_sg]}])["NetworkInterfaces"]
        self.assertEqual(len(enis), 2)  # one a subnet
        self.assertTrue(all(e["Description"].startswith("ELB app/sg-lb/") for e in enis), enis)
        self.assertEqual(error_code(lambda: ec2.delete_security_group(GroupId=lb_sg)), "DependencyViolation")
        tasks_sg = self.group("sg-tasks")
        ec2.authorize_security_group_ingress(GroupId=tasks_sg, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 8005, "ToPort": 8005, "UserIdGroupPairs": [{"GroupId": lb_sg}]}])
        other = self.group("sg-other")
        ec2.authorize_security_group_ingress(GroupId=other, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "UserIdGroupPairs": [{"GroupId": tasks_sg}]}])
        self.assertEqual(error_code(lambda: ec2.delete_security_group(GroupId=tasks_sg)), "DependencyViolation")
        ec2.delete_security_group(GroupId=other)
        ec2.delete_security_group(GroupId=tasks_sg)
        default = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["default"]},
                                                        {"Name": "vpc-id", "Values": [self.vpc]}])["SecurityGroups"][0]
        self.assertEqual(error_code(lambda: ec2.delete_security_group(GroupId=default["GroupId"])), "CannotDelete")
        # The balancer's interfaces go eniReleaseSeconds after DeleteLoadBalancer.
        self.post("/_slipway/web", {"eniReleaseSeconds": 30})
        self.addCleanup(self.post, "/_slipway/web", {"eniReleaseSeconds": 2.0})  # its default
        elb.delete_load_balancer(LoadBalancerArn=lb["LoadBalancerArn"])
        self.assertEqual(error_code(lambda: ec2.delete_security_group(GroupId=lb_sg)), "DependencyViolation")
        self.advance(30)
        ec2.delete_security_group(GroupId=lb_sg)

    @covers("ec2.default-vpc")
    def test_every_regions_default_vpc_has_an_internet_gateway_and_a_default_route_to_it(self):
        env = self.emulator.env
        for region in (REGION, "eu-west-1"):
            ec2 = boto3.client("ec2", region_name=region, endpoint_url=self.emulator.url, config=NO_RETRY,
                               aws_access_key_id=env["AWS_ACCESS_KEY_ID"], aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"])
            vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
            gateways = ec2.describe_internet_gateways(Filters=[{"Name": "attachment.vpc-id", "Values": [vpc]}])["InternetGateways"]
            self.assertEqual(len(gateways), 1, gateways)
            self.assertEqual(gateways[0]["Attachments"], [{"State": "available", "VpcId": vpc}])
            main = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                                      {"Name": "association.main", "Values": ["true"]}])["RouteTables"]
            routes = {(r.get("DestinationCidrBlock"), r.get("GatewayId")) for r in main[0]["Routes"]}
            self.assertEqual(routes, {("172.31.0.0/16", "local"), ("0.0.0.0/0", gateways[0]["InternetGatewayId"])})

    def test_make_network_builds_each_kind_of_vpc_through_the_server(self):
        # public, private, NAT gateway, VPC endpoints (ecr.api, ecr.dkr, logs, s3 gateway), one zone; signatures
        # and model validation on.
        ec2, child = self.client("ec2"), {**os.environ, **self.emulator.env, "AWS_DEFAULT_REGION": REGION}
        built = {}
        for kind in ("public", "private", "nat", "endpoints", "one-zone"):
            done = subprocess.run([sys.executable, os.path.join(EMULATOR, "make_network.py"), kind], env=child,
                                  capture_output=True, text=True, timeout=60)
            self.assertEqual(done.returncode, 0, (kind, done.stderr[-2000:]))
            built[kind] = json.loads(done.stdout)

        def routes(subnet):
            tables = ec2.describe_route_tables(Filters=[{"Name": "association.subnet-id", "Values": [subnet]}])["RouteTables"]
            return {(r.get("DestinationCidrBlock"), (r.get("GatewayId") or r.get("NatGatewayId") or "")[:4])
                    for r in tables[0]["Routes"]}
        self.assertIn(("0.0.0.0/0", "igw-"), routes(built["public"]["subnets"][0]))
        private_cidr = ec2.describe_vpcs(VpcIds=[built["private"]["vpc"]])["Vpcs"][0]["CidrBlock"]
        self.assertEqual({r[0] for r in routes(built["private"]["subnets"][0])}, {private_cidr})
        self.assertIn(("0.0.0.0/0", "nat-"), routes(built["nat"]["subnets"][0]))
        nats = ec2.describe_nat_gateways(Filters=[{"Name": "vpc-id", "Values": [built["nat"]["vpc"]]}])["NatGateways"]
        self.assertEqual([n["SubnetId"] for n in nats], [built["nat"]["public_subnets"][0]])
        endpoints = ec2.describe_vpc_endpoints(Filters=[{"Name": "vpc-id", "Values": [built["endpoints"]["vpc"]]}])["VpcEndpoints"]
        self.assertEqual(sorted((e["ServiceName"].split(".", 3)[-1], e["VpcEndpointType"]) for e in endpoints),
                         [("ecr.api", "Interface"), ("ecr.dkr", "Interface"), ("logs", "Interface"), ("s3", "Gateway")])
        igws = ec2.describe_internet_gateways(Filters=[{"Name": "attachment.vpc-id", "Values": [built["public"]["vpc"]]}])
        self.assertEqual(len(igws["InternetGateways"]), 1)
