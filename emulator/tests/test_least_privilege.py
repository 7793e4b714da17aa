"""Least privilege: a web service's whole lifecycle (security groups, balancer, target group, listener, rule,
certificate, DNS, service, scaling) as a user whose policy names only its resources; the same calls on other
names are denied."""

from tests.support import ACCOUNT, REGION, covers, error_code
from tests.web import TAGS, WebCase

ELB = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}"
FIXED_404 = [{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}]


class LeastPrivilegeTests(WebCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        elb, ecs = cls.client("elbv2"), cls.client("ecs")
        cls.zone_id = cls.zone("web.example.org")
        cls.lb = cls.balancer("web-a", Tags=TAGS)["LoadBalancerArn"]
        cls.tg = elb.create_target_group(Name="web-tg", Protocol="HTTP", Port=8005, VpcId=cls.vpc, TargetType="ip")[
            "TargetGroups"][0]["TargetGroupArn"]
        cls.https = elb.create_listener(LoadBalancerArn=cls.lb, Protocol="HTTPS", Port=443, DefaultActions=FIXED_404,
                                        SslPolicy="ELBSecurityPolicy-TLS13-1-2-2021-06", Certificates=[
                                            {"CertificateArn": cls.issued_certificate("web.example.org", cls.zone_id)}])[
            "Listeners"][0]["ListenerArn"]
        cls.tasks_sg = cls.group("web-tasks")
        # Application Auto Scaling's service-linked role exists already (made by an earlier target, as in an account
        # that scales): the user's policy need not allow iam:CreateServiceLinkedRole.
        ecs.create_cluster(clusterName="web")
        ecs.register_task_definition(family="web-api", networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256",
                                     memory="512", containerDefinitions=[{"name": "api", "image": "nginx",
                                                                         "portMappings": [{"containerPort": 8005}]}])
        ecs.create_service(cluster="web", serviceName="earlier", taskDefinition="web-api", desiredCount=0)
        earlier = dict(ServiceNamespace="ecs", ResourceId="service/web/earlier", ScalableDimension="ecs:service:DesiredCount")
        cls.client("application-autoscaling").register_scalable_target(**earlier, MinCapacity=0, MaxCapacity=1)
        cls.client("application-autoscaling").deregister_scalable_target(**earlier)

    def statements(self):
        ec2 = f"arn:aws:ec2:{REGION}:{ACCOUNT}"
        return [
            {"Effect": "Allow", "Action": ["ec2:Describe*", "elasticloadbalancing:Describe*", "acm:ListCertificates",
                                           "acm:RequestCertificate", "route53:ListHostedZonesByName",
                                           "application-autoscaling:Describe*"], "Resource": "*"},
            {"Effect": "Allow", "Action": ["ec2:CreateSecurityGroup"], "Resource": [f"{ec2}:vpc/{self.vpc}", f"{ec2}:security-group/*"]},
            {"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": f"{ec2}:security-group/*",
             "Condition": {"StringEquals": {"ec2:CreateAction": "CreateSecurityGroup"}}},
            {"Effect": "Allow", "Action": ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress",
                                           "ec2:DeleteSecurityGroup"], "Resource": f"{ec2}:security-group/*"},
            {"Effect": "Allow", "Action": "elasticloadbalancing:*", "Resource": [
                f"{ELB}:loadbalancer/app/lp-*", f"{ELB}:targetgroup/lp-*", f"{ELB}:listener/app/lp-*",
                f"{ELB}:listener-rule/app/lp-*"]},
            {"Effect": "Allow", "Action": ["acm:DescribeCertificate", "acm:DeleteCertificate", "acm:ListTagsForCertificate",
                                           "acm:AddTagsToCertificate"], "Resource": f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/*"},
            {"Effect": "Allow", "Action": ["route53:GetHostedZone", "route53:ChangeResourceRecordSets",
                                           "route53:ListResourceRecordSets"], "Resource": f"arn:aws:route53:::hostedzone/{self.zone_id}"},
            {"Effect": "Allow", "Action": "route53:GetChange", "Resource": "arn:aws:route53:::change/*"},
            {"Effect": "Allow", "Action": ["application-autoscaling:RegisterScalableTarget", "application-autoscaling:PutScalingPolicy",
                                           "application-autoscaling:DeleteScalingPolicy",
                                           "application-autoscaling:DeregisterScalableTarget", "application-autoscaling:TagResource"],
             "Resource": f"arn:aws:application-autoscaling:{REGION}:{ACCOUNT}:scalable-target/*"},
            {"Effect": "Allow", "Action": ["ecs:DescribeServices", "ecs:UpdateService"],
             "Resource": f"arn:aws:ecs:{REGION}:{ACCOUNT}:service/web/lp-*"},
            {"Effect": "Allow", "Action": ["cloudwatch:PutMetricAlarm", "cloudwatch:DescribeAlarms", "cloudwatch:DeleteAlarms"],
             "Resource": f"arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:TargetTracking-service/web/lp-*"},
        ]

    @covers("authorization.resources")
    def test_a_web_services_lifecycle_as_a_user_whose_policy_names_only_its_resources(self):
        ecs, statements = self.client("ecs"), self.statements()
        op = self.user("least-privilege", statements)
        ec2, elb, acm, r53, aas = op("ec2"), op("elbv2"), op("acm"), op("route53"), op("application-autoscaling")
        spec = [{"ResourceType": "security-group", "Tags": TAGS}]
        sg = ec2.create_security_group(GroupName="lp-lb", Description="lp", VpcId=self.vpc, TagSpecifications=spec)["GroupId"]
        ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
        lb = elb.create_load_balancer(Name="lp-prod", Subnets=self.two, SecurityGroups=[sg], Tags=TAGS)["LoadBalancers"][0][
            "LoadBalancerArn"]
        elb.modify_load_balancer_attributes(LoadBalancerArn=lb, Attributes=[{"Key": "idle_timeout.timeout_seconds", "Value": "30"}])
        tg = elb.create_target_group(Name="lp-web", Protocol="HTTP", Port=8005, VpcId=self.vpc, TargetType="ip", Tags=TAGS)[
            "TargetGroups"][0]["TargetGroupArn"]
        elb.modify_target_group_attributes(TargetGroupArn=tg, Attributes=[{"Key": "deregistration_delay.timeout_seconds", "Value": "5"}])
        listener = elb.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=80, Tags=TAGS, DefaultActions=FIXED_404)[
            "Listeners"][0]["ListenerArn"]
        rule = elb.create_rule(ListenerArn=listener, Priority=1, Tags=TAGS, Actions=[{"Type": "forward", "TargetGroupArn": tg}],
                               Conditions=[{"Field": "path-pattern", "PathPatternConfig": {"Values": ["/*"]}}])["Rules"][0]["RuleArn"]
        elb.set_rule_priorities(RulePriorities=[{"RuleArn": rule, "Priority": 2}])
        elb.describe_target_health(TargetGroupArn=tg)
        cert = acm.request_certificate(DomainName="lp.web.example.org", ValidationMethod="DNS", Tags=TAGS)["CertificateArn"]
        record = acm.describe_certificate(CertificateArn=cert)["Certificate"]["DomainValidationOptions"][0]["ResourceRecord"]
        r53.list_hosted_zones_by_name(DNSName="web.example.org", MaxItems="1")
        r53.get_hosted_zone(Id=self.zone_id)
        change = r53.change_resource_record_sets(HostedZoneId=self.zone_id, ChangeBatch={"Changes": [{
            "Action": "UPSERT", "ResourceRecordSet": {"Name": record["Name"], "Type": "CNAME", "TTL": 300,
                                                      "ResourceRecords": [{"Value": record["Value"]}]}}]})["ChangeInfo"]["Id"]
        r53.get_change(Id=change)
        ecs.create_service(cluster="web", serviceName="lp-web", taskDefinition="web-api", desiredCount=1, launchType="FARGATE",
                           networkConfiguration={"awsvpcConfiguration": {"subnets": self.two, "securityGroups": [self.tasks_sg]}},
                           loadBalancers=[{"targetGroupArn": tg, "containerName": "api", "containerPort": 8005}])
        target = dict(ServiceNamespace="ecs", ResourceId="service/web/lp-web", ScalableDimension="ecs:service:DesiredCount")
        aas.register_scalable_target(**target, MinCapacity=1, MaxCapacity=2, Tags={"slipway:app": "web"})
        aas.put_scaling_policy(PolicyName="lp-cpu", PolicyType="TargetTrackingScaling", **target,
                               TargetTrackingScalingPolicyConfiguration={"TargetValue": 60.0, "PredefinedMetricSpecification": {
                                   "PredefinedMetricType": "ECSServiceAverageCPUUtilization"}})
        other_zone = self.zone("other.example.org")
        denied = {
            "CreateTargetGroup other-web": lambda: elb.create_target_group(Name="other-web", Protocol="HTTP", Port=80,
                                                                           VpcId=self.vpc, TargetType="ip"),
            "DeleteTargetGroup web-tg": lambda: elb.delete_target_group(TargetGroupArn=self.tg),
            "DeleteListener of web-a": lambda: elb.delete_listener(ListenerArn=self.https),
            "ListResourceRecordSets of another zone": lambda: r53.list_resource_record_sets(HostedZoneId=other_zone),
            "RegisterScalableTarget of web-api": lambda: aas.register_scalable_target(
                **{**target, "ResourceId": "service/web/web-api"}, MinCapacity=1, MaxCapacity=2),
            "AddTags on web-a": lambda: elb.add_tags(ResourceArns=[self.lb], Tags=TAGS),
        }
        for name, call in denied.items():
            self.assertEqual(error_code(call), "AccessDenied", name)
        untagged = self.user("least-privilege-no-tags", [s for s in statements if s.get("Condition") is None])
        self.assertEqual(error_code(lambda: untagged("ec2").create_security_group(
            GroupName="lp-x", Description="x", VpcId=self.vpc, TagSpecifications=spec)), "UnauthorizedOperation")
        aas.deregister_scalable_target(**target)
        ecs.update_service(cluster="web", service="lp-web", desiredCount=0)
        ecs.delete_service(cluster="web", service="lp-web")
        elb.delete_rule(RuleArn=rule)
        elb.delete_listener(ListenerArn=listener)
        settle, web = self.emulator.control("GET", "/_slipway/settle")[1], self.post("/_slipway/web", {})
        self.advance(settle["targetGroupReleaseSeconds"])  # AWS lets go of a target group shortly after its listener
        elb.delete_target_group(TargetGroupArn=tg)
        elb.delete_load_balancer(LoadBalancerArn=lb)
        acm.delete_certificate(CertificateArn=cert)
        self.advance(web["eniReleaseSeconds"])  # and of the balancer's network interfaces
        ec2.delete_security_group(GroupId=sg)
