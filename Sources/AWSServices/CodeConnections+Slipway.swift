import AWSCore

// CodeConnections (formerly CodeStar Connections): the GitHub connection a pipeline's Source action
// uses. Slipway only reads a connection's status, to say when it still waits for the GitHub
// handshake in the console. The shapes are generated (Generated/CodeConnections.swift); GetConnection
// is written here because it routes by ARN (scripts/shapes-manifest.json, `handWritten`).
extension CodeConnections {
    /// The API under its former name, for `arn:aws:codestar-connections:…` connections.
    public static let codeStarService = AWSServiceDescription(
        serviceID: "CodeStar connections", signingName: "codestar-connections", endpointPrefix: "codestar-connections",
        wireProtocol: .json(targetPrefix: "com.amazonaws.codestar.connections.CodeStar_connections_20191201", version: "1.0"))

    /// A connection that does not exist is a `ResourceNotFoundException`. The call goes to the
    /// API the ARN names: `codestar-connections` ARNs to CodeStar connections, others to CodeConnections.
    @discardableResult
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
