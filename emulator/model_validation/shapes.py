"""The botocore service models, each loaded once, and what validation looks up in them: a `Model`
(signing name, target prefix, API version, global regions, REST routes), a `Route` (an operation's
`http.requestUri` as a matcher), and each shape's names on the wire, cached on the shape."""

import re
import threading
from urllib.parse import parse_qsl

from botocore.model import ServiceModel


class Model:
    """One botocore service model, with what validation looks up in it, cached."""

    def __init__(self, name, data, endpoints):
        self.name = name
        self.model = ServiceModel(data, service_name=name)
        meta = data["metadata"]
        self.service_id = meta.get("serviceId") or meta.get("serviceAbbreviation") or name
        self.protocol = self.model.resolved_protocol
        self.signing_name = meta.get("signingName") or meta["endpointPrefix"]
        self.target_prefix = meta.get("targetPrefix")
        self.json_version = meta.get("jsonVersion")
        self.api_version = meta.get("apiVersion")
        self.global_regions = global_regions(meta["endpointPrefix"], endpoints)
        self._lock = threading.Lock()
        self._routes = None
        self.operation_names = set(self.model.operation_names)

    def operation(self, name):
        return self.model.operation_model(name) if name in self.operation_names else None

    def routes(self):
        with self._lock:
            if self._routes is None:
                routes = {}
                for name in self.model.operation_names:
                    op = self.model.operation_model(name)
                    route = Route(op)
                    routes.setdefault(route.method, []).append(route)
                self._routes = routes
            return self._routes


def global_regions(endpoint_prefix, endpoints):
    """{partition: signing region} of a global (not regionalized) service, or None."""
    regions = {}
    for partition in endpoints.get("partitions", []):
        service = partition.get("services", {}).get(endpoint_prefix)
        if not service or service.get("isRegionalized", True):
            continue
        endpoint = service.get("endpoints", {}).get(service.get("partitionEndpoint", ""), {})
        region = endpoint.get("credentialScope", {}).get("region")
        if region:
            regions[partition["partition"]] = region
    return regions or None


class Route:
    """An operation's `http.requestUri` as a matcher."""
    __slots__ = ("op", "method", "regex", "labels", "literals", "literal_chars")

    def __init__(self, op):
        self.op = op
        self.method = op.http.get("method", "POST").upper()
        uri = op.http.get("requestUri", "/")
        path, _, query = uri.partition("?")
        self.literals = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != "x-id"]
        parts, self.labels, self.literal_chars = ["^"], [], 0
        pos = 0
        for m in re.finditer(r"\{([^}]+)\}", path):
            text = path[pos:m.start()]
            parts.append(re.escape(text))
            self.literal_chars += len(text)
            name = m.group(1)
            greedy = name.endswith("+")
            self.labels.append(name.rstrip("+"))
            parts.append(f"(?P<l{len(self.labels) - 1}>{'.+' if greedy else '[^/]+'})")
            pos = m.end()
        text = path[pos:]
        parts.append(re.escape(text))
        self.literal_chars += len(text)
        if not path.endswith("/"):
            parts.append("/?")  # a trailing slash is not another operation
        parts.append("$")
        self.regex = re.compile("".join(parts))

    def match(self, path, query):
        m = self.regex.match(path)
        if m is None:
            return None
        for key, value in self.literals:
            if key not in query or (value and query[key][0] != value):
                return None
        return {self.labels[int(g[1:])]: v for g, v in m.groupdict().items()}

    @property
    def score(self):
        return (len(self.literals), self.literal_chars)


class _BodyView:
    """The input structure as its body sees it: only the members without a location."""

    def __init__(self, shape):
        self.type_name = "structure"
        self.metadata = {}
        self.serialization = shape.serialization
        self.is_document_type = False
        self.members = {n: m for n, m in shape.members.items() if "location" not in m.serialization}
        self.name = shape.name if len(self.members) == len(shape.members) else f"the body of {shape.name}"
        self.required_members = []


def body_view(shape):
    view = getattr(shape, "_slipway_body_view", None)
    if view is None:
        view = shape._slipway_body_view = _BodyView(shape)
    return view


def serialized_name(shape, default, protocol):
    if protocol == "ec2":
        if "queryName" in shape.serialization:
            return shape.serialization["queryName"]
        name = shape.serialization.get("name")
        return name[0].upper() + name[1:] if name else default
    return shape.serialization.get("name", default)


def wire_names(shape, protocol):
    """{name on the wire: member name} of a structure, cached on the shape."""
    attribute = f"_slipway_wire_{protocol.replace('-', '_')}"
    cached = getattr(shape, attribute, None)
    if cached is not None:
        return cached
    wire = {}
    for name, member in shape.members.items():
        if protocol == "rest-xml" and member.serialization.get("xmlAttribute"):
            continue
        if protocol == "query" and member.type_name == "list" and member.serialization.get("flattened") \
                and member.member.serialization.get("name"):
            wire[member.member.serialization["name"]] = name
            continue
        wire[serialized_name(member, name, protocol)] = name
    try:
        setattr(shape, attribute, wire)
    except AttributeError:
        pass
    return wire


def local(tag):
    return tag.rsplit("}", 1)[-1]


def s3_path_style(path, host):
    """A virtual-hosted-style S3 request's path as path-style (`/bucket/key`)."""
    host = host.split(":")[0].lower()
    for marker in (".s3.", ".s3-"):
        if marker in host:
            return f"/{host.split(marker)[0]}{path if path != '/' else ''}"
    if host.endswith(".localhost"):
        return f"/{host[:-len('.localhost')]}{path if path != '/' else ''}"
    return path
