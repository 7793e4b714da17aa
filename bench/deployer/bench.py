"""Cold start, peak memory and warm handling time of the deployer: the Swift `bootstrap` next to
a Python handler with boto3 (handler.py under python_runtime.py), in the same run, against the
same local Runtime API (this file) and the same emulator.

    python bench.py --bootstrap PATH [--rounds 5] [--warm 5]

Needs the emulator's variables (AWS_ENDPOINT_URL, keys, AWS_REGION) in the environment: run.sh
starts an emulator and sets them. Per subject and round: start the process, hand it one deploy
job at once (cold) and then `--warm` more (warm), read its peak RSS (VmHWM), stop it. Each job
deploys a new image (its own artifact), so every invocation does the same calls.
"""

import argparse
import io
import json
import os
import queue
import statistics
import subprocess
import sys
import threading
import time
import uuid
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import boto3

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = "/2018-06-01/runtime"


class RuntimeAPI:
    """A local Lambda Runtime API that timestamps what the runtime does (monotonic ns)."""

    def __init__(self):
        self.events = queue.Queue()
        self.lock = threading.Lock()
        self.first_request_ns = None
        self.handed_out_ns = {}
        self.responded_ns = {}
        self.outcomes = {}
        self.done = threading.Condition(self.lock)
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def reply(self, status, body=b"{}", headers=()):
                self.close_connection = True
                try:
                    self.send_response(status)
                    for name, value in headers:
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.send_header("Connection", "close")
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the runtime was stopped while it waited for /next

            def do_GET(self):
                now = time.monotonic_ns()
                with api.lock:
                    if api.first_request_ns is None:
                        api.first_request_ns = now
                if self.path != f"{BASE}/invocation/next":
                    return self.reply(404)
                request_id, body = api.events.get()
                if request_id is None:
                    return self.reply(503)
                deadline = int((time.time() + 60) * 1000)
                with api.lock:
                    api.handed_out_ns[request_id] = time.monotonic_ns()
                self.reply(200, body, [("Lambda-Runtime-Aws-Request-Id", request_id),
                                       ("Lambda-Runtime-Deadline-Ms", str(deadline)),
                                       ("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:bench"),
                                       ("Content-Type", "application/json")])

            def do_POST(self):
                now = time.monotonic_ns()
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                with api.lock:
                    if api.first_request_ns is None:
                        api.first_request_ns = now
                parts = self.path[len(f"{BASE}/invocation/"):].split("/")
                if self.path.startswith(f"{BASE}/invocation/") and len(parts) == 2:
                    with api.lock:
                        api.responded_ns[parts[0]] = now
                        api.outcomes[parts[0]] = (parts[1], body.decode())
                        api.done.notify_all()
                    return self.reply(202)
                self.reply(404)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def address(self):
        return f"127.0.0.1:{self.server.server_address[1]}"

    def wait(self, request_id, timeout=120):
        with self.lock:
            if not self.done.wait_for(lambda: request_id in self.outcomes, timeout):
                raise TimeoutError(f"no result for {request_id}")
            return self.outcomes[request_id]

    def close(self):
        self.events.put((None, None))
        self.server.shutdown()


class Fixture:
    """A cluster, a task definition family and a service, and a role for artifact credentials."""

    def __init__(self, prefix):
        self.name = f"bench-{prefix}-{uuid.uuid4().hex[:6]}"
        self.s3 = boto3.client("s3")
        self.ecs = boto3.client("ecs")
        iam, sts = boto3.client("iam"), boto3.client("sts")
        self.s3.create_bucket(Bucket=self.name)
        self.ecs.create_cluster(clusterName=self.name)
        self.ecs.register_task_definition(
            family=self.name, networkMode="bridge", cpu="256", memory="512",
            containerDefinitions=[{"name": "web", "image": image(0), "memory": 512, "essential": True}],
            tags=[{"key": "slipway:app", "value": "bench"}])
        self.ecs.create_service(cluster=self.name, serviceName=self.name, taskDefinition=self.name, desiredCount=0,
                                deploymentConfiguration={"deploymentCircuitBreaker": {"enable": True, "rollback": True}})
        caller = sts.get_caller_identity()["Arn"]
        iam.create_role(RoleName=self.name, AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": caller}, "Action": "sts:AssumeRole"}]}))
        iam.put_role_policy(RoleName=self.name, PolicyName="artifacts", PolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{self.name}/*"}]}))
        self.credentials = sts.assume_role(RoleArn=f"arn:aws:iam::123456789012:role/{self.name}", RoleSessionName="bench")["Credentials"]
        self.jobs = 0

    def job(self):
        """A deploy job with a new image, its artifact uploaded."""
        self.jobs += 1
        key = f"artifacts/{self.jobs}.zip"
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("imageDetail.json", json.dumps({"ImageURI": image(self.jobs)}))
        self.s3.put_object(Bucket=self.name, Key=key, Body=buffer.getvalue())
        parameters = {"cluster": self.name, "service": self.name, "family": self.name, "container": "web"}
        event = {"CodePipeline.job": {"id": str(uuid.uuid4()), "accountId": "123456789012", "data": {
            "actionConfiguration": {"configuration": {"FunctionName": "bench", "UserParameters": json.dumps(parameters)}},
            "inputArtifacts": [{"name": "BuildOutput", "location": {"type": "S3", "s3Location": {"bucketName": self.name, "objectKey": key}}}],
            "outputArtifacts": [],
            "artifactCredentials": {"accessKeyId": self.credentials["AccessKeyId"], "secretAccessKey": self.credentials["SecretAccessKey"],
                                    "sessionToken": self.credentials["SessionToken"]},
        }}}
        return json.dumps(event).encode()


def image(n):
    return f"123456789012.dkr.ecr.us-east-1.amazonaws.com/bench/web@sha256:{n:064x}"


def memory_report(pid):
    """Where the resident memory is (SLIPWAY_BENCH_SMAPS=1): /proc/PID/smaps_rollup."""
    lines, current = [], None
    with open(f"/proc/{pid}/smaps") as smaps:
        for line in smaps:
            fields = line.split()
            if "-" in fields[0] and len(fields) >= 5:
                current = " ".join(fields[:2] + fields[5:])
            elif fields[0] == "Rss:" and int(fields[1]) >= 256:
                lines.append(f"{int(fields[1]):>8} kB  {current}")
    return "\n".join(lines)


def peak_rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return None


def run_round(command, fixture, warm, env):
    api = RuntimeAPI()
    jobs = [(str(uuid.uuid4()), fixture.job()) for _ in range(warm + 1)]
    for job in jobs:
        api.events.put(job)
    environment = dict(env, AWS_LAMBDA_RUNTIME_API=api.address)
    started = time.monotonic_ns()
    process = subprocess.Popen(command, env=environment, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        outcomes = [api.wait(request_id) for request_id, _ in jobs]
        rss = peak_rss_kib(process.pid)
        if os.environ.get("SLIPWAY_BENCH_SMAPS"):
            print(f"{command[-1]}:\n{memory_report(process.pid)}", file=sys.stderr)
    finally:
        process.terminate()
        try:
            _, errors = process.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            _, errors = process.communicate()
        api.close()
    bad = [outcome for outcome in outcomes if outcome[0] != "response" or '"continuing"' not in outcome[1]]
    if bad:
        sys.exit(f"{command[0]}: unexpected results {bad}\n{errors.decode(errors='replace')[-2000:]}")
    first = jobs[0][0]
    return {
        "first_request_ms": (api.first_request_ns - started) / 1e6,
        "first_response_ms": (api.responded_ns[first] - started) / 1e6,
        "cold_handling_ms": (api.responded_ns[first] - api.handed_out_ns[first]) / 1e6,
        "warm_ms": [(api.responded_ns[r] - api.handed_out_ns[r]) / 1e6 for r, _ in jobs[1:]],
        "peak_rss_mib": rss / 1024 if rss else float("nan"),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--warm", type=int, default=5)
    args = parser.parse_args()

    env = {k: v for k, v in os.environ.items()}
    env.setdefault("AWS_DEFAULT_REGION", env.get("AWS_REGION", "us-east-1"))
    subjects = [
        ("Swift bootstrap", [os.path.abspath(args.bootstrap)], Fixture("swift")),
        ("Python + boto3", [sys.executable, os.path.join(HERE, "python_runtime.py")], Fixture("python")),
    ]
    results = {name: [] for name, _, _ in subjects}
    for _ in range(args.rounds):
        for name, command, fixture in subjects:  # interleaved, so both see the same machine load
            results[name].append(run_round(command, fixture, args.warm, env))

    def median(name, key):
        return statistics.median(r[key] for r in results[name])

    rows = [
        ("start -> first Runtime API request (ms)", "first_request_ms", "{:.1f}"),
        ("start -> first response posted (ms)", "first_response_ms", "{:.1f}"),
        ("first invocation, handling only (ms)", "cold_handling_ms", "{:.1f}"),
    ]
    names = [name for name, _, _ in subjects]
    width = 42
    print(f"deployer benchmark: {args.rounds} cold starts per subject, {args.warm} warm invocations each; medians")
    print(f"{'':{width}}" + "".join(f"{n:>18}" for n in names))
    for label, key, form in rows:
        print(f"{label:{width}}" + "".join(f"{form.format(median(n, key)):>18}" for n in names))
    warm = {n: statistics.median(ms for r in results[n] for ms in r["warm_ms"]) for n in names}
    print(f"{'warm invocation, handling (ms)':{width}}" + "".join(f"{warm[n]:>18.1f}" for n in names))
    peak = {n: max(r["peak_rss_mib"] for r in results[n]) for n in names}
    print(f"{'peak RSS (MiB, max over rounds)':{width}}" + "".join(f"{peak[n]:>18.1f}" for n in names))
    swift = names[0]
    ok_start = median(swift, "first_request_ms") <= 20
    ok_memory = peak[swift] <= 20
    print(f"targets for the Swift deployer: start-up <= 20 ms: {'met' if ok_start else 'MISSED'}; peak memory <= 20 MiB: {'met' if ok_memory else 'MISSED'}")
    print("(each invocation: S3 GetObject with the job's artifact credentials, DescribeServices, DescribeTaskDefinition,"
          " RegisterTaskDefinition, UpdateService, PutJobSuccessResult, all against the local emulator)")


if __name__ == "__main__":
    main()
