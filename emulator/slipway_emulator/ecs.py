"""ECS: task definitions by family, deploymentConfiguration, services on target groups (the simulated tasks as
targets), ListTaskDefinitionFamilies, services draining and tasks stopping."""

import base64
import uuid

from moto.core.responses import ActionResult
from moto.ec2.models import ec2_backends
from moto.ecs.exceptions import ECSException
from moto.ecs.models import EC2ContainerServiceBackend
from moto.ecs.models import ecs_backends
from moto.ecs.responses import EC2ContainerServiceResponse
from moto.elbv2.models import ELBv2Backend
from moto.elbv2.models import FakeHealthStatus
from moto.elbv2.models import elbv2_backends

from slipway_emulator.clock import CLOCK
from slipway_emulator import authorization
from slipway_emulator import web
from slipway_emulator.world.state import WORLD


_original_describe_task_definition = EC2ContainerServiceBackend.describe_task_definition


def _describe_task_definition(self, task_definition_str):
    """A family without a revision means its latest ACTIVE revision, as on AWS (moto took the
    latest, deregistered or not)."""
    name = task_definition_str.split("/")[-1]
    if ":" not in name and name in self.task_definitions:
        active = [number for number, definition in self.task_definitions[name].items() if definition.status == "ACTIVE"]
        if active:
            return self.task_definitions[name][max(active)]
    return _original_describe_task_definition(self, task_definition_str)


# --------------------------------------------------------------------------
# Quirk: moto's ECS CreateService drops `deploymentConfiguration` (UpdateService
# keeps it), so a service created with the circuit breaker on reads back without
# it. Store what the request asked for, as AWS does.
# --------------------------------------------------------------------------
_original_ecs_create_service = EC2ContainerServiceResponse.create_service


def _ecs_create_service(self):
    result = _original_ecs_create_service(self)
    configuration = self._get_param("deploymentConfiguration")
    if configuration:
        service = self.ecs_backend._get_service(self._get_param("cluster", "default"), self._get_param("serviceName"))
        service.deployment_configuration = configuration
    return result
_REASONS = {
    "initial": ("Elb.RegistrationInProgress", "Target registration is in progress"),
    "draining": ("Target.DeregistrationInProgress", "Target deregistration is in progress"),
    "unhealthy": ("Target.FailedHealthChecks", "Health checks failed"),
}


def _invalid_parameter(message):
    from moto.ecs.exceptions import InvalidParameterException
    return InvalidParameterException(message)


def _check_load_balancers(ecs, load_balancers, task_definition, grace):
    if grace and not load_balancers:
        raise _invalid_parameter("Health check grace period is only valid for services configured to use load balancers")
    if not load_balancers:
        return
    elb = elbv2_backends[ecs.account_id][ecs.region_name]
    definition = ecs.describe_task_definition(task_definition) if task_definition else None
    for entry in load_balancers:
        arn = entry.get("targetGroupArn")
        group = elb.target_groups.get(arn or "")
        if arn and group is None:
            raise _invalid_parameter(f"Unable to find target group {arn}")
        if group is not None:
            if not group.load_balancer_arns:
                raise _invalid_parameter(f"The target group with targetGroupArn {arn} does not have an associated load balancer.")
            if definition is not None and definition.network_mode == "awsvpc" and group.target_type != "ip":
                raise _invalid_parameter(f"The provided target group {arn} has target type {group.target_type}, which is "
                                         "incompatible with the awsvpc network mode specified in the task definition.")
        if definition is not None:
            container = next((c for c in definition.container_definitions if c.get("name") == entry.get("containerName")), None)
            if container is None:
                raise _invalid_parameter(f"The container {entry.get('containerName')} does not exist in the task definition.")
            ports = {p.get("containerPort") for p in container.get("portMappings") or []}
            if entry.get("containerPort") not in ports:
                raise _invalid_parameter(f"The container {entry.get('containerName')} did not have a container port "
                                         f"{entry.get('containerPort')} defined.")


_ECS_RESPONSE_PREVIOUS = {}  # EC2ContainerServiceResponse.create_service as the load-balancer checks found it


def _ecs_create_service_checked(self):
    params = self._get_params() if hasattr(self, "_get_params") else authorization._body(self)
    definition = params.get("taskDefinition")
    grace = params.get("healthCheckGracePeriodSeconds")
    _check_load_balancers(self.ecs_backend, params.get("loadBalancers"), definition, grace)
    result = _ECS_RESPONSE_PREVIOUS["create_service"](self)
    if grace is not None:
        service = self.ecs_backend._get_service(params.get("cluster", "default"), params.get("serviceName"))
        service.health_check_grace_period_seconds = grace
    return result


_original_ecs_update_service_response = EC2ContainerServiceResponse.update_service


def _ecs_update_service_checked(self):
    params = self._get_params()
    service = self.ecs_backend._get_service(params.get("cluster", "default"), params.get("service", "").split("/")[-1])
    load_balancers = params.get("loadBalancers", service.load_balancers)
    grace = params.get("healthCheckGracePeriodSeconds", getattr(service, "health_check_grace_period_seconds", None))
    _check_load_balancers(self.ecs_backend, load_balancers, params.get("taskDefinition") or service.task_definition, grace)
    return _original_ecs_update_service_response(self)


def _task_ip(ecs, service, index):
    """A network interface in the service's subnets and security groups, for one task."""
    awsvpc = (service.network_configuration or {}).get("awsvpcConfiguration") or {}
    subnets, groups = awsvpc.get("subnets") or [], awsvpc.get("securityGroups") or []
    if not subnets:
        return f"10.0.{index // 250}.{index % 250 + 4}", None
    ec2 = ec2_backends[ecs.account_id][ecs.region_name]
    eni = web.managed_eni(ec2, subnets[index % len(subnets)], groups, f"arn:aws:ecs:{ecs.region_name}:{ecs.account_id}:attachment/{uuid.uuid4()}")
    return eni.private_ip_address, eni.id


def _register_tasks(service, deployment, count):
    """Registers `count` tasks of `deployment` with the service's target groups, `initial`."""
    ecs = service._backend
    tasks = [_task_ip(ecs, service, next(WORLD.task_numbers)) for _ in range(count)]
    for entry in service.load_balancers or []:
        targets = WORLD.targets.setdefault(entry["targetGroupArn"], {})
        for ip, eni in tasks:
            targets[ip] = {"port": entry.get("containerPort"), "state": "initial", "until": None, "eni": eni,
                           "deployment": deployment["id"], "service": service}


def _deregister_tasks(service, deployment_id=None, state="draining", keep=0):
    """The tasks of a deployment (every deployment: None) go `state`, then away after the deregistration delay."""
    now = CLOCK.time()
    elb = elbv2_backends[service._account_id][service.region_name]
    released = []
    for arn, targets in WORLD.targets.items():
        mine = [ip for ip, t in targets.items() if t.get("service") is service and t["state"] != "draining"
                and (deployment_id is None or t["deployment"] == deployment_id)]
        for ip in mine[keep:] if keep else mine:
            group = elb.target_groups.get(arn)
            delay = float(group.attributes.get("deregistration_delay.timeout_seconds", 300)) if group else 0.0
            targets[ip].update(state=state, until=now + (delay if state == "draining" else 1.0))
            released.append(targets[ip].get("eni"))
    return released


def retag_targets(service, old_id, new_id):
    """A circuit breaker's rollback deployment takes over the tasks of the deployment it restores."""
    for targets in WORLD.targets.values():
        for target in targets.values():
            if target.get("service") is service and target["deployment"] == old_id:
                target["deployment"] = new_id


_original_ecs_backend_delete_service = EC2ContainerServiceBackend.delete_service


def _ecs_backend_delete_service(self, cluster_name, service_name, force):
    service = _original_ecs_backend_delete_service(self, cluster_name, service_name, force)
    with WORLD.sim_lock:
        _deregister_tasks(service)
    return service


def advance_targets(now):
    for arn, targets in list(WORLD.targets.items()):
        for ip, target in list(targets.items()):
            if target["until"] is not None and now >= target["until"]:
                del targets[ip]
                eni = target.get("eni")
                if eni:
                    service = target["service"]
                    ec2_backends[service._account_id][service.region_name].enis.pop(eni, None)


def on_rollout_started(service, deployment):
    if service.load_balancers:
        _register_tasks(service, deployment, deployment["desiredCount"])


def on_rollout_finished(service, deployment, succeeded):
    if not service.load_balancers:
        return
    for targets in WORLD.targets.values():
        for target in targets.values():
            if target.get("service") is service and target["deployment"] == deployment["id"] and target["state"] == "initial":
                target["state"] = "healthy" if succeeded else "unhealthy"
                if not succeeded:
                    target["until"] = CLOCK.time() + 1.0
    if succeeded:
        for old in {t["deployment"] for ts in WORLD.targets.values() for t in ts.values() if t.get("service") is service}:
            if old != deployment["id"]:
                _deregister_tasks(service, old)


def sync_targets(service):
    """After an UpdateService: detached target groups drain, a changed desired count adds or drains tasks."""
    attached = {entry["targetGroupArn"] for entry in service.load_balancers or []}
    now = CLOCK.time()
    elb = elbv2_backends[service._account_id][service.region_name]
    for arn, targets in WORLD.targets.items():
        if arn in attached:
            continue
        group = elb.target_groups.get(arn)
        delay = float(group.attributes.get("deregistration_delay.timeout_seconds", 300)) if group else 0.0
        for target in targets.values():
            if target.get("service") is service and target["state"] != "draining":
                target.update(state="draining", until=now + delay)
    primary = next((d for d in service.deployments if d.get("status") == "PRIMARY"), None)
    if primary is None or primary.get("rolloutState") != "COMPLETED":
        return
    live = [ip for arn in attached for ip, t in WORLD.targets.get(arn, {}).items()
            if t.get("service") is service and t["deployment"] == primary["id"] and t["state"] != "draining"]
    per_group = len(live) // max(len(attached), 1)
    wanted = service.desired_count
    if attached and per_group < wanted:
        _register_tasks(service, primary, wanted - per_group)
        on_rollout_finished(service, primary, True)
    elif attached and per_group > wanted:
        _deregister_tasks(service, primary["id"], keep=wanted)


_original_elbv2_describe_target_health = ELBv2Backend.describe_target_health


def _elbv2_describe_target_health(self, target_group_arn, targets):
    found = _original_elbv2_describe_target_health(self, target_group_arn, targets)
    group = self.target_groups[target_group_arn]
    with WORLD.sim_lock:
        web.web_advance()
        simulated = WORLD.targets.get(target_group_arn, {})
        override = WORLD.health_overrides.get(target_group_arn)
        wanted = {t["Id"] for t in targets or []}
        found = [h for h in found if h.instance_id not in simulated]
        for ip, target in simulated.items():
            if wanted and ip not in wanted:
                continue
            state = target["state"]
            if override and state not in ("draining",):
                state = override["state"]
            reason, description = _REASONS.get(state, (None, None))
            if override and state == override["state"] and state != "healthy":
                reason = override.get("reason") or reason
                description = override.get("description") or description
            found.append(FakeHealthStatus(ip, target["port"], group.health_check_port, state, reason, description))
    return found


# --------------------------------------------------------------------------
# 19. ECS ListTaskDefinitionFamilies. AWS: `status` ACTIVE lists only the
#     families with an ACTIVE revision, INACTIVE only those without one, and
#     no status both; `familyPrefix` is a prefix; at most `maxResults` (1-100,
#     default 100) a page with a `nextToken` for the rest. moto ignores status
#     and pages (a destroyed family, all its revisions INACTIVE, still shows as
#     ACTIVE) and never pages.
# --------------------------------------------------------------------------
def _ecs_list_task_definition_families(self):
    from moto.ecs.exceptions import InvalidParameterException
    prefix = self._get_param("familyPrefix") or ""
    status = self._get_param("status")
    max_results = int(self._get_param("maxResults") or 100)
    if not 1 <= max_results <= 100:
        raise InvalidParameterException("maxResults must be between 1 and 100.")
    families = []
    for family, revisions in sorted(self.ecs_backend.task_definitions.items()):
        if not family.startswith(prefix):
            continue
        active = any(revision.status == "ACTIVE" for revision in revisions.values())
        if status is None or (status == "ACTIVE") == active:
            families.append(family)
    token = self._get_param("nextToken")
    start = 0
    if token:
        try:
            start = int(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode())
        except (ValueError, UnicodeDecodeError):
            raise InvalidParameterException("Invalid nextToken.") from None
    page = families[start:start + max_results]
    result = {"families": page}
    if start + max_results < len(families):
        result["nextToken"] = base64.urlsafe_b64encode(str(start + max_results).encode()).decode().rstrip("=")
    return ActionResult(result)


def _ecs_tasks_counted(service):
    return max(int(service.running_count or 0), 0) + max(int(service.pending_count or 0), 0)


def _stopping_in(account, region, cluster):
    return sum(s["count"] for s in WORLD.stopping if (s["account"], s["region"], s["cluster"]) == (account, region, cluster))


def settle_advance():
    """Moves DRAINING services to INACTIVE and stops tasks whose time has come (called on every request)."""
    if not WORLD.stopping and not WORLD.draining:
        return
    now = CLOCK.time()
    with WORLD.settle_lock:
        for entry in [d for d in WORLD.draining if d["due"] <= now]:
            WORLD.draining.remove(entry)
            service = entry["service"]
            if service.status == "DRAINING":
                service.status = "INACTIVE"
                service.running_count = service.pending_count = 0
        for entry in [s for s in WORLD.stopping if s["due"] is not None and s["due"] <= now]:
            WORLD.stopping.remove(entry)


def _stop_tasks(service, count, due):
    if count > 0:
        WORLD.stopping.append({"due": due, "account": service._account_id, "region": service.region_name,
                          "cluster": service.cluster_name, "service": service, "count": count})


def _ecs_backend_create_service_settling(self, cluster_str, service_name, *args, **kwargs):
    settle_advance()
    cluster = self._get_cluster(cluster_str)
    existing = self.services.get(f"{cluster.name}:{service_name}")
    if existing is not None and existing.status == "DRAINING":
        raise _invalid_parameter("Unable to Start a service that is still Draining.")
    return _ECS_PREVIOUS["create_service"](self, cluster_str, service_name, *args, **kwargs)


def _ecs_backend_update_service_settling(self, service_properties):
    settle_advance()
    service = self._get_service(service_properties.get("cluster", "default"),
                                str(service_properties.get("service", "")).split("/")[-1])
    if service.status != "ACTIVE":
        raise ECSException("ServiceNotActiveException", "Service was not ACTIVE.")
    before = _ecs_tasks_counted(service)
    updated = _ECS_PREVIOUS["update_service"](self, service_properties)
    drop = before - _ecs_tasks_counted(updated)
    if drop > 0 and WORLD.settle["ecsTaskStopSeconds"] > 0:
        with WORLD.settle_lock:
            _stop_tasks(updated, drop, CLOCK.time() + WORLD.settle["ecsTaskStopSeconds"])
    return updated


def _ecs_backend_delete_service_settling(self, cluster_name, service_name, force):
    settle_advance()
    service = self._get_service(cluster_name, service_name)
    if service.status == "DRAINING":
        return service
    was_active = service.status == "ACTIVE"
    count = _ecs_tasks_counted(service)
    deleted = _ECS_PREVIOUS["delete_service"](self, cluster_name, service_name, force)
    if not was_active:
        return deleted
    with WORLD.settle_lock:
        # The tasks still stopping from a scale-in just before are the service's too: they stop with the rest.
        for entry in [s for s in WORLD.stopping if s["service"] is deleted]:
            WORLD.stopping.remove(entry)
            count += entry["count"]
        now = CLOCK.time()
        inactive_at = now + WORLD.settle["ecsDrainSeconds"]
        deleted.desired_count = 0
        for deployment in deleted.deployments or []:
            deployment["desiredCount"] = 0
        if WORLD.settle["ecsDrainSeconds"] > 0:
            deleted.status = "DRAINING"
            deleted.running_count, deleted.pending_count = count, 0
            WORLD.draining.append({"due": inactive_at, "service": deleted})
        else:
            deleted.running_count = deleted.pending_count = 0
        if WORLD.settle["ecsTaskStopSeconds"] > 0:
            _stop_tasks(deleted, count, inactive_at + WORLD.settle["ecsTaskStopSeconds"])
    return deleted


def _ecs_backend_list_services_settling(self, cluster_str, scheduling_strategy=None, launch_type=None):
    settle_advance()
    arns = _ECS_PREVIOUS["list_services"](self, cluster_str, scheduling_strategy, launch_type=launch_type)
    active = {s.arn for s in self.services.values() if s.status == "ACTIVE"}
    return [arn for arn in arns if arn in active]


def _cluster_services(cluster):
    backend = ecs_backends[cluster.arn.split(":")[4]][cluster.region_name]
    return backend, [s for s in list(backend.services.values()) if s.cluster_name == cluster.name]


def _cluster_standalone_tasks(backend, cluster, status):
    return sum(1 for t in list(backend.tasks.get(cluster.name, {}).values()) if t.last_status == status)


def _cluster_active_services(self):
    return sum(1 for s in _cluster_services(self)[1] if s.status == "ACTIVE")


def _cluster_running_tasks(self):
    backend, services = _cluster_services(self)
    return (sum(max(int(s.running_count or 0), 0) for s in services if s.status == "ACTIVE")
            + _stopping_in(backend.account_id, backend.region_name, self.name)
            + _cluster_standalone_tasks(backend, self, "RUNNING"))


def _cluster_pending_tasks(self):
    backend, services = _cluster_services(self)
    return (sum(max(int(s.pending_count or 0), 0) for s in services if s.status == "ACTIVE")
            + _cluster_standalone_tasks(backend, self, "PENDING"))


def _ecs_backend_delete_cluster_settling(self, cluster_str):
    settle_advance()
    cluster = self._get_cluster(cluster_str)
    _, services = _cluster_services(cluster)
    if any(s.status in ("ACTIVE", "DRAINING") for s in services):
        raise ECSException("ClusterContainsServicesException", "The Cluster cannot be deleted while Services are active.")
    if _stopping_in(self.account_id, self.region_name, cluster.name) or \
            any(t.last_status not in ("STOPPED",) for t in list(self.tasks.get(cluster.name, {}).values())):
        raise ECSException("ClusterContainsTasksException", "The Cluster cannot be deleted while Tasks are active.")
    return _ECS_PREVIOUS["delete_cluster"](self, cluster_str)


_ECS_PREVIOUS = {}
