/// DESIGN.md's example `slipway.yml`, with a CodeConnections connection.
enum ExampleConfig {
    static let text = """
        app: dbmi                      # required: [a-z][a-z0-9-]*, at most 20 characters
        region: us-east-1              # optional: else AWS_REGION, AWS_DEFAULT_REGION, the profile
        account: "123456789012"        # optional: apply refuses to run in another account

        source:
          owner: hms-dbmi              # GitHub organisation or user
          connection: arn:aws:codeconnections:us-east-1:123456789012:connection/1a2b3c4d   # GitHub, version 2
          # oauth_token: ${env:GITHUB_OAUTH_TOKEN}   # GitHub, version 1 (the original scripts' way); never printed

        cluster:
          name: dbmi                   # created when absent
          subnets: [subnet-0a1b2c3d4e5f60718]
          security_groups: [sg-0a1b2c3d4e5f60718]
          assign_public_ip: false

        environments:                  # at least one
          development:
            branch: development
          production:
            branch: master
            approval: true             # a manual approval stage before Deploy

        services:                      # at least one
          sciauth:
            repo: SciAuth              # repository under source.owner
            buildspec: buildspec.yml   # path inside the repository (default)
            build:
              compute: BUILD_GENERAL1_MEDIUM          # default BUILD_GENERAL1_SMALL
              image: aws/codebuild/standard:7.0       # default
            cpu: 256                   # Fargate cpu units
            memory: 512                # MiB
            port: 8005                 # or ports: [8005, 8443]
            count: 1                   # desired tasks
            environment:               # plain variables
              DJANGO_DEBUG: "false"
            secrets:                   # variable -> Secrets Manager secret or SSM parameter ARN
              DB_PASSWORD: arn:aws:secretsmanager:us-east-1:123456789012:secret:sciauth-db
            logs: true                 # CloudWatch Logs for the containers (default true)
            task_role: arn:aws:iam::123456789012:role/sciauth-task   # optional
            environments:              # optional per-environment overrides of the fields above
              production:
                count: 2

        """

    /// A small valid file to which bad-config cases append or from which they start.
    static let minimal = """
        app: shop
        source:
          owner: acme
          connection: arn:aws:codeconnections:us-east-1:123456789012:connection/abc
        cluster:
          name: shop
          subnets: [subnet-0a1b]
        environments:
          production:
            branch: main
        services:
          web:
            repo: web

        """
}
