"""What the web services share: their delays (POST /_slipway/web), interfaces released late, service-linked roles."""

import json

from moto.elbv2.exceptions import ELBClientError

from slipway_emulator.clock import CLOCK
from slipway_emulator import ecs
from slipway_emulator.world.state import WORLD


ELB_SLR = ("elasticloadbalancing.amazonaws.com", "AWSServiceRoleForElasticLoadBalancing")
AAS_ECS_SLR = ("ecs.application-autoscaling.amazonaws.com", "AWSServiceRoleForApplicationAutoScaling_ECSService")


def elb_error(code, message):
    return ELBClientError(code, message)


def service_linked_role_arn(account, service_role):
    service, name = service_role
    return f"arn:aws:iam::{account}:role/aws-service-role/{service}/{name}"


def ensure_service_linked_role(account, service_role):
    """Creates the service-linked role as AWS does on first use (AWSServiceRoleForElasticLoadBalancing...)."""
    from moto.iam.models import iam_backends
    service, name = service_role
    iam = iam_backends[account]["aws"]
    try:
        iam.get_role(name)
    except Exception:  # noqa: BLE001 - moto raises its own NoSuchEntity
        trust = {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}]}
        iam.create_role(name, json.dumps(trust), f"/aws-service-role/{service}/", permissions_boundary=None,
                        description=f"Service-linked role for {service}", tags=[], max_session_duration="3600",
                        linked_service=service)


def service_linked_role_exists(account, service_role):
    from moto.iam.models import iam_backends
    try:
        iam_backends[account]["aws"].get_role(service_role[1])
        return True
    except Exception:  # noqa: BLE001
        return False


def release_later(ec2, eni_ids):
    due = CLOCK.time() + WORLD.web["eniReleaseSeconds"]
    with WORLD.web_lock:
        WORLD.releases.extend((due, ec2, eni_id) for eni_id in eni_ids)
    web_advance()


def web_advance():
    """Releases the network interfaces whose time has come (called on every request)."""
    now = CLOCK.time()
    with WORLD.web_lock:
        due = [item for item in WORLD.releases if item[0] <= now]
        for item in due:
            WORLD.releases.remove(item)
            item[1].enis.pop(item[2], None)
    if WORLD.simulations or WORLD.targets:
        with WORLD.sim_lock:
            ecs.advance_targets(now)


def managed_eni(ec2, subnet_id, groups, description):
    eni = ec2.create_network_interface(subnet_id, None, group_ids=list(groups), description=description)
    eni.requester_managed = True
    eni.status = "in-use"
    return eni
