"""ECS services on target groups (what AWS refuses of loadBalancers, the grace period kept, the simulated tasks as
the groups' targets) and Application Auto Scaling of a service's desired count."""

from tests.support import covers, error_code, eventually
from tests.web import TAGS, WebCase


class EcsServiceTests(WebCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        elb, ecs = cls.client("elbv2"), cls.client("ecs")
        cls.lb = cls.balancer("web-a", Tags=TAGS)["LoadBalancerArn"]
        cls.tg = elb.create_target_group(Name="web-tg", Protocol="HTTP", Port=8005, VpcId=cls.vpc, TargetType="ip")[
            "TargetGroups"][0]["TargetGroupArn"]
        elb.modify_target_group_attributes(TargetGroupArn=cls.tg, Attributes=[
            {"Key": "deregistration_delay.timeout_seconds", "Value": "1"}])
        elb.create_listener(LoadBalancerArn=cls.lb, Protocol="HTTP", Port=80, DefaultActions=[
            {"Type": "forward", "TargetGroupArn": cls.tg}])
        cls.tasks_sg = cls.group("web-tasks")
        ecs.create_cluster(clusterName="web")
        ecs.register_task_definition(family="web-api", networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256",
                                     memory="512", containerDefinitions=[{"name": "api", "image": "nginx",
                                                                         "portMappings": [{"containerPort": 8005}]}])
        cls.post("/_slipway/simulate", {"prefix": "web-", "rolloutSeconds": 1.0})

    def create(self, **args):
        network = {"awsvpcConfiguration": {"subnets": self.two, "securityGroups": [self.tasks_sg]}}
        return self.client("ecs").create_service(cluster="web", taskDefinition="web-api", desiredCount=2, launchType="FARGATE",
                                                 networkConfiguration=network, **args)["service"]

    @covers("ecs.load-balancers", "world.simulation")
    def test_services_on_target_groups_refuse_what_aws_refuses_and_their_tasks_are_the_targets(self):
        ecs, elb, ec2 = self.client("ecs"), self.client("elbv2"), self.client("ec2")
        lbs = [{"targetGroupArn": self.tg, "containerName": "api", "containerPort": 8005}]
        for bad in ({"healthCheckGracePeriodSeconds": 30}, {"loadBalancers": [{**lbs[0], "containerPort": 9999}]},
                    {"loadBalancers": [{**lbs[0], "containerName": "nope"}]},
                    {"loadBalancers": [{**lbs[0], "targetGroupArn": self.tg[:-4] + "0000"}]}):
            self.assertEqual(error_code(lambda: self.create(serviceName="web-bad", **bad)), "InvalidParameterException", bad)
        lonely = elb.create_target_group(Name="web-lonely", Protocol="HTTP", Port=80, VpcId=self.vpc, TargetType="ip")
        self.assertEqual(error_code(lambda: self.create(serviceName="web-bad", loadBalancers=[
            {**lbs[0], "targetGroupArn": lonely["TargetGroups"][0]["TargetGroupArn"]}])), "InvalidParameterException")
        service = self.create(serviceName="web-api", loadBalancers=lbs, healthCheckGracePeriodSeconds=60)
        self.assertEqual((service["healthCheckGracePeriodSeconds"], service["loadBalancers"]), (60, lbs))
        health = lambda: elb.describe_target_health(TargetGroupArn=self.tg)["TargetHealthDescriptions"]  # noqa: E731
        states = lambda: sorted(h["TargetHealth"]["State"] for h in health())  # noqa: E731
        first = health()
        self.assertEqual([h["TargetHealth"]["State"] for h in first], ["initial"] * 2)
        self.assertTrue(all(h["Target"]["Port"] == 8005 and h["TargetHealth"]["Reason"] == "Elb.RegistrationInProgress"
                            for h in first), first)
        task_enis = ec2.describe_network_interfaces(Filters=[{"Name": "group-id", "Values": [self.tasks_sg]}])
        self.assertEqual({e["PrivateIpAddress"] for e in task_enis["NetworkInterfaces"]}, {h["Target"]["Id"] for h in first})
        # The rollouts are simulated by the wall clock (world/rollouts.py): waited for.
        self.assertTrue(eventually(lambda: states() == ["healthy", "healthy"], 3), health())
        old = {h["Target"]["Id"] for h in health()}
        ecs.update_service(cluster="web", service="web-api", forceNewDeployment=True)
        self.assertEqual(sorted(h["TargetHealth"]["State"] for h in health()), ["healthy", "healthy", "initial", "initial"])
        self.assertTrue(eventually(lambda: {h["Target"]["Id"] for h in health() if h["TargetHealth"]["State"] == "draining"}
                                   == old, 3), health())
        self.assertTrue(eventually(lambda: states() == ["healthy", "healthy"] and not old & {h["Target"]["Id"] for h in health()},
                                   4), health())
        self.post("/_slipway/target-health", {"targetGroupArn": self.tg, "state": "unhealthy", "reason": "Target.ResponseCodeMismatch",
                                              "description": "Health checks failed with these codes: [502]"})
        self.assertEqual({(h["TargetHealth"]["State"], h["TargetHealth"]["Reason"]) for h in health()},
                         {("unhealthy", "Target.ResponseCodeMismatch")})
        self.post("/_slipway/target-health", {"targetGroupArn": self.tg, "state": None})
        self.assertEqual(states(), ["healthy", "healthy"])
        updated = ecs.update_service(cluster="web", service="web-api", loadBalancers=[], healthCheckGracePeriodSeconds=0)
        self.assertEqual((updated["service"]["loadBalancers"], states()), ([], ["draining", "draining"]))

    @covers("autoscaling.ecs-service-targets")
    def test_a_scalable_target_moves_the_desired_count_and_keeps_tags_policies_and_aws_errors(self):
        aas, ecs, iam = self.client("application-autoscaling"), self.client("ecs"), self.client("iam")
        self.create(serviceName="web-scale")
        resource = "service/web/web-scale"
        target = dict(ServiceNamespace="ecs", ResourceId=resource, ScalableDimension="ecs:service:DesiredCount")
        self.assertEqual(error_code(lambda: aas.register_scalable_target(**target)), "ValidationException")
        arn = aas.register_scalable_target(**target, MinCapacity=3, MaxCapacity=5, Tags={"slipway:app": "web"})["ScalableTargetARN"]
        got = aas.describe_scalable_targets(ServiceNamespace="ecs", ResourceIds=[resource])["ScalableTargets"][0]
        self.assertTrue(got["RoleARN"].endswith("/AWSServiceRoleForApplicationAutoScaling_ECSService"), got)
        iam.get_role(RoleName="AWSServiceRoleForApplicationAutoScaling_ECSService")
        self.assertEqual(ecs.describe_services(cluster="web", services=["web-scale"])["services"][0]["desiredCount"], 3)
        aas.tag_resource(ResourceARN=arn, Tags={"slipway:env": "prod"})
        self.assertEqual(aas.list_tags_for_resource(ResourceARN=arn)["Tags"], {"slipway:app": "web", "slipway:env": "prod"})
        aas.untag_resource(ResourceARN=arn, TagKeys=["slipway:env"])
        self.assertEqual(aas.list_tags_for_resource(ResourceARN=arn)["Tags"], {"slipway:app": "web"})
        label = f"{self.lb.split(':loadbalancer/')[1]}/{self.tg.split(':')[-1]}"
        policy = lambda name, metric, **spec: aas.put_scaling_policy(  # noqa: E731
            PolicyName=name, PolicyType="TargetTrackingScaling", **target, TargetTrackingScalingPolicyConfiguration={
                "TargetValue": 50.0, "PredefinedMetricSpecification": {"PredefinedMetricType": metric, **spec}})
        first = policy("web-scale-requests", "ALBRequestCountPerTarget", ResourceLabel=label)["PolicyARN"]
        self.assertEqual(policy("web-scale-requests", "ALBRequestCountPerTarget", ResourceLabel=label)["PolicyARN"], first)
        policy("web-scale-cpu", "ECSServiceAverageCPUUtilization")
        self.assertEqual(error_code(lambda: policy("x", "ALBRequestCountPerTarget", ResourceLabel="app/web-a/1/targetgroup/x/2")),
                         "ValidationException")
        self.assertEqual(error_code(lambda: policy("x", "ALBRequestCountPerTarget")), "ValidationException")
        self.assertEqual(error_code(lambda: aas.put_scaling_policy(
            PolicyName="x", PolicyType="TargetTrackingScaling", **{**target, "ResourceId": "service/web/web"},
            TargetTrackingScalingPolicyConfiguration={"TargetValue": 1.0, "PredefinedMetricSpecification": {
                "PredefinedMetricType": "ECSServiceAverageCPUUtilization"}})), "ObjectNotFoundException")
        named = aas.describe_scaling_policies(ServiceNamespace="ecs", ResourceId=resource, PolicyNames=["web-scale-cpu"])
        self.assertEqual([p["PolicyName"] for p in named["ScalingPolicies"]], ["web-scale-cpu"])
        self.assertEqual(aas.describe_scaling_policies(ServiceNamespace="ecs", ResourceId="service/web/web-scal")[
            "ScalingPolicies"], [])
        aas.delete_scaling_policy(PolicyName="web-scale-cpu", **target)
        self.assertEqual(error_code(lambda: aas.delete_scaling_policy(PolicyName="web-scale-cpu", **target)),
                         "ObjectNotFoundException")
        aas.deregister_scalable_target(**target)
        self.assertEqual(aas.describe_scaling_policies(ServiceNamespace="ecs", ResourceId=resource)["ScalingPolicies"], [])
        self.assertEqual(error_code(lambda: aas.deregister_scalable_target(**target)), "ObjectNotFoundException")
