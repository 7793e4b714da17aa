import Deployer

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// The deployer Lambda's custom runtime (provided.al2023): see Deployer.LambdaRuntime.
LambdaRuntime.run(variables: ProcessInfo.processInfo.environment) {
    try DeployerFunction(variables: ProcessInfo.processInfo.environment)
}
