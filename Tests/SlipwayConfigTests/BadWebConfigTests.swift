import Testing

private func minimal(appending lines: String) -> String { ConfigTestSupport.minimal(appending: lines) }
private func minimal(replacing target: String, with replacement: String) -> String {
    ConfigTestSupport.minimal(replacing: target, with: replacement)
}
private func web(appending lines: String) -> String { ConfigTestSupport.webMinimal(appending: lines) }
private func web(replacing target: String, with replacement: String) -> String {
    ConfigTestSupport.webMinimal(replacing: target, with: replacement)
}

/// `minimal` with `domain` in production (line 11, its value at column 13).
private func minimal(domain: String) -> String {
    minimal(replacing: "    branch: main\n", with: "    branch: main\n    domain: \(domain)\n")
}

/// `webMinimal` with production's domain `shop.example.org` (line 13): services start at line 14,
/// and appended lines at line 18.
private func webWithDomain(appending lines: String) -> String {
    web(replacing: "    branch: main\n", with: "    branch: main\n    domain: shop.example.org\n") + lines
}

/// `webMinimal` with a staging environment before production: appended lines start at line 19.
private func webInTwoEnvironments(appending lines: String) -> String {
    web(replacing: "  production:\n", with: "  staging:\n    branch: develop\n  production:\n") + lines
}

private let lbSubnets = "  subnets: [subnet-0a1b2c3d, subnet-4e5f6071]\n"
private let subnetsAdvice =
    "an Application Load Balancer needs subnets in at least two availability zones, so list at least two, "
    + "e.g. [subnet-0a1b2c3d, subnet-4e5f6071]"
private let labelRule = "lowercase letters, digits and '-', at most 63 characters, not starting or ending with '-'"
private let durationForms = "30s, 2m or 1m30s (or a number of seconds)"
private let needsLoadBalancer =
    "needs a load balancer; add load_balancer: at the top level, with subnets in at least two availability zones"

let badWebConfigs: [BadConfig] = [
    // load_balancer
    BadConfig(
        name: "load balancer with one subnet", text: minimal(appending: "load_balancer:\n  subnets: [subnet-0a1b2c3d]\n"),
        expected: "slipway.yml:15:12: load_balancer.subnets lists one subnet; \(subnetsAdvice)"),
    BadConfig(
        name: "load balancer without subnets", text: minimal(appending: "load_balancer:\n  subnets: []\n"),
        expected: "slipway.yml:15:12: load_balancer.subnets is empty; \(subnetsAdvice)"),
    BadConfig(
        name: "load balancer subnet with 4 hex digits",
        text: minimal(appending: "load_balancer:\n  subnets: [subnet-0a1b, subnet-4e5f6071]\n"),
        expected: "slipway.yml:15:13: load_balancer.subnets[0] 'subnet-0a1b' is not a subnet ID; "
            + "write it like subnet-0a1b2c3d (8 or 17 hex digits)"),
    BadConfig(
        name: "load balancer subnet listed twice",
        text: minimal(appending: "load_balancer:\n  subnets: [subnet-0a1b2c3d, subnet-0a1b2c3d]\n"),
        expected: "slipway.yml:15:30: load_balancer.subnets lists subnet-0a1b2c3d twice; list each subnet once"),
    BadConfig(
        name: "load balancer missing subnets", text: minimal(appending: "load_balancer:\n  internal: true\n"),
        expected: "slipway.yml:14:1: load_balancer.subnets is missing; list subnets in at least two availability "
            + "zones, e.g. [subnet-0a1b2c3d, subnet-4e5f6071]"),
    BadConfig(
        name: "load balancer internal quoted",
        text: minimal(appending: "load_balancer:\n" + lbSubnets + "  internal: \"true\"\n"),
        expected: "slipway.yml:16:13: load_balancer.internal must be true or false, not a string; remove the quotes"),
    BadConfig(
        name: "idle timeout over 4000 s", text: minimal(appending: "load_balancer:\n" + lbSubnets + "  idle_timeout: 2h\n"),
        expected: "slipway.yml:16:17: load_balancer.idle_timeout 2h is out of range; use 1 to 4000 seconds"),
    BadConfig(
        name: "idle timeout of zero", text: minimal(appending: "load_balancer:\n" + lbSubnets + "  idle_timeout: 0\n"),
        expected: "slipway.yml:16:17: load_balancer.idle_timeout 0 is out of range; use 1 to 4000 seconds"),
    BadConfig(
        name: "idle timeout in words",
        text: minimal(appending: "load_balancer:\n" + lbSubnets + "  idle_timeout: 1 minute\n"),
        expected: "slipway.yml:16:17: load_balancer.idle_timeout '1 minute' is not a duration; "
            + "write it like \(durationForms)"),
    BadConfig(
        name: "idle timeout with units out of order",
        text: minimal(appending: "load_balancer:\n" + lbSubnets + "  idle_timeout: 30s1m\n"),
        expected: "slipway.yml:16:17: load_balancer.idle_timeout '30s1m' is not a duration; "
            + "write it like \(durationForms)"),
    BadConfig(
        name: "idle timeout as a fraction",
        text: minimal(appending: "load_balancer:\n" + lbSubnets + "  idle_timeout: 1.5\n"),
        expected: "slipway.yml:16:17: load_balancer.idle_timeout must be a duration such as \(durationForms), "
            + "not the number 1.5"),
    BadConfig(
        name: "misspelt load balancer key",
        text: minimal(appending: "load_balancer:\n" + lbSubnets + "  idle_timout: 60s\n"),
        expected: "slipway.yml:16:3: unknown key 'idle_timout' in load_balancer; did you mean 'idle_timeout'?"),
    BadConfig(
        name: "load balancer as a list", text: minimal(appending: "load_balancer: [subnet-0a1b2c3d]\n"),
        expected: "slipway.yml:14:16: load_balancer must be a mapping with subnets (and internal, idle_timeout), "
            + "not a list"),

    // an environment's domain
    BadConfig(
        name: "domain as a URL", text: minimal(domain: "https://shop.example.org/"),
        expected: "slipway.yml:11:13: environments.production.domain 'https://shop.example.org/' is a URL; "
            + "write the domain alone: 'shop.example.org'"),
    BadConfig(
        name: "domain as a wildcard", text: minimal(domain: "\"*.example.org\""),
        expected: "slipway.yml:11:13: environments.production.domain '*.example.org' is a wildcard; write the domain "
            + "itself, 'example.org' (its certificate covers *.example.org too)"),
    BadConfig(
        name: "domain with a trailing dot", text: minimal(domain: "example.org."),
        expected: "slipway.yml:11:13: environments.production.domain 'example.org.' ends with '.'; "
            + "write it without the trailing dot: 'example.org'"),
    BadConfig(
        name: "domain with capitals", text: minimal(domain: "Shop.Example.org"),
        expected: "slipway.yml:11:13: environments.production.domain 'Shop.Example.org' has capital letters; "
            + "write it in lowercase: 'shop.example.org'"),
    BadConfig(
        name: "domain of one label", text: minimal(domain: "localhost"),
        expected: "slipway.yml:11:13: environments.production.domain 'localhost' has one label; "
            + "a domain has at least two, such as example.org"),
    BadConfig(
        name: "domain with an empty label", text: minimal(domain: "example..org"),
        expected: "slipway.yml:11:13: environments.production.domain 'example..org' has an empty label; "
            + "separate labels with a single '.'"),
    BadConfig(
        name: "domain with a 64-character label", text: minimal(domain: String(repeating: "a", count: 64) + ".org"),
        expected: "slipway.yml:11:13: environments.production.domain '\(String(repeating: "a", count: 64)).org' "
            + "has a label of 64 characters; a DNS label is at most 63"),
    BadConfig(
        name: "domain with an underscore", text: minimal(domain: "my_shop.example.org"),
        expected: "slipway.yml:11:13: environments.production.domain 'my_shop.example.org' has the label 'my_shop', "
            + "which is not a DNS label; use \(labelRule)"),
    BadConfig(
        name: "domain label starting with a hyphen", text: minimal(domain: "-shop.example.org"),
        expected: "slipway.yml:11:13: environments.production.domain '-shop.example.org' has the label '-shop', "
            + "which is not a DNS label; use \(labelRule)"),
    BadConfig(
        name: "domain too long for its certificate",
        text: minimal(domain: String(repeating: "a", count: 53) + ".example.org"),
        expected: "slipway.yml:11:13: environments.production.domain '\(String(repeating: "a", count: 53)).example.org' "
            + "is 65 characters; at most 64 are allowed, because it is the domain name of its ACM certificate"),
    BadConfig(
        name: "domain over 253 characters",
        text: minimal(domain: Array(repeating: String(repeating: "a", count: 63), count: 4).joined(separator: ".")),
        expected: "slipway.yml:11:13: environments.production.domain "
            + "'\(Array(repeating: String(repeating: "a", count: 63), count: 4).joined(separator: "."))' "
            + "is 255 characters; a DNS name is at most 253"),
    BadConfig(
        name: "empty domain", text: minimal(domain: "\"\""),
        expected: "slipway.yml:11:13: environments.production.domain is empty; write a domain such as example.org"),
    BadConfig(
        name: "misspelt domain key",
        text: minimal(replacing: "    branch: main\n", with: "    branch: main\n    domian: example.org\n"),
        expected: "slipway.yml:11:5: unknown key 'domian' in environments.production; did you mean 'domain'?"),

    // http
    BadConfig(
        name: "http as a sentence", text: web(appending: "    http: yes please\n"),
        expected: "slipway.yml:17:11: services.web.http must be true, false or a mapping with host, path, port and "
            + "health_check, not a string"),
    BadConfig(
        name: "http quoted", text: web(appending: "    http: \"true\"\n"),
        expected: "slipway.yml:17:11: services.web.http must be true, false or a mapping with host, path, port and "
            + "health_check, not a string; remove the quotes"),
    BadConfig(
        name: "http without a value", text: web(appending: "    http:\n"),
        expected: "slipway.yml:17:5: services.web.http has no value; it must be true, false or a mapping with host, "
            + "path, port and health_check"),
    BadConfig(
        name: "misspelt http key", text: web(appending: "    http:\n      hots: auth\n"),
        expected: "slipway.yml:18:7: unknown key 'hots' in services.web.http; did you mean 'host'?"),
    BadConfig(
        name: "host with the domain", text: web(appending: "    http:\n      host: auth.shop\n"),
        expected: "slipway.yml:18:13: services.web.http.host 'auth.shop' is not a DNS label; write one label, "
            + "such as auth: the environment's domain is added after it"),
    BadConfig(
        name: "host that is no DNS label", text: web(appending: "    http:\n      host: Auth_1\n"),
        expected: "slipway.yml:18:13: services.web.http.host 'Auth_1' is not a DNS label; use \(labelRule)"),
    BadConfig(
        name: "path without a slash", text: web(appending: "    http:\n      path: api\n"),
        expected: "slipway.yml:18:13: services.web.http.path 'api' must start with '/', as in /api"),
    BadConfig(
        name: "path with a wildcard", text: web(appending: "    http:\n      path: \"/api/*\"\n"),
        expected: "slipway.yml:18:13: services.web.http.path '/api/*' has a wildcard; write the prefix alone, "
            + "such as /api: the service gets it and everything under it"),
    BadConfig(
        name: "path with a trailing slash", text: web(appending: "    http:\n      path: /api/\n"),
        expected: "slipway.yml:18:13: services.web.http.path '/api/' ends with '/'; write it without, as in /api: "
            + "the service gets everything under it"),
    BadConfig(
        name: "path of 127 characters",
        text: web(appending: "    http:\n      path: /\(String(repeating: "a", count: 126))\n"),
        expected: "slipway.yml:18:13: services.web.http.path is 127 characters; at most 126 are allowed, because its "
            + "rule also matches the path followed by /*, and a load balancer takes path patterns of at most 128 "
            + "characters"),
    BadConfig(
        name: "path with a percent sign", text: web(appending: "    http:\n      path: /a%20b\n"),
        expected: "slipway.yml:18:13: services.web.http.path '/a%20b' has characters that a load balancer rule "
            + "does not take; use letters, digits and _ - . $ / ~ \" ' @ : +"),
    BadConfig(
        name: "http port out of range", text: web(appending: "    http:\n      port: 0\n"),
        expected: "slipway.yml:18:13: services.web.http.port 0 is out of range; use a port from 1 to 65535"),
    BadConfig(
        name: "http port that the container does not have", text: web(appending: "    http:\n      port: 9000\n"),
        expected: "slipway.yml:18:13: services.web.http.port 9000 is not one of the service's container ports (8080); "
            + "use one of them, or add 9000 to the service's ports"),
    BadConfig(
        name: "web service without a port", text: web(replacing: "    port: 8080\n", with: "    http: true\n"),
        expected: "slipway.yml:16:5: services.web.http has no container port to send traffic to; "
            + "add port: N to the service, or port: N under http"),
    BadConfig(
        name: "web service without a load balancer", text: minimal(appending: "    port: 80\n    http: true\n"),
        expected: "slipway.yml:15:5: services.web.http \(needsLoadBalancer)"),
    BadConfig(
        name: "web service in one environment without a load balancer",
        text: minimal(appending: "    port: 80\n    environments:\n      production:\n        http: true\n"),
        expected: "slipway.yml:17:9: services.web.environments.production.http \(needsLoadBalancer)"),

    // http.health_check
    BadConfig(
        name: "health check path without a slash", text: web(appending: "    http:\n      health_check: healthz\n"),
        expected: "slipway.yml:18:21: services.web.http.health_check 'healthz' must start with '/', as in /healthz"),
    BadConfig(
        name: "health check as a number", text: web(appending: "    http:\n      health_check: 200\n"),
        expected: "slipway.yml:18:21: services.web.http.health_check must be a path such as /healthz, or a mapping "
            + "with path, codes, interval and timeout, not the number 200"),
    BadConfig(
        name: "misspelt health check key",
        text: web(appending: "    http:\n      health_check:\n        intervall: 10s\n"),
        expected: "slipway.yml:19:9: unknown key 'intervall' in services.web.http.health_check; "
            + "did you mean 'interval'?"),
    BadConfig(
        name: "health check path in the mapping without a slash",
        text: web(appending: "    http:\n      health_check:\n        path: health\n"),
        expected: "slipway.yml:19:15: services.web.http.health_check.path 'health' must start with '/', as in /health"),
    BadConfig(
        name: "health check path with a space",
        text: web(appending: "    http:\n      health_check: \"/health check\"\n"),
        expected: "slipway.yml:18:21: services.web.http.health_check '/health check' has a space or a control "
            + "character; write it URL-encoded"),
    BadConfig(
        name: "health check codes as a pattern",
        text: web(appending: "    http:\n      health_check:\n        codes: 2xx\n"),
        expected: "slipway.yml:19:16: services.web.http.health_check.codes '2xx' is not a list of HTTP codes; "
            + "write them like 200, 200,202 or 200-299"),
    BadConfig(
        name: "health check codes below 200",
        text: web(appending: "    http:\n      health_check:\n        codes: 100-199\n"),
        expected: "slipway.yml:19:16: services.web.http.health_check.codes '100-199' has a code outside 200-499; "
            + "a load balancer's health check takes codes from 200 to 499"),
    BadConfig(
        name: "health check codes range going down",
        text: web(appending: "    http:\n      health_check:\n        codes: 299-200\n"),
        expected: "slipway.yml:19:16: services.web.http.health_check.codes '299-200' is a range that does not go up; "
            + "write them like 200, 200,202 or 200-299"),
    BadConfig(
        name: "health check codes mixing a range and a list",
        text: web(appending: "    http:\n      health_check:\n        codes: 200-299,302\n"),
        expected: "slipway.yml:19:16: services.web.http.health_check.codes '200-299,302' is not a list of HTTP "
            + "codes; write them like 200, 200,202 or 200-299"),
    BadConfig(
        name: "health check codes as a YAML list",
        text: web(appending: "    http:\n      health_check:\n        codes: [200, 202]\n"),
        expected: "slipway.yml:19:16: services.web.http.health_check.codes must be HTTP codes such as 200, 200,202 "
            + "or 200-299, not a list"),
    BadConfig(
        name: "health check interval under 5 s",
        text: web(appending: "    http:\n      health_check:\n        interval: 1s\n"),
        expected: "slipway.yml:19:19: services.web.http.health_check.interval 1s is out of range; "
            + "use 5 to 300 seconds"),
    BadConfig(
        name: "health check timeout over 120 s",
        text: web(appending: "    http:\n      health_check:\n        timeout: 121\n"),
        expected: "slipway.yml:19:18: services.web.http.health_check.timeout 121 is out of range; "
            + "use 2 to 120 seconds"),
    BadConfig(
        name: "health check timeout not below the interval",
        text: web(appending: "    http:\n      health_check:\n        interval: 10s\n        timeout: 10s\n"),
        expected: "slipway.yml:20:18: services.web.http.health_check.timeout 10s must be shorter than the interval "
            + "(10s); use a shorter timeout or a longer interval"),
    BadConfig(
        name: "health check interval not above the default timeout",
        text: web(appending: "    http:\n      health_check:\n        interval: 5s\n"),
        expected: "slipway.yml:19:19: services.web.http.health_check.interval 5s must be longer than the timeout "
            + "(5s by default); use a longer interval or a shorter timeout"),
    BadConfig(
        name: "health check healthy threshold of 1",
        text: web(appending: "    http:\n      health_check:\n        healthy: 1\n"),
        expected: "slipway.yml:19:18: services.web.http.health_check.healthy 1 is out of range; use 2 to 10 checks"),
    BadConfig(
        name: "health check unhealthy threshold of 11",
        text: web(appending: "    http:\n      health_check:\n        unhealthy: 11\n"),
        expected: "slipway.yml:19:20: services.web.http.health_check.unhealthy 11 is out of range; "
            + "use 2 to 10 checks"),

    // http durations
    BadConfig(
        name: "negative grace period", text: web(appending: "    http:\n      grace_period: -1\n"),
        expected: "slipway.yml:18:21: services.web.http.grace_period -1 is out of range; use 0 to 2147483647 seconds"),
    BadConfig(
        name: "grace period beyond Int",
        text: web(appending: "    http:\n      grace_period: 99999999999999999999s\n"),
        expected: "slipway.yml:18:21: services.web.http.grace_period 99999999999999999999s is out of range; "
            + "use 0 to 2147483647 seconds"),
    BadConfig(
        name: "deregistration delay over an hour", text: web(appending: "    http:\n      deregistration_delay: 2h\n"),
        expected: "slipway.yml:18:29: services.web.http.deregistration_delay 2h is out of range; "
            + "use 0 to 3600 seconds"),
    BadConfig(
        name: "deregistration delay with a space",
        text: web(appending: "    http:\n      deregistration_delay: 30 s\n"),
        expected: "slipway.yml:18:29: services.web.http.deregistration_delay '30 s' is not a duration; "
            + "write it like \(durationForms)"),
    BadConfig(
        name: "empty grace period", text: web(appending: "    http:\n      grace_period: \"\"\n"),
        expected: "slipway.yml:18:21: services.web.http.grace_period is empty; write a duration such as "
            + "\(durationForms)"),
    BadConfig(
        name: "deregistration delay as a boolean",
        text: web(appending: "    http:\n      deregistration_delay: true\n"),
        expected: "slipway.yml:18:29: services.web.http.deregistration_delay must be a duration such as "
            + "\(durationForms), not the boolean true"),

    // scaling
    BadConfig(
        name: "scaling: true", text: minimal(appending: "    scaling: true\n"),
        expected: "slipway.yml:14:14: services.web.scaling needs its limits, not true; write a mapping with max "
            + "(and min, cpu or requests), or false to keep a fixed count"),
    BadConfig(
        name: "scaling as a number", text: minimal(appending: "    scaling: 3\n"),
        expected: "slipway.yml:14:14: services.web.scaling must be a mapping with min, max and cpu or requests "
            + "(or false), not the number 3"),
    BadConfig(
        name: "scaling without max", text: minimal(appending: "    scaling:\n      min: 1\n"),
        expected: "slipway.yml:14:5: services.web.scaling.max is missing; add max: N, the most tasks to run "
            + "(1 to 1000)"),
    BadConfig(
        name: "scaling max of zero", text: minimal(appending: "    scaling:\n      max: 0\n"),
        expected: "slipway.yml:15:12: services.web.scaling.max 0 is out of range; use 1 to 1000 tasks"),
    BadConfig(
        name: "scaling max over 1000", text: minimal(appending: "    scaling:\n      max: 1001\n"),
        expected: "slipway.yml:15:12: services.web.scaling.max 1001 is out of range; use 1 to 1000 tasks"),
    BadConfig(
        name: "negative scaling min", text: minimal(appending: "    scaling:\n      max: 3\n      min: -1\n"),
        expected: "slipway.yml:16:12: services.web.scaling.min -1 is out of range; use 0 to 1000 tasks"),
    BadConfig(
        name: "scaling min above max", text: minimal(appending: "    scaling:\n      min: 5\n      max: 3\n"),
        expected: "slipway.yml:15:12: services.web.scaling.min 5 is above max 3; make min at most max"),
    BadConfig(
        name: "scaling cpu of zero", text: minimal(appending: "    scaling:\n      max: 3\n      cpu: 0\n"),
        expected: "slipway.yml:16:12: services.web.scaling.cpu 0 is out of range; use a percentage from 1 to 100"),
    BadConfig(
        name: "scaling cpu over 100", text: minimal(appending: "    scaling:\n      max: 3\n      cpu: 101\n"),
        expected: "slipway.yml:16:12: services.web.scaling.cpu 101 is out of range; use a percentage from 1 to 100"),
    BadConfig(
        name: "scaling cpu quoted", text: minimal(appending: "    scaling:\n      max: 3\n      cpu: \"50\"\n"),
        expected: "slipway.yml:16:12: services.web.scaling.cpu must be an integer (percent), not a string; "
            + "remove the quotes"),
    BadConfig(
        name: "scaling requests of zero", text: minimal(appending: "    scaling:\n      max: 3\n      requests: 0\n"),
        expected: "slipway.yml:16:17: services.web.scaling.requests 0 is out of range; "
            + "use 1 or more requests per target per minute"),
    BadConfig(
        name: "misspelt scaling key", text: minimal(appending: "    scaling:\n      max: 3\n      cpus: 50\n"),
        expected: "slipway.yml:16:7: unknown key 'cpus' in services.web.scaling; did you mean 'cpu'?"),
    BadConfig(
        name: "scaling on requests without http",
        text: minimal(appending: "    scaling:\n      max: 3\n      requests: 100\n"),
        expected: "slipway.yml:16:17: services.web.scaling.requests needs http; scale on cpu instead, "
            + "or make the service a web service with http"),

    // per-environment http and scaling
    BadConfig(
        name: "misspelt key in an environment's http",
        text: web(
            appending: "    http: true\n    environments:\n      production:\n        http:\n          hots: a\n"),
        expected: "slipway.yml:21:11: unknown key 'hots' in services.web.environments.production.http; "
            + "did you mean 'host'?"),
    BadConfig(
        name: "scaling on requests where an environment turns http off",
        text: web(
            appending: "    http: true\n    scaling:\n      max: 3\n      requests: 100\n    environments:\n"
                + "      production:\n        http: false\n"),
        expected: "slipway.yml:20:17: services.web.scaling.requests needs http, which "
            + "services.web.environments.production.http turns off; give production a scaling of its own on cpu, "
            + "or keep http on there"),
    BadConfig(
        name: "an environment's scaling on requests without http",
        text: minimal(appending: "    environments:\n      production:\n        scaling: {max: 3, requests: 9}\n"),
        expected: "slipway.yml:16:37: services.web.environments.production.scaling.requests needs http; "
            + "scale on cpu instead, or make the service a web service with http"),
    BadConfig(
        name: "http port missing from one environment's ports",
        text: webInTwoEnvironments(
            appending: "    http:\n      port: 8080\n    environments:\n      production:\n        ports: [9000]\n"),
        expected: "slipway.yml:20:13: services.web.http.port 8080 is not one of the service's container ports "
            + "(9000) in production; use one of them, or add 8080 to the service's ports"),

    // rules shared by the services of an environment
    BadConfig(
        name: "two services on / without a domain",
        text: web(appending: "    http: true\n  api:\n    repo: api\n    port: 8080\n    http: true\n"),
        expected: "slipway.yml:21:11: services.api.http: path / is already taken by service 'web'; without a domain, "
            + "requests are routed by path alone, so at most one service can take /: give the others another path, "
            + "such as /api, or give the environment a domain"),
    BadConfig(
        name: "two services on one path without a domain",
        text: web(
            appending: "    http:\n      path: /api\n  api:\n    repo: api\n    port: 8080\n    http:\n      path: /api\n"),
        expected: "slipway.yml:23:13: services.api.http: path /api is already taken by service 'web'; without a "
            + "domain, requests are routed by path alone: give one of them another path, or give the environment "
            + "a domain"),
    BadConfig(
        name: "two services on one host",
        text: webWithDomain(
            appending: "    http:\n      host: www\n  api:\n    repo: api\n    port: 8080\n    http:\n      host: www\n"),
        expected: "slipway.yml:24:13: services.api.http: www.shop.example.org is already taken by service 'web'; "
            + "give one of them another host or path"),
    BadConfig(
        name: "two services on one host and path",
        text: webWithDomain(
            appending: "    http: {host: www, path: /v1}\n  api:\n    repo: api\n    port: 8080\n"
                + "    http: {host: www, path: /v1}\n"),
        expected: "slipway.yml:22:18: services.api.http: www.shop.example.org/v1 is already taken by service 'web'; "
            + "give one of them another host or path"),
    BadConfig(
        name: "two services on / in the one environment without a domain",
        text: web(
            replacing: "  production:\n",
            with: "  staging:\n    branch: develop\n    domain: staging.example.org\n  production:\n")
            + "    http: true\n  api:\n    repo: api\n    port: 8080\n    http: true\n",
        expected: "slipway.yml:24:11: services.api.http: path / is already taken by service 'web' in production; "
            + "without a domain, requests are routed by path alone, so at most one service can take /: give the "
            + "others another path, such as /api, or give the environment a domain"),

    // names of the load balancer, its security groups and the target groups
    BadConfig(
        name: "load balancer name starting with internal-",
        text: web(replacing: "app: shop", with: "app: internal") + "    http: true\n",
        expected: "slipway.yml:1:6: the load balancer name 'internal-production' would start with 'internal-', "
            + "which AWS does not allow; change app"),
    BadConfig(
        name: "security group name starting with sg-",
        text: web(replacing: "app: shop", with: "app: sg") + "    http: true\n",
        expected: "slipway.yml:1:6: the security group name 'sg-production-lb' would start with 'sg-', "
            + "which AWS does not allow; change app"),
    BadConfig(
        name: "load balancer name ending with a hyphen",
        text: web(replacing: "  production:", with: "  production-:") + "    http: true\n",
        expected: "slipway.yml:11:3: environment 'production-': the load balancer name 'shop-production-' would end "
            + "with '-', which AWS does not allow; change the app or environment key"),
]

@Test("a bad web setting is reported as one exact line", arguments: badWebConfigs)
func badWebConfigIsReported(_ config: BadConfig) {
    #expect(ConfigTestSupport.errorLines(config.text) == [config.expected])
}

@Test func aServiceNameThatIsNoDNSLabelNeedsAHostAndAnotherTargetGroupName() {
    let text = webWithDomain(appending: "    http: true\n").replacingFirst("  web:", with: "  web-:")
    #expect(
        ConfigTestSupport.errorLines(text) == [
            "slipway.yml:15:3: service 'web-' in environment 'production': the target group name "
                + "'shop-production-web-' would end with '-', which AWS does not allow; "
                + "change the app, environment or service key",
            "slipway.yml:18:5: services.web-.http: its host defaults to the service's name, 'web-', which is not a "
                + "DNS label; set host: to a label of \(labelRule)",
        ])
}
