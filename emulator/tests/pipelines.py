"""Pipeline declarations the CodePipeline tests share: a CodeConnections source, builds, an optional approval."""

from tests.support import ACCOUNT, REGION

CONNECTION = f"arn:aws:codeconnections:{REGION}:{ACCOUNT}:connection/11111111-2222-3333-4444-555555555555"


def action(name, category, provider, configuration, owner="AWS"):
    return {"name": name, "configuration": configuration,
            "actionTypeId": {"category": category, "owner": owner, "provider": provider, "version": "1"}}


def declaration(name, role, repository="acme/shop", branch="main", approval=False, source_conf=None, **fields):
    """Source (CodeStarSourceConnection), Build, [Approve], Deploy; `fields` are the pipeline's own (V2...)."""
    conf = {"ConnectionArn": CONNECTION, "FullRepositoryId": repository, "BranchName": branch, **(source_conf or {})}
    stages = [{"name": "Source", "actions": [action("Source", "Source", "CodeStarSourceConnection", conf)]},
              {"name": "Build", "actions": [action("Build", "Build", "CodeBuild", {"ProjectName": "none"})]}]
    if approval:
        stages.append({"name": "Approve", "actions": [action("Approve", "Approval", "Manual", {})]})
    stages.append({"name": "Deploy", "actions": [action("Deploy", "Build", "CodeBuild", {"ProjectName": "none"})]})
    return {"name": name, "roleArn": role, "artifactStore": {"type": "S3", "location": "evt-artifacts"},
            "stages": stages, **fields}


def trigger(**push):
    """A V2 pipeline's triggers: one push filter on the Source action."""
    return [{"providerType": "CodeStarSourceConnection", "gitConfiguration": {"sourceActionName": "Source", "push": [push]}}]


def executions(codepipeline, name):
    return codepipeline.list_pipeline_executions(pipelineName=name)["pipelineExecutionSummaries"]


def status_of(codepipeline, name):
    """Execution id -> status of each of the pipeline's runs."""
    return {e["pipelineExecutionId"]: e["status"] for e in executions(codepipeline, name)}
