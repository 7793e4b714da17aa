"""EC2: DependencyViolation for a security group in use; AWS's default VPC with its internet gateway."""

from moto.ec2.exceptions import DependencyViolationError
from moto.ec2.exceptions import EC2ClientError
from moto.ec2.models.security_groups import SecurityGroupBackend
from moto.ec2.models.vpcs import VPCBackend

from slipway_emulator import authorization
from slipway_emulator import web


_original_delete_security_group = SecurityGroupBackend.delete_security_group


def _group_users(backend, group_id):
    web.web_advance()
    for eni in list(backend.enis.values()):
        if group_id in [g.id for g in eni.group_set or []]:
            return f"resource {group_id} has a dependent object"
    for groups in backend.groups.values():
        for other in groups.values():
            if other.id == group_id:
                continue
            for rule in list(other.ingress_rules) + list(other.egress_rules):
                if (rule.source_group or {}).get("GroupId") == group_id:
                    return f"resource {group_id} has a dependent object"
    return None


def _delete_security_group(self, name=None, group_id=None):
    group = self.get_security_group_by_name_or_id(group_id or name)
    if group is not None:
        if group.name == "default":
            raise EC2ClientError("CannotDelete", "the specified group: \"" + group.id + "\" name: \"default\" cannot be deleted by a user")
        problem = _group_users(self, group.id)
        if problem:
            raise DependencyViolationError(problem)
    return _original_delete_security_group(self, name=name, group_id=group_id)


def _ec2_resources(response, action, body):
    params = authorization._params(response)
    arn = lambda rest: authorization._arn(response, "ec2", rest)  # noqa: E731
    implicit = []
    if action == "CreateSecurityGroup":
        resources = [arn("security-group/*")]
        vpc = params.get("VpcId") or getattr(response.ec2_backend, "default_vpc", None) and response.ec2_backend.default_vpc.id
        if vpc:
            resources.append(arn(f"vpc/{vpc}"))
        for spec in params.get("TagSpecifications") or []:
            if spec.get("Tags"):
                implicit.append(("ec2:CreateTags", arn("security-group/*"), {"ec2:CreateAction": "CreateSecurityGroup"}))
        return resources, implicit
    if action in ("DeleteSecurityGroup", "AuthorizeSecurityGroupIngress", "RevokeSecurityGroupIngress",
                  "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupEgress", "ModifySecurityGroupRules",
                  "UpdateSecurityGroupRuleDescriptionsIngress", "UpdateSecurityGroupRuleDescriptionsEgress"):
        group = params.get("GroupId")
        if not group and params.get("GroupName"):
            found = response.ec2_backend.get_security_group_by_name_or_id(params["GroupName"])
            group = found.id if found else params["GroupName"]
        return [arn(f"security-group/{group or '*'}")], implicit
    if action in ("CreateTags", "DeleteTags"):
        kinds = {"sg-": "security-group", "vpc-": "vpc", "subnet-": "subnet", "eni-": "network-interface", "i-": "instance"}
        resources = []
        for resource_id in params.get("Resources") or []:
            kind = next((k for p, k in kinds.items() if resource_id.startswith(p)), None)
            resources.append(arn(f"{kind}/{resource_id}") if kind else "*")
        return resources or None, implicit
    if action.startswith("Describe"):
        return ["*"], implicit
    return None, implicit

_original_create_default_vpc = VPCBackend.create_default_vpc


def _create_default_vpc(self):
    vpc = _original_create_default_vpc(self)
    gateway = self.create_internet_gateway()
    self.attach_internet_gateway(gateway.id, vpc.id)
    main = next(t for t in self.route_tables.values() if t.vpc_id == vpc.id and t.main_association_id)
    self.create_route(main.id, "0.0.0.0/0", gateway_id=gateway.id)
    return vpc
