/// How the load balancer checks a web service's tasks (`http.health_check:`).
public struct HealthCheckSettings: Sendable, Equatable {
    public static let defaultPath = "/"
    public static let defaultCodes = "200-399"
    public static let defaultInterval = 10
    public static let defaultTimeout = 5
    public static let defaultHealthy = 2
    public static let defaultUnhealthy = 3

    public var path: Located<String>
    /// The HTTP codes that mean healthy, as the load balancer takes them: `200`, `200,202` or `200-299`.
    public var codes: Located<String>
    /// Seconds between checks.
    public var interval: Located<Int>
    /// Seconds without an answer that fail a check; always below `interval`.
    public var timeout: Located<Int>
    /// Consecutive passed checks that make a task healthy.
    public var healthy: Located<Int>
    /// Consecutive failed checks that make a task unhealthy.
    public var unhealthy: Located<Int>

    public init(
        path: Located<String>,
        codes: Located<String>,
        interval: Located<Int>,
        timeout: Located<Int>,
        healthy: Located<Int>,
        unhealthy: Located<Int>
    ) {
        self.path = path
        self.codes = codes
        self.interval = interval
        self.timeout = timeout
        self.healthy = healthy
        self.unhealthy = unhealthy
    }

    /// Every default, each located at `position`.
    public static func defaults(at position: SourcePosition) -> HealthCheckSettings {
        HealthCheckSettings(
            path: Located(defaultPath, at: position),
            codes: Located(defaultCodes, at: position),
            interval: Located(defaultInterval, at: position),
            timeout: Located(defaultTimeout, at: position),
            healthy: Located(defaultHealthy, at: position),
            unhealthy: Located(defaultUnhealthy, at: position))
    }
}
