"""CodePipeline: GetPipelineState, PutJob*Result recorded, V2 fields and V1 refusals, sourceRevisions, the
simulated runs' execution modes with PutApprovalResult, and CodeConnections GetConnection."""

import time

from tests.pipelines import CONNECTION, declaration, executions, status_of, trigger
from tests.support import EmulatorCase, covers, error_code, error_message, error_of, eventually


def stage(name, category, provider, configuration):
    return {"name": name, "actions": [{"name": name, "configuration": configuration,
                                       "actionTypeId": {"category": category, "owner": "AWS", "provider": provider,
                                                        "version": "1"}}]}


class CodePipelineTests(EmulatorCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.role = cls.make_role("cp-pipeline-role", "codepipeline.amazonaws.com")
        cls.post("/_slipway/simulate", {"prefix": "run-", "stageSeconds": 0.2})

    @covers("codepipeline.get-pipeline-state")
    def test_get_pipeline_state_answers_each_stages_latest_execution(self):
        cp = self.client("codepipeline")
        cp.create_pipeline(pipeline={
            "name": "cp-state", "roleArn": self.role, "artifactStore": {"type": "S3", "location": "demo-artifacts"},
            "stages": [stage("Source", "Source", "S3", {"S3Bucket": "b", "S3ObjectKey": "k"}),
                       stage("Build", "Build", "CodeBuild", {"ProjectName": "demo-dev-web"}),
                       stage("Deploy", "Invoke", "Lambda", {"FunctionName": "demo-deployer"})]})
        state = cp.get_pipeline_state(name="cp-state")
        self.assertEqual([s["stageName"] for s in state["stageStates"]], ["Source", "Build", "Deploy"])
        self.assertNotIn("latestExecution", state["stageStates"][0])
        self.assertEqual(state["pipelineVersion"], 1)
        run = cp.start_pipeline_execution(name="cp-state")["pipelineExecutionId"]
        state = cp.get_pipeline_state(name="cp-state")
        self.assertTrue(all(s["latestExecution"]["pipelineExecutionId"] == run for s in state["stageStates"]), state)
        self.assertEqual(state["stageStates"][2]["actionStates"][0]["latestExecution"]["status"], "Succeeded")
        self.assertEqual(executions(cp, "cp-state")[0]["pipelineExecutionId"], run)
        self.assertEqual(error_code(lambda: cp.get_pipeline_state(name="nope")), "PipelineNotFoundException")

    @covers("codepipeline.job-results")
    def test_put_job_success_and_failure_results_are_recorded(self):
        cp, job = self.client("codepipeline"), "11111111-2222-3333-4444-555555555555"
        self.emulator.control("DELETE", "/_slipway/job-results")
        cp.put_job_success_result(jobId=job, continuationToken="wait:1", executionDetails={"summary": "rolling out"})
        cp.put_job_success_result(jobId=job, executionDetails={"summary": "done"})
        cp.put_job_failure_result(jobId=job, failureDetails={"type": "JobFailed", "message": "rollout failed"})
        status, recorded = self.emulator.control("GET", "/_slipway/job-results")
        self.assertEqual(status, 200)
        self.assertEqual([(r["kind"], r["continuationToken"]) for r in recorded],
                         [("success", "wait:1"), ("success", None), ("failure", None)])
        self.assertEqual(recorded[2]["failureDetails"]["message"], "rollout failed")
        self.assertEqual(recorded[0]["executionDetails"], {"summary": "rolling out"})
        # Past the model's max 5000: model validation answers before the patch's own check.
        loose = self.client("codepipeline", parameter_validation=False)
        self.assertEqual(error_code(lambda: loose.put_job_failure_result(
            jobId=job, failureDetails={"type": "JobFailed", "message": "x" * 5001})), "SlipwayModelViolation")

    @covers("codepipeline.v2-fields")
    def test_v2_fields_round_trip_with_aws_defaults_and_v1_refuses_v2_only_fields(self):
        cp = self.client("codepipeline")
        cp.create_pipeline(pipeline=declaration("v2-plain", self.role))
        got = cp.get_pipeline(name="v2-plain")["pipeline"]
        self.assertEqual((got["pipelineType"], got["executionMode"]), ("V1", "SUPERSEDED"))
        v2 = declaration("v2-full", self.role, pipelineType="V2", executionMode="QUEUED",
                         variables=[{"name": "env", "defaultValue": "prod"}],
                         triggers=trigger(branches={"includes": ["main"]}, filePaths={"includes": ["services/a/**"]}))
        cp.create_pipeline(pipeline=v2)
        got = cp.get_pipeline(name="v2-full")["pipeline"]
        for key in ("pipelineType", "executionMode", "triggers", "variables"):
            self.assertEqual(got[key], v2[key], key)
        got["executionMode"] = "PARALLEL"
        got.pop("triggers")
        self.assertEqual(cp.update_pipeline(pipeline=got)["pipeline"]["executionMode"], "PARALLEL")
        got = cp.get_pipeline(name="v2-full")["pipeline"]
        self.assertEqual((got["version"], "triggers" in got, got["executionMode"]), (2, False, "PARALLEL"))
        summary = {p["name"]: p for p in cp.list_pipelines()["pipelines"]}["v2-full"]
        self.assertEqual((summary["pipelineType"], summary["executionMode"]), ("V2", "PARALLEL"))

        def refused(**fields):
            return error_message(lambda: cp.create_pipeline(pipeline=declaration("v2-refused", self.role, **fields)))
        self.assertEqual(error_code(lambda: cp.create_pipeline(pipeline=declaration(
            "v2-refused", self.role, triggers=trigger(tags={"includes": ["v*"]})))), "InvalidStructureException")
        self.assertEqual(refused(triggers=trigger(tags={"includes": ["v*"]})),
                         "Triggers on tag can only be used with V2 pipelines")
        self.assertIn("V2", refused(executionMode="QUEUED"))
        self.assertIn("V2", refused(pipelineType="V1", executionMode="PARALLEL"))
        self.assertIn("valid filter combinations", refused(pipelineType="V2", triggers=trigger(
            branches={"includes": ["main"]}, tags={"includes": ["v*"]})))
        wrong = trigger(branches={"includes": ["main"]})
        wrong[0]["gitConfiguration"]["sourceActionName"] = "Build"
        self.assertIn("CodeStarSourceConnection action", refused(pipelineType="V2", triggers=wrong))
        self.assertEqual(error_of(lambda: cp.get_pipeline(name="v2-refused")), "PipelineNotFoundException")

    @covers("codepipeline.source-revisions")
    def test_a_commit_id_source_revision_override_is_the_runs_revision(self):
        cp, commit = self.client("codepipeline"), "c0ffee" * 6 + "abcd"
        cp.create_pipeline(pipeline=declaration("run-commit", self.role, repository="acme/commit", pipelineType="V2"))
        started = cp.start_pipeline_execution(name="run-commit", sourceRevisions=[
            {"actionName": "Source", "revisionType": "COMMIT_ID", "revisionValue": commit}])["pipelineExecutionId"]
        (summary,) = executions(cp, "run-commit")
        self.assertEqual((summary["pipelineExecutionId"], summary["sourceRevisions"][0]["revisionId"]), (started, commit))
        first = cp.get_pipeline_state(name="run-commit")["stageStates"][0]  # a new run enters its free first stage at once
        self.assertEqual(first["latestExecution"]["pipelineExecutionId"], started)
        self.assertEqual(error_code(lambda: cp.start_pipeline_execution(name="run-commit", sourceRevisions=[
            {"actionName": "Build", "revisionType": "COMMIT_ID", "revisionValue": commit}])), "ValidationException")

    def approve(self, name):
        """Approves the run waiting in the Approve stage (PutApprovalResult with its token)."""
        cp = self.client("codepipeline")

        def token():
            for stage_state in cp.get_pipeline_state(name=name)["stageStates"]:
                if stage_state["stageName"] == "Approve":
                    latest = stage_state["actionStates"][0].get("latestExecution") or {}
                    if latest.get("token") and latest.get("status") == "InProgress":
                        return latest["token"]
            return None
        found = eventually(token)
        self.assertTrue(found, f"no approval waiting in {name}")
        cp.put_approval_result(pipelineName=name, stageName="Approve", actionName="Approve",
                               result={"summary": "ok", "status": "Approved"}, token=found)

    def three_runs(self, name, mode):
        cp = self.client("codepipeline")
        cp.create_pipeline(pipeline=declaration(name, self.role, repository=f"acme/{name}", approval=True,
                                                pipelineType="V2", executionMode=mode))
        first = cp.start_pipeline_execution(name=name)["pipelineExecutionId"]
        self.assertTrue(eventually(lambda: cp.get_pipeline_state(name=name)["stageStates"][2].get(
            "latestExecution", {}).get("pipelineExecutionId") == first))
        second = cp.start_pipeline_execution(name=name)["pipelineExecutionId"]
        self.keep_asking(1.0)  # through Source and Build, then waiting for Approve
        third = cp.start_pipeline_execution(name=name)["pipelineExecutionId"]
        self.keep_asking(1.0)
        return first, second, third

    def keep_asking(self, seconds):
        """The simulated runs move on requests, by the wall clock (world/runs.py): keep asking for `seconds`."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.client("codepipeline").list_pipelines()
            time.sleep(0.05)

    @covers("world.simulation", "codepipeline.put-approval-result")
    def test_queued_runs_wait_in_order_and_superseded_replaces_the_older_waiting_run(self):
        cp = self.client("codepipeline")
        self.three_runs("run-queued", "QUEUED")
        self.assertEqual(set(status_of(cp, "run-queued").values()), {"InProgress"})
        self.assertEqual(executions(cp, "run-queued")[0]["executionMode"], "QUEUED")
        for _ in range(3):
            self.approve("run-queued")
        self.assertTrue(eventually(lambda: set(status_of(cp, "run-queued").values()) == {"Succeeded"}),
                        status_of(cp, "run-queued"))
        first, second, third = self.three_runs("run-superseded", "SUPERSEDED")
        statuses = status_of(cp, "run-superseded")
        self.assertEqual((statuses[first], statuses[second], statuses[third]), ("InProgress", "Superseded", "InProgress"))
        self.approve("run-superseded")
        self.approve("run-superseded")
        self.assertTrue(eventually(lambda: status_of(cp, "run-superseded")[third] == "Succeeded"))
        statuses = status_of(cp, "run-superseded")
        self.assertEqual((statuses[first], statuses[second]), ("Succeeded", "Superseded"))

    @covers("connections.get-connection")
    def test_get_connection_answers_the_connections_tests_declare(self):
        self.post("/_slipway/connections", {"arn": CONNECTION, "status": "PENDING", "name": "github"})
        for service in ("codeconnections", "codestar-connections"):
            got = self.client(service).get_connection(ConnectionArn=CONNECTION)["Connection"]
            self.assertEqual((got["ConnectionName"], got["ConnectionStatus"], got["ProviderType"]),
                             ("github", "PENDING", "GitHub"))
        missing = CONNECTION[:-4] + "0000"
        self.assertEqual(error_code(lambda: self.client("codeconnections").get_connection(ConnectionArn=missing)),
                         "ResourceNotFoundException")
