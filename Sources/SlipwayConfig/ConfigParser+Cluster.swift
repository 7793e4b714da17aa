extension ConfigParser {
    static let clusterKeys = ["name", "subnets", "security_groups", "assign_public_ip"]

    mutating func parseCluster(_ field: ConfigField) -> ClusterSettings? {
        guard let map = mapping(field, allowedKeys: Self.clusterKeys, expected: "a mapping with name and subnets")
        else { return nil }
        let name = required("name", in: map, advice: "add the ECS cluster's name (it is created when absent)")
            .flatMap { parseClusterName($0) }
        let subnets = required("subnets", in: map, advice: "list at least one subnet ID, e.g. [subnet-0a1b2c3d]")
            .flatMap { parseIDs($0, kind: "subnet", example: "subnet-0a1b2c3d", isValid: NamePatterns.isSubnetID) }
        if let subnets, subnets.isEmpty, let field = map["subnets"] {
            report(field.position, "cluster.subnets is empty; list at least one subnet ID, e.g. [subnet-0a1b2c3d]")
        }
        // No security groups means the VPC's default group, as in ECS itself.
        var securityGroups: [Located<String>]? = []
        if let field = map["security_groups"] {
            securityGroups = parseIDs(
                field, kind: "security group", example: "sg-0a1b2c3d", isValid: NamePatterns.isSecurityGroupID)
        }
        var assignPublicIP: Located<Bool>? = Located(false, at: field.keyPosition)
        if let field = map["assign_public_ip"] { assignPublicIP = boolean(field) }
        guard let name, let subnets, !subnets.isEmpty, let securityGroups, let assignPublicIP else { return nil }
        return ClusterSettings(
            name: name, subnets: subnets, securityGroups: securityGroups, assignPublicIP: assignPublicIP)
    }

    private mutating func parseClusterName(_ field: ConfigField) -> Located<String>? {
        guard let name = string(field, expected: "an ECS cluster name") else { return nil }
        guard NamePatterns.isClusterName(name.value) else {
            report(
                name.position,
                "cluster.name '\(name.value)' is not a valid ECS cluster name; "
                    + "use letters, digits, '-' and '_', at most 255 characters")
            return nil
        }
        return name
    }

    /// A list of VPC resource IDs (`subnet-…`, `sg-…`); nil when any is wrong, so no partial network is used.
    mutating func parseIDs(
        _ field: ConfigField, kind: String, example: String, isValid: (String) -> Bool
    ) -> [Located<String>]? {
        guard let items = list(field, expected: "a list of \(kind) IDs") else { return nil }
        return strings(items, expected: "a \(kind) ID such as \(example)") { id, _ in
            isValid(id) ? nil : "is not a \(kind) ID; write it like \(example)"
        }
    }
}
