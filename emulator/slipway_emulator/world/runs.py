"""Simulated pipeline runs: stages in turn, approvals, builds, execution modes; advance() moves them on
to the emulator's clock (clock.py; world/timeline.py steps it through each run's due())."""

import copy
import hashlib
import json
import uuid

from moto.codebuild.models import codebuild_backends
from moto.codepipeline.models import CodePipelineBackend
from moto.codepipeline.models import PipelineExecution
from moto.core.utils import iso_8601_datetime_with_milliseconds
from moto.core.utils import unix_time
from moto.ecr.exceptions import ImageAlreadyExistsException
from moto.ecr.models import ecr_backends
from moto.ecs.models import ecs_backends

from slipway_emulator import codepipeline, harness_errors
from slipway_emulator.clock import CLOCK
from slipway_emulator.world import deliveries
from slipway_emulator.world import pushes
from slipway_emulator.world import rollouts
from slipway_emulator.world.state import WORLD


def simulation(name):
    best = None
    for prefix, settings in WORLD.simulations.items():
        if name.startswith(prefix) and (best is None or len(prefix) > len(best[0])):
            best = (prefix, settings)
    return best[1] if best else None


def pop_script(name, key):
    queue = WORLD.scripts.get(name) or []
    for index, item in enumerate(queue):
        if key in item:
            return queue.pop(index)
    return None


def _event(service, message):
    service.events = [{"id": str(uuid.uuid4()), "createdAt": CLOCK.utcnow(), "message": message}] + list(service.events or [])


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
                self.execution.last_update_time = CLOCK.utcnow()
                deliveries.emit_pipeline_state(self, self.execution.status.upper())  # section 23
                return
            _wait_for_stage(self, self.index + 1)

    def due(self):
        """When the stage it is in ends by its own timing (entered + stageSeconds), or None: waiting to
        enter a stage, at an approval, or waiting for its ECS rollout (whose due time is the rollout's)."""
        if self.execution.status != "InProgress" or self.pending is not None or self.index < 0:
            return None
        stage = self._stage()
        if self.script.get("failStage") != stage["name"]:
            categories = {a["actionTypeId"]["category"] for a in stage["actions"]}
            if "Approval" in categories or self.deployment is not None:
                return None
        return self.entered + self.stage_seconds

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
        deliveries.emit_stage_state(self, stage, "STARTED")  # section 23

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
        WORLD.simulated_builds.add(build["id"])
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
                # AWS gives a source action the revision's summary: for a CodeConnections source, the commit message as JSON.
                latest["summary"] = self.source_revisions()[0]["revisionSummary"]
        deliveries.emit_stage_state(self, stage, status.upper(), message)  # section 23
        if self.build is not None and self._stage()["name"] == stage["name"]:
            if status == "Succeeded":
                self._push_image()
            codebuild, build = self.build
            build["phases"] = codebuild._set_phases(build["phases"])
            build.update(currentPhase="COMPLETED", buildComplete=True, endTime=iso_8601_datetime_with_milliseconds(CLOCK.utcnow()),
                         buildStatus="SUCCEEDED" if status == "Succeeded" else "FAILED")
            WORLD.simulated_builds.discard(build["id"])
            self.build = None


def advance():
    """Moves every simulated rollout and run on to now."""
    if not WORLD.simulations:
        return
    with WORLD.sim_lock:
        now = CLOCK.time()
        for deployment_id, rollout in list(WORLD.rollouts.items()):
            if now >= rollout["due"]:
                del WORLD.rollouts[deployment_id]
                rollouts.finish_rollout(rollout)
        for run in list(WORLD.runs):
            try:
                run.advance(now)
            except Exception as error:  # a bug in the simulation fails its run (and the test run), never every request
                harness_errors.record("simulation", error, pipeline=run.pipeline.name)
                run.execution.status = "Failed"
                run.failure = f"{type(error).__name__}: {error}"
            if run.execution.status != "InProgress":
                WORLD.runs.remove(run)


_original_start_pipeline_execution = CodePipelineBackend.start_pipeline_execution


def _start_pipeline_execution(self, name, variables):
    execution_id = _original_start_pipeline_execution(self, name, variables)
    pushes.record_trigger(self.pipelines[name].executions[execution_id])  # sections 21, 22
    settings = simulation(name)
    if settings is not None:
        with WORLD.sim_lock:
            pipeline = self.pipelines[name]
            execution = pipeline.executions[execution_id]
            execution.status = "InProgress"
            execution._sim = _Run(self, pipeline, execution, settings, pop_script(name, "failStage"))
            WORLD.runs.append(execution._sim)
            deliveries.emit_pipeline_state(execution._sim, "STARTED")  # section 23
            _wait_for_stage(execution._sim, 0)               # section 22
            # A run enters its first stage at once when no other run holds it (a push is a
            # control request, which advances nothing by itself).
            execution._sim.advance(CLOCK.time())
    return execution_id


_original_summary_dict = PipelineExecution.to_summary_dict
_original_execution_dict = PipelineExecution.to_dict


def _execution_summary_dict(self):
    result = _original_summary_dict(self)
    pushes.trigger_and_mode(self, result)  # sections 21, 22
    run = getattr(self, "_sim", None)
    if run is not None:
        result["sourceRevisions"] = run.source_revisions()
    return result


def _execution_dict(self):
    result = _original_execution_dict(self)
    pushes.trigger_and_mode(self, result)  # sections 21, 22
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
        return codepipeline.codepipeline_get_pipeline_state(self)
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
    for position, other in enumerate(WORLD.runs):
        if not _same_pipeline(run, other):
            continue
        if other.pending is None and other.index == index:
            return False
        if run.mode == "QUEUED" and other.pending == index and position < WORLD.runs.index(run):
            return False
    return True


def _wait_for_stage(run, index):
    run.pending = index
    if run.mode != "SUPERSEDED":
        return
    mine = WORLD.runs.index(run) if run in WORLD.runs else len(WORLD.runs)
    for position, other in enumerate(list(WORLD.runs)):
        if position < mine and _same_pipeline(run, other) and other.pending == index:
            other.execution.status = "Superseded"
            other.execution.last_update_time = CLOCK.utcnow()
            deliveries.emit_pipeline_state(other, "SUPERSEDED")
