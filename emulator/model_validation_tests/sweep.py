"""The sweep: each operation Slipway calls (Sources/AWSServices), with realistic parameters, through
boto3 clients the caller gives; and the task definition Slipway registers."""

import io
import json
import time
import uuid
import zipfile

from botocore.exceptions import ClientError

from .support import ACCOUNT


SWEEP_TASK_DEFINITION = {
    "family": "dbmi-development-sciauth",
    "taskRoleArn": f"arn:aws:iam::{ACCOUNT}:role/dbmi-development-sciauth-task",
    "executionRoleArn": f"arn:aws:iam::{ACCOUNT}:role/dbmi-development-sciauth-task-exec",
    "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "512",
    "runtimePlatform": {"cpuArchitecture": "X86_64", "operatingSystemFamily": "LINUX"},
    "containerDefinitions": [{
        "name": "sciauth", "image": f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/dbmi/sciauth:latest",
        "essential": True, "portMappings": [{"containerPort": 8005, "protocol": "tcp"}],
        "environment": [{"name": "DJANGO_DEBUG", "value": "false"}],
        "secrets": [{"name": "DB_PASSWORD",
                     "valueFrom": f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:sciauth-db"}],
        "logConfiguration": {"logDriver": "awslogs", "options": {
            "awslogs-group": "/ecs/dbmi/development/sciauth", "awslogs-region": "us-east-1",
            "awslogs-stream-prefix": "sciauth"}}}],
    "tags": [{"key": "slipway:app", "value": "dbmi"}, {"key": "slipway:env", "value": "development"}],
}


def run_sweep(client_for):
    """[(operation, error code or None)] for every operation Slipway calls."""
    outcomes = []
    app, env, svc = "sweep", "development", "sciauth"
    prefix = f"{app}-{env}-{svc}"
    uid = uuid.uuid4().hex[:8]

    def call(client, operation, **params):
        try:
            result = getattr(client, operation)(**params)
            outcomes.append((operation, None))
            return result
        except ClientError as error:
            outcomes.append((operation, error.response["Error"].get("Code")))
            return None
        except Exception as error:  # noqa: BLE001 - moto's own failures (a 500 page)
            outcomes.append((operation, type(error).__name__))
            return None

    tags_kv = [{"Key": "slipway:app", "Value": app}, {"Key": "slipway:env", "Value": env},
               {"Key": "slipway:managed-by", "Value": "slipway"}]
    tags_lower = [{"key": t["Key"], "value": t["Value"]} for t in tags_kv]
    tags_map = {t["Key"]: t["Value"] for t in tags_kv}

    # ---- STS and IAM (query)
    sts, iam = client_for("sts"), client_for("iam")
    call(sts, "get_caller_identity")
    trust = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    policy = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "Logs", "Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
         "Resource": f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/ecs/{app}/*"},
        {"Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*",
         "Condition": {"StringEquals": {"aws:RequestTag/slipway:app": app}}}]})
    role = f"{prefix}-task-{uid}"
    role_arn = f"arn:aws:iam::{ACCOUNT}:role/{role}"
    call(iam, "create_role", RoleName=role, AssumeRolePolicyDocument=trust, Path="/",
         Description=f"Slipway: {app} {env} {svc} task role", MaxSessionDuration=3600, Tags=tags_kv)
    call(iam, "get_role", RoleName=role)
    call(iam, "update_assume_role_policy", RoleName=role, PolicyDocument=trust)
    call(iam, "tag_role", RoleName=role, Tags=[{"Key": "slipway:service", "Value": svc}])
    call(iam, "list_role_tags", RoleName=role, MaxItems=100)
    call(iam, "untag_role", RoleName=role, TagKeys=["slipway:service"])
    call(iam, "put_role_policy", RoleName=role, PolicyName="slipway", PolicyDocument=policy)
    call(iam, "get_role_policy", RoleName=role, PolicyName="slipway")
    call(iam, "list_role_policies", RoleName=role)
    managed = call(iam, "create_policy", PolicyName=f"{app}-operator-{uid}", Path="/slipway/", PolicyDocument=policy,
                   Description="Slipway operator policy", Tags=tags_kv)
    policy_arn = managed["Policy"]["Arn"] if managed else f"arn:aws:iam::{ACCOUNT}:policy/x"
    call(iam, "get_policy", PolicyArn=policy_arn)
    call(iam, "tag_policy", PolicyArn=policy_arn, Tags=[{"Key": "slipway:version", "Value": "2"}])
    version = call(iam, "create_policy_version", PolicyArn=policy_arn, PolicyDocument=policy, SetAsDefault=True)
    call(iam, "list_policy_versions", PolicyArn=policy_arn)
    call(iam, "get_policy_version", PolicyArn=policy_arn, VersionId="v1")
    if version:
        call(iam, "delete_policy_version", PolicyArn=policy_arn, VersionId="v1")
    call(iam, "list_policies", Scope="Local", OnlyAttached=False, PathPrefix="/slipway/", MaxItems=100)
    call(iam, "attach_role_policy", RoleName=role, PolicyArn=policy_arn)
    call(iam, "list_attached_role_policies", RoleName=role)
    call(iam, "list_roles", PathPrefix="/", MaxItems=1000)
    user = f"{app}-operator-{uid}"
    call(iam, "create_user", UserName=user, Tags=tags_kv)
    call(iam, "put_user_policy", UserName=user, PolicyName="operator", PolicyDocument=policy)
    access_key = call(iam, "create_access_key", UserName=user)
    call(iam, "list_access_keys", UserName=user)
    # (moto fails with a 500 on assuming a role that trusts a service: this one trusts the account.)
    operator = f"{app}-operator-{uid}"
    call(iam, "create_role", RoleName=operator, AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "sts:AssumeRole"},
            {"Effect": "Allow", "Principal": {"Federated": f"arn:aws:iam::{ACCOUNT}:oidc-provider/token.actions.githubusercontent.com"},
             "Action": "sts:AssumeRoleWithWebIdentity"}]}))
    operator_arn = f"arn:aws:iam::{ACCOUNT}:role/{operator}"
    call(sts, "assume_role", RoleArn=operator_arn, RoleSessionName=f"slipway-{int(time.time())}", DurationSeconds=900)
    call(sts, "assume_role_with_web_identity", RoleArn=operator_arn, RoleSessionName="slipway-ci",
         WebIdentityToken="eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmhtcy1kYm1pL1NjaUF1dGgifQ.c2ln",
         DurationSeconds=3600)

    # ---- ECR (json)
    ecr = client_for("ecr")
    repo = f"{app}/{svc}-{uid}"
    created = call(ecr, "create_repository", repositoryName=repo, imageTagMutability="MUTABLE",
                   imageScanningConfiguration={"scanOnPush": True},
                   encryptionConfiguration={"encryptionType": "AES256"}, tags=tags_kv)
    repo_arn = created["repository"]["repositoryArn"] if created else f"arn:aws:ecr:us-east-1:{ACCOUNT}:repository/{repo}"
    call(ecr, "describe_repositories", repositoryNames=[repo])
    call(ecr, "describe_repositories", maxResults=100)
    lifecycle = json.dumps({"rules": [{"rulePriority": 1, "description": "keep 20 images",
                                       "selection": {"tagStatus": "any", "countType": "imageCountMoreThan",
                                                     "countNumber": 20}, "action": {"type": "expire"}}]})
    call(ecr, "put_lifecycle_policy", repositoryName=repo, lifecyclePolicyText=lifecycle)
    call(ecr, "get_lifecycle_policy", repositoryName=repo)
    call(ecr, "put_image_scanning_configuration", repositoryName=repo, imageScanningConfiguration={"scanOnPush": False})
    call(ecr, "put_image_tag_mutability", repositoryName=repo, imageTagMutability="MUTABLE")
    call(ecr, "tag_resource", resourceArn=repo_arn, tags=[{"Key": "slipway:service", "Value": svc}])
    call(ecr, "list_tags_for_resource", resourceArn=repo_arn)
    call(ecr, "untag_resource", resourceArn=repo_arn, tagKeys=["slipway:service"])
    call(ecr, "get_authorization_token")
    manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                           "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 7023,
                                      "digest": "sha256:" + "a" * 64},
                           "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                                       "size": 32654, "digest": "sha256:" + "b" * 64}]})
    call(ecr, "put_image", repositoryName=repo, imageManifest=manifest, imageTag="0123456789abcdef0123456789abcdef01234567",
         imageManifestMediaType="application/vnd.docker.distribution.manifest.v2+json")
    call(ecr, "list_images", repositoryName=repo, filter={"tagStatus": "TAGGED"}, maxResults=1000)
    call(ecr, "describe_images", repositoryName=repo, imageIds=[{"imageTag": "latest"}], filter={"tagStatus": "ANY"})
    call(ecr, "describe_images", repositoryName=repo, maxResults=100)
    call(ecr, "batch_delete_image", repositoryName=repo, imageIds=[{"imageDigest": "sha256:" + "c" * 64}])
    call(ecr, "delete_lifecycle_policy", repositoryName=repo)

    # ---- CloudWatch Logs (json)
    logs = client_for("logs")
    group = f"/ecs/{app}/{env}/{svc}-{uid}"
    call(logs, "create_log_group", logGroupName=group, tags=tags_map)
    call(logs, "put_retention_policy", logGroupName=group, retentionInDays=30)
    call(logs, "describe_log_groups", logGroupNamePrefix=f"/ecs/{app}/", limit=50)
    call(logs, "create_log_stream", logGroupName=group, logStreamName=f"{svc}/{svc}/0123456789abcdef")
    now = int(time.time() * 1000)
    call(logs, "put_log_events", logGroupName=group, logStreamName=f"{svc}/{svc}/0123456789abcdef",
         logEvents=[{"timestamp": now, "message": "GET /health 200"}, {"timestamp": now + 1, "message": "é ✓"}])
    call(logs, "describe_log_streams", logGroupName=group, orderBy="LastEventTime", descending=True, limit=50)
    call(logs, "get_log_events", logGroupName=group, logStreamName=f"{svc}/{svc}/0123456789abcdef",
         startFromHead=True, limit=100, startTime=now - 3600_000)
    call(logs, "filter_log_events", logGroupName=group, startTime=now - 3600_000, endTime=now + 1000,
         limit=1000, logStreamNamePrefix=f"{svc}/", filterPattern="ERROR")
    log_arn = f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:{group}"
    call(logs, "tag_resource", resourceArn=log_arn, tags={"slipway:service": svc})
    call(logs, "list_tags_for_resource", resourceArn=log_arn)
    call(logs, "untag_resource", resourceArn=log_arn, tagKeys=["slipway:service"])
    call(logs, "delete_retention_policy", logGroupName=group)
    call(logs, "delete_log_stream", logGroupName=group, logStreamName=f"{svc}/{svc}/0123456789abcdef")
    call(logs, "delete_log_group", logGroupName=group)

    # ---- EC2 (ec2): the network that ECS services are put in
    ec2 = client_for("ec2")
    subnets = call(ec2, "describe_subnets", Filters=[{"Name": "default-for-az", "Values": ["true"]}])
    subnet_ids = [s["SubnetId"] for s in subnets["Subnets"]][:2] if subnets else ["subnet-1"]
    call(ec2, "describe_subnets", SubnetIds=subnet_ids[:1])
    groups = call(ec2, "describe_security_groups", Filters=[{"Name": "group-name", "Values": ["default"]}])
    group_ids = [g["GroupId"] for g in groups["SecurityGroups"]][:1] if groups else ["sg-1"]
    call(ec2, "describe_vpcs", Filters=[{"Name": "is-default", "Values": ["true"]}])

    # ---- ECS (json)
    ecs = client_for("ecs")
    cluster = f"{app}-{uid}"
    call(ecs, "create_cluster", clusterName=cluster, tags=tags_lower,
         settings=[{"name": "containerInsights", "value": "enabled"}])
    call(ecs, "describe_clusters", clusters=[cluster], include=["TAGS", "SETTINGS"])
    task = dict(SWEEP_TASK_DEFINITION, family=f"{prefix}-{uid}")
    registered = call(ecs, "register_task_definition", **task)
    task_arn = registered["taskDefinition"]["taskDefinitionArn"] if registered else f"{prefix}-{uid}:1"
    call(ecs, "describe_task_definition", taskDefinition=f"{prefix}-{uid}", include=["TAGS"])
    call(ecs, "list_task_definitions", familyPrefix=f"{prefix}-{uid}", status="ACTIVE", sort="DESC", maxResults=100)
    network = {"awsvpcConfiguration": {"subnets": subnet_ids, "securityGroups": group_ids, "assignPublicIp": "DISABLED"}}
    call(ecs, "create_service", cluster=cluster, serviceName=svc, taskDefinition=task_arn, desiredCount=1,
         launchType="FARGATE", networkConfiguration=network, propagateTags="SERVICE", enableECSManagedTags=True,
         deploymentConfiguration={"deploymentCircuitBreaker": {"enable": True, "rollback": True},
                                  "maximumPercent": 200, "minimumHealthyPercent": 100},
         tags=tags_lower)
    call(ecs, "describe_services", cluster=cluster, services=[svc], include=["TAGS"])
    call(ecs, "update_service", cluster=cluster, service=svc, desiredCount=2, taskDefinition=task_arn,
         forceNewDeployment=False, networkConfiguration=network)
    call(ecs, "list_services", cluster=cluster, maxResults=100)
    listed = call(ecs, "list_tasks", cluster=cluster, serviceName=svc, desiredStatus="RUNNING")
    call(ecs, "describe_tasks", cluster=cluster, tasks=(listed or {}).get("taskArns") or [f"arn:aws:ecs:us-east-1:{ACCOUNT}:task/{cluster}/0123"])
    service_arn = f"arn:aws:ecs:us-east-1:{ACCOUNT}:service/{cluster}/{svc}"
    call(ecs, "tag_resource", resourceArn=service_arn, tags=[{"key": "slipway:service", "value": svc}])
    call(ecs, "list_tags_for_resource", resourceArn=service_arn)
    call(ecs, "untag_resource", resourceArn=service_arn, tagKeys=["slipway:service"])
    call(ecs, "delete_service", cluster=cluster, service=svc, force=True)
    call(ecs, "deregister_task_definition", taskDefinition=task_arn)
    call(ecs, "delete_task_definitions", taskDefinitions=[task_arn])
    call(ecs, "delete_cluster", cluster=cluster)

    # ---- CodeBuild (json)
    cb = client_for("codebuild")
    project = f"{prefix}-{uid}"
    build_role = f"arn:aws:iam::{ACCOUNT}:role/{role}"
    environment = {"type": "LINUX_CONTAINER", "image": "aws/codebuild/amazonlinux2-x86_64-standard:5.0",
                   "computeType": "BUILD_GENERAL1_MEDIUM", "privilegedMode": True,
                   "environmentVariables": [{"name": "REPOSITORY_URI", "value": f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/{repo}",
                                             "type": "PLAINTEXT"}]}
    project_args = dict(source={"type": "CODEPIPELINE", "buildspec": "version: 0.2\nphases:\n  build:\n    commands:\n      - docker build .\n"},
                        artifacts={"type": "CODEPIPELINE"}, environment=environment, serviceRole=build_role,
                        timeoutInMinutes=60, logsConfig={"cloudWatchLogs": {"status": "ENABLED", "groupName": f"/aws/codebuild/{project}"}},
                        description=f"Slipway: builds {svc}", tags=tags_lower)
    call(cb, "create_project", name=project, **project_args)
    call(cb, "update_project", name=project, **project_args)
    call(cb, "batch_get_projects", names=[project])
    started = call(cb, "start_build", projectName=project, sourceVersion="0123456789abcdef0123456789abcdef01234567")
    call(cb, "list_builds_for_project", projectName=project, sortOrder="DESCENDING")
    call(cb, "batch_get_builds", ids=[started["build"]["id"]] if started else [f"{project}:1"])
    call(cb, "delete_project", name=project)

    # ---- Lambda (rest-json)
    lam = client_for("lambda")
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("bootstrap", "#!/bin/sh\n")
    function = f"{app}-deployer-{uid}"
    lambda_role = f"arn:aws:iam::{ACCOUNT}:role/{function}"
    lambda_trust = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    call(iam, "create_role", RoleName=function, AssumeRolePolicyDocument=lambda_trust, Tags=tags_kv)
    created = call(lam, "create_function", FunctionName=function, Runtime="provided.al2023", Handler="bootstrap",
                   Role=lambda_role, Code={"ZipFile": zipped.getvalue()}, Description="Slipway deployer",
                   Timeout=900, MemorySize=256, Architectures=["x86_64"], Tags=tags_map,
                   Environment={"Variables": {"SLIPWAY_LOG": "info"}})
    function_arn = created["FunctionArn"] if created else f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:{function}"
    call(lam, "get_function", FunctionName=function)
    call(lam, "get_function_configuration", FunctionName=function_arn)
    call(lam, "list_functions", MaxItems=50)
    call(lam, "update_function_code", FunctionName=function, ZipFile=zipped.getvalue(), Publish=False)
    call(lam, "update_function_configuration", FunctionName=function, Role=lambda_role, Timeout=600,
         MemorySize=512, Description="Slipway deployer", Environment={"Variables": {"SLIPWAY_LOG": "debug"}})
    call(lam, "tag_resource", Resource=function_arn, Tags={"slipway:version": "0.2.0"})
    call(lam, "list_tags", Resource=function_arn)
    call(lam, "untag_resource", Resource=function_arn, TagKeys=["slipway:version"])

    # ---- CodePipeline and CodeConnections (json)
    cp = client_for("codepipeline")
    connection = f"arn:aws:codeconnections:us-east-1:{ACCOUNT}:connection/{uuid.uuid4()}"
    for service in ("codeconnections", "codestar-connections"):
        arn = connection if service == "codeconnections" else connection.replace("codeconnections", "codestar-connections")
        call(client_for(service), "get_connection", ConnectionArn=arn)
    pipeline_name = f"{prefix}-{uid}"
    pipeline_role = f"arn:aws:iam::{ACCOUNT}:role/{role}"

    def action(name, category, provider, configuration, owner="AWS", inputs=(), outputs=(), run_order=1):
        return {"name": name, "actionTypeId": {"category": category, "owner": owner, "provider": provider, "version": "1"},
                "configuration": configuration, "runOrder": run_order,
                "inputArtifacts": [{"name": i} for i in inputs], "outputArtifacts": [{"name": o} for o in outputs]}

    pipeline = {
        "name": pipeline_name, "roleArn": pipeline_role,
        "artifactStore": {"type": "S3", "location": f"{app}-artifacts-{ACCOUNT}-us-east-1"},
        "stages": [
            {"name": "Source", "actions": [action("Source", "Source", "CodeStarSourceConnection", {
                "ConnectionArn": connection, "FullRepositoryId": "hms-dbmi/SciAuth", "BranchName": env,
                "OutputArtifactFormat": "CODE_ZIP", "DetectChanges": "true"}, outputs=["SourceOutput"])]},
            {"name": "Build", "actions": [action("Build", "Build", "CodeBuild", {"ProjectName": project},
                                                 inputs=["SourceOutput"], outputs=["BuildOutput"])]},
            {"name": "Approval", "actions": [action("Approve", "Approval", "Manual", {
                "CustomData": "Deploy sciauth to production?"})]},
            {"name": "Deploy", "actions": [action("Deploy", "Invoke", "Lambda", {
                "FunctionName": function, "UserParameters": json.dumps(
                    {"cluster": cluster, "service": svc, "family": f"{prefix}-{uid}", "container": svc, "timeout": 900})},
                inputs=["BuildOutput"])]},
        ],
        "version": 1,
    }
    call(cp, "create_pipeline", pipeline=pipeline, tags=tags_lower)
    got = call(cp, "get_pipeline", name=pipeline_name)
    if got:
        pipeline["version"] = got["pipeline"]["version"]
    call(cp, "update_pipeline", pipeline=pipeline)
    call(cp, "list_pipelines", maxResults=100)
    run = call(cp, "start_pipeline_execution", name=pipeline_name, clientRequestToken=str(uuid.uuid4()))
    run_id = run["pipelineExecutionId"] if run else str(uuid.uuid4())
    call(cp, "list_pipeline_executions", pipelineName=pipeline_name, maxResults=20)
    call(cp, "get_pipeline_execution", pipelineName=pipeline_name, pipelineExecutionId=run_id)
    call(cp, "get_pipeline_state", name=pipeline_name)
    call(cp, "put_approval_result", pipelineName=pipeline_name, stageName="Approval", actionName="Approve",
         result={"summary": "approved by slipway release", "status": "Approved"}, token=str(uuid.uuid4()))
    job = str(uuid.uuid4())
    call(cp, "put_job_success_result", jobId=job, continuationToken=json.dumps({"deployment": "ecs-svc/1234", "deadline": 1700000000}),
         executionDetails={"summary": "rolling out sciauth", "externalExecutionId": "ecs-svc/1234", "percentComplete": 50})
    call(cp, "put_job_success_result", jobId=job, executionDetails={"summary": "deployed"},
         outputVariables={"TaskDefinitionArn": task_arn})
    call(cp, "put_job_failure_result", jobId=job, failureDetails={"type": "JobFailed", "message": "rollout failed: tasks stopped",
                                                                  "externalExecutionId": "ecs-svc/1234"})
    pipeline_arn = f"arn:aws:codepipeline:us-east-1:{ACCOUNT}:{pipeline_name}"
    call(cp, "tag_resource", resourceArn=pipeline_arn, tags=[{"key": "slipway:service", "value": svc}])
    call(cp, "list_tags_for_resource", resourceArn=pipeline_arn)
    call(cp, "untag_resource", resourceArn=pipeline_arn, tagKeys=["slipway:service"])
    call(cp, "delete_pipeline", name=pipeline_name)
    call(lam, "delete_function", FunctionName=function)

    # ---- S3 (rest-xml), path style as Slipway sends it
    s3 = client_for("s3", s3={"addressing_style": "path"})
    bucket = f"{app}-artifacts-{uid}"
    call(s3, "list_buckets", MaxBuckets=100, Prefix=f"{app}-")
    call(s3, "create_bucket", Bucket=bucket)
    call(s3, "head_bucket", Bucket=bucket)
    call(s3, "put_bucket_encryption", Bucket=bucket, ServerSideEncryptionConfiguration={
        "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": True}]})
    call(s3, "get_bucket_encryption", Bucket=bucket)
    call(s3, "put_public_access_block", Bucket=bucket, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    call(s3, "get_public_access_block", Bucket=bucket)
    call(s3, "put_bucket_versioning", Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    call(s3, "get_bucket_versioning", Bucket=bucket)
    call(s3, "put_bucket_tagging", Bucket=bucket, Tagging={"TagSet": tags_kv})
    call(s3, "get_bucket_tagging", Bucket=bucket)
    keys = [f"{pipeline_name}/SourceOutp/{uid}.zip", "dir with space/ünïcode+plus&amp.txt"]
    for key in keys:
        call(s3, "put_object", Bucket=bucket, Key=key, Body=b"PK\x03\x04 <not xml>", ContentType="application/zip")
        call(s3, "head_object", Bucket=bucket, Key=key)
        call(s3, "get_object", Bucket=bucket, Key=key, Range="bytes=0-3")
    listed = call(s3, "list_objects_v2", Bucket=bucket, Prefix=f"{pipeline_name}/", MaxKeys=1000)
    call(s3, "list_objects_v2", Bucket=bucket, ContinuationToken="token", StartAfter="a", Delimiter="/")
    versions = call(s3, "list_object_versions", Bucket=bucket, Prefix="", MaxKeys=1000)
    call(s3, "list_object_versions", Bucket=bucket, KeyMarker=keys[0], VersionIdMarker="null")
    objects = [{"Key": v["Key"], "VersionId": v["VersionId"]} for v in (versions or {}).get("Versions", [])]
    call(s3, "delete_objects", Bucket=bucket, Delete={"Objects": objects or [{"Key": keys[0]}], "Quiet": True})
    call(s3, "delete_object", Bucket=bucket, Key=keys[1])
    call(s3, "delete_bucket_tagging", Bucket=bucket)
    call(s3, "delete_public_access_block", Bucket=bucket)
    call(s3, "delete_bucket", Bucket=bucket)
    del listed
    s3_eu = client_for("s3", region="eu-west-1", s3={"addressing_style": "path"})
    call(s3_eu, "create_bucket", Bucket=f"{bucket}-eu", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    call(s3_eu, "delete_bucket", Bucket=f"{bucket}-eu")

    # ---- Route 53 (rest-xml, global): for the planned web services
    r53 = client_for("route53")
    zone = call(r53, "create_hosted_zone", Name=f"{uid}.example.com", CallerReference=uid,
                HostedZoneConfig={"Comment": "Slipway sweep", "PrivateZone": False})
    zone_id = zone["HostedZone"]["Id"].split("/")[-1] if zone else "Z123"
    call(r53, "list_hosted_zones_by_name", DNSName=f"{uid}.example.com", MaxItems="1")
    call(r53, "change_resource_record_sets", HostedZoneId=zone_id, ChangeBatch={"Comment": "validation", "Changes": [
        {"Action": "UPSERT", "ResourceRecordSet": {"Name": f"_x.{uid}.example.com", "Type": "CNAME", "TTL": 300,
                                                   "ResourceRecords": [{"Value": "_y.acm-validations.aws."}]}}]})
    call(r53, "list_resource_record_sets", HostedZoneId=zone_id, MaxItems="100")

    # ---- clean up IAM
    call(iam, "detach_role_policy", RoleName=role, PolicyArn=policy_arn)
    call(iam, "delete_role_policy", RoleName=role, PolicyName="slipway")
    call(iam, "delete_policy", PolicyArn=policy_arn)
    if access_key:
        call(iam, "delete_access_key", UserName=user, AccessKeyId=access_key["AccessKey"]["AccessKeyId"])
    call(iam, "delete_user_policy", UserName=user, PolicyName="operator")
    call(iam, "delete_user", UserName=user)
    call(iam, "delete_role", RoleName=function)
    call(iam, "delete_role", RoleName=role)
    call(iam, "delete_role", RoleName=operator)
    return outcomes
