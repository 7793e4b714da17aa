"""Builds a VPC in the running emulator, shaped one of the ways a real account's network can be,
for tests of what `slipway plan` warns about. Prints {"vpc", "subnets": [id, id]} as JSON.

    AWS_ENDPOINT_URL=… AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… .venv/bin/python emulator/make_network.py KIND

KIND:
  public     two subnets in two zones, routed to an internet gateway
  private    two subnets in two zones with only the VPC's local route
  nat        private subnets routed through a NAT gateway (which sits in a public subnet)
  endpoints  private subnets, and VPC endpoints for ecr.api, ecr.dkr, logs and s3
  one-zone   two public subnets in the same zone
"""
import json
import os
import random
import sys

import boto3


KINDS = ("public", "private", "nat", "endpoints", "one-zone")


def main(kind):
    if kind not in KINDS:
        raise SystemExit(f"unknown kind {kind}: one of {', '.join(KINDS)}")
    # The endpoint, keys and region come from the AWS_* variables, as for any boto3 client.
    ec2 = boto3.client("ec2", region_name=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION"))
    region = ec2.meta.region_name
    second = random.randint(0, 255)
    vpc = ec2.create_vpc(CidrBlock=f"10.{second}.0.0/16")["Vpc"]["VpcId"]
    zones = [f"{region}a", f"{region}a" if kind == "one-zone" else f"{region}b"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.{second}.{i}.0/24", AvailabilityZone=zone)["Subnet"]["SubnetId"]
               for i, zone in enumerate(zones)]
    table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    for subnet in subnets:
        ec2.associate_route_table(RouteTableId=table, SubnetId=subnet)

    gateway = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=gateway, VpcId=vpc)
    if kind in ("public", "one-zone"):
        public = subnets
        ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", GatewayId=gateway)
    else:
        public = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.{second}.{10 + i}.0/24", AvailabilityZone=zone)["Subnet"]["SubnetId"]
                  for i, zone in enumerate([f"{region}a", f"{region}b"])]
        public_table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
        for subnet in public:
            ec2.associate_route_table(RouteTableId=public_table, SubnetId=subnet)
        ec2.create_route(RouteTableId=public_table, DestinationCidrBlock="0.0.0.0/0", GatewayId=gateway)
    if kind == "nat":
        address = ec2.allocate_address(Domain="vpc")["AllocationId"]
        nat = ec2.create_nat_gateway(SubnetId=public[0], AllocationId=address)["NatGateway"]["NatGatewayId"]
        ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat)
    elif kind == "endpoints":
        for service in ("ecr.api", "ecr.dkr", "logs"):
            ec2.create_vpc_endpoint(VpcId=vpc, ServiceName=f"com.amazonaws.{region}.{service}", VpcEndpointType="Interface",
                                    SubnetIds=subnets)
        ec2.create_vpc_endpoint(VpcId=vpc, ServiceName=f"com.amazonaws.{region}.s3", VpcEndpointType="Gateway",
                                RouteTableIds=[table])
    print(json.dumps({"vpc": vpc, "subnets": subnets, "public_subnets": public}))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(sys.argv[1])
