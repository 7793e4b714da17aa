/// Target tracking for a service's task count (`scaling:`), through Application Auto Scaling.
public struct ScalingSettings: Sendable, Equatable {
    public static let defaultMin = 1
    /// The CPU target when neither `cpu` nor `requests` is given.
    public static let defaultCPU = 70

    public var min: Located<Int>
    public var max: Located<Int>
    /// Average CPU percent to hold; nil when only `requests` is given.
    public var cpu: Located<Int>?
    /// Requests per target per minute to hold (needs `http`).
    public var requests: Located<Int>?

    public init(min: Located<Int>, max: Located<Int>, cpu: Located<Int>?, requests: Located<Int>?) {
        self.min = min
        self.max = max
        self.cpu = cpu
        self.requests = requests
    }
}
