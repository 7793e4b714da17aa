"""The WSGI middleware: latency, the call log, the clock's Date header, the /_slipway/ control endpoints,
CodeConnections, reply stripping and model validation (answered here, so moto's routing never sees them)."""

import io
import json
import os
import re
import sys
import threading
import time
from urllib.parse import parse_qs
import uuid
from xml.sax.saxutils import escape as xml_escape

import model_validation
import reply_stripping
from slipway_emulator import connections, harness_errors
from slipway_emulator import s3 as s3_patches
from slipway_emulator import sns
from slipway_emulator.clock import CLOCK
from slipway_emulator.patches import REGISTRY
from slipway_emulator.world import pushes
from slipway_emulator.world import tasks
from slipway_emulator.world import timeline
from slipway_emulator.world.state import WORLD


def _clock_date_time_string(self, timestamp=None):
    """Section 31: werkzeug's request handler writes every reply's Date header itself (send_response),
    from the wall clock; the emulator's clock gives it instead."""
    return CLOCK.http_date(timestamp)


# --------------------------------------------------------------------------
# 5. WSGI middleware: latency, call log, control endpoints under /_slipway/
#    (answered here, so moto's routing never sees them).
# --------------------------------------------------------------------------
_CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/[^/]+/([^/]+)/([^/]+)/")


class Middleware:
    def __init__(self, app, latency_ms=0, model_validation=True):
        self.app = app
        self.latency = max(0, latency_ms) / 1000.0
        self.calls = []
        self.lock = threading.Lock()
        self.validator = _model_validator() if model_validation else None
        self.violations_lock = threading.Lock()

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith("/_slipway/"):
            return self._control(environ, start_response, path)
        if path.startswith("/moto-api"):
            return self.app(environ, start_response)
        if self.latency:
            time.sleep(self.latency)
        timeline.advance_world()  # runs and rollouts, released interfaces and targets, settling (section 27)
        body = self._take_body(environ)
        record = self._describe(environ, path, body)
        # A body shorter than its Content-Length is a client that died mid-request (the
        # interrupted-run tests kill -9 slipway), not a request that breaks the model.
        cut_off = len(body) < self._content_length(environ)
        violations = self._validate(environ, body) if self.validator is not None and not cut_off else None
        if violations:
            record["status"] = 400
            with self.lock:
                self.calls.append(record)
            return _violation_response(start_response, violations, environ.get("REQUEST_METHOD") == "HEAD")
        strip = self._strip_plan(environ, body)  # section 30
        if environ.get("HTTP_X_AMZ_TARGET", "").endswith(connections.CONNECTION_TARGETS) \
                and REGISTRY.enabled("connections.get-connection"):
            status, payload, content_type = connections.get_connection(environ, body)
            record["status"] = status
            with self.lock:
                self.calls.append(record)
            data = payload.encode() if isinstance(payload, str) else payload
            headers = [("Content-Type", content_type), ("Content-Length", str(len(data)))]
            if strip is not None:
                headers, data = STRIPPER.apply(strip, status, headers, data)
            start_response(f"{status} {'OK' if status == 200 else 'Error'}", headers)
            return [data]
        status_holder = []
        if strip is not None:
            return self._serve_stripped(environ, start_response, strip, record, status_holder)

        def recording_start_response(status, headers, exc_info=None):
            status_holder.append(int(status.split(" ", 1)[0]))
            return start_response(status, headers, exc_info)

        try:
            return self.app(environ, recording_start_response)
        finally:
            record["status"] = status_holder[0] if status_holder else 500
            with self.lock:
                self.calls.append(record)

    @staticmethod
    def _strip_plan(environ, body):
        """Section 30: how to strip this request's reply, or None (off, or not an operation of ours)."""
        if not STRIPPER.active() or not REGISTRY.enabled("middleware.reply-stripping"):
            return None
        try:
            return STRIPPER.plan(environ.get("REQUEST_METHOD", "GET"), model_validation.raw_path(environ),
                                 environ.get("QUERY_STRING", ""), model_validation.environ_headers(environ), body)
        except Exception as error:  # noqa: BLE001 - the reply goes out whole; the test run fails on the record
            harness_errors.record("reply-stripping", error, path=environ.get("PATH_INFO", ""))
            return None

    def _serve_stripped(self, environ, start_response, plan, record, status_holder):
        """moto's reply, buffered, with the plan's members taken out (section 30)."""
        captured, chunks = {}, []

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, list(headers)
            status_holder.append(int(status.split(" ", 1)[0]))
            return chunks.append

        try:
            result = self.app(environ, capture)
            try:
                for chunk in result:
                    chunks.append(chunk)
            finally:
                if hasattr(result, "close"):
                    result.close()
        finally:
            record["status"] = status_holder[0] if status_holder else 500
            with self.lock:
                self.calls.append(record)
        status, headers = captured["status"], captured["headers"]
        data = b"".join(c if isinstance(c, bytes) else str(c).encode() for c in chunks)
        try:
            headers, data = STRIPPER.apply(plan, status, headers, data)
        except Exception as error:  # noqa: BLE001 - the reply goes out whole; the test run fails on the record
            harness_errors.record("reply-stripping", error, path=environ.get("PATH_INFO", ""))
        start_response(status, headers)
        return [b"" if environ.get("REQUEST_METHOD") == "HEAD" else data]

    def _validation_crash(self, environ, body, error):
        """The violation a crash of the validator is: recorded as a harness error and refused (HTTP 400)."""
        harness_errors.record("model-validation", error, method=environ.get("REQUEST_METHOD"),
                              path=environ.get("PATH_INFO", ""))
        service, operation, protocol = "?", "?", "json"
        try:
            found = self.validator.identify(
                environ.get("REQUEST_METHOD", "GET"), model_validation.raw_path(environ),
                environ.get("QUERY_STRING", ""), model_validation.environ_headers(environ), body)
            if found is not None:
                service, operation, protocol = found[0].service_id, found[1].name, found[0].protocol
        except Exception:  # noqa: BLE001 - the crash itself is what is reported
            pass
        return model_validation.Violation(
            service, operation, "", f"the emulator's model validation crashed ({type(error).__name__}: {error}); "
            "a harness error, recorded", protocol, model_validation.HARNESS_ERROR)

    def _validate(self, environ, body):
        """The request's model violations (logged, and written to $SLIPWAY_MODEL_VIOLATIONS)."""
        try:
            broken = os.environ.get("SLIPWAY_EMULATOR_BREAK_VALIDATION")  # Action=<value>: the fail-closed test's
            if broken and f"Action={broken}".encode() in body:                # deliberate crash of one operation
                raise RuntimeError("model validation broken on purpose (SLIPWAY_EMULATOR_BREAK_VALIDATION)")
            violations = self.validator.validate(
                environ.get("REQUEST_METHOD", "GET"), model_validation.raw_path(environ),
                environ.get("QUERY_STRING", ""), model_validation.environ_headers(environ), body)
        except Exception as error:  # noqa: BLE001 - fail closed: an unchecked request is refused
            violations = [self._validation_crash(environ, body, error)]
        if not violations:
            return []
        destination = os.environ.get("SLIPWAY_MODEL_VIOLATIONS")
        with self.violations_lock:
            for violation in violations:
                print(f"model violation: {violation.message}", file=sys.stderr, flush=True)
            if destination:
                line = {"time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                        "method": environ.get("REQUEST_METHOD"), "path": environ.get("PATH_INFO", "")}
                with open(destination, "a") as f:
                    for violation in violations:
                        f.write(json.dumps({**line, **violation.as_dict()}) + "\n")
        return violations

    def _describe(self, environ, path, body=b""):
        method = environ.get("REQUEST_METHOD", "GET")
        query = parse_qs(environ.get("QUERY_STRING", ""))
        auth = environ.get("HTTP_AUTHORIZATION", "")
        presigned = "Credential=" + query.get("X-Amz-Credential", [""])[0] + ","
        match = _CREDENTIAL.search(auth) or _CREDENTIAL.search(presigned)
        key, service = (match.group(1), match.group(3)) if match else (None, None)
        target = environ.get("HTTP_X_AMZ_TARGET")
        action = target.split(".")[-1] if target else query.get("Action", [None])[0]
        if action is None and environ.get("CONTENT_TYPE", "").startswith(
                "application/x-www-form-urlencoded"):
            action = parse_qs(body.decode("utf-8", "replace")).get("Action", [None])[0]
        if action is None:
            action = f"{method} {path}"
        return {"access_key_id": key, "service": service, "action": action,
                "method": method, "path": path}

    @staticmethod
    def _content_length(environ):
        try:
            return int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return 0

    @staticmethod
    def _take_body(environ):
        """Read the request's body and put it back for moto."""
        length = Middleware._content_length(environ)
        stream = environ["wsgi.input"]
        if length:
            body = stream.read(length)
        elif environ.get("wsgi.input_terminated"):  # chunked: werkzeug dechunks it
            body = stream.read()
        else:
            body = b""
        environ["wsgi.input"] = io.BytesIO(body)
        return body

    @staticmethod
    def _read_body(environ):
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        return environ["wsgi.input"].read(length) if length else b""

    def _control(self, environ, start_response, path):
        method = environ.get("REQUEST_METHOD", "GET")
        query = parse_qs(environ.get("QUERY_STRING", ""))
        served_by = _SERVED_BY.get(path)  # a control of a patch SLIPWAY_EMULATOR_DISABLE left out is not there
        if served_by is not None and not REGISTRY.enabled(served_by):
            return self._json(start_response, 404, {"error": f"no {method} {path}: {served_by} is disabled"})
        if method == "POST" and path in ("/_slipway/web", "/_slipway/target-health"):
            try:
                body = json.loads(self._read_body(environ) or b"{}")
            except ValueError:
                return self._json(start_response, 400, {"error": "the body is not JSON"})
            with WORLD.sim_lock:
                if path == "/_slipway/web":
                    # {"eniReleaseSeconds": 2, "changeSeconds": 0, "resourceRecordSeconds": 0}
                    unknown = set(body) - set(WORLD.web)
                    if unknown:
                        return self._json(start_response, 400, {"error": f"unknown settings {sorted(unknown)}"})
                    WORLD.web.update({k: float(v) for k, v in body.items()})
                    return self._json(start_response, 200, dict(WORLD.web))
                # {"targetGroupArn": arn, "state": "unhealthy", "reason": "Target.ResponseCodeMismatch", "description": ...}
                if body.get("state") is None:
                    WORLD.health_overrides.pop(body.get("targetGroupArn"), None)
                else:
                    WORLD.health_overrides[body["targetGroupArn"]] = {
                        "state": body["state"], "reason": body.get("reason"), "description": body.get("description")}
            return self._json(start_response, 200, {"ok": True})
        if path == "/_slipway/settle" and method in ("GET", "POST"):
            # {"lambdaPendingSeconds": 1.0, "lambdaUpdateSeconds": 1.0, "ecsDrainSeconds": 1.5, ...} (section 26)
            try:
                body = json.loads(self._read_body(environ) or b"{}") if method == "POST" else {}
            except ValueError:
                return self._json(start_response, 400, {"error": "the body is not JSON"})
            if not isinstance(body, dict):
                return self._json(start_response, 400, {"error": "the body is a JSON object"})
            unknown = set(body) - set(WORLD.settle)
            if unknown:
                return self._json(start_response, 400, {"error": f"unknown settings {sorted(unknown)}"})
            try:
                values = {k: float(v) for k, v in body.items()}
            except (TypeError, ValueError):
                return self._json(start_response, 400, {"error": "every setting is a number of seconds"})
            if any(v < 0 for v in values.values()):
                return self._json(start_response, 400, {"error": "a window is 0 (off) or more seconds"})
            with WORLD.settle_lock:
                WORLD.settle.update(values)
                return self._json(start_response, 200, dict(WORLD.settle))
        if path == "/_slipway/strip-replies" and method in ("GET", "POST", "DELETE"):
            # {"required": true, "keep": {"Route53.ListHostedZonesByName": ["HostedZones[].Id"]}} (section 30)
            if method == "GET":
                return self._json(start_response, 200, STRIPPER.report())
            if method == "DELETE":
                STRIPPER.disable()
                return self._json(start_response, 200, {"stripping": False})
            try:
                body = json.loads(self._read_body(environ) or b"{}")
            except ValueError:
                return self._json(start_response, 400, {"error": "the body is not JSON"})
            try:
                return self._json(start_response, 200, STRIPPER.configure(body))
            except reply_stripping.ConfigError as error:
                return self._json(start_response, 400, {"error": str(error)})
        if method == "POST" and path in ("/_slipway/simulate", "/_slipway/script", "/_slipway/connections"):
            try:
                body = json.loads(self._read_body(environ) or b"{}")
            except ValueError:
                return self._json(start_response, 400, {"error": "the body is not JSON"})
            with WORLD.sim_lock:
                if path == "/_slipway/simulate":
                    # {"prefix": "app-", "stageSeconds": 0.2, "rolloutSeconds": 0.3}
                    WORLD.simulations[body["prefix"]] = {"stageSeconds": float(body.get("stageSeconds", 0.5)),
                                                   "rolloutSeconds": float(body.get("rolloutSeconds", 1.0))}
                elif path == "/_slipway/script":
                    # {"pipeline": name, "failStage": "Deploy", "message": "..."} or
                    # {"ecsService": name, "failRollout": "tasks failed to start"}
                    target = body.get("pipeline") or body.get("ecsService")
                    WORLD.scripts.setdefault(target, []).append(body)
                else:
                    # {"arn": ..., "status": "PENDING" | "AVAILABLE" | "ERROR", "name": ...}
                    WORLD.connections[body["arn"]] = {"status": body.get("status", "AVAILABLE"), "name": body.get("name")}
            return self._json(start_response, 200, {"ok": True})
        if path in ("/_slipway/push", "/_slipway/confirm-subscription") and method == "POST":
            try:
                body = json.loads(self._read_body(environ) or b"{}")
            except ValueError:
                return self._json(start_response, 400, {"error": "the body is not JSON"})
            with WORLD.sim_lock:
                if path == "/_slipway/push":
                    try:
                        return self._json(start_response, 200, pushes.simulate_push(body))
                    except ValueError as error:
                        return self._json(start_response, 400, {"error": str(error)})
                arn = sns.confirm_subscription(body)
            if arn is None:
                return self._json(start_response, 404, {"error": f"no pending subscription of {body.get('endpoint')} to {body.get('topicArn')}"})
            return self._json(start_response, 200, {"subscriptionArn": arn})
        if path == "/_slipway/tasks" and method in ("GET", "POST", "DELETE"):
            # POST {"command": "python manage.py migrate", "output": ["line 1"], "exitCode": 3, "runSeconds": 2,
            # "startSeconds": 0.2, "failToStart": "CannotPullContainerError: ...", "exitOnStop": 143, "stopSeconds": 1}:
            # what a one-off task of that command does (world/tasks.py); GET lists the scripts and the tasks
            # still simulated; DELETE forgets the scripts
            if method == "GET":
                return self._json(start_response, 200, tasks.report())
            if method == "DELETE":
                tasks.clear()
                return self._json(start_response, 200, {"cleared": True})
            try:
                body = json.loads(self._read_body(environ) or b"{}")
            except ValueError:
                return self._json(start_response, 400, {"error": "the body is not JSON"})
            try:
                return self._json(start_response, 200, tasks.script(body))
            except ValueError as error:
                return self._json(start_response, 400, {"error": str(error)})
        if path == "/_slipway/deliveries" and method in ("GET", "DELETE"):
            with WORLD.sim_lock:
                if method == "GET":
                    return self._json(start_response, 200, list(WORLD.deliveries))
                WORLD.deliveries.clear()
            return self._json(start_response, 200, {"cleared": True})
        if path == "/_slipway/harness-errors" and method in ("GET", "DELETE"):
            # what the emulator failed closed on (harness_errors.py)
            if method == "DELETE":
                harness_errors.clear()
                return self._json(start_response, 200, {"cleared": True})
            return self._json(start_response, 200, [{k: v for k, v in e.items() if k != "traceback"}
                                                    for e in harness_errors.recorded()])
        if path == "/_slipway/health":
            return self._json(start_response, 200, {"status": "ok"})
        if path == "/_slipway/clock" and method in ("GET", "POST"):
            # POST {"advance": 90.5} moves the emulator's now forward, the simulation acting at each due time on
            # the way (world/timeline.py); both answer {"now": ISO 8601} (section 31)
            if method == "POST":
                try:
                    body = json.loads(self._read_body(environ) or b"{}")
                except ValueError:
                    return self._json(start_response, 400, {"error": "the body is not JSON"})
                if not isinstance(body, dict) or set(body) != {"advance"}:
                    return self._json(start_response, 400, {"error": 'the body is {"advance": seconds}'})
                try:
                    timeline.advance(body["advance"])
                except ValueError as error:
                    return self._json(start_response, 400, {"error": str(error)})
            return self._json(start_response, 200, {"now": CLOCK.iso()})
        if path == "/_slipway/s3-hold" and method in ("GET", "POST", "DELETE"):
            # POST {"bucket": b, "key": k, "seconds": 1.5}: the next conditional write to b/k takes 1.5 s (section 32)
            if method == "GET":
                return self._json(start_response, 200, s3_patches.CONDITIONAL.holds())
            if method == "DELETE":
                s3_patches.CONDITIONAL.reset()
                return self._json(start_response, 200, {"cleared": True})
            try:
                body = json.loads(self._read_body(environ) or b"{}")
            except ValueError:
                return self._json(start_response, 400, {"error": "the body is not JSON"})
            seconds = body.get("seconds") if isinstance(body, dict) else None
            if (not isinstance(body, dict) or set(body) != {"bucket", "key", "seconds"}
                    or not all(isinstance(body[n], str) and body[n] for n in ("bucket", "key"))
                    or isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not seconds >= 0):
                return self._json(start_response, 400, {"error": 'the body is {"bucket": name, "key": key, "seconds": s >= 0}'})
            s3_patches.CONDITIONAL.hold(body["bucket"], body["key"], float(seconds))
            return self._json(start_response, 200, {"bucket": body["bucket"], "key": body["key"], "seconds": float(seconds)})
        if path == "/_slipway/calls" and method == "GET":
            key = query.get("access_key", [None])[0]
            with self.lock:
                calls = [c for c in self.calls if key is None or c["access_key_id"] == key]
            return self._json(start_response, 200, calls)
        if path == "/_slipway/calls" and method == "DELETE":
            with self.lock:
                self.calls.clear()
            return self._json(start_response, 200, {"cleared": True})
        if path == "/_slipway/job-results" and method == "GET":
            with WORLD.job_lock:
                return self._json(start_response, 200, list(WORLD.job_results))
        if path == "/_slipway/job-results" and method == "DELETE":
            with WORLD.job_lock:
                WORLD.job_results.clear()
            return self._json(start_response, 200, {"cleared": True})
        return self._json(start_response, 404, {"error": f"no {method} {path}"})

    @staticmethod
    def _json(start_response, status, payload):
        body = json.dumps(payload).encode()
        reason = {200: "OK", 400: "Bad Request", 404: "Not Found"}[status]
        start_response(f"{status} {reason}", [("Content-Type", "application/json"),
                                               ("Content-Length", str(len(body)))])
        return [body]


# The controls of the patches the emulator serves itself (the registry lists no moto change for them).
_SERVED_BY = {"/_slipway/push": "world.pushes", "/_slipway/strip-replies": "middleware.reply-stripping",
              "/_slipway/connections": "connections.get-connection", "/_slipway/deliveries": "world.pipeline-events",
              "/_slipway/tasks": "world.task-scripts"}

_validator = None


def _model_validator():
    global _validator
    if _validator is None:
        _validator = model_validation.default_validator()
    return _validator


def _violation_response(start_response, violations, head=False):
    """HTTP 400 SlipwayModelViolation, in the error format of the request's protocol."""
    code = model_validation.CODE
    message = "; ".join(v.message for v in violations)
    protocol = violations[0].protocol
    request_id = str(uuid.uuid4())
    headers = [("x-amzn-RequestId", request_id)]
    text = xml_escape(message)
    if protocol in ("json", "rest-json"):
        body = json.dumps({"__type": code, "message": message})
        headers += [("Content-Type", "application/x-amz-json-1.1" if protocol == "json" else "application/json"),
                    ("x-amzn-ErrorType", code)]
    elif protocol == "ec2":
        body = (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>{code}</Code>"
                f"<Message>{text}</Message></Error></Errors><RequestID>{request_id}</RequestID></Response>")
        headers.append(("Content-Type", "text/xml"))
    elif protocol == "rest-xml" and violations[0].service == "S3":
        body = (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code>"
                f"<Message>{text}</Message><RequestId>{request_id}</RequestId></Error>")
        headers += [("Content-Type", "application/xml"), ("x-amz-request-id", request_id)]
    else:  # query, and rest-xml services other than S3 (Route 53)
        body = (f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code>"
                f"<Message>{text}</Message></Error><RequestId>{request_id}</RequestId></ErrorResponse>")
        headers.append(("Content-Type", "text/xml"))
    data = b"" if head else body.encode("utf-8")
    start_response("400 Bad Request", headers + [("Content-Length", str(len(data)))])
    return [data]

STRIPPER = reply_stripping.Stripper()
