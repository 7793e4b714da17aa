import AWSSigV4
import AWSCore

/// The event CodePipeline sends a Lambda invoke action: `{"CodePipeline.job": {…}}`.
/// It carries the artifact credentials, so neither it nor they are ever printed: the
/// credentials' descriptions are redacted.
public struct CodePipelineJobEvent: Decodable, Sendable {
    public let job: Job

    enum CodingKeys: String, CodingKey {
        case job = "CodePipeline.job"
    }

    public init(job: Job) {
        self.job = job
    }

    /// Reads an event; `nil` when it is not a CodePipeline job at all (no job id to report to).
    public static func decode(_ bytes: [UInt8]) -> CodePipelineJobEvent? {
        try? JSONDecoder().decode(CodePipelineJobEvent.self, from: Data(bytes))
    }

    public struct Job: Decodable, Sendable {
        public let id: String
        public let accountId: String?
        public let data: JobData

        enum CodingKeys: String, CodingKey {
            case id, accountId, data
        }

        public init(id: String, accountId: String? = nil, data: JobData) {
            self.id = id
            self.accountId = accountId
            self.data = data
        }

        /// Only the id is required: a job whose data cannot be read is still reported, as a failure.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            accountId = try? container.decodeIfPresent(String.self, forKey: .accountId)
            do {
                data = try container.decodeIfPresent(JobData.self, forKey: .data) ?? JobData()
            } catch {
                data = JobData(unreadable: "the job's data is not in the form CodePipeline sends (\(Self.describe(error)))")
            }
        }

        static func describe(_ error: any Error) -> String {
            switch error {
            case DecodingError.keyNotFound(let key, let context):
                return "'\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))' is missing"
            case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context), DecodingError.dataCorrupted(let context):
                return "'\(context.codingPath.map(\.stringValue).joined(separator: "."))' is malformed"
            default:
                return "unreadable"
            }
        }
    }

    public struct JobData: Decodable, Sendable {
        public let configuration: [String: String]
        public let inputArtifacts: [Artifact]
        public let artifactCredentials: ArtifactCredentials?
        public let continuationToken: String?
        /// Set when the data did not decode: the reason, for the failure report.
        public let unreadable: String?

        enum CodingKeys: String, CodingKey {
            case actionConfiguration, inputArtifacts, artifactCredentials, continuationToken
        }

        struct ActionConfiguration: Decodable {
            let configuration: [String: String]?
        }

        public init(
            configuration: [String: String] = [:], inputArtifacts: [Artifact] = [], artifactCredentials: ArtifactCredentials? = nil,
            continuationToken: String? = nil, unreadable: String? = nil
        ) {
            self.configuration = configuration
            self.inputArtifacts = inputArtifacts
            self.artifactCredentials = artifactCredentials
            self.continuationToken = continuationToken
            self.unreadable = unreadable
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            configuration = try container.decodeIfPresent(ActionConfiguration.self, forKey: .actionConfiguration)?.configuration ?? [:]
            inputArtifacts = try container.decodeIfPresent([Artifact].self, forKey: .inputArtifacts) ?? []
            artifactCredentials = try container.decodeIfPresent(ArtifactCredentials.self, forKey: .artifactCredentials)
            continuationToken = try container.decodeIfPresent(String.self, forKey: .continuationToken)
            unreadable = nil
        }

        /// The action's `UserParameters`.
        public var userParameters: String? { configuration["UserParameters"] }
    }

    public struct Artifact: Decodable, Sendable, Equatable {
        public let name: String
        public let location: Location?

        public init(name: String, bucket: String, key: String) {
            self.name = name
            self.location = Location(type: "S3", s3Location: S3Location(bucketName: bucket, objectKey: key))
        }

        public struct Location: Decodable, Sendable, Equatable {
            public let type: String?
            public let s3Location: S3Location?
        }

        public struct S3Location: Decodable, Sendable, Equatable {
            public let bucketName: String
            public let objectKey: String
        }
    }

    /// Temporary credentials that can read (and write) the pipeline's artifacts.
    public struct ArtifactCredentials: Decodable, Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
        public let accessKeyId: String
        public let secretAccessKey: String
        public let sessionToken: String?

        public init(accessKeyId: String, secretAccessKey: String, sessionToken: String?) {
            self.accessKeyId = accessKeyId
            self.secretAccessKey = secretAccessKey
            self.sessionToken = sessionToken
        }

        public var credentials: AWSCredentials {
            AWSCredentials(accessKeyID: accessKeyId, secretAccessKey: secretAccessKey, sessionToken: sessionToken)
        }

        public var description: String { "ArtifactCredentials(redacted)" }
        public var debugDescription: String { description }
        public var customMirror: Mirror { Mirror(self, children: []) }
    }
}
