import NIOConcurrencyHelpers

/// The write calls AWS accepted within one task, so that a step of several writes that fails
/// part-way can say which of them landed (an apply's summary never claims "0 changes" after a
/// write went through).
public final class WriteLog: Sendable {
    /// The log of the task running now, if any; `AWSClient` adds every accepted write to it.
    @TaskLocal public static var current: WriteLog?

    private let operations = NIOLockedValueBox<[String]>([])

    public init() {}

    /// The operations AWS accepted, in the order their replies came.
    public var accepted: [String] { operations.withLockedValue { $0 } }

    func add(_ operation: String) {
        operations.withLockedValue { $0.append(operation) }
    }
}
