"""Application Auto Scaling of an ECS service's desired count, as AWS answers it."""

import json
import re

from moto.applicationautoscaling import models as aas_models
from moto.applicationautoscaling import responses as aas_responses
from moto.applicationautoscaling.models import FakeApplicationAutoscalingPolicy
from moto.core.exceptions import JsonRESTError
from moto.elbv2.models import elbv2_backends
from moto.utilities.utils import get_partition

from slipway_emulator import authorization
from slipway_emulator import web
from slipway_emulator.world.state import WORLD


def _aas_error(code, message):
    return JsonRESTError(code, message)


def _aas_target(backend, namespace, resource_id, dimension):
    target = backend.targets.get(dimension, {}).get(resource_id)
    if target is None or target.service_namespace != namespace:
        raise _aas_error("ObjectNotFoundException", f"No scalable target registered for service namespace: {namespace}, "
                                                    f"resource ID: {resource_id}, scalable dimension: {dimension}")
    return target


def _aas_register_scalable_target(self):
    body = authorization._body(self)
    backend = self.applicationautoscaling_backend
    namespace, resource_id, dimension = body.get("ServiceNamespace"), body.get("ResourceId"), body.get("ScalableDimension")
    existing = backend.targets.get(dimension, {}).get(resource_id)
    low, high = body.get("MinCapacity"), body.get("MaxCapacity")
    if existing is None and (low is None or high is None):
        raise _aas_error("ValidationException", "MinCapacity and MaxCapacity are required to register a scalable target")
    low = existing.min_capacity if low is None else low
    high = existing.max_capacity if high is None else high
    if low > high:
        raise _aas_error("ValidationException", f"Minimum capacity {low} cannot be greater than maximum capacity {high}")
    role = body.get("RoleARN")
    if namespace == "ecs" and not role:
        role = web.service_linked_role_arn(self.current_account, web.AAS_ECS_SLR)
        web.ensure_service_linked_role(self.current_account, web.AAS_ECS_SLR)
    target = backend.register_scalable_target(namespace, resource_id, dimension, min_capacity=body.get("MinCapacity"),
                                              max_capacity=body.get("MaxCapacity"), role_arn=role,
                                              suspended_state=body.get("SuspendedState"))
    if target.role_arn is None:
        target.role_arn = role
    if target.suspended_state is None:
        target.suspended_state = {"DynamicScalingInSuspended": False, "DynamicScalingOutSuspended": False,
                                  "ScheduledScalingSuspended": False}
    if body.get("Tags"):
        WORLD.aas_tags.setdefault(target.arn, {}).update(body["Tags"])
    if namespace == "ecs":
        _, cluster, service_name = resource_id.split("/")
        services, _ = backend.ecs_backend.describe_services(cluster, [service_name])
        for service in services:
            wanted = min(max(service.desired_count, target.min_capacity), target.max_capacity)
            if wanted != service.desired_count:
                # Application Auto Scaling moves the count inside the range, as AWS does on registration.
                backend.ecs_backend.update_service({"cluster": cluster, "service": service_name, "desired_count": wanted})
    return json.dumps({"ScalableTargetARN": target.arn})


def _aas_delete_policy(backend, key):
    policy = backend.policies.pop(key)
    policy.delete_alarms(backend.account_id, backend.region_name)


def _aas_deregister_scalable_target(self):
    body = authorization._body(self)
    backend = self.applicationautoscaling_backend
    target = _aas_target(backend, body.get("ServiceNamespace"), body.get("ResourceId"), body.get("ScalableDimension"))
    for key, policy in list(backend.policies.items()):
        if (policy.service_namespace, policy.resource_id, policy.scalable_dimension) == \
                (target.service_namespace, target.resource_id, target.scalable_dimension):
            _aas_delete_policy(backend, key)
    del backend.targets[target.scalable_dimension][target.resource_id]
    WORLD.aas_tags.pop(target.arn, None)
    return json.dumps({})


def _resource_label_problem(account, region, label):
    match = re.fullmatch(r"app/([^/]+)/([0-9a-f]+)/targetgroup/([^/]+)/([0-9a-f]+)", label or "")
    if match is None:
        return f"ResourceLabel '{label}' is not app/<load-balancer-name>/<id>/targetgroup/<target-group-name>/<id>"
    backend = elbv2_backends[account][region]
    lb_arn = f"arn:{get_partition(region)}:elasticloadbalancing:{region}:{account}:loadbalancer/app/{match[1]}/{match[2]}"
    tg_arn = f"arn:{get_partition(region)}:elasticloadbalancing:{region}:{account}:targetgroup/{match[3]}/{match[4]}"
    if lb_arn not in backend.load_balancers or tg_arn not in backend.target_groups:
        return f"ResourceLabel '{label}' names no load balancer and target group of this account and Region"
    if lb_arn not in backend.target_groups[tg_arn].load_balancer_arns:
        return f"Target group '{match[3]}' is not attached to load balancer '{match[1]}'"
    return None


def _aas_put_scaling_policy(self):
    body = authorization._body(self)
    backend = self.applicationautoscaling_backend
    namespace, resource_id, dimension = body.get("ServiceNamespace"), body.get("ResourceId"), body.get("ScalableDimension")
    _aas_target(backend, namespace, resource_id, dimension)
    config = body.get("TargetTrackingScalingPolicyConfiguration") or {}
    spec = config.get("PredefinedMetricSpecification") or {}
    if spec.get("PredefinedMetricType") == "ALBRequestCountPerTarget":
        problem = _resource_label_problem(self.current_account, self.region, spec.get("ResourceLabel"))
        if problem:
            raise _aas_error("ValidationException", problem)
    elif spec.get("ResourceLabel"):
        raise _aas_error("ValidationException", f"ResourceLabel is only for ALBRequestCountPerTarget, not {spec.get('PredefinedMetricType')}")
    key = FakeApplicationAutoscalingPolicy.formulate_key(namespace, resource_id, dimension, body.get("PolicyName"))
    old = backend.policies.get(key)
    if old is not None:
        old.delete_alarms(backend.account_id, backend.region_name)
    policy = backend.put_scaling_policy(policy_name=body.get("PolicyName"), service_namespace=namespace, resource_id=resource_id,
                                        scalable_dimension=dimension, policy_type=body.get("PolicyType"),
                                        policy_body=body.get("StepScalingPolicyConfiguration", config))
    if old is not None:  # an update keeps the policy's ARN and creation time
        policy.policy_arn, policy.creation_time = old.policy_arn, old.creation_time
    return json.dumps({"PolicyARN": policy.policy_arn,
                       "Alarms": [{"AlarmARN": a.alarm_arn, "AlarmName": a.name} for a in policy.alarms]})


def _aas_describe_scaling_policies(self):
    from moto.applicationautoscaling.responses import _build_policy
    body = authorization._body(self)
    backend = self.applicationautoscaling_backend
    policies = [p for p in backend.policies.values() if p.service_namespace == body.get("ServiceNamespace")]
    if body.get("ResourceId"):
        policies = [p for p in policies if p.resource_id == body["ResourceId"]]
    if body.get("ScalableDimension"):
        policies = [p for p in policies if p.scalable_dimension == body["ScalableDimension"]]
    if body.get("PolicyNames"):
        policies = [p for p in policies if p.policy_name in body["PolicyNames"]]
    start = int(body.get("NextToken") or 0)
    size = int(body.get("MaxResults") or 50)
    page = policies[start:start + size]
    result = {"ScalingPolicies": [_build_policy(p) for p in page]}
    if start + size < len(policies):
        result["NextToken"] = str(start + size)
    return json.dumps(result)


def _aas_delete_scaling_policy(self):
    body = authorization._body(self)
    backend = self.applicationautoscaling_backend
    key = FakeApplicationAutoscalingPolicy.formulate_key(body.get("ServiceNamespace"), body.get("ResourceId"),
                                                         body.get("ScalableDimension"), body.get("PolicyName"))
    if key not in backend.policies:
        raise _aas_error("ObjectNotFoundException", f"No scaling policy found for service namespace: {body.get('ServiceNamespace')}, "
                                                    f"resource ID: {body.get('ResourceId')}, scalable dimension: "
                                                    f"{body.get('ScalableDimension')}, policy name: {body.get('PolicyName')}")
    _aas_delete_policy(backend, key)
    return json.dumps({})


def _aas_tagged_target(self, arn):
    backend = self.applicationautoscaling_backend
    for targets in backend.targets.values():
        for target in targets.values():
            if target.arn == arn:
                return target
    raise _aas_error("ResourceNotFoundException", f"Scalable target with ARN {arn} not found")


def _aas_tag_resource(self):
    body = authorization._body(self)
    target = _aas_tagged_target(self, body.get("ResourceARN"))
    WORLD.aas_tags.setdefault(target.arn, {}).update(body.get("Tags") or {})
    return json.dumps({})


def _aas_untag_resource(self):
    body = authorization._body(self)
    target = _aas_tagged_target(self, body.get("ResourceARN"))
    for key in body.get("TagKeys") or []:
        WORLD.aas_tags.get(target.arn, {}).pop(key, None)
    return json.dumps({})


def _aas_list_tags_for_resource(self):
    body = authorization._body(self)
    target = _aas_tagged_target(self, body.get("ResourceARN"))
    return json.dumps({"Tags": dict(WORLD.aas_tags.get(target.arn, {}))})


def _aas_build_target(target):
    built = _original_aas_build_target(target)
    built["RoleARN"] = target.role_arn or web.service_linked_role_arn(target.arn.split(":")[4], web.AAS_ECS_SLR)
    return built
_original_aas_build_target = aas_responses._build_target


def _aas_resources(response, action, body):
    backend = aas_models.applicationautoscaling_backends[response.current_account][response.region]
    namespace, resource_id, dimension = body.get("ServiceNamespace"), body.get("ResourceId", ""), body.get("ScalableDimension")
    target = backend.targets.get(dimension, {}).get(resource_id)
    target_arn = target.arn if target is not None else authorization._arn(response, "application-autoscaling", "scalable-target/*")
    conditions = {"application-autoscaling:service-namespace": namespace, "application-autoscaling:scalable-dimension": dimension}
    implicit = []
    alarms = authorization._arn(response, "cloudwatch", f"alarm:TargetTracking-{resource_id}-*")
    if action == "RegisterScalableTarget":
        if namespace == "ecs" and resource_id.count("/") == 2:
            _, cluster, service = resource_id.split("/")
            service_arn = authorization._arn(response, "ecs", f"service/{cluster}/{service}")
            implicit += [("ecs:DescribeServices", service_arn, None), ("ecs:UpdateService", service_arn, None)]
            if not body.get("RoleARN"):
                implicit += authorization.slr_check(response, web.AAS_ECS_SLR)
        if body.get("RoleARN"):
            implicit.append(("iam:PassRole", body["RoleARN"], {"iam:PassedToService": "application-autoscaling.amazonaws.com"}))
        if body.get("Tags"):
            implicit.append(("application-autoscaling:TagResource", target_arn, None))
        return [target_arn], implicit
    if action == "PutScalingPolicy":
        if body.get("PolicyType") == "TargetTrackingScaling":
            implicit += [("cloudwatch:PutMetricAlarm", alarms, None), ("cloudwatch:DescribeAlarms", alarms, None)]
        return [target_arn], implicit
    if action in ("DeleteScalingPolicy", "DeregisterScalableTarget"):
        implicit += [("cloudwatch:DeleteAlarms", alarms, None), ("cloudwatch:DescribeAlarms", alarms, None)]
        return [target_arn], implicit
    if action in ("TagResource", "UntagResource", "ListTagsForResource"):
        return [body.get("ResourceARN", "*")], implicit
    return ["*"], implicit
