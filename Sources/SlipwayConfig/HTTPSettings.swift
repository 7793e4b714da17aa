/// What makes a service a load-balanced web service (`http:`): its route, its port and its health check.
public struct HTTPSettings: Sendable, Equatable {
    public static let defaultPath = "/"
    public static let defaultGracePeriod = 60
    /// Slipway's default, not AWS's 300 seconds, which makes every deploy wait five minutes per task.
    public static let defaultDeregistrationDelay = 30

    /// The DNS label before the environment's domain; nil means the service's name.
    public var host: Located<String>?
    /// The path prefix routed to the service: `/` or `/segment…`, without a trailing `/`.
    public var path: Located<String>
    /// The container port that takes the traffic; nil means `port`, or the first of `ports`.
    public var port: Located<Int>?
    public var healthCheck: HealthCheckSettings
    /// Seconds after a task starts during which ECS ignores failing health checks.
    public var gracePeriod: Located<Int>
    /// Seconds the load balancer lets a leaving task finish its requests.
    public var deregistrationDelay: Located<Int>

    public init(
        host: Located<String>?,
        path: Located<String>,
        port: Located<Int>?,
        healthCheck: HealthCheckSettings,
        gracePeriod: Located<Int>,
        deregistrationDelay: Located<Int>
    ) {
        self.host = host
        self.path = path
        self.port = port
        self.healthCheck = healthCheck
        self.gracePeriod = gracePeriod
        self.deregistrationDelay = deregistrationDelay
    }

    /// `http: true`: every default, each located at `position`.
    public static func defaults(at position: SourcePosition) -> HTTPSettings {
        HTTPSettings(
            host: nil,
            path: Located(defaultPath, at: position),
            port: nil,
            healthCheck: .defaults(at: position),
            gracePeriod: Located(defaultGracePeriod, at: position),
            deregistrationDelay: Located(defaultDeregistrationDelay, at: position))
    }
}
