import AWSCore

// Amazon EventBridge: the rule that sends an environment's pipeline events to its topic and
// webhook. The shapes and calls are generated (Generated/EventBridge.swift); written here are the
// error codes Slipway matches and its lookups.
extension EventBridge {
    public enum ErrorCode {
        public static let resourceNotFound = AWSErrorCode("ResourceNotFoundException")
    }

    /// Every target of a rule on the default bus, all pages.
    public func allTargets(rule: String) async throws -> [Target] {
        var found: [Target] = []
        var token: String?
        repeat {
            let page = try await listTargetsByRule(.init(Rule: rule, NextToken: token))
            found += page.Targets ?? []
            token = page.NextToken
        } while token != nil
        return found
    }

    /// One resource's tags as a map.
    public func tags(of arn: String) async throws -> [String: String] {
        let tags = try await listTagsForResource(.init(ResourceARN: arn)).Tags ?? []
        return tagMap(tags, key: \.Key, value: \.Value)
    }
}
