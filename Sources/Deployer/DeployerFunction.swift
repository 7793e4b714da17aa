import AWSCore
import AWSDeployServices
import Logging

/// The deployer Lambda: turns each CodePipeline job event into exactly one job result
/// reported to CodePipeline, and answers Lambda with a small JSON summary (never the event).
public struct DeployerFunction: LambdaHandler {
    public let client: AWSClient
    public let logger: Logger
    public let now: @Sendable () -> Date

    /// The init phase: the function's credentials, region and endpoints from Lambda's
    /// environment (`AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_<SERVICE>` are honoured).
    public init(variables: [String: String], now: @escaping @Sendable () -> Date = { Date() }) throws {
        var logger = Logger(label: "slipway.deployer") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = Self.logLevel(variables)
        guard let region = [variables["AWS_REGION"], variables["AWS_DEFAULT_REGION"]].compactMap({ $0 }).first(where: { !$0.isEmpty }) else {
            throw DeployerInitError("AWS_REGION is not set (Lambda sets it; set it when running the deployer elsewhere)")
        }
        guard let key = variables["AWS_ACCESS_KEY_ID"], !key.isEmpty, variables["AWS_SECRET_ACCESS_KEY"]?.isEmpty == false else {
            throw DeployerInitError("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set (Lambda sets them from the function's role)")
        }
        let client = AWSClient(
            region: region,
            credentialProvider: EnvironmentCredentialProvider(variables: variables),
            endpointResolver: EndpointResolver(variables: variables, profile: nil),
            retryPolicy: RetryPolicy.standard(variables: variables, profile: nil),
            timeout: .seconds(30),
            logger: logger)
        self.init(client: client, logger: logger, now: now)
    }

    public init(client: AWSClient, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }) {
        self.client = client
        self.logger = logger
        self.now = now
    }

    public func handle(_ body: [UInt8], context: InvocationContext) async -> InvocationResult {
        guard let event = CodePipelineJobEvent.decode(body) else {
            // No job id: nothing can be reported to CodePipeline, so Lambda records the error.
            logger.error("invocation \(context.requestID): the event is not a CodePipeline job event")
            return .error(LambdaError(type: "Deployer.NotACodePipelineJob",
                                      message: "The event is not a CodePipeline job event ({\"CodePipeline.job\": {\"id\": …}}); the deployer runs only as a pipeline's Deploy action."))
        }
        let job = event.job
        let deadline = context.deadline
        logger.info("job \(job.id): \(job.data.continuationToken == nil ? "deploying" : "checking the deployment")")
        let result = await DeployJob(client: client, logger: logger, now: now).run(job, until: deadline)
        switch result {
        case .failed(_, let message): logger.info("job \(job.id): \(result.outcome): \(message)")
        case .continuing(_, let summary, _), .succeeded(let summary, _, _): logger.info("job \(job.id): \(result.outcome): \(summary)")
        }
        do {
            try await report(result, jobID: job.id)
        } catch {
            logger.error("job \(job.id): reporting the result to CodePipeline failed: \(error)")
            return .error(LambdaError(type: "Deployer.ReportFailed",
                                      message: "Job \(job.id) ended \(result.outcome), but reporting that to CodePipeline failed: \(error)"))
        }
        return .response(Array(JSONValue.object(["jobId": .string(job.id), "result": .string(result.outcome)]).jsonText().utf8))
    }

    /// Reports the result: `PutJobSuccessResult` (with or without a continuation token) or `PutJobFailureResult`.
    func report(_ result: JobResult, jobID: String) async throws {
        let pipeline = CodePipeline(client: client)
        if let success = result.successRequest(jobID: jobID) {
            try await pipeline.putJobSuccessResult(success)
        } else if let failure = result.failureRequest(jobID: jobID) {
            try await pipeline.putJobFailureResult(failure)
        }
    }

    /// `AWS_LAMBDA_LOG_LEVEL` (Lambda's advanced logging control), else info.
    static func logLevel(_ variables: [String: String]) -> Logger.Level {
        switch variables["AWS_LAMBDA_LOG_LEVEL"]?.lowercased() {
        case "trace": .trace
        case "debug": .debug
        case "warn", "warning": .warning
        case "error": .error
        case "fatal", "critical": .critical
        default: .info
        }
    }
}

/// The deployer cannot start: reported to Lambda's `/init/error`.
public struct DeployerInitError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
