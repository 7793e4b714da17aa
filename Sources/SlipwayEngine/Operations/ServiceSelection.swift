import SlipwayConfig

extension SlipwayFile {
    /// The service named on the command line as it runs in one environment, or an error that
    /// lists what the file declares.
    public func resolve(service: String, environment: String) throws(OperationError) -> ResolvedService {
        guard self.environment(named: environment) != nil else {
            throw .unknownEnvironment(environment, file: fileName, available: environments.map(\.name.value))
        }
        guard let resolved = self.service(service, in: environment) else {
            throw .unknownService(service, file: fileName, available: services.map(\.name.value))
        }
        return resolved
    }

    /// Checks an `--env` filter (nil means every environment).
    public func checkEnvironment(_ environment: String?) throws(OperationError) {
        guard let environment, self.environment(named: environment) == nil else { return }
        throw .unknownEnvironment(environment, file: fileName, available: environments.map(\.name.value))
    }

    /// Checks a `--service` filter (nil means every service).
    public func checkService(_ service: String?) throws(OperationError) {
        guard let service, serviceDefinition(named: service) == nil else { return }
        throw .unknownService(service, file: fileName, available: services.map(\.name.value))
    }
}
