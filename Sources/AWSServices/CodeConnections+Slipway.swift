import AWSCore

/// AWS CodeConnections (formerly CodeStar Connections): the GitHub connection a pipeline's
/// Source action uses. Slipway only reads a connection's status, to say when it still waits
/// for the GitHub handshake in the console.
public struct CodeConnections: Sendable {
    /// The current API (`arn:aws:codeconnections:…` connections).
    public static let service = AWSServiceDescription(
        serviceID: "CodeConnections", signingName: "codeconnections", endpointPrefix: "codeconnections",
        wireProtocol: .json(targetPrefix: "com.amazonaws.codeconnections.CodeConnections_20231201", version: "1.0"))
    /// The API under its former name, for `arn:aws:codestar-connections:…` connections.
    public static let codeStarService = AWSServiceDescription(
        serviceID: "CodeStar connections", signingName: "codestar-connections", endpointPrefix: "codestar-connections",
        wireProtocol: .json(targetPrefix: "com.amazonaws.codestar.connections.CodeStar_connections_20191201", version: "1.0"))

    public let client: AWSClient

    public init(client: AWSClient) {
        self.client = client
    }

    /// `PENDING` (created, the GitHub handshake not done yet), `AVAILABLE` or `ERROR`.
    public struct ConnectionStatus: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let pending = Self(rawValue: "PENDING")
        public static let available = Self(rawValue: "AVAILABLE")
        public static let error = Self(rawValue: "ERROR")
    }

    public struct Connection: Codable, Sendable, Hashable {
        public var ConnectionName: String?
        public var ConnectionArn: String?
        public var ProviderType: String?
        public var OwnerAccountId: String?
        public var ConnectionStatus: ConnectionStatus?
        public var HostArn: String?
    }

    public struct GetConnectionRequest: Codable, Sendable {
        public var ConnectionArn: String

        public init(ConnectionArn: String) {
            self.ConnectionArn = ConnectionArn
        }
    }

    public struct GetConnectionResponse: Codable, Sendable {
        public let Connection: Connection?
    }

    /// A connection that does not exist is a `ResourceNotFoundException`. The call goes to the
    /// API the ARN names: `codestar-connections` ARNs to CodeStar connections, others to CodeConnections.
    public func getConnection(_ input: GetConnectionRequest) async throws -> GetConnectionResponse {
        let service = input.ConnectionArn.contains(":codestar-connections:") ? Self.codeStarService : Self.service
        return try await client.json(service, "GetConnection", input)
    }
}

extension CodeConnections {
    /// The error codes of CodeConnections that Slipway acts on.
    public enum ErrorCode {
        public static let resourceNotFound = AWSErrorCode("ResourceNotFoundException")
    }
}
