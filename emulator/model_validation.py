"""Checks a request against botocore's service model, as AWS would and moto does not.

Models: the `service-2.json` files of botocore 1.44.8 (pinned, with boto3, in
emulator/install.sh; `BOTOCORE_VERSION` below), loaded with botocore's own
`Loader` and `ServiceModel`, each once, lazily, on the first request for it.

One job: `validate(method, path, query, headers, body)` returns the list of
`Violation`s of one request (empty when it is fine or not ours to judge).
`slipway_emulator.middleware.Middleware` calls it for every request the emulator serves and answers
any violation with an HTTP 400 `SlipwayModelViolation` in the protocol's format.
(`identify()`, the same look-ups without the checks, names a request's model and operation for
reply_stripping.py.)

What is checked, for the services in `SERVICES`:
  1. Signing: the SigV4 credential scope's service is the model's `signingName`
     (or `endpointPrefix` when it has none); its region is an AWS region, and
     for a global service (IAM, Route 53: `isRegionalized: false` in botocore's
     endpoints.json) the region that service is signed for (us-east-1 in aws).
  2. The operation: JSON by `X-Amz-Target` = `{targetPrefix}.{Operation}` and
     `Content-Type: application/x-amz-json-{jsonVersion}`; Query and EC2 by the
     `Action` parameter, with `Version` = the model's `apiVersion` and a
     form-urlencoded body; REST by method and `http.requestUri` (labels, greedy
     labels, query literals such as `?tagging` or `?list-type=2`).
  3. The input against the operation's input shape: unknown members, required
     members, types, `min`/`max` (string length, list and map counts, blob size,
     number range), `enum`, `pattern` (Java regexes, translated; see
     `UNCHECKABLE_PATTERNS`) and unions (exactly one member set). Query lists are
     `Name.member.N` (flattened `Name.N`; EC2 always `Name.N`, with EC2's
     `queryName`/`locationName` rule), maps `Name.entry.N.key/value`. REST
     members come from their `location` (uri, querystring, header, headers
     prefix) and the rest from the body: JSON for rest-json, XML for rest-xml,
     or the payload member. Blob and string payloads (S3 PutObject) are not read.

Not judged (empty list): the paths in `EXEMPT_PATHS`; requests for services not
in `SERVICES`; requests that name no service at all (unsigned and no target);
CodeBuild's and CodePipeline's CBOR protocol (smithy-rpc-v2-cbor: Slipway and
boto3 speak their JSON protocol).

Values are echoed in messages only for enum and pattern violations, never for a
member the model marks `sensitive` (or inside one) nor one named like a secret.

`python emulator/model_validation.py --summary` loads every model and prints
the services, their operations and patterns, and the patterns left unchecked.
"""

import base64
import binascii
import email.utils
import functools
import json
import re
import sys
import threading
import unicodedata
from datetime import datetime
from typing import NamedTuple
from urllib.parse import parse_qsl, quote, unquote
from xml.etree import ElementTree

import botocore
from botocore.loaders import Loader
from botocore.model import ServiceModel

BOTOCORE_VERSION = "1.44.8"

# The botocore models checked: what Slipway calls, and what upcoming work will.
SERVICES = (
    "ecr", "ecs", "logs", "codebuild", "codepipeline",
    "codeconnections", "codestar-connections",  # GetConnection, under both names
    "acm", "application-autoscaling",            # json: web services' certificates, scaling
    "resourcegroupstaggingapi",                  # json: GetResources by tag
    "events",                                    # json 1.1 (AWSEvents.*): rules, targets, API destinations
    "sns",                                       # query: topics and subscriptions
    "iam", "sts", "elbv2",                       # query (elbv2: signed as elasticloadbalancing)
    "lambda",                                    # rest-json
    "s3", "route53",                             # rest-xml
    "ec2",                                       # ec2
)

# Requests no AWS model describes: (path prefix, why). The only place exemptions live.
EXEMPT_PATHS = (
    ("/_slipway/", "the harness's own control endpoints (slipway_emulator.middleware.Middleware._control)"),
    ("/moto-api", "moto's own API (reset, state, recorder, dashboard)"),
    ("/favicon.ico", "a browser's request to moto's dashboard"),
    ("/latest/meta-data/", "moto's EC2 instance metadata service (IMDS, no service model)"),
    ("/latest/api/", "moto's IMDSv2 token endpoint (no service model)"),
)

# Model patterns this module cannot check, with the reason: pattern -> reason. Every
# pattern of every model in SERVICES either compiles after `translate_java_regex` or
# is listed here (test_model_validation checks both ways). With botocore 1.44.8 all
# of them compile: the Java-only constructs they use (\p{L}, \p{N}, \p{Z},
# \p{ASCII}, `-` next to a class escape) are translated.
UNCHECKABLE_PATTERNS = {}

CODE = "SlipwayModelViolation"


HARNESS_ERROR = "harness-error"  # a Violation's kind when validation itself failed (never expected)


class Violation(NamedTuple):
    service: str    # the model's serviceId: "ECR", "IAM", "CloudWatch Logs"
    operation: str  # "CreateRepository", or "?" when it could not be told
    member: str     # "repositoryName", "tags[0].key", "X-Amz-Target", "credential scope"
    rule: str       # "length 300 is over the model's max 256"
    protocol: str   # the model's protocol, for the error's format: json, query, ...
    kind: str = "model"  # "model": the request breaks the model; HARNESS_ERROR: the validator crashed on it

    @property
    def message(self):
        where = f"{self.member}: " if self.member else ""
        return f"{self.service} {self.operation}: {where}{self.rule}"

    def as_dict(self):
        return {"service": self.service, "operation": self.operation, "member": self.member,
                "rule": self.rule, "protocol": self.protocol, "message": self.message, "kind": self.kind}


def exemption(path):
    """Why `path` is not validated, or None."""
    for prefix, reason in EXEMPT_PATHS:
        if path.startswith(prefix):
            return reason
    return None


# ==========================================================================
# Java regular expressions (the models' `pattern`) in Python's `re`.
# ==========================================================================
class UncheckablePattern(Exception):
    pass


_POSIX = {  # Java's POSIX classes (US-ASCII only, as in Java by default)
    "Lower": "a-z", "Upper": "A-Z", "ASCII": "\\x00-\\x7f", "Alpha": "a-zA-Z", "Digit": "0-9",
    "Alnum": "a-zA-Z0-9", "Punct": "!-/:-@\\[-`{-~", "Graph": "!-~", "Print": " -~",
    "Blank": " \\t", "Cntrl": "\\x00-\\x1f\\x7f", "XDigit": "0-9a-fA-F", "Space": " \\t\\n\\x0b\\f\\r",
}
_category_lock = threading.Lock()


@functools.lru_cache(maxsize=None)
def _category_runs():
    """{general category: [(first, last) code point runs]}: one pass over Unicode."""
    runs = {}
    category = unicodedata.category
    start, current = 0, category("\x00")
    for cp in range(1, 0x110000):
        c = category(chr(cp))
        if c != current:
            runs.setdefault(current, []).append((start, cp - 1))
            start, current = cp, c
    runs.setdefault(current, []).append((start, 0x10FFFF))
    return runs


def _unicode_ranges(name):
    """Code point runs of a Java \\p{name} class, or None if unknown."""
    if name in _POSIX:
        return None
    key = name[2:] if name.startswith("Is") and len(name) in (3, 4) else name
    if len(key) in (1, 2) and key[0] in "LMNPSZC" and (len(key) == 1 or key.isalpha()):
        with _category_lock:
            runs = _category_runs()
        selected = [r for cat, rs in runs.items() if cat.startswith(key) for r in rs]
        if not selected:
            return None
        return _merge(selected)
    return None


def _merge(ranges):
    merged = []
    for lo, hi in sorted(ranges):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


def _complement(ranges):
    out, nxt = [], 0
    for lo, hi in ranges:
        if lo > nxt:
            out.append((nxt, lo - 1))
        nxt = hi + 1
    if nxt <= 0x10FFFF:
        out.append((nxt, 0x10FFFF))
    return out


def _class_text(ranges):
    return "".join(f"\\U{lo:08x}" if lo == hi else f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in ranges)


_CLASS_ESCAPES = set("wWdDsS")


def translate_java_regex(pattern):
    """A Java regex as a Python `re` pattern (compile it with re.ASCII: Java's \\w, \\d,
    \\s and \\b are ASCII by default). Raises UncheckablePattern for what has no
    translation."""
    out = []
    i, n = 0, len(pattern)
    in_class = False
    class_start = 0  # index in `out` where the current class's contents begin
    last_was_class_escape = False
    while i < n:
        ch = pattern[i]
        if ch == "\\" and i + 1 < n:
            nxt = pattern[i + 1]
            if nxt in "pP":
                if i + 2 < n and pattern[i + 2] == "{":
                    end = pattern.find("}", i + 3)
                    if end < 0:
                        raise UncheckablePattern("unterminated \\p{")
                    name, i = pattern[i + 3:end], end + 1
                else:
                    name, i = pattern[i + 2:i + 3], i + 3
                negate = nxt == "P"
                if name.startswith("Is") and name[2:] in _POSIX:
                    name = name[2:]
                if name in _POSIX:
                    body = _POSIX[name]
                    if in_class and negate:
                        raise UncheckablePattern(f"\\P{{{name}}} inside a character class")
                    out.append(body if in_class else f"[{'^' if negate else ''}{body}]")
                else:
                    ranges = _unicode_ranges(name)
                    if ranges is None:
                        raise UncheckablePattern(f"Java class \\p{{{name}}} has no translation")
                    if in_class:
                        out.append(_class_text(_complement(ranges) if negate else ranges))
                    else:
                        out.append(f"[{'^' if negate else ''}{_class_text(ranges)}]")
                last_was_class_escape = True
                continue
            if nxt == "Q":
                end = pattern.find("\\E", i + 2)
                literal = pattern[i + 2:] if end < 0 else pattern[i + 2:end]
                out.append("".join("\\" + c if not c.isalnum() else c for c in literal))
                i = n if end < 0 else end + 2
                last_was_class_escape = False
                continue
            if nxt == "x" and i + 2 < n and pattern[i + 2] == "{":
                end = pattern.find("}", i + 3)
                out.append(f"\\U{int(pattern[i + 3:end], 16):08x}")
                i = end + 1
                last_was_class_escape = False
                continue
            if nxt == "u" and i + 5 < n:
                hexa = pattern[i + 2:i + 6]
                cp = int(hexa, 16)
                # A UTF-16 surrogate pair is one code point.
                if 0xD800 <= cp <= 0xDBFF and pattern[i + 6:i + 8] == "\\u":
                    low = int(pattern[i + 8:i + 12], 16)
                    if 0xDC00 <= low <= 0xDFFF:
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                out.append(f"\\U{cp:08x}")
                i += 6
                last_was_class_escape = False
                continue
            if nxt in "zZhvReaG0cXN" or (nxt == "b" and pattern[i + 2:i + 3] == "{"):
                table = {
                    "z": "\\Z", "Z": "(?=\\n?\\Z)",
                    "h": "[ \\t\\xa0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000]",
                    "v": "[\\n\\x0b\\f\\r\\x85\\u2028\\u2029]",
                    "R": "(?:\\r\\n|[\\n\\x0b\\f\\r\\x85\\u2028\\u2029])",
                    "e": "\\x1b", "a": "\\x07",
                }
                if nxt in table and not (in_class and nxt in "ZzR"):
                    body = table[nxt]
                    if in_class and body.startswith("["):
                        body = body[1:-1]
                    out.append(body)
                    i += 2
                    last_was_class_escape = nxt in "hv"
                    continue
                if nxt == "0":
                    digits = re.match(r"[0-7]{1,3}", pattern[i + 2:])
                    if digits:
                        out.append(f"\\x{int(digits.group(), 8):02x}")
                        i += 2 + len(digits.group())
                        continue
                raise UncheckablePattern(f"Java escape \\{nxt} has no translation")
            if in_class and nxt in _CLASS_ESCAPES:
                # Java takes `-` beside a class escape literally; Python calls it a bad range.
                if out and out[-1] == "-" and len(out) > class_start + 1:
                    out[-1] = "\\-"
                out.append(pattern[i:i + 2])
                i += 2
                last_was_class_escape = True
                continue
            out.append(pattern[i:i + 2])
            i += 2
            last_was_class_escape = nxt in _CLASS_ESCAPES
            continue
        if in_class:
            if ch == "[":
                raise UncheckablePattern("a nested character class (Java's union)")
            if ch == "&" and pattern[i:i + 2] == "&&":
                raise UncheckablePattern("a character class intersection (&&)")
            if ch == "]" and len(out) > class_start:
                in_class = False
                out.append(ch)
                i += 1
                last_was_class_escape = False
                continue
            if ch == "-" and last_was_class_escape:
                out.append("\\-")
                i += 1
                last_was_class_escape = False
                continue
            out.append(ch)
            i += 1
            last_was_class_escape = False
            continue
        if ch == "[":
            in_class = True
            out.append(ch)
            i += 1
            if i < n and pattern[i] == "^":
                out.append("^")
                i += 1
            class_start = len(out)
            if i < n and pattern[i] == "]":  # Java: `[]` opens with a literal ]
                out.append("\\]")
                i += 1
            last_was_class_escape = False
            continue
        if ch == "(" and pattern[i:i + 3] == "(?<" and pattern[i + 3:i + 4] not in ("=", "!"):
            out.append("(?P<")
            i += 3
            continue
        if ch == "(" and pattern[i:i + 2] == "(?":
            flags = re.match(r"\(\?([a-zA-Z-]+)[:)]", pattern[i:])
            if flags and set(flags.group(1)) - set("imsx-"):
                raise UncheckablePattern(f"Java flags (?{flags.group(1)}) have no translation")
        out.append(ch)
        i += 1
        last_was_class_escape = False
    if in_class:
        raise UncheckablePattern("an unterminated character class")
    return "".join(out)


# ==========================================================================
# Values on the wire.
# ==========================================================================
_INVALID = object()  # a value already reported as unreadable: not checked further
_INT = re.compile(r"[+-]?\d+")
_SECRET_NAME = re.compile(r"secret|password|passwd|token|credential|privatekey", re.I)


def _parse_timestamp(text):
    text = text.strip()
    try:
        float(text)
        return True
    except ValueError:
        pass
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        return True
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text) is not None
    except (TypeError, ValueError, IndexError):
        return False


def _describe_json(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _blob_length(text):
    """Decoded length of a base64 text, without decoding it."""
    text = text.strip()
    return len(text) * 3 // 4 - text[-2:].count("=") if text else 0


class _Context:
    """One request's validation: where violations go."""
    __slots__ = ("service", "operation", "protocol", "violations")

    def __init__(self, service, operation, protocol):
        self.service, self.operation, self.protocol = service, operation, protocol
        self.violations = []

    def add(self, member, rule):
        self.violations.append(Violation(self.service, self.operation, member, rule, self.protocol))


def _join(path, name):
    return f"{path}.{name}" if path else name


def _index(path, i):
    return f"{path}[{i}]"


def _key(path, key):
    return f"{path}[{json.dumps(key)[:66]}]"


class _Model:
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
        self.global_regions = _global_regions(meta["endpointPrefix"], endpoints)
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
                    route = _Route(op)
                    routes.setdefault(route.method, []).append(route)
                self._routes = routes
            return self._routes


def _global_regions(endpoint_prefix, endpoints):
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


class _Route:
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


_REST = ("rest-json", "rest-xml")
_QUERY = ("query", "ec2")
_CREDENTIAL = re.compile(r"Credential=([^/,\s]*)/([^/,\s]*)/([^/,\s]*)/([^/,\s]*)/")


class ModelValidator:
    """Validates requests against the models of `services`; thread-safe."""

    def __init__(self, services=SERVICES, loader=None):
        self.services = tuple(services)
        self._loader = loader or Loader()
        self._models = {}
        self._lock = threading.Lock()
        self._patterns = {}
        self._pattern_lock = threading.Lock()
        self.unexpected_patterns = {}  # pattern -> error: uncompilable and not in the table
        self._index = None
        self._regions = {}

    # ---------------------------------------------------------------- models
    def model(self, name):
        found = self._models.get(name)
        if found is not None:
            return found
        with self._lock:
            found = self._models.get(name)
            if found is None:
                data = self._loader.load_service_model(name, "service-2")
                found = _Model(name, data, self._endpoints())
                self._models[name] = found
            return found

    @functools.cached_property
    def _endpoints_data(self):
        return self._loader.load_data("endpoints")

    def _endpoints(self):
        return self._endpoints_data

    def _signing_index(self):
        """{signing name: [model name]}, {target prefix: model name}, {model name: protocol}
        over every model in SERVICES. Loading them all costs about 0.35 s (EC2's half of
        it), so it is built only when a request is not where the fast paths look: a
        request signed for a model of its own name (every service here is signed so)."""
        if self._index is None:
            signing, targets, protocols = {}, {}, {}
            for name in self.services:
                model = self.model(name)
                signing.setdefault(model.signing_name, []).append(name)
                if model.target_prefix:
                    targets[model.target_prefix] = name
                protocols[name] = model.protocol
            self._index = (signing, targets, protocols)
        return self._index

    def _by_signing(self, service, protocols):
        """The models signed as `service` whose protocol is one of `protocols`."""
        if service in self.services:
            model = self.model(service)
            if model.signing_name == service:
                return [model] if model.protocol in protocols else []
        signing, _, _ = self._signing_index()
        return [self.model(n) for n in signing.get(service, []) if self.model(n).protocol in protocols]

    def _by_target(self, prefix, scope):
        if scope and scope[0] in self.services:
            model = self.model(scope[0])
            if model.target_prefix == prefix:
                return model
        name = self._signing_index()[1].get(prefix)
        return self.model(name) if name else None

    def _pattern(self, pattern):
        compiled = self._patterns.get(pattern, _INVALID)
        if compiled is not _INVALID:
            return compiled
        with self._pattern_lock:
            if pattern in UNCHECKABLE_PATTERNS:
                compiled = None
            else:
                try:
                    compiled = re.compile(translate_java_regex(pattern), re.ASCII)
                except (UncheckablePattern, re.error, ValueError) as error:
                    compiled = None
                    if pattern not in self.unexpected_patterns:
                        self.unexpected_patterns[pattern] = str(error)
                        print(f"model_validation: pattern {pattern!r} cannot be checked ({error}) "
                              "and is not in UNCHECKABLE_PATTERNS", file=sys.stderr, flush=True)
            self._patterns[pattern] = compiled
            return compiled

    # ---------------------------------------------------------------- entry
    def validate(self, method, path, query, headers, body):
        """Violations of one request. `path` is the raw (percent-encoded) path, `query`
        the raw query string, `headers` any mapping (names in any case), `body` bytes."""
        if exemption(path):
            return []
        headers = {k.lower(): v for k, v in headers.items()}
        params = parse_qsl(query or "", keep_blank_values=True)
        scope = self._scope(headers, params)
        target = headers.get("x-amz-target")
        if target is not None:
            return self._json(method, headers, body, scope, target)
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        form = content_type == "application/x-www-form-urlencoded"
        form_params = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True) if form and body else []
        if any(k == "Action" for k, _ in form_params) or (
                any(k == "Action" for k, _ in params) and not self._is_rest_scope(scope)):
            return self._query(method, content_type, params + form_params, scope)
        if scope is None:
            return []
        for model in self._by_signing(scope[0], ("json",) + _QUERY):
            # Signed for a JSON or Query service, but neither a target nor an Action.
            if model.protocol == "json" and headers.get("smithy-protocol"):
                return []  # the CBOR protocol (smithy-rpc-v2-cbor), not judged
            ctx = _Context(model.service_id, "?", model.protocol)
            self._check_scope(ctx, model, scope)
            if model.protocol == "json":
                ctx.add("X-Amz-Target", "missing: a JSON-protocol request names its operation there")
            else:
                ctx.add("Action", "missing")
            return ctx.violations
        return self._rest(method, path, params, headers, body, scope)

    def identify(self, method, path, query, headers, body):
        """(model, botocore OperationModel) of a request for a service in SERVICES, found as
        validate() finds it, or None (not ours, CBOR, or no operation of the model). For the
        harness's reply stripping (reply_stripping.py), which reads the reply by the operation's
        output shape. A REST request that matches several routes (S3's PutObject and
        CopyObject) is the first route its input is fine for."""
        if exemption(path):
            return None
        headers = {k.lower(): v for k, v in headers.items()}
        params = parse_qsl(query or "", keep_blank_values=True)
        scope = self._scope(headers, params)
        target = headers.get("x-amz-target")
        if target is not None:
            prefix, _, op_name = target.rpartition(".")
            model = self._by_target(prefix, scope)
            op = model.operation(op_name) if model is not None else None
            return (model, op) if op is not None else None
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        form = content_type == "application/x-www-form-urlencoded"
        form_params = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True) if form and body else []
        if any(k == "Action" for k, _ in form_params) or (
                any(k == "Action" for k, _ in params) and not self._is_rest_scope(scope)):
            values = dict(params + form_params)
            action, version = values.get("Action"), values.get("Version")
            candidates = self._by_signing(scope[0], _QUERY) if scope else []
            model = next((m for m in candidates if m.operation(action) is not None), None)
            if model is None:
                protocols = self._signing_index()[2]
                model = next((self.model(n) for n in self.services if protocols[n] in _QUERY
                              and self.model(n).api_version == version
                              and self.model(n).operation(action) is not None), None)
            return (model, model.operation(action)) if model is not None else None
        if scope is None or headers.get("smithy-protocol"):
            return None
        scoped = self._by_signing(scope[0], _REST)
        if not scoped:
            return None
        model = scoped[0]
        query_values, matches = self._rest_routes(model, method, path, params, headers)
        if not matches:
            return None
        for route, labels in matches if len(matches) > 1 else ():
            ctx = _Context(model.service_id, route.op.name, model.protocol)
            self._rest_input(ctx, model, route, labels, query_values, headers, body)
            if not ctx.violations:
                return model, route.op
        return model, matches[0][0].op

    def _scope(self, headers, params):
        """(service, region) of the SigV4 credential scope, or None."""
        auth = headers.get("authorization", "")
        m = _CREDENTIAL.search(auth)
        if m is None:
            credential = next((v for k, v in params if k.lower() == "x-amz-credential"), None)
            if credential is None:
                return None
            m = _CREDENTIAL.search(f"Credential={credential},")
            if m is None:
                return None
        return m.group(4), m.group(3)

    def _is_rest_scope(self, scope):
        return scope is not None and bool(self._by_signing(scope[0], _REST))

    def _check_scope(self, ctx, model, scope):
        if scope is None:
            return
        service, region = scope
        if service != model.signing_name:
            ctx.add("credential scope", f"signed for service '{service}', the model's signingName is "
                                        f"'{model.signing_name}'")
        if model.global_regions is not None:
            if region not in model.global_regions.values():
                want = model.global_regions.get("aws") or sorted(model.global_regions.values())[0]
                ctx.add("credential scope", f"signed for region '{region}', {model.service_id} is a "
                                            f"global service signed for {want}")
        elif not self._is_region(region):
            ctx.add("credential scope", f"signed for region '{region}', which is not an AWS region")

    def _is_region(self, region):
        known = self._regions.get(region)
        if known is None:
            known = self._regions[region] = self._region_lookup(region)
        return known

    def _region_lookup(self, region):
        for partition in self._endpoints_data.get("partitions", []):
            if region in partition.get("regions", {}):
                return True
            regex = partition.get("regionRegex")
            if regex and re.match(regex, region):
                return True
        return False

    # ---------------------------------------------------------------- json
    def _json(self, method, headers, body, scope, target):
        prefix, _, op_name = target.rpartition(".")
        model = self._by_target(prefix, scope)
        if model is None:
            scoped = self._by_signing(scope[0], ("json",)) if scope else []
            if not scoped:
                return []
            model = scoped[0]
            ctx = _Context(model.service_id, op_name or "?", "json")
            self._check_scope(ctx, model, scope)
            ctx.add("X-Amz-Target", f"prefix '{prefix}' is not the model's targetPrefix '{model.target_prefix}'")
            return ctx.violations
        ctx = _Context(model.service_id, op_name or "?", "json")
        self._check_scope(ctx, model, scope)
        if method != "POST":
            ctx.add("method", f"{method}: JSON-protocol requests are POSTs")
        content_type = headers.get("content-type", "").split(";")[0].strip()
        want = f"application/x-amz-json-{model.json_version}"
        if content_type != want:
            ctx.add("Content-Type", f"'{content_type}' is not the model's '{want}'")
        op = model.operation(op_name)
        if op is None:
            ctx.add("X-Amz-Target", f"'{op_name}' is not an operation of the model")
            return ctx.violations
        if op.input_shape is None:
            return ctx.violations
        try:
            document = json.loads(body) if body and body.strip() else {}
        except ValueError:
            ctx.add("body", "is not JSON")
            return ctx.violations
        value = self._from_json(ctx, op.input_shape, document, "")
        if value is not _INVALID:
            self._check(ctx, op.input_shape, value, "", False)
        return ctx.violations

    def _from_json(self, ctx, shape, value, path):
        """A JSON value as the shape's Python value (member names as keys), reporting
        unknown members and wrong types."""
        kind = shape.type_name
        if kind == "structure":
            if shape.is_document_type:
                return value
            if not isinstance(value, dict):
                ctx.add(path or "body", f"expected an object, got {_describe_json(value)}")
                return _INVALID
            wire = _wire_names(shape, "json")
            out = {}
            for key, item in value.items():
                name = wire.get(key)
                if name is None:
                    ctx.add(_join(path, key), f"not a member of {shape.name}")
                    continue
                if item is None:
                    continue  # null is absent
                out[name] = self._from_json(ctx, shape.members[name], item, _join(path, key))
            return out
        if kind == "list":
            if not isinstance(value, list):
                ctx.add(path, f"expected a list, got {_describe_json(value)}")
                return _INVALID
            return [self._from_json(ctx, shape.member, item, _index(path, i))
                    if item is not None else _INVALID for i, item in enumerate(value)]
        if kind == "map":
            if not isinstance(value, dict):
                ctx.add(path, f"expected an object (a map), got {_describe_json(value)}")
                return _INVALID
            return {k: self._from_json(ctx, shape.value, v, _key(path, k))
                    for k, v in value.items() if v is not None}
        return _json_scalar(ctx, kind, value, path)

    # ---------------------------------------------------------------- query / ec2
    def _query(self, method, content_type, params, scope):
        action = version = None
        rest = []
        for key, value in params:
            if key == "Action":
                action = value
            elif key == "Version":
                version = value
            elif not key.lower().startswith("x-amz-"):
                rest.append((key, value))
        candidates = self._by_signing(scope[0], _QUERY) if scope else []
        model = next((m for m in candidates if m.operation(action) is not None), None)
        if model is None:
            # Another service's Action and Version, signed for this one (or unsigned)?
            protocols = self._signing_index()[2]
            model = next((self.model(n) for n in self.services if protocols[n] in _QUERY
                          and self.model(n).api_version == version
                          and self.model(n).operation(action) is not None), None)
        if model is None:
            if not candidates:
                return []
            model = candidates[0]
        ctx = _Context(model.service_id, action or "?", model.protocol)
        self._check_scope(ctx, model, scope)
        if version != model.api_version:
            ctx.add("Version", f"'{version}' is not the model's apiVersion '{model.api_version}'"
                    if version is not None else f"missing (the model's apiVersion is '{model.api_version}')")
        if method == "POST" and content_type != "application/x-www-form-urlencoded":
            ctx.add("Content-Type", f"'{content_type}' is not 'application/x-www-form-urlencoded'")
        op = model.operation(action)
        if op is None:
            ctx.add("Action", f"'{action}' is not an operation of the model" if action else "missing")
            return ctx.violations
        if op.input_shape is None:
            for key, _ in rest:
                ctx.add(key, f"not a member of {action}'s input (it has none)")
            return ctx.violations
        tree = _Node()
        for key, value in rest:
            tree.put(key.split("."), value)
        value = self._from_query(ctx, op.input_shape, tree, "", model.protocol, top=True)
        if value is not _INVALID:
            self._check(ctx, op.input_shape, value, "", False)
        return ctx.violations

    def _from_query(self, ctx, shape, node, path, protocol, top=False):
        kind = shape.type_name
        if kind == "structure":
            if node.value is not None and not node.children:
                ctx.add(path, "expected a structure, got a value")
                return _INVALID
            wire = _wire_names(shape, protocol)
            out = {}
            for segment, child in node.children.items():
                name = wire.get(segment)
                if name is None:
                    ctx.add(_join(path, segment), f"not a member of {shape.name}")
                    continue
                out[name] = self._from_query(ctx, shape.members[name], child, _join(path, name), protocol)
            return out
        if kind == "list":
            if not node.children:
                if node.value == "":
                    return []  # the query protocol's empty list
                ctx.add(path, "expected a list (Name.member.N), got a value"
                        if protocol == "query" else "expected a list (Name.N), got a value")
                return _INVALID
            items = node
            if protocol == "query" and not shape.serialization.get("flattened"):
                item_name = shape.member.serialization.get("name", "member")
                for segment in node.children:
                    if segment != item_name:
                        ctx.add(_join(path, segment), f"list items are {path or 'Name'}.{item_name}.N")
                items = node.children.get(item_name)
                if items is None:
                    return _INVALID
            return [self._from_query(ctx, shape.member, child, _index(path, i - 1), protocol)
                    for i, child in self._numbered(ctx, items, path)]
        if kind == "map":
            entries = node
            if not shape.serialization.get("flattened"):
                for segment in node.children:
                    if segment != "entry":
                        ctx.add(_join(path, segment), f"map entries are {path or 'Name'}.entry.N.key/value")
                entries = node.children.get("entry")
                if entries is None:
                    return {} if node.value == "" else _INVALID
            key_name = _serialized_name(shape.key, "key", protocol)
            value_name = _serialized_name(shape.value, "value", protocol)
            out = {}
            for i, entry in self._numbered(ctx, entries, path):
                extra = set(entry.children) - {key_name, value_name}
                for segment in sorted(extra):
                    ctx.add(_join(_index(path, i - 1), segment), f"map entries have only {key_name} and {value_name}")
                key_node = entry.children.get(key_name)
                if key_node is None or key_node.value is None:
                    ctx.add(_index(path, i - 1), f"map entry without a {key_name}")
                    continue
                value_node = entry.children.get(value_name)
                key = key_node.value
                out[key] = _INVALID if value_node is None else self._from_query(
                    ctx, shape.value, value_node, _key(path, key), protocol)
            return out
        if node.children:
            ctx.add(path, f"expected a {kind}, got nested members ({', '.join(sorted(node.children))})")
            return _INVALID
        return _text_scalar(ctx, kind, node.value or "", path)

    @staticmethod
    def _numbered(ctx, node, path):
        numbered = []
        for segment, child in node.children.items():
            if not segment.isdigit() or int(segment) < 1:
                ctx.add(_join(path, segment), "list and map indexes are numbers from 1")
                continue
            numbered.append((int(segment), child))
        numbered.sort(key=lambda pair: pair[0])
        return numbered

    # ---------------------------------------------------------------- rest
    def _rest_routes(self, model, method, path, params, headers):
        """The query's values by name, and the routes of `model` the request matches."""
        if model.name == "s3":
            path = _s3_path_style(path, headers.get("host", ""))
        query = {}
        for key, value in params:
            query.setdefault(key, []).append(value)
        return query, self._match_routes(model, method, path, query)

    def _rest(self, method, path, params, headers, body, scope):
        scoped = self._by_signing(scope[0], _REST)
        if not scoped:
            return self._rest_misdirected(method, path, params, scope)
        model = scoped[0]
        query, matches = self._rest_routes(model, method, path, params, headers)
        if not matches:
            ctx = _Context(model.service_id, "?", model.protocol)
            self._check_scope(ctx, model, scope)
            ctx.add("", f"no operation of the model is {method} {path.split('?')[0][:200]}")
            return ctx.violations
        # Routes can tie (S3's PutObject and CopyObject): the request is fine if it is fine for
        # one of them, else it is judged as the one it breaks least.
        best = None
        for route, labels in matches:
            ctx = _Context(model.service_id, route.op.name, model.protocol)
            self._check_scope(ctx, model, scope)
            self._rest_input(ctx, model, route, labels, query, headers, body)
            if not ctx.violations:
                return []
            if best is None or len(ctx.violations) < len(best.violations):
                best = ctx
        return best.violations

    def _match_routes(self, model, method, path, query):
        found = []
        for route in model.routes().get(method, ()):
            labels = route.match(path, query)
            if labels is not None:
                found.append((route, labels))
        if not found:
            return []
        top = max(route.score for route, _ in found)
        return [(route, labels) for route, labels in found if route.score == top]

    def _rest_misdirected(self, method, path, params, scope):
        """A REST request signed for a service not in SERVICES (or not REST): if it is one of
        our REST services' operations by a path with literal segments, it was signed wrong."""
        query = {}
        for key, value in params:
            query.setdefault(key, []).append(value)
        protocols = self._signing_index()[2]
        for name in self.services:
            if protocols[name] not in _REST:
                continue
            model = self.model(name)
            for route, _ in self._match_routes(model, method, path, query):
                if route.literal_chars > 1:
                    ctx = _Context(model.service_id, route.op.name, model.protocol)
                    self._check_scope(ctx, model, scope)
                    return ctx.violations
        return []

    def _rest_input(self, ctx, model, route, labels, query, headers, body):
        shape = route.op.input_shape
        literal_keys = {k for k, _ in route.literals} | {"x-id"}
        if shape is None:
            for key in query:
                if key not in literal_keys and not key.lower().startswith("x-amz-"):
                    ctx.add(f"?{key}", f"not a query parameter of {route.op.name}")
            return
        value = {}
        consumed = set(literal_keys)
        query_map = None
        payload = shape.serialization.get("payload")
        body_members = []
        for name, member in shape.members.items():
            location = member.serialization.get("location")
            wire = member.serialization.get("name", name)
            if location == "uri":
                raw = labels.get(wire)
                if raw is not None:
                    value[name] = _text_scalar(ctx, member.type_name, unquote(raw), name)
            elif location == "querystring":
                if member.type_name == "map":
                    query_map = (name, member)
                    continue
                consumed.add(wire)
                if wire in query:
                    if member.type_name == "list":
                        value[name] = [_text_scalar(ctx, member.member.type_name, v, _index(name, i))
                                       for i, v in enumerate(query[wire])]
                    else:
                        value[name] = _text_scalar(ctx, member.type_name, query[wire][-1], name)
            elif location == "header":
                raw = headers.get(wire.lower())
                if raw is not None:
                    if member.type_name == "list":
                        value[name] = [_text_scalar(ctx, member.member.type_name, v.strip().strip('"'),
                                                    _index(name, i)) for i, v in enumerate(raw.split(","))]
                    elif member.serialization.get("jsonvalue"):
                        value[name] = raw
                    else:
                        value[name] = _text_scalar(ctx, member.type_name, raw, name)
            elif location == "headers":
                prefix = wire.lower()
                found = {k[len(prefix):]: v for k, v in headers.items() if k.startswith(prefix)}
                if found:
                    value[name] = found
            elif location == "statusCode":
                continue
            else:
                body_members.append(name)
        for key, values in query.items():
            if key in consumed or key.lower().startswith("x-amz-"):
                continue
            if query_map is not None:
                value.setdefault(query_map[0], {})[key] = values[-1]
            else:
                ctx.add(f"?{key}", f"not a query parameter of {route.op.name}")
        if payload is not None:
            member = shape.members[payload]
            if member.type_name in ("blob", "string") or member.serialization.get("streaming"):
                if body:
                    value[payload] = ""  # present; not read (a blob or stream)
            elif body and body.strip():
                parsed = self._rest_body(ctx, model, member, body, payload,
                                         member.serialization.get("name", payload))
                if parsed is not _INVALID:
                    value[payload] = parsed
        elif body and body.strip() and (body_members or model.protocol == "rest-json"):
            # With no body members, AWS reads no body: what is in one is lost (`{}` is fine).
            parsed = self._rest_body(ctx, model, shape, body, "", shape.serialization.get("name"))
            if isinstance(parsed, dict):
                value.update(parsed)
        self._check(ctx, shape, value, "", False)

    def _rest_body(self, ctx, model, shape, body, path, root_name):
        """The JSON or XML body as `shape` (a structure: the payload member's or the input's)."""
        if model.protocol == "rest-json":
            try:
                document = json.loads(body)
            except ValueError:
                ctx.add(path or "body", "is not JSON")
                return _INVALID
            if shape is not None and not path:
                # The input's body: only the members without a location belong in it.
                return self._from_json(ctx, _body_view(shape), document, "")
            return self._from_json(ctx, shape, document, path)
        try:
            root = ElementTree.fromstring(body)
        except ElementTree.ParseError:
            ctx.add(path or "body", "is not well-formed XML")
            return _INVALID
        tag = _local(root.tag)
        if root_name and tag != root_name:
            ctx.add(path or "body", f"the root element is <{tag}>, the model's is <{root_name}>")
            return _INVALID
        view = shape if path else _body_view(shape)
        return self._from_xml(ctx, view, root, path)

    def _from_xml(self, ctx, shape, element, path):
        kind = shape.type_name
        children = list(element)
        if kind == "structure":
            wire = _wire_names(shape, "rest-xml")
            out = {}
            for name, member in shape.members.items():
                if member.serialization.get("xmlAttribute"):
                    attribute = member.serialization.get("name", name).split(":")[-1]
                    for key, text in element.attrib.items():
                        if _local(key) == attribute:
                            out[name] = _text_scalar(ctx, member.type_name, text, _join(path, name))
            grouped = {}
            for child in children:
                grouped.setdefault(_local(child.tag), []).append(child)
            for tag, elements in grouped.items():
                name = wire.get(tag)
                if name is None:
                    ctx.add(_join(path, tag), f"not a member of {shape.name}")
                    continue
                member = shape.members[name]
                where = _join(path, name)
                if member.type_name == "list" and member.serialization.get("flattened"):
                    out[name] = [self._from_xml(ctx, member.member, e, _index(where, i))
                                 for i, e in enumerate(elements)]
                elif member.type_name == "map" and member.serialization.get("flattened"):
                    out[name] = self._xml_entries(ctx, member, elements, where)
                else:
                    if len(elements) > 1:
                        ctx.add(where, f"appears {len(elements)} times")
                    out[name] = self._from_xml(ctx, member, elements[-1], where)
            return out
        if kind == "list":
            item_name = shape.member.serialization.get("name", "member")
            items = []
            for i, child in enumerate(children):
                if _local(child.tag) != item_name:
                    ctx.add(_join(path, _local(child.tag)), f"list items are <{item_name}>")
                    continue
                items.append(self._from_xml(ctx, shape.member, child, _index(path, len(items))))
            return items
        if kind == "map":
            for child in children:
                if _local(child.tag) != "entry":
                    ctx.add(_join(path, _local(child.tag)), "map entries are <entry>")
            return self._xml_entries(ctx, shape, [c for c in children if _local(c.tag) == "entry"], path)
        if children:
            ctx.add(path, f"expected a {kind}, got nested elements")
            return _INVALID
        return _text_scalar(ctx, kind, element.text or "", path)

    def _xml_entries(self, ctx, shape, entries, path):
        key_name = shape.key.serialization.get("name", "key")
        value_name = shape.value.serialization.get("name", "value")
        out = {}
        for entry in entries:
            parts = {_local(c.tag): c for c in entry}
            if key_name not in parts:
                ctx.add(path, f"map entry without <{key_name}>")
                continue
            key = parts[key_name].text or ""
            out[key] = self._from_xml(ctx, shape.value, parts[value_name], _key(path, key)) \
                if value_name in parts else _INVALID
        return out

    # ---------------------------------------------------------------- constraints
    def _check(self, ctx, shape, value, path, sensitive):
        """The model's constraints on a decoded value (member names as keys)."""
        if value is _INVALID:
            return
        kind = shape.type_name
        meta = shape.metadata
        sensitive = sensitive or meta.get("sensitive", False)
        if kind == "structure":
            if shape.is_document_type or not isinstance(value, dict):
                return
            for name in shape.required_members:
                if value.get(name) is None:
                    ctx.add(_join(path, name), "required member is missing")
            if meta.get("union"):
                present = [k for k, v in value.items() if v is not None]
                if len(present) != 1:
                    ctx.add(path or "body", f"{shape.name} is a union: {len(present)} members set"
                                            f"{' (' + ', '.join(present) + ')' if present else ''}, "
                                            "AWS takes exactly one")
            members = shape.members
            for name, item in value.items():
                self._check(ctx, members[name], item, _join(path, name), sensitive or bool(
                    _SECRET_NAME.search(name)))
            return
        if kind == "list":
            if not isinstance(value, list):
                return
            _count(ctx, meta, len(value), path, "item")
            for i, item in enumerate(value):
                self._check(ctx, shape.member, item, _index(path, i), sensitive)
            return
        if kind == "map":
            if not isinstance(value, dict):
                return
            _count(ctx, meta, len(value), path, "entry")
            for key, item in value.items():
                self._check(ctx, shape.key, key, f"{path} (key {json.dumps(key)[:66]})", sensitive)
                self._check(ctx, shape.value, item, _key(path, key), sensitive)
            return
        if kind == "string":
            if not isinstance(value, str):
                return
            _length(ctx, meta, len(value), path)
            enum = meta.get("enum")
            if enum and value not in enum:
                shown = ", ".join(enum[:12]) + (f", ... ({len(enum)} values)" if len(enum) > 12 else "")
                ctx.add(path, f"{_shown(value, sensitive)} is not one of the model's enum values ({shown})")
            pattern = meta.get("pattern")
            if pattern:
                compiled = self._pattern(pattern)
                if compiled is not None and compiled.fullmatch(value) is None:
                    ctx.add(path, f"{_shown(value, sensitive)} does not match the model's pattern {pattern}")
            return
        if kind == "blob":
            if isinstance(value, int):
                _length(ctx, meta, value, path, unit="bytes ")
            return
        if kind in ("integer", "long", "float", "double"):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                if "min" in meta and value < meta["min"]:
                    ctx.add(path, f"value {value} is under the model's min {meta['min']}")
                if "max" in meta and value > meta["max"]:
                    ctx.add(path, f"value {value} is over the model's max {meta['max']}")

    # ---------------------------------------------------------------- summary
    def summary(self):
        """Every model loaded: its operations and patterns, and the patterns not checked."""
        services, unchecked = {}, {}
        for name in self.services:
            model = self.model(name)
            patterns = {}
            for shape_name, shape in self._loader.load_service_model(name, "service-2")["shapes"].items():
                if "pattern" in shape:
                    patterns.setdefault(shape["pattern"], []).append(shape_name)
            failed = 0
            for pattern, shapes in patterns.items():
                if self._pattern(pattern) is None:
                    failed += 1
                    entry = unchecked.setdefault(pattern, {
                        "reason": UNCHECKABLE_PATTERNS.get(pattern) or self.unexpected_patterns.get(pattern),
                        "listed": pattern in UNCHECKABLE_PATTERNS, "shapes": []})
                    entry["shapes"] += [f"{name}:{s}" for s in shapes]
            services[name] = {"protocol": model.protocol, "signingName": model.signing_name,
                              "operations": len(model.operation_names), "patterns": len(patterns),
                              "unchecked": failed}
        return {"botocore": botocore.__version__, "services": services,
                "patterns_unchecked": len(unchecked), "unchecked": unchecked}


# ==========================================================================
# Helpers.
# ==========================================================================
class _Node:
    """A Query parameter tree: `Tags.member.1.Key=v` is children Tags > member > 1 > Key."""
    __slots__ = ("value", "children")

    def __init__(self):
        self.value, self.children = None, {}

    def put(self, segments, value):
        node = self
        for segment in segments:
            node = node.children.setdefault(segment, _Node())
        node.value = value


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


def _body_view(shape):
    view = getattr(shape, "_slipway_body_view", None)
    if view is None:
        view = shape._slipway_body_view = _BodyView(shape)
    return view


def _serialized_name(shape, default, protocol):
    if protocol == "ec2":
        if "queryName" in shape.serialization:
            return shape.serialization["queryName"]
        name = shape.serialization.get("name")
        return name[0].upper() + name[1:] if name else default
    return shape.serialization.get("name", default)


def _wire_names(shape, protocol):
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
        wire[_serialized_name(member, name, protocol)] = name
    try:
        setattr(shape, attribute, wire)
    except AttributeError:
        pass
    return wire


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _s3_path_style(path, host):
    """A virtual-hosted-style S3 request's path as path-style (`/bucket/key`)."""
    host = host.split(":")[0].lower()
    for marker in (".s3.", ".s3-"):
        if marker in host:
            return f"/{host.split(marker)[0]}{path if path != '/' else ''}"
    if host.endswith(".localhost"):
        return f"/{host[:-len('.localhost')]}{path if path != '/' else ''}"
    return path


def _shown(value, sensitive):
    if sensitive:
        return "the value (sensitive, not shown)"
    return json.dumps(value if len(value) <= 64 else value[:64] + "...")


def _length(ctx, meta, length, path, unit=""):
    if "min" in meta and length < meta["min"]:
        ctx.add(path, f"length {length} {unit}is under the model's min {meta['min']}")
    if "max" in meta and length > meta["max"]:
        ctx.add(path, f"length {length} {unit}is over the model's max {meta['max']}")


def _count(ctx, meta, count, path, noun):
    plural = f"{count} {noun if count == 1 else ('entries' if noun == 'entry' else noun + 's')}"
    if "min" in meta and count < meta["min"]:
        ctx.add(path, f"{plural} are under the model's min {meta['min']}")
    if "max" in meta and count > meta["max"]:
        ctx.add(path, f"{plural} are over the model's max {meta['max']}")


def _json_scalar(ctx, kind, value, path):
    if kind == "string":
        if isinstance(value, str):
            return value
    elif kind in ("integer", "long"):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
    elif kind in ("float", "double"):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
        if value in ("NaN", "Infinity", "-Infinity"):
            return float(value)
    elif kind == "boolean":
        if isinstance(value, bool):
            return value
    elif kind == "timestamp":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and _parse_timestamp(value):
            return value
    elif kind == "blob":
        if isinstance(value, str):
            return _blob_length(value)
    else:
        return value
    ctx.add(path, f"expected {_article(kind)}, got {_describe_json(value)}")
    return _INVALID


def _text_scalar(ctx, kind, text, path):
    """A scalar written as text (Query, XML, headers, query strings, URI labels)."""
    if kind == "string":
        return text
    if kind in ("integer", "long"):
        if _INT.fullmatch(text.strip()):
            return int(text)
    elif kind in ("float", "double"):
        try:
            return float(text)
        except ValueError:
            pass
    elif kind == "boolean":
        if text.strip().lower() in ("true", "false"):
            return text.strip().lower() == "true"
    elif kind == "timestamp":
        if _parse_timestamp(text):
            return text
    elif kind == "blob":
        try:
            return len(base64.b64decode(text, validate=True))
        except (binascii.Error, ValueError):
            pass
    else:
        return text
    ctx.add(path, f"expected {_article(kind)}, got text that is not one")
    return _INVALID


def _article(kind):
    names = {"integer": "an integer", "long": "an integer (long)", "float": "a number", "double": "a number",
             "boolean": "a boolean", "timestamp": "a timestamp", "blob": "base64 (a blob)", "string": "a string"}
    return names.get(kind, f"a {kind}")


_default = None
_default_lock = threading.Lock()


def default_validator():
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = ModelValidator()
    return _default


def validate(method, path, query, headers, body):
    """Violations of one request against botocore's models (see ModelValidator.validate)."""
    return default_validator().validate(method, path, query, headers, body)


def raw_path(environ):
    """The request's path as sent (percent-encoded), from a WSGI environ."""
    uri = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if uri:
        if "://" in uri:  # an absolute-form request target
            uri = "/" + uri.split("://", 1)[1].partition("/")[2]
        return uri.split("?", 1)[0]
    return quote(environ.get("PATH_INFO", ""), safe="/~!$&'()*+,;=:@")


def environ_headers(environ):
    headers = {k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")}
    for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if environ.get(key):
            headers[key.replace("_", "-").lower()] = environ[key]
    return headers


def _main(argv):
    if argv[1:] != ["--summary"]:
        print("usage: model_validation.py --summary", file=sys.stderr)
        return 2
    report = default_validator().summary()
    print(f"botocore {report['botocore']} (models pinned at {BOTOCORE_VERSION})")
    for name, info in report["services"].items():
        print(f"  {name:22} {info['protocol']:10} signing {info['signingName']:22} "
              f"{info['operations']:4} operations {info['patterns']:4} patterns {info['unchecked']} unchecked")
    print(f"patterns that cannot be checked: {report['patterns_unchecked']}")
    for pattern, entry in report["unchecked"].items():
        print(f"  {pattern!r}: {entry['reason']} ({'listed' if entry['listed'] else 'NOT LISTED'}; "
              f"{', '.join(entry['shapes'][:4])})")
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv))
