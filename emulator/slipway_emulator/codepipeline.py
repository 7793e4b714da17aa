"""CodePipeline: job results, approvals, V2 declarations, sourceRevisions (the runs are in world/runs.py)."""

import json
import re

from moto.codepipeline.exceptions import InvalidStructureException
from moto.codepipeline.exceptions import PipelineNotFoundException
from moto.codepipeline.models import CodePipelineBackend
from moto.codepipeline.responses import CodePipelineResponse
from moto.core.exceptions import JsonRESTError
from moto.core.utils import unix_time

from slipway_emulator.world import pushes
from slipway_emulator.world.state import WORLD


# --------------------------------------------------------------------------
# 3b. Missing: CodePipeline GetPipelineState, from the stored pipeline and the
#     executions moto tracks (moto "runs" nothing: an execution is Succeeded).
# --------------------------------------------------------------------------
def codepipeline_get_pipeline_state(self):
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
    with WORLD.job_lock:
        WORLD.job_results.append({
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
    with WORLD.sim_lock:
        for run in WORLD.runs:
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
    pushes.PUSH.current = {"commit": commit, "trigger": None}
    try:
        return _original_start_pipeline_execution_response(self)
    finally:
        pushes.PUSH.current = None
