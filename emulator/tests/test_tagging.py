"""The Resource Groups Tagging API over ECR repositories, CodePipeline pipelines and log groups (logs:log-group),
with their live tags, in pages; ECS task definitions as ecs:task-definition."""

from tests.support import ACCOUNT, REGION, EmulatorCase, covers

TYPES = ["ecr:repository", "codepipeline:pipeline", "logs:log-group"]


class TaggingTests(EmulatorCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ecr, cp, logs = cls.client("ecr"), cls.client("codepipeline"), cls.client("logs")
        role = cls.make_role("tag-pipeline", "codepipeline.amazonaws.com")
        cls.arns = {}
        for name in ("a", "b"):
            cls.arns[f"repo-{name}"] = ecr.create_repository(repositoryName=f"tag-{name}-web", tags=[
                {"Key": "slipway:app", "Value": name}])["repository"]["repositoryArn"]
            cp.create_pipeline(pipeline={
                "name": f"tag-{name}", "roleArn": role, "artifactStore": {"type": "S3", "location": "tag-artifacts"},
                "stages": [{"name": stage, "actions": [{"name": stage, "configuration": conf, "actionTypeId": {
                    "category": stage, "owner": "AWS", "provider": provider, "version": "1"}}]}
                    for stage, provider, conf in (("Source", "S3", {"S3Bucket": "b", "S3ObjectKey": "k"}),
                                                  ("Build", "CodeBuild", {"ProjectName": "demo-dev-web"}))]},
                tags=[{"key": "slipway:app", "value": name}, {"key": "stage", "value": "dev"}])
            cls.arns[f"pipeline-{name}"] = cp.get_pipeline(name=f"tag-{name}")["metadata"]["pipelineArn"]
            logs.create_log_group(logGroupName=f"/ecs/tag-{name}-web", tags={"slipway:app": name})
            cls.arns[f"logs-{name}"] = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/ecs/tag-{name}-web"
        ecr.create_repository(repositoryName="tag-untagged")

    def found(self, **filters):
        """ARN -> tags of every resource GetResources lists for these filters, page by page."""
        got, token = {}, None
        while True:
            page = self.client("resourcegroupstaggingapi").get_resources(**filters, **({"PaginationToken": token} if token else {}))
            for mapping in page["ResourceTagMappingList"]:
                self.assertNotIn(mapping["ResourceARN"], got)
                got[mapping["ResourceARN"]] = {t["Key"]: t["Value"] for t in mapping["Tags"]}
            token = page.get("PaginationToken")
            if not token:
                return got

    def listed_tags(self, arn):
        """The resource's tags as its own service's ListTagsForResource shows them."""
        if ":ecr:" in arn:
            return {t["Key"]: t["Value"] for t in self.client("ecr").list_tags_for_resource(resourceArn=arn)["tags"]}
        if ":codepipeline:" in arn:
            return {t["key"]: t["value"] for t in self.client("codepipeline").list_tags_for_resource(resourceArn=arn)["tags"]}
        return self.client("logs").list_tags_for_resource(resourceArn=arn)["tags"]

    def of(self, *keys):
        return {self.arns[k] for k in keys}

    @covers("tagging.every-service")
    def test_get_resources_lists_repositories_pipelines_and_log_groups_with_the_tags_their_services_list(self):
        self.assertEqual(self.arns["pipeline-a"], f"arn:aws:codepipeline:{REGION}:{ACCOUNT}:tag-a")
        got = self.found(TagFilters=[{"Key": "slipway:app", "Values": ["a"]}], ResourceTypeFilters=TYPES)
        self.assertEqual(set(got), self.of("repo-a", "pipeline-a", "logs-a"))
        for arn in got:
            self.assertEqual(got[arn], self.listed_tags(arn))
        self.assertEqual(got[self.arns["pipeline-a"]], {"slipway:app": "a", "stage": "dev"})
        # A service alone in ResourceTypeFilters, a key without values; the untagged repository is not listed.
        got = self.found(TagFilters=[{"Key": "slipway:app"}], ResourceTypeFilters=["ecr", "codepipeline"])
        self.assertEqual(set(got), self.of("repo-a", "repo-b", "pipeline-a", "pipeline-b"))
        got = self.found(TagFilters=[{"Key": "slipway:app", "Values": ["a", "b"]}, {"Key": "stage"}])
        self.assertEqual(set(got), self.of("pipeline-a", "pipeline-b"))
        self.assertEqual(self.found(ResourceTypeFilters=["logs:loggroup"]), {})  # moto's old type, which AWS does not have
        self.assertEqual(set(self.found(ResourceTypeFilters=["logs"], TagFilters=[{"Key": "slipway:app", "Values": ["b"]}])),
                         self.of("logs-b"))

    @covers("tagging.every-service")
    def test_tag_and_untag_resource_show_in_the_next_get_resources_and_tag_resources_reaches_them(self):
        ecr, cp, tagging = self.client("ecr"), self.client("codepipeline"), self.client("resourcegroupstaggingapi")
        ecr.tag_resource(resourceArn=self.arns["repo-a"], tags=[{"Key": "tier", "Value": "web"}])
        cp.untag_resource(resourceArn=self.arns["pipeline-a"], tagKeys=["slipway:app"])
        got = self.found(TagFilters=[{"Key": "slipway:app", "Values": ["a"]}], ResourceTypeFilters=TYPES)
        self.assertEqual(set(got), self.of("repo-a", "logs-a"))
        self.assertEqual(got[self.arns["repo-a"]], {"slipway:app": "a", "tier": "web"})
        ecr.untag_resource(resourceArn=self.arns["repo-a"], tagKeys=["tier"])
        cp.tag_resource(resourceArn=self.arns["pipeline-a"], tags=[{"key": "slipway:app", "value": "a"}])
        got = self.found(TagFilters=[{"Key": "slipway:app", "Values": ["a"]}], ResourceTypeFilters=TYPES)
        self.assertEqual(got, {self.arns["repo-a"]: {"slipway:app": "a"},
                               self.arns["pipeline-a"]: {"slipway:app": "a", "stage": "dev"},
                               self.arns["logs-a"]: {"slipway:app": "a"}})
        both = [self.arns["repo-b"], self.arns["pipeline-b"]]
        self.assertEqual(tagging.tag_resources(ResourceARNList=both, Tags={"owner": "ops"})["FailedResourcesMap"], {})
        self.assertEqual([self.listed_tags(arn).get("owner") for arn in both], ["ops", "ops"])
        tagging.untag_resources(ResourceARNList=both, TagKeys=["owner"])
        self.assertEqual([self.listed_tags(arn).get("owner") for arn in both], [None, None])

    @covers("tagging.every-service")
    def test_get_resources_pages_them_one_a_page_each_once(self):
        pages, token = [], None
        while True:
            page = self.client("resourcegroupstaggingapi").get_resources(
                TagFilters=[{"Key": "slipway:app", "Values": ["a"]}], ResourceTypeFilters=TYPES, ResourcesPerPage=1,
                **({"PaginationToken": token} if token else {}))
            pages.append([m["ResourceARN"] for m in page["ResourceTagMappingList"]])
            token = page.get("PaginationToken")
            if not token:
                break
        self.assertEqual([len(p) for p in pages], [1, 1, 1])  # a PaginationToken on all but the last
        self.assertEqual({p[0] for p in pages}, self.of("repo-a", "pipeline-a", "logs-a"))

    def test_an_ecs_task_definition_is_listed_as_ecs_task_definition(self):
        arn = self.client("ecs").register_task_definition(family="tag-a-web", containerDefinitions=[
            {"name": "web", "image": "nginx", "memory": 128}], tags=[{"key": "slipway:app", "value": "a"}])[
            "taskDefinition"]["taskDefinitionArn"]
        got = self.found(TagFilters=[{"Key": "slipway:app", "Values": ["a"]}], ResourceTypeFilters=["ecs:task-definition"])
        self.assertEqual(got, {arn: {"slipway:app": "a"}})
