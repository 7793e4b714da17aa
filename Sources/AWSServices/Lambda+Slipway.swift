import AWSCore

// Slipway's conveniences over the generated Lambda calls (Generated/Lambda.swift): the deployer
// function that CodePipeline's Deploy stage invokes.
extension Lambda {
    /// Every page of `ListFunctions`.
    public func listAllFunctions(_ input: ListFunctionsRequest = ListFunctionsRequest()) async throws -> [FunctionConfiguration] {
        try await Pagination.all { marker in
            var page = input
            page.Marker = marker
            let response = try await listFunctions(page)
            return (response.Functions ?? [], response.NextMarker)
        }
    }

    // MARK: - Waiting

    /// Waits until the function is `Active` and its last update `Successful`: a new function
    /// starts `Pending`, and each code or configuration update is `InProgress` for a while,
    /// during which AWS refuses the next update. Fails as soon as either reports `Failed`.
    /// Reads the function with GetFunction, which `apply` needs anyway (no second permission).
    public func waitUntilReady(functionName: String, waiter: Waiter = Waiter(interval: .seconds(2), timeout: .seconds(300))) async throws -> FunctionConfiguration {
        try await waiter.wait(for: "Lambda function \(functionName) to be ready") {
            let configuration = try await getFunction(GetFunctionRequest(FunctionName: functionName)).Configuration
            return Self.readiness(of: configuration ?? FunctionConfiguration())
        }
    }

    /// Runs an update once the function is ready, and again while AWS still answers
    /// `ResourceConflictException` (an update of someone else's, or one that AWS has not yet
    /// reported, is in progress), within the waiter's bound.
    public func updateWhenReady<T: Sendable>(functionName: String, waiter: Waiter, _ update: () async throws -> T) async throws -> T {
        _ = try await waitUntilReady(functionName: functionName, waiter: waiter)
        return try await waiter.retrying(while: { ($0 as? AWSError)?.is(ErrorCode.resourceConflict) == true }, update)
    }

    /// What one look at a function's configuration says about waiting for it.
    public static func readiness(of configuration: FunctionConfiguration) -> WaiterState<FunctionConfiguration> {
        if configuration.State == .failed {
            return .failed("state Failed: \(configuration.StateReason ?? configuration.StateReasonCode?.rawValue ?? "no reason given")")
        }
        if configuration.LastUpdateStatus == .failed {
            let reason = configuration.LastUpdateStatusReason ?? configuration.LastUpdateStatusReasonCode?.rawValue ?? "no reason given"
            return .failed("last update Failed: \(reason)")
        }
        // A reply without these members (an old emulator) means there is nothing to wait for.
        let state = configuration.State ?? .active
        let update = configuration.LastUpdateStatus ?? .successful
        if state == .active && update == .successful { return .done(configuration) }
        return .pending("state \(state.rawValue), last update \(update.rawValue)")
    }
}

extension Lambda.FunctionCode {
    /// Inline code from the bytes of a .zip archive (base64, at most 50 MB before encoding).
    public static func zip(_ archive: some Sequence<UInt8>) -> Lambda.FunctionCode {
        Lambda.FunctionCode(ZipFile: Data(archive).base64EncodedString())
    }
}

extension Lambda {
    /// The error codes of Lambda that Slipway acts on.
    public enum ErrorCode {
        public static let resourceNotFound = AWSErrorCode("ResourceNotFoundException")
        public static let invalidParameterValue = AWSErrorCode("InvalidParameterValueException")
        /// A function that is Pending or has an update InProgress refuses the next update.
        public static let resourceConflict = AWSErrorCode("ResourceConflictException")
    }
}
