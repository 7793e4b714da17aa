import AWSCore
import AWSServices
import Deployer
import Foundation
import SlipwayTestSupport
import Testing

/// The real `bootstrap` process against a local Runtime API, with its AWS calls going to the
/// emulator (signatures and IAM policies checked). Each case ends in exactly one job result
/// per invocation, checked in the emulator's record of PutJobSuccessResult/PutJobFailureResult.
@Suite("Deployer process, end to end")
struct DeployerProcessTests {
    typealias Harness = DeployerHarness

    @Test("deploys the built image, then reports completion on the continuation")
    func successfulDeploy() async throws {
        // Three revisions exist; the service runs the third. moto completes a deployment of a
        // service with no desired tasks at once, so the continuation sees COMPLETED.
        let harness = try await Harness.make(desiredCount: 0, revisions: 3)
        let jobID = Harness.newJobID()
        let parameters = harness.parameters.jsonText()

        try await withDeployer(harness) { server, _ in
            // First invocation: register revision 4 with the new image, update the service.
            let first = try await server.outcome(of: await server.enqueue(harness.event(jobID: jobID, userParameters: parameters)))
            guard case .response(let body) = first else { Issue.record("expected a response, got \(first)"); return }
            #expect(body.contains(#""result":"continuing""#))

            let results = try await harness.jobResults(jobID)
            try #require(results.count == 1, "\(results)")
            #expect(results[0]["kind"]?.stringValue == "success")
            let tokenText = try #require(results[0]["continuationToken"]?.stringValue)
            let token = try ContinuationToken(text: tokenText)
            #expect(token.image == Harness.newImage)
            #expect(token.taskDefinitionArn.hasSuffix(":task-definition/\(harness.family):4"))
            #expect(token.deadline > Date().addingTimeInterval(29 * 60) && token.deadline < Date().addingTimeInterval(31 * 60))

            let ecs = ECS(client: harness.admin)
            let service = try #require(try await ecs.describeServices(.init(cluster: harness.cluster, services: [harness.service])).services?.first)
            #expect(service.taskDefinition == token.taskDefinitionArn)
            #expect(service.deployments?.contains { $0.id == token.deploymentID } == true)
            #expect(service.deploymentConfiguration?.deploymentCircuitBreaker == .init(enable: true, rollback: true))

            // The new revision: only the web container's image changed; everything else, tags included, kept.
            let new: JSONValue = try await harness.admin.json(ECS.service, "DescribeTaskDefinition",
                ECS.DescribeTaskDefinitionRequest(taskDefinition: token.taskDefinitionArn, include: [.tags]))
            let old: JSONValue = try await harness.admin.json(ECS.service, "DescribeTaskDefinition",
                ECS.DescribeTaskDefinitionRequest(taskDefinition: "\(harness.family):3", include: [.tags]))
            let newDefinition = try #require(new["taskDefinition"]), oldDefinition = try #require(old["taskDefinition"])
            for member in ["family", "networkMode", "cpu", "memory", "executionRoleArn", "requiresCompatibilities", "volumes"] {
                #expect(newDefinition[member] == oldDefinition[member], "\(member) changed")
            }
            let newContainers = try Self.containers(newDefinition), oldContainers = try Self.containers(oldDefinition)
            #expect(newContainers[Harness.container]?["image"]?.stringValue == Harness.newImage)
            #expect(oldContainers[Harness.container]?["image"]?.stringValue == Harness.oldImage)
            #expect(Self.withoutImage(newContainers[Harness.container]) == Self.withoutImage(oldContainers[Harness.container]))
            #expect(newContainers[Harness.container]?["linuxParameters"]?["initProcessEnabled"] == .bool(true))
            #expect(newContainers[Harness.sidecar] == oldContainers[Harness.sidecar])
            #expect(Self.tagSet(new["tags"]) == Self.tagSet(old["tags"]))
            #expect(Self.tagSet(new["tags"]).count == Harness.tags.count)

            // Second invocation: the continuation sees the deployment completed.
            let second = try await server.outcome(of: await server.enqueue(harness.event(jobID: jobID, userParameters: parameters, continuationToken: tokenText)))
            guard case .response(let secondBody) = second else { Issue.record("expected a response, got \(second)"); return }
            #expect(secondBody.contains(#""result":"succeeded""#))
            let all = try await harness.jobResults(jobID)
            try #require(all.count == 2, "\(all)")
            #expect(all[1]["kind"]?.stringValue == "success")
            #expect(all[1]["continuationToken"] == .null)
            #expect(all[1]["executionDetails"]?["summary"]?.stringValue?.contains("Deployed \(Harness.newImage) as \(harness.family):4") == true)
            #expect(all[1]["executionDetails"]?["percentComplete"] == .number(100))
            #expect(all[1]["outputVariables"]?["taskDefinitionArn"]?.stringValue == token.taskDefinitionArn)

            // keepRevisions 2: revisions 1 and 2 deregistered, 3 (still in the service's deployments) and 4 kept.
            let active = try await ecs.listAllTaskDefinitions(.init(familyPrefix: harness.family, status: .active))
            #expect(Set(active.map(DeploymentCheck.revisionName)) == ["\(harness.family):3", "\(harness.family):4"])

            // The function's keys made the ECS and CodePipeline calls and never touched S3; the
            // artifact credentials made exactly the one S3 read.
            #expect(try await harness.deployerCalls() == [
                "DescribeServices", "DescribeTaskDefinition", "RegisterTaskDefinition", "UpdateService", "PutJobSuccessResult",
                "DescribeServices", "ListTaskDefinitions", "DeregisterTaskDefinition", "DeregisterTaskDefinition", "PutJobSuccessResult",
            ])
            #expect(try await harness.artifactCalls().count == 1)
        }
    }

    @Test("while the rollout runs, the continuation keeps its token; past the deadline it fails")
    func rolloutInProgressThenTimeout() async throws {
        // moto never completes a deployment of a service that wants tasks: it stays IN_PROGRESS.
        let harness = try await Harness.make(desiredCount: 1, circuitBreaker: false)
        let jobID = Harness.newJobID()
        let parameters = harness.parameters.jsonText()
        try await withDeployer(harness) { server, _ in
            _ = try await server.outcome(of: await server.enqueue(harness.event(jobID: jobID, userParameters: parameters)))
            let first = try await harness.jobResults(jobID)
            try #require(first.count == 1)
            let tokenText = try #require(first[0]["continuationToken"]?.stringValue)

            // The service had no circuit breaker: the deployer turned it on, keeping the rest.
            let service = try #require(try await ECS(client: harness.admin).describeServices(
                .init(cluster: harness.cluster, services: [harness.service])).services?.first)
            #expect(service.deploymentConfiguration?.deploymentCircuitBreaker == .init(enable: true, rollback: true))
            #expect(service.deploymentConfiguration?.maximumPercent == 200)

            _ = try await server.outcome(of: await server.enqueue(harness.event(jobID: jobID, userParameters: parameters, continuationToken: tokenText)))
            let second = try await harness.jobResults(jobID)
            try #require(second.count == 2)
            #expect(second[1]["kind"]?.stringValue == "success")
            #expect(second[1]["continuationToken"]?.stringValue == tokenText)
            #expect(second[1]["executionDetails"]?["summary"]?.stringValue?.hasPrefix("Rolling out \(harness.family):2") == true)

            // The same deployment, looked at after its deadline.
            var late = try ContinuationToken(text: tokenText)
            late.deadline = Date().addingTimeInterval(-60)
            _ = try await server.outcome(of: await server.enqueue(harness.event(jobID: jobID, userParameters: parameters, continuationToken: late.text)))
            let third = try await harness.jobResults(jobID)
            try #require(third.count == 3)
            #expect(third[2]["kind"]?.stringValue == "failure")
            #expect(third[2]["failureDetails"]?["type"]?.stringValue == "JobFailed")
            let message = try #require(third[2]["failureDetails"]?["message"]?.stringValue)
            #expect(message.contains("did not complete by its deadline"))
            #expect(message.contains(late.deploymentID))
        }
    }

    @Test("a rollout the circuit breaker failed and rolled back is a JobFailed with ECS's reason")
    func failedRollout() async throws {
        // moto cannot fail a deployment, so DescribeServices comes from a stub ECS endpoint
        // (AWS_ENDPOINT_URL_ECS) answering as AWS does after a circuit-breaker rollback; the job
        // result still goes to the emulator's CodePipeline.
        let harness = try await Harness.make(desiredCount: 0)
        let jobID = Harness.newJobID()
        let token = ContinuationToken(deploymentID: "ecs-svc/1111111111", taskDefinitionArn: "arn:aws:ecs:us-east-1:123456789012:task-definition/\(harness.family):2",
                                      image: Harness.newImage, deadline: Date().addingTimeInterval(600))
        let described = JSONValue.object(["services": .array([.object([
            "serviceName": .string(harness.service), "status": .string("ACTIVE"), "desiredCount": .number(1),
            "deployments": .array([
                .object(["id": .string("ecs-svc/2222222222"), "status": .string("PRIMARY"), "taskDefinition": .string("arn:aws:ecs:us-east-1:123456789012:task-definition/\(harness.family):1"),
                         "desiredCount": .number(1), "runningCount": .number(0), "rolloutState": .string("IN_PROGRESS"), "rolloutStateReason": .string("ECS deployment ecs-svc/2222222222 in progress.")]),
                .object(["id": .string("ecs-svc/1111111111"), "status": .string("ACTIVE"), "taskDefinition": .string(token.taskDefinitionArn),
                         "desiredCount": .number(0), "runningCount": .number(0), "failedTasks": .number(3), "rolloutState": .string("FAILED"),
                         "rolloutStateReason": .string("ECS deployment circuit breaker: tasks failed to start.")]),
            ]),
            "events": .array([.object(["id": .string("e1"), "createdAt": .number(Date().timeIntervalSince1970),
                                       "message": .string("(service \(harness.service)) (deployment ecs-svc/1111111111) deployment failed: tasks failed to start.")])]),
        ])]), "failures": .array([])])
        let stub = try await LocalHTTPServer.start { request in
            request.headers.first(name: "X-Amz-Target")?.hasSuffix(".DescribeServices") == true
                ? (.ok, [("Content-Type", "application/x-amz-json-1.1")], Array(described.jsonText().utf8))
                : (.badRequest, [], Array(#"{"__type":"UnknownOperationException"}"#.utf8))
        }
        defer { Task { await stub.stop() } }
        try await withDeployer(harness, extraEnvironment: ["AWS_ENDPOINT_URL_ECS": "http://127.0.0.1:\(stub.port)"]) { server, _ in
            _ = try await server.outcome(of: await server.enqueue(harness.event(jobID: jobID, userParameters: harness.parameters.jsonText(), continuationToken: token.text)))
            let results = try await harness.jobResults(jobID)
            try #require(results.count == 1, "\(results)")
            #expect(results[0]["kind"]?.stringValue == "failure")
            #expect(results[0]["failureDetails"]?["type"]?.stringValue == "JobFailed")
            let message = try #require(results[0]["failureDetails"]?["message"]?.stringValue)
            #expect(message.contains("ECS deployment circuit breaker: tasks failed to start."))
            #expect(message.contains("rolling the service back to \(harness.family):1"))
            #expect(message.contains("deployment failed: tasks failed to start"))
        }
    }

    @Test("missing or malformed parameters: ConfigurationError, and no ECS call", arguments: [
        nil,
        "",
        "not json",
        #"{"cluster":"c","service":"s","family":"f"}"#,
        #"{"cluster":"c","service":"s","family":"f","container":"web","keepRevisions":0}"#,
        #"{"cluster":"c","service":"s","family":"f","container":"web","timeout":5}"#,
    ] as [String?])
    func badParameters(_ userParameters: String?) async throws {
        let harness = try await Harness.make()
        let jobID = Harness.newJobID()
        try await withDeployer(harness) { server, _ in
            let outcome = try await server.outcome(of: await server.enqueue(harness.event(jobID: jobID, userParameters: userParameters)))
            guard case .response = outcome else { Issue.record("expected a response, got \(outcome)"); return }
            let results = try await harness.jobResults(jobID)
            try #require(results.count == 1, "\(results)")
            #expect(results[0]["kind"]?.stringValue == "failure")
            #expect(results[0]["failureDetails"]?["type"]?.stringValue == "ConfigurationError")
            #expect(results[0]["failureDetails"]?["message"]?.stringValue?.contains("UserParameters") == true)
            #expect(try await harness.deployerCalls() == ["PutJobFailureResult"])
            #expect(try await harness.artifactCalls().isEmpty)
        }
    }

    @Test("a missing build artifact: JobFailed naming it, and the service left alone")
    func missingArtifact() async throws {
        let harness = try await Harness.make(artifact: nil)
        let jobID = Harness.newJobID()
        try await withDeployer(harness) { server, _ in
            _ = try await server.outcome(of: await server.enqueue(harness.event(jobID: jobID, userParameters: harness.parameters.jsonText())))
            let results = try await harness.jobResults(jobID)
            try #require(results.count == 1, "\(results)")
            #expect(results[0]["failureDetails"]?["type"]?.stringValue == "JobFailed")
            let message = try #require(results[0]["failureDetails"]?["message"]?.stringValue)
            #expect(message.contains("s3://\(harness.bucket)/\(harness.artifactKey) does not exist"))
            #expect(try await harness.deployerCalls() == ["PutJobFailureResult"])
        }
    }

    @Test("an artifact without an image file: JobFailed saying what the buildspec must write")
    func artifactWithoutImage() async throws {
        let harness = try await Harness.make(artifact: TestZip.zip([(name: "README.md", contents: "no image here")]))
        let jobID = Harness.newJobID()
        try await withDeployer(harness) { server, _ in
            _ = try await server.outcome(of: await server.enqueue(harness.event(jobID: jobID, userParameters: harness.parameters.jsonText())))
            let results = try await harness.jobResults(jobID)
            try #require(results.count == 1)
            #expect(results[0]["failureDetails"]?["type"]?.stringValue == "JobFailed")
            #expect(results[0]["failureDetails"]?["message"]?.stringValue?.contains("neither imageDetail.json nor imagedefinitions.json") == true)
            #expect(try await harness.deployerCalls() == ["PutJobFailureResult"])
        }
    }

    @Test("an AWS error: JobFailed with the operation and AWS's message")
    func awsError() async throws {
        let harness = try await Harness.make()
        let jobID = Harness.newJobID()
        var parameters = harness.parameters
        parameters.cluster = "\(harness.cluster)-missing"
        try await withDeployer(harness) { server, _ in
            _ = try await server.outcome(of: await server.enqueue(harness.event(jobID: jobID, userParameters: parameters.jsonText())))
            let results = try await harness.jobResults(jobID)
            try #require(results.count == 1, "\(results)")
            #expect(results[0]["failureDetails"]?["type"]?.stringValue == "JobFailed")
            let message = try #require(results[0]["failureDetails"]?["message"]?.stringValue)
            #expect(message.contains("ECS DescribeServices: ClusterNotFoundException"), "\(message)")
            #expect(message.contains("While describing service \(harness.service) in cluster \(parameters.cluster)"))
            #expect(try await harness.deployerCalls() == ["DescribeServices", "PutJobFailureResult"])
        }
    }

    @Test("an event that is not a CodePipeline job: a Lambda error, nothing reported")
    func notAJob() async throws {
        let harness = try await Harness.make()
        try await withDeployer(harness) { server, _ in
            let outcome = try await server.outcome(of: await server.enqueue(Array(#"{"hello":"world"}"#.utf8)))
            guard case .error(let type, let body) = outcome else { Issue.record("expected an error, got \(outcome)"); return }
            #expect(type == "Deployer.NotACodePipelineJob")
            #expect(body.contains(#""errorType":"Deployer.NotACodePipelineJob""#))
            #expect(try await harness.deployerCalls().isEmpty)
        }
    }

    @Test("without credentials the runtime reports an init error and exits")
    func initError() async throws {
        let server = try await RuntimeAPIServer.start()
        let process = try BootstrapProcess(environment: ["AWS_LAMBDA_RUNTIME_API": server.address, "AWS_REGION": "us-east-1"])
        let status = try await process.waitForExit()
        #expect(status == 1)
        let errors = await server.initErrors
        #expect(errors.count == 1)
        #expect(errors.first?.contains("AWS_ACCESS_KEY_ID") == true)
        #expect(await server.requests.map(\.path) == ["/2018-06-01/runtime/init/error"])
        await process.stop()
        await server.stop()
    }

    // MARK: - Helpers

    static func containers(_ taskDefinition: JSONValue) throws -> [String: JSONValue] {
        guard case .array(let list)? = taskDefinition["containerDefinitions"] else { throw BootstrapMissing(description: "no containerDefinitions") }
        return Dictionary(uniqueKeysWithValues: list.compactMap { item in item["name"]?.stringValue.map { ($0, item) } })
    }

    static func withoutImage(_ container: JSONValue?) -> JSONValue? {
        guard case .object(var object)? = container else { return container }
        object["image"] = nil
        return .object(object)
    }

    static func tagSet(_ tags: JSONValue?) -> Set<String> {
        guard case .array(let list)? = tags else { return [] }
        return Set(list.compactMap { tag in tag["key"]?.stringValue.map { "\($0)=\(tag["value"]?.stringValue ?? "")" } })
    }
}
