extension ResolvedService {
    /// A load-balanced web service in one environment: its rule, its target group's settings and its health check.
    public struct Web: Sendable, Equatable {
        /// The DNS label of `{host}.{domain}`, where the environment has a domain.
        public let host: String
        /// The path prefix of the rule: `/`, or a prefix matched as `{path}` and `{path}/*`.
        public let path: String
        /// The container port the target group sends traffic to.
        public let port: Int
        public let healthCheck: HealthCheck
        /// `healthCheckGracePeriodSeconds` of the ECS service.
        public let gracePeriod: Int
        /// `deregistration_delay.timeout_seconds` of the target group.
        public let deregistrationDelay: Int

        public init(
            host: String, path: String, port: Int, healthCheck: HealthCheck, gracePeriod: Int,
            deregistrationDelay: Int
        ) {
            self.host = host
            self.path = path
            self.port = port
            self.healthCheck = healthCheck
            self.gracePeriod = gracePeriod
            self.deregistrationDelay = deregistrationDelay
        }

        /// The target group's health check, in seconds and counts as the API takes them.
        public struct HealthCheck: Sendable, Equatable {
            public let path: String
            /// The matcher's `HttpCode`: `200`, `200,202` or `200-299`.
            public let codes: String
            public let interval: Int
            public let timeout: Int
            public let healthy: Int
            public let unhealthy: Int

            public init(path: String, codes: String, interval: Int, timeout: Int, healthy: Int, unhealthy: Int) {
                self.path = path
                self.codes = codes
                self.interval = interval
                self.timeout = timeout
                self.healthy = healthy
                self.unhealthy = unhealthy
            }
        }
    }

    /// Target tracking of the ECS service's desired count: one policy per metric given.
    public struct Scaling: Sendable, Equatable {
        public let min: Int
        public let max: Int
        /// Average CPU percent to hold (`ECSServiceAverageCPUUtilization`).
        public let cpu: Int?
        /// Requests per target per minute to hold (`ALBRequestCountPerTarget`).
        public let requests: Int?

        public init(min: Int, max: Int, cpu: Int?, requests: Int?) {
            self.min = min
            self.max = max
            self.cpu = cpu
            self.requests = requests
        }
    }
}

extension ResolvedService.Web {
    /// `settings` with the service's name and port filled in where the file left them out; nil
    /// without a port, which validation never lets through.
    init?(_ settings: HTTPSettings, service: String, ports: [Int]) {
        guard let port = settings.port?.value ?? ports.first else { return nil }
        let check = settings.healthCheck
        self.init(
            host: settings.host?.value ?? service,
            path: settings.path.value,
            port: port,
            healthCheck: HealthCheck(
                path: check.path.value, codes: check.codes.value, interval: check.interval.value,
                timeout: check.timeout.value, healthy: check.healthy.value, unhealthy: check.unhealthy.value),
            gracePeriod: settings.gracePeriod.value,
            deregistrationDelay: settings.deregistrationDelay.value)
    }
}

extension ResolvedService.Scaling {
    init(_ settings: ScalingSettings) {
        self.init(
            min: settings.min.value, max: settings.max.value, cpu: settings.cpu?.value,
            requests: settings.requests?.value)
    }
}
