/// An error code as a service's model names it (`ClusterNotFoundException`, `NoSuchEntity`):
/// each service declares the ones Slipway acts on, so that a misspelt code does not compile
/// instead of never matching.
public struct AWSErrorCode: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    /// Codes that mean the caller may not do what it asked, whichever service says it.
    public static let accessDenied: Set<AWSErrorCode> = [
        AWSErrorCode("AccessDenied"), AWSErrorCode("AccessDeniedException"), AWSErrorCode("UnauthorizedOperation"),
        AWSErrorCode("UnrecognizedClientException"), AWSErrorCode("InvalidClientTokenId"),
    ]
}

extension AWSError {
    /// The code AWS answered with, typed.
    public var errorCode: AWSErrorCode { AWSErrorCode(code) }

    /// Whether AWS answered with one of `codes`.
    public func `is`(_ codes: AWSErrorCode...) -> Bool {
        codes.contains(errorCode)
    }
}
