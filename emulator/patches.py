"""Every change the Slipway test harness makes to moto 5.2.5, in one place.

`apply()` patches moto in this process (call it once, before serving):
  1. IAM signature check for signed GET/HEAD/DELETE with an empty body.
  2. CodeBuild CreateProject/UpdateProject: no `location` needed for CODEPIPELINE
     (and NO_SOURCE) sources and CODEPIPELINE artifacts.
  3. Operations moto lacks, added as methods on moto's own response classes (so
     they are dispatched by action name through moto's normal pipeline, with its
     SigV4 check and IAM authorization) and working on moto's own backends:
     CodeBuild UpdateProject; CodePipeline GetPipelineState, PutJobSuccessResult,
     PutJobFailureResult.
  4. Small fixes of operations moto has but gets wrong: CodeBuild BatchGetProjects
     (no `projectsNotFound`), BatchGetBuilds (appends the phases again on each call).
  6. Simulated pipeline runs and ECS rollouts (opt-in per name prefix), so that
     status, release --wait and rollback have runs and rollouts to follow.
  7. CodePipeline PutApprovalResult, for the simulated runs' approvals.
  8. CodeConnections GetConnection (a service moto lacks), in the middleware.
  9. Authorization on each request's real resource ARNs (per AWS's Service
     Authorization Reference), AWS's implicit checks (iam:PassRole, tag on
     create, PassConnection) and IAM's names for S3 actions; for the web
     services (ELB, ACM, Route 53, EC2, Application Auto Scaling) too, with
     elasticloadbalancing:AddTags and ec2:CreateTags on create,
     iam:CreateServiceLinkedRole on first use, and Application Auto Scaling's
     checks of the caller on the ECS service and its alarms; Route 53's and
     EC2's authentication and authorization errors in their own formats.
 10. ELBv2: the Region's ALB hosted zone and DNS names, two AZs, idempotent
     creates, duplicate listener ports, certificates that must be ISSUED, AWS's
     attributes, LoadBalancerArns from the rules, a network interface per subnet.
 11. ACM: issued only once its CNAMEs are in Route 53, records per domain,
     InUseBy the balancers, ResourceInUseException on delete.
 12. Route 53: change batches checked whole, alias targets that must exist,
     normalized names, PENDING changes and GetChange, ListHostedZonesByName.
 13. Application Auto Scaling: tags, RoleARN, ObjectNotFoundException,
     ResourceLabel, policy filters and ARNs, the desired count kept in range.
 14. EC2: DependencyViolation for a security group in use.
 15. ECS services on target groups: AWS's checks of `loadBalancers`, the grace
     period, and the simulated rollouts' tasks as targets in DescribeTargetHealth.
 16. Thread safety of moto's optional response members: `include: [TAGS]` of ECS
     DescribeServices (and the like) wrote into a dict shared by every response of
     the class, so a request without it, served at the same time, could take the
     tags out of one with it. Each response now has its own copy.
 17. Resource Groups Tagging API: GetResources (and TagResources, GetTagKeys,
     GetTagValues) covers ECR repositories (`ecr:repository`) and CodePipeline
     pipelines (`codepipeline:pipeline`), with their live tags; log groups are
     `logs:log-group`, as AWS types them (moto: `logs:loggroup`).
 18. IAM GetAccountAuthorizationDetails in pages (MaxItems, Marker, IsTruncated),
     its roles' trust policies URL-encoded like its other policy documents.
 19. ECS ListTaskDefinitionFamilies filters by status and pages.
 20. CodePipeline V2 fields (pipelineType, executionMode defaults) and AWS's V1 refusals.
 21. Git pushes (POST /_slipway/push) start pipelines by their triggers or BranchName.
 22. Execution modes of simulated runs: SUPERSEDED, QUEUED, PARALLEL.
 23. CodePipeline events to EventBridge rules' SNS and API destination targets
     (GET/DELETE /_slipway/deliveries); EventBridge and SNS authorized on their ARNs.
 24. SNS email subscriptions pending until POST /_slipway/confirm-subscription.
 25. StartPipelineExecution's sourceRevisions (a COMMIT_ID override).
 26. Lambda function states: Pending after CreateFunction, LastUpdateStatus InProgress after an
     update, and AWS's HTTP 409 ResourceConflictException meanwhile.
 27. ECS services DRAINING after DeleteService, their tasks stopping after, ListServices of ACTIVE
     services only, DeleteCluster's ClusterContainsServices/ClusterContainsTasks, CreateService of a
     DRAINING name and UpdateService of one not ACTIVE refused, DescribeClusters' counts.
 28. Target groups and certificates let go of late after their listener goes; IAM DeleteConflict for
     DeletePolicy (attached, versions) and DeleteUser (access keys); optionally, a fresh role that
     Lambda, CodeBuild and CodePipeline cannot assume yet.
     (The windows of 26-28: POST /_slipway/settle.)
 29. AWS's default VPC: an internet gateway and a 0.0.0.0/0 route to it in every Region.
 30. Reply stripping (POST/GET/DELETE /_slipway/strip-replies, reply_stripping.py): replies without
     the members the model requires, for tests of lenient clients.
 31. The emulator's clock (slipway_emulator/clock.py): wall time plus an offset that
     POST /_slipway/clock {"advance": seconds} moves forward (GET /_slipway/clock reads it; both answer
     {"now": ISO 8601 UTC}). Every reply's Date header and S3's LastModified (Last-Modified) come from it.
 32. S3 conditional writes (slipway_emulator/s3.py): 409 ConditionalRequestConflict for a conditional
     PutObject or DeleteObject while another is in progress on the key (POST /_slipway/s3-hold
     {"bucket", "key", "seconds"} makes the next one take that long), DeleteObject If-Match: *.
`Middleware` wraps moto's WSGI app: optional latency, the call log, the
simulation's clock, the harness's own control endpoints under /_slipway/, reply
stripping (section 30), and model validation (model_validation.py: every request checked against botocore's
service model, a violation answered with HTTP 400 SlipwayModelViolation).

Checked against moto 5.2.5 and found present (so not patched): CodeBuild
BatchGetProjects, DeleteProject, StartBuild, BatchGetBuilds, ListBuildsForProject;
CodePipeline StartPipelineExecution, ListPipelineExecutions, GetPipelineExecution;
ECR Put/GetLifecyclePolicy; S3 Put/GetPublicAccessBlock, PutBucketEncryption;
Logs PutRetentionPolicy, FilterLogEvents, GetLogEvents; Lambda UpdateFunctionCode,
UpdateFunctionConfiguration, GetFunctionConfiguration; IAM policy versions and tags;
EC2 CreateSecurityGroup with TagSpecifications, DescribeSecurityGroups' filters,
Authorize/RevokeSecurityGroupIngress, DescribeNetworkInterfaces; ELBv2 load balancer
and target group attributes, ModifyTargetGroup, Describe/ModifyRule, SetRulePriorities
and PriorityInUse, Add/Describe/RemoveTags, DeleteTargetGroup's ResourceInUse; ACM
IdempotencyToken and tags; ECS UpdateService with `loadBalancers` (also []); ECS task
definitions in the tagging API's GetResources (`ecs:task-definition`). Refusals of what is in use,
checked and present: IAM DeleteRole (policies, instance profiles) and DeleteUser (policies)
DeleteConflict, EventBridge DeleteRule with targets, ECR DeleteRepository RepositoryNotEmpty,
Route 53 DeleteHostedZone HostedZoneNotEmpty, ECS DeleteTaskDefinitions of an ACTIVE revision,
S3 DeleteBucket BucketNotEmpty, EC2 DeleteInternetGateway while attached and DeleteVpc with subnets.
"""

import base64
import copy
import hashlib
import io
import itertools
import json
import random
import re
import sys
import threading
import time
import os
import traceback
import uuid
from urllib.parse import parse_qs, unquote, urlparse
from xml.sax.saxutils import escape as xml_escape

from botocore.awsrequest import AWSRequest
from moto.codebuild import models as codebuild_models
from moto.codebuild import responses as codebuild_responses
from moto.codebuild.exceptions import InvalidInputException
from moto.codebuild.exceptions import ResourceNotFoundException as CodeBuildNotFound
from moto.codebuild.models import codebuild_backends
from moto.codepipeline.models import CodePipelineBackend, PipelineExecution
from moto.codepipeline.exceptions import PipelineNotFoundException
from moto.codepipeline.responses import CodePipelineResponse
from moto.core.authorization import ActionAuthenticatorMixin
from moto.core.exceptions import AccessDeniedError, JsonRESTError
from moto.core.responses import BaseResponse, never_return
from moto.ecr.exceptions import ImageAlreadyExistsException
from moto.ecr.models import ecr_backends
from moto.core.responses import ActionResult
from moto.core.utils import iso_8601_datetime_with_milliseconds, unix_time, utcnow
from moto.ecs.models import EC2ContainerServiceBackend, ecs_backends
from moto.ecs.responses import EC2ContainerServiceResponse
from moto.iam.access_control import IAMRequestBase
from moto.s3.responses import S3Response
from moto.utilities.utils import get_partition

import model_validation
from moto.moto_server.werkzeug_app import MotoRequestHandler
from moto.s3 import models as s3_models
from slipway_emulator import s3 as s3_patches
from slipway_emulator.clock import CLOCK

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


# --------------------------------------------------------------------------
# 2. Quirk: moto's CodeBuild validation demands a `location` for CODEPIPELINE
#    sources and artifacts; AWS does not (the pipeline supplies them).
# --------------------------------------------------------------------------
_SOURCE_TYPES = {"BITBUCKET", "CODECOMMIT", "CODEPIPELINE", "GITHUB",
                 "GITHUB_ENTERPRISE", "NO_SOURCE", "S3"}


def _validate_source(source):
    if source["type"] not in _SOURCE_TYPES:
        raise InvalidInputException("Invalid type provided: Project source type")
    if source["type"] not in ("CODEPIPELINE", "NO_SOURCE") and not source.get("location"):
        raise InvalidInputException("Project source location is required")


def _validate_artifacts(artifacts):
    kind = artifacts["type"]
    if kind not in ("CODEPIPELINE", "S3", "NO_ARTIFACTS"):
        raise InvalidInputException("Invalid type provided: Artifact type")
    if kind == "NO_ARTIFACTS" and "location" in artifacts:
        raise InvalidInputException(
            "Invalid artifacts: artifact type NO_ARTIFACTS should have null location")
    if kind == "S3" and not artifacts.get("location"):
        raise InvalidInputException("Project artifacts location is required")


# --------------------------------------------------------------------------
# 3a. Missing: CodeBuild UpdateProject (moto has Create/BatchGet/Delete only).
#     Every field given replaces the stored one, as in AWS.
# --------------------------------------------------------------------------
def _codebuild_update_project(self):
    body = json.loads(self.body or "{}")
    name = body.get("name", "")
    project = self.codebuild_backend.codebuild_projects.get(name)
    if project is None:
        raise CodeBuildNotFound(
            f"Project cannot be found: arn:{get_partition(self.region)}:codebuild:"
            f"{self.region}:{self.current_account}:project/{name}")
    if "source" in body:
        _validate_source(body["source"])
    if "artifacts" in body:
        _validate_artifacts(body["artifacts"])
    if "environment" in body:
        codebuild_responses._validate_required_params_environment(body["environment"])
    if "serviceRole" in body:
        codebuild_responses._validate_required_params_service_role(
            self.current_account, self.region, body["serviceRole"])
        project.service_role = body["serviceRole"]
    meta = project.project_metadata
    for key, value in body.items():
        if key == "name":
            continue
        if key == "badgeEnabled":
            meta["badge"] = {"badgeEnabled": bool(value)}
        else:
            meta[key] = value
    if "tags" in body:
        project.tags = body["tags"]
    meta["lastModifiedDate"] = unix_time()
    return ActionResult({"project": meta})


# 4a. Broken: BatchGetProjects never reports `projectsNotFound`.
def _codebuild_batch_get_projects(self):
    names = self._get_param("names") or []
    found = self.codebuild_backend.batch_get_projects(names)
    found_keys = {p["name"] for p in found} | {p["arn"] for p in found}
    missing = [n for n in names if n not in found_keys]
    return ActionResult({"projects": found, "projectsNotFound": missing})


# 4b. Broken: BatchGetBuilds appends nine phases and re-rolls endTime on every
#     call; complete each build once (it then reads back the same each time).
_original_batch_get_builds = codebuild_models.CodeBuildBackend.batch_get_builds


def _batch_get_builds(self, ids):
    pending = [b["id"] for h in self.build_metadata_history.values() for b in h
               if b["id"] in ids and b.get("currentPhase") != "COMPLETED" and b["id"] not in _SIMULATED_BUILDS]
    _original_batch_get_builds(self, pending)
    return [b for h in self.build_metadata_history.values() for b in h if b["id"] in ids]


# --------------------------------------------------------------------------
# 3b. Missing: CodePipeline GetPipelineState, from the stored pipeline and the
#     executions moto tracks (moto "runs" nothing: an execution is Succeeded).
# --------------------------------------------------------------------------
def _codepipeline_get_pipeline_state(self):
    name = self._get_param("name")
    pipeline = self.codepipeline_backend.pipelines.get(name)
    if pipeline is None:
        raise PipelineNotFoundException(
            f"Account '{self.current_account}' does not have a pipeline with name '{name}'")
    latest = list(pipeline.executions.values())[-1] if pipeline.executions else None
    stages = []
    for stage in pipeline.pipeline["stages"]:
        state = {"stageName": stage["name"],
                 "inboundTransitionState": {"enabled": True},
                 "actionStates": []}
        for action in stage["actions"]:
            action_state = {"actionName": action["name"]}
            if latest is not None:
                action_state["latestExecution"] = {
                    "actionExecutionId": f"{latest.pipeline_execution_id}-{action['name']}",
                    "status": latest.status,
                    "lastStatusChange": unix_time(latest.last_update_time)}
            state["actionStates"].append(action_state)
        if latest is not None:
            state["latestExecution"] = {
                "pipelineExecutionId": latest.pipeline_execution_id,
                "status": latest.status}
        stages.append(state)
    return json.dumps({
        "pipelineName": name,
        "pipelineVersion": pipeline.pipeline["version"],
        "stageStates": stages,
        "created": unix_time(pipeline._created),
        "updated": unix_time(pipeline._updated)})


# --------------------------------------------------------------------------
# 3c. Missing: CodePipeline PutJobSuccessResult / PutJobFailureResult. moto runs
#     no jobs, so they are recorded here for tests (GET /_slipway/job-results).
# --------------------------------------------------------------------------
JOB_RESULTS = []
_job_lock = threading.Lock()


def _validation_error(message):
    return JsonRESTError("ValidationException", message)


def _record_job(self, kind):
    body = json.loads(self.body or "{}")
    job_id = body.get("jobId") or ""
    if not re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", job_id):
        raise _validation_error(f"Value '{job_id}' at 'jobId' failed to satisfy constraint")
    token = body.get("continuationToken")
    if token is not None and not 1 <= len(token) <= 2048:
        raise _validation_error("continuationToken must be 1-2048 characters")
    details = body.get("failureDetails")
    if kind == "failure":
        if not details or not details.get("type") or not 1 <= len(details.get("message", "")) <= 5000:
            raise _validation_error("failureDetails needs a type and a 1-5000 character message")
    with _job_lock:
        JOB_RESULTS.append({
            "jobId": job_id, "kind": kind, "failureDetails": details,
            "continuationToken": token,
            "executionDetails": body.get("executionDetails"),
            "currentRevision": body.get("currentRevision"),
            "outputVariables": body.get("outputVariables")})
    return "{}"


def _codepipeline_put_job_success_result(self):
    return _record_job(self, "success")


def _codepipeline_put_job_failure_result(self):
    return _record_job(self, "failure")


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


# ==========================================================================
# 6. Simulated pipeline runs and ECS rollouts, for what `status`, `release
#    --wait` and `rollback` follow. moto "runs" nothing: an execution is
#    Succeeded the moment it starts, and an ECS service keeps its first
#    deployment forever. Opt-in per name prefix (POST /_slipway/simulate), so
#    tests that expect moto's own behaviour keep it. A simulated run walks the
#    pipeline's stages, one every `stageSeconds`: Source reports a commit;
#    Build starts a CodeBuild build (IN_PROGRESS until the stage ends, its log
#    at /aws/codebuild/{project}) and, when it succeeds, pushes an image to the
#    project's REPOSITORY_URI tagged with the commit and `latest` (as the
#    buildspec of `slipway init` does); a Manual approval waits for
#    PutApprovalResult; an Invoke (the deployer) does what the deployer does -
#    registers a copy of the family's latest revision with the pushed image and
#    updates the service - and waits for that ECS deployment. ECS deployments
#    of simulated services roll out in `rolloutSeconds`, or fail (with the
#    circuit breaker's rollback) when scripted. One-shot outcomes are scripted
#    with POST /_slipway/script. The world advances on every request
#    (`advance()`, called by the middleware), so nothing runs in the background.
# ==========================================================================
_sim_lock = threading.RLock()
SIMULATIONS = {}        # name prefix -> {"stageSeconds": s, "rolloutSeconds": s}
SCRIPTS = {}            # pipeline or ECS service name -> [one-shot outcome, ...]
_RUNS = []              # simulated executions still in progress
_ROLLOUTS = {}          # ECS deployment id -> rollout in progress
_SIMULATED_BUILDS = set()  # builds that moto must not complete on its own


def _simulation(name):
    best = None
    for prefix, settings in SIMULATIONS.items():
        if name.startswith(prefix) and (best is None or len(prefix) > len(best[0])):
            best = (prefix, settings)
    return best[1] if best else None


def _pop_script(name, key):
    queue = SCRIPTS.get(name) or []
    for index, item in enumerate(queue):
        if key in item:
            return queue.pop(index)
    return None


def _event(service, message):
    service.events = [{"id": str(uuid.uuid4()), "createdAt": utcnow(), "message": message}] + list(service.events or [])


def _start_rollout(service, task_definition_arn, settings):
    """A new PRIMARY deployment of `task_definition_arn`; the old one goes ACTIVE (draining)."""
    deployment_id = f"ecs-svc/{random.randint(10**18, 10**19 - 1)}"
    now = utcnow()
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
    script = _pop_script(service.name, "failRollout")
    _ROLLOUTS[deployment_id] = {"service": service, "deployment": deployment,
                                "due": time.time() + float(settings.get("rolloutSeconds", 1.0)),
                                "fail": script["failRollout"] if script else None}
    _event(service, f"(service {service.name}) has started a deployment ({deployment_id}) of {task_definition_arn.split('/')[-1]}.")
    _on_rollout_started(service, deployment)  # section 15: its tasks join the target groups
    return deployment


def _finish_rollout(rollout):
    service, deployment = rollout["service"], rollout["deployment"]
    deployment_id, now = deployment["id"], utcnow()
    desired = deployment["desiredCount"]
    if not rollout["fail"]:
        deployment.update(rolloutState="COMPLETED", rolloutStateReason=f"ECS deployment {deployment_id} completed.",
                          runningCount=desired, pendingCount=0, updatedAt=now)
        service.deployments = [deployment]
        service.running_count, service.pending_count = desired, 0
        _event(service, f"(service {service.name}) has reached a steady state.")
        _on_rollout_finished(service, deployment, True)
        return
    reason = f"ECS deployment circuit breaker: {rollout['fail']}"
    deployment.update(rolloutState="FAILED", rolloutStateReason=reason, runningCount=0, pendingCount=0,
                      failedTasks=max(desired, 1), updatedAt=now)
    _event(service, f"(service {service.name}) (deployment {deployment_id}) deployment failed: {rollout['fail']}")
    _on_rollout_finished(service, deployment, False)
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
        _event(service, f"(service {service.name}) rolling back to deployment {rollback_id}.")
        _retag_targets(service, previous["id"], rollback_id)


_original_ecs_backend_create_service = EC2ContainerServiceBackend.create_service
_original_ecs_backend_update_service = EC2ContainerServiceBackend.update_service


def _ecs_backend_create_service(self, *args, **kwargs):
    service = _original_ecs_backend_create_service(self, *args, **kwargs)
    settings = _simulation(service.name)
    if settings is not None and service.task_definition:
        with _sim_lock:
            service.deployments = []
            service.running_count, service.pending_count = 0, service.desired_count
            _start_rollout(service, service.task_definition, settings)
    return service


def _ecs_backend_update_service(self, service_properties):
    requested = dict(service_properties)
    service = _original_ecs_backend_update_service(self, service_properties)
    settings = _simulation(service.name)
    if settings is None:
        return service
    with _sim_lock:
        primary = next((d for d in service.deployments if d.get("status") == "PRIMARY"), None)
        if requested.get("task_definition"):
            # AWS reports the ARN whatever form the request named it in.
            service.task_definition = self.describe_task_definition(requested["task_definition"]).arn
        changed = primary is None or primary.get("taskDefinition") != service.task_definition
        if changed or requested.get("force_new_deployment"):
            _start_rollout(service, service.task_definition, settings)
        elif requested.get("desired_count") is not None and primary is not None:
            primary.update(desiredCount=service.desired_count, runningCount=service.desired_count, pendingCount=0)
        _sync_targets(service)  # section 15
    return service


class _Run:
    """One simulated pipeline execution, stage by stage."""

    def __init__(self, backend, pipeline, execution, settings, script):
        self.account, self.region = backend.account_id, backend.region_name
        self.pipeline, self.execution = pipeline, execution
        self.stages = copy.deepcopy(pipeline.pipeline["stages"])
        self.stage_seconds = float(settings.get("stageSeconds", 0.5))
        self.script = script or {}
        self.push = getattr(execution, "_push", None)  # section 21: the Git push that started it
        self.commit = (self.push or {}).get("commit") or hashlib.sha1(execution.pipeline_execution_id.encode()).hexdigest()
        self.message = self.script.get("commitMessage") or f"Simulated change {self.commit[:7]}"
        self.mode = pipeline.pipeline.get("executionMode") or "SUPERSEDED"  # section 22
        self.pending = 0       # the stage it waits to enter (section 22), None while in one
        self.index = -1
        self.entered = 0.0
        self.states = {}       # stage name -> {"status", "actions": {name: latestExecution}}
        self.revisions = {}    # action name -> currentRevision
        self.approval = None   # (stage, action, token) while waiting
        self.approval_result = None
        self.build = None      # (codebuild backend, build metadata)
        self.deployment = None  # (ECS service, deployment id) the Deploy stage waits for

    # -- state for GetPipelineState, ListPipelineExecutions, GetPipelineExecution
    def source_revisions(self):
        summary = json.dumps({"ProviderType": "GitHub", "CommitMessage": self.message})
        return [{"actionName": a["name"], "revisionId": self.commit, "revisionSummary": summary}
                for s in self.stages[:1] for a in s["actions"]]

    def advance(self, now):
        while self.execution.status == "InProgress":
            if self.pending is not None:
                if not _may_enter(self, self.pending):  # section 22: the stage is another run's
                    return
                self._enter(self.pending, now)
                self.pending = None
            try:
                outcome = self._check(now)
            except Exception as error:  # never a 500: the stage fails with the reason
                outcome = ("Failed", f"{type(error).__name__}: {error}")
            if outcome is None:
                return
            self._complete(outcome, now)
            if outcome[0] != "Succeeded" or self.index + 1 >= len(self.stages):
                self.execution.status = outcome[0] if outcome[0] != "Succeeded" else "Succeeded"
                self.execution.last_update_time = utcnow()
                _emit_pipeline_state(self, self.execution.status.upper())  # section 23
                return
            _wait_for_stage(self, self.index + 1)

    def _stage(self):
        return self.stages[self.index]

    def _enter(self, index, now):
        self.index, self.entered = index, now
        stage = self._stage()
        actions = {}
        for action in stage["actions"]:
            latest = {"actionExecutionId": str(uuid.uuid4()), "status": "InProgress", "lastStatusChange": now}
            category = action["actionTypeId"]["category"]
            if category == "Build":
                self._start_build(action, latest)
            elif category == "Approval":
                token = str(uuid.uuid4())
                latest["token"] = token
                self.approval = (stage["name"], action["name"], token)
            actions[action["name"]] = latest
        self.states[stage["name"]] = {"status": "InProgress", "actions": actions}
        _emit_stage_state(self, stage, "STARTED")  # section 23

    def _start_build(self, action, latest):
        codebuild = codebuild_backends[self.account][self.region]
        project = (action.get("configuration") or {}).get("ProjectName", "")
        if project not in codebuild.codebuild_projects:
            return
        build = codebuild.start_build(project, source_version=self.commit)
        stream = build["id"].split(":")[-1]
        group = f"/aws/codebuild/{project}"
        build.update(currentPhase="BUILD", buildStatus="IN_PROGRESS", resolvedSourceVersion=self.commit, buildComplete=False)
        build["logs"] = {
            "groupName": group, "streamName": stream,
            "deepLink": f"https://console.aws.amazon.com/cloudwatch/home?region={self.region}#logEvent:group={group};stream={stream}",
            "cloudWatchLogsArn": f"arn:aws:logs:{self.region}:{self.account}:log-group:{group}:log-stream:{stream}",
            "cloudWatchLogs": {"status": "ENABLED"}, "s3Logs": {"status": "DISABLED", "encryptionDisabled": False}}
        _SIMULATED_BUILDS.add(build["id"])
        latest["externalExecutionId"] = build["id"]
        self.build = (codebuild, build)
        variables = codebuild.codebuild_projects[project].project_metadata.get("environment", {}).get("environmentVariables", [])
        self.repository_uri = next((v.get("value") for v in variables if v.get("name") == "REPOSITORY_URI"), None)

    def _push_image(self):
        """What the buildspec's `docker push` does: the image, tagged with the commit and `latest`."""
        uri = getattr(self, "repository_uri", None)
        if not uri or "/" not in uri:
            return
        ecr = ecr_backends[self.account][self.region]
        name = uri.split("/", 1)[1]
        if name not in ecr.repositories:
            return
        manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                               "config": {"digest": "sha256:" + hashlib.sha256(self.commit.encode()).hexdigest()}})
        for tag in (self.commit[:12], "latest"):
            try:
                ecr.put_image(name, manifest, tag)
            except ImageAlreadyExistsException:
                pass  # another environment's build of the same commit pushed it: docker push is idempotent
        digest = "sha256:" + hashlib.sha256(manifest.encode()).hexdigest()
        self.image = f"{uri}@{next((i.get_image_digest() for i in ecr.repositories[name].images if i.image_manifest == manifest), digest)}"

    def _check(self, now):
        stage = self._stage()
        elapsed = now - self.entered
        if self.script.get("failStage") == stage["name"]:
            if elapsed < self.stage_seconds:
                return None
            return ("Failed", self.script.get("message") or f"{stage['name']} failed (scripted)")
        categories = {a["actionTypeId"]["category"] for a in stage["actions"]}
        if "Approval" in categories:
            if self.approval_result is None:
                return None
            status, summary = self.approval_result
            self.approval, self.approval_result = None, None
            if status == "Approved":
                return ("Succeeded", summary or "Approved")
            return ("Failed", f"Rejected: {summary}" if summary else "Rejected")
        if elapsed < self.stage_seconds:
            return None
        if "Invoke" in categories:
            return self._deploy(stage)
        return ("Succeeded", None)

    def _deploy(self, stage):
        """What the deployer does: register the image as a new revision, update the service, wait."""
        ecs = ecs_backends[self.account][self.region]
        if self.deployment is None:
            action = next(a for a in stage["actions"] if a["actionTypeId"]["category"] == "Invoke")
            parameters = json.loads((action.get("configuration") or {}).get("UserParameters") or "{}")
            latest = ecs.describe_task_definition(parameters["family"])
            image = None
            containers = copy.deepcopy(latest.container_definitions)
            for container in containers:
                if container.get("name") == parameters.get("container"):
                    repository = container.get("image", "").split("@")[0].rsplit(":", 1)[0]
                    image = getattr(self, "image", None) or f"{repository}@sha256:{hashlib.sha256(self.commit.encode()).hexdigest()}"
                    container["image"] = image
            revision = ecs.register_task_definition(
                family=latest.family, container_definitions=containers, network_mode=latest.network_mode,
                tags=copy.deepcopy(latest.tags), requires_compatibilities=latest.requires_compatibilities,
                cpu=latest.cpu, memory=latest.memory, task_role_arn=getattr(latest, "task_role_arn", None),
                execution_role_arn=getattr(latest, "execution_role_arn", None))
            service = ecs.update_service({"cluster": parameters["cluster"], "service": parameters["service"],
                                          "task_definition": revision.arn})
            primary = next(d for d in service.deployments if d.get("status") == "PRIMARY")
            self.deployment = (service, primary["id"], revision.arn, image)
        service, deployment_id, arn, image = self.deployment
        deployment = next((d for d in service.deployments if d.get("id") == deployment_id), None)
        name = arn.split("/")[-1]
        if deployment is None:
            return ("Failed", f"ECS deployment {deployment_id} of {name} is no longer listed on service {service.name}.")
        if deployment.get("rolloutState") == "COMPLETED":
            return ("Succeeded", f"Deployed {image} as {name}: {deployment['runningCount']} of {deployment['desiredCount']} tasks running (ECS deployment {deployment_id}).")
        if deployment.get("rolloutState") == "FAILED":
            message = f"ECS deployment {deployment_id} of {name} failed: {deployment.get('rolloutStateReason')}."
            primary = next((d for d in service.deployments if d.get("status") == "PRIMARY"), None)
            if primary is not None and primary is not deployment:
                message += f" ECS is rolling the service back to {primary['taskDefinition'].split('/')[-1]} (deployment {primary['id']})."
            return ("Failed", message)
        return None

    def _complete(self, outcome, now):
        status, message = outcome
        stage = self._stage()
        state = self.states[stage["name"]]
        state["status"] = status
        for action in stage["actions"]:
            latest = state["actions"][action["name"]]
            latest.update(status=status, lastStatusChange=now)
            latest.pop("token", None)
            if status == "Succeeded" and message:
                latest["summary"] = message
            if status != "Succeeded":
                latest["errorDetails"] = {"code": "JobFailed", "message": message}
            if action["actionTypeId"]["category"] == "Source" and status == "Succeeded":
                self.revisions[action["name"]] = {"revisionId": self.commit, "revisionChangeId": self.commit, "created": now}
        _emit_stage_state(self, stage, status.upper(), message)  # section 23
        if self.build is not None and self._stage()["name"] == stage["name"]:
            if status == "Succeeded":
                self._push_image()
            codebuild, build = self.build
            build["phases"] = codebuild._set_phases(build["phases"])
            build.update(currentPhase="COMPLETED", buildComplete=True, endTime=iso_8601_datetime_with_milliseconds(),
                         buildStatus="SUCCEEDED" if status == "Succeeded" else "FAILED")
            _SIMULATED_BUILDS.discard(build["id"])
            self.build = None


def advance():
    """Moves every simulated rollout and run on to now."""
    if not SIMULATIONS:
        return
    with _sim_lock:
        now = time.time()
        for deployment_id, rollout in list(_ROLLOUTS.items()):
            if now >= rollout["due"]:
                del _ROLLOUTS[deployment_id]
                _finish_rollout(rollout)
        for run in list(_RUNS):
            try:
                run.advance(now)
            except Exception as error:  # a bug in the simulation fails its run, never every request
                traceback.print_exc()
                run.execution.status = "Failed"
                run.failure = f"{type(error).__name__}: {error}"
            if run.execution.status != "InProgress":
                _RUNS.remove(run)


_original_start_pipeline_execution = CodePipelineBackend.start_pipeline_execution


def _start_pipeline_execution(self, name, variables):
    execution_id = _original_start_pipeline_execution(self, name, variables)
    _record_trigger(self.pipelines[name].executions[execution_id])  # sections 21, 22
    settings = _simulation(name)
    if settings is not None:
        with _sim_lock:
            pipeline = self.pipelines[name]
            execution = pipeline.executions[execution_id]
            execution.status = "InProgress"
            execution._sim = _Run(self, pipeline, execution, settings, _pop_script(name, "failStage"))
            _RUNS.append(execution._sim)
            _emit_pipeline_state(execution._sim, "STARTED")  # section 23
            _wait_for_stage(execution._sim, 0)               # section 22
            # A run enters its first stage at once when no other run holds it (a push is a
            # control request, which advances nothing by itself).
            execution._sim.advance(time.time())
    return execution_id


_original_summary_dict = PipelineExecution.to_summary_dict
_original_execution_dict = PipelineExecution.to_dict


def _execution_summary_dict(self):
    result = _original_summary_dict(self)
    _trigger_and_mode(self, result)  # sections 21, 22
    run = getattr(self, "_sim", None)
    if run is not None:
        result["sourceRevisions"] = run.source_revisions()
    return result


def _execution_dict(self):
    result = _original_execution_dict(self)
    _trigger_and_mode(self, result)  # sections 21, 22
    run = getattr(self, "_sim", None)
    if run is not None:
        result["artifactRevisions"] = [{"name": "SourceOutput", "revisionId": run.commit,
                                        "revisionSummary": run.message}]
    return result


def _codepipeline_get_pipeline_state_simulated(self):
    """GetPipelineState from the simulated runs: each stage shows the newest run that reached it."""
    name = self._get_param("name")
    pipeline = self.codepipeline_backend.pipelines.get(name)
    if pipeline is None or not any(getattr(e, "_sim", None) for e in pipeline.executions.values()):
        return _codepipeline_get_pipeline_state(self)
    newest_first = list(reversed(pipeline.executions.values()))
    stages = []
    for stage in pipeline.pipeline["stages"]:
        state = {"stageName": stage["name"], "inboundTransitionState": {"enabled": True}, "actionStates": []}
        for execution in newest_first:
            run = getattr(execution, "_sim", None)
            reached = run.states.get(stage["name"]) if run is not None else {"status": execution.status, "actions": {}}
            if reached is None:
                continue
            state["latestExecution"] = {"pipelineExecutionId": execution.pipeline_execution_id, "status": reached["status"]}
            for action in stage["actions"]:
                action_state = {"actionName": action["name"]}
                latest = reached["actions"].get(action["name"]) or {
                    "status": execution.status, "lastStatusChange": unix_time(execution.last_update_time)}
                action_state["latestExecution"] = dict(latest)
                if run is not None and action["name"] in run.revisions:
                    action_state["currentRevision"] = run.revisions[action["name"]]
                state["actionStates"].append(action_state)
            break
        else:
            state["actionStates"] = [{"actionName": a["name"]} for a in stage["actions"]]
        stages.append(state)
    return json.dumps({"pipelineName": name, "pipelineVersion": pipeline.pipeline["version"], "stageStates": stages,
                       "created": unix_time(pipeline._created), "updated": unix_time(pipeline._updated)})


# --------------------------------------------------------------------------
# 7. Missing: CodePipeline PutApprovalResult, answering a simulated run's
#    manual approval (with AWS's errors for a wrong token or no approval).
# --------------------------------------------------------------------------
def _codepipeline_put_approval_result(self):
    body = json.loads(self.body or "{}")
    name = body.get("pipelineName", "")
    if name not in self.codepipeline_backend.pipelines:
        raise PipelineNotFoundException(f"Account '{self.current_account}' does not have a pipeline with name '{name}'")
    result = body.get("result") or {}
    if result.get("status") not in ("Approved", "Rejected"):
        raise _validation_error("result.status must be Approved or Rejected")
    with _sim_lock:
        for run in _RUNS:
            if run.pipeline.pipeline["name"] != name or run.approval is None:
                continue
            stage, action, token = run.approval
            if (stage, action) != (body.get("stageName"), body.get("actionName")):
                continue
            if token != body.get("token"):
                raise JsonRESTError("InvalidApprovalTokenException",
                                    f"The token for the approval action {stage}/{action} is not valid")
            run.approval_result = (result["status"], result.get("summary", ""))
            return json.dumps({"approvedAt": unix_time()})
    raise JsonRESTError("ApprovalAlreadyCompletedException",
                        f"No approval of {body.get('stageName')}/{body.get('actionName')} in {name} is waiting")


# --------------------------------------------------------------------------
# 8. Missing: AWS CodeConnections GetConnection (moto has no such service).
#    Answered by the middleware after moto's own signature check and IAM
#    authorization on the connection's ARN; connections are registered with
#    POST /_slipway/connections {"arn", "status", "name"}.
# --------------------------------------------------------------------------
CONNECTIONS = {}  # ARN -> {"status", "name"}
_CONNECTION_TARGETS = ("CodeConnections_20231201.GetConnection", "CodeStar_connections_20191201.GetConnection")


def _wsgi_headers(environ):
    headers = {}
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            headers["-".join(p.capitalize() for p in key[5:].split("_"))] = value
    if environ.get("CONTENT_TYPE"):
        headers["Content-Type"] = environ["CONTENT_TYPE"]
    if environ.get("CONTENT_LENGTH"):
        headers["Content-Length"] = environ["CONTENT_LENGTH"]
    return headers


def _get_connection(environ, body):
    """(status, JSON body) of a GetConnection call."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.iam.access_control import IAMRequest
    from werkzeug.exceptions import HTTPException

    headers = _wsgi_headers(environ)
    request = json.loads(body or b"{}")
    arn = request.get("ConnectionArn", "")
    try:
        iam_request = IAMRequest(account_id=DEFAULT_ACCOUNT_ID, method=environ.get("REQUEST_METHOD", "POST"),
                                 path=environ.get("PATH_INFO", "/"), data={}, body=body, headers=headers,
                                 action="GetConnection")
        iam_request.check_signature()
        iam_request.check_action_permitted(arn or "*")
    except HTTPException as error:
        return error.code, error.get_body(), "text/xml"
    found = CONNECTIONS.get(arn)
    if found is None:
        return 400, json.dumps({"__type": "ResourceNotFoundException", "message": f"Connection {arn} not found"}), "application/x-amz-json-1.0"
    account = arn.split(":")[4] if arn.count(":") >= 5 else DEFAULT_ACCOUNT_ID
    return 200, json.dumps({"Connection": {
        "ConnectionName": found.get("name") or arn.split("/")[-1], "ConnectionArn": arn, "ProviderType": "GitHub",
        "OwnerAccountId": account, "ConnectionStatus": found.get("status", "AVAILABLE")}}), "application/x-amz-json-1.0"


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
    if action in ("TagResource", "UntagResource", "ListTagsForResource"):
        return [body.get("resourceArn", "*")], implicit
    return None, implicit


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
    resolver = _RESOLVERS.get(type(self).__name__)
    if resolver is None or not _auth_enabled():
        return _original_authorize_normal_action(self, resource)
    action = self._get_action()
    try:
        resources, implicit = resolver(self, action, _body(self) if type(self).__name__ != "IamResponse" else {})
    except Exception as error:  # a harness bug must not become a 500 that SDKs retry
        print(f"patches: resource resolution of {action} failed: {error!r}", file=sys.stderr, flush=True)
        resources, implicit = None, []
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
# 10. Elastic Load Balancing (v2), as AWS answers for an Application Load
#     Balancer. moto gives every balancer the made-up hosted zone
#     Z2P70J7EXAMPLE and the DNS name {name}-1.{region}.elb.amazonaws.com
#     (internal ones too), accepts one subnet, never finds a duplicate
#     listener port (it looks the port up among listener ARNs), lets a second
#     name in DescribeLoadBalancers match the first balancer, refuses a
#     deregistration delay of 3600 (AWS's maximum), answers
#     DescribeTargetGroups(LoadBalancerArn) of a balancer with no target
#     group with TargetGroupNotFound, keeps a target group's LoadBalancerArns
#     as an ever-growing list, gives HTTP listeners an SslPolicy, takes a
#     certificate that is not ISSUED, and creates no network interfaces.
# ==========================================================================
from moto.ec2.exceptions import DependencyViolationError, EC2ClientError
from moto.ec2.models import ec2_backends
from moto.elbv2.exceptions import ELBClientError, LoadBalancerNotFoundError, TargetGroupNotFoundError
from moto.elbv2.models import ELBv2Backend, FakeHealthStatus, FakeTargetGroup, elbv2_backends
from moto.elbv2.ssl_policies import SSL_POLICIES
from moto.core.resource_tagging import TaggedResource

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
WEB = {"eniReleaseSeconds": 2.0, "changeSeconds": 0.0, "resourceRecordSeconds": 0.0}  # POST /_slipway/web
_web_lock = threading.RLock()
_RELEASES = []  # (due, ec2 backend, ENI id): interfaces of deleted balancers and stopped tasks, released late
_ELB_SLR = ("elasticloadbalancing.amazonaws.com", "AWSServiceRoleForElasticLoadBalancing")
_AAS_ECS_SLR = ("ecs.application-autoscaling.amazonaws.com", "AWSServiceRoleForApplicationAutoScaling_ECSService")


def _elb_error(code, message):
    return ELBClientError(code, message)


def _service_linked_role_arn(account, service_role):
    service, name = service_role
    return f"arn:aws:iam::{account}:role/aws-service-role/{service}/{name}"


def _ensure_service_linked_role(account, service_role):
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


def _service_linked_role_exists(account, service_role):
    from moto.iam.models import iam_backends
    try:
        iam_backends[account]["aws"].get_role(service_role[1])
        return True
    except Exception:  # noqa: BLE001
        return False


def _release_later(ec2, eni_ids):
    due = time.time() + WEB["eniReleaseSeconds"]
    with _web_lock:
        _RELEASES.extend((due, ec2, eni_id) for eni_id in eni_ids)
    web_advance()


def web_advance():
    """Releases the network interfaces whose time has come (called on every request)."""
    now = time.time()
    with _web_lock:
        due = [item for item in _RELEASES if item[0] <= now]
        for item in due:
            _RELEASES.remove(item)
            item[1].enis.pop(item[2], None)
    if SIMULATIONS or _TARGETS:
        with _sim_lock:
            _advance_targets(now)


def _managed_eni(ec2, subnet_id, groups, description):
    eni = ec2.create_network_interface(subnet_id, None, group_ids=list(groups), description=description)
    eni.requester_managed = True
    eni.status = "in-use"
    return eni


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
        raise _elb_error("InvalidConfigurationRequest", "A load balancer cannot be attached to multiple subnets in the same Availability Zone")
    if kind == "application" and len(set(zones)) < 2:
        raise _elb_error("ValidationError", "At least two subnets in two different Availability Zones must be specified")
    for group in security_groups or []:
        found = self.ec2_backend.get_security_group_from_id(group)
        if found is None or (subnets and found.vpc_id != subnets[0].vpc_id):
            raise _elb_error("InvalidSecurityGroup", f"Security group '{group}' does not exist")
    existing = next((lb for lb in self.load_balancers.values() if lb.name == name), None)
    if existing is not None:
        # CreateLoadBalancer is idempotent: the same settings answer the same balancer.
        same = (existing.type == kind and existing.scheme == scheme and sorted(existing.security_groups or []) == sorted(security_groups or [])
                and sorted(s.id for s in existing.subnets) == sorted(ids))
        if same:
            return existing
        raise _elb_error("DuplicateLoadBalancerName", f"A load balancer with the same name '{name}' exists, but with different settings")
    lb = _original_elbv2_create_load_balancer(self, name, security_groups, subnet_ids, subnet_mappings, scheme,
                                              loadbalancer_type, ip_address_type, tags)
    lb_id = lb.arn.rsplit("/", 1)[1]
    prefix = "internal-" if scheme == "internal" else ""
    lb.dns_name = f"{prefix}{name}-{random.randint(10**9, 10**10 - 1)}.{self.region_name}.elb.amazonaws.com".lower()
    if kind == "application":
        lb.canonical_hosted_zone_id = ALB_HOSTED_ZONES.get(self.region_name, lb.canonical_hosted_zone_id)
        lb.attrs.update(ALB_DEFAULT_ATTRIBUTES)
    lb._slipway_enis = [_managed_eni(self.ec2_backend, s.id, security_groups or [], f"ELB app/{name}/{lb_id}").id
                        for s in subnets]
    _ensure_service_linked_role(self.account_id, _ELB_SLR)
    return lb


_original_elbv2_delete_load_balancer = ELBv2Backend.delete_load_balancer


def _elbv2_delete_load_balancer(self, arn):
    lb = self.load_balancers.get(arn)
    if lb is not None:
        if str(lb.attrs.get("deletion_protection.enabled", "false")).lower() == "true":
            raise _elb_error("OperationNotPermitted", f"Load balancer '{arn}' cannot be deleted because deletion protection is enabled")
        _release_later(self.ec2_backend, getattr(lb, "_slipway_enis", []))
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
            raise _elb_error("LoadBalancerNotFound", f"Load balancers '[{name}]' not found")
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
        raise _elb_error("SSLPolicyNotFound", f"SSL policy '{ssl_policy}' not found")
    if protocol == "HTTPS" and certificates is not None and not certificates:
        raise _elb_error("ValidationError", "A certificate must be specified for HTTPS listeners")
    for certificate in certificates or []:
        arn = certificate.get("CertificateArn", "")
        if ":acm:" not in arn:
            continue
        status = _certificate_status(backend.account_id, backend.region_name, arn)
        if status is None:
            raise _elb_error("CertificateNotFound", f"Certificate '{arn}' not found")
        if status != "ISSUED":
            raise _elb_error("UnsupportedCertificate", f"The certificate '{arn}' must have a fully-qualified domain name, "
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
            raise _elb_error("DuplicateListener", "A listener with the specified port already exists.")
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
            raise _elb_error("DuplicateListener", "A listener with the specified port already exists.")
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
        raise _elb_error("DuplicateTargetGroupName", "A target group with the same name exists, but with different settings")
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


# ==========================================================================
# 11. ACM, for DNS validation. moto issues a certificate MOTO_ACM_VALIDATION_WAIT
#     seconds (60 by default) after the request whether or not its CNAMEs
#     exist, gives every domain of every account the same validation record,
#     shows IssuedAt, Serial, NotBefore and NotAfter before issuance, deletes a
#     certificate a listener uses, and lists the listener (not the balancer)
#     in InUseBy. Here a certificate is ISSUED once every validation CNAME is
#     in one of the account's Route 53 zones and MOTO_ACM_VALIDATION_WAIT has
#     passed; the ResourceRecords can be held back (POST /_slipway/web
#     {"resourceRecordSeconds": s}), as AWS takes a few seconds to name them.
# ==========================================================================
from moto.acm.exceptions import AWSError as ACMError
from moto.acm.models import AWSCertificateManagerBackend, CertBundle, acm_backends


def _certificate_users(account, region, arn):
    backend = elbv2_backends[account][region]
    users = [lb.arn for lb in backend.load_balancers.values()
             if any(arn in listener.certificates for listener in lb.listeners.values())]
    return users + [lb for lb in _lingering_certificate_users(arn) if lb not in users]  # section 28


def _validation_record(account, domain):
    """AWS's CNAME for a domain: the same for a domain and its wildcard, per account."""
    base = domain[2:] if domain.startswith("*.") else domain
    digest = hashlib.sha256(f"{account}:{base.lower()}".encode()).hexdigest()
    return {"Name": f"_{digest[:32]}.{base.lower()}.", "Type": "CNAME",
            "Value": f"_{digest[32:64]}.{digest[:10]}.acm-validations.aws."}


def _record_exists(account, name, value):
    from moto.route53.models import route53_backends
    name, value = name.lower().rstrip("."), value.lower().rstrip(".")
    for zone in route53_backends[account]["aws"].zones.values():
        for record in zone.rrsets:
            if record.type == "CNAME" and record.name.lower().rstrip(".") == name and \
                    any(str(v).lower().rstrip(".") == value for v in record.records or []):
                return True
    return False


def _requested_names(bundle):
    names = getattr(bundle, "_slipway_names", None)
    if names is None:
        names = list(dict.fromkeys([bundle.common_name] + list(bundle.sans)))
    return names


def _acm_check(self):
    if self.type == "AMAZON_ISSUED" and self.status == "PENDING_VALIDATION":
        from moto import settings as moto_settings
        waited = (utcnow() - self.created_at).total_seconds()
        account = self.arn.split(":")[4]
        validated = all(_record_exists(account, **{k.lower(): v for k, v in _validation_record(account, name).items() if k != "Type"})
                        for name in _requested_names(self))
        if validated and waited >= moto_settings.ACM_VALIDATION_WAIT:
            self.status = "ISSUED"
            self._slipway_issued_at = utcnow()
    elif self.status != "PENDING_VALIDATION":
        _original_acm_check(self)


_original_acm_check = CertBundle.check
_original_acm_describe = CertBundle.describe


def _acm_describe(self):
    result = _original_acm_describe(self)
    certificate = result["Certificate"]
    account, region = self.arn.split(":")[4], self.arn.split(":")[3]
    certificate["InUseBy"] = _certificate_users(account, region, self.arn)
    if self.type != "AMAZON_ISSUED":
        return result
    names = _requested_names(self)
    certificate["SubjectAlternativeNames"] = names
    if self.status != "ISSUED":
        for key in ("IssuedAt", "NotBefore", "NotAfter", "Serial"):
            certificate.pop(key, None)
    elif getattr(self, "_slipway_issued_at", None) is not None:
        certificate["IssuedAt"] = datetime_to_epoch(self._slipway_issued_at)
    named = (utcnow() - self.created_at).total_seconds() >= WEB["resourceRecordSeconds"]
    status = {"ISSUED": "SUCCESS", "PENDING_VALIDATION": "PENDING_VALIDATION"}.get(self.status, "FAILED")
    options = []
    for name in names:
        record = _validation_record(account, name)
        option = {"DomainName": name, "ValidationDomain": name, "ValidationMethod": "DNS", "ValidationStatus": status}
        if named:
            option["ResourceRecord"] = record
        options.append(option)
    certificate["DomainValidationOptions"] = options
    return result


def datetime_to_epoch(value):
    from moto.acm.models import datetime_to_epoch as epoch
    return epoch(value)


_original_acm_request_certificate = AWSCertificateManagerBackend.request_certificate


def _acm_request_certificate(self, domain_name, idempotency_token, subject_alt_names, tags, cert_authority_arn=None,
                             cert_options=None):
    arn = _original_acm_request_certificate(self, domain_name, idempotency_token, subject_alt_names, tags,
                                            cert_authority_arn, cert_options)
    bundle = self._certificates[arn]
    if not hasattr(bundle, "_slipway_names"):
        bundle._slipway_names = list(dict.fromkeys([domain_name] + list(subject_alt_names or [])))
    return arn


_original_acm_delete_certificate = AWSCertificateManagerBackend.delete_certificate


def _acm_delete_certificate(self, arn):
    if arn in self._certificates and _certificate_users(self.account_id, self.region_name, arn):
        raise ACMError(f"Certificate {arn} in use by {', '.join(_certificate_users(self.account_id, self.region_name, arn))}",
                       exception_type="ResourceInUseException")
    return _original_acm_delete_certificate(self, arn)


# ==========================================================================
# 12. Route 53 record sets, changes and ListHostedZonesByName as AWS has them.
#     moto's ListHostedZonesByName returns only the zone named exactly (AWS
#     starts there and goes on in order of reversed labels) and leaves out
#     IsTruncated and MaxItems, which the model requires; every change is
#     /change/C2682N5HXP0BZ4, INSYNC at once, and GetChange knows any id;
#     CREATE of an existing record and DELETE of one that differs pass
#     (moto checks its journal, not the zone); an alias may name anything;
#     and names come back as sent. Here a change batch is checked whole
#     before any of it applies, with AWS's InvalidChangeBatch messages; an
#     alias to an ELB zone must name a balancer of that zone (an alias to a
#     record of the same zone must name a record); names and alias DNS
#     names are stored lowercase with a trailing dot (`*` as \052); a change
#     is PENDING until `changeSeconds` (POST /_slipway/web) have passed.
# ==========================================================================
from moto.route53.exceptions import Route53ClientError
from moto.route53.responses import Route53

_CHANGES = {}  # change id -> submitted (epoch seconds)
_ALB_ZONE_IDS = set(ALB_HOSTED_ZONES.values())


def _r53_error(code, message):
    return Route53ClientError(code, message)


def _normal_name(name):
    name = (name or "").lower().replace("\\052", "*")
    name = name if name.endswith(".") else name + "."
    return name.replace("*", "\\052") if name.startswith("*.") else name


def _new_change():
    change_id = "C" + "".join(random.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(20))
    _CHANGES[change_id] = time.time()
    return {"Id": f"/change/{change_id}", "Status": "PENDING", "SubmittedAt": utcnow()}


def _change_status(change_id):
    submitted = _CHANGES.get(change_id.split("/")[-1])
    if submitted is None:
        return None
    return "INSYNC" if time.time() - submitted >= WEB["changeSeconds"] else "PENDING"


def _alias_problem(account, zone, record):
    alias = record.get("AliasTarget")
    if not alias:
        return None
    zone_id, dns = alias.get("HostedZoneId", ""), alias.get("DNSName", "").lower().rstrip(".")
    where = f"[Tried to create an alias that targets {dns}., type {record.get('Type')} in zone {zone_id}"
    if zone_id in _ALB_ZONE_IDS:
        region = next(r for r, z in ALB_HOSTED_ZONES.items() if z == zone_id)
        target = dns.removeprefix("dualstack.")
        if any(lb.dns_name.lower() == target for lb in elbv2_backends[account][region].load_balancers.values()):
            return None
        return f"{where}, but the alias target name does not lie within the target zone]"
    if zone_id == zone.id.split("/")[-1]:
        if any(r.name.lower().rstrip(".") == dns for r in zone.rrsets):
            return None
        return f"{where}, but the alias target name does not lie within the target zone]"
    if zone_id == "Z2FDTNDATAQYW2":  # CloudFront: not emulated, taken as given
        return None
    return f"{where}, but that target was not found]"


def _same_record(current, wanted):
    if current.type != wanted.get("Type") or (current.set_identifier or None) != (wanted.get("SetIdentifier") or None):
        return False
    if wanted.get("AliasTarget") or current.alias_target:
        a, b = current.alias_target or {}, wanted.get("AliasTarget") or {}
        return (a.get("HostedZoneId") == b.get("HostedZoneId") and str(a.get("DNSName", "")).lower().rstrip(".") ==
                str(b.get("DNSName", "")).lower().rstrip(".") and bool(a.get("EvaluateTargetHealth")) == bool(b.get("EvaluateTargetHealth")))
    values = [r["Value"] for r in wanted.get("ResourceRecords") or []]
    return str(current.ttl) == str(wanted.get("TTL")) and sorted(map(str, current.records or [])) == sorted(values)


_route53_lock = threading.Lock()


def _route53_change_resource_record_sets(self):
    # AWS applies a zone's change batches one at a time; moto's threaded server would let two
    # batches read the zone at once and the second write drop the first's records.
    with _route53_lock:
        return _route53_apply_change_batch(self)


def _route53_apply_change_batch(self):
    from moto.route53.models import RecordSet
    zone = self.backend.get_hosted_zone(self._get_param("HostedZoneId"))
    changes = self._get_param("ChangeBatch.Changes") or []
    account = self.current_account
    # Checked against the zone as the batch leaves it, change by change, before anything applies.
    state = {(r.name.lower(), r.type, r.set_identifier or None): r for r in zone.rrsets}
    problems, applied = [], []
    for change in changes:
        record = copy.deepcopy(change["ResourceRecordSet"])
        record["Name"] = _normal_name(record["Name"])
        if record.get("AliasTarget"):
            record["AliasTarget"]["DNSName"] = _normal_name(record["AliasTarget"]["DNSName"]).replace("\\052", "*")
        key = (record["Name"], record["Type"], record.get("SetIdentifier") or None)
        label = f"[name='{record['Name']}', type='{record['Type']}'" + \
                (f", set-identifier='{record['SetIdentifier']}'" if record.get("SetIdentifier") else "") + "]"
        zone_name = zone.name.lower().rstrip(".")
        if not (record["Name"].rstrip(".") == zone_name or record["Name"].rstrip(".").endswith("." + zone_name)):
            problems.append(f"RRSet with DNS name {record['Name']} is not permitted in zone {zone.name}")
            continue
        action = change["Action"]
        if action in ("CREATE", "UPSERT"):
            if action == "CREATE" and key in state:
                problems.append(f"Tried to create resource record set {label} but it already exists")
                continue
            problem = _alias_problem(account, zone, record)
            if problem:
                problems.append(problem.strip("[]"))
                continue
            stored = dict(record)
            if stored.get("ResourceRecords"):
                stored["ResourceRecords"] = [r["Value"] for r in stored["ResourceRecords"]]
            state[key] = RecordSet(stored)
        elif action == "DELETE":
            current = state.get(key)
            if current is None:
                problems.append(f"Tried to delete resource record set {label} but it was not found")
                continue
            if not _same_record(current, record):
                problems.append(f"Tried to delete resource record set {label} but the values provided do not match the current values")
                continue
            del state[key]
        applied.append(change)
    if problems:
        raise _r53_error("InvalidChangeBatch", "[" + ", ".join(problems) + "]")
    zone.rrsets = list(state.values())
    for change in applied:
        zone.rr_changes.append(copy.deepcopy(change))
    return ActionResult({"ChangeInfo": _new_change()})


def _route53_get_change(self):
    change_id = self._get_param("Id")
    status = _change_status(change_id)
    if status is None:
        raise _r53_error("NoSuchChange", f"A change with the specified change ID does not exist: {change_id}")
    return ActionResult({"ChangeInfo": {"Id": f"/change/{change_id.split('/')[-1]}", "Status": status,
                                        "SubmittedAt": utcnow()}})


_original_route53_create_hosted_zone = Route53.create_hosted_zone
_original_route53_delete_hosted_zone = Route53.delete_hosted_zone


def _route53_create_hosted_zone(self):
    result = _original_route53_create_hosted_zone(self)
    result.result["ChangeInfo"] = _new_change()  # moto's is one fixed id that GetChange would not know
    return result


def _route53_delete_hosted_zone(self):
    result = _original_route53_delete_hosted_zone(self)
    result.result["ChangeInfo"] = _new_change()
    return result


def _reversed_labels(name):
    return ".".join(reversed(name.lower().rstrip(".").split(".")))


def _route53_list_hosted_zones_by_name(self):
    dns_name = self._get_param("DNSName")
    zone_id = self._get_param("HostedZoneId")
    max_items = int(self._get_param("MaxItems") or 100)
    zones = sorted(self.backend.zones.values(), key=lambda z: (_reversed_labels(z.name), z.resource_id))
    if dns_name:
        start = (_reversed_labels(dns_name), zone_id or "")
        zones = [z for z in zones if (_reversed_labels(z.name), z.resource_id if zone_id else "") >= start]
    page, rest = zones[:max_items], zones[max_items:]
    result = {"HostedZones": page, "IsTruncated": bool(rest), "MaxItems": str(max_items)}
    if dns_name:
        result["DNSName"] = dns_name if dns_name.endswith(".") else dns_name + "."
    if zone_id:
        result["HostedZoneId"] = zone_id
    if rest:
        result["NextDNSName"], result["NextHostedZoneId"] = rest[0].name, rest[0].resource_id
    return ActionResult(result)


# ==========================================================================
# 13. Application Auto Scaling, for an ECS service's desired count. moto has
#     no TagResource, UntagResource or ListTagsForResource; leaves out
#     RoleARN (which the model requires) and SuspendedState; takes a policy
#     for a target never registered and a ResourceLabel naming nothing;
#     answers ValidationException where AWS answers ObjectNotFoundException;
#     matches DescribeScalingPolicies' ResourceId by substring and ignores
#     PolicyNames; gives an updated policy a new ARN; leaves a deregistered
#     target's policies behind; and never moves the desired count into
#     [MinCapacity, MaxCapacity], which AWS does on registration.
# ==========================================================================
from moto.applicationautoscaling import models as aas_models
from moto.applicationautoscaling.models import ApplicationAutoscalingBackend, FakeApplicationAutoscalingPolicy
from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse

_AAS_TAGS = {}  # scalable target ARN -> {key: value}


def _aas_error(code, message):
    return JsonRESTError(code, message)


def _aas_target(backend, namespace, resource_id, dimension):
    target = backend.targets.get(dimension, {}).get(resource_id)
    if target is None or target.service_namespace != namespace:
        raise _aas_error("ObjectNotFoundException", f"No scalable target registered for service namespace: {namespace}, "
                                                    f"resource ID: {resource_id}, scalable dimension: {dimension}")
    return target


def _aas_register_scalable_target(self):
    body = _body(self)
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
        role = _service_linked_role_arn(self.current_account, _AAS_ECS_SLR)
        _ensure_service_linked_role(self.current_account, _AAS_ECS_SLR)
    target = backend.register_scalable_target(namespace, resource_id, dimension, min_capacity=body.get("MinCapacity"),
                                              max_capacity=body.get("MaxCapacity"), role_arn=role,
                                              suspended_state=body.get("SuspendedState"))
    if target.role_arn is None:
        target.role_arn = role
    if target.suspended_state is None:
        target.suspended_state = {"DynamicScalingInSuspended": False, "DynamicScalingOutSuspended": False,
                                  "ScheduledScalingSuspended": False}
    if body.get("Tags"):
        _AAS_TAGS.setdefault(target.arn, {}).update(body["Tags"])
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
    body = _body(self)
    backend = self.applicationautoscaling_backend
    target = _aas_target(backend, body.get("ServiceNamespace"), body.get("ResourceId"), body.get("ScalableDimension"))
    for key, policy in list(backend.policies.items()):
        if (policy.service_namespace, policy.resource_id, policy.scalable_dimension) == \
                (target.service_namespace, target.resource_id, target.scalable_dimension):
            _aas_delete_policy(backend, key)
    del backend.targets[target.scalable_dimension][target.resource_id]
    _AAS_TAGS.pop(target.arn, None)
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
    body = _body(self)
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
    body = _body(self)
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
    body = _body(self)
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
    body = _body(self)
    target = _aas_tagged_target(self, body.get("ResourceARN"))
    _AAS_TAGS.setdefault(target.arn, {}).update(body.get("Tags") or {})
    return json.dumps({})


def _aas_untag_resource(self):
    body = _body(self)
    target = _aas_tagged_target(self, body.get("ResourceARN"))
    for key in body.get("TagKeys") or []:
        _AAS_TAGS.get(target.arn, {}).pop(key, None)
    return json.dumps({})


def _aas_list_tags_for_resource(self):
    body = _body(self)
    target = _aas_tagged_target(self, body.get("ResourceARN"))
    return json.dumps({"Tags": dict(_AAS_TAGS.get(target.arn, {}))})


def _aas_build_target(target):
    built = _original_aas_build_target(target)
    built["RoleARN"] = target.role_arn or _service_linked_role_arn(target.arn.split(":")[4], _AAS_ECS_SLR)
    return built


from moto.applicationautoscaling import responses as aas_responses  # noqa: E402
_original_aas_build_target = aas_responses._build_target


# ==========================================================================
# 14. EC2 security groups in use. moto deletes a security group whatever
#     uses it; AWS answers DependencyViolation while a network interface (a
#     load balancer's, a task's) is in the group or another group's rule
#     names it. Load balancers get a network interface per subnet (section
#     10), released `eniReleaseSeconds` after DeleteLoadBalancer (AWS takes a
#     while too), and simulated tasks one each (section 15).
# ==========================================================================
from moto.ec2.models.security_groups import SecurityGroupBackend

_original_delete_security_group = SecurityGroupBackend.delete_security_group


def _group_users(backend, group_id):
    web_advance()
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


# ==========================================================================
# 15. ECS services on target groups. moto's CreateService drops
#     healthCheckGracePeriodSeconds and checks nothing of `loadBalancers`;
#     it runs no task, so no target group ever has a target. Here
#     CreateService and UpdateService refuse what AWS refuses (a grace period
#     without a load balancer, an unknown target group, one of another target
#     type than ip for awsvpc, one on no load balancer, a container or port
#     the task definition lacks), and the simulated rollouts (section 6)
#     register their tasks: each task has an IP address in the service's
#     subnets (a network interface in its security groups), a new
#     deployment's tasks are `initial` until it completes, then `healthy`,
#     the tasks they replace `draining` for the target group's
#     deregistration delay, and a failed deployment's tasks `unhealthy`
#     (Target.FailedHealthChecks) until they go. POST /_slipway/target-health
#     {"targetGroupArn", "state", "reason", "description"} sets a target
#     group's registered targets to a state (null: back to the simulation's).
# ==========================================================================
_task_numbers = itertools.count()
_TARGETS = {}          # target group ARN -> {ip: {"port", "state", "reason", "description", "until", "eni", "deployment"}}
HEALTH_OVERRIDES = {}  # target group ARN -> {"state", "reason", "description"}
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


def _ecs_create_service_checked(self):
    params = self._get_params() if hasattr(self, "_get_params") else _body(self)
    definition = params.get("taskDefinition")
    grace = params.get("healthCheckGracePeriodSeconds")
    _check_load_balancers(self.ecs_backend, params.get("loadBalancers"), definition, grace)
    result = _ecs_create_service(self)
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
    eni = _managed_eni(ec2, subnets[index % len(subnets)], groups, f"arn:aws:ecs:{ecs.region_name}:{ecs.account_id}:attachment/{uuid.uuid4()}")
    return eni.private_ip_address, eni.id


def _register_tasks(service, deployment, count):
    """Registers `count` tasks of `deployment` with the service's target groups, `initial`."""
    ecs = service._backend
    tasks = [_task_ip(ecs, service, next(_task_numbers)) for _ in range(count)]
    for entry in service.load_balancers or []:
        targets = _TARGETS.setdefault(entry["targetGroupArn"], {})
        for ip, eni in tasks:
            targets[ip] = {"port": entry.get("containerPort"), "state": "initial", "until": None, "eni": eni,
                           "deployment": deployment["id"], "service": service}


def _deregister_tasks(service, deployment_id=None, state="draining", keep=0):
    """The tasks of a deployment (every deployment: None) go `state`, then away after the deregistration delay."""
    now = time.time()
    elb = elbv2_backends[service._account_id][service.region_name]
    released = []
    for arn, targets in _TARGETS.items():
        mine = [ip for ip, t in targets.items() if t.get("service") is service and t["state"] != "draining"
                and (deployment_id is None or t["deployment"] == deployment_id)]
        for ip in mine[keep:] if keep else mine:
            group = elb.target_groups.get(arn)
            delay = float(group.attributes.get("deregistration_delay.timeout_seconds", 300)) if group else 0.0
            targets[ip].update(state=state, until=now + (delay if state == "draining" else 1.0))
            released.append(targets[ip].get("eni"))
    return released


def _retag_targets(service, old_id, new_id):
    """A circuit breaker's rollback deployment takes over the tasks of the deployment it restores."""
    for targets in _TARGETS.values():
        for target in targets.values():
            if target.get("service") is service and target["deployment"] == old_id:
                target["deployment"] = new_id


_original_ecs_backend_delete_service = EC2ContainerServiceBackend.delete_service


def _ecs_backend_delete_service(self, cluster_name, service_name, force):
    service = _original_ecs_backend_delete_service(self, cluster_name, service_name, force)
    with _sim_lock:
        _deregister_tasks(service)
    return service


def _advance_targets(now):
    for arn, targets in list(_TARGETS.items()):
        for ip, target in list(targets.items()):
            if target["until"] is not None and now >= target["until"]:
                del targets[ip]
                eni = target.get("eni")
                if eni:
                    service = target["service"]
                    ec2_backends[service._account_id][service.region_name].enis.pop(eni, None)


def _on_rollout_started(service, deployment):
    if service.load_balancers:
        _register_tasks(service, deployment, deployment["desiredCount"])


def _on_rollout_finished(service, deployment, succeeded):
    if not service.load_balancers:
        return
    for targets in _TARGETS.values():
        for target in targets.values():
            if target.get("service") is service and target["deployment"] == deployment["id"] and target["state"] == "initial":
                target["state"] = "healthy" if succeeded else "unhealthy"
                if not succeeded:
                    target["until"] = time.time() + 1.0
    if succeeded:
        for old in {t["deployment"] for ts in _TARGETS.values() for t in ts.values() if t.get("service") is service}:
            if old != deployment["id"]:
                _deregister_tasks(service, old)


def _sync_targets(service):
    """After an UpdateService: detached target groups drain, a changed desired count adds or drains tasks."""
    attached = {entry["targetGroupArn"] for entry in service.load_balancers or []}
    now = time.time()
    elb = elbv2_backends[service._account_id][service.region_name]
    for arn, targets in _TARGETS.items():
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
    live = [ip for arn in attached for ip, t in _TARGETS.get(arn, {}).items()
            if t.get("service") is service and t["deployment"] == primary["id"] and t["state"] != "draining"]
    per_group = len(live) // max(len(attached), 1)
    wanted = service.desired_count
    if attached and per_group < wanted:
        _register_tasks(service, primary, wanted - per_group)
        _on_rollout_finished(service, primary, True)
    elif attached and per_group > wanted:
        _deregister_tasks(service, primary["id"], keep=wanted)


_original_elbv2_describe_target_health = ELBv2Backend.describe_target_health


def _elbv2_describe_target_health(self, target_group_arn, targets):
    found = _original_elbv2_describe_target_health(self, target_group_arn, targets)
    group = self.target_groups[target_group_arn]
    with _sim_lock:
        web_advance()
        simulated = _TARGETS.get(target_group_arn, {})
        override = HEALTH_OVERRIDES.get(target_group_arn)
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


def _slr_check(response, service_role):
    """iam:CreateServiceLinkedRole, when the account has no such role yet."""
    if _service_linked_role_exists(response.current_account, service_role):
        return []
    return [("iam:CreateServiceLinkedRole", _service_linked_role_arn(response.current_account, service_role),
             {"iam:AWSServiceName": service_role[0]})]


def _elbv2_resources(response, action, body):
    params = _params(response)
    arn = lambda rest: _arn(response, "elasticloadbalancing", rest)  # noqa: E731
    tags = params.get("Tags")
    implicit = []

    def tag_on_create(resource):
        if tags:
            implicit.append(("elasticloadbalancing:AddTags", resource, {"elasticloadbalancing:CreateAction": action}))

    if action == "CreateLoadBalancer":
        resource = arn(f"loadbalancer/{'net' if params.get('Type') == 'network' else 'app'}/{params.get('Name', '')}/*")
        tag_on_create(resource)
        return [resource], implicit + _slr_check(response, _ELB_SLR)
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


def _acm_resources(response, action, body):
    if action in ("RequestCertificate", "ListCertificates", "ImportCertificate", "GetAccountConfiguration", "PutAccountConfiguration"):
        return ["*"], []
    return [body.get("CertificateArn", "*")], []


def _route53_resources(response, action, body):
    params = _params(response)
    partition = get_partition(response.region)
    zone = lambda zone_id: f"arn:{partition}:route53:::hostedzone/{str(zone_id).split('/')[-1]}"  # noqa: E731
    if action in ("GetHostedZone", "DeleteHostedZone", "UpdateHostedZoneComment"):
        return [zone(params.get("Id", ""))], []
    if action in ("ChangeResourceRecordSets", "ListResourceRecordSets", "GetDNSSEC"):
        return [zone(params.get("HostedZoneId", ""))], []
    if action == "GetChange":
        return [f"arn:{partition}:route53:::change/{str(params.get('Id', '')).split('/')[-1]}"], []
    if action in ("ListTagsForResource", "ChangeTagsForResource"):
        kind = params.get("ResourceType", "hostedzone")
        return [f"arn:{partition}:route53:::{kind}/{params.get('ResourceId', '')}"], []
    return ["*"], []  # ListHostedZones*, CreateHostedZone, GetHostedZoneCount: no resource-level permissions


def _ec2_resources(response, action, body):
    params = _params(response)
    arn = lambda rest: _arn(response, "ec2", rest)  # noqa: E731
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


def _aas_resources(response, action, body):
    backend = aas_models.applicationautoscaling_backends[response.current_account][response.region]
    namespace, resource_id, dimension = body.get("ServiceNamespace"), body.get("ResourceId", ""), body.get("ScalableDimension")
    target = backend.targets.get(dimension, {}).get(resource_id)
    target_arn = target.arn if target is not None else _arn(response, "application-autoscaling", "scalable-target/*")
    conditions = {"application-autoscaling:service-namespace": namespace, "application-autoscaling:scalable-dimension": dimension}
    implicit = []
    alarms = _arn(response, "cloudwatch", f"alarm:TargetTracking-{resource_id}-*")
    if action == "RegisterScalableTarget":
        if namespace == "ecs" and resource_id.count("/") == 2:
            _, cluster, service = resource_id.split("/")
            service_arn = _arn(response, "ecs", f"service/{cluster}/{service}")
            implicit += [("ecs:DescribeServices", service_arn, None), ("ecs:UpdateService", service_arn, None)]
            if not body.get("RoleARN"):
                implicit += _slr_check(response, _AAS_ECS_SLR)
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


_RESOLVERS.update({
    "ELBV2Response": _elbv2_resources, "AWSCertificateManagerResponse": _acm_resources, "Route53": _route53_resources,
    "EC2Response": _ec2_resources, "ApplicationAutoScalingResponse": _aas_resources,
})


def _apply_web():
    """Sections 10-15 and the web services' authorization (called by apply())."""
    ELBv2Backend.create_load_balancer = _elbv2_create_load_balancer
    ELBv2Backend.delete_load_balancer = _elbv2_delete_load_balancer
    ELBv2Backend.describe_load_balancers = _elbv2_describe_load_balancers
    ELBv2Backend.create_listener = _elbv2_create_listener
    ELBv2Backend.modify_listener = _elbv2_modify_listener
    ELBv2Backend.describe_target_groups = _elbv2_describe_target_groups
    ELBv2Backend.create_target_group = _elbv2_create_target_group
    ELBv2Backend.modify_target_group_attributes = _elbv2_modify_target_group_attributes
    ELBv2Backend.describe_target_health = _elbv2_describe_target_health
    ELBv2Backend.iter_tagged_resources = _elbv2_iter_tagged_resources
    FakeTargetGroup.load_balancer_arns = property(_target_group_load_balancer_arns, lambda self, value: None)
    CertBundle.check = _acm_check
    CertBundle.describe = _acm_describe
    AWSCertificateManagerBackend.request_certificate = _acm_request_certificate
    AWSCertificateManagerBackend.delete_certificate = _acm_delete_certificate
    Route53.change_resource_record_sets = _route53_change_resource_record_sets
    Route53.get_change = _route53_get_change
    Route53.list_hosted_zones_by_name = _route53_list_hosted_zones_by_name
    Route53.create_hosted_zone = _route53_create_hosted_zone
    Route53.delete_hosted_zone = _route53_delete_hosted_zone
    ApplicationAutoScalingResponse.register_scalable_target = _aas_register_scalable_target
    ApplicationAutoScalingResponse.deregister_scalable_target = _aas_deregister_scalable_target
    ApplicationAutoScalingResponse.put_scaling_policy = _aas_put_scaling_policy
    ApplicationAutoScalingResponse.describe_scaling_policies = _aas_describe_scaling_policies
    ApplicationAutoScalingResponse.delete_scaling_policy = _aas_delete_scaling_policy
    ApplicationAutoScalingResponse.tag_resource = _aas_tag_resource
    ApplicationAutoScalingResponse.untag_resource = _aas_untag_resource
    ApplicationAutoScalingResponse.list_tags_for_resource = _aas_list_tags_for_resource
    aas_responses._build_target = _aas_build_target
    SecurityGroupBackend.delete_security_group = _delete_security_group
    EC2ContainerServiceResponse.create_service = _ecs_create_service_checked
    EC2ContainerServiceResponse.update_service = _ecs_update_service_checked
    EC2ContainerServiceBackend.delete_service = _ecs_backend_delete_service


def apply():
    """Patch moto in this process. Idempotent."""
    EC2ContainerServiceResponse.create_service = _ecs_create_service
    IAMRequestBase._create_aws_request = _create_aws_request
    codebuild_responses._validate_required_params_source = _validate_source
    codebuild_responses._validate_required_params_artifacts = _validate_artifacts
    Response = codebuild_responses.CodeBuildResponse
    Response.update_project = _codebuild_update_project
    Response.batch_get_projects = _codebuild_batch_get_projects
    codebuild_models.CodeBuildBackend.batch_get_builds = _batch_get_builds
    CodePipelineResponse.get_pipeline_state = _codepipeline_get_pipeline_state_simulated
    CodePipelineResponse.put_job_success_result = _codepipeline_put_job_success_result
    CodePipelineResponse.put_job_failure_result = _codepipeline_put_job_failure_result
    # 6. Simulated runs and rollouts.
    CodePipelineBackend.start_pipeline_execution = _start_pipeline_execution
    PipelineExecution.to_summary_dict = _execution_summary_dict
    PipelineExecution.to_dict = _execution_dict
    EC2ContainerServiceBackend.create_service = _ecs_backend_create_service
    EC2ContainerServiceBackend.describe_task_definition = _describe_task_definition
    EC2ContainerServiceBackend.update_service = _ecs_backend_update_service
    # 7. Approvals.
    CodePipelineResponse.put_approval_result = _codepipeline_put_approval_result
    # 9. Authorization on real resources, implicit checks, IAM's S3 action names.
    IAMRequestBase.__init__ = _iam_request_init
    ActionAuthenticatorMixin._authenticate_and_authorize_normal_action = _authorize_normal_action
    S3Response._authenticate_and_authorize_s3_action = _s3_authorize
    # 10-15. The web services: ELB, ACM, Route 53, Application Auto Scaling, EC2, ECS on target groups.
    _apply_web()
    # 16. Each response its own optional members.
    BaseResponse._include_in_response = _include_in_own_response
    BaseResponse._exclude_from_response = _exclude_from_own_response
    # 17. The tagging API lists ECR repositories and CodePipeline pipelines; log groups are logs:log-group.
    # 18. IAM GetAccountAuthorizationDetails in pages, its trust policies URL-encoded.
    _apply_tagging_and_iam()
    # 19. ECS ListTaskDefinitionFamilies filters by status and pages.
    EC2ContainerServiceResponse.list_task_definition_families = _ecs_list_task_definition_families
    # 20-24. V2 pipeline fields, Git pushes, execution modes, CodePipeline events to EventBridge targets,
    # SNS email subscriptions; authorization of EventBridge and SNS on their resources.
    _apply_pipelines_and_events()
    # 26-30. Lambda function states, ECS services draining and tasks stopping, what AWS refuses while
    # resources are in use or settling, AWS's default VPC, reply stripping (the middleware's).
    apply_settling()
    # 31. The clock tests move: every reply's Date header, S3's LastModified.
    MotoRequestHandler.date_time_string = _clock_date_time_string
    s3_models.utcnow = s3_patches.utcnow
    # 32. S3 conditional writes: 409 ConditionalRequestConflict, DeleteObject If-Match: *.
    S3Response.put_object = s3_patches.put_object
    S3Response.delete_object = s3_patches.delete_object


def _clock_date_time_string(self, timestamp=None):
    """Section 31: werkzeug's request handler writes every reply's Date header itself (send_response),
    from the wall clock; the emulator's clock gives it instead."""
    return CLOCK.http_date(timestamp)


# --------------------------------------------------------------------------
# 16. moto keeps the optional members of a response (ECS DescribeServices'
#     `include: [TAGS]`) in RESPONSE_KEY_PATH_TO_TRANSFORMER, a class attribute
#     that _include_in_response/_exclude_from_response write into: concurrent
#     requests of one service race on it. Each response writes into its own copy.
# --------------------------------------------------------------------------
def _own_transformers(response):
    if "RESPONSE_KEY_PATH_TO_TRANSFORMER" not in response.__dict__:
        response.RESPONSE_KEY_PATH_TO_TRANSFORMER = dict(type(response).RESPONSE_KEY_PATH_TO_TRANSFORMER)
    return response.RESPONSE_KEY_PATH_TO_TRANSFORMER


def _include_in_own_response(self, response_key_path):
    _own_transformers(self)[response_key_path] = lambda x: x


def _exclude_from_own_response(self, response_key_path):
    _own_transformers(self)[response_key_path] = never_return


# --------------------------------------------------------------------------
# 5. WSGI middleware: latency, call log, control endpoints under /_slipway/
#    (answered here, so moto's routing never sees them).
# --------------------------------------------------------------------------
_CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/[^/]+/([^/]+)/([^/]+)/")


class Middleware:
    def __init__(self, app, latency_ms=0, model_validation=True):
        self.app = app
        self.latency = max(0, latency_ms) / 1000.0
        self.calls = []
        self.lock = threading.Lock()
        self.validator = _model_validator() if model_validation else None
        self.violations_lock = threading.Lock()

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith("/_slipway/"):
            return self._control(environ, start_response, path)
        if path.startswith("/moto-api"):
            return self.app(environ, start_response)
        if self.latency:
            time.sleep(self.latency)
        advance()
        web_advance()
        settle_advance()  # section 27
        body = self._take_body(environ)
        record = self._describe(environ, path, body)
        # A body shorter than its Content-Length is a client that died mid-request (the
        # interrupted-run tests kill -9 slipway), not a request that breaks the model.
        cut_off = len(body) < self._content_length(environ)
        violations = self._validate(environ, body) if self.validator is not None and not cut_off else None
        if violations:
            record["status"] = 400
            with self.lock:
                self.calls.append(record)
            return _violation_response(start_response, violations, environ.get("REQUEST_METHOD") == "HEAD")
        strip = self._strip_plan(environ, body)  # section 30
        if environ.get("HTTP_X_AMZ_TARGET", "").endswith(_CONNECTION_TARGETS):
            status, payload, content_type = _get_connection(environ, body)
            record["status"] = status
            with self.lock:
                self.calls.append(record)
            data = payload.encode() if isinstance(payload, str) else payload
            headers = [("Content-Type", content_type), ("Content-Length", str(len(data)))]
            if strip is not None:
                headers, data = STRIPPER.apply(strip, status, headers, data)
            start_response(f"{status} {'OK' if status == 200 else 'Error'}", headers)
            return [data]
        status_holder = []
        if strip is not None:
            return self._serve_stripped(environ, start_response, strip, record, status_holder)

        def recording_start_response(status, headers, exc_info=None):
            status_holder.append(int(status.split(" ", 1)[0]))
            return start_response(status, headers, exc_info)

        try:
            return self.app(environ, recording_start_response)
        finally:
            record["status"] = status_holder[0] if status_holder else 500
            with self.lock:
                self.calls.append(record)

    @staticmethod
    def _strip_plan(environ, body):
        """Section 30: how to strip this request's reply, or None (off, or not an operation of ours)."""
        if not STRIPPER.active():
            return None
        try:
            return STRIPPER.plan(environ.get("REQUEST_METHOD", "GET"), model_validation.raw_path(environ),
                                 environ.get("QUERY_STRING", ""), model_validation.environ_headers(environ), body)
        except Exception:  # a stripping bug must not fail the request: its reply goes out whole
            print("patches: reply stripping failed; the reply goes out whole:\n" + traceback.format_exc(),
                  file=sys.stderr, flush=True)
            return None

    def _serve_stripped(self, environ, start_response, plan, record, status_holder):
        """moto's reply, buffered, with the plan's members taken out (section 30)."""
        captured, chunks = {}, []

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, list(headers)
            status_holder.append(int(status.split(" ", 1)[0]))
            return chunks.append

        try:
            result = self.app(environ, capture)
            try:
                for chunk in result:
                    chunks.append(chunk)
            finally:
                if hasattr(result, "close"):
                    result.close()
        finally:
            record["status"] = status_holder[0] if status_holder else 500
            with self.lock:
                self.calls.append(record)
        status, headers = captured["status"], captured["headers"]
        data = b"".join(c if isinstance(c, bytes) else str(c).encode() for c in chunks)
        try:
            headers, data = STRIPPER.apply(plan, status, headers, data)
        except Exception:  # noqa: BLE001 - the reply goes out whole rather than not at all
            print("patches: reply stripping failed; the reply goes out whole:\n" + traceback.format_exc(),
                  file=sys.stderr, flush=True)
        start_response(status, headers)
        return [b"" if environ.get("REQUEST_METHOD") == "HEAD" else data]

    def _validate(self, environ, body):
        """The request's model violations (logged, and written to $SLIPWAY_MODEL_VIOLATIONS)."""
        try:
            violations = self.validator.validate(
                environ.get("REQUEST_METHOD", "GET"), model_validation.raw_path(environ),
                environ.get("QUERY_STRING", ""), model_validation.environ_headers(environ), body)
        except Exception:  # a validator bug must not fail a request AWS would take
            print("patches: model validation failed; the request goes on unchecked:\n"
                  + traceback.format_exc(), file=sys.stderr, flush=True)
            return []
        if not violations:
            return []
        destination = os.environ.get("SLIPWAY_MODEL_VIOLATIONS")
        with self.violations_lock:
            for violation in violations:
                print(f"model violation: {violation.message}", file=sys.stderr, flush=True)
            if destination:
                line = {"time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                        "method": environ.get("REQUEST_METHOD"), "path": environ.get("PATH_INFO", "")}
                with open(destination, "a") as f:
                    for violation in violations:
                        f.write(json.dumps({**line, **violation.as_dict()}) + "\n")
        return violations

    def _describe(self, environ, path, body=b""):
        method = environ.get("REQUEST_METHOD", "GET")
        query = parse_qs(environ.get("QUERY_STRING", ""))
        auth = environ.get("HTTP_AUTHORIZATION", "")
        presigned = "Credential=" + query.get("X-Amz-Credential", [""])[0] + ","
        match = _CREDENTIAL.search(auth) or _CREDENTIAL.search(presigned)
        key, service = (match.group(1), match.group(3)) if match else (None, None)
        target = environ.get("HTTP_X_AMZ_TARGET")
        action = target.split(".")[-1] if target else query.get("Action", [None])[0]
        if action is None and environ.get("CONTENT_TYPE", "").startswith(
                "application/x-www-form-urlencoded"):
            action = parse_qs(body.decode("utf-8", "replace")).get("Action", [None])[0]
        if action is None:
            action = f"{method} {path}"
        return {"access_key_id": key, "service": service, "action": action,
                "method": method, "path": path}

    @staticmethod
    def _content_length(environ):
        try:
            return int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return 0

    @staticmethod
    def _take_body(environ):
        """Read the request's body and put it back for moto."""
        length = Middleware._content_length(environ)
        stream = environ["wsgi.input"]
        if length:
            body = stream.read(length)
        elif environ.get("wsgi.input_terminated"):  # chunked: werkzeug dechunks it
            body = stream.read()
        else:
            body = b""
        environ["wsgi.input"] = io.BytesIO(body)
        return body

    @staticmethod
    def _read_body(environ):
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        return environ["wsgi.input"].read(length) if length else b""

    def _control(self, environ, start_response, path):
        method = environ.get("REQUEST_METHOD", "GET")
        query = parse_qs(environ.get("QUERY_STRING", ""))
        if method == "POST" and path in ("/_slipway/web", "/_slipway/target-health"):
            try:
                body = json.loads(self._read_body(environ) or b"{}")
            except ValueError:
                return self._json(start_response, 400, {"error": "the body is not JSON"})
            with _sim_lock:
                if path == "/_slipway/web":
                    # {"eniReleaseSeconds": 2, "changeSeconds": 0, "resourceRecordSeconds": 0}
                    unknown = set(body) - set(WEB)
                    if unknown:
                        return self._json(start_response, 400, {"error": f"unknown settings {sorted(unknown)}"})
                    WEB.update({k: float(v) for k, v in body.items()})
                    return self._json(start_response, 200, dict(WEB))
                # {"targetGroupArn": arn, "state": "unhealthy", "reason": "Target.ResponseCodeMismatch", "description": ...}
                if body.get("state") is None:
                    HEALTH_OVERRIDES.pop(body.get("targetGroupArn"), None)
                else:
                    HEALTH_OVERRIDES[body["targetGroupArn"]] = {
                        "state": body["state"], "reason": body.get("reason"), "description": body.get("description")}
            return self._json(start_response, 200, {"ok": True})
        if path == "/_slipway/settle" and method in ("GET", "POST"):
            # {"lambdaPendingSeconds": 1.0, "lambdaUpdateSeconds": 1.0, "ecsDrainSeconds": 1.5, ...} (section 26)
            try:
                body = json.loads(self._read_body(environ) or b"{}") if method == "POST" else {}
            except ValueError:
                return self._json(start_response, 400, {"error": "the body is not JSON"})
            if not isinstance(body, dict):
                return self._json(start_response, 400, {"error": "the body is a JSON object"})
            unknown = set(body) - set(SETTLE)
            if unknown:
                return self._json(start_response, 400, {"error": f"unknown settings {sorted(unknown)}"})
            try:
                values = {k: float(v) for k, v in body.items()}
            except (TypeError, ValueError):
                return self._json(start_response, 400, {"error": "every setting is a number of seconds"})
            if any(v < 0 for v in values.values()):
                return self._json(start_response, 400, {"error": "a window is 0 (off) or more seconds"})
            with _settle_lock:
                SETTLE.update(values)
                return self._json(start_response, 200, dict(SETTLE))
        if path == "/_slipway/strip-replies" and method in ("GET", "POST", "DELETE"):
            # {"required": true, "keep": {"Route53.ListHostedZonesByName": ["HostedZones[].Id"]}} (section 30)
            if method == "GET":
                return self._json(start_response, 200, STRIPPER.report())
            if method == "DELETE":
                STRIPPER.disable()
                return self._json(start_response, 200, {"stripping": False})
            try:
                body = json.loads(self._read_body(environ) or b"{}")
            except ValueError:
                return self._json(start_response, 400, {"error": "the body is not JSON"})
            try:
                return self._json(start_response, 200, STRIPPER.configure(body))
            except reply_stripping.ConfigError as error:
                return self._json(start_response, 400, {"error": str(error)})
        if method == "POST" and path in ("/_slipway/simulate", "/_slipway/script", "/_slipway/connections"):
            try:
                body = json.loads(self._read_body(environ) or b"{}")
            except ValueError:
                return self._json(start_response, 400, {"error": "the body is not JSON"})
            with _sim_lock:
                if path == "/_slipway/simulate":
                    # {"prefix": "app-", "stageSeconds": 0.2, "rolloutSeconds": 0.3}
                    SIMULATIONS[body["prefix"]] = {"stageSeconds": float(body.get("stageSeconds", 0.5)),
                                                   "rolloutSeconds": float(body.get("rolloutSeconds", 1.0))}
                elif path == "/_slipway/script":
                    # {"pipeline": name, "failStage": "Deploy", "message": "..."} or
                    # {"ecsService": name, "failRollout": "tasks failed to start"}
                    target = body.get("pipeline") or body.get("ecsService")
                    SCRIPTS.setdefault(target, []).append(body)
                else:
                    # {"arn": ..., "status": "PENDING" | "AVAILABLE" | "ERROR", "name": ...}
                    CONNECTIONS[body["arn"]] = {"status": body.get("status", "AVAILABLE"), "name": body.get("name")}
            return self._json(start_response, 200, {"ok": True})
        if path in ("/_slipway/push", "/_slipway/confirm-subscription") and method == "POST":
            try:
                body = json.loads(self._read_body(environ) or b"{}")
            except ValueError:
                return self._json(start_response, 400, {"error": "the body is not JSON"})
            with _sim_lock:
                if path == "/_slipway/push":
                    try:
                        return self._json(start_response, 200, simulate_push(body))
                    except ValueError as error:
                        return self._json(start_response, 400, {"error": str(error)})
                arn = confirm_subscription(body)
            if arn is None:
                return self._json(start_response, 404, {"error": f"no pending subscription of {body.get('endpoint')} to {body.get('topicArn')}"})
            return self._json(start_response, 200, {"subscriptionArn": arn})
        if path == "/_slipway/deliveries" and method in ("GET", "DELETE"):
            with _sim_lock:
                if method == "GET":
                    return self._json(start_response, 200, list(DELIVERIES))
                DELIVERIES.clear()
            return self._json(start_response, 200, {"cleared": True})
        if path == "/_slipway/health":
            return self._json(start_response, 200, {"status": "ok"})
        if path == "/_slipway/clock" and method in ("GET", "POST"):
            # POST {"advance": 90.5} moves the emulator's now forward; both answer {"now": ISO 8601} (section 31)
            if method == "POST":
                try:
                    body = json.loads(self._read_body(environ) or b"{}")
                except ValueError:
                    return self._json(start_response, 400, {"error": "the body is not JSON"})
                if not isinstance(body, dict) or set(body) != {"advance"}:
                    return self._json(start_response, 400, {"error": 'the body is {"advance": seconds}'})
                try:
                    CLOCK.advance(body["advance"])
                except ValueError as error:
                    return self._json(start_response, 400, {"error": str(error)})
            return self._json(start_response, 200, {"now": CLOCK.iso()})
        if path == "/_slipway/s3-hold" and method in ("GET", "POST", "DELETE"):
            # POST {"bucket": b, "key": k, "seconds": 1.5}: the next conditional write to b/k takes 1.5 s (section 32)
            if method == "GET":
                return self._json(start_response, 200, s3_patches.CONDITIONAL.holds())
            if method == "DELETE":
                s3_patches.CONDITIONAL.reset()
                return self._json(start_response, 200, {"cleared": True})
            try:
                body = json.loads(self._read_body(environ) or b"{}")
            except ValueError:
                return self._json(start_response, 400, {"error": "the body is not JSON"})
            seconds = body.get("seconds") if isinstance(body, dict) else None
            if (not isinstance(body, dict) or set(body) != {"bucket", "key", "seconds"}
                    or not all(isinstance(body[n], str) and body[n] for n in ("bucket", "key"))
                    or isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not seconds >= 0):
                return self._json(start_response, 400, {"error": 'the body is {"bucket": name, "key": key, "seconds": s >= 0}'})
            s3_patches.CONDITIONAL.hold(body["bucket"], body["key"], float(seconds))
            return self._json(start_response, 200, {"bucket": body["bucket"], "key": body["key"], "seconds": float(seconds)})
        if path == "/_slipway/calls" and method == "GET":
            key = query.get("access_key", [None])[0]
            with self.lock:
                calls = [c for c in self.calls if key is None or c["access_key_id"] == key]
            return self._json(start_response, 200, calls)
        if path == "/_slipway/calls" and method == "DELETE":
            with self.lock:
                self.calls.clear()
            return self._json(start_response, 200, {"cleared": True})
        if path == "/_slipway/job-results" and method == "GET":
            with _job_lock:
                return self._json(start_response, 200, list(JOB_RESULTS))
        if path == "/_slipway/job-results" and method == "DELETE":
            with _job_lock:
                JOB_RESULTS.clear()
            return self._json(start_response, 200, {"cleared": True})
        return self._json(start_response, 404, {"error": f"no {method} {path}"})

    @staticmethod
    def _json(start_response, status, payload):
        body = json.dumps(payload).encode()
        reason = {200: "OK", 400: "Bad Request", 404: "Not Found"}[status]
        start_response(f"{status} {reason}", [("Content-Type", "application/json"),
                                               ("Content-Length", str(len(body)))])
        return [body]


_validator = None


def _model_validator():
    global _validator
    if _validator is None:
        _validator = model_validation.default_validator()
    return _validator


def _violation_response(start_response, violations, head=False):
    """HTTP 400 SlipwayModelViolation, in the error format of the request's protocol."""
    code = model_validation.CODE
    message = "; ".join(v.message for v in violations)
    protocol = violations[0].protocol
    request_id = str(uuid.uuid4())
    headers = [("x-amzn-RequestId", request_id)]
    text = xml_escape(message)
    if protocol in ("json", "rest-json"):
        body = json.dumps({"__type": code, "message": message})
        headers += [("Content-Type", "application/x-amz-json-1.1" if protocol == "json" else "application/json"),
                    ("x-amzn-ErrorType", code)]
    elif protocol == "ec2":
        body = (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>{code}</Code>"
                f"<Message>{text}</Message></Error></Errors><RequestID>{request_id}</RequestID></Response>")
        headers.append(("Content-Type", "text/xml"))
    elif protocol == "rest-xml" and violations[0].service == "S3":
        body = (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code>"
                f"<Message>{text}</Message><RequestId>{request_id}</RequestId></Error>")
        headers += [("Content-Type", "application/xml"), ("x-amz-request-id", request_id)]
    else:  # query, and rest-xml services other than S3 (Route 53)
        body = (f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code>"
                f"<Message>{text}</Message></Error><RequestId>{request_id}</RequestId></ErrorResponse>")
        headers.append(("Content-Type", "text/xml"))
    data = b"" if head else body.encode("utf-8")
    start_response("400 Bad Request", headers + [("Content-Length", str(len(data)))])
    return [data]


# ==========================================================================
# 17. Resource Groups Tagging API: ECR repositories, CodePipeline pipelines
#     and AWS's resource type of log groups. AWS's GetResources lists the
#     account's tagged resources of every service in the Region, each with the
#     resource type of its ARN (`service:type`; a ResourceTypeFilters entry
#     matches the type exactly or names the service alone), and the tags the
#     service itself shows. moto walks only the backends that mix in
#     TaggableResourcesMixin (iter_taggable_backends), and its ECR and
#     CodePipeline backends do not: tagged repositories and pipelines were
#     never listed, tagged by TagResources nor counted by GetTagKeys and
#     GetTagValues. And moto types log groups `logs:loggroup`, where AWS has
#     `logs:log-group` (the `log-group:` of their ARN), so AWS's filter found
#     none of them. The tagging API now also walks an adapter per ECR and
#     CodePipeline backend in use, after moto's own backends; the adapters read
#     the tags where each service's ListTagsForResource reads them, so a
#     TagResource or UntagResource shows in the next GetResources, and moto's
#     TagFilters, ResourceTypeFilters and pages apply to them unchanged. Log
#     groups are `logs:log-group`. (ECS task definitions were already listed,
#     as `ecs:task-definition`.) The types are the ARN's, as the GetResources
#     reference has it; a pipeline's ARN names no type, and `pipeline` is its
#     type in the Service Authorization Reference (list_awscodepipeline).
# ==========================================================================
from moto.codepipeline.models import codepipeline_backends
from moto.core.resource_tagging import TaggableResourcesMixin, iter_taggable_backends
from moto.logs.models import LogsBackend
from moto.resourcegroupstaggingapi import models as tagging_models


class _EcrRepositoryTagging(TaggableResourcesMixin):
    """An ECR backend as the tagging API walks it: its repositories, `ecr:repository`."""
    SERVICE_NAMESPACE = "ecr"

    def __init__(self, backend):
        self.backend, self.partition = backend, backend.partition

    def iter_tagged_resources(self):
        for repository in list(self.backend.repositories.values()):
            yield TaggedResource(arn=repository.arn, resource_type="ecr:repository",
                                 tags=self.backend.tagger.get_tag_dict_for_resource(repository.arn))

    def tag_resource(self, arn, tags):
        self.backend.tag_resource(arn, [{"Key": key, "Value": value} for key, value in tags.items()])

    def untag_resource(self, arn, tag_keys):
        self.backend.untag_resource(arn, tag_keys)


class _CodePipelineTagging(TaggableResourcesMixin):
    """A CodePipeline backend as the tagging API walks it: its pipelines, `codepipeline:pipeline`
    (arn:{partition}:codepipeline:{region}:{account}:{name})."""
    SERVICE_NAMESPACE = "codepipeline"

    def __init__(self, backend):
        self.backend, self.partition = backend, backend.partition

    def iter_tagged_resources(self):
        for pipeline in list(self.backend.pipelines.values()):
            yield TaggedResource(arn=pipeline._arn, resource_type="codepipeline:pipeline",
                                 tags=dict(sorted(pipeline.tags.items())))  # ListTagsForResource's order

    def tag_resource(self, arn, tags):
        self.backend.tag_resource(arn, [{"key": key, "value": value} for key, value in tags.items()])

    def untag_resource(self, arn, tag_keys):
        self.backend.untag_resource(arn, tag_keys)


_TAGGING_ADAPTERS = ((ecr_backends, _EcrRepositoryTagging), (codepipeline_backends, _CodePipelineTagging))


def _iter_taggable_backends(account_id, region_name):
    """moto's taggable backends, then the adapters of the ECR and CodePipeline backends in use
    (none is created here: a service never called has nothing to list)."""
    yield from iter_taggable_backends(account_id, region_name)
    for backends, adapter in _TAGGING_ADAPTERS:
        if dict.__contains__(backends, account_id) and region_name in dict.keys(backends[account_id]):
            yield adapter(backends[account_id][region_name])


def _logs_iter_tagged_resources(self):
    for group in list(self.groups.values()):
        yield TaggedResource(arn=group.arn, tags=self.tagger.get_tag_dict_for_resource(group.arn),
                             resource_type="logs:log-group")


# ==========================================================================
# 18. IAM GetAccountAuthorizationDetails in pages. AWS answers at most
#     MaxItems (1-1000, default 100) entities a call, users, groups, roles and
#     managed policies counted together, with IsTruncated true and a Marker to
#     ask for the rest; every policy document in the reply, a role's trust
#     policy (AssumeRolePolicyDocument) too, is URL-encoded JSON (RFC 3986), as
#     in GetRolePolicy and GetRole. moto ignores MaxItems and Marker, answers
#     everything with IsTruncated false, and sends AssumeRolePolicyDocument as
#     raw JSON (its inline and managed policy documents it does encode).
#     Entities now come in a stable order (users, groups, roles, policies; each
#     kind by name, then id), a page ends after MaxItems of them, and the Marker
#     names the last one sent, so the next page starts after it even when
#     entities were created or deleted in between. The members of each entity
#     are moto's (RolePolicyList, Tags, ...).
# ==========================================================================
from moto.core.serialize import url_encode
from moto.iam.exceptions import ValidationError as IAMValidationError
from moto.iam.responses import IamResponse

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


def _apply_tagging_and_iam():
    """Sections 17 and 18 (called by apply())."""
    tagging_models.iter_taggable_backends = _iter_taggable_backends
    LogsBackend.iter_tagged_resources = _logs_iter_tagged_resources
    IamResponse.get_account_authorization_details = _iam_get_account_authorization_details
    IamResponse.RESPONSE_KEY_PATH_TO_TRANSFORMER[_GAAD_TRUST_POLICY] = url_encode


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


# ==========================================================================
# 20. Quirk: CodePipeline V2 declarations. moto stores the declaration as
#     sent, so a pipeline created without `pipelineType`/`executionMode`
#     reads back without them, where AWS's GetPipeline (and CreatePipeline,
#     UpdatePipeline) show the defaults, pipelineType V1 and executionMode
#     SUPERSEDED; ListPipelines' summaries carry both too. moto also takes
#     what AWS refuses with InvalidStructureException: triggers on a V1
#     pipeline ("Triggers on tag can only be used with V2 pipelines" is
#     AWS's text for a tag trigger), executionMode QUEUED or PARALLEL on V1,
#     a trigger whose sourceActionName is not a CodeStarSourceConnection
#     action or a second trigger on one source action, and a push filter
#     mixing `tags` with `branches` or `filePaths` (or `filePaths` without
#     `branches`).
# ==========================================================================
from moto.codepipeline.exceptions import InvalidStructureException

_TRIGGER_ACTION = ("Triggers for connection must reference a CodeStarSourceConnection action. Note that when you "
                   "specify a trigger, you cant specify more than one trigger per source action.")
_FILTER_COMBINATION = ("The trigger configuration for the source action is not valid. Make sure to choose valid "
                       "filter combinations.")


def _connection_actions(declaration):
    return {a["name"] for s in declaration.get("stages") or [] for a in s.get("actions") or []
            if a.get("actionTypeId", {}).get("provider") == "CodeStarSourceConnection"}


def _check_v2_fields(declaration):
    kind = declaration.get("pipelineType") or "V1"
    mode = declaration.get("executionMode") or "SUPERSEDED"
    triggers = declaration.get("triggers") or []
    if kind == "V1" and triggers:
        tags = any(f.get("tags") for t in triggers for f in (t.get("gitConfiguration") or {}).get("push") or [])
        raise InvalidStructureException("Triggers on tag can only be used with V2 pipelines" if tags
                                        else "Triggers can only be used with V2 pipelines")
    if kind == "V1" and mode in ("QUEUED", "PARALLEL"):
        raise InvalidStructureException(f"Execution mode {mode} can only be used with V2 pipelines")
    if kind == "V1" and declaration.get("variables"):
        raise InvalidStructureException("Pipeline variables can only be used with V2 pipelines")
    sources, seen = _connection_actions(declaration), set()
    for trigger in triggers:
        name = (trigger.get("gitConfiguration") or {}).get("sourceActionName")
        if name not in sources or name in seen:
            raise InvalidStructureException(_TRIGGER_ACTION)
        seen.add(name)
        for push in trigger["gitConfiguration"].get("push") or []:
            if push.get("tags") and (push.get("branches") or push.get("filePaths")):
                raise InvalidStructureException(_FILTER_COMBINATION)
            if push.get("filePaths") and not push.get("branches"):
                raise InvalidStructureException(_FILTER_COMBINATION)


def _with_v2_defaults(declaration):
    declaration.setdefault("executionMode", "SUPERSEDED")
    declaration.setdefault("pipelineType", "V1")
    return declaration


_original_create_pipeline = CodePipelineBackend.create_pipeline
_original_update_pipeline = CodePipelineBackend.update_pipeline
_original_list_pipelines = CodePipelineBackend.list_pipelines


def _codepipeline_create_pipeline(self, pipeline, tags):
    _check_v2_fields(pipeline)
    return _original_create_pipeline(self, _with_v2_defaults(pipeline), tags)


def _codepipeline_update_pipeline(self, pipeline):
    _check_v2_fields(pipeline)
    return _original_update_pipeline(self, _with_v2_defaults(pipeline))


def _codepipeline_list_pipelines(self):
    summaries = _original_list_pipelines(self)
    for summary in summaries:
        declaration = self.pipelines[summary["name"]].pipeline
        summary["pipelineType"] = declaration.get("pipelineType", "V1")
        summary["executionMode"] = declaration.get("executionMode", "SUPERSEDED")
    return summaries


# ==========================================================================
# 21. Missing: Git pushes. Nothing pushes to a repository here, so POST
#     /_slipway/push {"repository": "owner/name", "branch": "main",
#     "files": [...], "commit": sha} (or "tag": "v1.2.0" instead of
#     "branch"; optional "region", default every Region) starts what the
#     push would start on AWS, through StartPipelineExecution (so simulated
#     runs run it), among the account's pipelines whose source action is a
#     CodeStarSourceConnection of that FullRepositoryId (or GitHub version 1
#     of that Owner/Repo):
#       - V2 with a trigger on the action: when one of its push filters
#         matches: a branch push a filter with `branches` (includes, if any,
#         match; no exclude matches) and, when it has `filePaths`, a changed
#         file that an include matches and no exclude does; a tag push a
#         filter with `tags`. Patterns are AWS's globs: `*` and `?` within a
#         path segment, `**` across segments, `[...]`, `{a,b}`, `\` escapes.
#       - otherwise (V1, or V2 without a trigger on the action): a push to
#         the action's BranchName, unless DetectChanges is "false" (GitHub
#         version 1: Branch, unless PollForSourceChanges is "false"); a tag
#         push starts nothing.
#     The run reports the push's commit (sourceRevisions, artifactRevisions)
#     and its trigger: WebhookV2 (connections; triggerDetail the connection
#     ARN) or PollForSourceChanges (GitHub version 1).
#     Answer: {"started": [{"pipeline", "executionId"}], "skipped":
#     [{"pipeline", "reason"}]}.
# ==========================================================================
_PUSH = threading.local()   # the push StartPipelineExecution is starting a run for
_push_counter = itertools.count(1)


def _glob_regex(pattern):
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        if pattern.startswith("**", i):
            if pattern.startswith("**/", i):
                out.append("(?:.*/)?")
                i += 3
            else:
                out.append(".*")
                i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            end = pattern.find("]", i + 2)
            if end < 0:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1:end]
                out.append("[" + ("^" + body[1:] if body.startswith("!") else body).replace("\\", "\\\\") + "]")
                i = end
        elif c == "{":
            end = pattern.find("}", i)
            if end < 0:
                out.append(re.escape(c))
            else:
                out.append("(?:" + "|".join(_glob_regex(p) for p in pattern[i + 1:end].split(",")) + ")")
                i = end
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


def glob_match(pattern, value):
    """AWS's trigger filter globs (CodePipeline "Working with glob patterns in syntax")."""
    return re.fullmatch(_glob_regex(pattern), value) is not None


def _criteria_match(criteria, value):
    """(matched, why not): includes (if any) must match, and no exclude; excludes win."""
    excludes = [p for p in criteria.get("excludes") or [] if glob_match(p, value)]
    if excludes:
        return False, f"excluded by {excludes[0]}"
    includes = criteria.get("includes")
    if includes and not any(glob_match(p, value) for p in includes):
        return False, f"not in {', '.join(includes)}"
    return True, None


def _push_filter_match(push_filter, push):
    """None when the filter starts a run for the push, else why not."""
    if push.get("tag") is not None:
        if not push_filter.get("tags"):
            return "the filter has no tags"
        ok, why = _criteria_match(push_filter["tags"], push["tag"])
        return None if ok else f"tag {push['tag']} {why}"
    if not push_filter.get("branches"):
        return "the filter has no branches"
    ok, why = _criteria_match(push_filter["branches"], push["branch"])
    if not ok:
        return f"branch {push['branch']} {why}"
    paths = push_filter.get("filePaths")
    if paths:
        files = push.get("files") or []
        if not any(_criteria_match(paths, f)[0] for f in files):
            return f"no file matches {', '.join(paths.get('includes') or ['*'])}" + (
                f" (excluding {', '.join(paths['excludes'])})" if paths.get("excludes") else "")
    return None


def _source_of(action, repository):
    """The source action's kind if it follows `repository`: "connection", "github" or None."""
    type_id, conf = action.get("actionTypeId") or {}, action.get("configuration") or {}
    if type_id.get("category") != "Source":
        return None
    if type_id.get("provider") == "CodeStarSourceConnection" and conf.get("FullRepositoryId") == repository:
        return "connection"
    if (type_id.get("provider") == "GitHub" and str(type_id.get("version")) == "1"
            and f"{conf.get('Owner')}/{conf.get('Repo')}" == repository):
        return "github"
    return None


def _push_decision(declaration, action, kind, push):
    """(starts, reason) for one source action of a pipeline."""
    conf = action.get("configuration") or {}
    triggers = [t for t in declaration.get("triggers") or []
                if (t.get("gitConfiguration") or {}).get("sourceActionName") == action["name"]]
    if declaration.get("pipelineType") == "V2" and triggers:
        filters = (triggers[0].get("gitConfiguration") or {}).get("push") or []
        if not filters:
            return False, f"the trigger on {action['name']} has no push filter"
        reasons = [_push_filter_match(f, push) for f in filters]
        if None in reasons:
            return True, None
        return False, "; ".join(reasons)
    if push.get("tag") is not None:
        return False, f"a tag push starts only a V2 pipeline with a tags trigger ({action['name']} has none)"
    if kind == "github":
        if str(conf.get("PollForSourceChanges", "true")).lower() == "false":
            return False, f"PollForSourceChanges is false on {action['name']}"
        branch = conf.get("Branch")
    else:
        if str(conf.get("DetectChanges", "true")).lower() == "false":
            return False, f"DetectChanges is false on {action['name']}"
        branch = conf.get("BranchName")
    if branch != push["branch"]:
        return False, f"{action['name']} follows branch {branch}, not {push['branch']}"
    return True, None


def _push_trigger(action, kind):
    if kind == "github":
        return {"triggerType": "PollForSourceChanges", "triggerDetail": ""}
    return {"triggerType": "WebhookV2", "triggerDetail": (action.get("configuration") or {}).get("ConnectionArn", "")}


def _codepipeline_regions(account, region=None):
    if not dict.__contains__(codepipeline_backends, account):
        return []
    regions = [region] if region else list(dict.keys(codepipeline_backends[account]))
    return [codepipeline_backends[account][r] for r in regions if r in dict.keys(codepipeline_backends[account])]


def simulate_push(body, account="123456789012"):
    """POST /_slipway/push."""
    repository = body.get("repository")
    if not repository or (body.get("branch") is None) == (body.get("tag") is None):
        raise ValueError("give a repository and either a branch or a tag")
    push = {"repository": repository, "branch": body.get("branch"), "tag": body.get("tag"),
            "files": list(body.get("files") or [])}
    ref = push["branch"] if push["tag"] is None else f"refs/tags/{push['tag']}"
    push["commit"] = body.get("commit") or hashlib.sha1(f"{repository}@{ref}#{next(_push_counter)}".encode()).hexdigest()
    started, skipped = [], []
    for backend in _codepipeline_regions(account, body.get("region")):
        for name, pipeline in list(backend.pipelines.items()):
            declaration = pipeline.pipeline
            actions = [(a, k) for s in declaration.get("stages") or [] for a in s.get("actions") or []
                       for k in [_source_of(a, repository)] if k]
            if not actions:
                continue
            reasons, chosen = [], None
            for action, kind in actions:
                starts, reason = _push_decision(declaration, action, kind, push)
                if starts:
                    chosen = (action, kind)
                    break
                reasons.append(reason)
            if chosen is None:
                skipped.append({"pipeline": name, "reason": "; ".join(reasons)})
                continue
            _PUSH.current = {**push, "trigger": _push_trigger(*chosen)}
            try:
                execution_id = backend.start_pipeline_execution(name, None)
            finally:
                _PUSH.current = None
            started.append({"pipeline": name, "executionId": execution_id})
    return {"started": started, "skipped": skipped}


def _record_trigger(execution):
    """What started the execution: a push (section 21) or StartPipelineExecution; and the pipeline's mode."""
    push = getattr(_PUSH, "current", None)
    if push is not None:
        execution._push = push
    execution._trigger = push["trigger"] if push is not None else None


def _trigger_and_mode(execution, result):
    if getattr(execution, "_trigger", None):
        result["trigger"] = dict(execution._trigger)
    run = getattr(execution, "_sim", None)
    if run is not None:
        result["executionMode"] = run.mode


# ==========================================================================
# 22. Missing: execution modes of simulated runs (AWS's "How pipeline
#     executions work"). In SUPERSEDED (the default) and QUEUED mode a stage
#     holds one run at a time: a run that finished a stage, or just started,
#     waits to enter the next stage while another run is in it (status
#     InProgress, as AWS reports a waiting execution). QUEUED: the waiting
#     runs enter in the order they started. SUPERSEDED: a newer run that
#     comes to wait for the same stage supersedes the older waiting one
#     (status Superseded, event SUPERSEDED); a run inside a stage (at a
#     manual approval, say) is not superseded. PARALLEL: runs never wait.
#     One run at a time behaves as before.
# ==========================================================================
def _same_pipeline(run, other):
    return (other is not run and other.account == run.account and other.region == run.region
            and other.pipeline.pipeline["name"] == run.pipeline.pipeline["name"]
            and other.execution.status == "InProgress")


def _may_enter(run, index):
    if run.mode == "PARALLEL":
        return True
    for position, other in enumerate(_RUNS):
        if not _same_pipeline(run, other):
            continue
        if other.pending is None and other.index == index:
            return False
        if run.mode == "QUEUED" and other.pending == index and position < _RUNS.index(run):
            return False
    return True


def _wait_for_stage(run, index):
    run.pending = index
    if run.mode != "SUPERSEDED":
        return
    mine = _RUNS.index(run) if run in _RUNS else len(_RUNS)
    for position, other in enumerate(list(_RUNS)):
        if position < mine and _same_pipeline(run, other) and other.pending == index:
            other.execution.status = "Superseded"
            other.execution.last_update_time = utcnow()
            _emit_pipeline_state(other, "SUPERSEDED")


# ==========================================================================
# 23. Missing: CodePipeline's events in EventBridge. moto's CodePipeline
#     emits none, and moto's EventBridge cannot deliver to an SNS topic
#     (NotImplementedError) and calls an API destination over the network
#     only with MOTO_EVENTS_INVOKE_HTTP. Simulated runs now put AWS's
#     "CodePipeline Pipeline/Stage/Action Execution State Change" events
#     (source aws.codepipeline, resources [the pipeline ARN]; detail as in
#     "Monitoring CodePipeline events") on the account's default bus; each
#     ENABLED rule whose pattern matches (moto's own matcher) delivers to its
#     targets, after the target's Input, InputPath or InputTransformer:
#       - an SNS topic: published through moto's SNS backend, if the topic's
#         policy lets events.amazonaws.com sns:Publish (as AWS requires);
#       - an API destination: no network call; recorded with its method,
#         endpoint and connection, if the target's RoleArn trusts
#         events.amazonaws.com and may events:InvokeApiDestination on it.
#     Every delivery is recorded (GET /_slipway/deliveries, cleared by
#     DELETE): {"rule", "target", "kind": "sns" | "api-destination",
#     "endpoint", "method", "body"} plus "connection" for API destinations,
#     or "failed": "AccessDenied: ..." instead of a delivery.
# ==========================================================================
DELIVERIES = []
_PATH_STEP = re.compile(r"\.([^.\[\]]+)|\[(\d+)\]")


def _json_path(document, path):
    """EventBridge's JSON paths: $, .name (dashes allowed), [index]. None when absent."""
    if not path.startswith("$"):
        return None
    value = document
    for name, index in _PATH_STEP.findall(path[1:]):
        if name and isinstance(value, dict) and name in value:
            value = value[name]
        elif index and isinstance(value, list) and int(index) < len(value):
            value = value[int(index)]
        else:
            return None
    return value


_PLACEHOLDER = re.compile(r"<([A-Za-z0-9_.\-]+)>")


def _transform(rule, transformer, event):
    """AWS's InputTransformer: in a JSON template (an object, array or string literal) a value outside
    quotes goes in as JSON (a string with its quotes, a missing path as null) and one inside quotes as
    escaped text; in a plain-text template values go in as text (objects as JSON, missing as nothing)."""
    template = transformer.get("InputTemplate") or ""
    values = {name: _json_path(event, path) for name, path in (transformer.get("InputPathsMap") or {}).items()}
    values.update({"aws.events.rule-arn": rule.arn, "aws.events.rule-name": rule.name,
                   "aws.events.event.ingestion-time": event.get("time"),
                   "aws.events.event": {k: v for k, v in event.items() if k != "detail"},
                   "aws.events.event.json": event})
    as_json = template.lstrip()[:1] in ("{", "[", '"')
    out, in_string, i = [], False, 0
    while i < len(template):
        c = template[i]
        match = _PLACEHOLDER.match(template, i) if c == "<" else None
        if match and match.group(1) in values:
            value = values[match.group(1)]
            if not as_json:
                out.append(value if isinstance(value, str) else "" if value is None else json.dumps(value))
            elif in_string:
                out.append(json.dumps(value if isinstance(value, str) else json.dumps(value))[1:-1])
            else:
                out.append(json.dumps(value))
            i = match.end()
            continue
        if as_json and c == "\\" and in_string:
            out.append(template[i:i + 2])
            i += 2
            continue
        if as_json and c == '"':
            in_string = not in_string
        out.append(c)
        i += 1
    return "".join(out)


def _target_input(rule, target, event):
    if target.get("Input") is not None:
        return target["Input"]
    if target.get("InputPath"):
        return json.dumps(_json_path(event, target["InputPath"]))
    if target.get("InputTransformer"):
        return _transform(rule, target["InputTransformer"], event)
    return json.dumps(event)


def _statements(document):
    if not isinstance(document, dict):
        document = json.loads(document or "{}")
    statements = document.get("Statement") or []
    return statements if isinstance(statements, list) else [statements]


def _listed(value):
    return value if isinstance(value, list) else [value]


def _topic_allows_events(topic):
    for statement in _statements(getattr(topic, "policy", None) or getattr(topic, "_policy_json", None) or "{}"):
        principal = statement.get("Principal")
        services = _listed(principal.get("Service", [])) if isinstance(principal, dict) else _listed(principal)
        actions = _listed(statement.get("Action", []))
        if statement.get("Effect") == "Allow" and ("events.amazonaws.com" in services or "*" in services) \
                and any(a in ("sns:Publish", "sns:*", "*") for a in actions):
            return True
    return False


def _role_denial(account, region, role_arn, action, resource):
    """None when EventBridge may use `role_arn` for `action` on `resource`, else AWS-like words why not."""
    from moto.iam.access_control import IAMPolicy, IAMPolicyStatement, PermissionResult
    from moto.iam.models import iam_backends
    if not role_arn:
        return f"AccessDenied: the target has no RoleArn, which EventBridge needs for {action} on {resource}"
    iam = iam_backends[account][get_partition(region)]
    try:
        role = iam.get_role(role_arn.split("/")[-1])
    except Exception:
        return f"AccessDenied: role {role_arn} does not exist"
    trusted = any(s.get("Effect") == "Allow" and isinstance(s.get("Principal"), dict)
                  and "events.amazonaws.com" in _listed(s["Principal"].get("Service", []))
                  for s in _statements(role.assume_role_policy_document))
    if not trusted:
        return f"AccessDenied: events.amazonaws.com is not allowed to assume {role_arn}"
    policies = [iam.get_role_policy(role.name, n)[1] for n in iam.list_role_policies(role.name)]
    policies += iam.list_attached_role_policies(role.name)[0]
    permitted = False
    for policy in policies:
        for statement in _statements(IAMPolicy(policy)._policy_json):
            result = IAMPolicyStatement(statement).is_action_permitted(action, resource, None, {})
            if result == PermissionResult.DENIED:
                return f"AccessDenied: {role_arn} is explicitly denied {action} on resource: {resource}"
            permitted = permitted or result == PermissionResult.PERMITTED
    return None if permitted else f"AccessDenied: {role_arn} is not authorized to perform {action} on resource: {resource}"


def _deliver(backend, rule, target, event):
    arn = target.get("Arn", "")
    parts = arn.split(":", 5)
    body = _target_input(rule, target, event)
    record = {"rule": rule.name, "target": arn}
    if len(parts) == 6 and parts[2] == "sns":
        from moto.sns.models import sns_backends
        record.update(kind="sns", endpoint=arn, method="Publish")
        try:
            sns = sns_backends[parts[4]][parts[3]]
            topic = sns.get_topic(arn)
            if not _topic_allows_events(topic):
                return {**record, "failed": f"AccessDenied: the policy of {arn} does not let events.amazonaws.com sns:Publish"}
            sns.publish(message=body, arn=arn)
        except Exception as error:
            return {**record, "failed": f"{type(error).__name__}: {error}"}
        return {**record, "body": body}
    if len(parts) == 6 and parts[2] == "events" and parts[5].startswith("api-destination/"):
        destination = backend.destinations.get(parts[5].split("/")[1])
        record["kind"] = "api-destination"
        if destination is None:
            return {**record, "failed": f"ResourceNotFoundException: no API destination {arn}"}
        record.update(endpoint=destination.invocation_endpoint, method=destination.http_method,
                      connection=destination.connection_arn.split(":connection/")[-1].split("/")[0])
        denial = _role_denial(backend.account_id, backend.region_name, target.get("RoleArn"),
                              "events:InvokeApiDestination", destination.arn)
        if denial:
            return {**record, "failed": denial}
        return {**record, "body": body}
    return None  # other targets are not simulated


def put_codepipeline_event(account, region, detail_type, detail, pipeline_arn):
    """One CodePipeline event onto the default bus, delivered to the matching rules' targets."""
    from moto.events.models import events_backends
    if not dict.__contains__(events_backends, account) or region not in dict.keys(events_backends[account]):
        return  # EventBridge never called: no rule can match
    backend = events_backends[account][region]
    event = {"version": "0", "id": str(uuid.uuid4()), "detail-type": detail_type, "source": "aws.codepipeline",
             "account": account, "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "region": region,
             "resources": [pipeline_arn], "detail": detail}
    bus = backend.event_buses.get("default")
    for rule in list(bus.rules.values()) if bus is not None else []:
        if rule.state != "ENABLED" or not rule.event_pattern.get_pattern() or not rule.event_pattern.matches_event(event):
            continue
        for target in list(rule.targets):
            delivery = _deliver(backend, rule, target, event)
            if delivery is not None:
                DELIVERIES.append(delivery)


def _run_detail(run, **extra):
    return {"pipeline": run.pipeline.pipeline["name"], "execution-id": run.execution.pipeline_execution_id,
            **extra, "version": float(run.execution.pipeline_version), "pipeline-execution-attempt": 1.0}


def _emit_pipeline_state(run, state):
    extra = {"state": state}
    if state == "STARTED":
        trigger = getattr(run.execution, "_trigger", None) or {"triggerType": "StartPipelineExecution", "triggerDetail": ""}
        extra["execution-trigger"] = {"trigger-type": trigger["triggerType"], "trigger-detail": trigger["triggerDetail"]}
    put_codepipeline_event(run.account, run.region, "CodePipeline Pipeline Execution State Change",
                           _run_detail(run, **extra), run.pipeline._arn)


def _emit_stage_state(run, stage, state, message=None):
    """The stage's event, and its actions' (STARTED: stage first; otherwise the actions first)."""
    stage_event = ("CodePipeline Stage Execution State Change", _run_detail(run, stage=stage["name"], state=state))
    action_events = []
    for action in stage["actions"]:
        type_id = action["actionTypeId"]
        detail = _run_detail(run, stage=stage["name"], action=action["name"], state=state, region=run.region,
                             type={"owner": type_id.get("owner"), "provider": type_id.get("provider"),
                                   "category": type_id.get("category"), "version": type_id.get("version")})
        if state != "STARTED":
            latest = run.states.get(stage["name"], {}).get("actions", {}).get(action["name"], {})
            result = {}
            if message:
                result["external-execution-summary"] = message
            if latest.get("externalExecutionId"):
                result["external-execution-id"] = latest["externalExecutionId"]
            if state == "FAILED":
                result["error-code"] = "JobFailed"
            if result:
                detail["execution-result"] = result
        action_events.append(("CodePipeline Action Execution State Change", detail))
    ordered = [stage_event] + action_events if state == "STARTED" else action_events + [stage_event]
    for detail_type, detail in ordered:
        put_codepipeline_event(run.account, run.region, detail_type, detail, run.pipeline._arn)


# ==========================================================================
# 24. Broken: SNS email subscriptions. moto confirms every subscription at
#     once; AWS holds an email (or email-json) one until the address
#     confirms it: Subscribe answers SubscriptionArn "pending confirmation",
#     ListSubscriptionsByTopic (and ListSubscriptions) list it with
#     SubscriptionArn "PendingConfirmation", and GetTopicAttributes counts it
#     in SubscriptionsPending. POST /_slipway/confirm-subscription
#     {"topicArn", "endpoint"} confirms it (its real ARN from then on).
# ==========================================================================
from moto.sns.models import SNSBackend
from moto.sns.responses import SNSResponse

_original_sns_subscribe = SNSBackend.subscribe
_original_sns_list_subscriptions = SNSResponse.list_subscriptions
_original_sns_list_subscriptions_by_topic = SNSResponse.list_subscriptions_by_topic
_original_sns_subscribe_response = SNSResponse.subscribe
_original_sns_get_topic_attributes = SNSResponse.get_topic_attributes


def _sns_subscribe(self, topic_arn, endpoint, protocol):
    known = self._find_subscription(topic_arn, endpoint, protocol)
    subscription = _original_sns_subscribe(self, topic_arn, endpoint, protocol)
    if known is None and protocol in ("email", "email-json"):
        subscription._pending = True
        subscription.attributes["PendingConfirmation"] = True
        subscription.attributes["ConfirmationWasAuthenticated"] = False
    return subscription


def _pending(subscription):
    return getattr(subscription, "_pending", False)


def _sns_subscribe_response(self):
    result = _original_sns_subscribe_response(self)
    found = self.backend._find_subscription(self._get_param("TopicArn"), self._get_param("Endpoint"),
                                            self._get_param("Protocol"))
    if found is not None and _pending(found) and not self._get_bool_param("ReturnSubscriptionArn", False):
        return ActionResult({"SubscriptionArn": "pending confirmation"})
    return result


def _listed_subscription(subscription):
    return {"SubscriptionArn": "PendingConfirmation" if _pending(subscription) else subscription.arn,
            "Owner": subscription.owner, "Protocol": subscription.protocol, "Endpoint": subscription.endpoint,
            "TopicArn": subscription.topic.arn}


def _sns_list(original):
    def listing(self):
        result = original(self)
        body = result.result if hasattr(result, "result") else None
        if isinstance(body, dict) and "Subscriptions" in body:
            body["Subscriptions"] = [_listed_subscription(s) for s in body["Subscriptions"]]
        return result
    return listing


def _sns_get_topic_attributes(self):
    result = _original_sns_get_topic_attributes(self)
    body = result.result if hasattr(result, "result") else None
    topic_arn = self._get_param("TopicArn")
    if isinstance(body, dict) and isinstance(body.get("Attributes"), dict):
        subscriptions = [s for s in self.backend.subscriptions.values() if s.topic.arn == topic_arn]
        body["Attributes"]["SubscriptionsPending"] = str(sum(1 for s in subscriptions if _pending(s)))
        body["Attributes"]["SubscriptionsConfirmed"] = str(sum(1 for s in subscriptions if not _pending(s)))
    return result


def confirm_subscription(body, account="123456789012"):
    """POST /_slipway/confirm-subscription: the subscription's ARN, or None when none is pending."""
    from moto.sns.models import sns_backends
    topic_arn = body.get("topicArn", "")
    parts = topic_arn.split(":")
    if len(parts) < 6:
        return None
    backend = sns_backends[parts[4]][parts[3]]
    for subscription in backend.subscriptions.values():
        if subscription.topic.arn == topic_arn and subscription.endpoint == body.get("endpoint") and _pending(subscription):
            subscription._pending = False
            subscription.attributes["PendingConfirmation"] = False
            subscription.confirmed = True
            return subscription.arn
    return None


def _apply_pipelines_and_events():
    """Sections 20-24 (called by apply())."""
    CodePipelineBackend.create_pipeline = _codepipeline_create_pipeline
    CodePipelineBackend.update_pipeline = _codepipeline_update_pipeline
    CodePipelineBackend.list_pipelines = _codepipeline_list_pipelines
    SNSBackend.subscribe = _sns_subscribe
    SNSResponse.subscribe = _sns_subscribe_response
    SNSResponse.list_subscriptions = _sns_list(_original_sns_list_subscriptions)
    SNSResponse.list_subscriptions_by_topic = _sns_list(_original_sns_list_subscriptions_by_topic)
    SNSResponse.get_topic_attributes = _sns_get_topic_attributes
    CodePipelineResponse.start_pipeline_execution = _start_pipeline_execution_response  # section 25
    _RESOLVERS.update({"EventsHandler": _events_resources, "SNSResponse": _sns_resources})


# ==========================================================================
# 25. Missing: StartPipelineExecution's `sourceRevisions` (moto drops them). A
#     COMMIT_ID override makes the run build that commit, as AWS does: the
#     simulated run reports it as its source revision. AWS refuses an
#     override naming an action the pipeline's first stage does not have.
# ==========================================================================
_original_start_pipeline_execution_response = CodePipelineResponse.start_pipeline_execution


def _start_pipeline_execution_response(self):
    overrides = self._get_param("sourceRevisions") or []
    name = self._get_param("name")
    pipeline = self.codepipeline_backend.pipelines.get(name)
    commit = None
    sources = [a["name"] for s in (pipeline.pipeline["stages"][:1] if pipeline else []) for a in s["actions"]]
    for override in overrides:
        if pipeline is not None and override.get("actionName") not in sources:
            raise _validation_error(f"Source revision override for action {override.get('actionName')} does not match any source action")
        if override.get("revisionType") == "COMMIT_ID":
            commit = override.get("revisionValue")
    if commit is None:
        return _original_start_pipeline_execution_response(self)
    _PUSH.current = {"commit": commit, "trigger": None}
    try:
        return _original_start_pipeline_execution_response(self)
    finally:
        _PUSH.current = None


# ==========================================================================
# 9 (continued). Authorization of EventBridge and SNS on their resources (the
#     Service Authorization Reference): rules arn:aws:events:{region}:
#     {account}:rule/{name} (rule/{bus}/{name} on another bus), connections
#     connection/{name}, API destinations api-destination/{name} (their real
#     ARN, with its id, once they exist), the bus event-bus/{name}; topics
#     arn:aws:sns:{region}:{account}:{name} (subscriptions by their topic).
#     Implicit: iam:PassRole (iam:PassedToService events.amazonaws.com) for
#     each PutTargets target with a RoleArn and PutRule's own RoleArn;
#     events:TagResource for PutRule's tags, sns:TagResource for CreateTopic's.
# ==========================================================================
def _events_resources(response, action, body):
    from moto.events.models import events_backends
    backend = events_backends[response.current_account][response.region]
    bus = (body.get("EventBusName") or "default").split("/")[-1]
    rule = lambda name: _arn(response, "events", f"rule/{name}" if bus == "default" else f"rule/{bus}/{name}")  # noqa: E731
    implicit = []
    if action in ("PutRule", "DescribeRule", "DeleteRule", "EnableRule", "DisableRule"):
        arn = rule(body.get("Name", ""))
        if action == "PutRule" and body.get("Tags"):
            implicit.append(("events:TagResource", arn, None))
        if action == "PutRule" and body.get("RoleArn"):
            implicit.append(("iam:PassRole", body["RoleArn"], {"iam:PassedToService": "events.amazonaws.com"}))
        return [arn], implicit
    if action in ("PutTargets", "RemoveTargets", "ListTargetsByRule"):
        for target in body.get("Targets") or []:
            if target.get("RoleArn"):
                implicit.append(("iam:PassRole", target["RoleArn"], {"iam:PassedToService": "events.amazonaws.com"}))
        return [rule(body.get("Rule", ""))], implicit
    if action in ("CreateConnection", "DescribeConnection", "UpdateConnection", "DeleteConnection", "DeauthorizeConnection"):
        found = backend.connections.get(body.get("Name", ""))
        return [found.arn if found is not None else _arn(response, "events", f"connection/{body.get('Name', '')}")], implicit
    if action in ("CreateApiDestination", "DescribeApiDestination", "UpdateApiDestination", "DeleteApiDestination"):
        found = backend.destinations.get(body.get("Name", ""))
        return [found.arn if found is not None else _arn(response, "events", f"api-destination/{body.get('Name', '')}")], implicit
    if action in ("TagResource", "UntagResource", "ListTagsForResource"):
        return [body.get("ResourceARN", "*")], implicit
    if action == "PutEvents":
        buses = {(e.get("EventBusName") or "default").split("/")[-1] for e in body.get("Entries") or []}
        return [_arn(response, "events", f"event-bus/{b}") for b in sorted(buses)] or None, implicit
    return None, implicit


def _sns_resources(response, action, body):
    param = response._get_param
    implicit = []
    if action == "CreateTopic":
        arn = _arn(response, "sns", param("Name") or "")
        if any(k.startswith("Tags.member") for k in (response.querystring or {})):
            implicit.append(("sns:TagResource", arn, None))
        return [arn], implicit
    if action in ("TagResource", "UntagResource", "ListTagsForResource"):
        return [param("ResourceArn") or "*"], implicit
    if param("TopicArn"):
        return [param("TopicArn")], implicit
    subscription = param("SubscriptionArn")
    if subscription and subscription.count(":") >= 6:
        return [subscription.rsplit(":", 1)[0]], implicit
    return None, implicit


# ==========================================================================
# 26. Lambda function states. AWS: "After Lambda creates the function, it sets
#     the state to pending ... Any invocations or other API actions that operate
#     on the function will fail" (Lambda developer guide, "Lambda function
#     states": Invoke, UpdateFunctionCode, UpdateFunctionConfiguration and
#     PublishVersion fail while creation is pending), and while an update is in
#     progress (LastUpdateStatus InProgress, State still Active) "invocations
#     continue to use the function's previous code" and UpdateFunctionCode,
#     UpdateFunctionConfiguration, PublishVersion and TagResource fail;
#     DeleteFunction works in both. CreateFunction's own reply says
#     `State: Pending` (StateReason "The function is being created.",
#     StateReasonCode Creating, no LastUpdateStatus), an update's reply
#     `LastUpdateStatus: InProgress` (AWS's wording, as users quote it:
#     LastUpdateStatusReason "The function is being created.",
#     LastUpdateStatusReasonCode Creating - a value botocore's enum lacks). The
#     refusals are HTTP 409 ResourceConflictException, {"Type": "User",
#     "message": ...}: "The operation cannot be performed at this time. The
#     function is currently in the following state: Pending" and "... An update
#     is in progress for resource: {function ARN}". moto makes a function Active
#     and Successful at once. Here a function is Pending for
#     `lambdaPendingSeconds` after CreateFunction and InProgress for
#     `lambdaUpdateSeconds` after UpdateFunctionCode or
#     UpdateFunctionConfiguration (POST /_slipway/settle; 0 turns a window
#     off). The state is kept as the time it ends, on the function itself (a
#     version published from it carries it too), so every request sees it as
#     of its own arrival, as everywhere else here. While Pending, GetFunction
#     and GetFunctionConfiguration also say LastUpdateStatus InProgress (the
#     harness's choice: AWS's reply in that state is not documented).
# ==========================================================================
from moto.awslambda.exceptions import LambdaClientError
from moto.awslambda.models import LambdaBackend, LambdaFunction
from moto.awslambda.responses import LambdaResponse

# POST /_slipway/settle: the windows of sections 26-28, in seconds (0: off).
SETTLE = {"lambdaPendingSeconds": 1.0, "lambdaUpdateSeconds": 1.0, "ecsDrainSeconds": 1.5, "ecsTaskStopSeconds": 1.5,
          "targetGroupReleaseSeconds": 1.0, "certificateReleaseSeconds": 1.0, "iamRoleAssumeSeconds": 0.0}
_settle_lock = threading.RLock()
_LAMBDA_REASON = "The function is being created."
_PENDING_MESSAGE = "The operation cannot be performed at this time. The function is currently in the following state: Pending"
_IN_PROGRESS_MESSAGE = "The operation cannot be performed at this time. An update is in progress for resource: {arn}"


class _LambdaConflict(LambdaClientError):
    """Lambda's HTTP 409 ResourceConflictException, in Lambda's own error format."""
    code = 409

    def __init__(self, message):
        super().__init__("ResourceConflictException", message)
        self.description = json.dumps({"Type": "User", "message": message})


def _lambda_phase(fn):
    """'Pending', 'InProgress' or None (Active and Successful) for a function, as of now."""
    now = time.time()
    if now < getattr(fn, "_slipway_pending_until", 0.0):
        return "Pending"
    if now < getattr(fn, "_slipway_update_until", 0.0):
        return "InProgress"
    return None


def _lambda_get_configuration(self, on_create=False):
    config = _original_lambda_get_configuration(self, on_create)
    phase = _lambda_phase(self)
    if phase == "Pending":
        config.update(State="Pending", StateReason=_LAMBDA_REASON, StateReasonCode="Creating")
        if not on_create:
            config["LastUpdateStatus"] = "InProgress"
    elif phase == "InProgress":
        config.update(State="Active", LastUpdateStatus="InProgress", LastUpdateStatusReason=_LAMBDA_REASON,
                      LastUpdateStatusReasonCode="Creating")
    return config


def _lambda_backend_create_function(self, spec):
    fn = _original_lambda_backend_create_function(self, spec)
    fn._slipway_pending_until = time.time() + SETTLE["lambdaPendingSeconds"]
    return fn


def _lambda_updating(original):
    def update(self, updated_spec):
        if not (isinstance(updated_spec, dict) and updated_spec.get("DryRun")):
            self._slipway_update_until = time.time() + SETTLE["lambdaUpdateSeconds"]
        return original(self, updated_spec)
    return update


def _lambda_refuse(response, name_or_arn, qualifier, when):
    """Raises the ResourceConflictException AWS answers while the function is in one of the `when` phases."""
    if qualifier not in (None, "", "$LATEST"):
        return  # a published version never changes
    try:
        fn = response.backend.get_function(name_or_arn, None)
    except Exception:  # noqa: BLE001 - moto's own operation answers the not-found
        return
    phase = _lambda_phase(fn)
    if phase == "Pending" and "Pending" in when:
        raise _LambdaConflict(_PENDING_MESSAGE)
    if phase == "InProgress" and "InProgress" in when:
        raise _LambdaConflict(_IN_PROGRESS_MESSAGE.format(arn=fn.function_arn))


def _lambda_guarded(original, name_of, when):
    def guarded(self):
        name, qualifier = name_of(self)
        _lambda_refuse(self, name, qualifier, when)
        return original(self)
    return guarded


def _name_before(self, depth):
    return unquote(self.path.rstrip("/").rsplit("/", depth)[-depth]), self._get_param("Qualifier", None)


def _tagged_function(self):
    arn = unquote(self.path.rsplit("/", 1)[-1])
    return (arn.split(":function:", 1)[1].split(":")[0] if ":function:" in arn else arn), None


_original_lambda_get_configuration = LambdaFunction.get_configuration
_original_lambda_backend_create_function = LambdaBackend.create_function


def _apply_lambda_states():
    LambdaFunction.get_configuration = _lambda_get_configuration
    LambdaBackend.create_function = _lambda_backend_create_function
    LambdaFunction.update_function_code = _lambda_updating(_ORIGINAL_LAMBDA["update_code"])
    LambdaFunction.update_configuration = _lambda_updating(_ORIGINAL_LAMBDA["update_configuration"])
    both, pending = ("Pending", "InProgress"), ("Pending",)
    LambdaResponse.update_function_code = _lambda_guarded(
        _ORIGINAL_LAMBDA["r_update_code"], lambda r: _name_before(r, 2), both)
    LambdaResponse.update_function_configuration = _lambda_guarded(
        _ORIGINAL_LAMBDA["r_update_configuration"], lambda r: _name_before(r, 2), both)
    LambdaResponse.publish_version = _lambda_guarded(
        _ORIGINAL_LAMBDA["r_publish_version"], lambda r: (unquote(r.path.rstrip("/").split("/")[-2]), None), both)
    LambdaResponse.invoke = _lambda_guarded(
        _ORIGINAL_LAMBDA["r_invoke"], lambda r: (unquote(r.path.rsplit("/", 2)[-2]), r._get_param("qualifier")), pending)
    LambdaResponse.tag_resource = _lambda_guarded(_ORIGINAL_LAMBDA["r_tag_resource"], _tagged_function, ("InProgress",))


_ORIGINAL_LAMBDA = {
    "update_code": LambdaFunction.update_function_code, "update_configuration": LambdaFunction.update_configuration,
    "r_update_code": LambdaResponse.update_function_code,
    "r_update_configuration": LambdaResponse.update_function_configuration,
    "r_publish_version": LambdaResponse.publish_version, "r_invoke": LambdaResponse.invoke,
    "r_tag_resource": LambdaResponse.tag_resource,
}


# ==========================================================================
# 27. ECS services draining, tasks stopping, clusters that refuse deletion.
#     AWS (DeleteService reference): "When you delete a service, if there are
#     still running tasks that require cleanup, the service status moves from
#     ACTIVE to DRAINING, and the service is no longer visible in the console or
#     in the ListServices API operation. After all tasks have transitioned to
#     either STOPPING or STOPPED status, the service status moves from DRAINING
#     to INACTIVE. ... If you attempt to create a new service with the same name
#     as an existing service in either ACTIVE or DRAINING status, you receive an
#     error" (InvalidParameterException "Unable to Start a service that is still
#     Draining."). DeleteCluster refuses a cluster with a service ACTIVE or
#     DRAINING (ClusterContainsServicesException "The Cluster cannot be deleted
#     while Services are active.") or tasks not yet STOPPED
#     (ClusterContainsTasksException "The Cluster cannot be deleted while Tasks
#     are active."); UpdateService of a service that is not ACTIVE is
#     ServiceNotActiveException "Service was not ACTIVE.". moto makes a deleted
#     service INACTIVE at once, lists it in ListServices, deletes any cluster,
#     updates an INACTIVE service and lets CreateService replace a live one of
#     the same name. Here (windows in POST /_slipway/settle):
#       - DeleteService of an ACTIVE service leaves it DRAINING (desiredCount 0,
#         runningCount its tasks) for `ecsDrainSeconds`, then INACTIVE
#         (runningCount 0); DeleteService of a DRAINING one answers it as it is.
#       - Its tasks - those running or pending at the delete, and those still
#         stopping from a scale-in - stop `ecsTaskStopSeconds` after it goes
#         INACTIVE. Tasks scaled in by UpdateService (the drop in running +
#         pending) stop `ecsTaskStopSeconds` after the update. moto runs no
#         tasks: they are counts per cluster.
#       - ListServices lists ACTIVE services only.
#       - DescribeClusters' activeServicesCount counts the ACTIVE services,
#         runningTasksCount their running tasks plus the tasks not yet stopped
#         (and moto's RunTask tasks), pendingTasksCount their pending ones.
# ==========================================================================
from moto.ecs.exceptions import ECSException
from moto.ecs.models import Cluster

_STOPPING = []   # {"due", "account", "region", "cluster", "service", "count"}: tasks not yet STOPPED
_DRAINING = []   # {"due", "service", "stop"}: DRAINING services and when their tasks stop


def _ecs_tasks_counted(service):
    return max(int(service.running_count or 0), 0) + max(int(service.pending_count or 0), 0)


def _stopping_in(account, region, cluster):
    return sum(s["count"] for s in _STOPPING if (s["account"], s["region"], s["cluster"]) == (account, region, cluster))


def settle_advance():
    """Moves DRAINING services to INACTIVE and stops tasks whose time has come (called on every request)."""
    if not _STOPPING and not _DRAINING:
        return
    now = time.time()
    with _settle_lock:
        for entry in [d for d in _DRAINING if d["due"] <= now]:
            _DRAINING.remove(entry)
            service = entry["service"]
            if service.status == "DRAINING":
                service.status = "INACTIVE"
                service.running_count = service.pending_count = 0
        for entry in [s for s in _STOPPING if s["due"] is not None and s["due"] <= now]:
            _STOPPING.remove(entry)


def _stop_tasks(service, count, due):
    if count > 0:
        _STOPPING.append({"due": due, "account": service._account_id, "region": service.region_name,
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
    if drop > 0 and SETTLE["ecsTaskStopSeconds"] > 0:
        with _settle_lock:
            _stop_tasks(updated, drop, time.time() + SETTLE["ecsTaskStopSeconds"])
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
    with _settle_lock:
        # The tasks still stopping from a scale-in just before are the service's too: they stop with the rest.
        for entry in [s for s in _STOPPING if s["service"] is deleted]:
            _STOPPING.remove(entry)
            count += entry["count"]
        now = time.time()
        inactive_at = now + SETTLE["ecsDrainSeconds"]
        deleted.desired_count = 0
        for deployment in deleted.deployments or []:
            deployment["desiredCount"] = 0
        if SETTLE["ecsDrainSeconds"] > 0:
            deleted.status = "DRAINING"
            deleted.running_count, deleted.pending_count = count, 0
            _DRAINING.append({"due": inactive_at, "service": deleted})
        else:
            deleted.running_count = deleted.pending_count = 0
        if SETTLE["ecsTaskStopSeconds"] > 0:
            _stop_tasks(deleted, count, inactive_at + SETTLE["ecsTaskStopSeconds"])
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


def _apply_ecs_settling():
    """Wraps the backend methods as sections 6 and 15 left them."""
    for name in ("create_service", "update_service", "delete_service", "list_services", "delete_cluster"):
        _ECS_PREVIOUS.setdefault(name, getattr(EC2ContainerServiceBackend, name))
    EC2ContainerServiceBackend.create_service = _ecs_backend_create_service_settling
    EC2ContainerServiceBackend.update_service = _ecs_backend_update_service_settling
    EC2ContainerServiceBackend.delete_service = _ecs_backend_delete_service_settling
    EC2ContainerServiceBackend.list_services = _ecs_backend_list_services_settling
    EC2ContainerServiceBackend.delete_cluster = _ecs_backend_delete_cluster_settling
    ignore = lambda self, value: None  # noqa: E731 - moto's own bookkeeping of these counts is replaced
    Cluster.active_services_count = property(_cluster_active_services, ignore)
    Cluster.running_tasks_count = property(_cluster_running_tasks, ignore)
    Cluster.pending_tasks_count = property(_cluster_pending_tasks, ignore)


# ==========================================================================
# 28. Other refusals AWS makes while something settles, or of what is still in
#     use, that moto forgave (windows in POST /_slipway/settle):
#       - ELBv2 DeleteTargetGroup: ResourceInUse ("The target group '{arn}' is
#         currently in use by a listener or a rule") for
#         `targetGroupReleaseSeconds` after the last rule or listener that
#         forwarded to it was deleted or changed (or its balancer deleted); AWS
#         lets go of it shortly after (the Terraform AWS provider retries this
#         error for two minutes). moto freed it at once.
#       - ACM: a certificate stays InUseBy its balancer, and DeleteCertificate
#         ResourceInUseException, for `certificateReleaseSeconds` after the last
#         listener using it went (section 11 had it free at once).
#       - IAM DeletePolicy: DeleteConflict "Cannot delete a policy attached to
#         entities." while attached to a user, group or role, and "This policy
#         has more than one version. Before you delete a policy, you must delete
#         the policy's versions. The default version is deleted with the
#         policy." while it has other versions; DeleteUser: DeleteConflict
#         "Cannot delete entity, must delete access keys first." (moto deleted
#         all three; it already refused DeleteRole with policies or instance
#         profiles, DeleteUser with policies, DeleteRule with targets,
#         DeleteRepository with images, DeleteHostedZone with records).
#       - IAM eventual consistency, off unless `iamRoleAssumeSeconds` > 0: for
#         that long after CreateRole, Lambda refuses the role
#         (InvalidParameterValueException "The role defined for the function
#         cannot be assumed by Lambda."), CodeBuild (InvalidInputException
#         "CodeBuild is not authorized to perform: sts:AssumeRole on {arn}") and
#         CodePipeline (InvalidStructureException "CodePipeline is not
#         authorized to perform AssumeRole on role {arn}"), the errors
#         docs/DESIGN.md's "AWS facts" lists. Off by default: Slipway retries
#         them every 3 s, which every apply in the test suite would then wait.
# ==========================================================================
from moto.elbv2.exceptions import ResourceInUseError
from moto.iam.exceptions import DeleteConflictException
from moto.iam.models import IAMBackend

_TG_RELEASED = {}    # target group ARN -> until when it is still in use
_CERT_RELEASED = {}  # certificate ARN -> {load balancer ARN: until when it is still in use}


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
        now = time.time()
        after_groups, after_certificates = _elb_references(self)
        with _settle_lock:
            for arn in groups - after_groups:
                _TG_RELEASED[arn] = now + SETTLE["targetGroupReleaseSeconds"]
            for arn, balancers in certificates.items():
                for lb in balancers - after_certificates.get(arn, set()):
                    _CERT_RELEASED.setdefault(arn, {})[lb] = now + SETTLE["certificateReleaseSeconds"]
        return result
    return releasing


def _lingering_certificate_users(arn):
    now = time.time()
    return [lb for lb, until in (_CERT_RELEASED.get(arn) or {}).items() if until > now]


def _elbv2_delete_target_group_settling(self, target_group_arn):
    if target_group_arn in self.target_groups and not self._any_listener_using(target_group_arn) \
            and _TG_RELEASED.get(target_group_arn, 0.0) > time.time():
        raise ResourceInUseError(f"The target group '{target_group_arn}' is currently in use by a listener or a rule")
    _TG_RELEASED.pop(target_group_arn, None)
    return _ELB_PREVIOUS["delete_target_group"](self, target_group_arn)


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
    window = SETTLE["iamRoleAssumeSeconds"]
    if window <= 0 or not role_arn:
        return False
    from moto.iam.models import iam_backends
    name = str(role_arn).rsplit("/", 1)[-1]
    try:
        role = iam_backends[account]["aws"].get_role(name)
    except Exception:  # noqa: BLE001 - a missing role is the service's own error
        return False
    return (utcnow() - role.create_date).total_seconds() < window


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


_ELB_PREVIOUS, _IAM_PREVIOUS = {}, {}


def _apply_refusals():
    for name in ("delete_rule", "delete_listener", "delete_load_balancer", "modify_rule", "modify_listener",
                 "remove_listener_certificates", "delete_target_group"):
        _ELB_PREVIOUS.setdefault(name, getattr(ELBv2Backend, name))
    for name in ("delete_rule", "delete_listener", "delete_load_balancer", "modify_rule", "modify_listener",
                 "remove_listener_certificates"):
        setattr(ELBv2Backend, name, _elb_releasing(_ELB_PREVIOUS[name]))
    ELBv2Backend.delete_target_group = _elbv2_delete_target_group_settling
    _IAM_PREVIOUS.setdefault("delete_policy", IAMBackend.delete_policy)
    _IAM_PREVIOUS.setdefault("delete_user", IAMBackend.delete_user)
    _IAM_PREVIOUS.setdefault("codebuild_role", codebuild_responses._validate_required_params_service_role)
    _IAM_PREVIOUS.setdefault("pipeline_create", CodePipelineBackend.create_pipeline)
    _IAM_PREVIOUS.setdefault("pipeline_update", CodePipelineBackend.update_pipeline)
    _IAM_PREVIOUS.setdefault("lambda_create", LambdaBackend.create_function)
    _IAM_PREVIOUS.setdefault("lambda_configure", LambdaFunction.update_configuration)
    IAMBackend.delete_policy = _iam_delete_policy
    IAMBackend.delete_user = _iam_delete_user
    codebuild_responses._validate_required_params_service_role = _codebuild_service_role_checked
    CodePipelineBackend.create_pipeline = _codepipeline_role_checked(_IAM_PREVIOUS["pipeline_create"])
    CodePipelineBackend.update_pipeline = _codepipeline_role_checked(_IAM_PREVIOUS["pipeline_update"])
    LambdaBackend.create_function = _lambda_role_checked(_IAM_PREVIOUS["lambda_create"], lambda s: s.get("Role"))
    LambdaFunction.update_configuration = _lambda_role_checked(_IAM_PREVIOUS["lambda_configure"], lambda s: s.get("Role"))


# ==========================================================================
# 29. AWS's default VPC. AWS ("Default VPCs", default VPC components): a
#     default VPC has "an internet gateway ... connected to your default VPC"
#     and its main route table "a route that points all traffic (0.0.0.0/0) to
#     the internet gateway". moto's default VPC has no internet gateway and its
#     main route table only the local route, so a test of what `slipway plan`
#     says of a network took the default VPC's subnets for private ones. Each
#     Region's default VPC (made when moto first serves the Region, and by
#     CreateDefaultVpc) now gets an attached internet gateway and that route.
# ==========================================================================
from moto.ec2.models.vpcs import VPCBackend

_original_create_default_vpc = VPCBackend.create_default_vpc


def _create_default_vpc(self):
    vpc = _original_create_default_vpc(self)
    gateway = self.create_internet_gateway()
    self.attach_internet_gateway(gateway.id, vpc.id)
    main = next(t for t in self.route_tables.values() if t.vpc_id == vpc.id and t.main_association_id)
    self.create_route(main.id, "0.0.0.0/0", gateway_id=gateway.id)
    return vpc


# ==========================================================================
# 30. Missing: replies that lack what the model requires, for tests that prove
#     a client reads replies leniently. AWS does leave out members botocore's
#     models mark `required` (and services add members over time); moto fills
#     in what the model asks. POST /_slipway/strip-replies {"required": true,
#     "keep": {"Route53.ListHostedZonesByName": ["HostedZones[].Id"]}} removes,
#     from every 2xx reply of the services model validation covers, every
#     output member the pinned botocore model marks required, at every depth,
#     but the kept paths; {"only": {"IAM.ListRoles": ["Roles[].Arn"]}} removes
#     exactly those. DELETE turns it off; GET answers {"stripped": {key:
#     [path, ...]}}, what was removed so far. Keys, paths and the XML rewriting
#     are reply_stripping.py's (its docstring).
# ==========================================================================
import reply_stripping

STRIPPER = reply_stripping.Stripper()


def apply_settling():
    """Sections 26-30 (called by apply())."""
    _apply_lambda_states()
    _apply_ecs_settling()
    _apply_refusals()
    VPCBackend.create_default_vpc = _create_default_vpc
