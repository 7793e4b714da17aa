extension ConfigParser {
    static let loadBalancerKeys = ["subnets", "internal", "idle_timeout"]
    static let idleTimeoutRange = 1...4000
    /// An Application Load Balancer needs subnets in at least two availability zones.
    static let minimumLoadBalancerSubnets = 2
    static let loadBalancerSubnetsAdvice =
        "list subnets in at least two availability zones, e.g. [subnet-0a1b2c3d, subnet-4e5f6071]"

    mutating func parseLoadBalancer(_ field: ConfigField) -> LoadBalancerSettings? {
        guard
            let map = mapping(
                field, allowedKeys: Self.loadBalancerKeys, expected: "a mapping with subnets (and internal, idle_timeout)")
        else { return nil }
        let subnets = required("subnets", in: map, advice: Self.loadBalancerSubnetsAdvice)
            .flatMap { parseLoadBalancerSubnets($0) }
        var isInternal: Located<Bool>? = Located(false, at: field.keyPosition)
        if let field = map["internal"] { isInternal = boolean(field) }
        var idleTimeout: Located<Int>? = Located(LoadBalancerSettings.defaultIdleTimeout, at: field.keyPosition)
        if let field = map["idle_timeout"] { idleTimeout = duration(field, range: Self.idleTimeoutRange) }
        guard let subnets, let isInternal, let idleTimeout else { return nil }
        return LoadBalancerSettings(subnets: subnets, internal: isInternal, idleTimeout: idleTimeout)
    }

    private mutating func parseLoadBalancerSubnets(_ field: ConfigField) -> [Located<String>]? {
        guard
            let subnets = parseIDs(
                field, kind: "subnet", example: "subnet-0a1b2c3d (8 or 17 hex digits)",
                isValid: NamePatterns.isFullSubnetID)
        else { return nil }
        var unique: [Located<String>] = []
        var isValid = true
        for subnet in subnets {
            guard !unique.contains(where: { $0.value == subnet.value }) else {
                report(subnet.position, "\(field.path) lists \(subnet.value) twice; list each subnet once")
                isValid = false
                continue
            }
            unique.append(subnet)
        }
        guard isValid else { return nil }
        guard unique.count >= Self.minimumLoadBalancerSubnets else {
            let listed = unique.isEmpty ? "is empty" : "lists one subnet"
            report(
                field.position,
                "\(field.path) \(listed); an Application Load Balancer needs subnets in at least two availability "
                    + "zones, so list at least two, e.g. [subnet-0a1b2c3d, subnet-4e5f6071]")
            return nil
        }
        return unique
    }
}
