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
            FieldChange(FieldID("policy"), old: nil, new: .document(Self.before)),
            FieldChange(.tags, old: nil, new: .map(["slipway:app": "dbmi"])),
        ])])
        #expect(PlanRenderer(color: false).render(plan) == Self.createdText)
    }

    static let oneActionChange = Plan(changes: [PlannedChange(resource: role, action: .update, changes: [
        FieldChange(FieldID("policy"), old: .document(before), new: .document(after)),
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
            FieldChange(FieldID("deployer parameters"), old: .document(old), new: .document(new)),
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
            FieldChange(FieldID("deployer parameters"), old: .document("{\"b\": 1, \"a\": 2}"), new: .document("{\"a\":2,\"b\":1}")),
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
                FieldChange(FieldID("oauth token", sensitive: true), old: nil, new: .scalar(secret)),
                FieldChange(FieldID("credentials", sensitive: true), old: nil, new: .document(document)),
            ]),
            PlannedChange(resource: StubResource(address: ResourceAddress(.pipeline, "dbmi-development-sciauth")), action: .update, changes: [
                FieldChange(FieldID("credentials", sensitive: true), old: .document("{\"token\": \"old\"}"), new: .document(document)),
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

    static let taskDefinition = StubResource(address: ResourceAddress(.taskDefinition, "dbmi-development-sciauth"))

    /// A variable changed, one added, one removed, three untouched (one holding `A=1, B=2`); a port swapped; a secret's value changed.
    static let containerChange = Plan(changes: [PlannedChange(resource: taskDefinition, action: .update, changes: [
        FieldChange(FieldID("ports"), old: .list(["80", "8000"]), new: .list(["8000", "8080"])),
        FieldChange(FieldID("variables"),
                    old: .map(["DEBUG": "0", "LOG_LEVEL": "info", "OLD": "x", "REGION": "us-east-1", "NAME": "A=1, B=2"]),
                    new: .map(["DEBUG": "0", "LOG_LEVEL": "debug", "NEW": "y", "REGION": "us-east-1", "NAME": "A=1, B=2"])),
        FieldChange(FieldID("secrets", sensitive: true),
                    old: .map(["DB_PASSWORD": "arn:aws:ssm:us-east-1:1:parameter/old"]),
                    new: .map(["DB_PASSWORD": "arn:aws:ssm:us-east-1:1:parameter/new", "API_KEY": "arn:aws:ssm:us-east-1:1:parameter/key"])),
    ])])

    @Test func listsDiffByElementAndMapsByKey() {
        #expect(PlanRenderer(color: false).render(Self.containerChange) == """
            ~ task-definition dbmi-development-sciauth
                  ports:
                    - 80
                    + 8080
                      # (1 unchanged element hidden)
                  variables:
                    ~ LOG_LEVEL: info -> debug
                    + NEW = y
                    - OLD = x
                      # (3 unchanged entries hidden)
                  secrets:
                    + API_KEY = (sensitive)
                    ~ DB_PASSWORD: (sensitive) -> (sensitive)

            Plan: 0 to add, 1 to change, 0 to replace, 0 to destroy.

            """)
    }

    @Test func listAndMapDiffsInColourAreThePlainTextPainted() {
        let text = PlanRenderer(color: true).render(Self.containerChange)
        #expect(text.contains("\u{1B}[31m        - 80\u{1B}[0m\n"))
        #expect(text.contains("\u{1B}[32m        + NEW = y\u{1B}[0m\n"))
        #expect(text.contains("\u{1B}[33m        ~ LOG_LEVEL: info -> debug\u{1B}[0m\n"))
        #expect(text.contains("          \u{1B}[2m# (3 unchanged entries hidden)\u{1B}[0m\n"))
        let plain = text.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        #expect(plain == PlanRenderer(color: false).render(Self.containerChange))
        #expect(!text.contains("parameter/new") && !text.contains("parameter/key"))
    }

    @Test func aScalarChangeIsOneLineAndAForcedReplacementSaysSo() {
        let plan = Plan(changes: [PlannedChange(resource: StubResource(address: ResourceAddress(.ecsService, "dbmi-development-sciauth")), action: .replace, changes: [
            FieldChange(FieldID("cluster", forcesReplacement: true), old: .scalar("old"), new: .scalar("dbmi")),
            FieldChange(FieldID("subnets"), old: nil, new: .list(["subnet-1"])),
        ])])
        for color in [false, true] {
            let text = PlanRenderer(color: color).render(plan)
            let plain = text.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
            #expect(plain.contains("      cluster: old -> dbmi (forces replacement)\n"), "\(plain)")
            #expect(plain.contains("      subnets:\n        + subnet-1\n"), "\(plain)")
        }
    }

    @Test func jsonCarriesEachKindAsItsOwnJSON() throws {
        let document = try JSONValue.parse(Array(try PlanOutput.document(Self.containerChange).utf8))
        let fields = document["changes"]?[0]?["fields"]
        #expect(fields?[0]?["kind"] == .string("list"))
        #expect(fields?[0]?["new"] == .array([.string("8000"), .string("8080")]))
        #expect(fields?[1]?["kind"] == .string("map"))
        #expect(fields?[1]?["new"]?["NAME"] == .string("A=1, B=2"))
        #expect(fields?[1]?["old"]?["OLD"] == .string("x"))
        #expect(fields?[2]?["new"]?["API_KEY"] == .string("(sensitive)"))
        let secret = try JSONValue.parse(Array(try PlanOutput.document(Plan(changes: [PlannedChange(resource: Self.role, action: .create, changes: [
            FieldChange(FieldID("oauth token", writeOnly: true), old: nil, new: .scalar("ghp_token")),
        ])])).utf8))
        #expect(secret["changes"]?[0]?["fields"]?[0]?["kind"] == .string("secret"))
        #expect(secret["changes"]?[0]?["fields"]?[0]?["new"] == .string("(sensitive)"))
    }
}
