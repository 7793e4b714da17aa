import AWSCore
import AWSServices

/// A chat incoming webhook as EventBridge calls it: a connection and an API destination of the
/// same name. The URL is the secret (incoming webhooks authenticate by their URL alone), so it
/// is compared but never shown.
///
/// EventBridge requires every connection to carry credentials, and an incoming webhook takes
/// none: the connection sends one fixed, harmless header (`placeholderHeader`), which chat
/// services ignore. Neither resource can be tagged, so the description says whose it is.
struct WebhookResource: ManagedResource {
    let name: String
    let url: String
    let app: String
    let environment: String

    var address: ResourceAddress { ResourceAddress(.webhook, name) }
    var dependencies: [ResourceAddress] { [] }

    static let placeholderHeader = (name: "X-Slipway-Notification", value: "1")
    /// At most this many calls a second, so that a burst of failed runs cannot flood a channel.
    static let rateLimitPerSecond = 1

    enum Fields {
        static let url = FieldID("url", sensitive: true)
        static let method = FieldID("method")
        static let rateLimit = FieldID("calls per second")
        static let owner = FieldID("description")
    }

    var description: String { "Slipway \(app): notifications of \(environment)" }

    var desired: [Field] {
        [
            Field(Fields.url, url), Field(Fields.method, "POST"), Field(Fields.rateLimit, integer: Self.rateLimitPerSecond),
            Field(Fields.owner, description),
        ]
    }

    func readLive(_ context: EngineContext) async throws -> LiveResource? {
        let events = EventBridge(client: context.client)
        let code = EventBridge.ErrorCode.resourceNotFound
        async let connection = notFoundAsNil(code) { try await events.describeConnection(.init(Name: name)) }
        let destination = try await notFoundAsNil(code) { try await events.describeApiDestination(.init(Name: name)) }
        guard let destination, try await connection != nil else {
            // Half of it (an apply cut short): delete what is there and create both.
            return try await connection != nil || destination != nil
                ? LiveResource(fields: [Field(Fields.url, nil)], ownedByApp: true) : nil
        }
        return LiveResource(fields: [
            Field(Fields.url, destination.InvocationEndpoint),
            Field(Fields.method, destination.HttpMethod?.rawValue),
            Field(Fields.rateLimit, integer: destination.InvocationRateLimitPerSecond),
            Field(Fields.owner, destination.Description),
        ], ownedByApp: destination.Description == description)
    }

    func create(_ context: EngineContext) async throws {
        let events = EventBridge(client: context.client)
        let connectionArn = try await ensureConnection(events)
        _ = try await events.createApiDestination(.init(
            Name: name, Description: description, ConnectionArn: connectionArn, InvocationEndpoint: url,
            HttpMethod: .post, InvocationRateLimitPerSecond: Self.rateLimitPerSecond))
    }

    private func ensureConnection(_ events: EventBridge) async throws -> String {
        let code = EventBridge.ErrorCode.resourceNotFound
        if let existing = try await notFoundAsNil(code, { try await events.describeConnection(.init(Name: name)) }),
           let arn = existing.ConnectionArn {
            return arn
        }
        let created = try await events.createConnection(.init(
            Name: name, Description: description, AuthorizationType: .apiKey,
            AuthParameters: .init(ApiKeyAuthParameters: .init(
                ApiKeyName: Self.placeholderHeader.name, ApiKeyValue: Self.placeholderHeader.value))))
        return created.ConnectionArn ?? ""
    }

    func update(_ context: EngineContext, changes: [FieldChange]) async throws {
        let events = EventBridge(client: context.client)
        let code = EventBridge.ErrorCode.resourceNotFound
        guard try await notFoundAsNil(code, { try await events.describeApiDestination(.init(Name: name)) }) != nil else {
            try await create(context)
            return
        }
        _ = try await events.updateApiDestination(.init(
            Name: name, Description: description, InvocationEndpoint: url, HttpMethod: .post,
            InvocationRateLimitPerSecond: Self.rateLimitPerSecond))
    }

    func delete(_ context: EngineContext) async throws {
        let events = EventBridge(client: context.client)
        let code = EventBridge.ErrorCode.resourceNotFound
        _ = try await notFoundAsNil(code) { try await events.deleteApiDestination(.init(Name: name)) }
        _ = try await notFoundAsNil(code) { try await events.deleteConnection(.init(Name: name)) }
    }
}
