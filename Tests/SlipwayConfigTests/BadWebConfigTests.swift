import Testing

private func minimal(appending lines: String) -> String { ConfigTestSupport.minimal(appending: lines) }
private func minimal(replacing target: String, with replacement: String) -> String {
    ConfigTestSupport.minimal(replacing: target, with: replacement)
}

/// `minimal` with `domain` in production (line 11, its value at column 13).
private func minimal(domain: String) -> String {
    minimal(replacing: "    branch: main\n", with: "    branch: main\n    domain: \(domain)\n")
}

private let lbSubnets = "  subnets: [subnet-0a1b2c3d, subnet-4e5f6071]\n"
private let subnetsAdvice =
    "an Application Load Balancer needs subnets in at least two availability zones, so list at least two, "
    + "e.g. [subnet-0a1b2c3d, subnet-4e5f6071]"
private let labelRule = "lowercase letters, digits and '-', at most 63 characters, not starting or ending with '-'"
private let durationForms = "30s, 2m or 1m30s (or a number of seconds)"

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

]

@Test("a bad web setting is reported as one exact line", arguments: badWebConfigs)
func badWebConfigIsReported(_ config: BadConfig) {
    #expect(ConfigTestSupport.errorLines(config.text) == [config.expected])
}
