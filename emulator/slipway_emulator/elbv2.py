"""Elastic Load Balancing (v2) as AWS answers for an Application Load Balancer, and what it lets go of late."""

import random

from moto.core.resource_tagging import TaggedResource
from moto.elbv2.exceptions import LoadBalancerNotFoundError
from moto.elbv2.exceptions import ResourceInUseError
from moto.elbv2.exceptions import TargetGroupNotFoundError
from moto.elbv2.models import ELBv2Backend
from moto.elbv2.models import elbv2_backends
from moto.elbv2.ssl_policies import SSL_POLICIES

from slipway_emulator.clock import CLOCK
from slipway_emulator import authorization
from slipway_emulator import web
from slipway_emulator.world.state import WORLD


# The Route 53 hosted zone of Application Load Balancers per Region (AWS's "Elastic Load Balancing
# endpoints and quotas" table, as the Terraform AWS provider's elbv2 hosted_zone_id data source has it).
ALB_HOSTED_ZONES = {
    "af-south-1": "Z268VQBMOI5EKX", "ap-east-1": "Z3DQVH9N71FHZ0", "ap-northeast-1": "Z14GRHDCWA56QT",
    "ap-northeast-2": "ZWKZPGTI48KDX", "ap-northeast-3": "Z5LXEXXYW11ES", "ap-south-1": "ZP97RAFLXTNZK",
    "ap-south-2": "Z0173938T07WNTVAEPZN", "ap-southeast-1": "Z1LMS91P8CMLE5", "ap-southeast-2": "Z1GM3OXH4ZPM65",
    "ap-southeast-3": "Z08888821HLRG5A9ZRTER", "ca-central-1": "ZQSVJUPU6J1EY", "cn-north-1": "Z1GDH35T77C1KE",
    "cn-northwest-1": "ZM7IZAIOVVDZF", "eu-central-1": "Z215JYRZR1TBD5", "eu-central-2": "Z06391101F2ZOEP8P5EB3",
    "eu-north-1": "Z23TAZ6LKFMNIO", "eu-south-1": "Z3ULH7SSC9OV64", "eu-south-2": "Z0956581394HF5D5LXGAP",
    "eu-west-1": "Z32O12XQLNTSW2", "eu-west-2": "ZHURV8PSTC4K8", "eu-west-3": "Z3Q77PNBQS71R4",
    "me-central-1": "Z08230872XQRWHG2XF6I", "me-south-1": "ZS929ML54UICD", "sa-east-1": "Z2P70J7HTTTPLU",
    "us-east-1": "Z35SXDOTRQ7X7K", "us-east-2": "Z3AADJGX6KTTL2", "us-gov-east-1": "Z166TLBEWOO7G0",
    "us-gov-west-1": "Z33AYJ8TM3BH4J", "us-west-1": "Z368ELLRRE2KJ0", "us-west-2": "Z1H1FL5HABSF5",
}
# What DescribeLoadBalancerAttributes shows for a new Application Load Balancer (moto leaves most out).
ALB_DEFAULT_ATTRIBUTES = {
    "access_logs.s3.enabled": "false", "deletion_protection.enabled": "false", "idle_timeout.timeout_seconds": "60",
    "routing.http2.enabled": "true", "routing.http.drop_invalid_header_fields.enabled": "false",
    "routing.http.desync_mitigation_mode": "defensive", "routing.http.preserve_host_header.enabled": "false",
    "routing.http.xff_header_processing.mode": "append", "waf.fail_open.enabled": "false",
    "load_balancing.cross_zone.enabled": "true",
}


_original_elbv2_create_load_balancer = ELBv2Backend.create_load_balancer


def _elbv2_create_load_balancer(self, name, security_groups, subnet_ids, subnet_mappings=None, scheme="internet-facing",
                                loadbalancer_type=None, ip_address_type="ipv4", tags=None):
    kind = loadbalancer_type or "application"
    scheme = scheme or "internet-facing"
    ids = list(subnet_ids or []) + [m["SubnetId"] for m in subnet_mappings or []]
    subnets = []
    for subnet_id in ids:
        try:
            subnets.append(self.ec2_backend.get_subnet(subnet_id))
        except Exception:  # noqa: BLE001 - moto's own create answers SubnetNotFound
            return _original_elbv2_create_load_balancer(self, name, security_groups, subnet_ids, subnet_mappings, scheme,
                                                        loadbalancer_type, ip_address_type, tags)
    zones = [s.availability_zone for s in subnets]
    if len(set(zones)) != len(zones):
        raise web.elb_error("InvalidConfigurationRequest", "A load balancer cannot be attached to multiple subnets in the same Availability Zone")
    if kind == "application" and len(set(zones)) < 2:
        raise web.elb_error("ValidationError", "At least two subnets in two different Availability Zones must be specified")
    for group in security_groups or []:
        found = self.ec2_backend.get_security_group_from_id(group)
        if found is None or (subnets and found.vpc_id != subnets[0].vpc_id):
            raise web.elb_error("InvalidSecurityGroup", f"Security group '{group}' does not exist")
    existing = next((lb for lb in self.load_balancers.values() if lb.name == name), None)
    if existing is not None:
        # CreateLoadBalancer is idempotent: the same settings answer the same balancer.
        same = (existing.type == kind and existing.scheme == scheme and sorted(existing.security_groups or []) == sorted(security_groups or [])
                and sorted(s.id for s in existing.subnets) == sorted(ids))
        if same:
            return existing
        raise web.elb_error("DuplicateLoadBalancerName", f"A load balancer with the same name '{name}' exists, but with different settings")
    lb = _original_elbv2_create_load_balancer(self, name, security_groups, subnet_ids, subnet_mappings, scheme,
                                              loadbalancer_type, ip_address_type, tags)
    lb_id = lb.arn.rsplit("/", 1)[1]
    prefix = "internal-" if scheme == "internal" else ""
    lb.dns_name = f"{prefix}{name}-{random.randint(10**9, 10**10 - 1)}.{self.region_name}.elb.amazonaws.com".lower()
    if kind == "application":
        lb.canonical_hosted_zone_id = ALB_HOSTED_ZONES.get(self.region_name, lb.canonical_hosted_zone_id)
        lb.attrs.update(ALB_DEFAULT_ATTRIBUTES)
    lb._slipway_enis = [web.managed_eni(self.ec2_backend, s.id, security_groups or [], f"ELB app/{name}/{lb_id}").id
                        for s in subnets]
    web.ensure_service_linked_role(self.account_id, web.ELB_SLR)
    return lb


_original_elbv2_delete_load_balancer = ELBv2Backend.delete_load_balancer


def _elbv2_delete_load_balancer(self, arn):
    lb = self.load_balancers.get(arn)
    if lb is not None:
        if str(lb.attrs.get("deletion_protection.enabled", "false")).lower() == "true":
            raise web.elb_error("OperationNotPermitted", f"Load balancer '{arn}' cannot be deleted because deletion protection is enabled")
        web.release_later(self.ec2_backend, getattr(lb, "_slipway_enis", []))
    return _original_elbv2_delete_load_balancer(self, arn)


def _elbv2_describe_load_balancers(self, arns, names):
    """Every ARN and name must exist (moto let a later name match an earlier balancer)."""
    balancers = list(self.load_balancers.values())
    for lb in balancers:
        lb.activate()
    if not arns and not names:
        return balancers
    found = []
    for arn in arns or []:
        lb = self.load_balancers.get(arn)
        if lb is None:
            raise LoadBalancerNotFoundError()
        found.append(lb)
    for name in names or []:
        lb = next((b for b in balancers if b.name == name), None)
        if lb is None:
            raise web.elb_error("LoadBalancerNotFound", f"Load balancers '[{name}]' not found")
        found.append(lb)
    return list(dict.fromkeys(found))


def _certificate_status(account, region, arn):
    from moto.acm.models import acm_backends
    bundle = acm_backends[account][region]._certificates.get(arn)
    if bundle is None:
        return None
    bundle.check()
    return bundle.status


def _check_listener(backend, protocol, port, ssl_policy, certificates):
    if ssl_policy is not None and ssl_policy not in SSL_POLICIES:
        raise web.elb_error("SSLPolicyNotFound", f"SSL policy '{ssl_policy}' not found")
    if protocol == "HTTPS" and certificates is not None and not certificates:
        raise web.elb_error("ValidationError", "A certificate must be specified for HTTPS listeners")
    for certificate in certificates or []:
        arn = certificate.get("CertificateArn", "")
        if ":acm:" not in arn:
            continue
        status = _certificate_status(backend.account_id, backend.region_name, arn)
        if status is None:
            raise web.elb_error("CertificateNotFound", f"Certificate '{arn}' not found")
        if status != "ISSUED":
            raise web.elb_error("UnsupportedCertificate", f"The certificate '{arn}' must have a fully-qualified domain name, "
                                                       "a supported signature, and a supported key size.")


_original_elbv2_create_listener = ELBv2Backend.create_listener


def _elbv2_create_listener(self, load_balancer_arn, protocol, port, ssl_policy, certificate, actions, alpn_policy=None, tags=None):
    balancer = self.load_balancers.get(load_balancer_arn)
    if balancer is not None:
        protocol = (protocol or "").upper()
        same_port = next((lst for lst in balancer.listeners.values() if str(lst.port) == str(port)), None)
        if same_port is not None:
            # CreateListener is idempotent: the same settings answer the same listener.
            if same_port.protocol == protocol and same_port.certificate == certificate and \
                    [a.data for a in same_port.default_actions] == actions:
                return same_port
            raise web.elb_error("DuplicateListener", "A listener with the specified port already exists.")
        _check_listener(self, protocol, port, ssl_policy if protocol == "HTTPS" else None,
                        [{"CertificateArn": certificate}] if certificate else ([] if protocol == "HTTPS" else None))
    listener = _original_elbv2_create_listener(self, load_balancer_arn, protocol, port, ssl_policy, certificate, actions,
                                               alpn_policy, tags)
    if listener.protocol not in ("HTTPS", "TLS"):
        listener.ssl_policy = None
    return listener


_original_elbv2_modify_listener = ELBv2Backend.modify_listener


def _elbv2_modify_listener(self, arn, port=None, protocol=None, ssl_policy=None, certificates=None, actions=None):
    listener = self.describe_listeners(load_balancer_arn=None, listener_arns=[arn])[0]
    if port is not None and str(port) != str(listener.port):
        balancer = self.load_balancers[listener.load_balancer_arn]
        if any(str(other.port) == str(port) for other in balancer.listeners.values() if other is not listener):
            raise web.elb_error("DuplicateListener", "A listener with the specified port already exists.")
    _check_listener(self, protocol or listener.protocol, port, ssl_policy, certificates or None)
    return _original_elbv2_modify_listener(self, arn, port, protocol, ssl_policy, certificates, actions)


_original_elbv2_describe_target_groups = ELBv2Backend.describe_target_groups


def _elbv2_describe_target_groups(self, load_balancer_arn, target_group_arns, names):
    try:
        return _original_elbv2_describe_target_groups(self, load_balancer_arn, target_group_arns, names)
    except TargetGroupNotFoundError:
        if load_balancer_arn and load_balancer_arn in self.load_balancers:
            return []  # a balancer that routes to no target group has none, which is no error
        raise


_original_elbv2_create_target_group = ELBv2Backend.create_target_group


def _elbv2_create_target_group(self, name, **kwargs):
    existing = next((tg for tg in self.target_groups.values() if tg.name == name), None)
    if existing is not None:
        # CreateTargetGroup is idempotent: the same settings answer the same target group.
        same = (existing.protocol == kwargs.get("protocol") and str(existing.port) == str(kwargs.get("port"))
                and existing.vpc_id == kwargs.get("vpc_id") and existing.target_type == (kwargs.get("target_type") or "instance"))
        if same:
            return existing
        raise web.elb_error("DuplicateTargetGroupName", "A target group with the same name exists, but with different settings")
    return _original_elbv2_create_target_group(self, name, **kwargs)


_original_elbv2_modify_target_group_attributes = ELBv2Backend.modify_target_group_attributes


def _elbv2_modify_target_group_attributes(self, target_group_arn, attributes):
    attributes = dict(attributes)
    delay = attributes.get("deregistration_delay.timeout_seconds")
    if delay is not None and str(delay).isdigit() and int(delay) == 3600:
        attributes.pop("deregistration_delay.timeout_seconds")  # moto's range(0, 3600) leaves out AWS's maximum
        _original_elbv2_modify_target_group_attributes(self, target_group_arn, attributes)
        self.target_groups[target_group_arn].attributes["deregistration_delay.timeout_seconds"] = delay
        return
    _original_elbv2_modify_target_group_attributes(self, target_group_arn, attributes)


def _target_group_load_balancer_arns(self):
    """The balancers with a listener or rule that forwards to this target group, as AWS lists them."""
    backend = elbv2_backends[self.account_id][self.region_name]
    found = []
    for lb in backend.load_balancers.values():
        for listener in lb.listeners.values():
            for rule in listener.rules.values():
                if any(self.arn in backend._get_target_group_arns_from(action_data=a.data) for a in rule.actions):
                    found.append(lb.arn)
    return list(dict.fromkeys(found))


def _elbv2_iter_tagged_resources(self):
    """Listeners and rules too, which the Resource Groups Tagging API lists and moto left out."""
    yield from _original_elbv2_iter_tagged_resources(self)
    for lb in self.load_balancers.values():
        for listener in lb.listeners.values():
            yield TaggedResource(arn=listener.arn, tags=self.tagging_service.get_tag_dict_for_resource(listener.arn),
                                 resource_type="elasticloadbalancing:listener")
            for rule in listener.rules.values():
                if not rule.is_default:
                    yield TaggedResource(arn=rule.arn, tags=self.tagging_service.get_tag_dict_for_resource(rule.arn),
                                         resource_type="elasticloadbalancing:listener-rule")


_original_elbv2_iter_tagged_resources = ELBv2Backend.iter_tagged_resources


def _elbv2_resources(response, action, body):
    params = authorization._params(response)
    arn = lambda rest: authorization._arn(response, "elasticloadbalancing", rest)  # noqa: E731
    tags = params.get("Tags")
    implicit = []

    def tag_on_create(resource):
        if tags:
            implicit.append(("elasticloadbalancing:AddTags", resource, {"elasticloadbalancing:CreateAction": action}))

    if action == "CreateLoadBalancer":
        resource = arn(f"loadbalancer/{'net' if params.get('Type') == 'network' else 'app'}/{params.get('Name', '')}/*")
        tag_on_create(resource)
        return [resource], implicit + authorization.slr_check(response, web.ELB_SLR)
    if action == "CreateTargetGroup":
        resource = arn(f"targetgroup/{params.get('Name', '')}/*")
        tag_on_create(resource)
        return [resource], implicit
    if action == "CreateListener":
        lb = params.get("LoadBalancerArn", "")
        tag_on_create(lb.replace(":loadbalancer/", ":listener/") + "/*")
        return [lb], implicit
    if action == "CreateRule":
        listener = params.get("ListenerArn", "")
        tag_on_create(listener.replace(":listener/", ":listener-rule/") + "/*")
        return [listener], implicit
    if action in ("DeleteLoadBalancer", "ModifyLoadBalancerAttributes", "SetSecurityGroups", "SetSubnets", "SetIpAddressType"):
        return [params.get("LoadBalancerArn", "*")], implicit
    if action in ("DeleteTargetGroup", "ModifyTargetGroup", "ModifyTargetGroupAttributes", "RegisterTargets", "DeregisterTargets"):
        return [params.get("TargetGroupArn", "*")], implicit
    if action in ("ModifyListener", "DeleteListener", "AddListenerCertificates", "RemoveListenerCertificates",
                  "ModifyListenerAttributes"):
        return [params.get("ListenerArn", "*")], implicit
    if action in ("ModifyRule", "DeleteRule"):
        return [params.get("RuleArn", "*")], implicit
    if action == "SetRulePriorities":
        return [p.get("RuleArn", "*") for p in params.get("RulePriorities") or []] or None, implicit
    if action in ("AddTags", "RemoveTags"):
        return list(params.get("ResourceArns") or []) or None, implicit
    return ["*"], implicit  # Describe*: no resource-level permissions


_ELB_PREVIOUS = {}  # ELBv2Backend.delete_target_group as the late-release patch found it


def _elb_references(backend):
    """({target group ARN}, {certificate ARN: {load balancer ARN}}) of the balancers' listeners and rules."""
    groups, certificates = set(), {}
    for lb in list(backend.load_balancers.values()):
        for listener in list(lb.listeners.values()):
            for rule in list(listener.rules.values()):
                for action in rule.actions:
                    groups.update(backend._get_target_group_arns_from(action_data=action.data))
            for certificate in listener.certificates or []:
                certificates.setdefault(certificate, set()).add(lb.arn)
    return groups, certificates


def _elb_releasing(original):
    def releasing(self, *args, **kwargs):
        groups, certificates = _elb_references(self)
        result = original(self, *args, **kwargs)
        now = CLOCK.time()
        after_groups, after_certificates = _elb_references(self)
        with WORLD.settle_lock:
            for arn in groups - after_groups:
                WORLD.tg_released[arn] = now + WORLD.settle["targetGroupReleaseSeconds"]
            for arn, balancers in certificates.items():
                for lb in balancers - after_certificates.get(arn, set()):
                    WORLD.cert_released.setdefault(arn, {})[lb] = now + WORLD.settle["certificateReleaseSeconds"]
        return result
    return releasing


def lingering_certificate_users(arn):
    now = CLOCK.time()
    return [lb for lb, until in (WORLD.cert_released.get(arn) or {}).items() if until > now]


def _elbv2_delete_target_group_settling(self, target_group_arn):
    if target_group_arn in self.target_groups and not self._any_listener_using(target_group_arn) \
            and WORLD.tg_released.get(target_group_arn, 0.0) > CLOCK.time():
        raise ResourceInUseError(f"The target group '{target_group_arn}' is currently in use by a listener or a rule")
    WORLD.tg_released.pop(target_group_arn, None)
    return _ELB_PREVIOUS["delete_target_group"](self, target_group_arn)
