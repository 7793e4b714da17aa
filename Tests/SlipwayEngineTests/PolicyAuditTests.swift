import AWSCore
import Foundation
import SlipwayConfig
import SlipwayTestSupport
import Testing
@testable import SlipwayEngine

/// Every IAM policy Slipway generates (each role's permissions and trust, and `slipway
/// operator-policy`) audited by parliament: a finding fails the test unless
/// `scripts/policy-audit-allow.txt` justifies it.
struct PolicyAuditTests {
    static let root = Emulator.repositoryRoot.path
    static let python = root + "/.venv/bin/python"
    static let script = root + "/scripts/policy-audit.py"
    static let allowList = root + "/scripts/policy-audit-allow.txt"

    /// The example, and a variant with the other shapes a policy can take: a GitHub OAuth token
    /// instead of a connection, an SSM parameter secret, a task role, no container logs.
    static func configurations() throws -> [(text: String, environment: [String: String])] {
        let example = try String(contentsOfFile: ExampleApp.examplePath, encoding: .utf8)
        var variant = example.replacingOccurrences(
            of: "  connection: arn:aws:codeconnections:us-east-1:123456789012:connection/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d",
            with: "  oauth_token: ${env:GITHUB_OAUTH_TOKEN}")
        variant = variant.replacingOccurrences(
            of: "      SCIAUTH_URL: https://authentication.dbmi.hms.harvard.edu",
            with: """
                      SCIAUTH_URL: https://authentication.dbmi.hms.harvard.edu
                    secrets:
                      API_KEY: arn:aws:ssm:us-east-1:123456789012:parameter/scireg/api-key
                    task_role: arn:aws:iam::123456789012:role/scireg-task
                    logs: false
                """)
        #expect(variant.contains("parameter/scireg/api-key") && variant.contains("oauth_token"), "the variant's edits applied")
        // The monorepo example: V2 triggers and notifications (the webhook's role).
        let monorepo = try String(contentsOfFile: root + "/examples/monorepo/slipway.yml", encoding: .utf8)
        return [(example, [:]), (variant, ["GITHUB_OAUTH_TOKEN": "not-a-real-token"]),
                (monorepo, ["LAB_CHAT_WEBHOOK": "https://hooks.example.org/services/T0/B0/x"])]
    }

    /// Each policy with a label naming its role's kind (not the app's names), as the allow-list matches them.
    static func generatedPolicies() throws -> [(label: String, document: String)] {
        let kinds = ["codebuild.amazonaws.com": "build", "codepipeline.amazonaws.com": "pipeline",
                     "lambda.amazonaws.com": "deployer", "ecs-tasks.amazonaws.com": "task-execution",
                     "events.amazonaws.com": "notify"]
        var policies: [(label: String, document: String)] = []
        var seen: Set<String> = []
        for (text, environment) in try configurations() {
            let file = try ConfigLoader.load(text: text, fileName: "slipway.yml", variables: environment)
            let desired = DesiredState(file: file, account: "123456789012", region: "us-east-1", deployerPackage: ApplyExampleTests.Stack.package)
            let roles = desired.resources().compactMap { $0 as? RoleResource }
            seen.formUnion(roles.compactMap { $0.trust.statements.first?.principal?["Service"] })
            for role in roles {
                let service = role.trust.statements.first?.principal?["Service"] ?? ""
                let kind = kinds[service] ?? "unknown(\(role.name))"
                policies.append(("\(kind)/policy", role.policy.jsonText))
                policies.append(("\(kind)/trust", role.trust.jsonText))
            }
            policies.append(("operator-policy/policy", OperatorPolicy.document(for: desired).jsonText))
        }
        #expect(seen == Set(kinds.keys), "every kind of role, across the configurations")
        return policies
    }

    struct Audit {
        let status: Int32
        let report: String
        let findings: String
    }

    static func audit(_ policies: [(label: String, document: String)], allowList: String = Self.allowList) async throws -> Audit {
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw AuditUnavailable(reason: "\(python) is missing: run `bash emulator/install.sh` (it installs parliament)")
        }
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-policies-\(UUID().uuidString.prefix(6)).json")
        let items: [[String: String]] = policies.map { ["label": $0.label, "document": $0.document] }
        try JSONSerialization.data(withJSONObject: items, options: [.sortedKeys]).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let result = try await SlipwayProcess.runProgram(URL(fileURLWithPath: python), [script, input.path, "--allow", allowList])
        return Audit(status: result.status, report: result.stdout, findings: result.stderr)
    }

    struct AuditUnavailable: Error, CustomStringConvertible {
        let reason: String
        var description: String { "the policy audit needs parliament: \(reason)" }
    }

    @Test func everyGeneratedPolicyHasNoUnjustifiedFinding() async throws {
        let policies = try Self.generatedPolicies()
        let perConfiguration: Int = (2 * 2 * 3 + 1) * 2 + 1
        let monorepo: Int = (2 * 2 * 3 + 1 + 2) * 2 + 1
        #expect(policies.count == 2 * perConfiguration + monorepo,
                "13 roles (policy and trust) and the operator policy, per configuration; the monorepo's 2 notify roles more")
        let audit = try await Self.audit(policies)
        #expect(audit.status == 0, "parliament:\n\(audit.report)\nall findings:\n\(audit.findings)")
        #expect(audit.report.contains("\(policies.count) policies"), "\(audit.report)")
    }

    /// The gate itself: a broad policy's findings fail the audit, and so does an entry without its reason.
    @Test func aNewFindingOrAnUnexplainedEntryFails() async throws {
        let broad = PolicyDocument([.init(sid: "Everything", actions: ["s3:*", "iam:PassRole"], resources: ["*"])])
        let audit = try await Self.audit([("build/policy", broad.jsonText)])
        #expect(audit.status == 1)
        #expect(audit.report.contains("build/policy: RESOURCE_STAR"), "\(audit.report)")

        let unexplained = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-allow-\(UUID().uuidString.prefix(6)).txt")
        try "build/policy RESOURCE_STAR\n".write(to: unexplained, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: unexplained) }
        let withoutReason = try await Self.audit([("build/policy", broad.jsonText)], allowList: unexplained.path)
        #expect(withoutReason.status == 1)
        #expect(withoutReason.report.contains("needs a comment above it"), "\(withoutReason.report)")
    }
}
