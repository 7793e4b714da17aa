/// Reading a member that a caller needs from a reply whose members are all optional (as botocore
/// reads replies: a member the model calls required may still be missing, and a call that never
/// uses it must not fail).
extension Optional {
    /// The value, or an `AWSClientError.incompleteReply` naming the call, the member and the resource.
    public func required(_ member: String, _ service: AWSServiceDescription, _ operation: String, for resource: String? = nil) throws -> Wrapped {
        guard let self else {
            throw AWSClientError.incompleteReply(service: service.serviceID, operation: operation, missing: member, resource: resource)
        }
        return self
    }
}
