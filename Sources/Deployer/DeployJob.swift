import AWSCore
import AWSDeployServices
import DeployerInterface
import Logging

/// Runs one invocation of the Deploy action to its `JobResult`: on the first invocation it
/// deploys the built image (new task definition revision, service update); on each
/// continuation it looks at that deployment. It never throws and never reports: the caller
/// reports the result, exactly once.
public struct DeployJob: Sendable {
    /// A client with the function's own credentials (ECS, CodePipeline).
    public let client: AWSClient
    public let logger: Logger
    public let now: @Sendable () -> Date
    /// Most old revisions deregistered in one invocation (the rest go next time).
    public var deregisterLimit = 25

    public init(client: AWSClient, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }) {
        self.client = client
        self.logger = logger
        self.now = now
    }

    /// The result of `job`, given up on (as a failure) shortly before `deadline`, the end of
    /// the Lambda invocation, so that there is always time left to report it.
    public func run(_ job: CodePipelineJobEvent.Job, until deadline: Date?) async -> JobResult {
        let step = StepTracker()
        guard let deadline else { return await runUnbounded(job, step) }
        let budget = deadline.timeIntervalSince(now()) - Self.reportingReserve(deadline.timeIntervalSince(now()))
        guard budget > 0 else {
            return .failed(type: .jobFailed, message: "The deployer's Lambda invocation had no time left to start the job; raise the function's timeout.")
        }
        return await withTaskGroup(of: JobResult?.self) { group in
            group.addTask { await self.runUnbounded(job, step) }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(Int64(budget * 1000)))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            if let first { return first }
            let current = await step.current
            return .failed(type: .jobFailed, message: "The deployer ran out of Lambda time while \(current); raise the deployer function's timeout."
                + (await step.serviceUpdated ? " The service update was already sent, so ECS may still roll it out." : ""))
        }
    }

    /// Seconds kept back from the Lambda deadline for reporting the result.
    static func reportingReserve(_ remaining: Double) -> Double {
        min(3, max(remaining * 0.2, 0.2))
    }

    func runUnbounded(_ job: CodePipelineJobEvent.Job, _ step: StepTracker) async -> JobResult {
        do {
            if let unreadable = job.data.unreadable { throw JobFailure.configuration(unreadable) }
            let parameters: DeployerParameters
            do {
                parameters = try DeployerParameters.parse(job.data.userParameters)
            } catch {
                throw JobFailure.configuration(error.description)
            }
            if let text = job.data.continuationToken {
                let token: ContinuationToken
                do { token = try ContinuationToken(text: text) } catch { throw JobFailure.job(error.description) }
                return try await check(token, parameters, step)
            }
            return try await deploy(job, parameters, step)
        } catch let failure as JobFailure {
            return .failed(type: failure.type, message: failure.message)
        } catch is CancellationError {
            return .failed(type: .jobFailed, message: "The deployer was stopped while \(await step.current).")
        } catch {
            return .failed(type: Self.failureType(of: error), message: "While \(await step.current): \(Self.describe(error))")
        }
    }

    // MARK: - First invocation: deploy

    func deploy(_ job: CodePipelineJobEvent.Job, _ parameters: DeployerParameters, _ step: StepTracker) async throws -> JobResult {
        let artifact = try Self.inputArtifact(job.data.inputArtifacts, named: parameters.artifact)
        guard let location = artifact.location?.s3Location, (artifact.location?.type ?? "S3") == "S3" else {
            throw JobFailure.configuration("the input artifact '\(artifact.name)' is not stored in S3")
        }
        guard let credentials = job.data.artifactCredentials else {
            throw JobFailure.configuration("the job carries no artifactCredentials to read the input artifact with")
        }
        let s3 = S3(client: client.with(credentials: StaticCredentialProvider(credentials.credentials, sourceName: "the job's artifact credentials")))
        let objectName = "s3://\(location.bucketName)/\(location.objectKey)"
        await step.enter("reading the build artifact '\(artifact.name)' (\(objectName))")
        let object: S3.GetObjectOutput
        do {
            object = try await s3.getObject(S3.GetObjectRequest(Bucket: location.bucketName, Key: location.objectKey))
        } catch let error as AWSError where error.is(S3.ErrorCode.noSuchKey, S3.ErrorCode.noSuchBucket, S3.ErrorCode.notFound) || error.statusCode == 404 {
            throw JobFailure.job("The build artifact '\(artifact.name)' is missing: \(objectName) does not exist (\(error.code)). Re-run the Build stage.")
        }
        await step.enter("reading the image from the build artifact '\(artifact.name)'")
        let image: BuildImage
        do {
            image = try BuildImage.read(zip: object.Body ?? [], container: parameters.container)
        } catch {
            throw JobFailure.job("The build artifact \(objectName) does not name an image: \(error.description)")
        }
        logger.info("image \(image.uri) from \(image.file)")

        let ecs = ECS(client: client)
        await step.enter("describing service \(parameters.service) in cluster \(parameters.cluster)")
        let (service, rawService) = try await describeService(ecs, parameters)
        if let type = service.deploymentController?.type, type != .ecs {
            throw JobFailure.configuration("the service \(parameters.service) uses the \(type.rawValue) deployment controller; the deployer rolls out with ECS's own (rolling update) controller")
        }

        await step.enter("describing the latest revision of task definition family \(parameters.family)")
        let described: JSONValue = try await client.json(
            ECS.service, "DescribeTaskDefinition", ECS.DescribeTaskDefinitionRequest(taskDefinition: parameters.family, include: [.tags]))
        guard let latest = described["taskDefinition"], let latestArn = latest["taskDefinitionArn"]?.stringValue else {
            throw JobFailure.job("ECS DescribeTaskDefinition returned no task definition for family \(parameters.family)")
        }
        let copy = try TaskDefinitionCopy(latest, tags: described["tags"], container: parameters.container, image: image.uri)

        var taskDefinitionArn = latestArn
        if copy.imageChanged {
            await step.enter("registering a new revision of \(parameters.family) with image \(image.uri)")
            let registered: ECS.RegisterTaskDefinitionResponse = try await client.json(ECS.service, "RegisterTaskDefinition", copy.request)
            guard let arn = registered.taskDefinition?.taskDefinitionArn else {
                throw JobFailure.job("ECS RegisterTaskDefinition returned no task definition ARN for family \(parameters.family)")
            }
            taskDefinitionArn = arn
            logger.info("registered \(arn)")
        } else {
            logger.info("\(latestArn) already runs \(image.uri); deploying it")
        }

        await step.enter("updating service \(parameters.service) to \(DeploymentCheck.revisionName(taskDefinitionArn))")
        let updated = try await updateService(ecs, parameters, taskDefinitionArn: taskDefinitionArn, described: service, raw: rawService)
        await step.markServiceUpdated()
        // AWS makes the deployment of the new task definition PRIMARY in the reply.
        let deployments = updated?.deployments ?? []
        guard let deployment = deployments.first(where: { $0.deploymentStatus == .primary && $0.taskDefinition == taskDefinitionArn }) ?? updated?.primaryDeployment,
              let deploymentID = deployment.id
        else {
            throw JobFailure.job("ECS UpdateService on \(parameters.service) returned no PRIMARY deployment to watch")
        }
        let token = ContinuationToken(deploymentID: deploymentID, taskDefinitionArn: taskDefinitionArn, image: image.uri,
                                      deadline: now().addingTimeInterval(Double(parameters.timeoutMinutes) * 60))
        return .continuing(
            token: token,
            summary: "Started ECS deployment \(deploymentID) of \(DeploymentCheck.revisionName(taskDefinitionArn)) (image \(image.uri)) on service \(parameters.service).",
            percentComplete: 0)
    }

    /// The one input artifact, or the one `artifact` names.
    static func inputArtifact(_ artifacts: [CodePipelineJobEvent.Artifact], named name: String?) throws -> CodePipelineJobEvent.Artifact {
        if let name {
            guard let artifact = artifacts.first(where: { $0.name == name }) else {
                throw JobFailure.configuration("the action has no input artifact named '\(name)' (it has: \(artifacts.map(\.name).joined(separator: ", ").ifEmpty("none")))")
            }
            return artifact
        }
        guard let artifact = artifacts.first else {
            throw JobFailure.configuration("the Deploy action has no input artifact; give it the Build stage's output")
        }
        guard artifacts.count == 1 else {
            throw JobFailure.configuration("the Deploy action has \(artifacts.count) input artifacts (\(artifacts.map(\.name).joined(separator: ", "))); name the build output in the parameters' 'artifact'")
        }
        return artifact
    }

    /// The service, typed, and as ECS sent it (to send back its deployment configuration whole).
    func describeService(_ ecs: ECS, _ parameters: DeployerParameters) async throws -> (ECS.Service, JSONValue) {
        let raw: JSONValue = try await client.json(
            ECS.service, "DescribeServices", ECS.DescribeServicesRequest(cluster: parameters.cluster, services: [parameters.service]))
        let response = try Self.decode(ECS.DescribeServicesResponse.self, from: raw, operation: "DescribeServices")
        guard let service = response.services?.first(where: { $0.serviceName == parameters.service || $0.serviceArn == parameters.service }),
              case .array(let services)? = raw["services"],
              let rawService = services.first(where: { $0["serviceName"]?.stringValue == service.serviceName })
        else {
            let reason = response.failures?.first?.reason.map { " (\($0))" } ?? ""
            throw JobFailure.job("The ECS service \(parameters.service) does not exist in cluster \(parameters.cluster)\(reason); run `slipway apply` to create it.")
        }
        guard service.status == nil || service.status == "ACTIVE" else {
            throw JobFailure.job("The ECS service \(parameters.service) is \(service.status ?? "?") (being deleted); run `slipway apply` to create it again.")
        }
        return (service, rawService)
    }

    /// Points the service at the new revision. The circuit breaker (with rollback) is turned on
    /// only when it is not already, and then the rest of the deployment configuration is sent
    /// back exactly as ECS described it, so that no setting is lost.
    func updateService(_ ecs: ECS, _ parameters: DeployerParameters, taskDefinitionArn: String, described: ECS.Service, raw: JSONValue) async throws -> ECS.Service? {
        let breaker = described.deploymentConfiguration?.deploymentCircuitBreaker
        if breaker?.enable == true && breaker?.rollback == true {
            return try await ecs.updateService(ECS.UpdateServiceRequest(
                cluster: parameters.cluster, service: parameters.service, taskDefinition: taskDefinitionArn)).service
        }
        var configuration: [String: JSONValue] = [:]
        if case .object(let existing)? = raw["deploymentConfiguration"] { configuration = existing }
        configuration["deploymentCircuitBreaker"] = .object(["enable": .bool(true), "rollback": .bool(true)])
        let request = JSONValue.object([
            "cluster": .string(parameters.cluster),
            "service": .string(parameters.service),
            "taskDefinition": .string(taskDefinitionArn),
            "deploymentConfiguration": .object(configuration),
        ])
        logger.info("turning on the deployment circuit breaker of \(parameters.service)")
        let response: ECS.UpdateServiceResponse = try await client.json(ECS.service, "UpdateService", request)
        return response.service
    }

    // MARK: - Continuations: watch the deployment

    func check(_ token: ContinuationToken, _ parameters: DeployerParameters, _ step: StepTracker) async throws -> JobResult {
        let ecs = ECS(client: client)
        await step.enter("checking ECS deployment \(token.deploymentID) of service \(parameters.service)")
        let response = try await ecs.describeServices(ECS.DescribeServicesRequest(cluster: parameters.cluster, services: [parameters.service]))
        let service = response.services?.first { $0.serviceName == parameters.service || $0.serviceArn == parameters.service }
        let verdict = DeploymentCheck.verdict(service: service, failures: response.failures ?? [], token: token, now: now(),
                                              cluster: parameters.cluster, serviceName: parameters.service)
        switch verdict {
        case .inProgress(let summary, let percent):
            return .continuing(token: token, summary: summary, percentComplete: percent)
        case .failed(let reason):
            return .failed(type: .jobFailed, message: reason)
        case .completed(let summary):
            await step.enter("deregistering old revisions of \(parameters.family)")
            let inUse = Set((service?.deployments ?? []).compactMap(\.taskDefinition) + [token.taskDefinitionArn])
            let note = await deregisterOldRevisions(ecs, parameters, keeping: inUse)
            var outputs = ["taskDefinitionArn": token.taskDefinitionArn, "deploymentId": token.deploymentID]
            if !token.image.isEmpty { outputs["image"] = token.image }
            return .succeeded(summary: summary + note, deploymentID: token.deploymentID, outputVariables: outputs)
        }
    }

    /// Deregisters the ACTIVE revisions of the family beyond the newest `keepRevisions`, never
    /// one a deployment of the service uses. Housekeeping: a failure here is noted in the
    /// summary but does not fail a deployment that completed.
    func deregisterOldRevisions(_ ecs: ECS, _ parameters: DeployerParameters, keeping inUse: Set<String>) async -> String {
        do {
            let arns = try await ecs.listAllTaskDefinitions(ECS.ListTaskDefinitionsRequest(familyPrefix: parameters.family, status: .active))
            let stale = Self.staleRevisions(arns, family: parameters.family, keep: parameters.keepRevisions, inUse: inUse)
            var deregistered = 0
            for arn in stale.prefix(deregisterLimit) {
                _ = try await ecs.deregisterTaskDefinition(ECS.DeregisterTaskDefinitionRequest(taskDefinition: arn))
                deregistered += 1
            }
            if deregistered > 0 { logger.info("deregistered \(deregistered) old revisions of \(parameters.family)") }
            return deregistered == 0 ? "" : " Deregistered \(deregistered) old revision\(deregistered == 1 ? "" : "s") of \(parameters.family)."
        } catch {
            logger.warning("could not deregister old revisions of \(parameters.family): \(Self.describe(error))")
            return " Old revisions of \(parameters.family) were not deregistered: \(Self.describe(error))"
        }
    }

    /// The ARNs of `family` to deregister: all but the `keep` highest revisions and those in use, oldest first.
    static func staleRevisions(_ arns: [String], family: String, keep: Int, inUse: Set<String>) -> [String] {
        let revisions: [(arn: String, revision: Int)] = arns.compactMap { arn in
            let name = DeploymentCheck.revisionName(arn)
            guard let colon = name.lastIndex(of: ":"), name[..<colon] == family, let revision = Int(name[name.index(after: colon)...]) else { return nil }
            return (arn, revision)
        }
        let newestFirst = revisions.sorted { $0.revision > $1.revision }
        return newestFirst.dropFirst(max(keep, 1)).filter { !inUse.contains($0.arn) }.reversed().map(\.arn)
    }

    // MARK: - Errors

    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue, operation: String) throws -> T {
        do {
            return try AWSClient.jsonDecoder.decode(T.self, from: JSONEncoder().encode(value))
        } catch {
            throw AWSClientError.unreadableReply(service: "ECS", operation: operation, reason: "\(error)")
        }
    }

    static func failureType(of error: any Error) -> CodePipeline.FailureType {
        guard let error = error as? AWSError else { return .jobFailed }
        return AWSErrorCode.accessDenied.contains(error.errorCode) ? .permissionError : .jobFailed
    }

    /// An error as a sentence: AWS's errors name the service, operation, code and message.
    static func describe(_ error: any Error) -> String {
        String(describing: error)
    }
}

/// Which step the job is at, for the message when time runs out.
actor StepTracker {
    private(set) var current = "starting"
    private(set) var serviceUpdated = false

    func enter(_ step: String) { current = step }
    func markServiceUpdated() { serviceUpdated = true }
}

extension String {
    fileprivate func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
