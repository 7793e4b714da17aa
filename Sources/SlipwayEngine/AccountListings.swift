import AWSCore
import AWSServices
import SlipwayConfig

/// Listings that answer many of a plan's reads in a few paginated calls: every IAM role with its
/// inline policies and tags (GetAccountAuthorizationDetails), the app's log groups (by the name
/// prefix), the tags of the app's pipelines, log groups, ECR repositories and task definition
/// revisions (the Resource Groups Tagging API, for the services with no batch read of their own),
/// the account's pipeline versions and ECR repositories, and the app's ACTIVE task definition
/// families. A pipeline or
/// revision whose fingerprint tag matches the file is confirmed from them (`Fingerprint`).
///
/// The planner reads through them first, then reads again on its own each resource whose
/// listed state differs from the file (`ManagedResource.readsFromListings`): a listing can only
/// confirm that nothing changed, so a plan with changes shows exactly what the resources' own
/// reads show. Outside a plan's first pass (`EngineContext.listings` is nil) resources read on
/// their own.
final class AccountListings: Sendable {
    /// Role name → role; nil when the caller may not list the account's IAM, or when the plan
    /// reads too few roles for a listing of all the account's to pay.
    let roles: SharedRead<[String: IAM.RoleDetail]?>
    /// ARN → tags of the resources tagged `slipway:app` = this app; nil when not allowed.
    let tags: SharedRead<[String: [String: String]]?>
    /// Log group name → log group, for the names under `logGroupPrefix`.
    let logGroups: SharedRead<[String: CloudWatchLogs.LogGroup]>
    let logGroupPrefix: String
    /// The app's task definition families that have an ACTIVE revision; nil when not allowed.
    let activeFamilies: SharedRead<Set<String>?>
    /// Repository name → repository, of every repository in the account's registry; nil when not allowed.
    let repositories: SharedRead<[String: ECR.Repository]?>
    /// Pipeline name → version, of every pipeline in the account and Region; nil when not allowed.
    let pipelineVersions: SharedRead<[String: Int]?>

    /// The resource types whose tags come from the tagging API (their own tag reads are one
    /// call each; a task definition revision's tags hold its fingerprint).
    static let taggedTypes = ["codepipeline", "ecr", "logs", "ecs:task-definition"]

    /// `listsRoles`: whether to list the account's roles. It pays when the plan reads many: the
    /// listing has every role of the account (a few MB for a thousand), two reads a role do not.
    /// `taggedTypes`: the resource types whose tags to list (status needs only its pipelines').
    init(context: EngineContext, listsRoles: Bool = true, taggedTypes: [String] = AccountListings.taggedTypes) {
        let client = context.client
        let app = context.app
        roles = SharedRead {
            guard listsRoles else { return nil }
            return try await Self.unlessDenied {
                let details = try await IAM(client: client).allRoleDetails()
                return Dictionary(details.compactMap { role in role.RoleName.map { ($0, role) } }, uniquingKeysWith: { first, _ in first })
            }
        }
        tags = SharedRead {
            try await Self.unlessDenied {
                let mappings = try await ResourceGroupsTagging(client: client).allResources(
                    tagKey: ResourceNames.appTag, value: app, resourceTypes: taggedTypes)
                return Dictionary(mappings.compactMap { mapping in
                    mapping.ResourceARN.map { ($0, tagMap(mapping.Tags, key: \.Key, value: \.Value)) }
                }, uniquingKeysWith: { first, _ in first })
            }
        }
        activeFamilies = SharedRead {
            try await Self.unlessDenied {
                Set(try await ECS(client: client).listAllTaskDefinitionFamilies(.init(
                    familyPrefix: ResourceNames(app: app).patterns.stem.replacing("*", with: ""), status: .active, maxResults: 100)))
            }
        }
        repositories = SharedRead {
            try await Self.unlessDenied {
                let all = try await ECR(client: client).describeAllRepositories(maxResults: 1000)
                return Dictionary(all.compactMap { repository in repository.repositoryName.map { ($0, repository) } }, uniquingKeysWith: { first, _ in first })
            }
        }
        pipelineVersions = SharedRead {
            try await Self.unlessDenied {
                let pipelines = try await CodePipeline(client: client).listAllPipelines(maxResults: 1000)
                return Dictionary(pipelines.compactMap { pipeline in pipeline.name.map { ($0, pipeline.version ?? 0) } }, uniquingKeysWith: { first, _ in first })
            }
        }
        let prefix = String(ResourceNames(app: app).patterns.logGroup.dropLast())
        logGroupPrefix = prefix
        logGroups = SharedRead {
            let groups = try await CloudWatchLogs(client: client).describeAllLogGroups(logGroupNamePrefix: prefix)
            return Dictionary(groups.compactMap { group in group.logGroupName.map { ($0, group) } }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// The tags the listing has for the ARN: empty when the resource carries none of the app's
    /// (the planner then reads it on its own), nil when the listing is not allowed.
    func tags(of arn: String) async throws -> [String: String]? {
        guard let all = try await tags.value() else { return nil }
        return all[arn] ?? [:]
    }

    /// Starts every listing, so that they all take the same round trip as the first reads.
    func start() {
        Task { _ = try? await roles.value() }
        Task { _ = try? await tags.value() }
        Task { _ = try? await logGroups.value() }
        Task { _ = try? await activeFamilies.value() }
        Task { _ = try? await pipelineVersions.value() }
        Task { _ = try? await repositories.value() }
    }

    /// What the listings say of a task definition family.
    enum FamilyListing {
        /// No ACTIVE revision: the family is gone (the tagging API lists deregistered ones too).
        case gone
        /// The tags of its newest listed revision.
        case newest(tags: [String: String])
        /// The listings cannot tell (not allowed, or no revision of it carries the app's tags).
        case unknown
    }

    func family(_ family: String, arns: ARNs) async throws -> FamilyListing {
        guard let active = try await activeFamilies.value(), let all = try await tags.value() else { return .unknown }
        guard active.contains(family) else { return .gone }
        let prefix = arns.taskDefinitionFamily(family) + ":"
        func revision(_ arn: String) -> Int { Int(arn.dropFirst(prefix.count)) ?? 0 }
        guard let newest = all.keys.filter({ $0.hasPrefix(prefix) }).max(by: { revision($0) < revision($1) }),
              let tags = all[newest] else { return .unknown }
        return .newest(tags: tags)
    }

    /// A resource's tags: from the listing inside a plan's first pass, else from `read`.
    static func tags(of arn: String, in listings: AccountListings?, else read: @Sendable () async throws -> [String: String]) async throws -> [String: String] {
        if let listed = try await listings?.tags(of: arn) { return listed }
        return try await read()
    }

    private static func unlessDenied<T>(_ body: () async throws -> T) async throws -> T? {
        do {
            return try await body()
        } catch let error as AWSError where AWSErrorCode.accessDenied.contains(error.errorCode) {
            return nil
        }
    }
}
