import SlipwayConfig

/// Each service's target tracking; a service without `scaling` in an environment gets a retired
/// one, so that removing `scaling` hands the count back to the file.
extension DesiredState {
    func scalingResource(_ service: ResolvedService) -> any ManagedResource {
        let names = service.names
        let cluster = file.cluster.name.value
        let scaling = service.scaling ?? ResolvedService.Scaling(min: 1, max: 1, cpu: nil, requests: nil)
        let requests = scaling.requests.flatMap { perTarget in
            service.web.map { _ in
                ScalingResource.RequestsTarget(perTarget: perTarget, loadBalancer: self.names.loadBalancer(environment: service.environment),
                                               targetGroup: names.targetGroup)
            }
        }
        let resource = ScalingResource(
            cluster: cluster, service: names.ecsService, min: scaling.min, max: scaling.max, cpu: scaling.cpu, requests: requests,
            tags: SlipwayTags(names.tags), dependencies: [ResourceAddress(.ecsService, names.ecsService)])
        return service.scaling == nil ? resource.retired : resource
    }
}
