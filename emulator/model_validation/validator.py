"""`ModelValidator`: finds a request's model and operation (by `X-Amz-Target`, by `Action` and
`Version`, or by a REST route), checks its signing scope, content type and API version, reads its
input as the operation's input shape (json_input, query_input, rest_input) and checks the model's
constraints on it (constraints); `default_validator()` is the one the emulator shares."""

import functools
import json
import re
import sys
import threading
from urllib.parse import parse_qsl

import botocore
from botocore.loaders import Loader

from .catalogue import SERVICES, UNCHECKABLE_PATTERNS, exemption
from .constraints import check
from .java_regex import UncheckablePattern, translate_java_regex
from .json_input import from_json
from .query_input import Node, from_query
from .rest_input import from_rest
from .shapes import Model, s3_path_style
from .values import INVALID, Context

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
                found = Model(name, data, self._endpoints())
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
        compiled = self._patterns.get(pattern, INVALID)
        if compiled is not INVALID:
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
            ctx = Context(model.service_id, "?", model.protocol)
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
            model, _ = self._query_model(scope, action, version)
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
            ctx = Context(model.service_id, route.op.name, model.protocol)
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
            ctx = Context(model.service_id, op_name or "?", "json")
            self._check_scope(ctx, model, scope)
            ctx.add("X-Amz-Target", f"prefix '{prefix}' is not the model's targetPrefix '{model.target_prefix}'")
            return ctx.violations
        ctx = Context(model.service_id, op_name or "?", "json")
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
        value = from_json(ctx, op.input_shape, document, "")
        if value is not INVALID:
            self._check(ctx, op.input_shape, value, "", False)
        return ctx.violations

    # ---------------------------------------------------------------- query / ec2
    def _query_model(self, scope, action, version):
        """The Query-protocol model with `action`: among those of the signing scope's service, else
        another service's whose Action and Version these are (signed for this one, or unsigned);
        with the scope's candidates."""
        candidates = self._by_signing(scope[0], _QUERY) if scope else []
        model = next((m for m in candidates if m.operation(action) is not None), None)
        if model is None:
            protocols = self._signing_index()[2]
            model = next((self.model(n) for n in self.services if protocols[n] in _QUERY
                          and self.model(n).api_version == version
                          and self.model(n).operation(action) is not None), None)
        return model, candidates

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
        model, candidates = self._query_model(scope, action, version)
        if model is None:
            if not candidates:
                return []
            model = candidates[0]
        ctx = Context(model.service_id, action or "?", model.protocol)
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
        tree = Node()
        for key, value in rest:
            tree.put(key.split("."), value)
        value = from_query(ctx, op.input_shape, tree, "", model.protocol, top=True)
        if value is not INVALID:
            self._check(ctx, op.input_shape, value, "", False)
        return ctx.violations

    # ---------------------------------------------------------------- rest
    def _rest_routes(self, model, method, path, params, headers):
        """The query's values by name, and the routes of `model` the request matches."""
        if model.name == "s3":
            path = s3_path_style(path, headers.get("host", ""))
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
            ctx = Context(model.service_id, "?", model.protocol)
            self._check_scope(ctx, model, scope)
            ctx.add("", f"no operation of the model is {method} {path.split('?')[0][:200]}")
            return ctx.violations
        # Routes can tie (S3's PutObject and CopyObject): the request is fine if it is fine for
        # one of them, else it is judged as the one it breaks least.
        best = None
        for route, labels in matches:
            ctx = Context(model.service_id, route.op.name, model.protocol)
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
                    ctx = Context(model.service_id, route.op.name, model.protocol)
                    self._check_scope(ctx, model, scope)
                    return ctx.violations
        return []

    def _rest_input(self, ctx, model, route, labels, query, headers, body):
        value = from_rest(ctx, model, route, labels, query, headers, body)
        if value is not None:
            self._check(ctx, route.op.input_shape, value, "", False)

    # ---------------------------------------------------------------- constraints
    def _check(self, ctx, shape, value, path, sensitive):
        check(ctx, shape, value, path, sensitive, self._pattern)

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
