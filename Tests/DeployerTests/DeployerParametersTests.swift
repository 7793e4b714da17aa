import Deployer
import Testing
import DeployerInterface

@Suite("DeployerParameters: the Deploy action's UserParameters")
struct DeployerParametersTests {
    @Test("jsonText is compact, sorted, and reads back the same")
    func roundTrip() throws {
        let parameters = DeployerParameters(cluster: "dbmi", service: "dbmi-production-sciauth", family: "dbmi-production-sciauth", container: "sciauth")
        #expect(parameters.jsonText() == #"{"cluster":"dbmi","container":"sciauth","family":"dbmi-production-sciauth","keepRevisions":10,"service":"dbmi-production-sciauth","timeoutMinutes":30}"#)
        #expect(try DeployerParameters.parse(parameters.jsonText()) == parameters)
        var custom = parameters
        custom.keepRevisions = 3
        custom.timeoutMinutes = 90
        custom.artifact = "BuildOutput"
        #expect(try DeployerParameters.parse(custom.jsonText()) == custom)
        #expect(parameters.problems().isEmpty)
    }

    @Test("defaults when keepRevisions and timeoutMinutes are left out")
    func defaults() throws {
        let parsed = try DeployerParameters.parse(#"{"cluster":"c","service":"s","family":"f","container":"web"}"#)
        #expect(parsed.keepRevisions == 10)
        #expect(parsed.timeoutMinutes == 30)
        #expect(parsed.artifact == nil)
    }

    @Test("every problem is reported at once", arguments: [
        (nil as String?, ["UserParameters is empty"]),
        ("  ", ["UserParameters is empty"]),
        ("[1]", ["UserParameters is not a JSON object"]),
        (#"{"cluster":"c"}"#, ["'service' is missing", "'family' is missing", "'container' is missing"]),
        (#"{"cluster":"c","service":"s","family":"f","container":7}"#, ["'container' must be a string"]),
        (#"{"cluster":"c","service":"s","family":"f","container":"w","keepRevisions":1.5}"#, ["'keepRevisions' must be a whole number"]),
        (#"{"cluster":"c","service":"s","family":"f","container":"w","keepRevisions":0,"timeoutMinutes":0}"#,
         ["'keepRevisions' is 0, and must be at least 1", "'timeoutMinutes' is 0, and must be 1 to 1440"]),
        (#"{"cluster":"","service":"s","family":"f","container":"w"}"#, ["'cluster' is empty"]),
        (#"{"cluster":"c","service":"s","family":"f","container":"w","timeout":3}"#, ["unknown key 'timeout'"]),
    ])
    func problems(_ text: String?, _ expected: [String]) {
        do {
            _ = try DeployerParameters.parse(text)
            Issue.record("parsed \(text ?? "nil")")
        } catch {
            for problem in expected {
                #expect(error.problems.contains { $0.hasPrefix(problem) }, "\(error.problems) lacks \(problem)")
            }
            #expect(error.problems.count == expected.count, "\(error.problems)")
            #expect(error.description.hasPrefix("the Deploy action's UserParameters are not usable: "))
        }
    }

    @Test("parameters longer than CodePipeline's 1000 characters are a problem for apply")
    func tooLong() {
        let long = String(repeating: "x", count: 255)
        let parameters = DeployerParameters(cluster: long, service: long, family: long, container: long)
        #expect(parameters.problems().contains { $0.contains("more than CodePipeline's 1000") })
    }
}
