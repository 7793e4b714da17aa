import SlipwayConfig

/// What the operator needs for the web fronts: only when the file has a load balancer, or
/// `scaling` on a service.
extension OperatorPolicy {
    static func webFrontStatements(for desired: DesiredState) -> [PolicyDocument.Statement] {
        let arns = desired.arns
        let names = desired.names
        let file = desired.file
        let services = file.environments.flatMap { file.services(in: $0.name.value) }
        let region = arns.region, account = desired.account, partition = arns.partition
        var statements: [PolicyDocument.Statement] = []

        if file.loadBalancer != nil {
            let environments = file.environments.map(\.name.value)
            let balancers = environments.map { names.loadBalancer(environment: $0) }
            let elb = "arn:\(partition):elasticloadbalancing:\(region):\(account)"
            statements += [
                // EC2's and ELB's reads, ACM's list and Route 53's zone lookup authorize on no resource.
                .init(sid: "ReadWebFronts", actions: [
                    "acm:ListCertificates", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSecurityGroups",
                    "ec2:DescribeVpcs", "elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeLoadBalancerAttributes",
                    "elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeRules", "elasticloadbalancing:DescribeTags",
                    "elasticloadbalancing:DescribeTargetGroupAttributes", "elasticloadbalancing:DescribeTargetGroups",
                    "elasticloadbalancing:DescribeTargetHealth", "route53:ListHostedZonesByName",
                ], resources: ["*"]),
                // A security group's ARN holds its ID, which only exists once it is made.
                .init(sid: "SecurityGroups", actions: [
                    "ec2:AuthorizeSecurityGroupIngress", "ec2:CreateSecurityGroup", "ec2:CreateTags", "ec2:DeleteSecurityGroup",
                    "ec2:RevokeSecurityGroupIngress",
                ], resources: ["arn:\(partition):ec2:\(region):\(account):security-group/*", "arn:\(partition):ec2:\(region):\(account):vpc/*"]),
                .init(sid: "LoadBalancers", actions: [
                    "elasticloadbalancing:AddTags", "elasticloadbalancing:CreateListener", "elasticloadbalancing:CreateLoadBalancer",
                    "elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteListener", "elasticloadbalancing:DeleteLoadBalancer",
                    "elasticloadbalancing:DeleteRule", "elasticloadbalancing:ModifyListener",
                    "elasticloadbalancing:ModifyLoadBalancerAttributes", "elasticloadbalancing:ModifyRule",
                    "elasticloadbalancing:SetRulePriorities", "elasticloadbalancing:SetSecurityGroups", "elasticloadbalancing:SetSubnets",
                ], resources: balancers.flatMap { ["\(elb):loadbalancer/app/\($0)/*", "\(elb):listener/app/\($0)/*", "\(elb):listener-rule/app/\($0)/*"] }),
                .init(sid: "TargetGroups", actions: [
                    "elasticloadbalancing:AddTags", "elasticloadbalancing:CreateTargetGroup", "elasticloadbalancing:DeleteTargetGroup",
                    "elasticloadbalancing:ModifyTargetGroup", "elasticloadbalancing:ModifyTargetGroupAttributes",
                ], resources: unique(services.map { "\(elb):targetgroup/\($0.names.targetGroup)/*" })),
                serviceLinkedRole("ELBServiceLinkedRole", "elasticloadbalancing.amazonaws.com", "AWSServiceRoleForElasticLoadBalancing", desired),
            ]
            if file.environments.contains(where: { $0.domain != nil }) {
                statements += [
                    // A certificate's and a zone's ARNs hold IDs that only exist once they are made.
                    // RequestCertificate authorizes on no resource.
                    .init(sid: "RequestCertificates", actions: ["acm:RequestCertificate"], resources: ["*"]),
                    .init(sid: "Certificates", actions: [
                        "acm:AddTagsToCertificate", "acm:DeleteCertificate", "acm:DescribeCertificate", "acm:ListTagsForCertificate",
                    ], resources: ["arn:\(partition):acm:\(region):\(account):certificate/*"]),
                    .init(sid: "DomainRecords", actions: [
                        "route53:ChangeResourceRecordSets", "route53:GetHostedZone", "route53:ListResourceRecordSets",
                    ], resources: ["arn:\(partition):route53:::hostedzone/*"]),
                    .init(sid: "DomainChanges", actions: ["route53:GetChange"], resources: ["arn:\(partition):route53:::change/*"]),
                ]
            }
        }
        let cluster = file.cluster.name.value
        statements += [
            // Scalable targets are read by namespace, and named by an ID only AWS knows.
            .init(sid: "ReadScaling", actions: [
                "application-autoscaling:DescribeScalableTargets", "application-autoscaling:DescribeScalingPolicies",
            ], resources: ["*"]),
            .init(sid: "Scaling", actions: [
                "application-autoscaling:DeleteScalingPolicy", "application-autoscaling:DeregisterScalableTarget",
                "application-autoscaling:ListTagsForResource", "application-autoscaling:PutScalingPolicy",
                "application-autoscaling:RegisterScalableTarget", "application-autoscaling:TagResource",
            ], resources: ["arn:\(partition):application-autoscaling:\(region):\(account):scalable-target/*"]),
            // Target tracking makes and removes its CloudWatch alarms as the caller.
            .init(sid: "ScalingAlarms", actions: ["cloudwatch:DeleteAlarms", "cloudwatch:DescribeAlarms", "cloudwatch:PutMetricAlarm"],
                  resources: ["arn:\(partition):cloudwatch:\(region):\(account):alarm:TargetTracking-service/\(cluster)/\(desired.app)-*"]),
            serviceLinkedRole("ScalingServiceLinkedRole", "ecs.application-autoscaling.amazonaws.com",
                              "AWSServiceRoleForApplicationAutoScaling_ECSService", desired),
        ]
        return statements
    }

    static func serviceLinkedRole(_ sid: String, _ service: String, _ role: String, _ desired: DesiredState) -> PolicyDocument.Statement {
        .init(sid: sid, actions: ["iam:CreateServiceLinkedRole"],
              resources: ["arn:\(desired.arns.partition):iam::\(desired.account):role/aws-service-role/\(service)/\(role)"],
              condition: ["StringEquals": ["iam:AWSServiceName": service]])
    }
}
