"""One-off ECS tasks (RunTask): what AWS answers for a Fargate task, its lifecycle on the emulator's clock,
and what a command does, as tests script it (the emulator runs no container).

A task RunTask starts (not a service's: those are counts, ecs.py) goes PROVISIONING, PENDING at half its
start time, RUNNING at `startSeconds` (0.2 s), and STOPPED when its essential container exits,
`runSeconds` (1 s) later, with `exitCode` (0), stopCode EssentialContainerExited. While it runs, its
output lines go into its CloudWatch Logs stream (`{awslogs-stream-prefix}/{container}/{task id}` in the
task definition's `awslogs-group`, made when the container starts), spread over the run, timestamped on
the clock. `failToStart` stops it instead of running (stopCode TaskFailedToStart, no exit code), and so
does a missing log group, as on AWS. StopTask makes it STOPPING (stopCode UserInitiated) and STOPPED
`stopSeconds` (1 s) later, the container exiting with `exitOnStop` (143: SIGTERM) unless it ends on its
own first. `POST /_slipway/tasks` scripts a command (matched on the container override's command
joined with single spaces): {"command": "python manage.py migrate", "output": ["line"], "exitCode": 3,
"runSeconds": 2, "startSeconds": 0.2, "failToStart": "CannotPullContainerError: ...", "exitOnStop": 143,
"stopSeconds": 1}. Every step keeps its due time (`due_times`), so world/timeline.py's advance stops at it.
"""

import copy
import datetime
import math
import random
import uuid

from moto.ec2.models import ec2_backends
from moto.ecs.exceptions import InvalidParameterException
from moto.ecs.models import Container
from moto.logs.models import logs_backends
from moto.utilities.utils import get_partition

from slipway_emulator import authorization, harness_errors
from slipway_emulator.clock import CLOCK
from slipway_emulator.world.state import WORLD

DEFAULTS = {"output": [], "exitCode": 0, "runSeconds": 1.0, "startSeconds": 0.2, "failToStart": None,
            "exitOnStop": 143, "stopSeconds": 1.0}
_FARGATE = ("FARGATE", "FARGATE_SPOT")
_NO_LOG_GROUP = ("ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: "
                 "failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not "
                 "exist. : exit status 1")


def _at(moment):
    """A clock moment (epoch seconds) as the naive UTC datetime moto's replies carry."""
    return datetime.datetime.fromtimestamp(moment, datetime.timezone.utc).replace(tzinfo=None)


# --------------------------------------------------------------------------
# The control: POST /_slipway/tasks (middleware.py)
# --------------------------------------------------------------------------
def script(body):
    """Stores what `body["command"]` does from now on (replacing an earlier script of it); the script."""
    if not isinstance(body, dict):
        raise ValueError("the body is a JSON object")
    unknown = set(body) - set(DEFAULTS) - {"command"}
    if unknown:
        raise ValueError(f"unknown keys {sorted(unknown)}")
    command = body.get("command")
    if not isinstance(command, str) or not command.strip():
        raise ValueError('"command" is the command, its words joined with single spaces')
    output = body.get("output", [])
    if not isinstance(output, list) or not all(isinstance(line, str) for line in output):
        raise ValueError('"output" is a list of lines (strings)')
    for key in ("exitCode", "exitOnStop"):
        if key in body and (isinstance(body[key], bool) or not isinstance(body[key], int)):
            raise ValueError(f'"{key}" is an integer')
    for key in ("runSeconds", "startSeconds", "stopSeconds"):
        value = body.get(key, DEFAULTS[key])
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0 or math.isinf(value):
            raise ValueError(f'"{key}" is a finite number of seconds, 0 or more')
    if body.get("failToStart") is not None and not isinstance(body["failToStart"], str):
        raise ValueError('"failToStart" is the stoppedReason, a string')
    stored = {**DEFAULTS, **body, "command": " ".join(command.split())}
    with WORLD.sim_lock:
        WORLD.task_scripts[stored["command"]] = stored
    return stored


def report():
    """GET /_slipway/tasks: the scripts, and the tasks still simulated."""
    with WORLD.sim_lock:
        return {"scripts": list(WORLD.task_scripts.values()),
                "tasks": [{"taskArn": r["task"].task_arn, "command": r["command"], "lastStatus": r["task"].status}
                          for r in WORLD.tasks.values()]}


def clear():
    with WORLD.sim_lock:
        WORLD.task_scripts.clear()


# --------------------------------------------------------------------------
# ecs.run-task-container-memory: moto adds up the containers' memory, and a container
# without one (a Fargate task's memory is the task's) was a TypeError, HTTP 500.
# --------------------------------------------------------------------------
def resource_requirements(original):
    """moto's is a staticmethod: `original` takes the task definition alone."""
    def calculate(self, task_definition):
        containers = task_definition.container_definitions or []
        if all(c.get("memory") is not None or c.get("memoryReservation") is not None
               or c.get("Memory") is not None or c.get("MemoryReservation") is not None for c in containers):
            return original(task_definition)
        counted = copy.copy(task_definition)
        counted.container_definitions = [c if c.get("memory") is not None or c.get("memoryReservation") is not None
                                         else {**c, "memory": 0} for c in containers]
        return original(counted)
    return calculate


# --------------------------------------------------------------------------
# ecs.task-replies: what AWS answers for a Fargate task (moto: containers with the task
# definition's ARN for taskArn, an exitCode of 0 before they ran, HEALTHY without a health
# check; no cpu, memory, createdAt, platformVersion, availabilityZone, ...), DescribeTasks
# in the cluster asked with MISSING failures, StopTask of an unknown task an error (moto: 500).
# --------------------------------------------------------------------------
def _rekey(backend, task, task_id):
    """Gives the task `task_id` (AWS's form: 32 hex digits), the one authorization named for tags on create."""
    tasks = backend.tasks.setdefault(task.cluster_name, {})
    tasks.pop(task.task_arn, None)
    task.id = task_id
    tasks[task.task_arn] = task


def _as_aws(backend, task):
    definition = backend.describe_task_definition(task.task_definition_arn)
    overrides = task.overrides or {}
    region, account = task.region_name, backend.account_id
    task.cpu = overrides.get("cpu") or definition.cpu
    task.memory = overrides.get("memory") or definition.memory
    task.created_at = CLOCK.utcnow()
    task.version = 1
    task.stopped_reason = None
    task.health_status = "UNKNOWN"
    task.enable_execute_command = False
    if task.capacity_provider_name in _FARGATE and not task.launch_type:
        task.launch_type = "FARGATE"
    if task.launch_type == "FARGATE":
        if task.platform_version in (None, "", "LATEST"):
            task.platform_version = "1.4.0"
        platform = getattr(definition, "runtime_platform", None) or {}
        task.platform_family = "Windows" if str(platform.get("operatingSystemFamily", "")).startswith("WINDOWS") else "Linux"
        storage = getattr(definition, "ephemeral_storage", None) or {"sizeInGiB": 20}
        task.ephemeral_storage = task.fargate_ephemeral_storage = {"sizeInGiB": storage.get("sizeInGiB", 20)}
    interfaces = []
    ec2 = ec2_backends[account][region]
    for attachment in task.attachments:
        details = {d["name"]: d["value"] for d in attachment.get("details") or []}
        eni = ec2.enis.get(details.get("networkInterfaceId"))
        if eni is not None:  # as AWS describes a task's interface: ECS's, named by the attachment
            eni.description = f"arn:{get_partition(region)}:ecs:{region}:{account}:attachment/{attachment['id']}"
            eni.requester_managed = True
        try:
            task.availability_zone = ec2.get_subnet(details.get("subnetId")).availability_zone
        except Exception:  # noqa: BLE001 - moto raises its own InvalidSubnetIdNotFound
            pass
        interfaces.append({"attachmentId": attachment["id"], "privateIpv4Address": details.get("privateIPv4Address")})
    containers = []
    for entry in definition.container_definitions:
        container = Container(definition)
        container.container_arn = (f"arn:{get_partition(region)}:ecs:{region}:{account}:container/"
                                   f"{task.cluster_name}/{task.id}/{uuid.uuid4()}")
        container.task_arn = task.task_arn
        container.name, container.image = entry.get("name"), entry.get("image")
        container.last_status = "PENDING"
        container.exitCode = None  # AWS reports one once the container has run and stopped
        container.health_status = "UNKNOWN"
        container.cpu = str(entry.get("cpu", 0))
        container.memory = str(entry["memory"]) if entry.get("memory") is not None else None
        container.memory_reservation = str(entry["memoryReservation"]) if entry.get("memoryReservation") is not None else None
        container.network_interfaces = list(interfaces)
        container.reason = None
        containers.append(container)
    task.containers = containers


def run_task_replies(original):
    def run_task(self, cluster_str, task_definition_str, *args, **kwargs):
        chosen = authorization.take_run_task_id()
        tasks = original(self, cluster_str, task_definition_str, *args, **kwargs)
        for index, task in enumerate(tasks):
            _rekey(self, task, chosen if index == 0 and chosen else uuid.uuid4().hex)
            _as_aws(self, task)
        return tasks
    return run_task


def _find(backend, cluster_name, name):
    """The task of the cluster named by ARN or ID, or None."""
    for arn, task in (backend.tasks.get(cluster_name) or {}).items():
        if name in (arn, task.id) or (name.startswith("arn:") and name.split("/")[-1] == task.id
                                      and name.split(":task/")[-1].count("/") == 0):
            return task  # the second: an ARN of the old short form (task/ID)
    return None


def describe_tasks_replies(_original):
    def describe_tasks(self, cluster_str, tasks):
        cluster = self._get_cluster(cluster_str)
        if not tasks:
            raise InvalidParameterException("Tasks cannot be empty.")
        found = []
        for name in tasks:
            task = _find(self, cluster.name, name)
            if task is not None and task not in found:
                task.advance()  # moto's own state machine, for the tasks no simulation moves
                found.append(task)
        return found
    return describe_tasks


def describe_tasks_response(original):
    """DescribeTasks' failures: {"arn", "reason": "MISSING"} for each task the cluster does not have."""
    def describe_tasks(self):
        result = original(self)
        cluster = self._get_param("cluster", "default").split("/")[-1]
        found = {task.id for task in result.result.get("tasks") or []}
        partition = get_partition(self.region)
        result.result["failures"] = [
            {"arn": name if name.startswith("arn:") else f"arn:{partition}:ecs:{self.region}:{self.current_account}:task/{cluster}/{name}",
             "reason": "MISSING"}
            for name in self._get_param("tasks", []) if name.split("/")[-1] not in found]
        return result
    return describe_tasks


def stop_task_replies(original):
    def stop_task(self, cluster_str, task_str, reason):
        cluster = self._get_cluster(cluster_str)
        if _find(self, cluster.name, task_str) is None:
            raise InvalidParameterException("The referenced task was not found.")
        return original(self, cluster_str, task_str, reason)
    return stop_task


# --------------------------------------------------------------------------
# ecs.task-lifecycle: the task passes through its states on the clock.
# --------------------------------------------------------------------------
def _command(backend, task):
    """The essential container's command as the script matches it: its words joined with single spaces."""
    definition = backend.describe_task_definition(task.task_definition_arn)
    containers = definition.container_definitions or []
    essential = next((c for c in containers if c.get("essential", True)), containers[0] if containers else {})
    for override in (task.overrides or {}).get("containerOverrides") or []:
        if override.get("name") == essential.get("name") and override.get("command"):
            return " ".join(override["command"])
    return " ".join(essential.get("command") or [])


def _log_target(backend, task):
    """(account, region, group, stream) of the essential container's awslogs output, or None."""
    definition = backend.describe_task_definition(task.task_definition_arn)
    containers = definition.container_definitions or []
    essential = next((c for c in containers if c.get("essential", True)), containers[0] if containers else {})
    configuration = essential.get("logConfiguration") or {}
    options = configuration.get("options") or {}
    if configuration.get("logDriver") != "awslogs" or not options.get("awslogs-group"):
        return None
    prefix = options.get("awslogs-stream-prefix")
    stream = f"{prefix}/{essential.get('name')}/{task.id}" if prefix else task.id
    return backend.account_id, options.get("awslogs-region") or task.region_name, options["awslogs-group"], stream


def _simulate(backend, task, scripts_on):
    now = CLOCK.time()
    command = _command(backend, task)
    settings = {**DEFAULTS, **((WORLD.task_scripts.get(command) or {}) if scripts_on else {})}
    task._transitions = []  # moto's own state machine moves it no more
    task._slipway_simulated = True
    task.status, task.desired_status = "PROVISIONING", "RUNNING"
    for attachment in task.attachments:
        attachment["_details"] = attachment.get("details") or []
        attachment["status"] = "PRECREATED"
        attachment["details"] = [d for d in attachment["_details"] if d["name"] == "subnetId"]
    for container in task.containers:
        container.last_status = "PENDING"
    start, run = float(settings["startSeconds"]), float(settings["runSeconds"])
    lines = list(settings["output"] or [])
    WORLD.tasks[task.id] = {
        "task": task, "backend": backend, "command": command, "settings": settings, "phase": "PROVISIONING",
        "pending": now + start / 2, "running": now + start, "exit": now + start + run, "stop": None, "ran": False,
        "lines": [(now + start + run * index / len(lines), line) for index, line in enumerate(lines)], "emitted": 0,
        "log": _log_target(backend, task),
    }


def run_task_lifecycle(original):
    def run_task(self, *args, **kwargs):
        from slipway_emulator.patches import REGISTRY
        tasks = original(self, *args, **kwargs)
        with WORLD.sim_lock:
            for task in tasks:
                _simulate(self, task, REGISTRY.enabled("world.task-scripts"))
        return tasks
    return run_task


def _bump(task):
    task.version = int(getattr(task, "version", 0) or 0) + 1


def _to_pending(record, moment):
    task = record["task"]
    task.status = "PENDING"
    task.pull_started_at = _at(moment)
    for attachment in task.attachments:
        attachment["status"] = "ATTACHED"
        attachment["details"] = attachment.pop("_details", attachment["details"])
    record["phase"] = "PENDING"
    _bump(task)


def _to_running(record, moment):
    task, settings = record["task"], record["settings"]
    if settings.get("failToStart"):
        return _stopped(record, moment, "TaskFailedToStart", settings["failToStart"], None, settings["failToStart"])
    if record["log"] is not None:
        account, region, group, stream = record["log"]
        found = logs_backends[account][region].groups.get(group)
        if found is None:  # the awslogs driver cannot start without its group
            return _stopped(record, moment, "TaskFailedToStart", _NO_LOG_GROUP, None, _NO_LOG_GROUP)
        if stream not in found.streams:
            found.create_log_stream(stream)
    task.status = "RUNNING"
    task.started_at = task.pull_stopped_at = _at(moment)
    task.connectivity, task.connectivity_at = "CONNECTED", _at(record["pending"])
    for container in task.containers:
        container.last_status = "RUNNING"
        container.runtime_id = f"{task.id}-{random.randint(10**9, 10**10 - 1)}"
    record["phase"], record["ran"] = "RUNNING", True
    _bump(task)


def _emit(record, moment):
    at, message = record["lines"][record["emitted"]]
    record["emitted"] += 1
    if record["log"] is None:
        return
    account, region, group, stream = record["log"]
    found = logs_backends[account][region].groups.get(group)
    if found is not None and stream in found.streams:
        found.put_log_events(stream, [{"timestamp": int(round(at * 1000)), "message": message}])
        found.streams[stream].events[-1].ingestion_time = int(round(moment * 1000))  # moto stamps the wall clock


def _stopped(record, moment, code, reason, exit_code, container_reason=None):
    task = record["task"]
    task.status = task.desired_status = "STOPPED"
    task.stop_code = getattr(task, "stop_code", None) or code
    task.stopped_reason = task.stopped_reason or reason
    task.stopping_at = getattr(task, "stopping_at", None) or _at(moment)
    task.execution_stopped_at = task.stopped_at = _at(moment)
    for container in task.containers:
        container.last_status = "STOPPED"
        container.exitCode = exit_code if record["ran"] else None
        container.reason = container_reason
    ec2 = ec2_backends[record["backend"].account_id][task.region_name]
    for attachment in task.attachments:
        attachment["details"] = attachment.pop("_details", attachment["details"])
        attachment["status"] = "DETACHED"
        eni = next((d["value"] for d in attachment["details"] if d["name"] == "networkInterfaceId"), None)
        ec2.enis.pop(eni, None)  # Fargate deletes the task's interface as it stops
    record["phase"] = "STOPPED"
    _bump(task)


def _exit(record, moment):
    _stopped(record, moment, "EssentialContainerExited", "Essential container in task exited", record["settings"]["exitCode"])


def _stop_ends(record, moment):
    settings = record["settings"]
    own = record["ran"] and record["exit"] <= moment  # it ended on its own within the stop window
    _stopped(record, moment, "UserInitiated", "Task stopped by user", settings["exitCode"] if own else settings["exitOnStop"])


def _next(record):
    """(moment, step) of the record's next step, or (None, None) when it has stopped."""
    phase = record["phase"]
    if phase == "STOPPED":
        return None, None
    if record["stop"] is not None:
        end = record["stop"] + float(record["settings"]["stopSeconds"])
        return (min(end, record["exit"]) if record["ran"] else end), _stop_ends
    if phase == "PROVISIONING":
        return record["pending"], _to_pending
    if phase == "PENDING":
        return record["running"], _to_running
    if record["emitted"] < len(record["lines"]):
        return record["lines"][record["emitted"]][0], _emit
    return record["exit"], _exit


def _step(record, now):
    while True:
        moment, step = _next(record)
        if moment is None or moment > now:
            return
        step(record, moment)


def advance():
    """Moves every simulated task on to now (each request, and each due time of a clock advance)."""
    if not WORLD.tasks:
        return
    now = CLOCK.time()
    with WORLD.sim_lock:
        for task_id, record in list(WORLD.tasks.items()):
            try:
                _step(record, now)
            except Exception as error:  # noqa: BLE001 - never a 500: the task stops, the error is recorded
                harness_errors.record("task-simulation", error, task=record["task"].task_arn)
                record["phase"] = "STOPPED"
            if record["phase"] == "STOPPED":
                del WORLD.tasks[task_id]


def due_times():
    with WORLD.sim_lock:
        return [moment for moment in (_next(record)[0] for record in WORLD.tasks.values()) if moment is not None]


def stop_task_lifecycle(original):
    def stop_task(self, cluster_str, task_str, reason):
        advance()
        cluster = self._get_cluster(cluster_str)
        task = _find(self, cluster.name, task_str)
        if task is None or not getattr(task, "_slipway_simulated", False):
            return original(self, cluster_str, task_str, reason)
        with WORLD.sim_lock:
            record = WORLD.tasks.get(task.id)
            if record is None or record["stop"] is not None:
                return task  # stopped, or stopping: as it is
            record["stop"] = CLOCK.time()
            task.desired_status = "STOPPED"
            task.status = "STOPPING"
            task.stop_code = "UserInitiated"
            task.stopped_reason = reason or "Task stopped by user"
            task.stopping_at = _at(record["stop"])
            record["phase"] = "STOPPING"
            _bump(task)
        return task
    return stop_task
