import Foundation
import Testing

/// One invalid `slipway.yml` and the exact line a user sees for it.
struct BadConfig: Sendable, CustomTestStringConvertible {
    let name: String
    let text: String
    let expected: String

    var testDescription: String { name }
}

private func minimal(appending lines: String) -> String { ConfigTestSupport.minimal(appending: lines) }
private func minimal(replacing target: String, with replacement: String) -> String {
    ConfigTestSupport.minimal(replacing: target, with: replacement)
}

private let connectionLine = "  connection: arn:aws:codeconnections:us-east-1:123456789012:connection/abc\n"

let badConfigs: [BadConfig] = [
    // YAML itself
    BadConfig(
        name: "tab indentation", text: minimal(replacing: "  owner: acme", with: "\towner: acme"),
        expected: "slipway.yml:3:1: invalid YAML: found character that cannot start any token; "
            + "indent with spaces; YAML does not allow tabs"),
    BadConfig(
        name: "value with colon", text: minimal(replacing: "repo: web", with: "repo: web: x"),
        expected: "slipway.yml:13:14: invalid YAML: mapping values are not allowed in this context; "
            + "check the indentation, or quote a value that contains ': '"),
    BadConfig(
        name: "unclosed flow list", text: minimal(replacing: "[subnet-0a1b]", with: "[subnet-0a1b"),
        expected: "slipway.yml:8:13: invalid YAML: did not find expected ',' or ']'; check the YAML syntax here"),
    BadConfig(
        name: "undefined alias", text: minimal(appending: "    environment: *nope\n"),
        expected: "slipway.yml:14:18: invalid YAML: found undefined alias; "
            + "define the anchor (&name) before it is used (*name)"),
    BadConfig(
        name: "two documents", text: minimal(appending: "---\napp: x\n"),
        expected: "slipway.yml:14:1: the file holds more than one YAML document; keep one (remove the second '---')"),
    BadConfig(
        name: "control character", text: minimal(appending: "    buildspec: a\u{01}b\n"),
        expected: "slipway.yml:14:17: the file is not valid YAML text (control characters are not allowed); "
            + "save it as UTF-8 without control characters"),
    BadConfig(
        name: "duplicate top-level key", text: minimal(appending: "app: shop2\n"),
        expected: "slipway.yml:14:1: key 'app' appears twice in this mapping (first at line 1, column 1); keep only one"
    ),
    BadConfig(
        name: "duplicate nested key",
        text: minimal(replacing: "    branch: main\n", with: "    branch: main\n    branch: dev\n"),
        expected: "slipway.yml:11:5: key 'branch' appears twice in this mapping (first at line 10, column 5); "
            + "keep only one"),
    BadConfig(
        name: "duplicate key, once quoted", text: minimal(replacing: "app: shop", with: "app: shop\n\"app\": other"),
        expected: "slipway.yml:2:1: key 'app' appears twice in this mapping (first at line 1, column 1); keep only one"),
    BadConfig(
        name: "complex key", text: minimal(appending: "    ? [a, b]\n    : 1\n"),
        expected: "slipway.yml:14:7: a key must be a plain name, not a list or a mapping"),

    // The document's shape
    BadConfig(
        name: "empty file", text: "",
        expected: "slipway.yml:1:1: the file is empty; it needs app, source, cluster, environments and services "
            + "(slipway init writes an example)"),
    BadConfig(
        name: "only comments", text: "# nothing yet\n",
        expected: "slipway.yml:1:1: the file is empty; it needs app, source, cluster, environments and services "
            + "(slipway init writes an example)"),
    BadConfig(
        name: "list at the root", text: "- app\n- source\n",
        expected: "slipway.yml:1:1: the top level must be a mapping with the keys app, source, cluster, "
            + "environments and services, not a list"),
    BadConfig(
        name: "string at the root", text: "hello\n",
        expected: "slipway.yml:1:1: the top level must be a mapping with the keys app, source, cluster, "
            + "environments and services, not a string"),
    BadConfig(
        name: "missing app", text: minimal(replacing: "app: shop\n", with: ""),
        expected: "slipway.yml:1:1: app is missing; add app: NAME (lowercase letters, digits and '-', "
            + "at most 20 characters)"),
    BadConfig(
        name: "misspelt top-level key", text: "regoin: us-east-1\n" + ExampleConfig.minimal,
        expected: "slipway.yml:1:1: unknown key 'regoin' at the top level; did you mean 'region'?"),
    BadConfig(
        name: "unknown top-level key", text: "foo: 1\n" + ExampleConfig.minimal,
        expected: "slipway.yml:1:1: unknown key 'foo' at the top level; the keys allowed here are app, region, "
            + "account, source, cluster, load_balancer, environments, services and notifications"),

    // app, region, account
    BadConfig(
        name: "app with capitals", text: minimal(replacing: "app: shop", with: "app: My_Shop"),
        expected: "slipway.yml:1:6: app 'My_Shop' must start with a lowercase letter and use only lowercase letters, "
            + "digits and '-', e.g. 'my-shop'"),
    BadConfig(
        name: "app too long", text: minimal(replacing: "app: shop", with: "app: abcdefghijklmnopqrstuvwxyz"),
        expected: "slipway.yml:1:6: app 'abcdefghijklmnopqrstuvwxyz' is 26 characters; at most 20 are allowed, "
            + "because every resource name starts with it"),
    BadConfig(
        name: "region without number", text: "region: us-east\n" + ExampleConfig.minimal,
        expected: "slipway.yml:1:9: region 'us-east' is not an AWS region code; write it like us-east-1"),
    BadConfig(
        name: "region empty", text: "region:\n" + ExampleConfig.minimal,
        expected: "slipway.yml:1:1: region has no value; it must be an AWS region code such as us-east-1"),
    BadConfig(
        name: "account too short, quoted", text: "account: \"12345\"\n" + ExampleConfig.minimal,
        expected: "slipway.yml:1:10: account '12345' is not a 12-digit AWS account ID; "
            + "write the 12-digit AWS account ID in quotes, e.g. \"123456789012\""),
    BadConfig(
        name: "account too short, unquoted", text: "account: 12345\n" + ExampleConfig.minimal,
        expected: "slipway.yml:1:10: account 12345 is not a 12-digit AWS account ID; "
            + "write the 12-digit AWS account ID in quotes, e.g. \"123456789012\""),

    // source
    BadConfig(
        name: "source is a list",
        text: minimal(replacing: "source:\n  owner: acme\n" + connectionLine, with: "source: [acme]\n"),
        expected: "slipway.yml:2:9: source must be a mapping with owner and connection (or oauth_token), not a list"),
    BadConfig(
        name: "missing owner", text: minimal(replacing: "  owner: acme\n", with: ""),
        expected: "slipway.yml:2:1: source.owner is missing; add the GitHub organisation or user that owns "
            + "the repositories"),
    BadConfig(
        name: "owner with a space", text: minimal(replacing: "owner: acme", with: "owner: acme corp"),
        expected: "slipway.yml:3:10: source.owner 'acme corp' is not a GitHub organisation or user name; "
            + "use letters, digits and single '-', at most 39 characters"),
    BadConfig(
        name: "connection is not a connection ARN",
        text: minimal(
            replacing: "arn:aws:codeconnections:us-east-1:123456789012:connection/abc", with: "arn:aws:s3:::bucket"),
        expected: "slipway.yml:4:15: source.connection 'arn:aws:s3:::bucket' is not a connection ARN; "
            + "write it like arn:aws:codeconnections:REGION:ACCOUNT:connection/ID"),
    BadConfig(
        name: "connection and oauth_token",
        text: minimal(replacing: "  owner: acme\n", with: "  owner: acme\n  oauth_token: ${env:TOKEN}\n"),
        expected: "slipway.yml:4:3: source has both connection and oauth_token; keep only one "
            + "(connection for GitHub version 2, oauth_token for version 1)"),
    BadConfig(
        name: "neither connection nor oauth_token", text: minimal(replacing: connectionLine, with: ""),
        expected: "slipway.yml:2:1: source needs connection (a CodeConnections ARN, GitHub version 2) or "
            + "oauth_token (GitHub version 1); add one of them"),
    BadConfig(
        name: "oauth_token from an unset variable",
        text: minimal(replacing: connectionLine, with: "  oauth_token: ${env:NOPE}\n"),
        expected: "slipway.yml:4:16: source.oauth_token: ${env:NOPE} is not set in the environment; "
            + "export NOPE or write the value here"),
    BadConfig(
        name: "oauth_token as a number, not echoed",
        text: minimal(replacing: connectionLine, with: "  oauth_token: 12345\n"),
        expected: "slipway.yml:4:16: source.oauth_token must be a GitHub token, not a number; write it in quotes"),
    BadConfig(
        name: "malformed interpolation", text: minimal(replacing: "owner: acme", with: "owner: ${env:OWNER"),
        expected: "slipway.yml:3:10: source.owner: '${env:' must be followed by a variable name and '}', "
            + "as in ${env:NAME}"),

    // cluster
    BadConfig(
        name: "cluster name with a space", text: minimal(replacing: "  name: shop", with: "  name: my cluster"),
        expected: "slipway.yml:6:9: cluster.name 'my cluster' is not a valid ECS cluster name; "
            + "use letters, digits, '-' and '_', at most 255 characters"),
    BadConfig(
        name: "bad subnet ID", text: minimal(replacing: "[subnet-0a1b]", with: "[subnet-0a1b, subnet-xyz]"),
        expected: "slipway.yml:7:26: cluster.subnets[1] 'subnet-xyz' is not a subnet ID; write it like subnet-0a1b2c3d"),
    BadConfig(
        name: "no subnets", text: minimal(replacing: "[subnet-0a1b]", with: "[]"),
        expected: "slipway.yml:7:12: cluster.subnets is empty; list at least one subnet ID, e.g. [subnet-0a1b2c3d]"),
    BadConfig(
        name: "subnets as a string", text: minimal(replacing: "[subnet-0a1b]", with: "subnet-0a1b"),
        expected: "slipway.yml:7:12: cluster.subnets must be a list of subnet IDs, not a string; "
            + "write it as a list: [subnet-0a1b]"),
    BadConfig(
        name: "subnet as a number", text: minimal(replacing: "[subnet-0a1b]", with: "[12]"),
        expected: "slipway.yml:7:13: cluster.subnets[0] must be a subnet ID such as subnet-0a1b2c3d, "
            + "not the number 12; write it in quotes: \"12\""),
    BadConfig(
        name: "bad security group ID",
        text: minimal(
            replacing: "  subnets: [subnet-0a1b]\n", with: "  subnets: [subnet-0a1b]\n  security_groups: [sg-zz]\n"),
        expected: "slipway.yml:8:21: cluster.security_groups[0] 'sg-zz' is not a security group ID; "
            + "write it like sg-0a1b2c3d"),
    BadConfig(
        name: "assign_public_ip quoted",
        text: minimal(
            replacing: "  subnets: [subnet-0a1b]\n", with: "  subnets: [subnet-0a1b]\n  assign_public_ip: \"true\"\n"),
        expected: "slipway.yml:8:21: cluster.assign_public_ip must be true or false, not a string; remove the quotes"),

    // environments
    BadConfig(
        name: "no environments",
        text: minimal(replacing: "environments:\n  production:\n    branch: main\n", with: "environments: {}\n"),
        expected: "slipway.yml:8:15: environments is empty; declare at least one, e.g. production: {branch: main}"),
    BadConfig(
        name: "environments without value",
        text: minimal(replacing: "environments:\n  production:\n    branch: main\n", with: "environments:\n"),
        expected: "slipway.yml:8:1: environments has no value; it must be a mapping of environment names to "
            + "their settings"),
    BadConfig(
        name: "environment name with capitals", text: minimal(replacing: "  production:", with: "  Prod_1:"),
        expected: "slipway.yml:9:3: environment name 'Prod_1' must start with a lowercase letter and use only "
            + "lowercase letters, digits and '-', e.g. 'prod-1'"),
    BadConfig(
        name: "missing branch", text: minimal(replacing: "    branch: main\n", with: "    approval: true\n"),
        expected: "slipway.yml:9:3: environments.production.branch is missing; add the Git branch that deploys to "
            + "production"),
    BadConfig(
        name: "empty branch", text: minimal(replacing: "branch: main", with: "branch: \"\""),
        expected: "slipway.yml:10:13: environments.production.branch is empty; name the Git branch that deploys to "
            + "production"),
    BadConfig(
        name: "branch read as a boolean", text: minimal(replacing: "branch: main", with: "branch: on"),
        expected: "slipway.yml:10:13: environments.production.branch must be a Git branch name, not the boolean on; "
            + "write it in quotes: \"on\""),

    // services
    BadConfig(
        name: "services as a list",
        text: minimal(replacing: "services:\n  web:\n    repo: web\n", with: "services:\n  - web\n"),
        expected: "slipway.yml:12:3: services must be a mapping of service names to their settings, not a list"),
    BadConfig(
        name: "no services", text: minimal(replacing: "services:\n  web:\n    repo: web\n", with: "services: {}\n"),
        expected: "slipway.yml:11:11: services is empty; declare at least one, e.g. web: {repo: NAME}"),
    BadConfig(
        name: "missing repo", text: minimal(replacing: "    repo: web\n", with: "    cpu: 256\n"),
        expected: "slipway.yml:12:3: services.web.repo is missing; add the name of the service's repository under "
            + "source.owner"),
    BadConfig(
        name: "repo with a space", text: minimal(replacing: "repo: web", with: "repo: web app"),
        expected: "slipway.yml:13:11: services.web.repo 'web app' is not a GitHub repository name; "
            + "use letters, digits, '.', '-' and '_', at most 100 characters"),
    BadConfig(
        name: "misspelt service key", text: minimal(appending: "    memroy: 1024\n"),
        expected: "slipway.yml:14:5: unknown key 'memroy' in services.web; did you mean 'memory'?"),
    BadConfig(
        name: "build as a string", text: minimal(appending: "    build: fast\n"),
        expected: "slipway.yml:14:12: services.web.build must be a mapping with compute and image, not a string"),
    BadConfig(
        name: "misspelt build key", text: minimal(appending: "    build:\n      computer: BUILD_GENERAL1_SMALL\n"),
        expected: "slipway.yml:15:7: unknown key 'computer' in services.web.build; did you mean 'compute'?"),
    BadConfig(
        name: "unknown compute type", text: minimal(appending: "    build:\n      compute: BUILD_GENERAL1_HUGE\n"),
        expected: "slipway.yml:15:16: services.web.build.compute 'BUILD_GENERAL1_HUGE' is not a CodeBuild compute "
            + "type; use BUILD_GENERAL1_SMALL, BUILD_GENERAL1_MEDIUM, BUILD_GENERAL1_LARGE, BUILD_GENERAL1_XLARGE "
            + "or BUILD_GENERAL1_2XLARGE"),
    BadConfig(
        name: "compute type in lowercase",
        text: minimal(appending: "    build:\n      compute: build_general1_medium\n"),
        expected: "slipway.yml:15:16: services.web.build.compute 'build_general1_medium' is not a CodeBuild compute "
            + "type; did you mean 'BUILD_GENERAL1_MEDIUM'?"),
    BadConfig(
        name: "empty build image", text: minimal(appending: "    build:\n      image: \"\"\n"),
        expected: "slipway.yml:15:14: services.web.build.image is empty; name a CodeBuild image "
            + "(default aws/codebuild/standard:7.0)"),
    BadConfig(
        name: "cpu in quotes", text: minimal(appending: "    cpu: \"256\"\n"),
        expected: "slipway.yml:14:10: services.web.cpu must be an integer (Fargate cpu units), not a string; "
            + "remove the quotes"),
    BadConfig(
        name: "cpu not a Fargate size", text: minimal(appending: "    cpu: 300\n"),
        expected: "slipway.yml:14:10: services.web.cpu 300 is not a Fargate cpu size; "
            + "use 256, 512, 1024, 2048, 4096, 8192 or 16384"),
    BadConfig(
        name: "memory too large for cpu", text: minimal(appending: "    cpu: 256\n    memory: 4096\n"),
        expected: "slipway.yml:15:13: services.web: cpu 256 with memory 4096 is not a Fargate size; "
            + "with cpu 256 use memory 512, 1024 or 2048"),
    BadConfig(
        name: "cpu with the default memory", text: minimal(appending: "    cpu: 1024\n"),
        expected: "slipway.yml:14:10: services.web: cpu 1024 with memory 512 is not a Fargate size; "
            + "with cpu 1024 use memory 2048 to 8192 in steps of 1024"),
    BadConfig(
        name: "memory off the 4 GiB steps of cpu 8192", text: minimal(appending: "    cpu: 8192\n    memory: 17408\n"),
        expected: "slipway.yml:15:13: services.web: cpu 8192 with memory 17408 is not a Fargate size; "
            + "with cpu 8192 use memory 16384 to 61440 in steps of 4096"),
    BadConfig(
        name: "port out of range", text: minimal(appending: "    port: 70000\n"),
        expected: "slipway.yml:14:11: services.web.port 70000 is out of range; use a port from 1 to 65535"),
    BadConfig(
        name: "port and ports", text: minimal(appending: "    port: 80\n    ports: [81]\n"),
        expected: "slipway.yml:15:5: services.web has both port and ports; use port for one port or ports for several"),
    BadConfig(
        name: "duplicate port", text: minimal(appending: "    ports: [80, 443, 80]\n"),
        expected: "slipway.yml:14:22: services.web.ports lists 80 twice; list each port once"),
    BadConfig(
        name: "ports as a number", text: minimal(appending: "    ports: 8005\n"),
        expected: "slipway.yml:14:12: services.web.ports must be a list of port numbers, not the number 8005; "
            + "write it as a list: [8005]"),
    BadConfig(
        name: "negative count", text: minimal(appending: "    count: -1\n"),
        expected: "slipway.yml:14:12: services.web.count -1 is out of range; use 0 to 1000 tasks"),
    BadConfig(
        name: "count over 1000", text: minimal(appending: "    count: 1001\n"),
        expected: "slipway.yml:14:12: services.web.count 1001 is out of range; use 0 to 1000 tasks"),
    BadConfig(
        name: "count beyond Int", text: minimal(appending: "    count: 99999999999999999999999\n"),
        expected: "slipway.yml:14:12: services.web.count 99999999999999999999999 is too large; "
            + "it must be an integer (desired tasks)"),
    BadConfig(
        name: "logs as a sentence", text: minimal(appending: "    logs: yes please\n"),
        expected: "slipway.yml:14:11: services.web.logs must be true or false, not a string"),
    BadConfig(
        name: "variable name with a dash", text: minimal(appending: "    environment:\n      DJANGO-DEBUG: x\n"),
        expected: "slipway.yml:15:7: services.web.environment: 'DJANGO-DEBUG' is not a valid variable name; "
            + "use letters, digits and '_', not starting with a digit"),
    BadConfig(
        name: "variable value as a boolean", text: minimal(appending: "    environment:\n      DJANGO_DEBUG: false\n"),
        expected: "slipway.yml:15:21: services.web.environment.DJANGO_DEBUG must be a string, not the boolean false; "
            + "write it in quotes: \"false\""),
    BadConfig(
        name: "variable value as a number", text: minimal(appending: "    environment:\n      WORKERS: 4\n"),
        expected: "slipway.yml:15:16: services.web.environment.WORKERS must be a string, not the number 4; "
            + "write it in quotes: \"4\""),
    BadConfig(
        name: "secret that is not an ARN, not echoed",
        text: minimal(appending: "    secrets:\n      DB_PASSWORD: hunter2\n"),
        expected: "slipway.yml:15:20: services.web.secrets.DB_PASSWORD is not the ARN of a Secrets Manager secret "
            + "(arn:aws:secretsmanager:…:secret:…) or an SSM parameter (arn:aws:ssm:…:parameter/…); "
            + "write the ARN, never the secret itself"),
    BadConfig(
        name: "variable both plain and secret",
        text: minimal(
            appending: "    environment:\n      DB: x\n    secrets:\n"
                + "      DB: arn:aws:ssm:us-east-1:123456789012:parameter/db\n"),
        expected: "slipway.yml:17:7: services.web: DB is set in both environment and secrets; keep it in one of them"),
    BadConfig(
        name: "task role that is a user",
        text: minimal(appending: "    task_role: arn:aws:iam::123456789012:user/bob\n"),
        expected: "slipway.yml:14:16: services.web.task_role 'arn:aws:iam::123456789012:user/bob' is not an IAM role "
            + "ARN; write it like arn:aws:iam::123456789012:role/NAME"),

    // per-environment overrides
    BadConfig(
        name: "override of an undeclared environment",
        text: minimal(appending: "    environments:\n      prod:\n        count: 2\n"),
        expected: "slipway.yml:15:7: services.web.environments: 'prod' is not a declared environment; "
            + "did you mean 'production'?"),
    BadConfig(
        name: "override of an unrelated environment",
        text: minimal(appending: "    environments:\n      qa:\n        count: 2\n"),
        expected: "slipway.yml:15:7: services.web.environments: 'qa' is not a declared environment; "
            + "the declared environments are production"),
    BadConfig(
        name: "override of repo",
        text: minimal(appending: "    environments:\n      production:\n        repo: other\n"),
        expected: "slipway.yml:16:9: services.web.environments.production.repo cannot differ per environment, "
            + "because the environments share one ECR repository; set repo on the service only"),
    BadConfig(
        name: "nested overrides",
        text: minimal(appending: "    environments:\n      production:\n        environments: {}\n"),
        expected: "slipway.yml:16:9: services.web.environments.production.environments cannot be nested; "
            + "write the settings directly under production"),
    BadConfig(
        name: "misspelt override key",
        text: minimal(appending: "    environments:\n      production:\n        cout: 2\n"),
        expected: "slipway.yml:16:9: unknown key 'cout' in services.web.environments.production; did you mean 'count'?"),
    BadConfig(
        name: "merge key in an override",
        text: minimal(
            appending:
                "    environment: &common\n      A: b\n    environments:\n      production:\n        <<: *common\n"),
        expected: "slipway.yml:18:9: YAML merge keys (<<) are not supported in services.web.environments.production; "
            + "write the settings out"),
    BadConfig(
        name: "override that breaks the Fargate size",
        text: minimal(appending: "    environments:\n      production:\n        cpu: 1024\n"),
        expected: "slipway.yml:16:14: services.web.environments.production: cpu 1024 with memory 512 is not a "
            + "Fargate size; with cpu 1024 use memory 2048 to 8192 in steps of 1024"),
    BadConfig(
        name: "override without settings", text: minimal(appending: "    environments:\n      production:\n"),
        expected: "slipway.yml:15:7: services.web.environments.production has no value; it must be a mapping of "
            + "the settings that differ in production"),
    BadConfig(
        name: "override adds a secret that is also a variable",
        text: minimal(
            appending: "    environment:\n      DB: x\n    environments:\n      production:\n        secrets:\n"
                + "          DB: arn:aws:ssm:us-east-1:123456789012:parameter/db\n"),
        expected: "slipway.yml:19:11: services.web: DB is set in both environment and secrets; keep it in one of them"),

    // derived names
    BadConfig(
        name: "derived IAM role name too long",
        text: minimal(replacing: "  production:", with: "  production-environment:")
            .replacingFirst("  web:", with: "  a-very-long-service-name-here:"),
        expected: "slipway.yml:12:3: service 'a-very-long-service-name-here' in environment 'production-environment': "
            + "the IAM role name 'shop-production-environment-a-very-long-service-name-here-task-exec' would be "
            + "67 characters, over AWS's limit of 64; shorten the app, environment or service key by 3 characters"),
]

@Test("a bad slipway.yml is reported as one exact line", arguments: badConfigs)
func badConfigIsReported(_ config: BadConfig) {
    #expect(ConfigTestSupport.errorLines(config.text, environment: ["TOKEN": "t0ken"]) == [config.expected])
}

@Test func thereAreAtLeastThirtyFiveBadConfigCases() {
    #expect(badConfigs.count >= 35)
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
