import AWSCore

// Amazon EC2: only what a web service needs, its security groups and the VPC of its subnets.
// The shapes and calls are generated (Generated/EC2.swift); written here are the error codes
// Slipway matches and its lookups.
extension EC2 {
    public enum ErrorCode {
        public static let groupNotFound = AWSErrorCode("InvalidGroup.NotFound")
        public static let duplicateGroup = AWSErrorCode("InvalidGroup.Duplicate")
        public static let duplicatePermission = AWSErrorCode("InvalidPermission.Duplicate")
        public static let permissionNotFound = AWSErrorCode("InvalidPermission.NotFound")
        /// A group still in use (by a load balancer's or a task's network interface).
        public static let dependencyViolation = AWSErrorCode("DependencyViolation")
        public static let subnetNotFound = AWSErrorCode("InvalidSubnetID.NotFound")
    }

    /// The subnets, in the order asked.
    public func subnets(_ ids: [String]) async throws -> [Subnet] {
        let found = try await describeSubnets(.init(SubnetIds: ids)).Subnets ?? []
        return ids.compactMap { id in found.first { $0.SubnetId == id } }
    }

    /// The security group named `name` in `vpc`, or nil.
    public func securityGroup(named name: String, vpc: String) async throws -> SecurityGroup? {
        let reply = try await describeSecurityGroups(.init(Filters: [
            Filter(Name: "group-name", Values: [name]), Filter(Name: "vpc-id", Values: [vpc]),
        ]))
        return reply.SecurityGroups?.first { $0.GroupName == name }
    }

    /// The names of security groups by ID (an ID that no longer exists is left out).
    public func securityGroupNames(_ ids: [String]) async throws -> [String: String] {
        guard !ids.isEmpty else { return [:] }
        let reply = try await describeSecurityGroups(.init(Filters: [Filter(Name: "group-id", Values: ids)]))
        return Dictionary((reply.SecurityGroups ?? []).compactMap { group in
            group.GroupId.flatMap { id in group.GroupName.map { (id, $0) } }
        }, uniquingKeysWith: { first, _ in first })
    }
}

extension EC2.Tag {
    /// EC2's tags as a map (a tag without a key is no tag).
    public static func map(_ tags: [EC2.Tag]?) -> [String: String] {
        tagMap(tags, key: \.Key, value: \.Value)
    }
}
