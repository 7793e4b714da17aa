"""Cold start, peak memory and warm handling time of the deployer: the Swift `bootstrap` next to
a Python handler with boto3 (handler.py under python_runtime.py), in the same run, against the
same local Runtime API (this file) and the same emulator.

    python bench.py --bootstrap PATH [--rounds 5] [--warm 5]

Needs the emulator's variables (AWS_ENDPOINT_URL, keys, AWS_REGION) in the environment: run.sh
starts an emulator and sets them. Per subject and round: start the process, hand it one deploy
job at once (cold) and then `--warm` more (warm), read its peak RSS (VmHWM), stop it. Each job
deploys a new image (its own artifact), so every invocation does the same calls; a round counts
only if every job ended in PutJobSuccessResult with a continuation token (the emulator's
/_slipway/job-results), else the subject's stderr is shown and the run stops.
"""

import argparse
import io
import json
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
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

    def wait(self, request_id, process, timeout=120):
        """The (path, body) the runtime posted for request_id; None if it exited or timed out first."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while request_id not in self.outcomes:
                if process.poll() is not None or time.monotonic() > deadline:
                    return None
                self.done.wait(0.2)
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
        """A deploy job with a new image, its artifact uploaded: (job id, event)."""
        self.jobs += 1
        key = f"artifacts/{self.jobs}.zip"
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("imageDetail.json", json.dumps({"ImageURI": image(self.jobs)}))
        self.s3.put_object(Bucket=self.name, Key=key, Body=buffer.getvalue())
        parameters = {"cluster": self.name, "service": self.name, "family": self.name, "container": "web"}
        job_id = str(uuid.uuid4())
        event = {"CodePipeline.job": {"id": job_id, "accountId": "123456789012", "data": {
            "actionConfiguration": {"configuration": {"FunctionName": "bench", "UserParameters": json.dumps(parameters)}},
            "inputArtifacts": [{"name": "BuildOutput", "location": {"type": "S3", "s3Location": {"bucketName": self.name, "objectKey": key}}}],
            "outputArtifacts": [],
            "artifactCredentials": {"accessKeyId": self.credentials["AccessKeyId"], "secretAccessKey": self.credentials["SecretAccessKey"],
                                    "sessionToken": self.credentials["SessionToken"]},
        }}}
        return job_id, json.dumps(event).encode()


def image(n):
    return f"123456789012.dkr.ecr.us-east-1.amazonaws.com/bench/web@sha256:{n:064x}"


def memory_report(pid):
    """Where the resident memory is (SLIPWAY_BENCH_SMAPS=1): the mappings of /proc/PID/smaps with 256 kB or more."""
    lines, current = [], None
    with open(f"/proc/{pid}/smaps") as smaps:
        for line in smaps:
            fields = line.split()
            if "-" in fields[0] and len(fields) >= 5:
                current = " ".join(fields[:2] + fields[5:])
            elif fields[0] == "Rss:" and int(fields[1]) >= 256:
                lines.append(f"{int(fields[1]):>8} kB  {current}")
    return "\n".join(lines)


def memory_mib(pid):
    """VmHWM (peak RSS), RssAnon and RssFile (resident now) from /proc/PID/status, in MiB."""
    with open(f"/proc/{pid}/status") as status:
        fields = dict(line.split(":", 1) for line in status)
    return {key: int(fields[key].split()[0]) / 1024 for key in ("VmHWM", "RssAnon", "RssFile")}


def job_results(job_ids):
    """What the emulator recorded for these jobs: PutJobSuccessResult or PutJobFailureResult."""
    with urllib.request.urlopen(f"{os.environ['AWS_ENDPOINT_URL']}/_slipway/job-results") as reply:
        return {r["jobId"]: r for r in json.load(reply) if r["jobId"] in job_ids}


def run_round(command, fixture, warm, env):
    api = RuntimeAPI()
    jobs = [(str(uuid.uuid4()), *fixture.job()) for _ in range(warm + 1)]  # (request id, job id, event)
    for request_id, _, event in jobs:
        api.events.put((request_id, event))
    environment = dict(env, AWS_LAMBDA_RUNTIME_API=api.address)
    # stderr to a file, not a pipe: a pipe nobody reads while the subject runs can fill up and block it
    with tempfile.TemporaryFile() as stderr:
        started = time.monotonic_ns()
        process = subprocess.Popen(command, env=environment, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr)
        try:
            outcomes = [api.wait(request_id, process) for request_id, _, _ in jobs]
            memory = memory_mib(process.pid) if process.poll() is None else None
            if memory and os.environ.get("SLIPWAY_BENCH_SMAPS"):
                print(f"{command[-1]}:\n{memory_report(process.pid)}", file=sys.stderr)
        finally:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            api.close()
        stderr.seek(0)
        errors = stderr.read().decode(errors="replace")
    # Each invocation must have deployed: answered the Runtime API with a response and reported
    # PutJobSuccessResult with a continuation token (the deployment started) to CodePipeline.
    recorded = job_results({job_id for _, job_id, _ in jobs})
    bad = [(job_id, outcome, recorded.get(job_id)) for (_, job_id, _), outcome in zip(jobs, outcomes)
           if outcome is None or outcome[0] != "response" or '"continuing"' not in outcome[1]
           or recorded.get(job_id, {}).get("kind") != "success" or not recorded[job_id].get("continuationToken")]
    if bad or memory is None:
        sys.exit(f"{command[-1]}: exited {process.returncode}, unexpected results {bad}\n{errors[-3000:]}")
    first = jobs[0][0]
    return {
        "first_request_ms": (api.first_request_ns - started) / 1e6,
        "first_response_ms": (api.responded_ns[first] - started) / 1e6,
        "cold_handling_ms": (api.responded_ns[first] - api.handed_out_ns[first]) / 1e6,
        "warm_ms": [(api.responded_ns[r] - api.handed_out_ns[r]) / 1e6 for r, _, _ in jobs[1:]],
        "peak_rss_mib": memory["VmHWM"],
        "anon_mib": memory["RssAnon"],
        "file_mib": memory["RssFile"],
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

    def spread(values):  # median, and the range over rounds: a shared machine shows in the range
        return f"{statistics.median(values):.1f} ({min(values):.1f}..{max(values):.1f})"

    names = [name for name, _, _ in subjects]
    rows = [(label, {n: spread([r[key] for r in results[n]]) for n in names}) for label, key in [
        ("start -> first Runtime API request (ms)", "first_request_ms"),
        ("start -> first response posted (ms)", "first_response_ms"),
        ("first invocation, handling only (ms)", "cold_handling_ms"),
    ]]
    rows.append(("warm invocation, handling (ms)", {n: spread([ms for r in results[n] for ms in r["warm_ms"]]) for n in names}))
    peak = {n: max(r["peak_rss_mib"] for r in results[n]) for n in names}
    rows.append(("peak RSS, VmHWM (MiB, max over rounds)", {n: f"{peak[n]:.1f}" for n in names}))
    rows.append(("  resident at the end: anon + file (MiB)", {n: f"{median(n, 'anon_mib'):.1f} + {median(n, 'file_mib'):.1f}" for n in names}))
    width = 42
    print(f"deployer benchmark: {args.rounds} cold starts per subject, {args.warm} warm invocations each;"
          " median (min..max over rounds, or over all warm invocations)")
    print(f"{'':{width}}" + "".join(f"{n:>24}" for n in names))
    for label, cells in rows:
        print(f"{label:{width}}" + "".join(f"{cells[n]:>24}" for n in names))
    swift = names[0]
    ok_start = median(swift, "first_request_ms") <= 20
    ok_memory = peak[swift] <= 20
    print(f"targets for the Swift deployer: start-up <= 20 ms: {'met' if ok_start else 'MISSED'}; peak memory <= 20 MiB: {'met' if ok_memory else 'MISSED'}")
    print("(each invocation: S3 GetObject with the job's artifact credentials, DescribeServices, DescribeTaskDefinition,"
          " RegisterTaskDefinition, UpdateService, PutJobSuccessResult, all against the local emulator)")


if __name__ == "__main__":
    main()
