import Foundation
import SlipwayTestSupport
import Testing

/// `slipway whoami` where AWS cannot be reached: one attempt that fails at once (well under
/// the 5 seconds it may take), an error that names the endpoint and what to check, exit 1.
/// The attempt's time is the one `--verbose` reports, measured in slipway itself: the wall time
/// around the process would measure this machine's load while the other suites start.
struct UnreachableEndpointCommandTests {
    static func whoami(endpoint: String) async throws -> (result: SlipwayProcess.Result, elapsed: Duration) {
        let result = try await SlipwayProcess.run(["whoami", "--region", "eu-west-3", "--verbose"], environment: [
            "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "not-a-real-secret", "AWS_ENDPOINT_URL": endpoint,
            "AWS_EC2_METADATA_DISABLED": "true",
        ])
        // "  aws: STS GetCallerIdentity - ConnectionError 3 ms": one attempt, and how long it took.
        let attempts = result.stderr.split(separator: "\n").filter { $0.hasPrefix("  aws: STS GetCallerIdentity - ConnectionError ") }
        #expect(attempts.count == 1, "one attempt, not retried: \(result.stderr)")
        let milliseconds = attempts.first.flatMap { $0.split(separator: " ").dropLast().last }.flatMap { Int($0) } ?? Int.max
        return (result, .milliseconds(milliseconds))
    }

    @Test func anEndpointThatDoesNotResolve() async throws {
        let (result, elapsed) = try await Self.whoami(endpoint: "http://sts.slipway-test.invalid")
        #expect(result.status == 1)
        #expect(result.stderr.hasSuffix("\nslipway: error: STS GetCallerIdentity: could not reach http://sts.slipway-test.invalid/: its host name "
            + "does not resolve; check the region (eu-west-3), the network, and AWS_ENDPOINT_URL or AWS_ENDPOINT_URL_STS if set\n"), "\(result.stderr)")
        #expect(elapsed < .seconds(5), "\(elapsed)")
    }

    @Test func anEndpointThatRefusesConnections() async throws {
        let port = try LoopbackPort.closed()
        let (result, elapsed) = try await Self.whoami(endpoint: "http://127.0.0.1:\(port)")
        #expect(result.status == 1)
        #expect(result.stderr.hasSuffix("\nslipway: error: STS GetCallerIdentity: could not reach http://127.0.0.1:\(port)/: the connection was "
            + "refused; check the region (eu-west-3), the network, and AWS_ENDPOINT_URL or AWS_ENDPOINT_URL_STS if set\n"), "\(result.stderr)")
        #expect(elapsed < .seconds(5), "\(elapsed)")
    }

    @Test func timeoutsAreOptionsWithLimits() async throws {
        let negative = try await SlipwayProcess.run(["whoami", "--cli-connect-timeout=-1"], environment: [:])
        #expect(negative.status == 64)
        #expect(negative.stderr.contains("--cli-connect-timeout must be a number of seconds from 0.001 to 86400, or 0 for no limit, not -1.0"))
        let help = try await SlipwayProcess.run(["whoami", "--help"], environment: [:])
        #expect(help.stdout.contains("--cli-connect-timeout <seconds>") && help.stdout.contains("--cli-read-timeout <seconds>"))
    }
}
