/// The wire protocol a service speaks.
public enum WireProtocol: Sendable, Equatable {
    /// JSON 1.0/1.1: POST `/` with `X-Amz-Target: {targetPrefix}.{Operation}`.
    case json(targetPrefix: String, version: String)
    /// Query: form-encoded `Action`/`Version`, XML replies.
    case query(version: String)
    /// EC2's own Query dialect: lists as `Name.N`, replies not wrapped in `<{Action}Result>`.
    case ec2(version: String)
    case restJSON
    case restXML
}

/// The one endpoint of a global service in a partition, and the region its requests are signed for
/// (botocore's endpoints.json: IAM in aws-cn is `iam.cn-north-1.amazonaws.com.cn` for cn-north-1,
/// Route 53 there is `route53.amazonaws.com.cn` for cn-northwest-1).
public struct PartitionEndpoint: Sendable, Equatable {
    public let host: String
    public let signingRegion: String

    public init(host: String, signingRegion: String) {
        self.host = host
        self.signingRegion = signingRegion
    }
}

/// What the client needs to know of a service to reach it and sign for it.
public struct AWSServiceDescription: Sendable {
    /// The SDK service id (`IAM`, `CloudWatch Logs`), which names `AWS_ENDPOINT_URL_<ID>`.
    public let serviceID: String
    public let signingName: String
    public let endpointPrefix: String
    public let wireProtocol: WireProtocol
    /// A service with one endpoint for each whole partition (IAM, Route 53): that endpoint, by
    /// partition name (`aws`, `aws-cn`, `aws-us-gov`). Empty for regional services.
    public let partitionEndpoints: [String: PartitionEndpoint]

    public init(serviceID: String, signingName: String, endpointPrefix: String, wireProtocol: WireProtocol,
                partitionEndpoints: [String: PartitionEndpoint] = [:]) {
        self.serviceID = serviceID
        self.signingName = signingName
        self.endpointPrefix = endpointPrefix
        self.wireProtocol = wireProtocol
        self.partitionEndpoints = partitionEndpoints
    }

    /// `AWS_ENDPOINT_URL_` + the service id upper-cased with spaces as underscores.
    public var endpointEnvironmentVariable: String {
        "AWS_ENDPOINT_URL_" + serviceID.uppercased().replacing(" ", with: "_")
    }

    /// The key of this service in a profile's `services` section (`cloudwatch_logs`).
    public var configKey: String {
        serviceID.lowercased().replacing(" ", with: "_")
    }

    public var isS3: Bool { signingName == "s3" }
}
