import AWSCore
import AWSServices
import SlipwayConfig

/// The rule that sends one web service's requests to its target group: by host name where the
/// environment has a domain (and by path too when the service gives one), by path otherwise.
///
/// A rule keeps the priority it was created with, so that an apply never reorders the others.
/// New priorities come from a band by path depth (deeper paths first, `/` last), so that
/// `/auth/*` is matched before `/*` whatever order the services were added in.
struct ListenerRuleResource: ManagedResource {
    let name: String
    let loadBalancer: String
    let listenerPort: Int
    let targetGroup: String
    /// `{host}.{domain}`, where the environment has a domain.
    let hostName: String?
    let path: String
    let tags: SlipwayTags
    let dependencies: [ResourceAddress]

    var address: ResourceAddress { ResourceAddress(.listenerRule, name) }

    enum Fields {
        static let listener = FieldID("listener", forcesReplacement: true)
        static let conditions = FieldID("conditions")
        static let targetGroup = FieldID("forward to")
    }

    var desired: [Field] {
        [Field(Fields.listener, integer: listenerPort), Field(Fields.conditions, list: Self.describe(conditions)), Field(Fields.targetGroup, targetGroup)]
    }

    var pathPatterns: [String] { path == "/" ? ["/*"] : [path, path + "/*"] }

    var conditions: [ELBv2.RuleCondition] {
        var conditions: [ELBv2.RuleCondition] = []
        if let hostName { conditions.append(.init(Field: "host-header", HostHeaderConfig: .init(Values: [hostName]))) }
        if hostName == nil || path != "/" { conditions.append(.init(Field: "path-pattern", PathPatternConfig: .init(Values: pathPatterns))) }
        return conditions
    }

    static func describe(_ conditions: [ELBv2.RuleCondition]) -> [String] {
        conditions.map { condition in
            let values = condition.HostHeaderConfig?.Values ?? condition.PathPatternConfig?.Values ?? condition.Values ?? []
            return "\(condition.Field ?? "?") \(values.joined(separator: ", "))"
        }.sorted()
    }

    /// The priorities a new rule of this path may take: 1000 of them per path depth.
    var priorityBand: ClosedRange<Int> {
        let depth = path == "/" ? 0 : min(path.split(separator: "/").count, 9)
        let start = (10 - depth) * 1000
        return start...(start + 999)
    }

    /// The listener, its rules, and this service's rule among them (the one forwarding to its target group).
    private func find(_ context: EngineContext) async throws -> (listener: String, rules: [ELBv2.Rule], rule: ELBv2.Rule?, group: String)? {
        let elb = ELBv2(client: context.client)
        // The target group first: without it there is no rule to find (one call for a retired rule).
        guard let group = try await elb.targetGroup(named: targetGroup)?.TargetGroupArn,
              let balancer = try await context.lookups.loadBalancerARN(named: loadBalancer, elb),
              let listener = try await elb.listener(loadBalancer: balancer, port: listenerPort)?.ListenerArn else { return nil }
        let rules = try await elb.rules(listener: listener)
        let rule = rules.first { rule in
            (rule.Actions ?? []).contains { action in
                action.TargetGroupArn == group || (action.ForwardConfig?.TargetGroups ?? []).contains { $0.TargetGroupArn == group }
            }
        }
        return (listener, rules, rule, group)
    }

    func readLive(_ context: EngineContext) async throws -> LiveResource? {
        guard let found = try await find(context), let rule = found.rule, let arn = rule.RuleArn else { return nil }
        let liveTags = SlipwayTags(live: try await ELBv2(client: context.client).tags(of: arn))
        return LiveResource(fields: [
            Field(Fields.listener, integer: listenerPort),
            Field(Fields.conditions, list: Self.describe(rule.Conditions ?? [])),
            Field(Fields.targetGroup, targetGroup),
        ], ownedByApp: liveTags.isOwned(by: context.app))
    }

    /// Rules of one listener are created concurrently: one that loses a priority to another
    /// reads the rules again and takes the next free one.
    func create(_ context: EngineContext) async throws {
        for attempt in 1...Self.priorityAttempts {
            guard let found = try await find(context) else {
                throw EngineError.webLookupFailed("the listener \(loadBalancer):\(listenerPort) or the target group \(targetGroup) does not exist")
            }
            if found.rule != nil { return }
            do {
                _ = try await ELBv2(client: context.client).createRule(.init(
                    ListenerArn: found.listener, Conditions: conditions, Priority: try freePriority(among: found.rules),
                    Actions: [.init(Type: .forward, TargetGroupArn: found.group)], Tags: ELBv2.tagList(tags.values)))
                return
            } catch let error as AWSError where error.is(ELBv2.ErrorCode.priorityInUse) && attempt < Self.priorityAttempts {
                continue
            }
        }
    }

    static let priorityAttempts = 10

    func update(_ context: EngineContext, changes: [FieldChange]) async throws {
        guard let found = try await find(context), let rule = found.rule, let arn = rule.RuleArn else { return }
        let elb = ELBv2(client: context.client)
        _ = try await elb.modifyRule(.init(RuleArn: arn, Conditions: conditions, Actions: [.init(Type: .forward, TargetGroupArn: found.group)]))
        // A path of another depth belongs in another band.
        if let current = rule.Priority.flatMap(Int.init), !priorityBand.contains(current) {
            let priority = try freePriority(among: found.rules)
            _ = try await elb.setRulePriorities(.init(RulePriorities: [.init(RuleArn: arn, Priority: priority)]))
        }
    }

    func delete(_ context: EngineContext) async throws {
        guard let found = try await find(context), let arn = found.rule?.RuleArn else { return }
        do {
            _ = try await ELBv2(client: context.client).deleteRule(.init(RuleArn: arn))
        } catch let error as AWSError where error.is(ELBv2.ErrorCode.ruleNotFound) {
            return
        }
    }

    /// The first free priority of the band from a place of its own (a hash of the rule's name),
    /// so that rules created at once seldom reach for the same one.
    private func freePriority(among rules: [ELBv2.Rule]) throws -> Int {
        let taken = Set(rules.compactMap { $0.Priority.flatMap(Int.init) })
        let band = Array(priorityBand)
        let start = Int(StableHash.fnv1a(name) % UInt32(band.count))
        guard let free = (band[start...] + band[..<start]).first(where: { !taken.contains($0) }) else {
            throw EngineError.webLookupFailed("listener \(loadBalancer):\(listenerPort) has no free rule priority in \(priorityBand)")
        }
        return free
    }
}
