import ArgumentParser

/// `SERVICE --env ENV`: the service and environment that `release`, `rollback` and `logs` act on.
struct ServiceAndEnvironment: ParsableArguments {
    @Argument(help: ArgumentHelp("The service, as named under services: in slipway.yml.", valueName: "service"))
    var name: String

    @Option(name: .customLong("env"), help: "The environment, as named under environments: in slipway.yml.")
    var environment: String
}
