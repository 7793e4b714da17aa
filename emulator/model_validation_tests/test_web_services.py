"""The web services' calls (ELBv2, ACM, Application Auto Scaling, EC2 security groups, Route 53
aliases) as Slipway makes them pass; one broken request each is named."""

import unittest

from .support import ACCOUNT, REGION, messages, request


class WebServicesTests(unittest.TestCase):
    """The calls of web services (ELBv2 query, ACM and Application Auto Scaling JSON, EC2 security groups, Route 53
    alias records), as Slipway will make them: no violation; and one broken request each."""

    LB = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:loadbalancer/app/dbmi-prod/50dc6c495c0c9188"
    TG = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/dbmi-prod-web/73e2d6bc24d8a067"
    LISTENER = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:listener/app/dbmi-prod/50dc6c495c0c9188/f2f7dc8efc522ab2"
    TAGS = [{"Key": "slipway:app", "Value": "dbmi"}, {"Key": "slipway:env", "Value": "prod"}]

    def test_valid_requests_pass(self):
        calls = [
            ("elbv2", "create_load_balancer", {"Name": "dbmi-prod", "Subnets": ["subnet-0aa", "subnet-0bb"], "SecurityGroups": ["sg-0a"],
                                               "Scheme": "internet-facing", "Type": "application", "IpAddressType": "ipv4", "Tags": self.TAGS}),
            ("elbv2", "modify_load_balancer_attributes", {"LoadBalancerArn": self.LB, "Attributes": [
                {"Key": "idle_timeout.timeout_seconds", "Value": "60"}]}),
            ("elbv2", "create_target_group", {"Name": "dbmi-prod-web", "Protocol": "HTTP", "Port": 8005, "VpcId": "vpc-0a",
                                              "TargetType": "ip", "HealthCheckPath": "/healthz", "HealthCheckIntervalSeconds": 15,
                                              "HealthCheckTimeoutSeconds": 5, "HealthyThresholdCount": 2, "UnhealthyThresholdCount": 3,
                                              "Matcher": {"HttpCode": "200-399"}, "Tags": self.TAGS}),
            ("elbv2", "modify_target_group_attributes", {"TargetGroupArn": self.TG, "Attributes": [
                {"Key": "deregistration_delay.timeout_seconds", "Value": "30"}]}),
            ("elbv2", "create_listener", {"LoadBalancerArn": self.LB, "Protocol": "HTTPS", "Port": 443,
                                          "SslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
                                          "Certificates": [{"CertificateArn": f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/1-2-3"}],
                                          "DefaultActions": [{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}]}),
            ("elbv2", "create_listener", {"LoadBalancerArn": self.LB, "Protocol": "HTTP", "Port": 80, "DefaultActions": [
                {"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}]}),
            ("elbv2", "create_rule", {"ListenerArn": self.LISTENER, "Priority": 10, "Actions": [{"Type": "forward", "TargetGroupArn": self.TG}],
                                      "Conditions": [{"Field": "host-header", "HostHeaderConfig": {"Values": ["auth.dbmi.example.org"]}}]}),
            ("elbv2", "set_rule_priorities", {"RulePriorities": [{"RuleArn": self.LISTENER.replace(":listener/", ":listener-rule/") + "/9",
                                                                  "Priority": 20}]}),
            ("elbv2", "describe_target_health", {"TargetGroupArn": self.TG}),
            ("elbv2", "describe_tags", {"ResourceArns": [self.LB, self.TG]}),
            ("acm", "request_certificate", {"DomainName": "dbmi.example.org", "SubjectAlternativeNames": ["*.dbmi.example.org"],
                                            "ValidationMethod": "DNS", "IdempotencyToken": "dbmiprod", "Tags": self.TAGS}),
            ("acm", "list_certificates", {"CertificateStatuses": ["ISSUED", "PENDING_VALIDATION"]}),
            ("application-autoscaling", "register_scalable_target", {
                "ServiceNamespace": "ecs", "ResourceId": "service/dbmi/dbmi-prod-web", "ScalableDimension": "ecs:service:DesiredCount",
                "MinCapacity": 1, "MaxCapacity": 6, "Tags": {"slipway:app": "dbmi"}}),
            ("application-autoscaling", "put_scaling_policy", {
                "PolicyName": "dbmi-prod-web-requests", "ServiceNamespace": "ecs", "ResourceId": "service/dbmi/dbmi-prod-web",
                "ScalableDimension": "ecs:service:DesiredCount", "PolicyType": "TargetTrackingScaling",
                "TargetTrackingScalingPolicyConfiguration": {"TargetValue": 500.0, "PredefinedMetricSpecification": {
                    "PredefinedMetricType": "ALBRequestCountPerTarget",
                    "ResourceLabel": "app/dbmi-prod/50dc6c495c0c9188/targetgroup/dbmi-prod-web/73e2d6bc24d8a067"}}}),
            ("resourcegroupstaggingapi", "get_resources", {"TagFilters": [{"Key": "slipway:app", "Values": ["dbmi"]}]}),
            ("ec2", "create_security_group", {"GroupName": "dbmi-prod-lb", "Description": "Slipway: dbmi prod load balancer",
                                              "VpcId": "vpc-0a", "TagSpecifications": [{"ResourceType": "security-group", "Tags": self.TAGS}]}),
            ("ec2", "authorize_security_group_ingress", {"GroupId": "sg-0b", "IpPermissions": [
                {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "anyone"}]},
                {"IpProtocol": "tcp", "FromPort": 8005, "ToPort": 8005, "UserIdGroupPairs": [{"GroupId": "sg-0a"}]}]}),
            ("ec2", "describe_security_groups", {"Filters": [{"Name": "tag:slipway:app", "Values": ["dbmi"]},
                                                             {"Name": "vpc-id", "Values": ["vpc-0a"]}]}),
            ("ec2", "describe_network_interfaces", {"Filters": [{"Name": "group-id", "Values": ["sg-0a"]}]}),
            ("route53", "list_hosted_zones_by_name", {"DNSName": "dbmi.example.org", "MaxItems": "1"}),
            ("route53", "change_resource_record_sets", {"HostedZoneId": "Z0123456789ABCDEFGHIJ", "ChangeBatch": {"Changes": [
                {"Action": "UPSERT", "ResourceRecordSet": {"Name": "auth.dbmi.example.org", "Type": "A", "AliasTarget": {
                    "HostedZoneId": "Z35SXDOTRQ7X7K", "DNSName": "dualstack.dbmi-prod-1.us-east-1.elb.amazonaws.com",
                    "EvaluateTargetHealth": True}}}]}}),
            ("route53", "get_change", {"Id": "/change/C0123456789ABCDEFGHIJ"}),
        ]
        for service, operation, params in calls:
            with self.subTest(f"{service} {operation}"):
                self.assertEqual(messages(request(service, operation, params)), [])

    def test_broken_requests_are_named(self):
        self.assertEqual(messages(request("elbv2", "create_target_group", {"Name": "t", "Port": 70000}, validate=False)),
                         ["Elastic Load Balancing v2 CreateTargetGroup: Port: value 70000 is over the model's max 65535"])
        self.assertEqual(messages(request("elbv2", "create_rule", {
            "ListenerArn": self.LISTENER, "Priority": 0, "Actions": [{"Type": "forward", "TargetGroupArn": self.TG}],
            "Conditions": []}, validate=False)),
            ["Elastic Load Balancing v2 CreateRule: Priority: value 0 is under the model's min 1"])
        self.assertEqual(messages(request("acm", "request_certificate", {"DomainName": "dbmi.example.org", "ValidationMethod": "CNAME"},
                                          validate=False)),
                         ["ACM RequestCertificate: ValidationMethod: \"CNAME\" is not one of the model's enum values (EMAIL, DNS, HTTP)"])
        got = messages(request("application-autoscaling", "register_scalable_target", {
            "ServiceNamespace": "ecs", "ResourceId": "service/c/s", "ScalableDimension": "ecs:service:Count"}, validate=False))
        self.assertEqual(len(got), 1)
        self.assertTrue(got[0].startswith("Application Auto Scaling RegisterScalableTarget: ScalableDimension: "
                                          "\"ecs:service:Count\" is not one of the model's enum values (ecs:service:DesiredCount"), got)
        got = messages(request("ec2", "create_security_group", {"GroupName": "g", "Description": "d",
                                                                "TagSpecifications": [{"ResourceType": "sg"}]}, validate=False))
        self.assertEqual(len(got), 1)
        self.assertTrue(got[0].startswith("EC2 CreateSecurityGroup: TagSpecifications[0].ResourceType: \"sg\" is not one of "
                                          "the model's enum values"), got)
        self.assertEqual(messages(request("route53", "change_resource_record_sets", {
            "HostedZoneId": "Z1", "ChangeBatch": {"Changes": [{"Action": "UPSERT", "ResourceRecordSet": {
                "Name": "a.b", "Type": "A", "AliasTarget": {"HostedZoneId": "Z35SXDOTRQ7X7K", "DNSName": "x"}}}]}}, validate=False)),
            ["Route 53 ChangeResourceRecordSets: ChangeBatch.Changes[0].ResourceRecordSet.AliasTarget.EvaluateTargetHealth: "
             "required member is missing"])
