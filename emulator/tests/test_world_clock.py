"""The simulation runs on the emulator's clock: what takes N s happens right after an advance of N s.

Every duration here is far longer than the test takes, so a test can pass only by the clock: a
pipeline stage of 30 s, an ECS rollout of 40 s, Lambda states of 45 s, IAM propagation of 30 s.
One test checks that without an advance the wall clock still drives the simulation (a 0.2 s stage).
"""

import datetime
import io
import json
import threading
import time
import unittest
import zipfile

from botocore.exceptions import ClientError

from slipway_emulator.clock import Clock
from tests.support import Emulator

ACCOUNT = "123456789012"
REGION = "us-east-1"
CONNECTION = f"arn:aws:codeconnections:{REGION}:{ACCOUNT}:connection/11111111-2222-3333-4444-555555555555"


def action(name, category, provider, configuration):
    return {"name": name, "configuration": configuration,
            "actionTypeId": {"category": category, "owner": "AWS", "provider": provider, "version": "1"}}


def source_stage():
    return {"name": "Source", "actions": [action("Source", "Source", "CodeStarSourceConnection", {
        "ConnectionArn": CONNECTION, "FullRepositoryId": "acme/shop", "BranchName": "main"})]}


def build_stage(name):
    return {"name": name, "actions": [action(name, "Build", "CodeBuild", {"ProjectName": "none"})]}


class WorldClockTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.emulator = Emulator()
        cls.addClassCleanup(cls.emulator.stop)
        cls.started = time.monotonic()

    @classmethod
    def tearDownClass(cls):
        # Minutes of simulated time went by; the wall clock saw seconds (no test waited for a stage).
        assert time.monotonic() - cls.started < 60, time.monotonic() - cls.started

    def post(self, path, payload):
        status, answer = self.emulator.control("POST", path, payload)
        self.assertEqual(status, 200, (path, payload, answer))
        return answer

    def advance(self, seconds):
        return self.post("/_slipway/clock", {"advance": seconds})

    def role(self, name, service):
        trust = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}]}
        return self.emulator.client("iam").create_role(
            RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]

    def pipeline(self, name, stages):
        codepipeline = self.emulator.client("codepipeline")
        codepipeline.create_pipeline(pipeline={
            "name": name, "roleArn": self.role(f"{name}-role", "codepipeline.amazonaws.com"),
            "artifactStore": {"type": "S3", "location": f"{name}-artifacts"}, "stages": stages})
        run = codepipeline.start_pipeline_execution(name=name)["pipelineExecutionId"]
        return codepipeline, run

    @staticmethod
    def stage_states(codepipeline, name):
        """{stage: (status, the moment its action's status last changed)}."""
        states = codepipeline.get_pipeline_state(name=name)["stageStates"]
        return {s["stageName"]: (s["latestExecution"]["status"],
                                 s["actionStates"][0]["latestExecution"]["lastStatusChange"])
                for s in states if "latestExecution" in s}

    @staticmethod
    def run_status(codepipeline, name, run):
        return codepipeline.get_pipeline_execution(
            pipelineName=name, pipelineExecutionId=run)["pipelineExecution"]["status"]

    def test_a_stage_ends_after_an_advance_of_its_length_and_several_in_one_advance(self):
        self.post("/_slipway/simulate", {"prefix": "clock-stages-", "stageSeconds": 30})
        name = "clock-stages-web"
        codepipeline, run = self.pipeline(name, [source_stage(), build_stage("Build"), build_stage("Test")])
        self.assertEqual(self.stage_states(codepipeline, name)["Source"][0], "InProgress")
        self.advance(29)
        self.assertEqual(self.stage_states(codepipeline, name)["Source"][0], "InProgress")
        self.assertNotIn("Build", self.stage_states(codepipeline, name))
        self.advance(1)
        states = self.stage_states(codepipeline, name)
        self.assertEqual((states["Source"][0], states["Build"][0]), ("Succeeded", "InProgress"), states)
        # Both stages left in one advance of their total: each entered the moment the one before it ended.
        self.advance(60)
        self.assertEqual(self.run_status(codepipeline, name, run), "Succeeded")
        states = self.stage_states(codepipeline, name)
        self.assertEqual({stage: status for stage, (status, _) in states.items()},
                         {"Source": "Succeeded", "Build": "Succeeded", "Test": "Succeeded"})
        ended = [states[stage][1] for stage in ("Source", "Build", "Test")]
        for earlier, later in zip(ended, ended[1:]):
            self.assertAlmostEqual((later - earlier).total_seconds(), 30, delta=0.01, msg=ended)

    def test_a_deploy_stage_rolls_out_on_the_clock(self):
        ecs = self.emulator.client("ecs")
        self.post("/_slipway/simulate", {"prefix": "clock-deploy-", "stageSeconds": 30, "rolloutSeconds": 40})
        ecs.create_cluster(clusterName="clock")
        ecs.register_task_definition(family="clock-deploy-api", containerDefinitions=[
            {"name": "api", "image": f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/api:latest", "memory": 512}])
        ecs.create_service(cluster="clock", serviceName="clock-deploy-api", taskDefinition="clock-deploy-api",
                           desiredCount=1)
        self.advance(40)  # the service's first rollout
        parameters = {"family": "clock-deploy-api", "cluster": "clock", "service": "clock-deploy-api",
                      "container": "api"}
        deploy = {"name": "Deploy", "actions": [action("Deploy", "Invoke", "Lambda", {
            "FunctionName": "deployer", "UserParameters": json.dumps(parameters)})]}
        name = "clock-deploy-pipeline"
        codepipeline, run = self.pipeline(name, [source_stage(), deploy])
        self.advance(30 + 30 + 39)  # Source, then Deploy's own 30 s; its rollout is 1 s short
        self.assertEqual(self.run_status(codepipeline, name, run), "InProgress")
        (primary,) = [d for d in ecs.describe_services(cluster="clock", services=["clock-deploy-api"])[
            "services"][0]["deployments"] if d["status"] == "PRIMARY"]
        self.assertEqual((primary["rolloutState"], primary["taskDefinition"].split("/")[-1]),
                         ("IN_PROGRESS", "clock-deploy-api:2"))
        self.advance(1)
        self.assertEqual(self.run_status(codepipeline, name, run), "Succeeded")
        (deployment,) = ecs.describe_services(cluster="clock", services=["clock-deploy-api"])[
            "services"][0]["deployments"]
        self.assertEqual(deployment["rolloutState"], "COMPLETED")
        self.assertAlmostEqual((deployment["updatedAt"] - deployment["createdAt"]).total_seconds(), 40, delta=0.01)

    def test_a_rollout_completes_after_an_advance_of_its_length(self):
        ecs = self.emulator.client("ecs")
        self.post("/_slipway/simulate", {"prefix": "clock-rollout-", "rolloutSeconds": 40})
        ecs.create_cluster(clusterName="clock-rollout")
        ecs.register_task_definition(family="clock-rollout-web", containerDefinitions=[
            {"name": "web", "image": "nginx", "memory": 512}])
        ecs.create_service(cluster="clock-rollout", serviceName="clock-rollout-web",
                           taskDefinition="clock-rollout-web", desiredCount=2)

        def rollout():
            service = ecs.describe_services(cluster="clock-rollout", services=["clock-rollout-web"])["services"][0]
            return service["deployments"][0]["rolloutState"], service["runningCount"]
        self.assertEqual(rollout(), ("IN_PROGRESS", 0))
        self.advance(39)
        self.assertEqual(rollout(), ("IN_PROGRESS", 0))
        self.advance(1)
        self.assertEqual(rollout(), ("COMPLETED", 2))

    def test_lambda_states_settle_after_an_advance_of_their_windows(self):
        self.post("/_slipway/settle", {"lambdaPendingSeconds": 45, "lambdaUpdateSeconds": 45})
        self.addCleanup(self.post, "/_slipway/settle", {"lambdaPendingSeconds": 1.0, "lambdaUpdateSeconds": 1.0})
        lam = self.emulator.client("lambda")
        code = io.BytesIO()
        with zipfile.ZipFile(code, "w") as archive:
            archive.writestr("index.py", "def handler(event, context):\n    return 1\n")
        lam.create_function(FunctionName="clock-fn", Runtime="python3.12", Handler="index.handler",
                            Role=self.role("clock-fn-role", "lambda.amazonaws.com"), Code={"ZipFile": code.getvalue()})

        def state():
            config = lam.get_function_configuration(FunctionName="clock-fn")
            return config["State"], config.get("LastUpdateStatus")
        self.assertEqual(state()[0], "Pending")
        self.advance(45)
        self.assertEqual(state(), ("Active", "Successful"))
        lam.update_function_configuration(FunctionName="clock-fn", Timeout=30)
        self.assertEqual(state(), ("Active", "InProgress"))
        self.advance(44)
        self.assertEqual(state(), ("Active", "InProgress"))
        self.advance(1)
        self.assertEqual(state(), ("Active", "Successful"))

    def test_a_role_made_after_an_advance_still_propagates_for_its_window(self):
        self.advance(3600)  # long before the role: its window starts when it is made, on the clock
        self.post("/_slipway/settle", {"iamRoleAssumeSeconds": 30})
        self.addCleanup(self.post, "/_slipway/settle", {"iamRoleAssumeSeconds": 0})
        role = self.role("clock-fresh-role", "lambda.amazonaws.com")
        lam = self.emulator.client("lambda")
        code = io.BytesIO()
        with zipfile.ZipFile(code, "w") as archive:
            archive.writestr("index.py", "def handler(event, context):\n    return 1\n")

        def create():
            lam.create_function(FunctionName="clock-fresh-fn", Runtime="python3.12", Handler="index.handler",
                                Role=role, Code={"ZipFile": code.getvalue()})
        with self.assertRaises(ClientError) as refused:
            create()
        self.assertEqual(refused.exception.response["Error"]["Code"], "InvalidParameterValueException")
        self.advance(30)
        create()

    def test_without_an_advance_the_wall_clock_drives_the_simulation(self):
        self.post("/_slipway/simulate", {"prefix": "clock-wall-", "stageSeconds": 0.2})
        name = "clock-wall-web"
        codepipeline, run = self.pipeline(name, [source_stage(), build_stage("Build")])
        self.assertEqual(self.run_status(codepipeline, name, run), "InProgress")
        deadline = time.monotonic() + 10
        while self.run_status(codepipeline, name, run) == "InProgress" and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual(self.run_status(codepipeline, name, run), "Succeeded")

    def test_an_advance_is_a_finite_number_of_seconds(self):
        for bad in (float("inf"), -1, "10", True, None):
            with self.subTest(bad):
                status, _ = self.emulator.control("POST", "/_slipway/clock", {"advance": bad})
                self.assertEqual(status, 400)


class ClockTests(unittest.TestCase):
    """The clock itself, in process."""

    def test_since_measures_from_a_wall_moment_as_the_clock_stood_then(self):
        clock = Clock()
        before = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
        clock.advance(100)
        time.sleep(0.01)  # the wall moment below is after the advance
        after = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
        self.assertAlmostEqual(clock.since(before), 100, delta=1)
        self.assertAlmostEqual(clock.since(after), 0, delta=1)
        clock.advance(30)
        self.assertAlmostEqual(clock.since(after), 30, delta=1)

    def test_pinned_holds_now_in_this_thread_only(self):
        clock = Clock()
        clock.advance(50)
        moment = clock.time() - 5
        seen = []
        with clock.pinned(moment):
            self.assertEqual(clock.time(), moment)
            other = threading.Thread(target=lambda: seen.append(clock.time()))
            other.start()
            other.join()
        self.assertGreater(seen[0], moment + 4)
        self.assertGreater(clock.time(), moment + 4)


if __name__ == "__main__":
    unittest.main()
