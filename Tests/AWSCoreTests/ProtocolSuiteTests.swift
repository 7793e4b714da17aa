import AWSSigV4
import AWSCore
import Foundation
import Testing

/// AWS's protocol suites (botocore's copy of the Smithy protocol tests, in
/// Tests/TestData/botocore with its LICENSE and NOTICE), run through AWSClient itself: each
/// input case's parameters are sent over a recording transport and the request compared with
/// the one the case expects; each output case's response is answered and what the client reads
/// compared with the case's result or error code. What AWSCore does not do is counted as not
/// applicable, with its reason, in `ProtocolSuiteTests.notApplicable`, the one list.
struct ProtocolSuiteTests {
    static let directory: URL = {
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.appendingPathComponent("Tests/TestData/botocore/protocols")
    }()

    struct Case {
        let protocolName: String
        let suite: JSONValue
        let body: JSONValue
        var id: String { body["id"]?.stringValue ?? "?" }
        var shapes: [String: JSONValue] {
            if case .object(let shapes)? = suite["shapes"] { return shapes }
            return [:]
        }
    }

    static func cases(_ direction: String, _ protocolName: String) throws -> [Case] {
        let suites = try JSONValue.parse(try Data(contentsOf: directory.appendingPathComponent("\(direction)/\(protocolName).json")))
        guard case .array(let all) = suites else { return [] }
        return all.flatMap { suite -> [Case] in
            guard case .array(let cases)? = suite["cases"] else { return [] }
            return cases.map { Case(protocolName: protocolName, suite: suite, body: $0) }
        }
    }

    /// botocore's own ignore list: cases it skips, which this suite skips too.
    static let botocoreIgnores: Set<String> = {
        guard let list = try? JSONValue.parse(try Data(contentsOf: directory.appendingPathComponent("protocol-tests-ignore-list.json"))),
              case .object(let protocols)? = list["protocols"] else { return [] }
        var ids: Set<String> = []
        for (_, directions) in protocols {
            guard case .object(let byDirection) = directions else { continue }
            for (_, entry) in byDirection {
                if case .array(let cases)? = entry["cases"] { ids.formUnion(cases.compactMap(\.stringValue)) }
            }
        }
        return ids
    }()

    /// Every shape a case's input or output reaches.
    static func reachable(_ root: String?, _ shapes: [String: JSONValue]) -> [JSONValue] {
        var seen: Set<String> = []
        var stack = root.map { [$0] } ?? []
        var found: [JSONValue] = []
        while let name = stack.popLast() {
            guard seen.insert(name).inserted, let shape = shapes[name] else { continue }
            found.append(shape)
            var references: [JSONValue] = [shape["member"], shape["key"], shape["value"]].compactMap { $0 }
            if case .object(let members)? = shape["members"] { references += members.values }
            stack += references.compactMap { $0["shape"]?.stringValue }
        }
        return found
    }

    /// Why a case cannot apply to AWSCore, or nil when it must pass. The one list.
    static func notApplicable(_ testCase: Case, direction: String) -> String? {
        let given = testCase.body["given"]
        let id = testCase.id
        if botocoreIgnores.contains(id) { return "botocore skips it (protocol-tests-ignore-list.json)" }
        if testCase.protocolName.hasPrefix("rest") && direction == "input" {
            return "REST bindings (URI labels, query string, headers, payload) are per operation, in the service's code, not AWSCore's"
        }
        if given?["endpoint"] != nil { return "the endpoint trait's host prefix: no operation Slipway calls has one" }
        if given?["httpChecksumRequired"] != nil || given?["requestcompression"] != nil || given?["httpChecksum"] != nil {
            return "request checksums and compression: no operation Slipway calls needs them"
        }
        if testCase.body["params"]?["QueryParams"] != nil || id.contains("IdempotencyToken") {
            return "idempotency tokens are filled by the caller (ClientRequestToken), not AWSCore"
        }
        let root = direction == "input" ? given?["input"]?["shape"]?.stringValue : given?["output"]?["shape"]?.stringValue
        let shapes = reachable(root, testCase.shapes)
        if shapes.contains(where: { $0["type"]?.stringValue == "union" || $0["union"] == .bool(true) }) {
            return "unions: AWSCore has no union encoding (no shape Slipway uses is one)"
        }
        if shapes.contains(where: { $0["type"]?.stringValue == "document" || $0["document"] == .bool(true) }) {
            return "document types: no shape Slipway uses is one"
        }
        if shapes.contains(where: { $0["timestampFormat"] != nil }) || reachableMembers(root, testCase.shapes).contains(where: { $0["timestampFormat"] != nil }) {
            return "timestampFormat traits: AWSCore writes and reads each protocol's default timestamp format only"
        }
        if ["query", "ec2", "rest-xml"].contains(testCase.protocolName), direction == "output" {
            let maps = shapes.filter { $0["type"]?.stringValue == "map" }
            func valueType(_ map: JSONValue) -> String? { testCase.shapes[map["value"]?["shape"]?.stringValue ?? ""]?["type"]?.stringValue }
            if maps.contains(where: { $0["flattened"] == .bool(true) || valueType($0) != "string"
                || $0["key"]?["locationName"] != nil || $0["value"]?["locationName"] != nil || $0["xmlNamespace"] != nil }) {
                return "XML maps other than wrapped maps of strings: AWSCore's XML decoder reads only those, and no shape Slipway reads has another"
            }
            if reachableMembers(root, testCase.shapes).contains(where: { $0["flattened"] == .bool(true) && testCase.shapes[$0["shape"]?.stringValue ?? ""]?["type"]?.stringValue == "map" }) {
                return "XML maps other than wrapped maps of strings: AWSCore's XML decoder reads only those, and no shape Slipway reads has another"
            }
            if reachableMembers(root, testCase.shapes).contains(where: { $0["xmlAttribute"] == .bool(true) }) {
                return "XML attributes: no shape Slipway reads has one"
            }
        }
        if testCase.protocolName == "query", direction == "input" {
            let lists = shapes.filter { $0["type"]?.stringValue == "list" }
            let maps = shapes.filter { $0["type"]?.stringValue == "map" }
            if lists.contains(where: { $0["flattened"] == .bool(true) || $0["member"]?["locationName"] != nil })
                || maps.contains(where: { $0["flattened"] == .bool(true) || $0["key"]?["locationName"] != nil || $0["value"]?["locationName"] != nil })
                || reachableMembers(root, testCase.shapes).contains(where: { $0["flattened"] == .bool(true) }) {
                return "Query's flattened or renamed lists and maps: QueryEncoder writes `member` and `entry`/`key`/`value` (no operation Slipway calls has another)"
            }
        }
        if shapes.contains(where: { $0["eventstream"] == .bool(true) || $0["streaming"] == .bool(true) }) {
            return "streams: no operation Slipway calls streams"
        }
        if case .object(let headers)? = testCase.body["response"]?["headers"], direction == "output",
           reachableMembers(root, testCase.shapes).contains(where: { $0["location"] != nil }) && !headers.isEmpty {
            return "members bound to headers or the status code: per operation, in the service's code"
        }
        if testCase.protocolName.hasPrefix("rest"), reachableMembers(root, testCase.shapes).contains(where: { $0["location"] != nil }) {
            return "members bound to headers or the status code: per operation, in the service's code"
        }
        if testCase.protocolName.hasPrefix("rest"), let root, testCase.shapes[root]?["payload"] != nil {
            return "an explicit payload member: per operation, in the service's code"
        }
        return nil
    }

    static func reachableMembers(_ root: String?, _ shapes: [String: JSONValue]) -> [JSONValue] {
        reachable(root, shapes).flatMap { shape -> [JSONValue] in
            if case .object(let members)? = shape["members"] { return Array(members.values) }
            return []
        }
    }

    static func service(for testCase: Case) -> AWSServiceDescription {
        let metadata = testCase.suite["metadata"]
        let wire: WireProtocol = switch testCase.protocolName {
        case "json", "json_1_0":
            .json(targetPrefix: metadata?["targetPrefix"]?.stringValue ?? "", version: metadata?["jsonVersion"]?.stringValue ?? "1.1")
        case "query": .query(version: metadata?["apiVersion"]?.stringValue ?? "")
        case "ec2": .ec2(version: metadata?["apiVersion"]?.stringValue ?? "")
        case "rest-json": .restJSON
        default: .restXML
        }
        return AWSServiceDescription(serviceID: "Suite", signingName: "suite", endpointPrefix: "suite", wireProtocol: wire)
    }

    static func client(_ transport: ScriptedTransport) -> AWSClient {
        AWSClient(
            region: "us-east-1",
            credentialProvider: StaticCredentialProvider(AWSCredentials(accessKeyID: "AKIDTEST", secretAccessKey: "secret")),
            endpointResolver: EndpointResolver(variables: ["AWS_ENDPOINT_URL": "https://example.com"], profile: nil),
            transport: transport, retryPolicy: RetryPolicy(maxAttempts: 1))
    }

    // MARK: - Running one case

    /// Why the case failed, or nil.
    static func runInput(_ testCase: Case) async throws -> String? {
        let given = testCase.body["given"]
        let operation = given?["name"]?.stringValue ?? "?"
        let shape = ProtocolShapeValue.$shapes.withValue(testCase.shapes) { ProtocolShapeValue.target(given?["input"]) }
        let input = ProtocolShapeValue(shape: shape, value: testCase.body["params"] ?? .object([:]))
        let transport = ScriptedTransport(responses: [HTTPResponse(status: 200, body: Array((isQuery(testCase)
            ? "<\(operation)Response><\(operation)Result/></\(operation)Response>" : "{}").utf8))])
        let client = client(transport)
        let service = service(for: testCase)
        try await ProtocolShapeValue.$shapes.withValue(testCase.shapes) {
          try await ProtocolShapeValue.$ec2Input.withValue(testCase.protocolName == "ec2") {
            switch testCase.protocolName {
            case "query", "ec2": _ = try await client.query(service, operation, input, as: EmptyShape.self)
            default: _ = try await client.json(service, operation, input, as: EmptyShape.self)
            }
          }
        }
        guard let request = transport.requests.first else { return "no request was sent" }
        let expected = testCase.body["serialized"]
        var problems: [String] = []
        if let method = expected?["method"]?.stringValue, method != request.method { problems.append("method \(request.method), expected \(method)") }
        if case .object(let headers)? = expected?["headers"] {
            for (name, value) in headers {
                let sent = request.headers.first { $0.name.lowercased() == name.lowercased() }?.value
                // A media type's parameters (`; charset=utf-8`, which botocore sends too) are not compared.
                func mediaType(_ text: String?) -> String? { text?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } }
                if name.lowercased() == "content-type" ? mediaType(sent) != mediaType(value.stringValue) : sent != value.stringValue { problems.append("header \(name): \(sent ?? "none"), expected \(value.stringValue ?? "?")") }
            }
        }
        let body = String(decoding: request.body, as: UTF8.self)
        let expectedBody = expected?["body"]?.stringValue ?? ""
        if isQuery(testCase) {
            if formPairs(body) != formPairs(expectedBody) { problems.append("body \(body), expected \(expectedBody)") }
        } else if (try? JSONValue.parse(Array(body.utf8))) != (try? JSONValue.parse(Array((expectedBody.isEmpty ? "{}" : expectedBody).utf8))) {
            problems.append("body \(body), expected \(expectedBody)")
        }
        return problems.isEmpty ? nil : problems.joined(separator: "; ")
    }

    static func isQuery(_ testCase: Case) -> Bool { ["query", "ec2"].contains(testCase.protocolName) }

    static func formPairs(_ body: String) -> [String] {
        body.split(separator: "&").map { pair in
            String(pair).replacingOccurrences(of: "+", with: "%20").removingPercentEncoding ?? String(pair)
        }.sorted()
    }

    static func runOutput(_ testCase: Case) async throws -> String? {
        let given = testCase.body["given"]
        let operation = given?["name"]?.stringValue ?? "?"
        let response = testCase.body["response"]
        var headers: [(name: String, value: String)] = []
        if case .object(let all)? = response?["headers"] { headers = all.compactMap { key, value in value.stringValue.map { (key, $0) } } }
        var status = 200
        if case .number(let code)? = response?["status_code"] { status = Int(code) }
        let transport = ScriptedTransport(responses: [HTTPResponse(status: status, headers: headers, body: Array((response?["body"]?.stringValue ?? "").utf8))])
        let client = client(transport)
        let service = service(for: testCase)
        // An operation without output reads as an empty structure.
        let outputShape = given?["output"] == nil ? .object(["type": .string("structure")])
            : ProtocolShapeValue.$shapes.withValue(testCase.shapes) { ProtocolShapeValue.target(given?["output"]) }
        do {
            let xml = ["query", "ec2", "rest-xml"].contains(testCase.protocolName)
            let read: ProtocolShapeValue = try await ProtocolShapeValue.$shapes.withValue(testCase.shapes) {
              try await ProtocolShapeValue.$xml.withValue(xml) {
                try await ProtocolShapeValue.$decoding.withValue(outputShape) {
                    switch testCase.protocolName {
                    case "query", "ec2": try await client.query(service, operation, EmptyShape(), as: ProtocolShapeValue.self)
                    case "rest-xml":
                        try await Self.restXML(client.rest(service, operation, method: "GET", path: "/").body)
                    case "rest-json": try await client.restJSON(service, operation, method: "GET", path: "/", as: ProtocolShapeValue.self)
                    default: try await client.json(service, operation, EmptyShape(), as: ProtocolShapeValue.self)
                    }
                }
              }
            }
            if let code = testCase.body["errorCode"]?.stringValue { return "read a result, expected error \(code)" }
            let expected = testCase.body["result"] ?? .object([:])
            return same(read.value, expected) ? nil : "read \(read.value.jsonText()), expected \(expected.jsonText())"
        } catch let error as AWSError {
            guard let code = testCase.body["errorCode"]?.stringValue else { return "error \(error), expected a result" }
            return error.code == code ? nil : "error code \(error.code), expected \(code)"
        } catch {
            return "\(error)"
        }
    }

    /// A REST-XML body as the service code reads it: the root element, or nothing when empty.
    static func restXML(_ body: [UInt8]) throws -> ProtocolShapeValue {
        try XMLShapeDecoder.decode(ProtocolShapeValue.self, from: body.isEmpty ? XMLNode(name: "empty") : try XMLNode.parse(body))
    }

    /// Equal as the suite means it: numbers within a millisecond (timestamps), members in any order.
    static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): return abs(x - y) < 0.001 || (x.isNaN && y.isNaN)
        case (.number(let x), .string(let y)): return Double(y).map { $0 == x || ($0.isNaN && x.isNaN) } ?? false
        case (.object(let x), .object(let y)):
            return Set(x.keys) == Set(y.keys) && x.allSatisfy { key, value in y[key].map { same(value, $0) } ?? false }
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        default: return a == b
        }
    }

    // MARK: - The suites

    struct Tally: CustomStringConvertible {
        var passed = 0
        var notApplicable: [String: Int] = [:]
        var failures: [String] = []
        var description: String {
            (["\(passed) passed, \(failures.count) failed, \(notApplicable.values.reduce(0, +)) not applicable"]
                + notApplicable.sorted { $0.key < $1.key }.map { "    \($0.value) not applicable: \($0.key)" }).joined(separator: "\n")
        }
    }

    static func run(_ direction: String, _ protocolName: String) async throws -> Tally {
        var tally = Tally()
        for testCase in try cases(direction, protocolName) {
            if let reason = notApplicable(testCase, direction: direction) {
                tally.notApplicable[reason, default: 0] += 1
                continue
            }
            let problem = direction == "input" ? try await runInput(testCase) : try await runOutput(testCase)
            if let problem { tally.failures.append("\(testCase.id): \(problem)") } else { tally.passed += 1 }
        }
        return tally
    }

    @Test(arguments: ["json", "json_1_0", "query", "ec2", "rest-json", "rest-xml"])
    func inputCasesAWSCoreImplementsPass(_ protocolName: String) async throws {
        let tally = try await Self.run("input", protocolName)
        print("protocol suite input/\(protocolName): \(tally)")
        #expect(tally.failures.isEmpty, "\(tally.failures.joined(separator: "\n"))")
    }

    @Test(arguments: ["json", "json_1_0", "query", "ec2", "rest-json", "rest-xml"])
    func outputCasesAWSCoreImplementsPass(_ protocolName: String) async throws {
        let tally = try await Self.run("output", protocolName)
        print("protocol suite output/\(protocolName): \(tally)")
        #expect(tally.failures.isEmpty, "\(tally.failures.joined(separator: "\n"))")
    }
}
