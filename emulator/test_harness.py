"""Self-check of the local AWS harness (no pytest): `.venv/bin/python emulator/test_harness.py`.

Starts server.py on a free port, and with boto3 and the keys from its env file
proves authentication, every patch and added operation, the call log, IAM
enforcement, latency (via start.sh/stop.sh) and a clean stop. Prints
`N passed, M failed` and exits non-zero on any failure.
"""

import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request
import zipfile

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

HERE = os.path.dirname(os.path.abspath(__file__))
ACCOUNT = "123456789012"
REGION = "us-east-1"
NO_RETRY = Config(retries={"total_max_attempts": 1})
results = []


def check(name):
    def run(fn):
        try:
            fn()
            results.append((name, None))
            print(f"PASS {name}")
        except Exception as e:  # noqa: BLE001 - report every failure
            results.append((name, e))
            print(f"FAIL {name}: {e!r}")
            traceback.print_exc()
        return fn
    return run


def read_env(path):
    env = {}
    with open(path) as f:
        for line in f:
            name, value = line.removeprefix("export ").strip().split("=", 1)
            env[name] = value.strip("'")
    return env


def http(method, url):
    req = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def error_code(fn):
    """The AWS error code of a failing call. moto answers signature and IAM errors of
    JSON-protocol services with an XML <ErrorResponse> (a known quirk): read both."""
    try:
        fn()
    except ClientError as e:
        err = e.response["Error"]
        xml_code = re.search(r"<Code>([^<]+)</Code>", err.get("Message", ""))
        return xml_code.group(1) if xml_code else err["Code"]
    raise AssertionError("call succeeded, expected an error")


def main():
    tmp = tempfile.mkdtemp(prefix="slipway-emulator-")
    env_file = os.path.join(tmp, "env")
    log = open(os.path.join(tmp, "emulator.log"), "w")
    proc = subprocess.Popen(
        [sys.executable, os.path.join(HERE, "server.py"), "--port", "0", "--env-file", env_file],
        stdout=subprocess.PIPE, stderr=log, text=True)
    ready = proc.stdout.readline().strip()
    assert ready.startswith("ready http://127.0.0.1:"), f"server said {ready!r}; log in {tmp}"
    env = read_env(env_file)
    url = env["AWS_ENDPOINT_URL"]
    key, secret = env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]

    def client(service, key_id=key, secret_key=secret, **config):
        return boto3.client(service, region_name=REGION, endpoint_url=url,
                            aws_access_key_id=key_id, aws_secret_access_key=secret_key,
                            config=NO_RETRY.merge(Config(**config)))

    iam, cb, cp = client("iam"), client("codebuild"), client("codepipeline")

    @check("env file has the five exports and the server's pid")
    def _():
        assert set(env) == {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION",
                            "AWS_ENDPOINT_URL", "SLIPWAY_EMULATOR_PID"}, env
        assert env["AWS_REGION"] == REGION and int(env["SLIPWAY_EMULATOR_PID"]) == proc.pid

    @check("control endpoints: health 200, unknown 404")
    def _():
        assert http("GET", f"{url}/_slipway/health")[0] == 200
        assert http("GET", f"{url}/_slipway/nope")[0] == 404

    @check("correct keys work (STS GetCallerIdentity as slipway-admin)")
    def _():
        arn = client("sts").get_caller_identity()["Arn"]
        assert arn == f"arn:aws:iam::{ACCOUNT}:user/slipway-admin", arn

    @check("wrong secret fails with SignatureDoesNotMatch (JSON and Query services)")
    def _():
        assert error_code(lambda: client("iam", secret_key="x" * 40).list_users()) \
            == "SignatureDoesNotMatch"
        assert error_code(lambda: client("codebuild", secret_key="x" * 40).list_projects()) \
            == "SignatureDoesNotMatch"

    @check("unknown access key fails with InvalidClientTokenId")
    def _():
        assert error_code(lambda: client("sts", key_id="AKIAUNKNOWN000000000").get_caller_identity()) \
            == "InvalidClientTokenId"

    def make_role(name, service):
        trust = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}]}
        return iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]

    @check("signed Lambda GETs work (ListFunctions, GetFunction, GetFunctionConfiguration, ListTags)")
    def _():
        lam = client("lambda")
        zipped = io.BytesIO()
        with zipfile.ZipFile(zipped, "w") as z:
            z.writestr("bootstrap", "#!/bin/sh\n")
        fn = lam.create_function(
            FunctionName="demo-deployer", Runtime="provided.al2023", Handler="bootstrap",
            Role=make_role("demo-deployer", "lambda.amazonaws.com"),
            Code={"ZipFile": zipped.getvalue()}, Tags={"slipway:app": "demo"})
        assert [f["FunctionName"] for f in lam.list_functions()["Functions"]] == ["demo-deployer"]
        assert lam.get_function(FunctionName="demo-deployer")["Configuration"]["Handler"] == "bootstrap"
        assert lam.get_function_configuration(FunctionName="demo-deployer")["Runtime"] == "provided.al2023"
        assert lam.list_tags(Resource=fn["FunctionArn"])["Tags"] == {"slipway:app": "demo"}

    project = "demo-dev-web"

    @check("CodeBuild CreateProject with CODEPIPELINE source/artifacts and no location")
    def _():
        got = cb.create_project(
            name=project, source={"type": "CODEPIPELINE", "buildspec": "buildspec.yml"},
            artifacts={"type": "CODEPIPELINE"},
            environment={"type": "LINUX_CONTAINER", "image": "aws/codebuild/standard:7.0",
                         "computeType": "BUILD_GENERAL1_SMALL", "privilegedMode": True},
            serviceRole=make_role("demo-dev-web-build", "codebuild.amazonaws.com"))
        assert got["project"]["source"]["type"] == "CODEPIPELINE"

    @check("CodeBuild UpdateProject changes what BatchGetProjects returns; projectsNotFound")
    def _():
        cb.update_project(name=project, description="web service",
                          environment={"type": "LINUX_CONTAINER", "image": "aws/codebuild/standard:7.0",
                                       "computeType": "BUILD_GENERAL1_MEDIUM", "privilegedMode": True},
                          tags=[{"key": "slipway:app", "value": "demo"}])
        got = cb.batch_get_projects(names=[project, "missing-project"])
        (p,) = got["projects"]
        assert p["environment"]["computeType"] == "BUILD_GENERAL1_MEDIUM", p
        assert p["description"] == "web service" and p["tags"] == [{"key": "slipway:app", "value": "demo"}]
        assert got["projectsNotFound"] == ["missing-project"], got
        assert error_code(lambda: cb.update_project(name="missing-project", description="x")) \
            == "ResourceNotFoundException"

    @check("CodeBuild StartBuild, ListBuildsForProject, BatchGetBuilds stable across calls")
    def _():
        build_id = cb.start_build(projectName=project)["build"]["id"]
        assert cb.list_builds_for_project(projectName=project)["ids"] == [build_id]
        first = cb.batch_get_builds(ids=[build_id])["builds"][0]
        second = cb.batch_get_builds(ids=[build_id])["builds"][0]
        assert first["buildStatus"] == "SUCCEEDED" and len(first["phases"]) == len(second["phases"])
        assert first["endTime"] == second["endTime"]

    pipeline = "demo-dev-web"

    @check("CodePipeline CreatePipeline with single-string service principal, GetPipelineState")
    def _():
        role = make_role("demo-dev-web-pipeline", "codepipeline.amazonaws.com")
        stage = lambda name, category, provider, conf: {  # noqa: E731
            "name": name, "actions": [{"name": name, "configuration": conf,
                "actionTypeId": {"category": category, "owner": "AWS", "provider": provider, "version": "1"}}]}
        cp.create_pipeline(pipeline={
            "name": pipeline, "roleArn": role,
            "artifactStore": {"type": "S3", "location": "demo-artifacts"},
            "stages": [stage("Source", "Source", "S3", {"S3Bucket": "b", "S3ObjectKey": "k"}),
                       stage("Build", "Build", "CodeBuild", {"ProjectName": project}),
                       stage("Deploy", "Invoke", "Lambda", {"FunctionName": "demo-deployer"})]})
        state = cp.get_pipeline_state(name=pipeline)
        assert [s["stageName"] for s in state["stageStates"]] == ["Source", "Build", "Deploy"]
        assert "latestExecution" not in state["stageStates"][0] and state["pipelineVersion"] == 1
        run = cp.start_pipeline_execution(name=pipeline)["pipelineExecutionId"]
        state = cp.get_pipeline_state(name=pipeline)
        assert all(s["latestExecution"]["pipelineExecutionId"] == run for s in state["stageStates"])
        assert state["stageStates"][2]["actionStates"][0]["latestExecution"]["status"] == "Succeeded"
        assert cp.list_pipeline_executions(pipelineName=pipeline)["pipelineExecutionSummaries"][0][
            "pipelineExecutionId"] == run
        assert error_code(lambda: cp.get_pipeline_state(name="nope")) == "PipelineNotFoundException"

    @check("PutJobSuccessResult / PutJobFailureResult are recorded in /_slipway/job-results")
    def _():
        job = "11111111-2222-3333-4444-555555555555"
        cp.put_job_success_result(jobId=job, continuationToken="wait:1",
                                  executionDetails={"summary": "rolling out"})
        cp.put_job_success_result(jobId=job, executionDetails={"summary": "done"})
        cp.put_job_failure_result(jobId=job, failureDetails={"type": "JobFailed", "message": "rollout failed"})
        status, recorded = http("GET", f"{url}/_slipway/job-results")
        assert status == 200
        assert [(r["kind"], r["continuationToken"]) for r in recorded] == \
            [("success", "wait:1"), ("success", None), ("failure", None)], recorded
        assert recorded[2]["failureDetails"]["message"] == "rollout failed"
        assert recorded[0]["executionDetails"] == {"summary": "rolling out"}
        # Past the model's max 5000: model validation answers before the patch's own check.
        loose = client("codepipeline", parameter_validation=False)
        assert error_code(lambda: loose.put_job_failure_result(
            jobId=job, failureDetails={"type": "JobFailed", "message": "x" * 5001})) == "SlipwayModelViolation"

    @check("call log attributes calls to the access key, with service, action and status")
    def _():
        assert http("DELETE", f"{url}/_slipway/calls")[0] == 200
        cp.get_pipeline_state(name=pipeline)
        client("lambda").get_function(FunctionName="demo-deployer")
        client("sts").get_caller_identity()
        error_code(lambda: cb.batch_get_builds(ids=["no-colon"]))  # failing calls are logged too
        status, calls = http("GET", f"{url}/_slipway/calls?access_key={key}")
        got = [(c["service"], c["action"], c["status"]) for c in calls]
        assert got[:3] == [("codepipeline", "GetPipelineState", 200),
                           ("lambda", "GET /2015-03-31/functions/demo-deployer", 200),
                           ("sts", "GetCallerIdentity", 200)], got
        assert got[3] == ("codebuild", "BatchGetBuilds", 400), got
        assert all(c["access_key_id"] == key for c in calls)
        assert http("GET", f"{url}/_slipway/calls?access_key=AKIAOTHER")[1] == []

    @check("IAM is enforced: s3:ListAllMyBuckets-only user is denied iam:ListRoles and added ops")
    def _():
        iam.create_user(UserName="reader")
        iam.put_user_policy(UserName="reader", PolicyName="list-buckets", PolicyDocument=json.dumps(
            {"Version": "2012-10-17",
             "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}))
        k = iam.create_access_key(UserName="reader")["AccessKey"]
        reader = lambda s: client(s, k["AccessKeyId"], k["SecretAccessKey"])  # noqa: E731
        reader("s3").list_buckets()
        assert error_code(lambda: reader("iam").list_roles()) == "AccessDenied"
        assert error_code(lambda: reader("codepipeline").get_pipeline_state(name=pipeline)) \
            == "AccessDenied"
        assert error_code(lambda: reader("codebuild").update_project(name=project)) == "AccessDenied"

    @check("start.sh --latency-ms 300: every AWS call takes >= 300 ms, control calls do not; stop.sh")
    def _():
        env2 = os.path.join(tmp, "slow", "env")
        os.makedirs(os.path.dirname(env2))
        subprocess.run([os.path.join(HERE, "start.sh"), env2, "--latency-ms", "300"],
                       check=True, timeout=60, capture_output=True)
        slow = read_env(env2)
        sts = boto3.client("sts", region_name=REGION, endpoint_url=slow["AWS_ENDPOINT_URL"],
                           aws_access_key_id=slow["AWS_ACCESS_KEY_ID"],
                           aws_secret_access_key=slow["AWS_SECRET_ACCESS_KEY"], config=NO_RETRY)
        started = time.monotonic()
        sts.get_caller_identity()
        elapsed = time.monotonic() - started
        started = time.monotonic()
        http("GET", f"{slow['AWS_ENDPOINT_URL']}/_slipway/health")
        control = time.monotonic() - started
        subprocess.run([os.path.join(HERE, "stop.sh"), env2], check=True, timeout=30,
                       capture_output=True)
        assert elapsed >= 0.3, elapsed
        assert control < 0.3, control
        pid = int(slow["SLIPWAY_EMULATOR_PID"])
        assert not os.path.exists(f"/proc/{pid}") or "zombie" in open(f"/proc/{pid}/status").read()

    @check("SIGTERM stops the server cleanly (exit 0)")
    def _():
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) == 0

    if proc.poll() is None:
        proc.kill()
    failed = [name for name, err in results if err]
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    if failed:
        print(f"emulator log: {log.name}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
