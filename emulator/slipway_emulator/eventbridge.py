"""EventBridge: authorization on its rules and event buses (deliveries are in world/deliveries.py)."""

from slipway_emulator import authorization


def no_pipeline_events():
    """SLIPWAY_EMULATOR_DISABLE=world.pipeline-events: the simulated runs put no events on the bus."""
    from slipway_emulator.world import deliveries
    if not callable(getattr(deliveries, "put_codepipeline_event", None)):
        raise RuntimeError("world/deliveries.py has no put_codepipeline_event: world.pipeline-events cannot be disabled")
    deliveries.put_codepipeline_event = lambda *args, **kwargs: None


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
    rule = lambda name: authorization._arn(response, "events", f"rule/{name}" if bus == "default" else f"rule/{bus}/{name}")  # noqa: E731
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
        return [found.arn if found is not None else authorization._arn(response, "events", f"connection/{body.get('Name', '')}")], implicit
    if action in ("CreateApiDestination", "DescribeApiDestination", "UpdateApiDestination", "DeleteApiDestination"):
        found = backend.destinations.get(body.get("Name", ""))
        return [found.arn if found is not None else authorization._arn(response, "events", f"api-destination/{body.get('Name', '')}")], implicit
    if action in ("TagResource", "UntagResource", "ListTagsForResource"):
        return [body.get("ResourceARN", "*")], implicit
    if action == "PutEvents":
        buses = {(e.get("EventBusName") or "default").split("/")[-1] for e in body.get("Entries") or []}
        return [authorization._arn(response, "events", f"event-bus/{b}") for b in sorted(buses)] or None, implicit
    return None, implicit
