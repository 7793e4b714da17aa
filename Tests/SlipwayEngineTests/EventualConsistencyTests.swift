import AWSCore
import Testing
@testable import SlipwayEngine

/// IAM's eventual consistency: the refusals DESIGN.md lists are retried for a bounded time, others not at all.
struct EventualConsistencyTests {
    actor Attempts {
        var count = 0
        func next() -> Int { count += 1; return count }
    }

    static let codeBuildRefusal = AWSError(service: "CodeBuild", operation: "CreateProject", code: "InvalidInputException",
                                           message: "CodeBuild is not authorized to perform: sts:AssumeRole on arn:aws:iam::1:role/x", statusCode: 400)

    @Test(arguments: [
        codeBuildRefusal,
        AWSError(service: "CodePipeline", operation: "CreatePipeline", code: "InvalidStructureException",
                 message: "CodePipeline is not authorized to perform AssumeRole on role arn:aws:iam::1:role/x", statusCode: 400),
        AWSError(service: "Lambda", operation: "CreateFunction", code: "InvalidParameterValueException",
                 message: "The role defined for the function cannot be assumed by Lambda.", statusCode: 400),
    ])
    func aFreshRoleIsWaitedFor(_ refusal: AWSError) async throws {
        let attempts = Attempts()
        let consistency = EventualConsistency(waiter: Waiter(interval: .seconds(3), timeout: .seconds(30), clock: .manual()))
        let value = try await consistency.retryingRoleErrors {
            if await attempts.next() < 4 { throw refusal }
            return "created"
        }
        #expect(value == "created")
        #expect(await attempts.count == 4)
    }

    @Test func theWaitIsBounded() async {
        let attempts = Attempts()
        let consistency = EventualConsistency(waiter: Waiter(interval: .seconds(3), timeout: .seconds(9), clock: .manual()))
        await #expect(throws: AWSError.self) {
            try await consistency.retryingRoleErrors { () async throws -> Int in
                _ = await attempts.next()
                throw Self.codeBuildRefusal
            }
        }
        #expect(await attempts.count == 4)
    }

    @Test func otherErrorsAreNotRetried() async {
        let attempts = Attempts()
        let consistency = EventualConsistency(waiter: Waiter(interval: .seconds(3), timeout: .seconds(60), clock: .manual()))
        await #expect(throws: AWSError.self) {
            try await consistency.retryingRoleErrors { () async throws -> Int in
                _ = await attempts.next()
                throw AWSError(service: "CodeBuild", operation: "CreateProject", code: "InvalidInputException", message: "Invalid compute type", statusCode: 400)
            }
        }
        #expect(await attempts.count == 1)
    }
}
