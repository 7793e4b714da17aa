import AWSDeployServices

/// How one invocation of the Deploy action ends: exactly one of these is reported to
/// CodePipeline per invocation.
public enum JobResult: Sendable, Equatable {
    /// The deployment completed: `PutJobSuccessResult` without a token.
    case succeeded(summary: String, deploymentID: String?, outputVariables: [String: String])
    /// Still rolling out: `PutJobSuccessResult` with a continuation token, so CodePipeline invokes again.
    case continuing(token: ContinuationToken, summary: String, percentComplete: Int)
    /// `PutJobFailureResult`.
    case failed(type: CodePipeline.FailureType, message: String)

    /// The request that reports this result.
    public func successRequest(jobID: String) -> CodePipeline.PutJobSuccessResultRequest? {
        let summaryLimit = 2048
        switch self {
        case .succeeded(let summary, let deploymentID, let outputVariables):
            return CodePipeline.PutJobSuccessResultRequest(
                jobId: jobID,
                executionDetails: CodePipeline.ExecutionDetails(
                    summary: CodePipeline.truncated(summary, to: summaryLimit), externalExecutionId: deploymentID, percentComplete: 100),
                outputVariables: outputVariables.isEmpty ? nil : outputVariables)
        case .continuing(let token, let summary, let percent):
            return CodePipeline.PutJobSuccessResultRequest(
                jobId: jobID, continuationToken: token.text,
                executionDetails: CodePipeline.ExecutionDetails(
                    summary: CodePipeline.truncated(summary, to: summaryLimit), externalExecutionId: token.deploymentID,
                    percentComplete: min(max(percent, 0), 99)))
        case .failed:
            return nil
        }
    }

    /// The request that reports this result when it is a failure (message cut to 1–5000 characters).
    public func failureRequest(jobID: String) -> CodePipeline.PutJobFailureResultRequest? {
        guard case .failed(let type, let message) = self else { return nil }
        return CodePipeline.PutJobFailureResultRequest(jobId: jobID, failureDetails: CodePipeline.FailureDetails(type: type, truncating: message))
    }

    /// One word for logs and the Lambda response.
    public var outcome: String {
        switch self {
        case .succeeded: "succeeded"
        case .continuing: "continuing"
        case .failed(let type, _): "failed (\(type.rawValue))"
        }
    }
}

/// A failure with the type CodePipeline should show; thrown inside a job, turned into `JobResult.failed`.
struct JobFailure: Error, Sendable {
    let type: CodePipeline.FailureType
    let message: String

    static func configuration(_ message: String) -> JobFailure { JobFailure(type: .configurationError, message: message) }
    static func job(_ message: String) -> JobFailure { JobFailure(type: .jobFailed, message: message) }
}
