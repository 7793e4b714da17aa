"""Route 53 record sets, changes and ListHostedZonesByName as AWS has them."""

import copy
import random

from moto.core.responses import ActionResult
from moto.elbv2.models import elbv2_backends
from moto.route53.exceptions import Route53ClientError
from moto.route53.responses import Route53
from moto.utilities.utils import get_partition

from slipway_emulator.clock import CLOCK
from slipway_emulator import authorization
from slipway_emulator import elbv2
from slipway_emulator.world.state import WORLD


_ALB_ZONE_IDS = set(elbv2.ALB_HOSTED_ZONES.values())


def _r53_error(code, message):
    return Route53ClientError(code, message)


def _normal_name(name):
    name = (name or "").lower().replace("\\052", "*")
    name = name if name.endswith(".") else name + "."
    return name.replace("*", "\\052") if name.startswith("*.") else name


def _new_change():
    change_id = "C" + "".join(random.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(20))
    WORLD.changes[change_id] = CLOCK.time()
    return {"Id": f"/change/{change_id}", "Status": "PENDING", "SubmittedAt": CLOCK.utcnow()}


def _change_status(change_id):
    submitted = WORLD.changes.get(change_id.split("/")[-1])
    if submitted is None:
        return None
    return "INSYNC" if CLOCK.time() - submitted >= WORLD.web["changeSeconds"] else "PENDING"


def _alias_problem(account, zone, record):
    alias = record.get("AliasTarget")
    if not alias:
        return None
    zone_id, dns = alias.get("HostedZoneId", ""), alias.get("DNSName", "").lower().rstrip(".")
    where = f"[Tried to create an alias that targets {dns}., type {record.get('Type')} in zone {zone_id}"
    if zone_id in _ALB_ZONE_IDS:
        region = next(r for r, z in elbv2.ALB_HOSTED_ZONES.items() if z == zone_id)
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


def _route53_change_resource_record_sets(self):
    # AWS applies a zone's change batches one at a time; moto's threaded server would let two
    # batches read the zone at once and the second write drop the first's records.
    with WORLD.route53_lock:
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
                                        "SubmittedAt": CLOCK.utcnow()}})


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


def _route53_resources(response, action, body):
    params = authorization._params(response)
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
