import AWSCore
import AWSServices
import Foundation
import SlipwayEngine
import SlipwayTestSupport
import Testing

/// `slipway operator-policy` proven against the emulator, which authorizes every request on its
/// real resource ARNs and makes AWS's implicit checks (iam:PassRole, tagging on create,
/// PassConnection): a user with nothing but that policy runs the whole life of the example
/// stack, and without one of its statements a step is denied.
struct OperatorPolicyTests {
    static func policy(_ stack: CLIStack) async throws -> JSONValue {
        let result = try await stack.slipway(["operator-policy"])
        try #require(result.status == 0, "\(result.stderr)")
        return try JSONValue.parse(Array(result.stdout.utf8))
    }

    static func without(_ sid: String, _ policy: JSONValue) -> String {
        guard case .object(var document) = policy else { return policy.jsonText() }
        document["Statement"] = .array(policy["Statement"]!.items.filter { $0["Sid"]?.stringValue != sid })
        return JSONValue.object(document).jsonText()
    }

    @Test func theOperatorPolicyIsEnoughForEveryCommandAndNamesTheAppsResources() async throws {
        let stack = try await CLIStack.make("pol")
        let result = try await stack.slipway(["operator-policy"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("Least-privilege policy for Slipway on \(stack.app) in 123456789012/us-east-1: "))
        let policy = try JSONValue.parse(Array(result.stdout.utf8))
        let statements = policy["Statement"]!.items
        // "*" only where AWS authorizes an action on no resource.
        let unscoped = statements.filter { $0["Resource"]!.items.contains(.string("*")) }.compactMap { $0["Sid"]?.stringValue }
        #expect(unscoped == ["CreateCluster", "TaskDefinitions", "ListingReads", "NetworkChecks", "ReadWebFronts", "RequestCertificates", "ReadScaling"])
        // Security groups, certificates, hosted zones and scalable targets are named by IDs AWS
        // gives them once made, so their ARNs cannot name the app.
        let namedByID = [":security-group/*", ":vpc/*", ":certificate/*", ":hostedzone/*", ":change/*", ":scalable-target/*"]
        for statement in statements where !unscoped.contains(statement["Sid"]?.stringValue ?? "") {
            for resource in statement["Resource"]!.items.compactMap(\.stringValue) where !resource.contains(":log-group:*") {
                #expect(resource.contains(stack.app) || resource.contains("connection/") || resource.contains("/aws-service-role/")
                            || namedByID.contains { resource.hasSuffix($0) },
                        "\(statement["Sid"]?.stringValue ?? "?") names \(resource), which is not this app's")
            }
        }
        let passRole = statements.first { $0["Sid"]?.stringValue == "PassTaskRoles" }
        #expect(passRole?["Condition"]?["StringEquals"]?["iam:PassedToService"]?.stringValue == "ecs-tasks.amazonaws.com")

        // A user whose only permission is that policy runs every command.
        let deployer = try await stack.emulator.newUser("deployer", policy: policy.jsonText())
        let plan = try await stack.slipway(["plan", "--detailed-exitcode"], as: deployer)
        #expect(plan.status == 2, "\(plan.stderr)")
        let apply = try await stack.slipway(["apply", "--auto-approve"], as: deployer)
        #expect(apply.status == 0, "\(apply.stderr)")
        let again = try await stack.slipway(["plan", "--detailed-exitcode"], as: deployer)
        #expect(again.status == 0, "\(again.stderr)")
        // Two builds deployed, so that rollback has a revision a build made to go back to.
        for _ in 0..<2 {
            let release = try await stack.slipway(["release", "sciauth", "--env", "development", "--wait"], as: deployer)
            #expect(release.status == 0, "\(release.stderr)")
        }
        let status = try await stack.slipway(["status"], as: deployer)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("GitHub connection \(stack.app)-github: ✓ AVAILABLE"))
        let build = try await stack.slipway(["logs", "sciauth", "--env", "development"], as: deployer)
        #expect(build.status == 1 && build.stderr.contains("the build wrote no log"), "read, found no log: \(build.stderr)")
        let service = try await stack.slipway(["logs", "sciauth", "--env", "development", "--service-logs"], as: deployer)
        #expect(service.status == 0, "\(service.stderr)")
        let rollback = try await stack.slipway(["rollback", "sciauth", "--env", "development", "--auto-approve"], as: deployer)
        #expect(rollback.status == 0, "\(rollback.stderr)")

        // A one-off command in a task of the service, followed to its end.
        try await EmulatorControl.post(stack.emulator, "/_slipway/tasks", [
            "command": .string("python manage.py migrate"), "output": .array([.string("Applied 3 migrations.")]), "exitCode": .number(0)])
        let run = try await stack.slipway(["run", "sciauth", "--env", "development", "--", "python", "manage.py", "migrate"], as: deployer)
        #expect(run.status == 0 && run.stdout == "Applied 3 migrations.\n", "\(run.stderr)")

        // A run that died holding the lock (taken here with the policy's own rights): plan reads
        // it, apply is refused, and unlock frees it.
        let record = LockRecord(id: UUID().uuidString.lowercased(), app: stack.app, command: "apply", caller: "arn:aws:iam::123456789012:user/deployer",
                                host: "ci-7", pid: 4121, since: Date(), version: "test")
        let held = AppLock(client: stack.emulator.client(for: deployer), bucket: "\(stack.app)-artifacts-123456789012-us-east-1", record: record)
        guard case .taken = try await held.take() else { Issue.record("the lock was not free"); return }
        let warned = try await stack.slipway(["plan"], as: deployer)
        #expect(warned.stderr.contains("an apply is in progress"), "\(warned.stderr)")
        let refused = try await stack.slipway(["apply", "--auto-approve"], as: deployer)
        #expect(refused.status == 1 && refused.stderr.contains("slipway unlock \(record.id)"), "\(refused.stderr)")
        let unlock = try await stack.slipway(["unlock", record.id], as: deployer)
        #expect(unlock.status == 0, "\(unlock.stderr)")
        let free = try await stack.slipway(["apply", "--auto-approve"], as: deployer)
        #expect(free.status == 0, "\(free.stderr)")

        // And nothing of another app: its pipelines are out of reach.
        let other = CodePipeline(client: stack.emulator.client(for: deployer))
        do {
            _ = try await other.getPipelineState(.init(name: "someone-else-development-sciauth"))
            Issue.record("another app's pipeline was readable")
        } catch let error as AWSError {
            #expect(error.code.contains("AccessDenied"), "\(error)")
            #expect(error.message.contains("codepipeline:GetPipelineState on resource: arn:aws:codepipeline:us-east-1:123456789012:someone-else-development-sciauth"))
        }

        let destroy = try await stack.slipway(["destroy", "--auto-approve"], as: deployer)
        #expect(destroy.status == 0, "\(destroy.stderr)")
        let after = try await stack.slipway(["plan", "--output", "json"], as: deployer)
        let changes = try JSONValue.parse(Array(after.stdout.utf8))["changes"]!.items
        #expect(!changes.isEmpty && changes.allSatisfy { $0["action"]?.stringValue == "create" }, "everything is gone")
    }

    /// Without the statement, the step is denied, and the denial names what was missing.
    @Test(arguments: [
        ("PassTaskRoles", ["apply", "--auto-approve"], "is not authorized to perform: iam:PassRole on resource: arn:aws:iam::123456789012:role/"),
        ("ReadLogs", ["logs", "sciauth", "--env", "development", "--service-logs"], "is not authorized to perform: logs:FilterLogEvents on resource: arn:aws:logs:us-east-1:123456789012:log-group:/ecs/"),
    ])
    func withoutOneStatementAStepIsDenied(_ sid: String, _ step: [String], _ denial: String) async throws {
        let stack = try await CLIStack.make("deny")
        let full = try await Self.policy(stack)
        let user = try await stack.emulator.newUser("partial", policy: Self.without(sid, full))
        if step.first != "apply" {
            let apply = try await stack.slipway(["apply", "--auto-approve"], as: user)
            #expect(apply.status == 0, "the rest of the policy still applies: \(apply.stderr)")
        }
        let result = try await stack.slipway(step, as: user)
        #expect(result.status == 1)
        #expect(result.stderr.contains(denial), "\(result.stderr)")
        if step.first == "apply" {
            #expect(result.stderr.contains("registering") || result.stderr.contains("task-definition"), "the task definition is the step denied: \(result.stderr)")
        }
    }
}
