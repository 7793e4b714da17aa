"""Every change the emulator makes to moto 5.2.5, in the order they are installed.

`emulator/list_patches.py` prints this list as the markdown DESIGN.md includes. A patch that
wraps an attribute another patch already replaced (`wrap`, `keep`) comes after it.
"""

from slipway_emulator.registry import HARNESS, MISSING, MOTO_BUG, Change, Patch, Registry

E = "slipway_emulator"
REF = "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html"


def _on(owner, *names, module, prefix="", adds=False):
    """Changes of `owner`'s attributes `names`, each to `module:{prefix}{name}`."""
    return tuple(Change(f"{owner}.{name}", f"{E}.{module}:{prefix}{name}", adds=adds) for name in names)


PATCHES = [
    Patch("ecs.deployment-configuration", "ECS CreateService keeps deploymentConfiguration", MOTO_BUG,
          "CreateService stores the deploymentConfiguration it is given (the circuit breaker), as UpdateService "
          "does; moto dropped it.",
          "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html",
          (Change("moto.ecs.responses:EC2ContainerServiceResponse.create_service", f"{E}.ecs:_ecs_create_service"),),
          "ecs.py"),
    Patch("iam.empty-body-signature", "Signatures of GET/HEAD/DELETE with an empty body", MOTO_BUG,
          "A signed request without a body is signed over the empty payload; moto signed its parsed query data, "
          "so every correctly signed Lambda GET failed with SignatureDoesNotMatch.",
          "https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html",
          (Change("moto.iam.access_control:IAMRequestBase._create_aws_request", f"{E}.iam:_create_aws_request"),),
          "iam.py"),
    Patch("codebuild.pipeline-sources", "CodeBuild sources and artifacts of type CODEPIPELINE need no location",
          MOTO_BUG, "CODEPIPELINE (and NO_SOURCE) sources and CODEPIPELINE artifacts take no location: the "
          "pipeline supplies them.",
          "https://docs.aws.amazon.com/codebuild/latest/APIReference/API_ProjectSource.html",
          (Change("moto.codebuild.responses:_validate_required_params_source", f"{E}.codebuild:_validate_source"),
           Change("moto.codebuild.responses:_validate_required_params_artifacts", f"{E}.codebuild:_validate_artifacts")),
          "codebuild.py"),
    Patch("codebuild.update-project", "CodeBuild UpdateProject", MISSING,
          "UpdateProject replaces each field it is given.",
          "https://docs.aws.amazon.com/codebuild/latest/APIReference/API_UpdateProject.html",
          (Change("moto.codebuild.responses:CodeBuildResponse.update_project", f"{E}.codebuild:_codebuild_update_project",
                  adds=True),), "codebuild.py"),
    Patch("codebuild.projects-not-found", "CodeBuild BatchGetProjects reports projectsNotFound", MOTO_BUG,
          "BatchGetProjects lists the names it did not find in projectsNotFound; moto left it empty.",
          "https://docs.aws.amazon.com/codebuild/latest/APIReference/API_BatchGetProjects.html",
          (Change("moto.codebuild.responses:CodeBuildResponse.batch_get_projects",
                  f"{E}.codebuild:_codebuild_batch_get_projects"),), "codebuild.py"),
    Patch("codebuild.stable-builds", "CodeBuild BatchGetBuilds reads the same build each time", MOTO_BUG,
          "A build's phases and endTime do not change once it is complete; moto appended nine phases and "
          "re-rolled endTime on every call.",
          "https://docs.aws.amazon.com/codebuild/latest/APIReference/API_BatchGetBuilds.html",
          (Change("moto.codebuild.models:CodeBuildBackend.batch_get_builds", f"{E}.codebuild:_batch_get_builds"),),
          "codebuild.py"),
    Patch("codepipeline.get-pipeline-state", "CodePipeline GetPipelineState", MISSING,
          "GetPipelineState answers each stage's and action's latest execution, from the stored pipeline and "
          "its (simulated) runs.",
          "https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_GetPipelineState.html",
          (Change("moto.codepipeline.responses:CodePipelineResponse.get_pipeline_state",
                  f"{E}.world.runs:_codepipeline_get_pipeline_state_simulated", adds=True),), "codepipeline.py, world/runs.py"),
    Patch("codepipeline.job-results", "CodePipeline PutJobSuccessResult and PutJobFailureResult", MISSING,
          "A job worker (the deployer) reports its job's outcome; moto runs no jobs, so they are recorded for "
          "tests (GET/DELETE /_slipway/job-results).",
          "https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_PutJobSuccessResult.html",
          _on("moto.codepipeline.responses:CodePipelineResponse", "put_job_success_result", "put_job_failure_result",
              module="codepipeline", prefix="_codepipeline_", adds=True), "codepipeline.py"),
    Patch("ecs.describe-task-definition", "ECS DescribeTaskDefinition by family: the latest ACTIVE revision",
          MOTO_BUG, "A family without a revision names the latest ACTIVE revision; moto answered the latest even "
          "if deregistered.",
          "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTaskDefinition.html",
          (Change("moto.ecs.models:EC2ContainerServiceBackend.describe_task_definition", f"{E}.ecs:_describe_task_definition"),),
          "ecs.py"),
    Patch("world.simulation", "Simulated pipeline runs, builds and ECS rollouts", HARNESS,
          "Pipeline runs go through their stages (InProgress, approvals, Succeeded or Failed, execution modes "
          "SUPERSEDED, QUEUED and PARALLEL) and ECS deployments roll out (IN_PROGRESS, COMPLETED or FAILED, the "
          "circuit breaker's rollback), opt-in per name prefix (POST /_slipway/simulate, POST /_slipway/script). "
          "moto runs nothing: an execution succeeds at once and a service keeps its first deployment.",
          "https://docs.aws.amazon.com/codepipeline/latest/userguide/concepts-how-it-works.html",
          (Change("moto.codepipeline.models:CodePipelineBackend.start_pipeline_execution",
                  f"{E}.world.runs:_start_pipeline_execution"),
           Change("moto.codepipeline.models:PipelineExecution.to_summary_dict", f"{E}.world.runs:_execution_summary_dict"),
           Change("moto.codepipeline.models:PipelineExecution.to_dict", f"{E}.world.runs:_execution_dict"),
           Change("moto.ecs.models:EC2ContainerServiceBackend.create_service", f"{E}.world.rollouts:_ecs_backend_create_service"),
           Change("moto.ecs.models:EC2ContainerServiceBackend.update_service", f"{E}.world.rollouts:_ecs_backend_update_service")),
          "world/runs.py, world/rollouts.py"),
    Patch("codepipeline.put-approval-result", "CodePipeline PutApprovalResult", MISSING,
          "PutApprovalResult answers a run's pending manual approval, with AWS's errors for a wrong token or "
          "none pending.",
          "https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_PutApprovalResult.html",
          (Change("moto.codepipeline.responses:CodePipelineResponse.put_approval_result",
                  f"{E}.codepipeline:_codepipeline_put_approval_result", adds=True),), "codepipeline.py"),
    Patch("connections.get-connection", "CodeConnections GetConnection", MISSING,
          "GetConnection (CodeConnections and CodeStar Connections) answers the connections tests declare "
          "(POST /_slipway/connections); moto has no such service, so the middleware serves it.",
          "https://docs.aws.amazon.com/codeconnections/latest/APIReference/API_GetConnection.html",
          (), "connections.py, middleware.py"),
    Patch("authorization.resources", "IAM authorization on each request's real resources", MOTO_BUG,
          "Each action is authorized on the resource ARNs the Service Authorization Reference lists for it, with "
          "AWS's implicit checks (iam:PassRole, tags on create, codestar-connections:PassConnection, "
          "iam:CreateServiceLinkedRole, Application Auto Scaling's checks of the caller), IAM's names of S3 "
          "actions and the `tag:` prefix of the tagging API; moto authorized most actions on `*`. Route 53's and "
          "EC2's errors come in their own formats.", REF,
          (Change("moto.iam.access_control:IAMRequestBase.__init__", f"{E}.authorization:_iam_request_init"),
           Change("moto.core.authorization:ActionAuthenticatorMixin._authenticate_and_authorize_normal_action",
                  f"{E}.authorization:_authorize_normal_action"),
           Change("moto.s3.responses:S3Response._authenticate_and_authorize_s3_action", f"{E}.authorization:_s3_authorize")),
          "authorization.py and each service's resolver"),
    Patch("elbv2.application-load-balancers", "Elastic Load Balancing as AWS answers for an ALB", MOTO_BUG,
          "The Region's ALB hosted zone and DNS names, two Availability Zones at least, idempotent creates "
          "(same name and settings answer the existing one), DuplicateListener for a port in use, HTTPS "
          "certificates that must be ISSUED, AWS's default attributes, LoadBalancerArns from the rules, a network "
          "interface per subnet.",
          "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html",
          _on("moto.elbv2.models:ELBv2Backend", "create_load_balancer", "delete_load_balancer",
              "describe_load_balancers", "create_listener", "modify_listener", "describe_target_groups",
              "create_target_group", "modify_target_group_attributes", "iter_tagged_resources",
              module="elbv2", prefix="_elbv2_")
          + (Change("moto.elbv2.models:FakeTargetGroup.load_balancer_arns",
                    f"{E}.elbv2:_target_group_load_balancer_arns", prop=True, instance=True),), "elbv2.py"),
    Patch("acm.dns-validation", "ACM certificates issued once their CNAMEs are in Route 53", MOTO_BUG,
          "A DNS-validated certificate is ISSUED once every validation CNAME is in one of the account's zones "
          "(and MOTO_ACM_VALIDATION_WAIT has passed), with a record per domain, InUseBy the balancers, and "
          "ResourceInUseException on deleting one in use; moto issued it after a wait whatever the DNS.",
          "https://docs.aws.amazon.com/acm/latest/userguide/dns-validation.html",
          (Change("moto.acm.models:CertBundle.check", f"{E}.acm:_acm_check"),
           Change("moto.acm.models:CertBundle.describe", f"{E}.acm:_acm_describe"),
           Change("moto.acm.models:AWSCertificateManagerBackend.request_certificate", f"{E}.acm:_acm_request_certificate"),
           Change("moto.acm.models:AWSCertificateManagerBackend.delete_certificate", f"{E}.acm:_acm_delete_certificate")),
          "acm.py"),
    Patch("route53.change-batches", "Route 53 change batches, changes and ListHostedZonesByName", MOTO_BUG,
          "A change batch is checked whole before any of it applies (InvalidChangeBatch), alias targets must "
          "exist, names are stored normalized, a change is PENDING before INSYNC (GetChange), and "
          "ListHostedZonesByName starts at the name and goes on in order.",
          "https://docs.aws.amazon.com/Route53/latest/APIReference/API_ChangeResourceRecordSets.html",
          _on("moto.route53.responses:Route53", "change_resource_record_sets", "get_change",
              "list_hosted_zones_by_name", "create_hosted_zone", "delete_hosted_zone", module="route53",
              prefix="_route53_"), "route53.py"),
    Patch("autoscaling.ecs-service-targets", "Application Auto Scaling of an ECS service's desired count", MOTO_BUG,
          "Tags, RoleARN, ObjectNotFoundException, ResourceLabel checks, policy filters and stable ARNs, "
          "policies removed with their target, and the desired count moved into [MinCapacity, MaxCapacity] on "
          "registration.",
          "https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html",
          _on("moto.applicationautoscaling.responses:ApplicationAutoScalingResponse", "register_scalable_target",
              "deregister_scalable_target", "put_scaling_policy", "describe_scaling_policies", "delete_scaling_policy",
              module="autoscaling", prefix="_aas_")
          + _on("moto.applicationautoscaling.responses:ApplicationAutoScalingResponse", "tag_resource",
                "untag_resource", "list_tags_for_resource", module="autoscaling", prefix="_aas_", adds=True)
          + (Change("moto.applicationautoscaling.responses:_build_target", f"{E}.autoscaling:_aas_build_target"),),
          "autoscaling.py"),
    Patch("ec2.security-group-in-use", "EC2 DependencyViolation for a security group in use", MOTO_BUG,
          "DeleteSecurityGroup answers DependencyViolation while a network interface is in the group or "
          "another group's rule names it; moto deleted it whatever used it.",
          "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSecurityGroup.html",
          (Change("moto.ec2.models.security_groups:SecurityGroupBackend.delete_security_group",
                  f"{E}.ec2:_delete_security_group"),), "ec2.py"),
    Patch("ecs.load-balancers", "ECS services on target groups", MOTO_BUG,
          "CreateService and UpdateService refuse what AWS refuses of `loadBalancers` and the grace period, keep "
          "healthCheckGracePeriodSeconds, and the simulated tasks are the target groups' targets "
          "(DescribeTargetHealth; POST /_slipway/target-health overrides a group's state).",
          "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LoadBalancer.html",
          (Change("moto.ecs.responses:EC2ContainerServiceResponse.create_service", f"{E}.ecs:_ecs_create_service_checked",
                  keep=f"{E}.ecs:_ECS_RESPONSE_PREVIOUS"),
           Change("moto.ecs.responses:EC2ContainerServiceResponse.update_service", f"{E}.ecs:_ecs_update_service_checked"),
           Change("moto.ecs.models:EC2ContainerServiceBackend.delete_service", f"{E}.ecs:_ecs_backend_delete_service"),
           Change("moto.elbv2.models:ELBv2Backend.describe_target_health", f"{E}.ecs:_elbv2_describe_target_health")),
          "ecs.py"),
    Patch("core.own-response-members", "Each response its own optional members (thread safety)", MOTO_BUG,
          "Requests served at the same time do not share state: moto kept `include: [TAGS]` in a class "
          "attribute every response of the class wrote into, so a concurrent DescribeServices could lose its tags.",
          "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServices.html",
          (Change("moto.core.responses:BaseResponse._include_in_response", f"{E}.core:_include_in_own_response"),
           Change("moto.core.responses:BaseResponse._exclude_from_response", f"{E}.core:_exclude_from_own_response")),
          "core.py"),
    Patch("tagging.every-service", "Resource Groups Tagging API over ECR, CodePipeline and log groups", MOTO_BUG,
          "GetResources (and TagResources, GetTagKeys, GetTagValues) covers ECR repositories and CodePipeline "
          "pipelines with their live tags; log groups are `logs:log-group` (moto: `logs:loggroup`).",
          "https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html",
          (Change("moto.resourcegroupstaggingapi.models:iter_taggable_backends", f"{E}.tagging:_iter_taggable_backends"),
           Change("moto.logs.models:LogsBackend.iter_tagged_resources", f"{E}.tagging:_logs_iter_tagged_resources")),
          "tagging.py"),
    Patch("iam.authorization-details-pages", "IAM GetAccountAuthorizationDetails in pages", MOTO_BUG,
          "At most MaxItems entities a call, with IsTruncated and a Marker; every policy document URL-encoded, "
          "the roles' trust policies too.",
          "https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html",
          (Change("moto.iam.responses:IamResponse.get_account_authorization_details",
                  f"{E}.iam:_iam_get_account_authorization_details"),
           Change("moto.iam.responses:IamResponse.RESPONSE_KEY_PATH_TO_TRANSFORMER", "moto.core.serialize:url_encode",
                  item="GetAccountAuthorizationDetailsResponse.RoleDetailList.RoleDetail.AssumeRolePolicyDocument")),
          "iam.py"),
    Patch("ecs.list-task-definition-families", "ECS ListTaskDefinitionFamilies filters by status and pages",
          MOTO_BUG, "status ACTIVE lists only families with an ACTIVE revision, INACTIVE only those without; "
          "maxResults and nextToken page.",
          "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTaskDefinitionFamilies.html",
          (Change("moto.ecs.responses:EC2ContainerServiceResponse.list_task_definition_families",
                  f"{E}.ecs:_ecs_list_task_definition_families"),), "ecs.py"),
    Patch("codepipeline.v2-fields", "CodePipeline V2 pipeline fields and V1 refusals", MOTO_BUG,
          "pipelineType and executionMode take AWS's defaults, triggers and variables are checked as AWS does, "
          "and a V1 pipeline refuses V2-only fields.",
          "https://docs.aws.amazon.com/codepipeline/latest/userguide/pipeline-types.html",
          _on("moto.codepipeline.models:CodePipelineBackend", "create_pipeline", "update_pipeline", "list_pipelines",
              module="codepipeline", prefix="_codepipeline_"), "codepipeline.py"),
    Patch("world.pushes", "Git pushes start pipelines by their triggers", HARNESS,
          "POST /_slipway/push starts the pipelines whose triggers (or source action's BranchName) match the "
          "push, with the commit as source revision; nothing pushes to a repository here.",
          "https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-filter.html",
          (), "world/pushes.py, middleware.py"),
    Patch("world.pipeline-events", "CodePipeline events delivered to EventBridge rules' targets", HARNESS,
          "The simulated runs' CodePipeline Pipeline/Stage Execution State Change events go to the matching "
          "EventBridge rules' SNS topics and API destinations, with input transformers, as AWS would deliver "
          "them (GET/DELETE /_slipway/deliveries); moto's CodePipeline emits no events.",
          "https://docs.aws.amazon.com/codepipeline/latest/userguide/detect-state-changes-cloudwatch-events.html",
          (), "world/deliveries.py"),
    Patch("sns.email-confirmation", "SNS email subscriptions pending until confirmed", MOTO_BUG,
          "An email subscription is PendingConfirmation until its endpoint confirms (POST "
          "/_slipway/confirm-subscription); moto confirmed every subscription at once.",
          "https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html",
          (Change("moto.sns.models:SNSBackend.subscribe", f"{E}.sns:_sns_subscribe"),
           Change("moto.sns.responses:SNSResponse.subscribe", f"{E}.sns:_sns_subscribe_response"),
           Change("moto.sns.responses:SNSResponse.list_subscriptions", wrap=f"{E}.sns:_sns_list"),
           Change("moto.sns.responses:SNSResponse.list_subscriptions_by_topic", wrap=f"{E}.sns:_sns_list"),
           Change("moto.sns.responses:SNSResponse.get_topic_attributes", f"{E}.sns:_sns_get_topic_attributes")),
          "sns.py"),
    Patch("codepipeline.source-revisions", "StartPipelineExecution's sourceRevisions", MOTO_BUG,
          "A COMMIT_ID source revision override is the run's source revision; moto dropped it.",
          "https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_StartPipelineExecution.html",
          (Change("moto.codepipeline.responses:CodePipelineResponse.start_pipeline_execution",
                  f"{E}.codepipeline:_start_pipeline_execution_response"),), "codepipeline.py"),
    Patch("lambda.function-states", "Lambda function states", MISSING,
          "A function is Pending after CreateFunction and its LastUpdateStatus InProgress after an update, and "
          "meanwhile AWS answers HTTP 409 ResourceConflictException to updates, publishing, invoking and "
          "tagging (POST /_slipway/settle sets the windows).",
          "https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html",
          (Change("moto.awslambda.models:LambdaFunction.get_configuration", f"{E}.lambda_:_lambda_get_configuration"),
           Change("moto.awslambda.models:LambdaBackend.create_function", f"{E}.lambda_:_lambda_backend_create_function"),
           Change("moto.awslambda.models:LambdaFunction.update_function_code", wrap=f"{E}.lambda_:_lambda_updating"),
           Change("moto.awslambda.models:LambdaFunction.update_configuration", wrap=f"{E}.lambda_:_lambda_updating"),
           Change("moto.awslambda.responses:LambdaResponse.update_function_code",
                  wrap=f"{E}.lambda_:guard_update_function_code"),
           Change("moto.awslambda.responses:LambdaResponse.update_function_configuration",
                  wrap=f"{E}.lambda_:guard_update_function_configuration"),
           Change("moto.awslambda.responses:LambdaResponse.publish_version", wrap=f"{E}.lambda_:guard_publish_version"),
           Change("moto.awslambda.responses:LambdaResponse.invoke", wrap=f"{E}.lambda_:guard_invoke"),
           Change("moto.awslambda.responses:LambdaResponse.tag_resource", wrap=f"{E}.lambda_:guard_tag_resource")),
          "lambda_.py"),
    Patch("ecs.draining", "ECS services DRAINING and tasks stopping after DeleteService", MISSING,
          "A deleted service is DRAINING and its tasks stop a moment later; ListServices lists ACTIVE services "
          "only; DeleteCluster refuses a cluster with services or tasks; CreateService of a DRAINING name and "
          "UpdateService of a service not ACTIVE are refused; DescribeClusters counts them.",
          "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeleteService.html",
          tuple(Change(f"moto.ecs.models:EC2ContainerServiceBackend.{name}",
                       f"{E}.ecs:_ecs_backend_{name}_settling", keep=f"{E}.ecs:_ECS_PREVIOUS")
                for name in ("create_service", "update_service", "delete_service", "list_services", "delete_cluster"))
          + tuple(Change(f"moto.ecs.models:Cluster.{name}_count", f"{E}.ecs:_cluster_{name}", prop=True, instance=True)
                  for name in ("active_services", "running_tasks", "pending_tasks")), "ecs.py"),
    Patch("elbv2.late-release", "Target groups and certificates let go a moment after their listener", MISSING,
          "After a listener, rule or balancer goes, its target groups refuse DeleteTargetGroup (ResourceInUse) "
          "and its certificates DeleteCertificate for a moment, as AWS does while it settles.",
          "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DeleteTargetGroup.html",
          tuple(Change(f"moto.elbv2.models:ELBv2Backend.{name}", wrap=f"{E}.elbv2:_elb_releasing")
                for name in ("delete_rule", "delete_listener", "delete_load_balancer", "modify_rule", "modify_listener",
                             "remove_listener_certificates"))
          + (Change("moto.elbv2.models:ELBv2Backend.delete_target_group", f"{E}.elbv2:_elbv2_delete_target_group_settling",
                    keep=f"{E}.elbv2:_ELB_PREVIOUS"),), "elbv2.py"),
    Patch("iam.delete-conflict", "IAM DeleteConflict for DeletePolicy and DeleteUser", MOTO_BUG,
          "DeletePolicy refuses a policy still attached or with other versions, DeleteUser a user with access keys.",
          "https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeletePolicy.html",
          (Change("moto.iam.models:IAMBackend.delete_policy", f"{E}.iam:_iam_delete_policy", keep=f"{E}.iam:_IAM_PREVIOUS"),
           Change("moto.iam.models:IAMBackend.delete_user", f"{E}.iam:_iam_delete_user", keep=f"{E}.iam:_IAM_PREVIOUS")),
          "iam.py"),
    Patch("iam.role-propagation", "A fresh role that services cannot assume yet (optional)", MISSING,
          "For iamRoleAssumeSeconds (POST /_slipway/settle; 0, off, by default) after CreateRole, Lambda, CodeBuild "
          "and CodePipeline refuse the role as AWS does while IAM propagates it.",
          "https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency",
          (Change("moto.codebuild.responses:_validate_required_params_service_role",
                  f"{E}.iam:_codebuild_service_role_checked", keep=(f"{E}.iam:_IAM_PREVIOUS", "codebuild_role")),
           Change("moto.codepipeline.models:CodePipelineBackend.create_pipeline", wrap=f"{E}.iam:_codepipeline_role_checked"),
           Change("moto.codepipeline.models:CodePipelineBackend.update_pipeline", wrap=f"{E}.iam:_codepipeline_role_checked"),
           Change("moto.awslambda.models:LambdaBackend.create_function", wrap=f"{E}.iam:lambda_role_checked"),
           Change("moto.awslambda.models:LambdaFunction.update_configuration", wrap=f"{E}.iam:lambda_role_checked")),
          "iam.py"),
    Patch("ec2.default-vpc", "AWS's default VPC: an internet gateway and a default route", MOTO_BUG,
          "Every Region's default VPC has an internet gateway attached and 0.0.0.0/0 to it in its main route "
          "table; moto's had neither, so its default subnets looked private.",
          "https://docs.aws.amazon.com/vpc/latest/userguide/default-vpc.html",
          (Change("moto.ec2.models.vpcs:VPCBackend.create_default_vpc", f"{E}.ec2:_create_default_vpc"),), "ec2.py"),
    Patch("middleware.reply-stripping", "Replies without the members the model requires", HARNESS,
          "POST/GET/DELETE /_slipway/strip-replies: replies lose the members botocore's output shapes mark "
          "required, for tests that prove a client reads replies leniently.",
          "botocore's service models (required members of output shapes)", (), "middleware.py, reply_stripping.py"),
    Patch("clock.movable", "A clock tests move: the Date header, S3's LastModified, the simulation's time", HARNESS,
          "POST /_slipway/clock {\"advance\": seconds} moves the emulator's now; every reply's Date header "
          "(werkzeug's request handler writes it) and S3's LastModified come from it, and so does every timed "
          "step of the simulation: pipeline stages and builds, ECS rollouts and tasks leaving target groups, "
          "and the settling windows (Lambda states, ECS draining, ELB and ENI release, Route 53 changes, IAM "
          "role propagation, ACM validation). An advance stops at each due time on the way, so what falls "
          "within it happens at once, in order; without one the simulation keeps the wall clock's pace.",
          "https://www.rfc-editor.org/rfc/rfc9110#field.date",
          (Change("moto.moto_server.werkzeug_app:MotoRequestHandler.date_time_string",
                  f"{E}.middleware:_clock_date_time_string"),
           Change("moto.s3.models:utcnow", f"{E}.s3:utcnow")), "clock.py, middleware.py, s3.py, world/timeline.py"),
    Patch("s3.delete-if-match-any", "S3 DeleteObject If-Match: *", MOTO_BUG,
          "DeleteObject with If-Match: * deletes the object if it exists (404 NoSuchKey if not), in general "
          "purpose buckets too; moto compared * with the ETag and answered 412.",
          "https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-deletes.html",
          (Change("moto.s3.responses:S3Response.delete_object", wrap=f"{E}.s3:if_match_any_delete_object"),), "s3.py"),
    Patch("s3.conditional-conflict", "S3 409 ConditionalRequestConflict", MISSING,
          "A conditional PutObject (If-None-Match, If-Match) or DeleteObject (If-Match) that arrives while another "
          "conditional operation on the key is in progress gets 409 ConditionalRequestConflict (POST "
          "/_slipway/s3-hold makes the next one take a while).",
          "https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html",
          (Change("moto.s3.responses:S3Response.put_object", wrap=f"{E}.s3:conflicting_put_object"),
           Change("moto.s3.responses:S3Response.delete_object", wrap=f"{E}.s3:conflicting_delete_object")), "s3.py"),
    Patch("ecs.run-task-container-memory", "ECS RunTask of a Fargate task whose containers have no memory of their own",
          MOTO_BUG, "A container's memory is optional when the task has a task-level memory (Fargate); moto added up "
          "the containers' memory and answered RunTask of such a task definition with HTTP 500 (TypeError).",
          "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html",
          (Change("moto.ecs.models:EC2ContainerServiceBackend._calculate_task_resource_requirements",
                  wrap=f"{E}.world.tasks:resource_requirements"),), "world/tasks.py"),
    Patch("ecs.task-replies", "ECS tasks as AWS describes a Fargate task", MOTO_BUG,
          "RunTask, DescribeTasks and StopTask answer a task with its cpu and memory (the overrides' or the task "
          "definition's), createdAt, version, availabilityZone, platformVersion 1.4.0 and platformFamily, "
          "ephemeralStorage, healthStatus UNKNOWN, a 32-hex-digit ID, a container per container definition (its own "
          "containerArn, the task's taskArn, no exitCode before it has run, its network interface) and the task's "
          "interface as ECS's (requester-managed, described by the attachment's ARN); DescribeTasks looks in the "
          "cluster asked and lists the tasks it lacks as failures (reason MISSING); StopTask of an unknown task is "
          "InvalidParameterException. moto gave containers the task definition's ARN as taskArn, exitCode 0 and "
          "HEALTHY from the start, searched every cluster, reported no failures and answered HTTP 500 for StopTask "
          "of an unknown task.",
          "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Task.html",
          (Change("moto.ecs.models:EC2ContainerServiceBackend.run_task", wrap=f"{E}.world.tasks:run_task_replies"),
           Change("moto.ecs.models:EC2ContainerServiceBackend.describe_tasks", wrap=f"{E}.world.tasks:describe_tasks_replies"),
           Change("moto.ecs.responses:EC2ContainerServiceResponse.describe_tasks",
                  wrap=f"{E}.world.tasks:describe_tasks_response"),
           Change("moto.ecs.models:EC2ContainerServiceBackend.stop_task", wrap=f"{E}.world.tasks:stop_task_replies")),
          "world/tasks.py"),
    Patch("ecs.task-lifecycle", "ECS one-off tasks pass through their states on the clock", MISSING,
          "A task RunTask starts is PROVISIONING, PENDING, RUNNING, then STOPPED when its essential container exits "
          "(stopCode EssentialContainerExited, stoppedReason \"Essential container in task exited\", the container's "
          "exitCode), with createdAt, pullStartedAt, startedAt, stoppingAt, executionStoppedAt and stoppedAt on the "
          "emulator's clock, its network interface attached while it runs and deleted as it stops; StopTask makes it "
          "STOPPING (desiredStatus STOPPED, stopCode UserInitiated, stoppedReason the request's reason) and STOPPED "
          "a stop window later, the container exiting with 143 (SIGTERM). Services' tasks are untouched. moto's task "
          "was RUNNING at once, moved one state on at each DescribeTasks, and StopTask made it STOPPED at once.",
          "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html",
          (Change("moto.ecs.models:EC2ContainerServiceBackend.run_task", wrap=f"{E}.world.tasks:run_task_lifecycle"),
           Change("moto.ecs.models:EC2ContainerServiceBackend.stop_task", wrap=f"{E}.world.tasks:stop_task_lifecycle")),
          "world/tasks.py, world/timeline.py"),
    Patch("world.task-scripts", "What a one-off task's command does (POST /_slipway/tasks)", HARNESS,
          "The emulator runs no container: POST /_slipway/tasks scripts a command (matched on the container "
          "override's command joined with single spaces): its output lines go into the task's awslogs stream "
          "({awslogs-stream-prefix}/{container}/{task id}, timestamped on the clock) while it runs, then it exits "
          "with exitCode after runSeconds; failToStart stops it before it runs (stopCode TaskFailedToStart, that "
          "stoppedReason, no exitCode); exitOnStop is its exit code after StopTask. Unscripted commands run 1 s and "
          "exit 0 with no output.",
          "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html",
          (), "world/tasks.py, middleware.py"),
]

REGISTRY = Registry(PATCHES)
