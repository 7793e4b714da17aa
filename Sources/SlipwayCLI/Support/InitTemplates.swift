/// The files `slipway init` writes: a commented `slipway.yml` and the service's `buildspec.yml`.
enum InitTemplates {
    struct Values {
        var app: String
        var region: String
        var account: String?
        var owner: String
        /// A CodeConnections connection ARN, or nil for a GitHub OAuth token read from `oauthTokenVariable`.
        var connection: String?
        var oauthTokenVariable: String
        var cluster: String
        var subnets: [String]
        var securityGroups: [String]
        var publicIP: Bool
        /// Name and branch, in order; an environment named production or prod asks for approval.
        var environments: [(name: String, branch: String)]
        var service: String
        var repo: String
        var port: Int
    }

    static func slipwayYML(_ values: Values) -> String {
        let source = values.connection.map {
            """
              connection: \($0)
              # oauth_token: ${env:\(values.oauthTokenVariable)}   # GitHub version 1 instead: a token, never printed
            """
        } ?? """
              # connection: arn:aws:codeconnections:REGION:ACCOUNT:connection/ID   # GitHub version 2 (recommended)
              oauth_token: ${env:\(values.oauthTokenVariable)}   # GitHub version 1: read from the environment, never printed
            """
        let account = values.account.map { "account: \"\($0)\"            # apply refuses to run in another account" }
            ?? "# account: \"123456789012\"     # uncomment: apply then refuses to run in another account"
        let environments = values.environments.map { environment in
            var text = "  \(environment.name):\n    branch: \(environment.branch)"
            if ["production", "prod"].contains(environment.name) {
                text += "\n    approval: true             # a manual approval before Deploy"
            }
            return text
        }.joined(separator: "\n")
        return """
            # slipway.yml: continuous deployment of \(values.service) to AWS ECS Fargate.
            # Every push to an environment's branch runs its pipeline: Source (GitHub) -> Build
            # (CodeBuild runs buildspec.yml) -> Approve (when asked for) -> Deploy (the deployer Lambda).
            #   slipway validate    check this file offline
            #   slipway plan        show what apply would create or change
            #   slipway apply       create or update everything (asks first)
            #   slipway status      each pipeline's latest run and each service's tasks
            app: \(values.app)                       # names every resource: [a-z][a-z0-9-]*, at most 20 characters
            region: \(values.region)
            \(account)

            source:
              owner: \(values.owner)                 # the GitHub organisation or user that owns the repositories
            \(source)

            cluster:
              name: \(values.cluster)                # the ECS cluster; created when absent
              subnets: [\(values.subnets.joined(separator: ", "))]
              security_groups: [\(values.securityGroups.joined(separator: ", "))]
              assign_public_ip: \(values.publicIP)   # true for public subnets without a NAT gateway (to pull images)

            environments:                   # each deploys one branch of every service
            \(environments)
              # development:
              #   branch: development

            services:
              \(values.service):
                repo: \(values.repo)                 # the repository under source.owner
                buildspec: buildspec.yml    # its path in the repository (slipway init wrote one)
                # build:
                #   compute: BUILD_GENERAL1_MEDIUM      # default BUILD_GENERAL1_SMALL
                cpu: 256                    # Fargate cpu units: 256 with 512-2048 MiB, 512 with 1024-4096, ...
                memory: 512                 # MiB
                port: \(values.port)                  # or ports: [8000, 8443]
                count: 1                    # tasks to run
                # environment:              # plain variables
                #   DJANGO_DEBUG: "false"
                # secrets:                  # variable -> Secrets Manager secret or SSM parameter ARN
                #   DB_PASSWORD: arn:aws:secretsmanager:\(values.region):ACCOUNT:secret:NAME
                # environments:             # per-environment overrides of the fields above
                #   production:
                #     count: 2

            """
    }

    /// Logs in to ECR, builds with the previous image as layer cache, tags with the commit,
    /// pushes, and writes `imageDetail.json` with the image's digest: what the deployer deploys.
    static let buildspecYML = """
        # buildspec.yml: how CodeBuild builds this service's image for Slipway.
        # Slipway's build project sets REPOSITORY_URI (the service's ECR repository), AWS_ACCOUNT_ID,
        # IMAGE_REPO_NAME and CONTAINER_NAME; CodeBuild sets AWS_DEFAULT_REGION and
        # CODEBUILD_RESOLVED_SOURCE_VERSION (the commit being built).
        version: 0.2
        phases:
          pre_build:
            commands:
              - aws ecr get-login-password --region "$AWS_DEFAULT_REGION" | docker login --username AWS --password-stdin "${REPOSITORY_URI%%/*}"
              - IMAGE_TAG="${CODEBUILD_RESOLVED_SOURCE_VERSION:0:12}"
              # The previous image, so that unchanged layers are not built again.
              - docker pull "$REPOSITORY_URI:latest" || true
          build:
            commands:
              - docker build --cache-from "$REPOSITORY_URI:latest" -t "$REPOSITORY_URI:$IMAGE_TAG" -t "$REPOSITORY_URI:latest" .
          post_build:
            commands:
              - docker push "$REPOSITORY_URI:$IMAGE_TAG"
              - docker push "$REPOSITORY_URI:latest"
              # The deployer deploys exactly this image: its digest, not a tag that can move.
              - DIGEST=$(docker inspect --format='{{index .RepoDigests 0}}' "$REPOSITORY_URI:$IMAGE_TAG")
              - printf '{"ImageURI":"%s"}' "$DIGEST" > imageDetail.json
        artifacts:
          files:
            - imageDetail.json

        """
}
