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
     create, PassConnection) and IAM's names for S3 actions.
`Middleware` wraps moto's WSGI app: optional latency, the call log, the
simulation's clock, the harness's own control endpoints under /_slipway/, and
model validation (model_validation.py: every request checked against botocore's
service model, a violation answered with HTTP 400 SlipwayModelViolation).

Checked against moto 5.2.5 and found present (so not patched): CodeBuild
BatchGetProjects, DeleteProject, StartBuild, BatchGetBuilds, ListBuildsForProject;
CodePipeline StartPipelineExecution, ListPipelineExecutions, GetPipelineExecution;
ECR Put/GetLifecyclePolicy; S3 Put/GetPublicAccessBlock, PutBucketEncryption;
Logs PutRetentionPolicy, FilterLogEvents, GetLogEvents; Lambda UpdateFunctionCode,
UpdateFunctionConfiguration, GetFunctionConfiguration; IAM policy versions and tags.
"""

import copy
import hashlib
import io
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
from moto.ecr.models import ecr_backends
from moto.core.responses import ActionResult
from moto.core.utils import iso_8601_datetime_with_milliseconds, unix_time, utcnow
from moto.ecs.models import EC2ContainerServiceBackend, ecs_backends
from moto.ecs.responses import EC2ContainerServiceResponse
from moto.iam.access_control import IAMRequestBase
from moto.s3.responses import S3Response
from moto.utilities.utils import get_partition

import model_validation

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
        return
    reason = f"ECS deployment circuit breaker: {rollout['fail']}"
    deployment.update(rolloutState="FAILED", rolloutStateReason=reason, runningCount=0, pendingCount=0,
                      failedTasks=max(desired, 1), updatedAt=now)
    _event(service, f"(service {service.name}) (deployment {deployment_id}) deployment failed: {rollout['fail']}")
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
    return service


class _Run:
    """One simulated pipeline execution, stage by stage."""

    def __init__(self, backend, pipeline, execution, settings, script):
        self.account, self.region = backend.account_id, backend.region_name
        self.pipeline, self.execution = pipeline, execution
        self.stages = copy.deepcopy(pipeline.pipeline["stages"])
        self.stage_seconds = float(settings.get("stageSeconds", 0.5))
        self.script = script or {}
        self.commit = hashlib.sha1(execution.pipeline_execution_id.encode()).hexdigest()
        self.message = self.script.get("commitMessage") or f"Simulated change {self.commit[:7]}"
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
        if self.index < 0:
            self._enter(0, now)
        while self.execution.status == "InProgress":
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
                return
            self._enter(self.index + 1, now)

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
        image = None
        for tag in (self.commit[:12], "latest"):
            image = ecr.put_image(name, manifest, tag)
        self.image = f"{uri}@{image.get_image_digest()}"

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
            run.advance(now)
            if run.execution.status != "InProgress":
                _RUNS.remove(run)


_original_start_pipeline_execution = CodePipelineBackend.start_pipeline_execution


def _start_pipeline_execution(self, name, variables):
    execution_id = _original_start_pipeline_execution(self, name, variables)
    settings = _simulation(name)
    if settings is not None:
        with _sim_lock:
            pipeline = self.pipelines[name]
            execution = pipeline.executions[execution_id]
            execution.status = "InProgress"
            execution._sim = _Run(self, pipeline, execution, settings, _pop_script(name, "failStage"))
            _RUNS.append(execution._sim)
    return execution_id


_original_summary_dict = PipelineExecution.to_summary_dict
_original_execution_dict = PipelineExecution.to_dict


def _execution_summary_dict(self):
    result = _original_summary_dict(self)
    run = getattr(self, "_sim", None)
    if run is not None:
        result["sourceRevisions"] = run.source_revisions()
    return result


def _execution_dict(self):
    result = _original_execution_dict(self)
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
_original_iam_request_init = IAMRequestBase.__init__


def _iam_request_init(self, *args, **kwargs):
    _original_iam_request_init(self, *args, **kwargs)
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
        if environ.get("HTTP_X_AMZ_TARGET", "").endswith(_CONNECTION_TARGETS):
            status, payload, content_type = _get_connection(environ, body)
            record["status"] = status
            with self.lock:
                self.calls.append(record)
            data = payload.encode() if isinstance(payload, str) else payload
            start_response(f"{status} {'OK' if status == 200 else 'Error'}",
                           [("Content-Type", content_type), ("Content-Length", str(len(data)))])
            return [data]
        status_holder = []

        def recording_start_response(status, headers, exc_info=None):
            status_holder.append(int(status.split(" ", 1)[0]))
            return start_response(status, headers, exc_info)

        try:
            return self.app(environ, recording_start_response)
        finally:
            record["status"] = status_holder[0] if status_holder else 500
            with self.lock:
                self.calls.append(record)

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
        if path == "/_slipway/health":
            return self._json(start_response, 200, {"status": "ok"})
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
