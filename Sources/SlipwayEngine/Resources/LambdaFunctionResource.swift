import AWSCore
import AWSServices

/// The deployer Lambda (`provided.al2023`, x86_64), its code uploaded from the deployer
/// package; a changed package shows as a changed code hash and is updated in place.
struct LambdaFunctionResource: ManagedResource {
    static let timeoutSeconds = 120
    static let memoryMiB = 128

    let name: String
    let role: String
    let package: DeployerPackage
    let tags: SlipwayTags
    let dependencies: [ResourceAddress]

    var address: ResourceAddress { ResourceAddress(.lambdaFunction, name) }

    enum Fields {
        static let runtime = FieldID("runtime")
        static let architecture = FieldID("architecture")
        static let codeSHA256 = FieldID("code sha256")
        static let memory = FieldID("memory")
        static let timeout = FieldID("timeout")
        static let role = FieldID("role")
    }

    var desired: [Field] {
        [
            Field(Fields.runtime, "provided.al2023"),
            Field(Fields.architecture, "x86_64"),
            Field(Fields.codeSHA256, package.sha256),
            Field(Fields.memory, integer: Self.memoryMiB),
            Field(Fields.timeout, integer: Self.timeoutSeconds),
            Field(Fields.role, role),
            tags.field,
        ]
    }

    func readLive(_ context: EngineContext) async throws -> LiveResource? {
        let reply: Lambda.GetFunctionResponse
        do {
            reply = try await Lambda(client: context.client).getFunction(.init(FunctionName: name))
        } catch let error as AWSError where error.is(Lambda.ErrorCode.resourceNotFound) {
            return nil
        }
        guard let configuration = reply.Configuration else { return nil }
        let liveTags = SlipwayTags(live: reply.Tags ?? [:])
        return LiveResource(fields: [
            Field(Fields.runtime, configuration.Runtime?.rawValue),
            Field(Fields.architecture, configuration.Architectures?.first?.rawValue ?? "x86_64"),
            Field(Fields.codeSHA256, configuration.CodeSha256),
            Field(Fields.memory, integer: configuration.MemorySize),
            Field(Fields.timeout, integer: configuration.Timeout),
            Field(Fields.role, TaskDefinitionResource.roleName(configuration.Role)),
            liveTags.field,
        ], ownedByApp: liveTags.isOwned(by: context.app))
    }

    func create(_ context: EngineContext) async throws {
        let request = Lambda.CreateFunctionRequest(
            FunctionName: name, Runtime: .providedAl2023, Role: context.arns.role(role), Handler: "bootstrap",
            Code: .init(ZipFile: zipBase64), Description: "Slipway deployer: CodePipeline's Deploy stage",
            Timeout: Self.timeoutSeconds, MemorySize: Self.memoryMiB, Tags: tags.values, Architectures: [.x86_64])
        _ = try await context.consistency.retryingRoleErrors {
            try await Lambda(client: context.client).createFunction(request)
        }
    }

    /// Each update waits for the function to be Active with its last update Successful: AWS
    /// refuses an update while the one before is InProgress (docs/DESIGN.md, "What AWS refuses
    /// while it settles").
    func update(_ context: EngineContext, changes: [FieldChange]) async throws {
        let lambda = Lambda(client: context.client)
        let changed = Set(changes.map(\.id))
        if changed.contains(Fields.codeSHA256) || changed.contains(Fields.architecture) {
            _ = try await lambda.updateWhenReady(functionName: name, waiter: context.shortSettling) {
                try await lambda.updateFunctionCode(.init(FunctionName: name, ZipFile: zipBase64, Architectures: [.x86_64]))
            }
        }
        if !changed.isDisjoint(with: [Fields.runtime, Fields.memory, Fields.timeout, Fields.role]) {
            let request = Lambda.UpdateFunctionConfigurationRequest(
                FunctionName: name, Role: context.arns.role(role), Handler: "bootstrap",
                Timeout: Self.timeoutSeconds, MemorySize: Self.memoryMiB, Runtime: .providedAl2023)
            _ = try await lambda.updateWhenReady(functionName: name, waiter: context.shortSettling) {
                try await context.consistency.retryingRoleErrors { try await lambda.updateFunctionConfiguration(request) }
            }
        }
        if changed.contains(.tags) {
            // TagResource is refused too while an update is InProgress.
            try await lambda.updateWhenReady(functionName: name, waiter: context.shortSettling) {
                try await lambda.tagResource(.init(Resource: context.arns.lambdaFunction(name), Tags: tags.values))
            }
        }
    }

    func delete(_ context: EngineContext) async throws {
        do {
            try await Lambda(client: context.client).deleteFunction(.init(FunctionName: name))
        } catch let error as AWSError where error.is(Lambda.ErrorCode.resourceNotFound) {
            return
        }
    }

    private var zipBase64: String { Data(package.zip).base64EncodedString() }
}
