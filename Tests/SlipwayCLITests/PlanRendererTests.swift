import AWSCore
import Foundation
import Testing
@testable import SlipwayCLI
@testable import SlipwayEngine

/// The plan's text as a person reads it: a created policy indented under its field, a changed
/// one as a line diff, with and without colour; a secret in neither.
struct PlanRendererTests {
    struct StubResource: ManagedResource {
        let address: ResourceAddress
        var dependencies: [ResourceAddress] { [] }
        var desired: [Field] { [] }
        func readLive(_ context: EngineContext) async throws -> LiveResource? { nil }
        func create(_ context: EngineContext) async throws {}
        func update(_ context: EngineContext, changes: [FieldChange]) async throws {}
        func delete(_ context: EngineContext) async throws {}
    }

    static let role = StubResource(address: ResourceAddress(.iamRole, "dbmi-development-sciauth-build"))

    static func policy(_ actions: [String]) -> String {
        PolicyDocument([
            .init(sid: "Logs", actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
                  resources: ["arn:aws:logs:us-east-1:123456789012:log-group:/aws/codebuild/dbmi-development-sciauth:*"]),
            .init(sid: "Push", actions: actions, resources: ["arn:aws:ecr:us-east-1:123456789012:repository/dbmi/sciauth"]),
        ]).canonicalText
    }

    static let before = policy(["ecr:BatchCheckLayerAvailability", "ecr:CompleteLayerUpload", "ecr:InitiateLayerUpload", "ecr:PutImage"])
    static let after = policy(["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:CompleteLayerUpload",
                               "ecr:InitiateLayerUpload", "ecr:PutImage"])

    static let createdText = """
        + iam-role dbmi-development-sciauth-build
              policy =
                  {
                    "Statement": [
                      {
                        "Action": [
                          "logs:CreateLogStream",
                          "logs:PutLogEvents"
                        ],
                        "Effect": "Allow",
                        "Resource": "arn:aws:logs:us-east-1:123456789012:log-group:/aws/codebuild/dbmi-development-sciauth:*",
                        "Sid": "Logs"
                      },
                      {
                        "Action": [
                          "ecr:BatchCheckLayerAvailability",
                          "ecr:CompleteLayerUpload",
                          "ecr:InitiateLayerUpload",
                          "ecr:PutImage"
                        ],
                        "Effect": "Allow",
                        "Resource": "arn:aws:ecr:us-east-1:123456789012:repository/dbmi/sciauth",
                        "Sid": "Push"
                      }
                    ],
                    "Version": "2012-10-17"
                  }
              tags = slipway:app=dbmi

        Plan: 1 to add, 0 to change, 0 to replace, 0 to destroy.

        """

    @Test func aCreatedPolicyIsIndentedUnderItsField() {
        let plan = Plan(changes: [PlannedChange(resource: Self.role, action: .create, changes: [
            FieldChange(name: "policy", old: nil, new: Self.before, kind: .document),
            FieldChange(name: "tags", old: nil, new: "slipway:app=dbmi"),
        ])])
        #expect(PlanRenderer(color: false).render(plan) == Self.createdText)
    }

    static let oneActionChange = Plan(changes: [PlannedChange(resource: role, action: .update, changes: [
        FieldChange(name: "policy", old: before, new: after, kind: .document),
    ])])

    @Test func aOneActionChangeShowsOnlyThatLineWithContext() {
        #expect(PlanRenderer(color: false).render(Self.oneActionChange) == """
            ~ iam-role dbmi-development-sciauth-build
                  policy:
                      # (12 unchanged lines hidden)
                            "Action": [
                              "ecr:BatchCheckLayerAvailability",
                    +         "ecr:BatchGetImage",
                              "ecr:CompleteLayerUpload",
                              "ecr:InitiateLayerUpload",
                      # (9 unchanged lines hidden)

            Plan: 0 to add, 1 to change, 0 to replace, 0 to destroy.

            """)
    }

    @Test func colourMarksTheChangedLines() {
        let text = PlanRenderer(color: true).render(Self.oneActionChange)
        #expect(text.contains("\u{1B}[32m        +         \"ecr:BatchGetImage\",\u{1B}[0m\n"), "\(text.debugDescription)")
        #expect(text.contains("          \u{1B}[2m# (12 unchanged lines hidden)\u{1B}[0m\n"))
        #expect(text.hasPrefix("\u{1B}[33m~\u{1B}[0m iam-role dbmi-development-sciauth-build\n"))
        // Without the colour codes it is the plain text, character for character.
        let plain = text.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        #expect(plain == PlanRenderer(color: false).render(Self.oneActionChange))
    }

    @Test func aRemovedAndAnAddedLineShowMinusThenPlus() {
        let old = "{\"a\": 1, \"b\": [\"x\", \"y\"]}", new = "{\"a\": 2, \"b\": [\"x\", \"y\"]}"
        let plan = Plan(changes: [PlannedChange(resource: Self.role, action: .update, changes: [
            FieldChange(name: "deployer parameters", old: old, new: new, kind: .document),
        ])])
        #expect(PlanRenderer(color: false).render(plan).contains("""
                  deployer parameters:
                      {
                    -   "a": 1,
                    +   "a": 2,
                        "b": [
                          "x",
                      # (3 unchanged lines hidden)

            """))
    }

    @Test func aDocumentWrittenDifferentlyButEqualSaysSo() {
        let plan = Plan(changes: [PlannedChange(resource: Self.role, action: .update, changes: [
            FieldChange(name: "deployer parameters", old: "{\"b\": 1, \"a\": 2}", new: "{\"a\":2,\"b\":1}", kind: .document),
        ])])
        #expect(PlanRenderer(color: false).render(plan).contains("""
                  deployer parameters:
                      # (the same document, written differently)

            """))
    }

    @Test func aSecretIsShownInNeitherForm() throws {
        let secret = "ghp_0123456789abcdefSECRETTOKEN"
        let document = "{\"token\": \"\(secret)\"}"
        let plan = Plan(changes: [
            PlannedChange(resource: Self.role, action: .create, changes: [
                FieldChange(name: "oauth token", old: nil, new: secret, sensitive: true),
                FieldChange(name: "credentials", old: nil, new: document, kind: .document, sensitive: true),
            ]),
            PlannedChange(resource: StubResource(address: ResourceAddress(.pipeline, "dbmi-development-sciauth")), action: .update, changes: [
                FieldChange(name: "credentials", old: "{\"token\": \"old\"}", new: document, kind: .document, sensitive: true),
            ]),
        ])
        for color in [false, true] {
            let text = PlanRenderer(color: color).render(plan)
            #expect(!text.contains(secret))
            #expect(text.contains("credentials = (sensitive)"))
            #expect(text.contains("credentials: (sensitive) -> (sensitive)"))
        }
        let json = try PlanOutput.document(plan)
        #expect(!json.contains(secret))
        let parsed = try JSONValue.parse(Array(json.utf8))
        #expect(parsed["changes"]?[0]?["fields"]?[1]?["new"] == .string("(sensitive)"))
    }

    @Test func jsonKeepsDocumentsAsData() throws {
        let text = try PlanOutput.document(Self.oneActionChange)
        let document = try JSONValue.parse(Array(text.utf8))
        let field = document["changes"]?[0]?["fields"]?[0]
        #expect(field?["kind"] == .string("document"))
        #expect(field?["forcesReplacement"] == .bool(false))
        #expect(field?["new"]?["Version"] == .string("2012-10-17"))
        #expect(field?["old"]?["Statement"] != nil)
    }
}
