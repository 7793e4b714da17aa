import AWSCore
import AWSServices
import Deployer

// Size probe: links the whole AWS chain.
let env = ProcessInfo.processInfo.environment
let client = AWSClient(region: env["AWS_REGION"] ?? "us-east-1", credentialProvider: EnvironmentCredentialProvider(environment: env),
                       endpointResolver: EndpointResolver(environment: env, profile: nil))
let identity = try await STS(client: client).getCallerIdentity()
print(identity.Arn)
