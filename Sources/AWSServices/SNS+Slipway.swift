import AWSCore

// Amazon SNS: the topic an environment's notifications are mailed from. The shapes and calls are
// generated (Generated/SNS.swift); written here are the error codes Slipway matches and its lookups.
extension SNS {
    public enum ErrorCode {
        /// A topic (or subscription) that does not exist.
        public static let notFound = AWSErrorCode("NotFound")
    }

    /// What ListSubscriptionsByTopic shows in place of the ARN until the address confirms.
    public static let pendingConfirmation = "PendingConfirmation"

    /// Every subscription of a topic, all pages.
    public func allSubscriptions(topicArn: String) async throws -> [Subscription] {
        var found: [Subscription] = []
        var token: String?
        repeat {
            let page = try await listSubscriptionsByTopic(.init(TopicArn: topicArn, NextToken: token))
            found += page.Subscriptions ?? []
            token = page.NextToken
        } while token != nil
        return found
    }

    /// One topic's tags as a map.
    public func tags(of arn: String) async throws -> [String: String] {
        let tags = try await listTagsForResource(.init(ResourceArn: arn)).Tags ?? []
        return tagMap(tags, key: \.Key, value: \.Value)
    }
}
