"""The baseline: the original DBMI scripts' way, one boto3 call after another.

Creates, for an app of N services in one environment, the same resources as `slipway apply`:
the artifact bucket (encrypted, public access blocked, versioned, tagged), per service an ECR
repository with a lifecycle policy, a log group, the build, pipeline and task execution roles
with inline policies, a CodeBuild project, a task definition, an ECS service and a pipeline;
and once the deployer role and Lambda and the ECS cluster. Sequential, as the scripts were.

Usage: baseline_boto3.py APP SERVICES ENVIRONMENT SUBNET,... SG,... DEPLOYER_ZIP
"""
import json
import os
import sys

import boto3

app, count, env = sys.argv[1], int(sys.argv[2]), sys.argv[3]
subnets, groups = sys.argv[4].split(","), sys.argv[5].split(",")
zip_bytes = open(sys.argv[6], "rb").read()
region = os.environ["AWS_REGION"]
session = boto3.session.Session(region_name=region)
iam, s3, ecr, logs = (session.client(n) for n in ("iam", "s3", "ecr", "logs"))
ecs, codebuild, codepipeline, lam = (session.client(n) for n in ("ecs", "codebuild", "codepipeline", "lambda"))
account = session.client("sts").get_caller_identity()["Account"]
bucket = f"{app}-artifacts-{account}-{region}"
tags = {"slipway:app": app, "slipway:env": env}


def tag_list(extra, key="Key", value="Value"):
    return [{key: k, value: v} for k, v in {**tags, **extra}.items()]


def role(name, service, policy):
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}]}
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust), Tags=tag_list({}))
    iam.put_role_policy(RoleName=name, PolicyName="slipway", PolicyDocument=json.dumps(policy))
    return f"arn:aws:iam::{account}:role/{name}"


def allow(*actions):
    return {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": list(actions), "Resource": "*"}]}


s3.create_bucket(Bucket=bucket)
s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]})
s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={k: True for k in ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")})
s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": tag_list({})})
ecs.create_cluster(clusterName=app, tags=tag_list({}, "key", "value"))
deployer_role = role(f"{app}-deployer", "lambda.amazonaws.com", allow("ecs:*", "codepipeline:PutJob*"))
lam.create_function(FunctionName=f"{app}-deployer", Runtime="provided.al2023", Role=deployer_role, Handler="bootstrap",
                    Code={"ZipFile": zip_bytes}, Timeout=120, MemorySize=128, Tags=tags, Architectures=["x86_64"])

for index in range(count):
    service = f"svc{index}"
    stem = f"{app}-{env}-{service}"
    repository = f"{app}/{service}"
    ecr.create_repository(repositoryName=repository, imageScanningConfiguration={"scanOnPush": True}, tags=tag_list({}))
    ecr.put_lifecycle_policy(repositoryName=repository, lifecyclePolicyText=json.dumps({"rules": [{"rulePriority": 1, "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 30}, "action": {"type": "expire"}}]}))
    group = f"/ecs/{app}/{env}/{service}"
    logs.create_log_group(logGroupName=group, tags=tags)
    logs.put_retention_policy(logGroupName=group, retentionInDays=30)
    build_role = role(f"{stem}-build", "codebuild.amazonaws.com", allow("logs:*", "s3:*", "ecr:*"))
    pipeline_role = role(f"{stem}-pipeline", "codepipeline.amazonaws.com", allow("s3:*", "codebuild:*", "lambda:InvokeFunction"))
    execution_role = role(f"{stem}-task-exec", "ecs-tasks.amazonaws.com", allow("ecr:*", "logs:*"))
    codebuild.create_project(
        name=stem, source={"type": "CODEPIPELINE", "buildspec": "buildspec.yml"}, artifacts={"type": "CODEPIPELINE"},
        environment={"type": "LINUX_CONTAINER", "image": "aws/codebuild/standard:7.0", "computeType": "BUILD_GENERAL1_SMALL",
                     "privilegedMode": True, "environmentVariables": [{"name": "REPOSITORY_URI", "value": repository, "type": "PLAINTEXT"}]},
        serviceRole=build_role, tags=tag_list({}, "key", "value"))
    ecs.register_task_definition(
        family=stem, executionRoleArn=execution_role, networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256", memory="512",
        containerDefinitions=[{"name": service, "image": f"{account}.dkr.ecr.{region}.amazonaws.com/{repository}:latest", "essential": True,
                               "portMappings": [{"containerPort": 8000}],
                               "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": group, "awslogs-region": region, "awslogs-stream-prefix": service}}}],
        tags=tag_list({}, "key", "value"))
    ecs.create_service(
        cluster=app, serviceName=stem, taskDefinition=stem, desiredCount=1, launchType="FARGATE",
        networkConfiguration={"awsvpcConfiguration": {"subnets": subnets, "securityGroups": groups, "assignPublicIp": "DISABLED"}},
        deploymentConfiguration={"deploymentCircuitBreaker": {"enable": True, "rollback": True}}, tags=tag_list({}, "key", "value"))
    codepipeline.create_pipeline(pipeline={
        "name": stem, "roleArn": pipeline_role, "artifactStore": {"type": "S3", "location": bucket},
        "stages": [
            {"name": "Source", "actions": [{"name": "Source", "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "CodeStarSourceConnection", "version": "1"},
                                            "configuration": {"ConnectionArn": f"arn:aws:codeconnections:{region}:{account}:connection/x", "FullRepositoryId": f"org/{service}", "BranchName": "main"},
                                            "outputArtifacts": [{"name": "SourceOutput"}]}]},
            {"name": "Build", "actions": [{"name": "Build", "actionTypeId": {"category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1"},
                                           "configuration": {"ProjectName": stem}, "inputArtifacts": [{"name": "SourceOutput"}], "outputArtifacts": [{"name": "BuildOutput"}]}]},
            {"name": "Deploy", "actions": [{"name": "Deploy", "actionTypeId": {"category": "Invoke", "owner": "AWS", "provider": "Lambda", "version": "1"},
                                            "configuration": {"FunctionName": f"{app}-deployer", "UserParameters": json.dumps({"service": stem})},
                                            "inputArtifacts": [{"name": "BuildOutput"}]}]},
        ]}, tags=tag_list({}, "key", "value"))
