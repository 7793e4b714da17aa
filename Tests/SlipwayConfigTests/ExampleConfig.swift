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

extension ExampleConfig {
    /// DESIGN.md's web section on top of its example: a load balancer, a domain in production, two
    /// web services (one routed by host and path, one by default) and scaling overridden in production.
    static let web = """
        app: dbmi
        region: us-east-1
        account: "123456789012"

        source:
          owner: hms-dbmi
          connection: arn:aws:codeconnections:us-east-1:123456789012:connection/1a2b3c4d

        cluster:
          name: dbmi
          subnets: [subnet-0a1b2c3d4e5f60718]
          security_groups: [sg-0a1b2c3d4e5f60718]

        load_balancer:                 # required once any service has `http`
          subnets: [subnet-0aa11bb22cc33dd44, subnet-0bb22cc33dd44ee55]   # in at least two availability zones
          internal: false              # true: an internal load balancer, reachable from the VPC only
          idle_timeout: 60s

        environments:
          development:
            branch: development
          production:
            branch: master
            approval: true
            domain: dbmi.example.org   # optional: HTTPS, `http://` redirected to `https://`

        services:
          sciauth:
            repo: SciAuth
            port: 8005
            http:                      # or `http: true` for every default
              host: auth               # auth.dbmi.example.org, where the environment has a domain
              path: /auth              # path routing, where it has none (default: /)
              port: 8005
              health_check: /healthz
              grace_period: 1m30s
              deregistration_delay: 30s
            scaling:
              min: 1
              max: 6
              cpu: 70
              requests: 500
            environments:
              production:
                scaling: {min: 2, max: 10, cpu: 60}
          portal:
            repo: Portal
            ports: [3000, 3001]
            http: true

        """

    /// `minimal` with a load balancer and a port for its service: web cases append from line 17 on.
    static let webMinimal = """
        app: shop
        source:
          owner: acme
          connection: arn:aws:codeconnections:us-east-1:123456789012:connection/abc
        cluster:
          name: shop
          subnets: [subnet-0a1b]
        load_balancer:
          subnets: [subnet-0a1b2c3d, subnet-4e5f6071]
        environments:
          production:
            branch: main
        services:
          web:
            repo: web
            port: 8080

        """
}
