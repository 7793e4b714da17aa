import AWSCore

// Slipway's conveniences over the generated Resource Groups Tagging API call
// (Generated/ResourceGroupsTagging.swift).
extension ResourceGroupsTagging {
    /// `GetResources` answers at most this many resources a page.
    public static let resourcesPerPageLimit = 100

    /// Every resource of the types (`ecr`, `logs:log-group`) whose tag `tagKey` has `value`,
    /// with all its tags, following `PaginationToken` (AWS ends with an empty one).
    public func allResources(tagKey: String, value: String, resourceTypes: [String]) async throws -> [ResourceTagMapping] {
        try await Pagination.all { token in
            let page = try await getResources(GetResourcesInput(
                PaginationToken: token, TagFilters: [TagFilter(Key: tagKey, Values: [value])],
                ResourcesPerPage: Self.resourcesPerPageLimit, ResourceTypeFilters: resourceTypes))
            return (page.ResourceTagMappingList ?? [], page.PaginationToken)
        }
    }
}
