"""Elastic Load Balancing as AWS answers for an ALB: CreateLoadBalancer's implicit checks, DNS names and zones,
idempotent creates, target groups, listeners and certificates, the tagging API over listeners and rules, and
target groups and certificates let go a moment after their listener."""

from tests.support import ACCOUNT, REGION, covers, error_code, error_message, error_of
from tests.web import TAGS, WebCase

FIXED_404 = [{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}]


class FirstBalancerTests(WebCase):
    """An emulator of its own: the service-linked role is made by the account's first balancer."""

    @covers("authorization.resources")
    def test_create_load_balancer_checks_add_tags_and_the_first_time_create_service_linked_role(self):
        iam, sg = self.client("iam"), self.group("web-lb")
        lb_arn = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:loadbalancer/app"
        create = [{"Effect": "Allow", "Action": ["elasticloadbalancing:CreateLoadBalancer"], "Resource": f"{lb_arn}/web-*"}]
        tagging = {"Effect": "Allow", "Action": "elasticloadbalancing:AddTags", "Resource": "*",
                   "Condition": {"StringEquals": {"elasticloadbalancing:CreateAction": "CreateLoadBalancer"}}}
        role = {"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*",
                "Condition": {"StringEquals": {"iam:AWSServiceName": "elasticloadbalancing.amazonaws.com"}}}
        args = dict(Name="web-a", Subnets=self.two, SecurityGroups=[sg], Tags=TAGS)
        message = error_message(lambda: self.user("web-lb-1", create)("elbv2").create_load_balancer(**args))
        self.assertIn(f"elasticloadbalancing:AddTags on resource: {lb_arn}/web-a/*", message)
        message = error_message(lambda: self.user("web-lb-2", create + [tagging])("elbv2").create_load_balancer(**args))
        self.assertIn("iam:CreateServiceLinkedRole", message)
        self.assertIn("AWSServiceRoleForElasticLoadBalancing", message)
        self.assertEqual(error_code(lambda: iam.get_role(RoleName="AWSServiceRoleForElasticLoadBalancing")), "NoSuchEntity")
        self.user("web-lb-3", create + [tagging, role])("elbv2").create_load_balancer(**args)
        self.assertEqual(iam.get_role(RoleName="AWSServiceRoleForElasticLoadBalancing")["Role"]["Path"],
                         "/aws-service-role/elasticloadbalancing.amazonaws.com/")
        self.assertEqual(error_code(lambda: self.user("web-lb-4", create)("elbv2").create_load_balancer(
            Name="other", Subnets=self.two, SecurityGroups=[sg])), "AccessDenied")


class LoadBalancerTests(WebCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lb = cls.balancer("web-a", Tags=TAGS)
        cls.zone_id = cls.zone("web.example.org")

    @covers("elbv2.application-load-balancers")
    def test_an_alb_has_the_regions_zone_aws_dns_names_two_zones_aws_attributes_and_idempotent_creates(self):
        elb, lb = self.client("elbv2"), self.lb
        self.assertEqual(lb["CanonicalHostedZoneId"], "Z35SXDOTRQ7X7K")
        self.assertRegex(lb["DNSName"], r"^web-a-\d{10}\.us-east-1\.elb\.amazonaws\.com$")
        internal = elb.create_load_balancer(Name="web-int", Subnets=self.two, SecurityGroups=lb["SecurityGroups"],
                                            Scheme="internal")["LoadBalancers"][0]
        self.assertTrue(internal["DNSName"].startswith("internal-web-int-"), internal["DNSName"])
        elb.delete_load_balancer(LoadBalancerArn=internal["LoadBalancerArn"])
        self.assertEqual(error_code(lambda: elb.create_load_balancer(Name="web-b", Subnets=self.two[:1])), "ValidationError")
        self.assertEqual(error_code(lambda: elb.create_load_balancer(Name="web-b", Subnets=self.two,
                                                                     SecurityGroups=["sg-12345678"])), "InvalidSecurityGroup")
        again = elb.create_load_balancer(Name="web-a", Subnets=self.two, SecurityGroups=lb["SecurityGroups"], Tags=TAGS)
        self.assertEqual(again["LoadBalancers"][0]["LoadBalancerArn"], lb["LoadBalancerArn"])
        self.assertEqual(error_code(lambda: elb.create_load_balancer(Name="web-a", Subnets=self.two, Scheme="internal")),
                         "DuplicateLoadBalancerName")
        attributes = {a["Key"]: a["Value"] for a in elb.describe_load_balancer_attributes(
            LoadBalancerArn=lb["LoadBalancerArn"])["Attributes"]}
        self.assertEqual((attributes["idle_timeout.timeout_seconds"], attributes["routing.http2.enabled"]), ("60", "true"))
        self.assertEqual(error_code(lambda: elb.describe_load_balancers(Names=["web-a", "nope"])), "LoadBalancerNotFound")

    @covers("elbv2.application-load-balancers")
    def test_target_groups_are_idempotent_and_take_their_arns_from_the_rules_that_forward(self):
        elb, lb = self.client("elbv2"), self.lb["LoadBalancerArn"]
        args = dict(Name="web-tg", Protocol="HTTP", Port=8005, VpcId=self.vpc, TargetType="ip", HealthCheckPath="/healthz")
        tg = elb.create_target_group(**args)["TargetGroups"][0]["TargetGroupArn"]
        self.assertEqual(elb.create_target_group(**args)["TargetGroups"][0]["TargetGroupArn"], tg)
        self.assertEqual(error_code(lambda: elb.create_target_group(**{**args, "Port": 9000})), "DuplicateTargetGroupName")
        delay = lambda seconds: [{"Key": "deregistration_delay.timeout_seconds", "Value": seconds}]  # noqa: E731
        elb.modify_target_group_attributes(TargetGroupArn=tg, Attributes=delay("3600"))
        self.assertEqual(error_code(lambda: elb.modify_target_group_attributes(TargetGroupArn=tg, Attributes=delay("3601"))),
                         "ValidationError")
        elb.modify_target_group_attributes(TargetGroupArn=tg, Attributes=delay("1"))
        self.assertEqual(elb.describe_target_groups(LoadBalancerArn=lb)["TargetGroups"], [])
        listener = elb.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=80, DefaultActions=FIXED_404)["Listeners"][0]
        self.assertNotIn("SslPolicy", listener)
        for priority, path in ((10, "/a"), (20, "/b")):
            elb.create_rule(ListenerArn=listener["ListenerArn"], Priority=priority, Actions=[
                {"Type": "forward", "TargetGroupArn": tg}],
                Conditions=[{"Field": "path-pattern", "PathPatternConfig": {"Values": [path]}}])
        self.assertEqual(elb.describe_target_groups(Names=["web-tg"])["TargetGroups"][0]["LoadBalancerArns"], [lb])

    @covers("elbv2.application-load-balancers", "acm.dns-validation")
    def test_https_listeners_need_an_issued_certificate_and_a_port_of_their_own_and_keep_it_in_use(self):
        elb, acm, lb = self.client("elbv2"), self.client("acm"), self.lb["LoadBalancerArn"]
        cert = self.issued_certificate("https.web.example.org", self.zone_id)
        pending = acm.request_certificate(DomainName="pending.example.org", ValidationMethod="DNS")["CertificateArn"]
        https = dict(LoadBalancerArn=lb, Protocol="HTTPS", Port=443, SslPolicy="ELBSecurityPolicy-TLS13-1-2-2021-06",
                     DefaultActions=FIXED_404)
        self.assertEqual(error_code(lambda: elb.create_listener(**https, Certificates=[{"CertificateArn": pending}])),
                         "UnsupportedCertificate")
        self.assertEqual(error_code(lambda: elb.create_listener(**https)), "ValidationError")
        self.assertEqual(error_code(lambda: elb.create_listener(**{**https, "SslPolicy": "ELBSecurityPolicy-Nope"},
                                                                Certificates=[{"CertificateArn": cert}])), "SSLPolicyNotFound")
        listener = elb.create_listener(**https, Certificates=[{"CertificateArn": cert}])["Listeners"][0]
        again = elb.create_listener(**https, Certificates=[{"CertificateArn": cert}])["Listeners"][0]
        self.assertEqual(again["ListenerArn"], listener["ListenerArn"])
        self.assertEqual(error_code(lambda: elb.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=443,
                                                                DefaultActions=FIXED_404)), "DuplicateListener")
        self.assertEqual(acm.describe_certificate(CertificateArn=cert)["Certificate"]["InUseBy"], [lb])
        self.assertEqual(error_code(lambda: acm.delete_certificate(CertificateArn=cert)), "ResourceInUseException")
        acm.delete_certificate(CertificateArn=pending)
        elb.delete_listener(ListenerArn=listener["ListenerArn"])

    @covers("elbv2.application-load-balancers")
    def test_the_tagging_api_lists_listeners_and_rules_with_the_balancers(self):
        elb, lb = self.client("elbv2"), self.lb["LoadBalancerArn"]
        listener = elb.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=8443, DefaultActions=FIXED_404, Tags=TAGS)[
            "Listeners"][0]["ListenerArn"]
        rule = elb.create_rule(ListenerArn=listener, Priority=5, Actions=FIXED_404, Tags=TAGS, Conditions=[
            {"Field": "path-pattern", "PathPatternConfig": {"Values": ["/x"]}}])["Rules"][0]["RuleArn"]
        found = self.client("resourcegroupstaggingapi").get_resources(TagFilters=[{"Key": "slipway:app", "Values": ["web"]}])
        self.assertLessEqual({listener, rule, lb}, {m["ResourceARN"] for m in found["ResourceTagMappingList"]})

    @covers("elbv2.late-release")
    def test_a_target_group_and_a_certificate_are_let_go_a_moment_after_their_listener(self):
        elb, acm, lb = self.client("elbv2"), self.client("acm"), self.lb["LoadBalancerArn"]
        settle = self.emulator.control("GET", "/_slipway/settle")[1]
        self.assertTrue(settle["targetGroupReleaseSeconds"] > 0 and settle["certificateReleaseSeconds"] > 0, settle)
        tg = elb.create_target_group(Name="late-tg", Protocol="HTTP", Port=80, VpcId=self.vpc, TargetType="ip")[
            "TargetGroups"][0]["TargetGroupArn"]
        listener = elb.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=8081, DefaultActions=[
            {"Type": "forward", "TargetGroupArn": tg}])["Listeners"][0]["ListenerArn"]
        self.assertEqual(error_of(lambda: elb.delete_target_group(TargetGroupArn=tg)), "ResourceInUse")
        elb.delete_listener(ListenerArn=listener)
        self.assertEqual(error_message(lambda: elb.delete_target_group(TargetGroupArn=tg)),
                         f"The target group '{tg}' is currently in use by a listener or a rule")
        self.advance(settle["targetGroupReleaseSeconds"])
        elb.delete_target_group(TargetGroupArn=tg)
        cert = self.issued_certificate("late.web.example.org", self.zone_id)
        https = elb.create_listener(LoadBalancerArn=lb, Protocol="HTTPS", Port=8444, DefaultActions=FIXED_404,
                                    Certificates=[{"CertificateArn": cert}])["Listeners"][0]["ListenerArn"]
        elb.delete_listener(ListenerArn=https)
        self.assertEqual(acm.describe_certificate(CertificateArn=cert)["Certificate"]["InUseBy"], [lb])
        self.assertEqual(error_of(lambda: acm.delete_certificate(CertificateArn=cert)), "ResourceInUseException")
        self.advance(settle["certificateReleaseSeconds"])
        self.assertEqual(acm.describe_certificate(CertificateArn=cert)["Certificate"]["InUseBy"], [])
        acm.delete_certificate(CertificateArn=cert)
