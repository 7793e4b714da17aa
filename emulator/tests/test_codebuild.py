"""CodeBuild: CODEPIPELINE sources and artifacts without a location, UpdateProject, BatchGetProjects'
projectsNotFound, builds that read the same each time."""

from tests.support import EmulatorCase, covers, error_code

ENVIRONMENT = {"type": "LINUX_CONTAINER", "image": "aws/codebuild/standard:7.0",
               "computeType": "BUILD_GENERAL1_SMALL", "privilegedMode": True}


class CodeBuildTests(EmulatorCase):
    def project(self, name):
        """A project as Slipway makes them: source and artifacts CODEPIPELINE, no location."""
        return self.client("codebuild").create_project(
            name=name, source={"type": "CODEPIPELINE", "buildspec": "buildspec.yml"}, artifacts={"type": "CODEPIPELINE"},
            environment=ENVIRONMENT, serviceRole=self.make_role(f"{name}-build", "codebuild.amazonaws.com"))["project"]

    @covers("codebuild.pipeline-sources")
    def test_create_project_with_codepipeline_source_and_artifacts_and_no_location(self):
        got = self.project("cb-create")
        self.assertEqual((got["source"]["type"], got["artifacts"]["type"]), ("CODEPIPELINE", "CODEPIPELINE"))

    @covers("codebuild.update-project")
    def test_update_project_changes_what_batch_get_projects_returns(self):
        cb = self.client("codebuild")
        self.project("cb-update")
        cb.update_project(name="cb-update", description="web service",
                          environment={**ENVIRONMENT, "computeType": "BUILD_GENERAL1_MEDIUM"},
                          tags=[{"key": "slipway:app", "value": "demo"}])
        (got,) = cb.batch_get_projects(names=["cb-update"])["projects"]
        self.assertEqual(got["environment"]["computeType"], "BUILD_GENERAL1_MEDIUM")
        self.assertEqual(got["description"], "web service")
        self.assertEqual(got["tags"], [{"key": "slipway:app", "value": "demo"}])
        self.assertEqual(error_code(lambda: cb.update_project(name="missing-project", description="x")),
                         "ResourceNotFoundException")

    @covers("codebuild.projects-not-found")
    def test_batch_get_projects_lists_the_names_it_did_not_find(self):
        self.project("cb-found")
        got = self.client("codebuild").batch_get_projects(names=["cb-found", "missing-project"])
        self.assertEqual([p["name"] for p in got["projects"]], ["cb-found"])
        self.assertEqual(got["projectsNotFound"], ["missing-project"])

    @covers("codebuild.stable-builds")
    def test_batch_get_builds_reads_the_same_build_each_time(self):
        cb = self.client("codebuild")
        self.project("cb-builds")
        build_id = cb.start_build(projectName="cb-builds")["build"]["id"]
        self.assertEqual(cb.list_builds_for_project(projectName="cb-builds")["ids"], [build_id])
        first = cb.batch_get_builds(ids=[build_id])["builds"][0]
        second = cb.batch_get_builds(ids=[build_id])["builds"][0]
        self.assertEqual(first["buildStatus"], "SUCCEEDED")
        self.assertEqual(len(first["phases"]), len(second["phases"]))
        self.assertEqual(first["endTime"], second["endTime"])
