"""Takes members out of the emulator's replies, for tests that prove a client reads replies leniently.

slipway_emulator (middleware.py) serves it: `POST /_slipway/strip-replies` configures it, `DELETE` turns it
off, `GET` says what it removed. One configuration at a time, for every request:

    {"required": true, "keep": {"Route53.ListHostedZonesByName": ["HostedZones[].Id"]}}
        removes, from every 2xx reply of an operation of a service in model_validation.SERVICES,
        every member the pinned botocore's OUTPUT shape marks `required`, at every depth
        (structures inside lists and maps too), except the paths under `keep` for that operation.
    {"only": {"IAM.ListRoles": ["Roles[].Arn", "IsTruncated"]}}
        removes exactly the paths given (required or not); with "required": true as well, both.

Paths: member names as the model names them (not their wire names: `Vpcs[].VpcId`, not `vpcSet`),
joined by `.`, `[]` for a list's item, `{}` for a map's value: `Roles[].RoleName`, `IsTruncated`,
`services[].deployments[].id`. A kept path keeps its ancestors too (keeping `HostedZones[].Id`
keeps `HostedZones`, which the model also requires). A rest-json/rest-xml structure payload is
walked under its member's name (`ServerSideEncryptionConfiguration.Rules`) and never removed
whole; members in headers are removed as headers; a status code member never.

Operation keys are `ServiceId.Operation`: the model's serviceId without its spaces (`Route53`,
`ElasticLoadBalancingv2`, `CloudWatchLogs`, `ResourceGroupsTaggingAPI`) and the operation's name
in the model. Also accepted, in any case and without spaces, dashes or dots: the botocore model's
name (`elbv2`), its signing name or endpoint prefix (`elasticloadbalancing`), its
serviceAbbreviation (`Amazon ECS`) and the service's name in scripts/shapes-manifest.json
(`ELBv2`, `ResourceGroupsTagging`). Replies are reported under the canonical key. An unknown
service, operation or path is refused (HTTP 400) so a typo cannot pass as "nothing to strip".

`GET` answers {"stripped": {"Route53.ListHostedZonesByName": ["HostedZones[].Name", ...]}}: the
paths actually removed from some reply since the last POST (in the order first removed; DELETE
turns stripping off and keeps the record). Errors (non-2xx) are never stripped, nor replies
that do not parse. Bodies are re-serialized only when something was removed: JSON with
json.dumps; XML (query's `<OpResult>` wrapper, EC2's `<item>` lists, rest-xml's flattened and
wrapped lists per the model's `flattened`/`locationName`) by removing the elements from the
parsed tree and writing it back with its declaration and default namespace as they were.
Content-Length (and an x-amz-crc32, if any) follow the new body.
"""

import binascii
import json
import os
import re
import threading
from xml.etree import ElementTree

import model_validation
from model_validation import _local

HERE = os.path.dirname(os.path.abspath(__file__))
MANIFEST = os.path.join(os.path.dirname(HERE), "scripts", "shapes-manifest.json")
_SEGMENT = re.compile(r"^([A-Za-z0-9_\-]+)((?:\[\]|\{\})*)$")


class ConfigError(ValueError):
    pass


def _normal(name):
    return re.sub(r"[^a-z0-9]", "", (name or "").lower())


def canonical_service(model):
    return model.service_id.replace(" ", "")


def _manifest_names():
    """{normalized name in scripts/shapes-manifest.json: botocore model name}."""
    try:
        with open(MANIFEST) as f:
            services = json.load(f).get("services", {})
    except (OSError, ValueError):
        return {}
    return {_normal(name): entry.get("model") for name, entry in services.items() if isinstance(entry, dict)}


def _resolve(shape, path):
    """The shape at `path` under `shape`, or ConfigError."""
    current = shape
    if current is None:
        raise ConfigError(f"{path}: the operation has no output")
    if path.endswith(("[]", "{}")):
        raise ConfigError(f"{path}: a path ends at a member (a member is removed, not a list's item or a map's value)")
    for segment in path.split("."):
        match = _SEGMENT.match(segment)
        if match is None:
            raise ConfigError(f"{path}: '{segment}' is not a member name followed by [] or {{}}")
        name, suffixes = match.groups()
        if current.type_name != "structure" or name not in current.members:
            raise ConfigError(f"{path}: {current.name} has no member {name}")
        current = current.members[name]
        for suffix in re.findall(r"\[\]|\{\}", suffixes):
            if suffix == "[]" and current.type_name == "list":
                current = current.member
            elif suffix == "{}" and current.type_name == "map":
                current = current.value
            else:
                raise ConfigError(f"{path}: {name} is a {current.type_name}, not a {'list' if suffix == '[]' else 'map'}")
    return current


def _access_key(headers, query):
    """The access key ID a request is signed with (its Authorization header or presigned query)."""
    if isinstance(headers, dict):
        items = headers.items()
    else:
        items = headers or []
    for name, value in items:
        if str(name).lower() == "authorization":
            match = re.search(r"Credential=([^/,\s]+)/", str(value))
            if match:
                return match.group(1)
    credential = None
    if isinstance(query, dict):
        credential = query.get("X-Amz-Credential")
        if isinstance(credential, list):
            credential = credential[0] if credential else None
    elif isinstance(query, str):
        match = re.search(r"X-Amz-Credential=([^%/&]+)", query)
        credential = match.group(1) if match else None
    return str(credential).split("/")[0] if credential else None


def _join(path, name):
    return f"{path}.{name}" if path else name


class _Pass:
    """One reply's stripping: what to remove, and what was."""

    def __init__(self, required, keep, only):
        self.required, self.keep, self.only = required, keep, only
        self.removed = []

    def removes(self, path, required):
        if path in self.keep or any(k.startswith(path) and k[len(path)] in ".[{" for k in self.keep if len(k) > len(path)):
            return False
        if path in self.only:
            return True
        return self.required and required

    def record(self, path):
        if path not in self.removed:
            self.removed.append(path)


class Plan:
    """What stripping needs of one request: its model and operation, and the configuration."""

    def __init__(self, model, op, key, required, keep, only):
        self.model, self.op, self.key = model, op, key
        self.required, self.keep, self.only = required, keep, only


class Stripper:
    def __init__(self, validator=None):
        self._validator = validator
        self._lock = threading.Lock()
        self._config = None     # {"required": bool, "keep": {key: set}, "only": {key: set}}
        self._stripped = {}     # key -> [path, ...]
        self._aliases = None

    @property
    def validator(self):
        if self._validator is None:
            self._validator = model_validation.default_validator()
        return self._validator

    # ------------------------------------------------------------ configuration
    def active(self):
        return self._config is not None

    def _alias_index(self):
        if self._aliases is None:
            index = {}
            manifest = _manifest_names()
            for name in model_validation.SERVICES:
                model = self.validator.model(name)
                meta = model.model.metadata
                abbreviation = meta.get("serviceAbbreviation") or ""
                names = {name, model.service_id, model.signing_name, meta.get("endpointPrefix"), abbreviation,
                         re.sub(r"^(Amazon|AWS)\s+", "", abbreviation)}
                names |= {alias for alias, target in manifest.items() if target == name}
                for alias in names:
                    if alias:
                        index.setdefault(_normal(alias), name)
            self._aliases = index
        return self._aliases

    def _key(self, key):
        """(canonical key, model, operation) of "Service.Operation", or ConfigError."""
        service, dot, operation = str(key).rpartition(".")
        if not dot:
            raise ConfigError(f"'{key}' is not ServiceId.Operation")
        name = self._alias_index().get(_normal(service))
        if name is None:
            raise ConfigError(f"'{key}': no service '{service}' among {', '.join(model_validation.SERVICES)}")
        model = self.validator.model(name)
        op = model.operation(operation)
        if op is None:
            raise ConfigError(f"'{key}': {model.service_id} has no operation {operation}")
        return f"{canonical_service(model)}.{operation}", model, op

    def _paths(self, table, what):
        out = {}
        if not isinstance(table, dict):
            raise ConfigError(f"'{what}' is an object of ServiceId.Operation: [path, ...]")
        for key, paths in table.items():
            canonical, _, op = self._key(key)
            if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
                raise ConfigError(f"'{what}.{key}' is a list of paths")
            for path in paths:
                _resolve(op.output_shape, path)
            out.setdefault(canonical, set()).update(paths)
        return out

    def configure(self, body):
        """Turns stripping on with `body`; answers the configuration as understood (canonical keys)."""
        if not isinstance(body, dict):
            raise ConfigError("the body is a JSON object")
        unknown = set(body) - {"required", "keep", "only", "accessKey"}
        if unknown:
            raise ConfigError(f"unknown settings {sorted(unknown)}")
        required = body.get("required", False)
        if not isinstance(required, bool):
            raise ConfigError("'required' is true or false")
        keep = self._paths(body.get("keep") or {}, "keep")
        only = self._paths(body.get("only") or {}, "only")
        if not required and not only:
            raise ConfigError("nothing to strip: give \"required\": true or \"only\"")
        access_key = body.get("accessKey")
        if access_key is not None and not isinstance(access_key, str):
            raise ConfigError("'accessKey' is an access key ID")
        # Scoped to one access key, a test strips its own replies only, whatever else shares the emulator.
        config = {"required": required, "keep": keep, "only": only, "accessKey": access_key}
        with self._lock:
            self._config = config
            self._stripped = {}
        return self.describe(config)

    @staticmethod
    def describe(config):
        return {"required": config["required"],
                "keep": {k: sorted(v) for k, v in config["keep"].items()},
                "only": {k: sorted(v) for k, v in config["only"].items()},
                "accessKey": config.get("accessKey")}

    def disable(self):
        with self._lock:
            self._config = None

    def report(self):
        with self._lock:
            return {"stripped": {key: list(paths) for key, paths in self._stripped.items()}}

    # ------------------------------------------------------------ per request
    def plan(self, method, path, query, headers, body):
        """A Plan for this request, or None (stripping off, or not an operation of ours)."""
        config = self._config
        if config is None:
            return None
        if config.get("accessKey") and _access_key(headers, query) != config["accessKey"]:
            return None
        found = self.validator.identify(method, path, query, headers, body)
        if found is None:
            return None
        model, op = found
        key = f"{canonical_service(model)}.{op.name}"
        only = config["only"].get(key, set())
        if not config["required"] and not only:
            return None
        return Plan(model, op, key, config["required"], config["keep"].get(key, set()), only)

    def apply(self, plan, status, headers, body):
        """(headers, body) of a reply with the plan's members removed. Errors pass unchanged."""
        try:
            code = int(str(status).split(" ", 1)[0])
        except ValueError:
            return headers, body
        shape = plan.op.output_shape
        if not 200 <= code < 300 or shape is None:
            return headers, body
        work = _Pass(plan.required, plan.keep, plan.only)
        headers = list(headers)
        if any(name.lower() == "content-encoding" and value.lower() not in ("", "identity") for name, value in headers):
            return headers, body
        protocol = plan.model.protocol
        if protocol in ("rest-json", "rest-xml"):
            headers = self._strip_headers(shape, headers, work)
        new_body = body
        if body and body.strip():
            try:
                if protocol in ("json", "rest-json"):
                    new_body = self._json_reply(protocol, shape, body, work)
                else:
                    new_body = self._xml_reply(protocol, plan.op, shape, body, work)
            except (ValueError, ElementTree.ParseError):
                new_body = body  # a reply that does not parse is left as it is
        if work.removed:
            with self._lock:
                listed = self._stripped.setdefault(plan.key, [])
                listed.extend(p for p in work.removed if p not in listed)
        if new_body is not body:
            crc = any(n.lower() == "x-amz-crc32" for n, _ in headers)
            headers = [(n, v) for n, v in headers if n.lower() not in ("content-length", "x-amz-crc32")]
            headers.append(("Content-Length", str(len(new_body))))
            if crc:
                headers.append(("x-amz-crc32", str(binascii.crc32(new_body) & 0xFFFFFFFF)))
        return headers, new_body

    # ------------------------------------------------------------ headers
    @staticmethod
    def _strip_headers(shape, headers, work):
        for name, member in shape.members.items():
            location = member.serialization.get("location")
            if location not in ("header", "headers"):
                continue
            if not work.removes(name, name in shape.required_members):
                continue
            wire = member.serialization.get("name", name).lower()
            if location == "header":
                kept = [(n, v) for n, v in headers if n.lower() != wire]
            else:
                kept = [(n, v) for n, v in headers if not n.lower().startswith(wire)]
            if len(kept) != len(headers):
                work.record(name)
                headers = kept
        return headers

    # ------------------------------------------------------------ JSON
    def _json_reply(self, protocol, shape, body, work):
        document = json.loads(body)
        payload = shape.serialization.get("payload") if protocol == "rest-json" else None
        if payload is not None:
            member = shape.members[payload]
            if member.type_name != "structure":
                return body
            self._strip_json(member, document, payload, work, body_view=False)
        else:
            self._strip_json(shape, document, "", work, body_view=protocol == "rest-json")
        if not work.removed:
            return body
        return json.dumps(document).encode("utf-8")

    def _strip_json(self, shape, value, path, work, body_view=False):
        kind = shape.type_name
        if kind == "structure" and isinstance(value, dict) and not shape.is_document_type:
            for name, member in shape.members.items():
                if body_view and "location" in member.serialization:
                    continue
                wire = member.serialization.get("name", name)
                if wire not in value:
                    continue
                where = _join(path, name)
                if work.removes(where, name in shape.required_members):
                    del value[wire]
                    work.record(where)
                    continue
                self._strip_json(member, value[wire], where, work)
        elif kind == "list" and isinstance(value, list):
            for item in value:
                self._strip_json(shape.member, item, path + "[]", work)
        elif kind == "map" and isinstance(value, dict):
            for item in value.values():
                self._strip_json(shape.value, item, path + "{}", work)

    # ------------------------------------------------------------ XML
    def _xml_reply(self, protocol, op, shape, body, work):
        root = ElementTree.fromstring(body)
        if protocol == "query":
            wrapper = shape.serialization.get("resultWrapper")
            found = [c for c in root if _local(c.tag) == wrapper] if wrapper else [root]
            for element in found:
                self._strip_xml(shape, element, "", work)
        elif protocol == "ec2":
            self._strip_xml(shape, root, "", work)
        else:  # rest-xml
            payload = shape.serialization.get("payload")
            if payload is not None:
                member = shape.members[payload]
                if member.type_name != "structure":
                    return body
                self._strip_xml(member, root, payload, work)
            else:
                self._strip_xml(shape, root, "", work, body_view=True)
        if not work.removed:
            return body
        return _xml_bytes(root, body)

    def _strip_xml(self, shape, element, path, work, body_view=False):
        kind = shape.type_name
        if kind == "structure":
            children = list(element)
            for name, member in shape.members.items():
                if "location" in member.serialization:
                    continue  # a header or status code: not in the body
                where = _join(path, name)
                required = name in shape.required_members
                if member.serialization.get("xmlAttribute"):
                    attribute = member.serialization.get("name", name).split(":")[-1]
                    keys = [k for k in element.attrib if _local(k) == attribute]
                    if keys and work.removes(where, required):
                        for key in keys:
                            del element.attrib[key]
                        work.record(where)
                    continue
                wire = _xml_member_name(member, name)
                matching = [c for c in children if _local(c.tag) == wire]
                if not matching:
                    continue
                if work.removes(where, required):
                    for child in matching:
                        element.remove(child)
                    work.record(where)
                    continue
                flattened = member.serialization.get("flattened")
                for child in matching:
                    if member.type_name == "list" and flattened:
                        self._strip_xml(member.member, child, where + "[]", work)
                    elif member.type_name == "map" and flattened:
                        self._strip_xml_entry(member, child, where, work)
                    else:
                        self._strip_xml(member, child, where, work)
        elif kind == "list":
            item = shape.member.serialization.get("name", "member")
            for child in list(element):
                if _local(child.tag) == item:
                    self._strip_xml(shape.member, child, path + "[]", work)
        elif kind == "map":
            for child in list(element):
                if _local(child.tag) == "entry":
                    self._strip_xml_entry(shape, child, path, work)

    def _strip_xml_entry(self, shape, entry, path, work):
        value_name = shape.value.serialization.get("name", "value")
        for child in list(entry):
            if _local(child.tag) == value_name:
                self._strip_xml(shape.value, child, path + "{}", work)


def _xml_member_name(member, name):
    """The element name of a structure's member in an XML reply (botocore's _member_key_name)."""
    if member.type_name == "list" and member.serialization.get("flattened"):
        item = member.member.serialization.get("name")
        if item:
            return item
    return member.serialization.get("name", name)


_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*\?>\s*")


def _xml_bytes(root, original):
    """The tree written back as the original was: its declaration, its default namespace as
    `xmlns` (ElementTree would invent an `ns0:` prefix for every element)."""
    if root.tag.startswith("{"):
        namespace = root.tag[1:].split("}", 1)[0]
        prefix = "{" + namespace + "}"
        for element in root.iter():
            if isinstance(element.tag, str) and element.tag.startswith(prefix):
                element.tag = element.tag[len(prefix):]
        root.set("xmlns", namespace)
    # ElementTree writes an empty element `<a />`; moto (and AWS) `<a/>`. Text and attribute values
    # escape `>`, so " />" is only ever the end of an empty element.
    text = ElementTree.tostring(root, encoding="unicode").encode("utf-8").replace(b" />", b"/>")
    declaration = _DECLARATION.match(original)
    return (declaration.group(0) if declaration else b"") + text
