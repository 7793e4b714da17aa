import AWSCore

// AWS Certificate Manager: the certificate of an environment's domain. The shapes and calls are
// generated (Generated/ACM.swift); written here are the error codes Slipway matches and its lookups.
extension ACM {
    public enum ErrorCode {
        public static let resourceNotFound = AWSErrorCode("ResourceNotFoundException")
        /// A certificate still used by a listener.
        public static let resourceInUse = AWSErrorCode("ResourceInUseException")
    }

    /// Every certificate whose main name is `domain`, any status.
    public func certificates(domain: String) async throws -> [CertificateSummary] {
        var found: [CertificateSummary] = []
        var token: String?
        repeat {
            let page = try await listCertificates(.init(NextToken: token))
            found += (page.CertificateSummaryList ?? []).filter { $0.DomainName == domain }
            token = page.NextToken
        } while token != nil
        return found
    }

    /// One certificate's tags as a map.
    public func tags(of arn: String) async throws -> [String: String] {
        let tags = try await listTagsForCertificate(.init(CertificateArn: arn)).Tags ?? []
        return tagMap(tags, key: \.Key, value: \.Value)
    }
}
