"""IAM authorization of each request on its real resource ARNs (AWS's Service Authorization Reference),
with AWS's implicit checks; each service's resolver names the resources of its actions."""

import json
import os
import re
import threading
from urllib.parse import unquote
from urllib.parse import urlparse
import uuid
from xml.sax.saxutils import escape as xml_escape

from moto.core.authorization import ActionAuthenticatorMixin
from moto.core.exceptions import AccessDeniedError
from moto.iam.access_control import IAMRequestBase
from moto.s3.responses import S3Response
from moto.utilities.utils import get_partition

from slipway_emulator import harness_errors, web


# --------------------------------------------------------------------------
# 9. Quirk: moto authorizes most actions against the resource "*" and never
#    checks what AWS checks implicitly (iam:PassRole when a request hands a
#    role to a service, tagging on create, codeconnections:PassConnection), and
#    it names some S3 actions by their API operation (s3:PutBucketEncryption)
#    where IAM has its own name (s3:PutEncryptionConfiguration). So that a
#    policy scoped to resource ARNs can be proven, each request is authorized
#    here on the ARNs AWS's Service Authorization Reference gives its
#    operation (every ARN when it names several), the implicit checks are made
#    with moto's own policy evaluator, and S3 actions get IAM's names.
#    moto prefixes an action with the request's signing name, which for the
#    Resource Groups Tagging API is `tagging` where IAM says `tag`
#    (tag:GetResources): those get IAM's prefix too.
#    Operations not listed keep moto's "*".
# --------------------------------------------------------------------------
_S3_IAM_ACTIONS = {
    "s3:HeadBucket": "s3:ListBucket", "s3:ListObjects": "s3:ListBucket", "s3:ListObjectsV2": "s3:ListBucket",
    "s3:ListObjectVersions": "s3:ListBucketVersions", "s3:HeadObject": "s3:GetObject",
    "s3:GetBucketEncryption": "s3:GetEncryptionConfiguration", "s3:PutBucketEncryption": "s3:PutEncryptionConfiguration",
    "s3:DeleteBucketEncryption": "s3:PutEncryptionConfiguration",
    "s3:GetPublicAccessBlock": "s3:GetBucketPublicAccessBlock", "s3:PutPublicAccessBlock": "s3:PutBucketPublicAccessBlock",
    "s3:DeletePublicAccessBlock": "s3:PutBucketPublicAccessBlock", "s3:DeleteBucketTagging": "s3:PutBucketTagging",
    "s3:GetBucketLifecycleConfiguration": "s3:GetLifecycleConfiguration",
    "s3:PutBucketLifecycleConfiguration": "s3:PutLifecycleConfiguration", "s3:DeleteBucketLifecycle": "s3:PutLifecycleConfiguration",
    "s3:CreateMultipartUpload": "s3:PutObject", "s3:UploadPart": "s3:PutObject", "s3:CompleteMultipartUpload": "s3:PutObject",
    "s3:CopyObject": "s3:PutObject", "s3:DeleteObjects": "s3:DeleteObject",
}
# Signing names that are not the service's IAM action prefix.
_IAM_ACTION_PREFIXES = {"tagging": "tag"}
_original_iam_request_init = IAMRequestBase.__init__


def _iam_request_init(self, *args, **kwargs):
    _original_iam_request_init(self, *args, **kwargs)
    service, _, operation = self._action.partition(":")
    if service in _IAM_ACTION_PREFIXES:
        self._action = f"{_IAM_ACTION_PREFIXES[service]}:{operation}"
    self._action = _S3_IAM_ACTIONS.get(self._action, self._action)


def _auth_enabled():
    from moto import settings
    from moto.core.authorization import ActionAuthenticatorMixin
    return ActionAuthenticatorMixin.request_count >= settings.INITIAL_NO_AUTH_ACTION_COUNT


def _caller_request(response, action, request_class=None):
    """moto's view of the caller of `response`'s request, asking for `action`."""
    from moto.iam.access_control import IAMRequest
    query = urlparse(response.uri).query
    request = (request_class or IAMRequest)(
        account_id=response.current_account, method=response.method,
        path=response.raw_path + (f"?{query}" if query else ""), data=response.data,
        body=response.raw_body, headers=response.headers, action=action.split(":", 1)[1])
    request._action = action
    return request


def _check_implicit(response, action, resource, conditions=None, request_class=None):
    """Authorizes `action` on `resource` for the caller as AWS does for an implicit check,
    with moto's own policy evaluator (which reads the condition values given)."""
    from moto.iam.access_control import IAMPolicy, IAMPolicyStatement, PermissionResult
    if not _auth_enabled():
        return
    request = _caller_request(response, action, request_class)
    permitted = False
    for policy in request._access_key.collect_policies():
        statements = IAMPolicy(policy)._policy_json["Statement"]
        for statement in statements if isinstance(statements, list) else [statements]:
            evaluated = IAMPolicyStatement(statement)
            # moto answers DENIED for a statement whose condition does not hold; AWS ignores it.
            if not evaluated._check_conditions(conditions or {}):
                continue
            result = evaluated.is_action_permitted(action, resource, None, conditions or {})
            if result == PermissionResult.DENIED:
                request._raise_access_denied()
            if result == PermissionResult.PERMITTED:
                permitted = True
    if not permitted:
        if request_class is None:
            raise AccessDeniedError(user_arn=request._access_key.arn, action=f"{action} on resource: {resource}")
        request._raise_access_denied()


def _arn(response, service, rest, region=True):
    partition = get_partition(response.region)
    return f"arn:{partition}:{service}:{response.region if region else ''}:{response.current_account}:{rest}"


def _body(response):
    try:
        return json.loads(response.body or "{}")
    except (TypeError, ValueError):
        return {}


def _role_arn(response, role):
    if not role:
        return None
    return role if role.startswith("arn:") else _arn(response, "iam", f"role/{role}", region=False)


def _codepipeline_resources(response, action, body):
    pipeline = lambda name: _arn(response, "codepipeline", name)  # noqa: E731
    implicit = []
    if action in ("CreatePipeline", "UpdatePipeline"):
        declaration = body.get("pipeline") or {}
        implicit.append(("iam:PassRole", _role_arn(response, declaration.get("roleArn")), {"iam:PassedToService": "codepipeline.amazonaws.com"}))
        for stage in declaration.get("stages") or []:
            for item in stage.get("actions") or []:
                connection = (item.get("configuration") or {}).get("ConnectionArn")
                if connection:
                    service = "codestar-connections" if ":codestar-connections:" in connection else "codeconnections"
                    implicit.append((f"{service}:PassConnection", connection, {"codeconnections:PassedToService": "codepipeline.amazonaws.com"}))
        if action == "CreatePipeline" and body.get("tags"):
            implicit.append(("codepipeline:TagResource", pipeline(declaration.get("name", "")), None))
        return [pipeline(declaration.get("name", ""))], implicit
    if action in ("GetPipeline", "DeletePipeline", "GetPipelineState", "StartPipelineExecution"):
        return [pipeline(body.get("name", ""))], implicit
    if action in ("ListPipelineExecutions", "GetPipelineExecution", "StopPipelineExecution", "RetryStageExecution"):
        return [pipeline(body.get("pipelineName", ""))], implicit
    if action == "PutApprovalResult":
        return [pipeline(f"{body.get('pipelineName', '')}/{body.get('stageName', '')}/{body.get('actionName', '')}")], implicit
    if action in ("TagResource", "UntagResource", "ListTagsForResource"):
        return [body.get("resourceArn", "*")], implicit
    return None, implicit


def _codebuild_resources(response, action, body):
    project = lambda name: name if name.startswith("arn:") else _arn(response, "codebuild", f"project/{name}")  # noqa: E731
    if action in ("CreateProject", "UpdateProject"):
        implicit = []
        if body.get("serviceRole"):
            implicit.append(("iam:PassRole", _role_arn(response, body["serviceRole"]), {"iam:PassedToService": "codebuild.amazonaws.com"}))
        return [project(body.get("name", ""))], implicit
    if action == "BatchGetProjects":
        return [project(name) for name in body.get("names") or []] or None, []
    if action == "DeleteProject":
        return [project(body.get("name", ""))], []
    if action in ("StartBuild", "ListBuildsForProject"):
        return [project(body.get("projectName", ""))], []
    if action in ("BatchGetBuilds", "StopBuild"):
        ids = body.get("ids") or ([body["id"]] if body.get("id") else [])
        return [project(i.split("/")[-1].rsplit(":", 1)[0]) for i in ids] or None, []
    return None, []


def _ecs_resources(response, action, body):
    def cluster_name(value):
        return (value or "default").split("/")[-1]

    def service(value, cluster):
        if value.startswith("arn:") and value.count("/") >= 2:
            return value
        return _arn(response, "ecs", f"service/{cluster_name(cluster)}/{value.split('/')[-1]}")

    def task(value, cluster):
        if value.startswith("arn:") and value.count("/") >= 2:
            return value
        return _arn(response, "ecs", f"task/{cluster_name(cluster)}/{value.split('/')[-1]}")

    cluster_arn = lambda value: _arn(response, "ecs", f"cluster/{cluster_name(value)}")  # noqa: E731
    implicit = []
    if action == "CreateCluster":
        if body.get("tags"):
            implicit.append(("ecs:TagResource", cluster_arn(body.get("clusterName")), None))
        return ["*"], implicit
    if action == "DescribeClusters":
        return [cluster_arn(c) for c in body.get("clusters") or ["default"]], implicit
    if action == "DeleteCluster":
        return [cluster_arn(body.get("cluster"))], implicit
    if action == "RegisterTaskDefinition":
        for key in ("executionRoleArn", "taskRoleArn"):
            if body.get(key):
                implicit.append(("iam:PassRole", _role_arn(response, body[key]), {"iam:PassedToService": "ecs-tasks.amazonaws.com"}))
        return ["*"], implicit
    if action == "CreateService":
        arn = service(body.get("serviceName", ""), body.get("cluster"))
        if body.get("tags"):
            implicit.append(("ecs:TagResource", arn, None))
        if body.get("role"):  # the load balancer role of services not in awsvpc mode
            implicit.append(("iam:PassRole", _role_arn(response, body["role"]), {"iam:PassedToService": "ecs.amazonaws.com"}))
        return [arn], implicit
    if action == "DescribeServices":
        return [service(s, body.get("cluster")) for s in body.get("services") or []] or None, implicit
    if action in ("UpdateService", "DeleteService"):
        return [service(body.get("service", ""), body.get("cluster"))], implicit
    if action == "RunTask":
        return _ecs_run_task_resources(response, body, cluster_name(body.get("cluster")))
    if action == "DescribeTasks":
        return [task(t, body.get("cluster")) for t in body.get("tasks") or []] or None, implicit
    if action == "StopTask":
        return [task(body.get("task", ""), body.get("cluster"))], implicit
    if action in ("TagResource", "UntagResource", "ListTagsForResource"):
        return [body.get("resourceArn", "*")], implicit
    return None, implicit


_RUN_TASK_ID = threading.local()  # the ID of the task a RunTask with tags starts, named before it exists


def take_run_task_id():
    """The ID authorization named for the task this request's RunTask starts (once), or None."""
    chosen = getattr(_RUN_TASK_ID, "value", None)
    _RUN_TASK_ID.value = None
    return chosen


def _ecs_run_task_resources(response, body, cluster):
    """RunTask: on the task definition revision (the family's latest ACTIVE one when the request names none, as
    AWS resolves it before authorizing since March 2024), with iam:PassRole of its roles and the overrides' to
    ecs-tasks.amazonaws.com, and ecs:TagResource on the new task (condition ecs:CreateAction) for tags."""
    name = body.get("taskDefinition") or ""
    try:
        definition = response.ecs_backend.describe_task_definition(name)
    except Exception:  # noqa: BLE001 - no such revision: RunTask itself answers ClientException
        definition = None
    arn = definition.arn if definition is not None else (
        name if name.startswith("arn:") else _arn(response, "ecs", f"task-definition/{name}"))
    overrides = body.get("overrides") or {}
    roles = [getattr(definition, "execution_role_arn", None), getattr(definition, "task_role_arn", None),
             overrides.get("executionRoleArn"), overrides.get("taskRoleArn")]
    implicit = [("iam:PassRole", _role_arn(response, role), {"iam:PassedToService": "ecs-tasks.amazonaws.com"})
                for role in dict.fromkeys(r for r in roles if r)]
    _RUN_TASK_ID.value = None
    if body.get("tags"):
        _RUN_TASK_ID.value = uuid.uuid4().hex
        implicit.append(("ecs:TagResource", _arn(response, "ecs", f"task/{cluster}/{_RUN_TASK_ID.value}"),
                         {"ecs:CreateAction": "RunTask"}))
    return [arn], implicit


def _ecr_resources(response, action, body):
    repository = lambda name: _arn(response, "ecr", f"repository/{name}")  # noqa: E731
    if action == "DescribeRepositories":
        return [repository(n) for n in body.get("repositoryNames") or []] or None, []
    if action in ("TagResource", "UntagResource", "ListTagsForResource"):
        return [body.get("resourceArn", "*")], []
    if action == "GetAuthorizationToken":
        return ["*"], []
    if body.get("repositoryName"):
        arn = repository(body["repositoryName"])
        implicit = [("ecr:TagResource", arn, None)] if action == "CreateRepository" and body.get("tags") else []
        if action == "DeleteRepository" and body.get("force"):
            implicit.append(("ecr:BatchDeleteImage", arn, None))
        return [arn], implicit
    return None, []


def _logs_resources(response, action, body):
    group = lambda name: _arn(response, "logs", f"log-group:{name}")  # noqa: E731
    if action == "DescribeLogGroups":
        # What AWS names in its AccessDenied message: no particular group.
        return [_arn(response, "logs", "log-group::log-stream:")], []
    if action in ("TagResource", "UntagResource", "ListTagsForResource"):
        return [body.get("resourceArn", "*")], []
    name = body.get("logGroupName")
    if not name:
        return None, []
    if action in ("GetLogEvents", "PutLogEvents", "CreateLogStream", "DeleteLogStream"):
        return [f"{group(name)}:log-stream:{body.get('logStreamName', '')}"], []
    implicit = [("logs:TagResource", group(name), None)] if action == "CreateLogGroup" and body.get("tags") else []
    return [group(name)], implicit


def _lambda_resources(response, action, body):
    match = getattr(response, "uri_match", None)
    groups = match.groupdict() if match is not None and hasattr(match, "groupdict") else {}
    path = unquote(response.path or "")
    function = lambda name: name if name.startswith("arn:") else _arn(response, "lambda", f"function:{name}")  # noqa: E731
    if "/tags/" in path:
        return [path.split("/tags/", 1)[1].split("?")[0]], []
    if action == "CreateFunction":
        implicit = [("iam:PassRole", _role_arn(response, body.get("Role")), {"iam:PassedToService": "lambda.amazonaws.com"})]
        return [function(body.get("FunctionName", ""))], implicit
    name = groups.get("function_name")
    if name is None and "/functions/" in path:
        name = path.split("/functions/", 1)[1].split("/")[0].split("?")[0]
    if not name:
        return None, []
    implicit = []
    if action == "UpdateFunctionConfiguration" and body.get("Role"):
        implicit.append(("iam:PassRole", _role_arn(response, body["Role"]), {"iam:PassedToService": "lambda.amazonaws.com"}))
    return [function(name.split(":")[0] if not name.startswith("arn:") else name)], implicit


def _iam_resources(response, action, body):
    data = response.data or {}

    def first(key):
        value = data.get(key)
        return value[0] if isinstance(value, list) else value

    role = first("RoleName")
    if role:
        try:
            arn = response.backend.get_role(role).arn
        except Exception:
            path = first("Path") or "/"
            arn = _arn(response, "iam", f"role{path}{role}", region=False)
        implicit = [("iam:TagRole", arn, None)] if action == "CreateRole" and any(k.startswith("Tags.member") for k in data) else []
        return [arn], implicit
    user = first("UserName")
    if user:
        return [_arn(response, "iam", f"user/{user}", region=False)], []
    policy = first("PolicyArn")
    if policy:
        return [policy], []
    return None, []


_RESOLVERS = {
    "CodePipelineResponse": _codepipeline_resources, "CodeBuildResponse": _codebuild_resources,
    "EC2ContainerServiceResponse": _ecs_resources, "ECRResponse": _ecr_resources, "LogsResponse": _logs_resources,
    "LambdaResponse": _lambda_resources, "IamResponse": _iam_resources,
}


def _broken_resolver(response, action, body):
    raise RuntimeError(f"the resolver of {type(response).__name__} is broken on purpose (SLIPWAY_EMULATOR_BREAK_RESOLVER)")


def _resolver(response_class_name):
    """The resolver of a response class: this module's, or the one its service module declares.
    SLIPWAY_EMULATOR_BREAK_RESOLVER=<response class> breaks one, for the test that authorization fails closed."""
    if os.environ.get("SLIPWAY_EMULATOR_BREAK_RESOLVER") == response_class_name:
        return _broken_resolver
    if "ELBV2Response" not in _RESOLVERS:  # the web services', EventBridge's and SNS's, once (they import this module)
        from slipway_emulator import acm, autoscaling, ec2, elbv2, eventbridge, route53, sns
        _RESOLVERS.update({
            "ELBV2Response": elbv2._elbv2_resources, "AWSCertificateManagerResponse": acm._acm_resources,
            "Route53": route53._route53_resources, "EC2Response": ec2._ec2_resources,
            "ApplicationAutoScalingResponse": autoscaling._aas_resources,
            "EventsHandler": eventbridge._events_resources, "SNSResponse": sns._sns_resources,
        })
    return _RESOLVERS.get(response_class_name)
_original_authorize_normal_action = ActionAuthenticatorMixin._authenticate_and_authorize_normal_action


def _authorize_normal_action(self, resource="*"):
    from werkzeug.exceptions import HTTPException
    try:
        _authorize_on_resources(self, resource)
    except HTTPException as error:
        if getattr(error, "error_type", None) and getattr(error, "message", None) is not None:
            raise _error_in_protocol(type(self).__name__, error) from None
        raise


def _error_in_protocol(kind, error):
    """moto words every authentication and authorization error as a Query <ErrorResponse><Errors>, which botocore
    cannot read for Route 53 (whose errors have no <Errors>); EC2 has its own <Response> and answers a denial
    with UnauthorizedOperation."""
    request_id = str(uuid.uuid4())
    text = xml_escape(error.message)
    if kind == "Route53":
        error.description = ('<?xml version="1.0"?>\n<ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">'
                             f"<Error><Type>Sender</Type><Code>{error.error_type}</Code><Message>{text}</Message></Error>"
                             f"<RequestId>{request_id}</RequestId></ErrorResponse>")
    elif kind == "EC2Response":
        if error.error_type == "AccessDenied":
            error.error_type, text = "UnauthorizedOperation", f"You are not authorized to perform this operation. {text}"
        error.description = ('<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error>'
                             f"<Code>{error.error_type}</Code><Message>{text}</Message></Error></Errors>"
                             f"<RequestID>{request_id}</RequestID></Response>")
    return error


def _authorize_on_resources(self, resource="*"):
    resolver = _resolver(type(self).__name__)
    if resolver is None or not _auth_enabled():
        return _original_authorize_normal_action(self, resource)
    action = self._get_action()
    try:
        resources, implicit = resolver(self, action, _body(self) if type(self).__name__ != "IamResponse" else {})
    except Exception as error:  # noqa: BLE001 - fail closed: never authorize on `*` instead
        harness_errors.record("authorization-resolver", error, action=action, service=type(self).__name__)
        caller = _caller_request(self, f"x:{action}")
        raise AccessDeniedError(
            user_arn=caller._access_key.arn,
            action=f"{caller._service}:{action} (the emulator could not name the request's resources: "
                   f"{type(error).__name__}: {error}; a harness error, recorded)") from None
    for arn in resources or [resource]:
        try:
            _original_authorize_normal_action(self, arn)
        except AccessDeniedError:
            # As AWS words it: the resource too, so that a test failure says what was missing.
            caller = _caller_request(self, f"x:{self._get_action()}")
            raise AccessDeniedError(user_arn=caller._access_key.arn,
                                    action=f"{caller._service}:{action} on resource: {arn}") from None
    for implicit_action, arn, conditions in implicit:
        if arn:
            _check_implicit(self, implicit_action, arn, conditions)


_original_s3_authorize = S3Response._authenticate_and_authorize_s3_action


def _s3_authorize(self, bucket_name=None, key_name=None):
    """DeleteObjects is authorized per key, as s3:DeleteObject (s3:DeleteObjectVersion for a version)."""
    if self.method == "POST" and bucket_name and "delete" in (self.querystring or {}) and _auth_enabled():
        from moto.iam.access_control import S3IAMRequest
        _caller_request(self, "s3:DeleteObject", S3IAMRequest).check_signature()
        body = self.body.decode("utf-8", "replace") if isinstance(self.body, bytes) else (self.body or "")
        partition = get_partition(self.region)
        for item in re.findall(r"<Object>(.*?)</Object>", body, re.S):
            key = re.search(r"<Key>(.*?)</Key>", item, re.S)
            version = re.search(r"<VersionId>(.*?)</VersionId>", item, re.S)
            arn = f"arn:{partition}:s3:::{bucket_name}/{key.group(1) if key else ''}"
            _check_implicit(self, "s3:DeleteObjectVersion" if version else "s3:DeleteObject", arn, None, S3IAMRequest)
        return None
    return _original_s3_authorize(self, bucket_name=bucket_name, key_name=key_name)


# ==========================================================================
# 9 (continued). Authorization of the web services' operations on their real
#     resources (AWS's Service Authorization Reference, which parliament's
#     iam_definition.json carries), with the implicit checks AWS makes:
#     elasticloadbalancing:AddTags for tags on create, ec2:CreateTags for
#     TagSpecifications, iam:CreateServiceLinkedRole the first time a
#     service needs its role, and what Application Auto Scaling checks of the
#     caller on the scaled service and its alarms.
# ==========================================================================
def _params(response):
    params = getattr(response, "params", None)
    return params if isinstance(params, dict) and params else _body(response)


def slr_check(response, service_role):
    """iam:CreateServiceLinkedRole, when the account has no such role yet."""
    if web.service_linked_role_exists(response.current_account, service_role):
        return []
    return [("iam:CreateServiceLinkedRole", web.service_linked_role_arn(response.current_account, service_role),
             {"iam:AWSServiceName": service_role[0]})]
