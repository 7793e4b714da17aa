import AWSSigV4
import AWSCore
import AWSServices
import Deployer
import Foundation
import SlipwayTestSupport
import Testing
import DeployerInterface

/// Everything an end-to-end deployer test needs: an ECS cluster, task definition family and
/// service in the emulator, the build artifact in S3, two IAM users (the function's role, which
/// may use ECS and report to CodePipeline but not read S3, and the job's artifact credentials,
/// which may only read the artifact bucket), the local Runtime API, and the real `bootstrap`.
struct DeployerHarness {
    static let container = "web"
    static let sidecar = "log-router"
    static let oldImage = "123456789012.dkr.ecr.us-east-1.amazonaws.com/demo/web@sha256:" + String(repeating: "a", count: 64)
    static let newImage = "123456789012.dkr.ecr.us-east-1.amazonaws.com/demo/web@sha256:" + String(repeating: "b", count: 64)
    static let sidecarImage = "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable"
    static let tags: [ECS.Tag] = [.init(key: "slipway:app", value: "demo"), .init(key: "slipway:env", value: "test"), .init(key: "slipway:service", value: "web")]

    let emulator: EmulatorConnection
    let admin: AWSClient
    let name: String
    let bucket: String
    let artifactKey: String
    let deployer: EmulatorConnection.UserKeys
    /// Temporary credentials of a role that may only read the artifact bucket, as CodePipeline
    /// hands a Lambda action (AssumeRole in the emulator, so the session token is real).
    let artifactReader: AWSCredentials

    var cluster: String { name }
    var service: String { name }
    var family: String { name }

    /// The policy of the deployer function's role, as least as the deployer needs.
    static let deployerPolicy = #"""
    {"Version":"2012-10-17","Statement":[
      {"Effect":"Allow","Action":["ecs:DescribeServices","ecs:DescribeTaskDefinition","ecs:RegisterTaskDefinition","ecs:TagResource",
        "ecs:UpdateService","ecs:ListTaskDefinitions","ecs:DeregisterTaskDefinition"],"Resource":"*"},
      {"Effect":"Allow","Action":["codepipeline:PutJobSuccessResult","codepipeline:PutJobFailureResult"],"Resource":"*"},
      {"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}
    """#

    /// Sets up the emulator. `revisions` task definition revisions are registered (the service
    /// runs the last); the service wants `desiredCount` tasks (moto completes a deployment at
    /// once only when that is 0, and never otherwise).
    static func make(
        desiredCount: Int = 0, revisions: Int = 1, circuitBreaker: Bool = true,
        artifact: [UInt8]? = TestZip.zip([(name: "imageDetail.json", contents: #"{"ImageURI":"\#(newImage)"}"#)])
    ) async throws -> DeployerHarness {
        let emulator = try await Emulator.shared.connection()
        let admin = emulator.client()
        let name = "dp-\(String(UInt32.random(in: .min ... .max), radix: 36))"
        let bucket = "\(name)-artifacts"
        let key = "\(name)-pipeline/BuildOutpu/\(UUID().uuidString.prefix(7))"

        let s3 = S3(client: admin)
        _ = try await s3.createBucket(.init(Bucket: bucket))
        if let artifact {
            _ = try await s3.putObject(.init(Body: artifact, Bucket: bucket, ContentType: "application/zip", Key: key))
        }

        let ecs = ECS(client: admin)
        _ = try await ecs.createCluster(.init(clusterName: name))
        var latest = ""
        for revision in 1...max(revisions, 1) {
            let registered: ECS.RegisterTaskDefinitionResponse = try await admin.json(ECS.service, "RegisterTaskDefinition", taskDefinition(family: name, webImage: revision == revisions ? oldImage : oldImage.replacingOccurrences(of: "aaaa", with: "aa\(revision)a")))
            latest = try #require(registered.taskDefinition?.taskDefinitionArn)
        }
        let network = try await EmulatorNetwork.defaultNetwork(admin)
        _ = try await ecs.createService(.init(
            cluster: name, serviceName: name, taskDefinition: latest, desiredCount: desiredCount, launchType: .fargate,
            deploymentConfiguration: circuitBreaker
                ? .init(deploymentCircuitBreaker: .init(enable: true, rollback: true), maximumPercent: 200, minimumHealthyPercent: 100)
                : .init(maximumPercent: 200, minimumHealthyPercent: 100),
            networkConfiguration: .init(awsvpcConfiguration: .init(subnets: network.subnets, securityGroups: network.securityGroups, assignPublicIp: .disabled)),
            tags: tags))

        let deployer = try await emulator.newUser("deployer", policy: deployerPolicy)
        // The emulator matches a trust policy's principal exactly: the admin user that assumes the role.
        let iam = IAM(client: admin)
        let role = "\(name)-artifacts"
        _ = try await iam.createRole(.init(RoleName: role, AssumeRolePolicyDocument: #"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/slipway-admin"},"Action":"sts:AssumeRole"}]}
            """#))
        try await iam.putRolePolicy(.init(RoleName: role, PolicyName: "artifacts", PolicyDocument: #"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:GetObjectVersion"],"Resource":"arn:aws:s3:::\#(bucket)/*"}]}
            """#))
        let assumed = try await STS(client: admin).assumeRole(.init(RoleArn: "arn:aws:iam::123456789012:role/\(role)", RoleSessionName: "codepipeline"))
        let reader = try #require(assumed.Credentials).awsCredentials
        return DeployerHarness(emulator: emulator, admin: admin, name: name, bucket: bucket, artifactKey: key, deployer: deployer, artifactReader: reader)
    }

    /// A Fargate task definition with settings Slipway's typed shapes do not model (a volume, a
    /// mount point, Linux parameters), so the tests see that the copy keeps them.
    static func taskDefinition(family: String, webImage: String) -> JSONValue {
        .object([
            "family": .string(family),
            "networkMode": .string("awsvpc"),
            "requiresCompatibilities": .array([.string("FARGATE")]),
            "cpu": .string("256"),
            "memory": .string("512"),
            "executionRoleArn": .string("arn:aws:iam::123456789012:role/\(family)-execution"),
            "volumes": .array([.object(["name": .string("scratch")])]),
            "tags": .array(tags.map { .object(["key": .string($0.key ?? ""), "value": .string($0.value ?? "")]) }),
            "containerDefinitions": .array([
                .object([
                    "name": .string(container),
                    "image": .string(webImage),
                    "essential": .bool(true),
                    "memory": .number(512),
                    "portMappings": .array([.object(["containerPort": .number(8005), "protocol": .string("tcp")])]),
                    "environment": .array([.object(["name": .string("DJANGO_DEBUG"), "value": .string("false")])]),
                    "mountPoints": .array([.object(["sourceVolume": .string("scratch"), "containerPath": .string("/tmp/scratch")])]),
                    "linuxParameters": .object(["initProcessEnabled": .bool(true)]),
                ]),
                .object([
                    "name": .string(sidecar),
                    "image": .string(sidecarImage),
                    "essential": .bool(false),
                    "memory": .number(64),
                ]),
            ]),
        ])
    }

    var parameters: DeployerParameters {
        DeployerParameters(cluster: cluster, service: service, family: family, container: Self.container, keepRevisions: 2)
    }

    /// A `CodePipeline.job` event as CodePipeline sends it to a Lambda action.
    func event(jobID: String, userParameters: String?, continuationToken: String? = nil, artifactKey: String? = nil) -> [UInt8] {
        var configuration: [String: JSONValue] = ["FunctionName": .string("demo-deployer")]
        if let userParameters { configuration["UserParameters"] = .string(userParameters) }
        var data: [String: JSONValue] = [
            "actionConfiguration": .object(["configuration": .object(configuration)]),
            "inputArtifacts": .array([.object([
                "name": .string("BuildOutput"),
                "revision": .null,
                "location": .object(["type": .string("S3"), "s3Location": .object([
                    "bucketName": .string(bucket), "objectKey": .string(artifactKey ?? self.artifactKey),
                ])]),
            ])]),
            "outputArtifacts": .array([]),
            "artifactCredentials": .object([
                "accessKeyId": .string(artifactReader.accessKeyID),
                "secretAccessKey": .string(artifactReader.secretAccessKey),
                "sessionToken": .string(artifactReader.sessionToken ?? ""),
                "expirationTime": .number(Date().addingTimeInterval(3600).timeIntervalSince1970 * 1000),
            ]),
        ]
        if let continuationToken { data["continuationToken"] = .string(continuationToken) }
        return Array(JSONValue.object(["CodePipeline.job": .object([
            "id": .string(jobID), "accountId": .string("123456789012"), "data": .object(data),
        ])]).jsonText().utf8)
    }

    static func newJobID() -> String { UUID().uuidString.lowercased() }

    /// The job results the emulator recorded for `jobID`, in order.
    func jobResults(_ jobID: String) async throws -> [JSONValue] {
        try await emulator.jobResults().filter { $0["jobId"]?.stringValue == jobID }
    }

    /// The actions the deployer's own keys called, in order.
    func deployerCalls() async throws -> [String] {
        try await emulator.calls(accessKeyID: deployer.accessKeyID).compactMap(\.action)
    }

    func artifactCalls() async throws -> [String] {
        try await emulator.calls(accessKeyID: artifactReader.accessKeyID).compactMap(\.action)
    }

    /// The environment Lambda gives the function: its role's keys, the region, the endpoint.
    func functionEnvironment(runtimeAPI: String, extra: [String: String] = [:]) -> [String: String] {
        emulator.environment(accessKeyID: deployer.accessKeyID, secretAccessKey: deployer.secretAccessKey)
            .merging(["AWS_LAMBDA_RUNTIME_API": runtimeAPI, "AWS_LAMBDA_FUNCTION_NAME": "demo-deployer"]) { $1 }
            .merging(extra) { $1 }
    }
}

/// The real `bootstrap` executable, started against a local Runtime API.
final class BootstrapProcess: @unchecked Sendable {
    let process: Process
    let stderrFile: URL

    /// `SLIPWAY_DEPLOYER_BOOTSTRAP` (e.g. the packaged release build), else the one built with the tests.
    static func executable() throws -> URL {
        if let given = ProcessInfo.processInfo.environment["SLIPWAY_DEPLOYER_BOOTSTRAP"], !given.isEmpty {
            return URL(fileURLWithPath: given)
        }
        if let built = SlipwayProcess.builtExecutable("bootstrap") { return built }
        throw BootstrapMissing(description: "no bootstrap executable next to the test bundle: build it (`swift build --product bootstrap`) or set SLIPWAY_DEPLOYER_BOOTSTRAP")
    }

    init(environment: [String: String]) throws {
        process = Process()
        process.executableURL = try Self.executable()
        process.environment = environment
        stderrFile = FileManager.default.temporaryDirectory.appendingPathComponent("deployer-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        let handle = try FileHandle(forWritingTo: stderrFile)
        process.standardError = handle
        process.standardOutput = handle
        process.standardInput = FileHandle.nullDevice
        try process.runWithSignalsUnblocked()
    }

    /// What the deployer logged.
    var log: String { (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? "" }

    /// Ends the process (it otherwise waits for the next invocation forever): SIGTERM, then
    /// SIGKILL if it has not gone after two seconds.
    func stop() async {
        let process = process
        _ = try? await offPool {
            Self.end(process)
        }
        try? FileManager.default.removeItem(at: stderrFile)
    }

    private static func end(_ process: Process) {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(2)
            while process.isRunning, Date() < deadline { usleep(10_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
    }

    /// Waits for the process to exit by itself.
    func waitForExit(timeout: Duration = .seconds(20)) async throws -> Int32 {
        try await eventually("bootstrap exiting", timeout: timeout, interval: .milliseconds(20)) { !process.isRunning }
        return process.terminationStatus
    }
}

struct BootstrapMissing: Error, CustomStringConvertible {
    let description: String
}

/// Runs `body` with a Runtime API server and a bootstrap process, and always cleans both up.
func withDeployer<T>(
    _ harness: DeployerHarness, extraEnvironment: [String: String] = [:],
    _ body: (RuntimeAPIServer, BootstrapProcess) async throws -> T
) async throws -> T {
    let server = try await RuntimeAPIServer.start()
    let process: BootstrapProcess
    do {
        process = try BootstrapProcess(environment: harness.functionEnvironment(runtimeAPI: server.address, extra: extraEnvironment))
    } catch {
        await server.stop()
        throw error
    }
    do {
        let result = try await body(server, process)
        let log = process.log
        #expect(!log.contains(harness.artifactReader.secretAccessKey), "the deployer logged the artifact secret key")
        #expect(!log.contains(harness.artifactReader.sessionToken ?? "-"), "the deployer logged the artifact session token")
        await process.stop()
        await server.stop()
        return result
    } catch {
        Issue.record("deployer log:\n\(process.log)")
        await process.stop()
        await server.stop()
        throw error
    }
}
