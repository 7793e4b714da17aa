#!/usr/bin/env python3
"""A fault-injecting HTTP proxy between Slipway and the emulator, for tests (stdlib only).

    python3 emulator/fault_proxy.py --upstream http://127.0.0.1:5000 [--port 0] [--port-file F]
        [--rate 0.1] [--seed 1] [--faults throttle,500,503,drop,latency] [--latency-ms 300] [--log F]
        [--rate-limits [--rate-scale 1.0] [--rate-per-key]]

Each request (except the harness's own /_slipway/ endpoints) draws from a generator seeded with
--seed: with probability --rate it gets one of --faults, chosen uniformly; otherwise, and for
`latency` after the delay, it is forwarded byte for byte (method, path, headers in order, body),
so SigV4 signatures stay valid, and the upstream reply is relayed unchanged.

Faults:
  throttle       400 ThrottlingException: a JSON body for JSON-protocol services (X-Amz-Target),
                 an XML <ErrorResponse> for Query services (Action= form body), and for the REST
                 protocols what those services send (Lambda: 429 TooManyRequestsException;
                 S3: 503 SlowDown)
  500, 503       InternalFailure / ServiceUnavailable in the same body formats
  drop           the connection is closed after the request is read, before it is forwarded
  drop-response  the request is forwarded (and takes effect), then the connection is closed
                 without the reply: the client cannot know that it succeeded
  latency        --latency-ms before forwarding

The draws are in arrival order, so with concurrent requests the same seed gives the same
sequence of faults, not the same fault for the same request. The port is printed on stdout
(`listening on PORT`) and written to --port-file once the proxy accepts connections; with --log,
every request is one JSON line: {"operation": ..., "fault": ... or null, "status": ...}.

Rate limits (--rate-limits): before any fault is drawn, every signed request takes a token from
AWS's token buckets for its API (emulator/rate_limits.py: the table, with each figure's source);
when one is empty it is answered with the service's own throttling error (ECS ThrottlingException,
IAM Throttling, EC2 503 RequestLimitExceeded, S3 503 SlowDown, Lambda 429 TooManyRequestsException,
…) and is not forwarded (logged with fault "rate-limit"). All access keys are one account, as in
the emulator, unless --rate-per-key; --rate-scale F multiplies every burst and rate (0.1: ten times
stricter). --rate defaults to 0 with --rate-limits. The proxy's own endpoints (the others under
/_slipway/ go on to the emulator):
  GET  /_slipway/throttles          {"enabled", "scale", "per_key", "allowed", "throttled_total",
                                     "throttled": {"ecs:RegisterTaskDefinition": n, ...},
                                     "throttled_buckets": {"ecs:task-definition-modify": n, ...}}
  POST /_slipway/throttles/reset    every bucket full, every count zero
  POST /_slipway/throttles/advance?seconds=S   the buckets' clock S seconds on (tests: a refill
                                     without waiting for it)
"""

import argparse
import http.client
import json
import os
import random
import socket
import sys
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import rate_limits

HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade"}


class Injector:
    """Decides each request's fault from one seeded generator, and logs what it did."""

    def __init__(self, rate, seed, faults, log_path):
        self.rate = rate
        self.faults = faults
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self.log = open(log_path, "a", buffering=1) if log_path else None

    def draw(self):
        with self.lock:
            hit = self.random.random() < self.rate
            return self.random.choice(self.faults) if hit else None

    def record(self, operation, fault, status):
        if self.log:
            with self.lock:
                self.log.write(json.dumps({"operation": operation, "fault": fault, "status": status}) + "\n")


def protocol_and_operation(method, path, headers, body):
    """The wire protocol ('json', 'query', 'rest-json', 'rest-xml') and the operation's name."""
    target = headers.get("X-Amz-Target")
    if target:
        return "json", target.rsplit(".", 1)[-1]
    content_type = headers.get("Content-Type", "")
    if method == "POST" and "x-www-form-urlencoded" in content_type:
        action = urllib.parse.parse_qs(body.decode("utf-8", "replace")).get("Action", [""])[0]
        return "query", action or "POST " + path
    # Lambda's REST paths start with its API version (/2015-03-31/functions, /2017-03-31/tags).
    if path.lstrip("/")[:4].isdigit():
        return "rest-json", f"{method} {path.split('?')[0]}"
    return "rest-xml", f"{method} {path.split('?')[0]}"


def fault_reply(protocol, fault):
    """(status, headers, body) of an injected error, in the body format the protocol uses."""
    code, message, status = {
        "throttle": ("ThrottlingException", "Rate exceeded", 400),
        "500": ("InternalFailure", "We encountered an internal error. Please try again.", 500),
        "503": ("ServiceUnavailable", "Service is unavailable. Please try again.", 503),
    }[fault]
    request_id = str(uuid.uuid4())
    if protocol == "json":
        return status, {"Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": request_id}, \
            json.dumps({"__type": code, "message": message}).encode()
    if protocol == "rest-json":
        if fault == "throttle":
            code, status = "TooManyRequestsException", 429
        return status, {"Content-Type": "application/json", "x-amzn-ErrorType": code, "x-amzn-RequestId": request_id}, \
            json.dumps({"Type": "User" if status < 500 else "Service", "message": message}).encode()
    if protocol == "rest-xml":
        if fault == "throttle":
            code, message, status = "SlowDown", "Please reduce your request rate.", 503
        body = f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message>" \
               f"<RequestId>{request_id}</RequestId></Error>"
        return status, {"Content-Type": "application/xml", "x-amz-request-id": request_id}, body.encode()
    kind = "Sender" if status < 500 else "Receiver"
    body = f"<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>{kind}</Type>" \
           f"<Code>{code}</Code><Message>{message}</Message></Error><RequestId>{request_id}</RequestId></ErrorResponse>"
    return status, {"Content-Type": "text/xml", "x-amzn-RequestId": request_id}, body.encode()


class ProxyServer(ThreadingHTTPServer):
    """A thread per connection, and a listen backlog for many clients connecting at once.

    socketserver's default backlog is 5: of 64 connections opened together (Slipway's reads),
    most had their SYN dropped and retried after 1, 3, 7 and 15 s."""
    request_queue_size = 1024
    daemon_threads = True


class UpstreamConnection(http.client.HTTPConnection):
    """A connection to the emulator with TCP_NODELAY, so that no write waits for a delayed ACK."""

    def connect(self):
        super().connect()
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def make_handler(upstream, injector, latency, limiter=None):
    host, port = upstream.hostname, upstream.port or 80

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def read_body(self):
            if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
                chunks = []
                while True:
                    size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                    if size == 0:
                        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                            pass
                        return b"".join(chunks), True
                    chunks.append(self.rfile.read(size))
                    self.rfile.readline()
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b"", False

        def handle_any(self):
            body, chunked = self.read_body()
            if self.path.split("?")[0].startswith("/_slipway/throttles"):
                self.throttles()
                return
            protocol, operation = protocol_and_operation(self.command, self.path, self.headers, body)
            if limiter is not None and not self.path.startswith("/_slipway/"):
                request = rate_limits.describe(self.command, self.path, self.headers, body)
                if request is not None and not limiter.allow(request):
                    status, headers, reply = rate_limits.throttle_reply(request)
                    self.respond(status, None, headers, reply)
                    injector.record(operation, "rate-limit", status)
                    return
            fault = None if self.path.startswith("/_slipway/") else injector.draw()
            if fault in ("throttle", "500", "503"):
                status, headers, reply = fault_reply(protocol, fault)
                self.respond(status, None, list(headers.items()), reply)
                injector.record(operation, fault, status)
                return
            if fault == "drop":
                injector.record(operation, fault, None)
                self.drop()
                return
            if fault == "latency":
                time.sleep(latency)
            try:
                status, reason, headers, reply = self.forward(body, chunked)
            except OSError as error:
                # The emulator itself is unreachable: a gateway error, as a real proxy would answer.
                status, reason, headers, reply = 502, "Bad Gateway", [("Content-Type", "text/plain")], str(error).encode()
            injector.record(operation, fault, status)
            if fault == "drop-response":
                self.drop()
                return
            # A HEAD reply has no body but keeps the entity's length (S3 HeadObject's size).
            keep_length = self.command == "HEAD"
            self.respond(status, reason, [(name, value) for name, value in headers if name.lower() not in HOP_BY_HOP
                                          and (keep_length or name.lower() != "content-length")], reply)

        def throttles(self):
            """The rate limiter's control endpoints (see the module's docstring)."""
            split = urllib.parse.urlsplit(self.path)
            if limiter is None:
                report = {"enabled": False}
            elif self.command == "GET" and split.path == "/_slipway/throttles":
                report = {"enabled": True, **limiter.report()}
            elif self.command == "POST" and split.path == "/_slipway/throttles/reset":
                limiter.reset()
                report = {"enabled": True, **limiter.report()}
            elif self.command == "POST" and split.path == "/_slipway/throttles/advance":
                try:
                    seconds = float(urllib.parse.parse_qs(split.query).get("seconds", [""])[0])
                except ValueError:
                    self.respond(400, None, [("Content-Type", "text/plain")], b"seconds=S: a number of seconds\n")
                    return
                limiter.advance(seconds)
                report = {"enabled": True, **limiter.report()}
            else:
                self.respond(404, None, [("Content-Type", "text/plain")], b"no such endpoint\n")
                return
            self.respond(200, None, [("Content-Type", "application/json")], json.dumps(report).encode())

        def respond(self, status, reason, headers, body):
            """The whole reply in one write: status line, headers, Content-Length and body.

            Headers and body written apart are two small segments, and with Nagle's algorithm the
            second waits for the client's delayed ACK of the first (~40 ms on Linux)."""
            reason = reason or self.responses.get(status, ("",))[0]
            lines = [f"{self.protocol_version} {status} {reason}"]
            lines += [f"{name}: {value}" for name, value in headers]
            if not any(name.lower() == "content-length" for name, _ in headers):
                lines.append(f"Content-Length: {len(body)}")
            head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
            self.wfile.write(head if self.command == "HEAD" else head + body)

        def setup(self):
            super().setup()
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def forward(self, body, chunked):
            connection = UpstreamConnection(host, port, timeout=120)
            try:
                connection.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
                for name, value in self.headers.items():
                    # A chunked body goes on with its length instead (the decoded bytes are the same).
                    if chunked and name.lower() == "transfer-encoding":
                        continue
                    if name.lower() in ("connection", "proxy-connection", "keep-alive"):
                        continue
                    connection.putheader(name, value)
                if chunked:
                    connection.putheader("Content-Length", str(len(body)))
                connection.endheaders(body if body or self.headers.get("Content-Length") else None)
                response = connection.getresponse()
                return response.status, response.reason, response.getheaders(), response.read()
            finally:
                connection.close()

        def drop(self):
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = handle_any

    return Handler


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--upstream", required=True, help="the emulator, e.g. http://127.0.0.1:5000")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: any free port)")
    parser.add_argument("--port-file", help="write the port here once listening")
    parser.add_argument("--rate", type=float, help="probability of a fault per request (0.1; 0 with --rate-limits)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--faults", default="throttle,500,503,drop,latency",
                        help="comma-separated: throttle, 500, 503, drop, drop-response, latency")
    parser.add_argument("--latency-ms", type=int, default=300)
    parser.add_argument("--log", help="append one JSON line per request here")
    parser.add_argument("--rate-limits", action="store_true", help="throttle as AWS does (emulator/rate_limits.py)")
    parser.add_argument("--rate-scale", type=float, default=1.0, help="multiply every bucket's burst and rate")
    parser.add_argument("--rate-per-key", action="store_true", help="each access key is an account of its own")
    args = parser.parse_args(argv[1:])
    if args.rate is None:
        args.rate = 0.0 if args.rate_limits else 0.1
    if not args.rate_scale > 0:
        parser.error("--rate-scale must be above 0")
    faults = [f.strip() for f in args.faults.split(",") if f.strip()]
    unknown = set(faults) - {"throttle", "500", "503", "drop", "drop-response", "latency"}
    if unknown or not faults:
        parser.error(f"unknown faults: {', '.join(sorted(unknown)) or '(none given)'}")

    injector = Injector(args.rate, args.seed, faults, args.log)
    upstream = urllib.parse.urlsplit(args.upstream)
    limiter = rate_limits.Limiter(args.rate_scale, args.rate_per_key) if args.rate_limits else None
    server = ProxyServer(("127.0.0.1", args.port), make_handler(upstream, injector, args.latency_ms / 1000, limiter))
    port = server.server_address[1]
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as handle:
            handle.write(str(port))
        os.replace(args.port_file + ".tmp", args.port_file)
    print(f"listening on {port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
