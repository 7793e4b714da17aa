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
`Middleware` wraps moto's WSGI app: optional latency, the call log and the
harness's own control endpoints under /_slipway/.

Checked against moto 5.2.5 and found present (so not patched): CodeBuild
BatchGetProjects, DeleteProject, StartBuild, BatchGetBuilds, ListBuildsForProject;
CodePipeline StartPipelineExecution, ListPipelineExecutions, GetPipelineExecution;
ECR Put/GetLifecyclePolicy; S3 Put/GetPublicAccessBlock, PutBucketEncryption;
Logs PutRetentionPolicy, FilterLogEvents, GetLogEvents; Lambda UpdateFunctionCode,
UpdateFunctionConfiguration, GetFunctionConfiguration; IAM policy versions and tags.
"""

import io
import json
import re
import threading
import time
from urllib.parse import parse_qs

from botocore.awsrequest import AWSRequest
from moto.codebuild import models as codebuild_models
from moto.codebuild import responses as codebuild_responses
from moto.codebuild.exceptions import InvalidInputException
from moto.codebuild.exceptions import ResourceNotFoundException as CodeBuildNotFound
from moto.codepipeline.exceptions import PipelineNotFoundException
from moto.codepipeline.responses import CodePipelineResponse
from moto.core.exceptions import JsonRESTError
from moto.core.responses import ActionResult
from moto.core.utils import unix_time
from moto.ecs.responses import EC2ContainerServiceResponse
from moto.iam.access_control import IAMRequestBase
from moto.utilities.utils import get_partition

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
               if b["id"] in ids and b.get("currentPhase") != "COMPLETED"]
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
    CodePipelineResponse.get_pipeline_state = _codepipeline_get_pipeline_state
    CodePipelineResponse.put_job_success_result = _codepipeline_put_job_success_result
    CodePipelineResponse.put_job_failure_result = _codepipeline_put_job_failure_result


# --------------------------------------------------------------------------
# 5. WSGI middleware: latency, call log, control endpoints under /_slipway/
#    (answered here, so moto's routing never sees them).
# --------------------------------------------------------------------------
_CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/[^/]+/([^/]+)/([^/]+)/")


class Middleware:
    def __init__(self, app, latency_ms=0):
        self.app = app
        self.latency = max(0, latency_ms) / 1000.0
        self.calls = []
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith("/_slipway/"):
            return self._control(environ, start_response, path)
        if path.startswith("/moto-api"):
            return self.app(environ, start_response)
        if self.latency:
            time.sleep(self.latency)
        record = self._describe(environ, path)
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

    def _describe(self, environ, path):
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
            action = parse_qs(self._peek_body(environ)).get("Action", [None])[0]
        if action is None:
            action = f"{method} {path}"
        return {"access_key_id": key, "service": service, "action": action,
                "method": method, "path": path}

    @staticmethod
    def _peek_body(environ):
        """Read a form body (Query protocol) and put it back for moto."""
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return ""
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        return body.decode("utf-8", "replace")

    def _control(self, environ, start_response, path):
        method = environ.get("REQUEST_METHOD", "GET")
        query = parse_qs(environ.get("QUERY_STRING", ""))
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
        reason = {200: "OK", 404: "Not Found"}[status]
        start_response(f"{status} {reason}", [("Content-Type", "application/json"),
                                               ("Content-Length", str(len(body)))])
        return [body]
