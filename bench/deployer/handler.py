"""The original system's way: a Python Lambda handler with boto3, doing the deployer's calls.

The same work as the Swift deployer's first invocation of a job, call for call: read the build
artifact from S3 with the job's artifact credentials, take the image from imageDetail.json,
DescribeServices, DescribeTaskDefinition (with tags), RegisterTaskDefinition (only the image
changed), UpdateService, PutJobSuccessResult with a continuation token. As in the original
`ecs_update` function, boto3 is imported and the clients are made when the module loads (Lambda's
init phase).
"""

import io
import json
import time
import zipfile

import boto3

REGISTRABLE = {
    "family", "taskRoleArn", "executionRoleArn", "networkMode", "containerDefinitions", "volumes",
    "placementConstraints", "requiresCompatibilities", "cpu", "memory", "pidMode", "ipcMode",
    "proxyConfiguration", "inferenceAccelerators", "ephemeralStorage", "runtimePlatform",
}

ecs = boto3.client("ecs")
codepipeline = boto3.client("codepipeline")


def handler(event, context):
    job = event["CodePipeline.job"]
    job_id = job["id"]
    data = job["data"]
    params = json.loads(data["actionConfiguration"]["configuration"]["UserParameters"])
    try:
        creds = data["artifactCredentials"]
        s3 = boto3.client(
            "s3",
            aws_access_key_id=creds["accessKeyId"],
            aws_secret_access_key=creds["secretAccessKey"],
            aws_session_token=creds["sessionToken"],
        )
        location = data["inputArtifacts"][0]["location"]["s3Location"]
        body = s3.get_object(Bucket=location["bucketName"], Key=location["objectKey"])["Body"].read()
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            image = json.loads(archive.read("imageDetail.json"))["ImageURI"]

        service = ecs.describe_services(cluster=params["cluster"], services=[params["service"]])["services"][0]
        described = ecs.describe_task_definition(taskDefinition=params["family"], include=["TAGS"])
        definition = {k: v for k, v in described["taskDefinition"].items() if k in REGISTRABLE}
        for container in definition["containerDefinitions"]:
            if container["name"] == params["container"]:
                container["image"] = image
        if described.get("tags"):
            definition["tags"] = described["tags"]
        arn = ecs.register_task_definition(**definition)["taskDefinition"]["taskDefinitionArn"]
        updated = ecs.update_service(cluster=params["cluster"], service=service["serviceName"], taskDefinition=arn)
        deployment = next(d for d in updated["service"]["deployments"] if d["status"] == "PRIMARY")
        token = json.dumps({"deployment": deployment["id"], "taskDefinition": arn,
                            "deadline": int(time.time()) + 60 * params.get("timeoutMinutes", 30)})
        codepipeline.put_job_success_result(jobId=job_id, continuationToken=token)
        return {"jobId": job_id, "result": "continuing"}
    except Exception as error:  # noqa: BLE001 - every path reports to CodePipeline
        codepipeline.put_job_failure_result(
            jobId=job_id, failureDetails={"type": "JobFailed", "message": str(error)[:5000] or "failed"})
        return {"jobId": job_id, "result": "failed"}
