"""Simulated ECS rollouts: a new deployment IN_PROGRESS, then COMPLETED or FAILED (with the circuit breaker),
due rolloutSeconds after it started on the emulator's clock (clock.py)."""

import random

from moto.ecs.models import EC2ContainerServiceBackend

from slipway_emulator import ecs
from slipway_emulator.clock import CLOCK
from slipway_emulator.world import runs
from slipway_emulator.world.state import WORLD


def _start_rollout(service, task_definition_arn, settings):
    """A new PRIMARY deployment of `task_definition_arn`; the old one goes ACTIVE (draining)."""
    deployment_id = f"ecs-svc/{random.randint(10**18, 10**19 - 1)}"
    now = CLOCK.utcnow()
    for old in service.deployments:
        if old.get("status") == "PRIMARY":
            old["status"] = "ACTIVE"
            old["updatedAt"] = now
    deployment = {
        "id": deployment_id, "status": "PRIMARY", "taskDefinition": task_definition_arn,
        "desiredCount": service.desired_count, "pendingCount": service.desired_count, "runningCount": 0,
        "failedTasks": 0, "createdAt": now, "updatedAt": now, "launchType": service.launch_type,
        "platformVersion": service.platform_version, "platformFamily": "FARGATE",
        "networkConfiguration": service.network_configuration or None,
        "rolloutState": "IN_PROGRESS", "rolloutStateReason": f"ECS deployment {deployment_id} in progress.",
    }
    service.deployments = [deployment] + list(service.deployments)
    script = runs.pop_script(service.name, "failRollout")
    WORLD.rollouts[deployment_id] = {"service": service, "deployment": deployment,
                                "due": CLOCK.time() + float(settings.get("rolloutSeconds", 1.0)),
                                "fail": script["failRollout"] if script else None}
    runs._event(service, f"(service {service.name}) has started a deployment ({deployment_id}) of {task_definition_arn.split('/')[-1]}.")
    ecs.on_rollout_started(service, deployment)  # section 15: its tasks join the target groups
    return deployment


def finish_rollout(rollout):
    service, deployment = rollout["service"], rollout["deployment"]
    deployment_id, now = deployment["id"], CLOCK.utcnow()
    desired = deployment["desiredCount"]
    if not rollout["fail"]:
        deployment.update(rolloutState="COMPLETED", rolloutStateReason=f"ECS deployment {deployment_id} completed.",
                          runningCount=desired, pendingCount=0, updatedAt=now)
        service.deployments = [deployment]
        service.running_count, service.pending_count = desired, 0
        runs._event(service, f"(service {service.name}) has reached a steady state.")
        ecs.on_rollout_finished(service, deployment, True)
        return
    reason = f"ECS deployment circuit breaker: {rollout['fail']}"
    deployment.update(rolloutState="FAILED", rolloutStateReason=reason, runningCount=0, pendingCount=0,
                      failedTasks=max(desired, 1), updatedAt=now)
    runs._event(service, f"(service {service.name}) (deployment {deployment_id}) deployment failed: {rollout['fail']}")
    ecs.on_rollout_finished(service, deployment, False)
    breaker = (getattr(service, "deployment_configuration", None) or {}).get("deploymentCircuitBreaker") or {}
    previous = next((d for d in service.deployments if d is not deployment and d.get("rolloutState") != "FAILED"), None)
    if breaker.get("rollback") and previous is not None:
        # The circuit breaker rolls back to the last deployment that completed.
        deployment["status"] = "ACTIVE"
        rollback_id = f"ecs-svc/{random.randint(10**18, 10**19 - 1)}"
        service.deployments = [{
            **previous, "id": rollback_id, "status": "PRIMARY", "rolloutState": "COMPLETED",
            "rolloutStateReason": f"ECS deployment {rollback_id} completed.", "runningCount": desired,
            "pendingCount": 0, "desiredCount": desired, "createdAt": now, "updatedAt": now,
        }, deployment]
        service.task_definition = previous["taskDefinition"]
        service.running_count, service.pending_count = desired, 0
        runs._event(service, f"(service {service.name}) rolling back to deployment {rollback_id}.")
        ecs.retag_targets(service, previous["id"], rollback_id)


_original_ecs_backend_create_service = EC2ContainerServiceBackend.create_service
_original_ecs_backend_update_service = EC2ContainerServiceBackend.update_service


def _ecs_backend_create_service(self, *args, **kwargs):
    service = _original_ecs_backend_create_service(self, *args, **kwargs)
    settings = runs.simulation(service.name)
    if settings is not None and service.task_definition:
        with WORLD.sim_lock:
            service.deployments = []
            service.running_count, service.pending_count = 0, service.desired_count
            _start_rollout(service, service.task_definition, settings)
    return service


def _ecs_backend_update_service(self, service_properties):
    requested = dict(service_properties)
    service = _original_ecs_backend_update_service(self, service_properties)
    settings = runs.simulation(service.name)
    if settings is None:
        return service
    with WORLD.sim_lock:
        primary = next((d for d in service.deployments if d.get("status") == "PRIMARY"), None)
        if requested.get("task_definition"):
            # AWS reports the ARN whatever form the request named it in.
            service.task_definition = self.describe_task_definition(requested["task_definition"]).arn
        changed = primary is None or primary.get("taskDefinition") != service.task_definition
        if changed or requested.get("force_new_deployment"):
            _start_rollout(service, service.task_definition, settings)
        elif requested.get("desired_count") is not None and primary is not None:
            primary.update(desiredCount=service.desired_count, runningCount=service.desired_count, pendingCount=0)
        ecs.sync_targets(service)  # section 15
    return service
