"""IAM: empty-body signatures, GetAccountAuthorizationDetails in pages, DeleteConflict, roles not yet assumable."""

import base64
import json

from botocore.awsrequest import AWSRequest
from moto.codebuild.exceptions import InvalidInputException
from moto.codepipeline.exceptions import InvalidStructureException
from moto.core.responses import ActionResult
from moto.iam.access_control import IAMRequestBase
from moto.iam.exceptions import DeleteConflictException
from moto.iam.exceptions import ValidationError as IAMValidationError

from slipway_emulator.clock import CLOCK
from slipway_emulator.world.state import WORLD


# --------------------------------------------------------------------------
# 1. Quirk: moto signs a GET/HEAD/DELETE with an empty body over its parsed
#    request data (`self._body or self._data`) instead of the empty payload, so
#    every correctly signed Lambda GET (GetFunction, ListFunctions, ListTags)
#    fails with SignatureDoesNotMatch. For those methods sign the raw body only.
# --------------------------------------------------------------------------
_original_create_aws_request = IAMRequestBase._create_aws_request


def _create_aws_request(self):
    if self._method.upper() not in ("GET", "HEAD", "DELETE"):
        return _original_create_aws_request(self)
    signed = self._get_string_between(
        "SignedHeaders=", ",", self._headers["Authorization"]
    ).split(";")
    headers = self._create_headers_for_aws_request(signed, self._headers)
    request = AWSRequest(
        method=self._method, url=self._path, data=self._body or b"", headers=headers
    )
    request.context["timestamp"] = headers["X-Amz-Date"]
    return request

# The reply's lists in AWS's order, with the key of moto's backend answer for each.
_GAAD_LISTS = (("UserDetailList", "users"), ("GroupDetailList", "groups"), ("RoleDetailList", "roles"),
               ("Policies", "managed_policies"))
_GAAD_TRUST_POLICY = "GetAccountAuthorizationDetailsResponse.RoleDetailList.RoleDetail.AssumeRolePolicyDocument"


def _gaad_marker(position):
    return base64.urlsafe_b64encode(json.dumps(position, separators=(",", ":")).encode()).decode().rstrip("=")


def _gaad_position(marker):
    """(list index, name, id) of the last entity a Marker names."""
    try:
        kind, name, entity_id = json.loads(base64.urlsafe_b64decode(marker + "=" * (-len(marker) % 4)))
        if not isinstance(kind, int) or not isinstance(name, str) or not isinstance(entity_id, str):
            raise ValueError(marker)
        return kind, name, entity_id
    except (ValueError, TypeError, UnicodeDecodeError):
        raise IAMValidationError("Invalid Marker.") from None


def _iam_get_account_authorization_details(self):
    max_items = int(self._get_param("MaxItems") or 100)
    if not 1 <= max_items <= 1000:
        raise IAMValidationError(f"1 validation error detected: Value '{max_items}' at 'maxItems' failed to "
                                 "satisfy constraint: Member must have value between 1 and 1000")
    marker = self._get_param("Marker")
    after = _gaad_position(marker) if marker else None
    details = self.backend.get_account_authorization_details(self._get_param("Filter", []))
    entities = sorted((((kind, entity.name.lower(), entity.id), entity)
                       for kind, (_, key) in enumerate(_GAAD_LISTS) for entity in details[key]),
                      key=lambda pair: pair[0])
    if after is not None:
        entities = [(position, entity) for position, entity in entities if position > after]
    page, rest = entities[:max_items], entities[max_items:]
    result = {member: [entity for (kind, _, _), entity in page if kind == index]
              for index, (member, _) in enumerate(_GAAD_LISTS)}
    result["IsTruncated"] = bool(rest)
    if rest:
        result["Marker"] = _gaad_marker(page[-1][0])
    return ActionResult(result)


def _iam_delete_policy(self, policy_arn):
    policy = self.get_policy(policy_arn)
    if policy.attachment_count:
        raise DeleteConflictException("Cannot delete a policy attached to entities.")
    if len(policy.versions) > 1:
        raise DeleteConflictException("This policy has more than one version. Before you delete a policy, you must "
                                      "delete the policy's versions. The default version is deleted with the policy.")
    return _IAM_PREVIOUS["delete_policy"](self, policy_arn)


def _iam_delete_user(self, user_name):
    user = self.get_user(user_name)
    if not user.managed_policies and not user.policies and user.access_keys:
        raise DeleteConflictException("Cannot delete entity, must delete access keys first.")
    return _IAM_PREVIOUS["delete_user"](self, user_name)


def _role_too_new(account, role_arn):
    """True while a role made `iamRoleAssumeSeconds` ago cannot be assumed yet."""
    window = WORLD.settle["iamRoleAssumeSeconds"]
    if window <= 0 or not role_arn:
        return False
    from moto.iam.models import iam_backends
    name = str(role_arn).rsplit("/", 1)[-1]
    try:
        role = iam_backends[account]["aws"].get_role(name)
    except Exception:  # noqa: BLE001 - a missing role is the service's own error
        return False
    return CLOCK.since(role.create_date) < window


def _codebuild_service_role_checked(account_id, region_name, service_role):
    _IAM_PREVIOUS["codebuild_role"](account_id, region_name, service_role)
    if _role_too_new(account_id, service_role):
        raise InvalidInputException(f"CodeBuild is not authorized to perform: sts:AssumeRole on {service_role}")


def _codepipeline_role_checked(original):
    def checked(self, pipeline, *args):
        if _role_too_new(self.account_id, (pipeline or {}).get("roleArn")):
            raise InvalidStructureException(f"CodePipeline is not authorized to perform AssumeRole on role {pipeline['roleArn']}")
        return original(self, pipeline, *args)
    return checked


def _lambda_role_checked(original, role_of):
    def checked(self, spec, *args, **kwargs):
        account = getattr(self, "account_id", None)
        if isinstance(spec, dict) and _role_too_new(account, role_of(spec)):
            from moto.awslambda.exceptions import InvalidParameterValueException
            raise InvalidParameterValueException("The role defined for the function cannot be assumed by Lambda.")
        return original(self, spec, *args, **kwargs)
    return checked


def lambda_role_checked(previous):
    return _lambda_role_checked(previous, lambda s: s.get("Role"))


_IAM_PREVIOUS = {}  # what the patches of iam.py replaced, as each found it
