import AWSCore

// Elastic Load Balancing v2: a web service's load balancer, target groups, listeners and rules.
// The shapes and calls are generated (Generated/ELBv2.swift); written here are the error codes
// Slipway matches and its lookups by name.
extension ELBv2 {
    public enum ErrorCode {
        public static let loadBalancerNotFound = AWSErrorCode("LoadBalancerNotFound")
        public static let targetGroupNotFound = AWSErrorCode("TargetGroupNotFound")
        public static let listenerNotFound = AWSErrorCode("ListenerNotFound")
        public static let ruleNotFound = AWSErrorCode("RuleNotFound")
        /// A target group still used by a rule or a service, a certificate by a listener.
        public static let resourceInUse = AWSErrorCode("ResourceInUse")
        public static let priorityInUse = AWSErrorCode("PriorityInUse")
    }

    /// The load balancer named `name`, or nil.
    public func loadBalancer(named name: String) async throws -> LoadBalancer? {
        do {
            return try await describeLoadBalancers(.init(Names: [name])).LoadBalancers?.first { $0.LoadBalancerName == name }
        } catch let error as AWSError where error.is(ErrorCode.loadBalancerNotFound) {
            return nil
        }
    }

    /// The target group named `name`, or nil.
    public func targetGroup(named name: String) async throws -> TargetGroup? {
        do {
            return try await describeTargetGroups(.init(Names: [name])).TargetGroups?.first { $0.TargetGroupName == name }
        } catch let error as AWSError where error.is(ErrorCode.targetGroupNotFound) {
            return nil
        }
    }

    /// The listener of a load balancer on `port`, or nil.
    public func listener(loadBalancer arn: String, port: Int) async throws -> Listener? {
        try await describeListeners(.init(LoadBalancerArn: arn)).Listeners?.first { $0.Port == port }
    }

    /// Every rule of a listener but its default one.
    public func rules(listener arn: String) async throws -> [Rule] {
        var rules: [Rule] = []
        var marker: String?
        repeat {
            let page = try await describeRules(.init(ListenerArn: arn, Marker: marker))
            rules += (page.Rules ?? []).filter { $0.IsDefault != true }
            marker = page.NextMarker
        } while marker != nil
        return rules
    }

    /// One resource's tags as a map.
    public func tags(of arn: String) async throws -> [String: String] {
        let described = try await describeTags(.init(ResourceArns: [arn])).TagDescriptions?.first { $0.ResourceArn == arn }
        return tagMap(described?.Tags, key: \.Key, value: \.Value)
    }

    /// Tags as ELBv2 takes them, in key order.
    public static func tagList(_ tags: [String: String]) -> [Tag] {
        tags.sorted { $0.key < $1.key }.map { Tag(Key: $0.key, Value: $0.value) }
    }

    /// `arn:…:targetgroup/{name}/{id}` → `name`.
    public static func targetGroupName(fromARN arn: String) -> String? {
        let parts = arn.split(separator: "/")
        guard parts.count >= 3, parts[parts.count - 3].hasSuffix("targetgroup") else { return nil }
        return String(parts[parts.count - 2])
    }

    /// The resource label of a target-tracking policy on requests per target:
    /// `app/{lb}/{id}/targetgroup/{tg}/{id}`, from the two ARNs.
    public static func resourceLabel(loadBalancerARN: String, targetGroupARN: String) -> String? {
        let balancer = loadBalancerARN.split(separator: ":loadbalancer/", maxSplits: 1)
        let group = targetGroupARN.split(separator: ":targetgroup/", maxSplits: 1)
        guard balancer.count == 2, group.count == 2 else { return nil }
        return "\(balancer[1])/targetgroup/\(group[1])"
    }
}
