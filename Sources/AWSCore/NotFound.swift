/// Runs a read whose "not found" error (`code`, the service's own) means "there is none".
public func notFoundAsNil<T: Sendable>(_ code: AWSErrorCode, _ body: () async throws -> T) async throws -> T? {
    do {
        return try await body()
    } catch let error as AWSError where error.is(code) {
        return nil
    }
}
