import AWSCore

/// AWS Lambda: the deployer function that CodePipeline's Deploy stage invokes. REST-JSON:
/// the function name (or ARN) travels in the path, the rest in the body or the query.
/// Shapes are in `LambdaShapes.swift`.
public struct Lambda: Sendable {
    public static let service = AWSServiceDescription(
        serviceID: "Lambda", signingName: "lambda", endpointPrefix: "lambda", wireProtocol: .restJSON)
    public let client: AWSClient

    public init(client: AWSClient) {
        self.client = client
    }

    static func functionPath(_ name: String, _ suffix: String = "") -> String {
        "/2015-03-31/functions/" + URIEncoding.encode(name) + suffix
    }

    static func tagsPath(_ resource: String) -> String {
        "/2017-03-31/tags/" + URIEncoding.encode(resource)
    }

    /// The request as its JSON body: every member but the ones that travel in the path.
    static func body(_ input: some Encodable, without pathMembers: Set<String>) throws -> JSONValue {
        guard case .object(var members) = try JSONValue.from(input) else { return try JSONValue.from(input) }
        for member in pathMembers { members[member] = nil }
        return .object(members)
    }

    // MARK: - Functions

    public struct CreateFunctionRequest: Codable, Sendable, Hashable {
        /// 1–64 letters, digits, `-` and `_`.
        public var FunctionName: String
        public var Runtime: Lambda.Runtime?
        /// The execution role; Lambda refuses one it cannot assume yet (IAM is eventually
        /// consistent) with `InvalidParameterValueException`.
        public var Role: String
        /// For `provided.*` runtimes the handler is free text; the `bootstrap` binary runs.
        public var Handler: String?
        public var Code: FunctionCode
        public var Description: String?
        /// Seconds, 1–900 (the default is 3).
        public var Timeout: Int?
        /// MB, 128–10240 (the default is 128).
        public var MemorySize: Int?
        public var Publish: Bool?
        public var PackageType: Lambda.PackageType?
        public var Environment: Lambda.Environment?
        public var KMSKeyArn: String?
        public var Tags: [String: String]?
        public var Architectures: [Architecture]?
        public var EphemeralStorage: Lambda.EphemeralStorage?
        public var LoggingConfig: Lambda.LoggingConfig?
        public var VpcConfig: Lambda.VpcConfig?

        public init(
            FunctionName: String, Runtime: Lambda.Runtime? = nil, Role: String, Handler: String? = nil, Code: FunctionCode,
            Description: String? = nil, Timeout: Int? = nil, MemorySize: Int? = nil, Publish: Bool? = nil,
            PackageType: Lambda.PackageType? = nil, Environment: Lambda.Environment? = nil, KMSKeyArn: String? = nil,
            Tags: [String: String]? = nil, Architectures: [Architecture]? = nil, EphemeralStorage: Lambda.EphemeralStorage? = nil,
            LoggingConfig: Lambda.LoggingConfig? = nil, VpcConfig: Lambda.VpcConfig? = nil
        ) {
            self.FunctionName = FunctionName
            self.Runtime = Runtime
            self.Role = Role
            self.Handler = Handler
            self.Code = Code
            self.Description = Description
            self.Timeout = Timeout
            self.MemorySize = MemorySize
            self.Publish = Publish
            self.PackageType = PackageType
            self.Environment = Environment
            self.KMSKeyArn = KMSKeyArn
            self.Tags = Tags
            self.Architectures = Architectures
            self.EphemeralStorage = EphemeralStorage
            self.LoggingConfig = LoggingConfig
            self.VpcConfig = VpcConfig
        }
    }

    /// The new function starts `Pending`; see `waitUntilReady`.
    public func createFunction(_ input: CreateFunctionRequest) async throws -> FunctionConfiguration {
        try await client.restJSON(Self.service, "CreateFunction", method: "POST", path: "/2015-03-31/functions", body: input)
    }

    public struct GetFunctionRequest: Codable, Sendable {
        /// The name, or the function's full or partial ARN.
        public var FunctionName: String
        /// A version or alias.
        public var Qualifier: String?

        public init(FunctionName: String, Qualifier: String? = nil) {
            self.FunctionName = FunctionName
            self.Qualifier = Qualifier
        }
    }

    public struct GetFunctionResponse: Codable, Sendable {
        public let Configuration: FunctionConfiguration?
        public let Code: FunctionCodeLocation?
        public let Tags: [String: String]?
        public let Concurrency: Concurrency?
    }

    /// A function that does not exist is a `ResourceNotFoundException`.
    public func getFunction(_ input: GetFunctionRequest) async throws -> GetFunctionResponse {
        try await client.restJSON(Self.service, "GetFunction", method: "GET", path: Self.functionPath(input.FunctionName),
                                  query: input.Qualifier.map { [("Qualifier", $0)] } ?? [])
    }

    public typealias GetFunctionConfigurationRequest = GetFunctionRequest

    public func getFunctionConfiguration(_ input: GetFunctionConfigurationRequest) async throws -> FunctionConfiguration {
        try await client.restJSON(Self.service, "GetFunctionConfiguration", method: "GET",
                                  path: Self.functionPath(input.FunctionName, "/configuration"),
                                  query: input.Qualifier.map { [("Qualifier", $0)] } ?? [])
    }

    public struct UpdateFunctionCodeRequest: Codable, Sendable, Hashable {
        public var FunctionName: String
        /// The .zip archive, base64-encoded (see `FunctionCode.zip`).
        public var ZipFile: String?
        public var S3Bucket: String?
        public var S3Key: String?
        public var S3ObjectVersion: String?
        public var ImageUri: String?
        public var Architectures: [Architecture]?
        public var Publish: Bool?
        public var DryRun: Bool?
        /// Refuses the update (`PreconditionFailedException`) if the function changed since this revision.
        public var RevisionId: String?

        public init(
            FunctionName: String, ZipFile: String? = nil, S3Bucket: String? = nil, S3Key: String? = nil, S3ObjectVersion: String? = nil,
            ImageUri: String? = nil, Architectures: [Architecture]? = nil, Publish: Bool? = nil, DryRun: Bool? = nil, RevisionId: String? = nil
        ) {
            self.FunctionName = FunctionName
            self.ZipFile = ZipFile
            self.S3Bucket = S3Bucket
            self.S3Key = S3Key
            self.S3ObjectVersion = S3ObjectVersion
            self.ImageUri = ImageUri
            self.Architectures = Architectures
            self.Publish = Publish
            self.DryRun = DryRun
            self.RevisionId = RevisionId
        }
    }

    /// Refused with `ResourceConflictException` while another update is in progress.
    public func updateFunctionCode(_ input: UpdateFunctionCodeRequest) async throws -> FunctionConfiguration {
        try await client.restJSON(Self.service, "UpdateFunctionCode", method: "PUT", path: Self.functionPath(input.FunctionName, "/code"),
                                  body: try Self.body(input, without: ["FunctionName"]))
    }

    /// Members left nil stay as they are; `Environment` replaces all the variables.
    public struct UpdateFunctionConfigurationRequest: Codable, Sendable, Hashable {
        public var FunctionName: String
        public var Role: String?
        public var Handler: String?
        public var Description: String?
        public var Timeout: Int?
        public var MemorySize: Int?
        public var VpcConfig: Lambda.VpcConfig?
        public var Environment: Lambda.Environment?
        public var Runtime: Lambda.Runtime?
        public var KMSKeyArn: String?
        public var RevisionId: String?
        public var EphemeralStorage: Lambda.EphemeralStorage?
        public var LoggingConfig: Lambda.LoggingConfig?

        public init(
            FunctionName: String, Role: String? = nil, Handler: String? = nil, Description: String? = nil, Timeout: Int? = nil,
            MemorySize: Int? = nil, VpcConfig: Lambda.VpcConfig? = nil, Environment: Lambda.Environment? = nil,
            Runtime: Lambda.Runtime? = nil, KMSKeyArn: String? = nil, RevisionId: String? = nil,
            EphemeralStorage: Lambda.EphemeralStorage? = nil, LoggingConfig: Lambda.LoggingConfig? = nil
        ) {
            self.FunctionName = FunctionName
            self.Role = Role
            self.Handler = Handler
            self.Description = Description
            self.Timeout = Timeout
            self.MemorySize = MemorySize
            self.VpcConfig = VpcConfig
            self.Environment = Environment
            self.Runtime = Runtime
            self.KMSKeyArn = KMSKeyArn
            self.RevisionId = RevisionId
            self.EphemeralStorage = EphemeralStorage
            self.LoggingConfig = LoggingConfig
        }
    }

    /// Refused with `ResourceConflictException` while another update is in progress.
    public func updateFunctionConfiguration(_ input: UpdateFunctionConfigurationRequest) async throws -> FunctionConfiguration {
        try await client.restJSON(Self.service, "UpdateFunctionConfiguration", method: "PUT",
                                  path: Self.functionPath(input.FunctionName, "/configuration"),
                                  body: try Self.body(input, without: ["FunctionName"]))
    }

    public typealias DeleteFunctionRequest = GetFunctionRequest

    /// A function that does not exist is a `ResourceNotFoundException`.
    public func deleteFunction(_ input: DeleteFunctionRequest) async throws {
        _ = try await client.restJSON(Self.service, "DeleteFunction", method: "DELETE", path: Self.functionPath(input.FunctionName),
                                      query: input.Qualifier.map { [("Qualifier", $0)] } ?? [], as: EmptyShape.self)
    }

    public struct ListFunctionsRequest: Codable, Sendable {
        public var MasterRegion: String?
        /// `ALL` to list every published version too.
        public var FunctionVersion: String?
        public var Marker: String?
        /// 1–10000 (the default is 50).
        public var MaxItems: Int?

        public init(MasterRegion: String? = nil, FunctionVersion: String? = nil, Marker: String? = nil, MaxItems: Int? = nil) {
            self.MasterRegion = MasterRegion
            self.FunctionVersion = FunctionVersion
            self.Marker = Marker
            self.MaxItems = MaxItems
        }
    }

    public struct ListFunctionsResponse: Codable, Sendable {
        public let NextMarker: String?
        public let Functions: [FunctionConfiguration]?
    }

    public func listFunctions(_ input: ListFunctionsRequest) async throws -> ListFunctionsResponse {
        var query: [(String, String)] = []
        if let value = input.MasterRegion { query.append(("MasterRegion", value)) }
        if let value = input.FunctionVersion { query.append(("FunctionVersion", value)) }
        if let value = input.Marker { query.append(("Marker", value)) }
        if let value = input.MaxItems { query.append(("MaxItems", String(value))) }
        return try await client.restJSON(Self.service, "ListFunctions", method: "GET", path: "/2015-03-31/functions", query: query)
    }

    /// Every page of `ListFunctions`.
    public func listAllFunctions(_ input: ListFunctionsRequest = ListFunctionsRequest()) async throws -> [FunctionConfiguration] {
        try await Pagination.all { marker in
            var page = input
            page.Marker = marker
            let response = try await listFunctions(page)
            return (response.Functions ?? [], response.NextMarker)
        }
    }

    // MARK: - Tags

    public struct ListTagsRequest: Codable, Sendable {
        /// The function's ARN.
        public var Resource: String

        public init(Resource: String) {
            self.Resource = Resource
        }
    }

    public struct ListTagsResponse: Codable, Sendable {
        public let Tags: [String: String]?
    }

    public func listTags(_ input: ListTagsRequest) async throws -> ListTagsResponse {
        try await client.restJSON(Self.service, "ListTags", method: "GET", path: Self.tagsPath(input.Resource))
    }

    public struct TagResourceRequest: Codable, Sendable {
        /// The function's ARN.
        public var Resource: String
        public var Tags: [String: String]

        public init(Resource: String, Tags: [String: String]) {
            self.Resource = Resource
            self.Tags = Tags
        }
    }

    public func tagResource(_ input: TagResourceRequest) async throws {
        _ = try await client.restJSON(Self.service, "TagResource", method: "POST", path: Self.tagsPath(input.Resource),
                                      body: try Self.body(input, without: ["Resource"]), as: EmptyShape.self)
    }

    public struct UntagResourceRequest: Codable, Sendable {
        /// The function's ARN.
        public var Resource: String
        public var TagKeys: [String]

        public init(Resource: String, TagKeys: [String]) {
            self.Resource = Resource
            self.TagKeys = TagKeys
        }
    }

    public func untagResource(_ input: UntagResourceRequest) async throws {
        _ = try await client.restJSON(Self.service, "UntagResource", method: "DELETE", path: Self.tagsPath(input.Resource),
                                      query: input.TagKeys.map { ("tagKeys", $0) }, as: EmptyShape.self)
    }

    // MARK: - Waiting

    /// Waits until the function is `Active` and its last update `Successful`: a new function
    /// starts `Pending`, and each code or configuration update is `InProgress` for a while,
    /// during which AWS refuses the next update. Fails as soon as either reports `Failed`.
    public func waitUntilReady(functionName: String, waiter: Waiter = Waiter(interval: .seconds(2), timeout: .seconds(300))) async throws -> FunctionConfiguration {
        try await waiter.wait(for: "Lambda function \(functionName) to be ready") {
            let configuration = try await getFunctionConfiguration(GetFunctionConfigurationRequest(FunctionName: functionName))
            return Self.readiness(of: configuration)
        }
    }

    /// What one look at a function's configuration says about waiting for it.
    public static func readiness(of configuration: FunctionConfiguration) -> WaiterState<FunctionConfiguration> {
        if configuration.State == .failed {
            return .failed("state Failed: \(configuration.StateReason ?? configuration.StateReasonCode ?? "no reason given")")
        }
        if configuration.LastUpdateStatus == .failed {
            return .failed("last update Failed: \(configuration.LastUpdateStatusReason ?? configuration.LastUpdateStatusReasonCode ?? "no reason given")")
        }
        // A reply without these members (an old emulator) means there is nothing to wait for.
        let state = configuration.State ?? .active
        let update = configuration.LastUpdateStatus ?? .successful
        if state == .active && update == .successful { return .done(configuration) }
        return .pending("state \(state.rawValue), last update \(update.rawValue)")
    }
}

extension Lambda {
    /// The error codes of Lambda that Slipway acts on.
    public enum ErrorCode {
        public static let resourceNotFound = AWSErrorCode("ResourceNotFoundException")
        public static let invalidParameterValue = AWSErrorCode("InvalidParameterValueException")
    }
}
