"""CodePipeline's events delivered to EventBridge rules' SNS and API destination targets."""

import json
import re
import uuid

from moto.utilities.utils import get_partition

from slipway_emulator.clock import CLOCK
from slipway_emulator.world.state import WORLD


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
             "account": account, "time": CLOCK.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"), "region": region,
             "resources": [pipeline_arn], "detail": detail}
    bus = backend.event_buses.get("default")
    for rule in list(bus.rules.values()) if bus is not None else []:
        if rule.state != "ENABLED" or not rule.event_pattern.get_pattern() or not rule.event_pattern.matches_event(event):
            continue
        for target in list(rule.targets):
            delivery = _deliver(backend, rule, target, event)
            if delivery is not None:
                WORLD.deliveries.append(delivery)


def _run_detail(run, **extra):
    return {"pipeline": run.pipeline.pipeline["name"], "execution-id": run.execution.pipeline_execution_id,
            **extra, "version": float(run.execution.pipeline_version), "pipeline-execution-attempt": 1.0}


def emit_pipeline_state(run, state):
    extra = {"state": state}
    if state == "STARTED":
        trigger = getattr(run.execution, "_trigger", None) or {"triggerType": "StartPipelineExecution", "triggerDetail": ""}
        extra["execution-trigger"] = {"trigger-type": trigger["triggerType"], "trigger-detail": trigger["triggerDetail"]}
    put_codepipeline_event(run.account, run.region, "CodePipeline Pipeline Execution State Change",
                           _run_detail(run, **extra), run.pipeline._arn)


def emit_stage_state(run, stage, state, message=None):
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
