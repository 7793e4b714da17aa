"""POST /_slipway/push: a Git push starts the pipelines whose triggers (or source action's BranchName) match
it, with the push's commit as the run's source revision."""

from tests.pipelines import CONNECTION, declaration, executions, trigger
from tests.support import EmulatorCase, covers, eventually


class PushTests(EmulatorCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.role = cls.make_role("push-pipeline-role", "codepipeline.amazonaws.com")
        cls.post("/_slipway/simulate", {"prefix": "push-", "stageSeconds": 0.2})

    def create(self, name, repository, **fields):
        self.client("codepipeline").create_pipeline(pipeline=declaration(name, self.role, repository=repository, **fields))

    @covers("world.pushes")
    def test_a_monorepo_push_touching_one_service_starts_only_its_pipeline(self):
        cp = self.client("codepipeline")
        for service in ("a", "b"):
            self.create(f"push-mono-{service}", "acme/mono", pipelineType="V2", triggers=trigger(
                branches={"includes": ["main"]}, filePaths={"includes": [f"services/{service}/**"], "excludes": ["**/*.md"]}))
        commit = "a" * 40
        got = self.post("/_slipway/push", {"repository": "acme/mono", "branch": "main", "commit": commit,
                                           "files": ["services/a/Sources/main.swift", "services/b/README.md"]})
        self.assertEqual([s["pipeline"] for s in got["started"]], ["push-mono-a"])
        self.assertEqual(got["skipped"], [{"pipeline": "push-mono-b",
                                           "reason": "no file matches services/b/** (excluding **/*.md)"}])
        (run,) = executions(cp, "push-mono-a")
        self.assertEqual(run["pipelineExecutionId"], got["started"][0]["executionId"])
        self.assertEqual(run["trigger"], {"triggerType": "WebhookV2", "triggerDetail": CONNECTION})
        self.assertEqual(run["sourceRevisions"][0]["revisionId"], commit)
        self.assertEqual(executions(cp, "push-mono-b"), [])
        got = self.post("/_slipway/push", {"repository": "acme/mono", "branch": "feature/x", "files": ["services/a/main.swift"]})
        self.assertEqual(got["started"], [])
        self.assertIn("branch feature/x not in main", got["skipped"][0]["reason"])

        def execution():
            return cp.get_pipeline_execution(pipelineName="push-mono-a", pipelineExecutionId=run["pipelineExecutionId"])[
                "pipelineExecution"]
        self.assertTrue(eventually(lambda: execution()["status"] == "Succeeded"), execution())
        self.assertEqual(execution()["artifactRevisions"][0]["revisionId"], commit)

    @covers("world.pushes")
    def test_a_tags_trigger_starts_on_a_tag_push_and_the_default_trigger_follows_branch_name(self):
        cp = self.client("codepipeline")
        self.create("push-rel-production", "acme/rel", pipelineType="V2",
                    triggers=trigger(tags={"includes": ["v*"], "excludes": ["v*-rc*"]}))
        self.create("push-rel-staging", "acme/rel", pipelineType="V2")
        self.create("push-rel-v1", "acme/rel")
        got = self.post("/_slipway/push", {"repository": "acme/rel", "tag": "v1.2.0", "commit": "b" * 40})
        self.assertEqual([s["pipeline"] for s in got["started"]], ["push-rel-production"])
        self.assertEqual({s["pipeline"] for s in got["skipped"]}, {"push-rel-staging", "push-rel-v1"})  # never a V1 on a tag
        self.assertEqual(executions(cp, "push-rel-production")[0]["sourceRevisions"][0]["revisionId"], "b" * 40)
        got = self.post("/_slipway/push", {"repository": "acme/rel", "tag": "v1.3.0-rc1"})
        self.assertEqual(got["started"], [])
        self.assertIn("excluded by v*-rc*", got["skipped"][0]["reason"])
        got = self.post("/_slipway/push", {"repository": "acme/rel", "branch": "main", "files": ["x.swift"]})
        self.assertEqual(sorted(s["pipeline"] for s in got["started"]), ["push-rel-staging", "push-rel-v1"])
        self.assertEqual(got["skipped"], [{"pipeline": "push-rel-production", "reason": "the filter has no branches"}])
        self.assertEqual(len(executions(cp, "push-rel-production")), 1)

    @covers("world.pushes")
    def test_detect_changes_false_is_never_started_by_a_push(self):
        cp = self.client("codepipeline")
        self.create("push-dc-v2", "acme/dc", pipelineType="V2", source_conf={"DetectChanges": "false"})
        self.create("push-dc-v1", "acme/dc", source_conf={"DetectChanges": "false"})
        self.create("push-dc-on", "acme/dc")
        got = self.post("/_slipway/push", {"repository": "acme/dc", "branch": "main"})
        self.assertEqual([s["pipeline"] for s in got["started"]], ["push-dc-on"])
        self.assertEqual({s["pipeline"]: s["reason"] for s in got["skipped"]}, {
            "push-dc-v2": "DetectChanges is false on Source", "push-dc-v1": "DetectChanges is false on Source"})
        self.assertEqual((executions(cp, "push-dc-v2"), executions(cp, "push-dc-v1")), ([], []))
