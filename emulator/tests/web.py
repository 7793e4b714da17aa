"""What the web services' tests share: the default VPC's subnets in two zones, security groups, balancers and
DNS-validated certificates issued through Route 53."""

from tests.support import EmulatorCase

TAGS = [{"Key": "slipway:app", "Value": "web"}]


class WebCase(EmulatorCase):
    environment = {"MOTO_ACM_VALIDATION_WAIT": "0"}  # what holds a certificate back is its DNS records alone

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ec2 = cls.client("ec2")
        cls.vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
        subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [cls.vpc]}])["Subnets"]
        cls.two = list({s["AvailabilityZone"]: s["SubnetId"] for s in subnets}.values())[:2]

    @classmethod
    def group(cls, name):
        return cls.client("ec2").create_security_group(GroupName=name, Description=name, VpcId=cls.vpc)["GroupId"]

    @classmethod
    def balancer(cls, name, **args):
        """An internet-facing ALB in two zones with a security group of its own name."""
        return cls.client("elbv2").create_load_balancer(Name=name, Subnets=cls.two, SecurityGroups=[cls.group(name)],
                                                        **args)["LoadBalancers"][0]

    @classmethod
    def zone(cls, name):
        return cls.client("route53").create_hosted_zone(Name=name, CallerReference=name)["HostedZone"]["Id"].split("/")[-1]

    @classmethod
    def issued_certificate(cls, domain, zone):
        """A DNS-validated certificate for `domain`, its CNAME in `zone`; ISSUED."""
        acm = cls.client("acm")
        arn = acm.request_certificate(DomainName=domain, ValidationMethod="DNS")["CertificateArn"]
        record = acm.describe_certificate(CertificateArn=arn)["Certificate"]["DomainValidationOptions"][0]["ResourceRecord"]
        cls.client("route53").change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [{
            "Action": "UPSERT", "ResourceRecordSet": {"Name": record["Name"], "Type": "CNAME", "TTL": 300,
                                                      "ResourceRecords": [{"Value": record["Value"]}]}}]})
        status = acm.describe_certificate(CertificateArn=arn)["Certificate"]["Status"]
        if status != "ISSUED":
            raise AssertionError(f"certificate {domain} is {status}")
        return arn
