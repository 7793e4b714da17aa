import AWSSigV4
import AWSCore
import Foundation

/// A running emulator: its endpoint, the admin keys it made, and its control endpoints.
public struct EmulatorConnection: Sendable {
    public let endpoint: String
    public let region: String
    public let accessKeyID: String
    public let secretAccessKey: String

    init(envFile: String) throws {
        let text = try String(contentsOfFile: envFile, encoding: .utf8)
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let body = line.hasPrefix("export ") ? line.dropFirst(7) : line[...]
            guard let equals = body.firstIndex(of: "=") else { continue }
            var value = String(body[body.index(after: equals)...])
            if value.hasPrefix("'") || value.hasPrefix("\"") { value = String(value.dropFirst().dropLast()) }
            values[String(body[..<equals])] = value
        }
        guard let endpoint = values["AWS_ENDPOINT_URL"], let key = values["AWS_ACCESS_KEY_ID"], let secret = values["AWS_SECRET_ACCESS_KEY"] else {
            throw EmulatorUnavailable(reason: "\(envFile) lacks AWS_ENDPOINT_URL or the keys")
        }
        self.endpoint = endpoint
        self.region = values["AWS_REGION"] ?? "us-east-1"
        self.accessKeyID = key
        self.secretAccessKey = secret
    }

    /// The variables a child process (the `slipway` binary) needs to reach the emulator.
    public func environment(accessKeyID: String? = nil, secretAccessKey: String? = nil) -> [String: String] {
        [
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_REGION": region,
            "AWS_ACCESS_KEY_ID": accessKeyID ?? self.accessKeyID,
            "AWS_SECRET_ACCESS_KEY": secretAccessKey ?? self.secretAccessKey,
            "AWS_CONFIG_FILE": "/nonexistent",
            "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
        ]
    }

    /// A client signed with the admin keys, or with the keys given.
    public func client(
        accessKeyID: String? = nil, secretAccessKey: String? = nil,
        retryPolicy: RetryPolicy = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(50)),
        observer: (@Sendable (AWSCallRecord) -> Void)? = nil
    ) -> AWSClient {
        let credentials = AWSCredentials(accessKeyID: accessKeyID ?? self.accessKeyID, secretAccessKey: secretAccessKey ?? self.secretAccessKey)
        return AWSClient(
            region: region,
            credentialProvider: StaticCredentialProvider(credentials),
            endpointResolver: EndpointResolver(variables: ["AWS_ENDPOINT_URL": endpoint], profile: nil),
            retryPolicy: retryPolicy,
            observer: observer)
    }

    /// Calls the emulator recorded for one access key: (service, action) pairs in order.
    public func calls(accessKeyID: String) async throws -> [EmulatorCall] {
        let data = try await control("GET", "/_slipway/calls?access_key=\(accessKeyID)")
        return try JSONDecoder().decode([EmulatorCall].self, from: data)
    }

    /// The PutJobSuccessResult / PutJobFailureResult calls the emulator saw, in order.
    public func jobResults() async throws -> [JSONValue] {
        let data = try await control("GET", "/_slipway/job-results")
        guard case .array(let items) = try JSONValue.parse(Array(data)) else { return [] }
        return items
    }

    private func control(_ method: String, _ path: String) async throws -> Data {
        let response = try await EmulatorHTTP.send(HTTPRequest(method: method, url: endpoint + path), timeout: .seconds(10))
        guard response.status == 200 else { throw EmulatorUnavailable(reason: "\(path) answered \(response.status)") }
        return Data(response.body)
    }
}

public struct EmulatorCall: Codable, Sendable, Equatable {
    public let service: String?
    public let action: String?
    public let method: String?
    public let path: String?
    public let status: Int?
}
