import AWSSigV4
import AWSCore
import SlipwayTestSupport
import Testing
@testable import SlipwayEngine

/// The graph executor and the planner's decisions, on in-memory resources: pure logic, no AWS.
struct ApplierTests {
    static let context = EngineContext(
        client: AWSClient(region: "us-east-1", credentialProvider: StaticCredentialProvider(AWSCredentials(accessKeyID: "a", secretAccessKey: "b"))),
        app: "demo", account: "123456789012")

    @Test func createsDependenciesFirstAndRespectsParallelism() async {
        let log = EventLog()
        let role = RecordingResource(ResourceAddress(.iamRole, "r"), log: log)
        let project = RecordingResource(ResourceAddress(.codeBuildProject, "p"), dependencies: [role.address], log: log)
        let pipeline = RecordingResource(ResourceAddress(.pipeline, "x"), dependencies: [project.address, role.address], log: log)
        let plan = Plan(changes: [pipeline, project, role].map { PlannedChange(resource: $0, action: .create, changes: []) })
        let result = await Applier(context: Self.context, parallelism: 1).apply(plan)
        #expect(result.succeeded)
        #expect(await log.entries == ["create iam-role r", "create codebuild-project p", "create pipeline x"])
    }

    @Test func destroyRunsDependencyEdgesBackwards() async {
        let log = EventLog()
        let role = RecordingResource(ResourceAddress(.iamRole, "r"), log: log)
        let project = RecordingResource(ResourceAddress(.codeBuildProject, "p"), dependencies: [role.address], log: log)
        let plan = Plan(changes: [role, project].map { PlannedChange(resource: $0, action: .delete, changes: []) })
        _ = await Applier(context: Self.context, parallelism: 4).apply(plan)
        #expect(await log.entries == ["delete codebuild-project p", "delete iam-role r"])
    }

    @Test func firstFailureStopsNewStartsAndReportsWhatWasNotDone() async {
        let log = EventLog()
        let role = RecordingResource(ResourceAddress(.iamRole, "r"), log: log, failing: true)
        let project = RecordingResource(ResourceAddress(.codeBuildProject, "p"), dependencies: [role.address], log: log)
        let plan = Plan(changes: [role, project].map { PlannedChange(resource: $0, action: .create, changes: []) })
        let result = await Applier(context: Self.context, parallelism: 4).apply(plan)
        #expect(!result.succeeded)
        #expect(result.failed.map(\.0) == [role.address])
        #expect(result.failed.first?.2.contains("creating iam-role r: boom") == true)
        #expect(result.notStarted.map(\.0) == [project.address])
    }

    @Test func stoppedApplyStartsNothing() async {
        let log = EventLog()
        let role = RecordingResource(ResourceAddress(.iamRole, "r"), log: log)
        let signal = StopSignal()
        await signal.stop()
        let result = await Applier(context: Self.context, stopSignal: signal).apply(Plan(changes: [PlannedChange(resource: role, action: .create, changes: [])]))
        #expect(result.interrupted)
        #expect(await log.entries.isEmpty)
    }

    @Test(arguments: [1, 3, 6])
    func independentChangesRunConcurrentlyUpToTheWidth(_ width: Int) async throws {
        let log = EventLog()
        let gate = Gate()
        let resources = (0..<8).map { RecordingResource(ResourceAddress(.logGroup, "g\($0)"), log: log, gate: gate) }
        let plan = Plan(changes: resources.map { PlannedChange(resource: $0, action: .create, changes: []) })
        let applying = Task { await Applier(context: Self.context, parallelism: width).apply(plan) }
        // Held at the gate, none finishes, so the applier may start no more than the width.
        try await eventually("\(width) changes under way") { await log.inFlight == width }
        await gate.open()
        _ = await applying.value
        #expect(await log.entries.count == 8)
        #expect(await log.mostInFlight == width)
    }

    @Test func diffSkipsWriteOnlyFieldsAndFlagsReplacement() {
        let desired = [Field(FieldID("token", writeOnly: true), "secret"), Field(FieldID("compute"), "MEDIUM"),
                       Field(FieldID("launch", forcesReplacement: true), "FARGATE")]
        let live = [Field(FieldID("token"), "****"), Field(FieldID("compute"), "SMALL"), Field(FieldID("launch"), "EC2")]
        let changes = FieldChange.diff(desired: desired, live: live)
        #expect(changes.map(\.name) == ["compute", "launch"])
        #expect(changes[0].oldDisplay == "SMALL" && changes[0].newDisplay == "MEDIUM")
        #expect(changes[1].forcesReplacement)
    }

    @Test func typedValuesCompareAsWhatTheyAreAndPrintAsBefore() {
        let count = FieldID("desired count"), delay = FieldID("deregistration delay"), cpu = FieldID("cpu")
        let desired = [Field(count, value: .countWithin(1...4)), Field(delay, seconds: 30), Field(cpu, integer: 256)]
        // A live count inside the scaling range is no change; "30 s" and 30 seconds are one value.
        #expect(FieldChange.diff(desired: desired, live: [Field(count, integer: 3), Field(delay, seconds: 30), Field(cpu, numberText: "256")]).isEmpty)
        let changes = FieldChange.diff(desired: desired, live: [Field(count, integer: 6), Field(delay, seconds: 300), Field(cpu, numberText: "1 vCPU")])
        #expect(changes.map { "\($0.name): \($0.oldDisplay) -> \($0.newDisplay)" }
            == ["desired count: 6 -> scaled 1–4", "deregistration delay: 300 s -> 30 s", "cpu: 1 vCPU -> 256"])
        // The fingerprint of a typed value is the fingerprint of its text, as written before the types.
        #expect(Fingerprint.of([Field(delay, seconds: 30)]) == Fingerprint.of([Field(delay, "30 s")]))
    }

    @Test func listsAndMapsCompareAsValuesNotAsText() {
        let desired = [Field(FieldID("variables"), map: ["A": "1, B=2"]), Field(FieldID("tags"), map: ["b": "2", "a": "1"]),
                       Field(FieldID("ports"), list: []), Field(FieldID("subnets"), list: ["s-1", "s-2"])]
        // `A=1, B=2` as text is both of these maps; as a map it is not.
        let live = [Field(FieldID("variables"), map: ["A": "1", "B": "2"]), Field(FieldID("tags"), map: ["a": "1", "b": "2"]),
                    Field(FieldID("ports"), nil), Field(FieldID("subnets"), list: ["s-1"])]
        let changes = FieldChange.diff(desired: desired, live: live)
        #expect(changes.map(\.name) == ["variables", "subnets"])
        #expect(changes[0].elementChanges == [.changed(key: "A", old: "1", new: "1, B=2"), .removed(key: "B", value: "2")])
        #expect(changes[1].elementChanges == [.added(key: "s-2", value: nil), .unchanged(count: 1)])
    }

    @Test func sensitiveValuesNeverDisplay() {
        let change = FieldChange(FieldID("oauth", sensitive: true), old: .scalar("abc"), new: .scalar("def"))
        #expect(change.oldDisplay == "(sensitive)" && change.newDisplay == "(sensitive)")
    }

    @Test func policyCanonicalFormIgnoresKeyOrderAndSingletonLists() {
        let ours = PolicyDocument([.init(actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"])])
        let theirs = #"{"Statement":[{"Resource":"arn:aws:s3:::b/*","Action":"s3:GetObject","Effect":"Allow"}],"Version":"2012-10-17"}"#
        #expect(PolicyDocument.canonical(theirs) == ours.canonicalText)
    }
}

/// Holds every change that reaches it until the test opens it.
actor Gate {
    private var isOpen = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func pass() async {
        if isOpen { return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func open() {
        isOpen = true
        for continuation in waiting { continuation.resume() }
        waiting = []
    }
}

actor EventLog {
    var entries: [String] = []
    var inFlight = 0
    var mostInFlight = 0
    func append(_ entry: String) { entries.append(entry) }
    func begin() { inFlight += 1; mostInFlight = max(mostInFlight, inFlight) }
    func end() { inFlight -= 1 }
}

struct RecordingResource: ManagedResource {
    let address: ResourceAddress
    let dependencies: [ResourceAddress]
    let log: EventLog
    let failing: Bool
    let gate: Gate?

    init(_ address: ResourceAddress, dependencies: [ResourceAddress] = [], log: EventLog, failing: Bool = false, gate: Gate? = nil) {
        self.address = address
        self.dependencies = dependencies
        self.log = log
        self.failing = failing
        self.gate = gate
    }

    var desired: [Field] { [] }
    func readLive(_ context: EngineContext) async throws -> LiveResource? { nil }
    func create(_ context: EngineContext) async throws { try await record("create") }
    func update(_ context: EngineContext, changes: [FieldChange]) async throws { try await record("update") }
    func delete(_ context: EngineContext) async throws { try await record("delete") }

    private func record(_ verb: String) async throws {
        await log.begin()
        await gate?.pass()
        await log.end()
        if failing { throw AWSClientError.configuration("boom") }
        await log.append("\(verb) \(address)")
    }
}
